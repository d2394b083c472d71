//! `src/types.rs`: one Rust type per schema.

use super::builders::{constructor_and_setters, AdditionalMember, Arg, Member};
use super::cfg::{any_of, member_note};
use super::docs::{code_span, doc_attrs};
use super::tyref::{ident, rust_type};
use super::validation::Validated;
use crate::ir::{
    Api, EnumDef, Field, FormDef, FormFieldKind, StructDef, TypeDef, TypeKind, TypeRef, UnionDef,
    UnionVariant,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::ops::Range;

/// One part of `types.rs`: the types in `range`; the first part opens the
/// file with its docs and the last one closes it with the response headers.
pub fn types_rs(api: &Api, validated: &Validated, range: Range<usize>, last: bool) -> TokenStream {
    let opening = (range.start == 0).then(|| {
        quote! {
            //! Models: one type per schema of the spec.
        }
    });
    let items = api.types[range].iter().map(|def| {
        let ty = type_def(def);
        let validate = validated.impl_for(def);
        super::cfg::gate_items(&super::cfg::any_of(&def.features), quote!(#ty #validate))
    });
    let headers = last.then(|| super::headers::response_headers(api));
    quote! {
        #opening
        #(#items)*
        #headers
    }
}

fn deprecated_note(deprecated: bool) -> Option<&'static str> {
    deprecated.then_some("**Deprecated** in the spec.")
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&[def.docs.as_deref(), deprecated_note(def.deprecated)]);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&docs, &name, s),
        TypeKind::Enum(e) => enum_def(&docs, &name, e),
        TypeKind::Union(u) => union_def(&docs, &name, u),
        TypeKind::Form(f) => form_def(&docs, &name, f),
        TypeKind::Alias(t) => {
            let t = rust_type(t);
            quote! {
                #docs
                pub type #name = #t;
            }
        }
    }
}

fn field_type(f: &Field) -> TokenStream {
    let base = rust_type(&f.ty);
    let base = if f.boxed {
        quote!(::std::boxed::Box<#base>)
    } else {
        base
    };
    match (f.required, f.nullable) {
        (true, false) => base,
        (true, true) | (false, false) => quote!(::std::option::Option<#base>),
        (false, true) => quote!(::std::option::Option<::std::option::Option<#base>>),
    }
}

fn field_def(f: &Field) -> TokenStream {
    let default_note = f
        .default
        .as_ref()
        .map(|d| format!("Defaults to `{d}` when absent."));
    let gate_note = member_note(&f.features, "the value stays in the raw response body");
    let docs = doc_attrs(&[
        f.docs.as_deref(),
        default_note.as_deref(),
        deprecated_note(f.deprecated),
        gate_note.as_deref(),
    ]);
    let gate = any_of(&f.features);
    let name = ident(&f.rust_name);
    let ty = field_type(f);
    if f.flatten {
        return quote! {
            /// The shape this value also has, whose properties sit beside the fields above.
            #[serde(flatten)]
            pub #name: #ty,
        };
    }
    let wire = &f.wire_name;
    let rename = (f.rust_name != f.wire_name).then(|| quote!(#[serde(rename = #wire)]));
    let serde = match (f.required, f.nullable) {
        (true, false) => quote!(),
        (true, true) => quote!(#[serde(default)]),
        (false, false) => {
            quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")])
        }
        // Serde writes `Some(None)` as `null` by itself; only reading
        // needs help, to tell `null` (`Some(None)`) from absent (`None`).
        (false, true) => quote! {
            #[serde(
                default,
                skip_serializing_if = "::std::option::Option::is_none",
                deserialize_with = "crate::runtime::serde_helpers::double_option::deserialize"
            )]
        },
    };
    quote! {
        #docs
        #gate
        #rename
        #serde
        pub #name: #ty,
    }
}

/// `#[non_exhaustive]` on a type some of whose members only some features
/// compile: more features may add members, so callers must not list them all.
fn non_exhaustive(gated: bool) -> Option<TokenStream> {
    gated.then(|| quote!(#[non_exhaustive]))
}

fn struct_def(docs: &TokenStream, name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    let fields = s.fields.iter().map(field_def);
    let additional = s.additional.as_ref().map(|a| {
        let field = ident(&a.field);
        let ty = rust_type(&a.ty);
        quote! {
            /// Properties beyond the ones listed above.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let redacting = s.fields.iter().any(|f| f.sensitive);
    let debug = (!redacting).then(|| quote!(Debug,));
    let debug_impl = redacting.then(|| redacting_debug(name, s));
    let building = struct_building(s, all_optional);
    let non_exhaustive = non_exhaustive(s.fields.iter().any(|f| !f.features.is_empty()));
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #additional
        }
        impl #name {
            #building
        }
        #debug_impl
    }
}

/// `new` from the required fields, and a setter per optional field that
/// has one (a struct only ever received has none: its fields are set
/// directly).
fn struct_building(s: &StructDef, all_optional: bool) -> TokenStream {
    let members: Vec<Member> = s
        .fields
        .iter()
        .map(|f| {
            let member = match (f.required, f.setter.as_deref()) {
                (false, None) => Member::unset(&f.rust_name),
                (required, setter) => {
                    let ty = if f.nullable {
                        TypeRef::Nullable(Box::new(f.ty.clone()))
                    } else {
                        f.ty.clone()
                    };
                    let setter = setter.filter(|_| !required);
                    Member::value(&f.rust_name, &f.wire_name, &ty, f.boxed, setter)
                }
            };
            member.gated(any_of(&f.features))
        })
        .collect();
    let additional = s.additional.as_ref().map(|a| AdditionalMember {
        field: &a.field,
        setter: &a.setter,
        ty: &a.ty,
    });
    let mut docs = if all_optional {
        " A value with every field unset.".to_string()
    } else {
        " A value of the required fields; optional ones start unset.".to_string()
    };
    if s.fields.iter().any(|f| !f.required && f.setter.is_none()) {
        docs.push_str(
            " The API only sends this type, so it has no setters: set its public fields directly.",
        );
    }
    constructor_and_setters(&docs, &members, additional.as_ref(), all_optional)
}

/// `Debug` for a struct with `x-sensitive` fields: those show `<redacted>`.
fn redacting_debug(name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    let type_name = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let label = f.rust_name.trim_start_matches("r#");
        if f.sensitive {
            quote!(.field(#label, &crate::runtime::Redacted))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let additional = s.additional.as_ref().map(|a| {
        let f = ident(&a.field);
        let field = &a.field;
        quote!(.field(#field, &self.#f))
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* #additional .finish()
            }
        }
    }
}

fn enum_def(docs: &TokenStream, name: &proc_macro2::Ident, e: &EnumDef) -> TokenStream {
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<_> = e.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = e.variants.iter().map(|v| {
        let value = format!(" `{}`", code_span(&v.wire_value));
        match v.docs.as_deref().map(|d| doc_attrs(&[Some(d)])) {
            Some(docs) => quote!(#docs #[doc = ""] #[doc = #value]),
            None => quote!(#[doc = #value]),
        }
    });
    let fallback = ident(&e.fallback);
    quote! {
        #docs
        ///
        /// Open to values the spec does not list: they arrive as the catch-all variant.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(
                #variant_docs
                #variants,
            )*
            /// A value this version of the client does not know.
            #fallback(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#fallback(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#fallback(::std::string::ToString::to_string(other)),
                }
            }
        }

        crate::runtime::open_enum!(#name);
    }
}

fn union_def(docs: &TokenStream, name: &proc_macro2::Ident, u: &UnionDef) -> TokenStream {
    let fallback_name = u.fallback.as_deref().unwrap_or("Unknown");
    let non_exhaustive = non_exhaustive(u.variants.iter().any(|v| !v.features.is_empty()));
    let variant_tokens = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let payload = v.ty.as_ref().map(|ty| {
            let ty = rust_type(ty);
            if v.boxed {
                quote!((::std::boxed::Box<#ty>))
            } else {
                quote!((#ty))
            }
        });
        let written = match (&u.discriminator, written_tag(v)) {
            (Some(property), Some(tag)) => Some(format!(
                "Written with `\"{}\": \"{}\"`.",
                code_span(property),
                code_span(tag)
            )),
            _ => None,
        };
        let note = member_note(
            &v.features,
            &format!("such a value arrives as `{fallback_name}`"),
        );
        let doc = doc_attrs(&[v.docs.as_deref(), written.as_deref(), note.as_deref()]);
        let gate = any_of(&v.features);
        quote!(#gate #doc #vn #payload,)
    });
    match (&u.discriminator, &u.fallback) {
        (Some(property), Some(fallback)) => {
            let fallback = ident(fallback);
            let arms = u.variants.iter().map(|v| {
                let vn = ident(&v.rust_name);
                let tags = &v.tags;
                let gate = any_of(&v.features);
                let decode = match v.ty {
                    Some(_) => quote! {
                        ::serde_json::from_value(value)
                            .map(Self::#vn)
                            .map_err(<D::Error as ::serde::de::Error>::custom)
                    },
                    // The tag matched, so the value is an object; the rest of it is ignored.
                    None => quote!(::std::result::Result::Ok(Self::#vn)),
                };
                if drops_tag(v) {
                    quote! {
                        #gate
                        #(::std::option::Option::Some(#tags))|* => {
                            if let ::std::option::Option::Some(object) = value.as_object_mut() {
                                object.remove(#property);
                            }
                            #decode
                        }
                    }
                } else {
                    quote!(#gate #(::std::option::Option::Some(#tags))|* => #decode,)
                }
            });
            let writes = u.variants.iter().any(|v| written_tag(v).is_some());
            let doc = format!(
                " Chosen by the `{}` property; unknown values are kept as JSON.",
                code_span(property)
            );
            let (derive_serialize, serialize) = if writes {
                (
                    quote!(#[derive(Debug, Clone, PartialEq)]),
                    Some(tag_writing_serialize(name, property, &fallback, u)),
                )
            } else {
                (
                    quote! {
                        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                        #[serde(untagged)]
                    },
                    None,
                )
            };
            let mutable = u.variants.iter().any(drops_tag).then(|| quote!(mut));
            quote! {
                #docs
                ///
                #[doc = #doc]
                #derive_serialize
                #non_exhaustive
                pub enum #name {
                    #(#variant_tokens)*
                    /// A value whose discriminator this version of the client does not know.
                    #fallback(::serde_json::Value),
                }

                #serialize

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let #mutable value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::string::ToString::to_string);
                        match tag.as_deref() {
                            #(#arms)*
                            _ => ::std::result::Result::Ok(Self::#fallback(value)),
                        }
                    }
                }
            }
        }
        _ => quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variant_tokens)*
            }
        },
    }
}

/// The tag a union writes for a variant whose type leaves it out.
fn written_tag(v: &UnionVariant) -> Option<&str> {
    v.tags.first().filter(|_| v.writes_tag).map(String::as_str)
}

/// A variant whose type leaves the tag out: decoding removes the tag from
/// the object before handing it to that type (a unit variant has no type).
fn drops_tag(v: &UnionVariant) -> bool {
    written_tag(v).is_some() && v.ty.is_some()
}

/// `Serialize` for a tagged union some of whose variants leave the tag out:
/// those are written as an object with the tag added; the rest as they are.
fn tag_writing_serialize(
    name: &proc_macro2::Ident,
    property: &str,
    fallback: &proc_macro2::Ident,
    u: &UnionDef,
) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let gate = any_of(&v.features);
        match (written_tag(v), &v.ty) {
            (Some(tag), Some(_)) => {
                quote!(#gate Self::#vn(value) => (#tag, ::serde_json::to_value(value)),)
            }
            (Some(tag), None) => quote! {
                #gate Self::#vn => (#tag, ::serde_json::to_value(::serde_json::Map::new())),
            },
            (None, _) => quote! {
                #gate Self::#vn(value) => return ::serde::Serialize::serialize(value, serializer),
            },
        }
    });
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #(#arms)*
                    Self::#fallback(value) => return ::serde::Serialize::serialize(value, serializer),
                };
                let mut value = value.map_err(<S::Error as ::serde::ser::Error>::custom)?;
                if let ::std::option::Option::Some(object) = value.as_object_mut() {
                    object.insert(
                        ::std::string::ToString::to_string(#property),
                        ::serde_json::Value::from(tag),
                    );
                }
                ::serde::Serialize::serialize(&value, serializer)
            }
        }
    }
}

fn form_def(docs: &TokenStream, name: &proc_macro2::Ident, f: &FormDef) -> TokenStream {
    let mut fields = Vec::new();
    let mut members = Vec::new();
    let mut parts = Vec::new();
    for field in &f.fields {
        let fname = ident(&field.rust_name);
        let wire = &field.wire_name;
        let fdocs = doc_attrs(&[field.docs.as_deref()]);
        let ct = match &field.content_type {
            Some(c) => quote!(::std::option::Option::Some(#c)),
            None => quote!(::std::option::Option::None),
        };
        let file = quote!(crate::runtime::FilePart);
        let base = match &field.kind {
            FormFieldKind::File => file.clone(),
            FormFieldKind::Files => quote!(::std::vec::Vec<#file>),
            FormFieldKind::Value(t) => rust_type(t),
        };
        let many = matches!(field.kind, FormFieldKind::Files);
        let ty = if field.required || many {
            base.clone()
        } else {
            quote!(::std::option::Option<#base>)
        };
        fields.push(quote! { #fdocs pub #fname: #ty, });
        let setter = field.setter.as_deref().filter(|_| !field.required);
        members.push(match (&field.kind, setter) {
            (FormFieldKind::Value(t), setter) => {
                Member::value(&field.rust_name, wire, t, false, setter)
            }
            (FormFieldKind::File, setter) => {
                Member::new(&field.rust_name, wire, file.clone(), 0, false, setter)
            }
            (FormFieldKind::Files, None) => Member::required(&field.rust_name, Arg::into(base)),
            (FormFieldKind::Files, Some(setter)) => Member::unwrapped(
                &field.rust_name,
                wire,
                setter,
                Arg::into(base),
                quote!(::std::vec::Vec::new()),
            ),
        });
        parts.push(match (&field.kind, field.required) {
            (FormFieldKind::File, true) => quote!(form.file(#wire, self.#fname, #ct)?;),
            (FormFieldKind::File, false) => quote! {
                if let ::std::option::Option::Some(file) = self.#fname {
                    form.file(#wire, file, #ct)?;
                }
            },
            (FormFieldKind::Files, _) => quote! {
                for file in self.#fname {
                    form.file(#wire, file, #ct)?;
                }
            },
            (FormFieldKind::Value(_), _) => quote!(form.value(#wire, &self.#fname, #ct)?;),
        });
    }
    // A form without parts is never added to.
    let binding = if parts.is_empty() {
        quote!(form)
    } else {
        quote!(mut form)
    };
    // A form with no required part is built from nothing.
    let default = f.fields.iter().all(|f| !f.required).then(|| {
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let building = constructor_and_setters(
        " A form with the required parts; optional ones start empty.",
        &members,
        None,
        false,
    );
    quote! {
        #docs
        #[derive(Debug)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #building

            /// Encodes the form as multipart parts, files streamed.
            pub fn into_form(self) -> ::std::result::Result<crate::runtime::FormBuilder, crate::runtime::BuildError> {
                let #binding = crate::runtime::FormBuilder::new();
                #(#parts)*
                ::std::result::Result::Ok(form)
            }
        }

        #default
    }
}
