//! Type references as Rust types, always by absolute path.

use crate::ir::TypeRef;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier for a name the IR already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type for a reference.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(n) => {
            let n = ident(n);
            quote!(crate::types::#n)
        }
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Uuid => quote!(::uuid::Uuid),
        TypeRef::Url => quote!(::url::Url),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(::std::option::Option<#inner>)
        }
    }
}

/// How a value of this type is best passed as an argument.
pub fn arg_type(ty: &TypeRef) -> TokenStream {
    arg_type_for(ty, &quote!())
}

/// [`arg_type`], borrowing for `lifetime` (`'a`), for an argument that what the
/// method returns keeps.
pub fn arg_type_for(ty: &TypeRef, lifetime: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&#lifetime str),
        t if t.is_copy() => rust_type(t),
        other => {
            let t = rust_type(other);
            quote!(&#lifetime #t)
        }
    }
}

/// Whether the type mentions `pred` anywhere.
pub fn mentions(ty: &TypeRef, pred: &dyn Fn(&TypeRef) -> bool) -> bool {
    pred(ty)
        || match ty {
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => mentions(i, pred),
            _ => false,
        }
}
