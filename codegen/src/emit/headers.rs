//! The typed response headers struct, and the methods that read it from a
//! response or an error.

use super::docs::doc_attrs;
use super::tyref::{ident, rust_type};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub fn response_headers(api: &Api) -> TokenStream {
    let Some(set) = &api.response_headers else {
        return quote!();
    };
    let name = ident(&set.type_name);
    let fields = set.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let ty = rust_type(&h.ty);
        let note = format!("`{}` header.", h.wire_name);
        let docs = doc_attrs(&[h.docs.as_deref(), Some(&note)]);
        quote!(#docs pub #field: ::std::option::Option<#ty>,)
    });
    let request_id = set.request_id.as_deref().map(request_id);
    let reads = set.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let wire = &h.wire_name;
        quote!(#field: crate::runtime::header_value(headers, #wire),)
    });
    quote! {
        /// The response headers the spec documents, typed. A header that is
        /// absent or does not parse is `None`; every header stays available as
        /// sent through `headers()`.
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Reads the documented headers from a header map.
            pub fn from_headers(headers: &::reqwest::header::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }

        impl<T> crate::runtime::ResponseValue<T> {
            /// The documented response headers, typed.
            pub fn documented_headers(&self) -> #name {
                #name::from_headers(self.headers())
            }
        }

        impl<E> crate::runtime::Error<E> {
            /// The documented response headers, typed, when a response was received.
            pub fn documented_headers(&self) -> ::std::option::Option<#name> {
                self.headers().map(#name::from_headers)
            }
        }

        #request_id
    }
}

/// `request_id()` on responses and errors, reading the header the spec
/// documents for it, when it documents one.
fn request_id(wire: &str) -> TokenStream {
    let doc = format!(
        " The server's id for this request (the `{wire}` response header), when it sent one: the value to quote when reporting a problem."
    );
    quote! {
        impl<T> crate::runtime::ResponseValue<T> {
            #[doc = #doc]
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.headers().get(#wire)?.to_str().ok()
            }
        }

        impl<E> crate::runtime::Error<E> {
            #[doc = #doc]
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.header(#wire)
            }
        }
    }
}
