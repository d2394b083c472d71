//! How a user builds a value: `new` takes the required fields in field
//! order, each optional field has a by-name setter, and a map of additional
//! properties has a method inserting one. Emitted for structs, forms and
//! params structs alike; the setter names come from the IR.

use super::tyref::{ident, rust_type};
use crate::ir::TypeRef;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Clippy's `too_many_arguments` limit: a function with more arguments gets
/// an allow of its own.
const MAX_ARGUMENTS: usize = 7;

/// `#[allow(clippy::too_many_arguments)]` for a function taking `count`
/// arguments (`self` included), when it is over the limit.
pub(super) fn allow_many_arguments(count: usize) -> Option<TokenStream> {
    (count > MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// How a constructor or setter takes a value.
pub(super) struct Arg {
    /// The type the argument converts into.
    ty: TokenStream,
    /// Taken as that type itself, not `impl Into<…>`: numbers and booleans,
    /// so an integer literal needs no suffix.
    plain: bool,
}

impl Arg {
    /// An argument converting into `ty` with `Into`.
    pub(super) fn into(ty: TokenStream) -> Self {
        Arg { ty, plain: false }
    }

    fn param(&self, name: &Ident) -> TokenStream {
        let ty = &self.ty;
        if self.plain {
            quote!(#name: #ty)
        } else {
            quote!(#name: impl ::std::convert::Into<#ty>)
        }
    }

    fn value(&self, name: &Ident) -> TokenStream {
        if self.plain {
            quote!(#name)
        } else {
            quote!(#name.into())
        }
    }
}

/// How many `null`s (`Option`s) wrap a type.
fn nullable_layers(ty: &TypeRef) -> usize {
    match ty {
        TypeRef::Nullable(inner) => 1 + nullable_layers(inner),
        _ => 0,
    }
}

/// A small value taken by itself rather than by `Into`.
fn is_plain(ty: &TypeRef, boxed: bool) -> bool {
    !boxed && (ty.is_number() || *ty == TypeRef::Bool)
}

/// One field as its type's constructor or setter sees it.
pub(super) struct Member {
    field: Ident,
    kind: MemberKind,
    /// `#[cfg(…)]` on the field's setter and initializer; empty: always there.
    gate: TokenStream,
}

enum MemberKind {
    /// Taken by `new`, in field order.
    Required(Arg),
    /// Left empty by `new` and set by its own method.
    Optional {
        setter: Ident,
        doc: String,
        arg: Arg,
        /// How many `Some`s wrap the argument in the field.
        somes: usize,
        /// The field's value when unset.
        empty: TokenStream,
    },
    /// An `Option` left `None` by `new`, with no setter.
    Unset,
}

impl Member {
    /// A field holding a value of `ty` (`Nullable` where `null` is a value,
    /// its innermost type boxed when `boxed`): required when `setter` is
    /// `None`, else optional (an `Option` around that). See [`Member::new`].
    pub(super) fn value(
        field: &str,
        wire: &str,
        ty: &TypeRef,
        boxed: bool,
        setter: Option<&str>,
    ) -> Self {
        let mut base = rust_type(ty.non_null());
        if boxed {
            base = quote!(::std::boxed::Box<#base>);
        }
        let plain = is_plain(ty.non_null(), boxed);
        Self::new(field, wire, base, nullable_layers(ty), plain, setter)
    }

    /// A field holding a `base` value inside `nullable` `Option`s (one
    /// per `null` it allows); a `plain` base is taken as itself, not by
    /// `Into`. Required when `setter` is `None`: `new` takes it as
    /// `impl Into<F>`, `F` the field's type (so a nullable one as
    /// `impl Into<Option<T>>`). Else optional, an `Option` around that, and
    /// the setter takes the value itself (`impl Into<T>`), wrapping it in
    /// `Some`s: an explicit `null` is the field set to `Some(None)`. `wire`
    /// names the field in the setter's docs.
    pub(super) fn new(
        field: &str,
        wire: &str,
        base: TokenStream,
        nullable: usize,
        plain: bool,
        setter: Option<&str>,
    ) -> Self {
        let wrapped = |mut ty: TokenStream| {
            for _ in 0..nullable {
                ty = quote!(::std::option::Option<#ty>);
            }
            ty
        };
        let kind = match setter {
            None => MemberKind::Required(Arg {
                ty: wrapped(base),
                plain: nullable == 0 && plain,
            }),
            Some(setter) => MemberKind::Optional {
                setter: ident(setter),
                doc: format!(" Sets `{}`.", wire.replace('`', "'")),
                arg: Arg { ty: base, plain },
                somes: 1 + nullable,
                empty: quote!(::std::option::Option::None),
            },
        };
        Member {
            field: ident(field),
            kind,
            gate: TokenStream::new(),
        }
    }

    /// The member, compiled only under `gate` (a `#[cfg(…)]`, or nothing).
    pub(super) fn gated(self, gate: TokenStream) -> Self {
        Member { gate, ..self }
    }

    /// An optional field with no setter, which `new` leaves `None`: a
    /// field of a type only ever received, set directly by the rare caller
    /// building one.
    pub(super) fn unset(field: &str) -> Self {
        Member {
            field: ident(field),
            kind: MemberKind::Unset,
            gate: TokenStream::new(),
        }
    }

    /// A required field taken as `arg`.
    pub(super) fn required(field: &str, arg: Arg) -> Self {
        Member {
            field: ident(field),
            kind: MemberKind::Required(arg),
            gate: TokenStream::new(),
        }
    }

    /// An optional field that is no `Option` (a list of files): `empty`
    /// when unset, its setter storing the argument as it is.
    pub(super) fn unwrapped(
        field: &str,
        wire: &str,
        setter: &str,
        arg: Arg,
        empty: TokenStream,
    ) -> Self {
        Member {
            field: ident(field),
            kind: MemberKind::Optional {
                setter: ident(setter),
                doc: format!(" Sets `{}`.", wire.replace('`', "'")),
                arg,
                somes: 0,
                empty,
            },
            gate: TokenStream::new(),
        }
    }
}

/// A map of additional properties, with the method inserting one.
pub(super) struct AdditionalMember<'a> {
    pub field: &'a str,
    pub setter: &'a str,
    pub ty: &'a TypeRef,
}

/// The constructor and setters of one type, with `docs` on `new`. With
/// `from_default` (the type implements `Default` and has no required
/// field) `new` is `Self::default()`.
pub(super) fn constructor_and_setters(
    docs: &str,
    members: &[Member],
    additional: Option<&AdditionalMember<'_>>,
    from_default: bool,
) -> TokenStream {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for m in members {
        let field = &m.field;
        let gate = &m.gate;
        match &m.kind {
            MemberKind::Required(arg) => {
                params.push(arg.param(field));
                // `field: field` would be a redundant field name.
                inits.push(if arg.plain {
                    quote!(#field)
                } else {
                    quote!(#field: #field.into())
                });
            }
            MemberKind::Optional {
                setter,
                doc,
                arg,
                somes,
                empty,
            } => {
                inits.push(quote!(#gate #field: #empty));
                let value_name = ident("value");
                let mut value = arg.value(&value_name);
                for _ in 0..*somes {
                    value = quote!(::std::option::Option::Some(#value));
                }
                let param = arg.param(&value_name);
                setters.push(quote! {
                    #[doc = #doc]
                    #gate
                    pub fn #setter(mut self, #param) -> Self {
                        self.#field = #value;
                        self
                    }
                });
            }
            MemberKind::Unset => inits.push(quote!(#gate #field: ::std::option::Option::None)),
        }
    }
    if let Some(a) = additional {
        let field = ident(a.field);
        inits.push(quote!(#field: ::std::collections::BTreeMap::new()));
        // A type only ever received has no setters, nor this one.
        if !a.setter.is_empty() {
            let setter = ident(a.setter);
            let arg = Arg {
                ty: rust_type(a.ty),
                plain: is_plain(a.ty, false),
            };
            let value_name = ident("value");
            let param = arg.param(&value_name);
            let value = arg.value(&value_name);
            setters.push(quote! {
                /// Adds one property beyond the listed ones.
                pub fn #setter(mut self, key: impl ::std::convert::Into<::std::string::String>, #param) -> Self {
                    self.#field.insert(key.into(), #value);
                    self
                }
            });
        }
    }
    let body = if from_default && params.is_empty() {
        quote!(::std::default::Default::default())
    } else {
        quote!(Self { #(#inits),* })
    };
    let allow = allow_many_arguments(params.len());
    quote! {
        #[doc = #docs]
        #allow
        pub fn new(#(#params),*) -> Self {
            #body
        }
        #(#setters)*
    }
}
