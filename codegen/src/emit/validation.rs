//! Checks run before a request is sent: the spec's limits (`minimum`,
//! `maxLength`, `maxItems`, …), enums and which fields must be given
//! (`anyOf`/`oneOf` of `required` lists), as `Validate` impls on models and
//! as statements at the top of each operation method.

use super::tyref::ident;
use crate::ir::{
    Api, Constraints, FormFieldKind, RequiredSets, StructDef, TypeDef, TypeKind, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The named types that implement `Validate`: those a request can carry
/// (see [`sent`]) with limits, enums or rules on which fields to give
/// anywhere inside them. A type only
/// ever received is never checked, so it gets no impl to compile.
pub struct Validated {
    names: BTreeSet<String>,
}

impl Validated {
    /// Works the set out to a fixed point, so cycles through other types count.
    pub fn of(api: &Api) -> Self {
        let sent = sent(api);
        let mut set = Validated {
            names: BTreeSet::new(),
        };
        loop {
            let before = set.names.len();
            for def in &api.types {
                if !set.names.contains(&def.name) && sent.contains(&def.name) && set.def_needs(def)
                {
                    set.names.insert(def.name.clone());
                }
            }
            if set.names.len() == before {
                return set;
            }
        }
    }

    /// Whether a value of this type can break a rule.
    pub fn needs(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(n) => self.names.contains(n),
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => self.needs(i),
            _ => false,
        }
    }

    fn def_needs(&self, def: &TypeDef) -> bool {
        match &def.kind {
            TypeKind::Enum(_) => true,
            TypeKind::Struct(s) => {
                !s.required_sets.is_empty()
                    || s.fields
                        .iter()
                        .any(|f| !applicable(&f.constraints, &f.ty).is_empty() || self.needs(&f.ty))
                    || s.additional.as_ref().is_some_and(|a| self.needs(&a.ty))
            }
            TypeKind::Union(u) => u
                .variants
                .iter()
                .any(|v| v.ty.as_ref().is_some_and(|t| self.needs(t))),
            TypeKind::Form(f) => f.fields.iter().any(|f| match &f.kind {
                FormFieldKind::Value(t) => self.needs(t),
                _ => false,
            }),
            // An alias shares its target's impl, and needs it checked.
            TypeKind::Alias(t) => self.needs(t),
        }
    }

    /// The `Validate` impl for a type, when it has one.
    pub fn impl_for(&self, def: &TypeDef) -> Option<TokenStream> {
        if !self.names.contains(&def.name) {
            return None;
        }
        let name = ident(&def.name);
        let body = match &def.kind {
            TypeKind::Enum(e) => {
                let fallback = ident(&e.fallback);
                let values = e.variants.iter().map(|v| v.wire_value.as_str());
                quote! {
                    if let Self::#fallback(value) = self {
                        check.one_of(value, path, &[#(#values),*]);
                    }
                }
            }
            TypeKind::Struct(s) => {
                let mut stmts: Vec<TokenStream> = Vec::new();
                for f in &s.fields {
                    let field = ident(&f.rust_name);
                    let wire = &f.wire_name;
                    let at = if f.flatten {
                        quote!(path)
                    } else {
                        quote!(&crate::runtime::join(path, #wire))
                    };
                    if let Some(rules) = rules(&f.constraints, &f.ty) {
                        stmts.push(quote!(check.rules(&self.#field, #at, #rules);));
                    }
                    if self.needs(&f.ty) {
                        stmts.push(quote!(check.nested(&self.#field, #at);));
                    }
                }
                if let Some(a) = &s.additional {
                    if self.needs(&a.ty) {
                        let field = ident(&a.field);
                        stmts.push(quote!(check.nested(&self.#field, path);));
                    }
                }
                stmts.extend(s.required_sets.iter().map(|r| required_sets(s, r)));
                quote!(#(#stmts)*)
            }
            TypeKind::Union(u) => {
                let arms = u.variants.iter().map(|v| {
                    let vn = ident(&v.rust_name);
                    match &v.ty {
                        Some(t) if self.needs(t) => {
                            quote!(Self::#vn(value) => check.nested(value, path),)
                        }
                        Some(_) => quote!(Self::#vn(_) => {}),
                        None => quote!(Self::#vn => {}),
                    }
                });
                let rest = u.fallback.is_some().then(|| quote!(_ => {}));
                quote!(match self { #(#arms)* #rest })
            }
            TypeKind::Form(f) => {
                let stmts = f.fields.iter().filter_map(|field| match &field.kind {
                    FormFieldKind::Value(t) if self.needs(t) => {
                        let name = ident(&field.rust_name);
                        let wire = &field.wire_name;
                        Some(quote!(check.nested(&self.#name, &crate::runtime::join(path, #wire));))
                    }
                    _ => None,
                });
                quote!(#(#stmts)*)
            }
            TypeKind::Alias(_) => return None,
        };
        Some(quote! {
            impl crate::runtime::Validate for #name {
                fn validate(&self, path: &str, check: &mut crate::runtime::Check) {
                    #body
                }
            }
        })
    }
}

/// A check that enough (for `oneOf`: exactly one) of the alternatives of
/// fields are given. A field is given when it is required or `Some`; a name
/// that is no field is looked up among the additional properties.
fn required_sets(s: &StructDef, r: &RequiredSets) -> TokenStream {
    let given = |wire: &str| match s.fields.iter().find(|f| !f.flatten && f.wire_name == wire) {
        Some(f) if f.required => quote!(true),
        Some(f) => {
            let field = ident(&f.rust_name);
            quote!(self.#field.is_some())
        }
        None => match &s.additional {
            Some(a) => {
                let field = ident(&a.field);
                quote!(self.#field.contains_key(#wire))
            }
            None => quote!(false),
        },
    };
    let names = r.alternatives.iter().map(|a| quote!(&[#(#a),*]));
    let complete = r.alternatives.iter().map(|a| {
        let each = a.iter().map(|w| given(w));
        quote!(#(#each)&&*)
    });
    let exactly_one = r.exactly_one;
    quote! {
        check.required_sets(path, &[#(#names),*], &[#(#complete),*], #exactly_one);
    }
}

/// The named types reachable from some operation's parameters or request
/// body, through fields, items, map values, union variants and aliases.
fn sent(api: &Api) -> BTreeSet<String> {
    let defs: BTreeMap<&str, &TypeDef> = api.types.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut todo: Vec<&TypeRef> = api
        .operations
        .iter()
        .flat_map(|op| op.sent_types())
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(ty) = todo.pop() {
        match ty {
            TypeRef::Named(name) => {
                let Some(def) = defs.get(name.as_str()) else {
                    continue;
                };
                if seen.insert(name.clone()) {
                    todo.extend(def.kind.refs());
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                todo.push(inner)
            }
            _ => {}
        }
    }
    seen
}

/// The limits that apply to a value of this type: numeric ones to numbers,
/// lengths to strings, item counts to arrays. Others cannot be checked.
pub fn applicable(c: &Constraints, ty: &TypeRef) -> Constraints {
    let mut out = Constraints::default();
    match ty.non_null() {
        t if t.is_number() => {
            out.minimum = c.minimum.filter(|v| v.is_finite());
            out.maximum = c.maximum.filter(|v| v.is_finite());
            out.exclusive_minimum = c.exclusive_minimum && out.minimum.is_some();
            out.exclusive_maximum = c.exclusive_maximum && out.maximum.is_some();
        }
        TypeRef::String => {
            out.min_length = c.min_length;
            out.max_length = c.max_length;
        }
        TypeRef::Vec(_) => {
            out.min_items = c.min_items;
            out.max_items = c.max_items;
        }
        _ => {}
    }
    out
}

/// A `&Rules { … }` expression for a value's limits, or `None` when it has none.
pub fn rules(c: &Constraints, ty: &TypeRef) -> Option<TokenStream> {
    let c = applicable(c, ty);
    if c.is_empty() {
        return None;
    }
    let mut fields = Vec::new();
    let float = |name: &str, v: Option<f64>| {
        v.map(|v| {
            let n = ident(name);
            let v = Literal::f64_suffixed(v);
            quote!(#n: ::std::option::Option::Some(#v),)
        })
    };
    let count = |name: &str, v: Option<usize>| {
        v.map(|v| {
            let n = ident(name);
            let v = Literal::usize_suffixed(v);
            quote!(#n: ::std::option::Option::Some(#v),)
        })
    };
    fields.extend(float("minimum", c.minimum));
    fields.extend(float("maximum", c.maximum));
    if c.exclusive_minimum {
        fields.push(quote!(exclusive_minimum: true,));
    }
    if c.exclusive_maximum {
        fields.push(quote!(exclusive_maximum: true,));
    }
    fields.extend(count("min_length", c.min_length));
    fields.extend(count("max_length", c.max_length));
    fields.extend(count("min_items", c.min_items));
    fields.extend(count("max_items", c.max_items));
    Some(quote!(&crate::runtime::Rules { #(#fields)* ..crate::runtime::Rules::NONE }))
}
