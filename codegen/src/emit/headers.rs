//! The typed response headers struct, and the trait whose methods read it
//! from a response or an error.

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
    }
}

/// The trait a caller imports to read the documented headers (and the
/// request id, when the spec names its header) from a success or an error:
/// methods on the runtime's types, which live in another crate, are added
/// by a trait of this one. Emitted into `client.rs`, re-exported at the root.
pub fn headers_trait(api: &Api) -> TokenStream {
    let Some(set) = &api.response_headers else {
        return quote!();
    };
    let name = ident(&set.type_name);
    let headers = quote!(crate::types::#name);
    let (decl, on_value, on_error) = match set.request_id.as_deref() {
        None => (quote!(), quote!(), quote!()),
        Some(wire) => {
            let doc = format!(
                " The server's id for this request (the `{wire}` response header), when it sent one: the value to quote when reporting a problem."
            );
            (
                quote! {
                    #[doc = #doc]
                    fn request_id(&self) -> ::std::option::Option<&str>;
                },
                quote! {
                    fn request_id(&self) -> ::std::option::Option<&str> {
                        self.headers().get(#wire)?.to_str().ok()
                    }
                },
                quote! {
                    fn request_id(&self) -> ::std::option::Option<&str> {
                        self.header(#wire)
                    }
                },
            )
        }
    };
    let import = format!(
        " ([`Error`](crate::Error)). Import it to call its methods: `use {}::DocumentedHeaders;`.",
        api.crate_name.replace('-', "_")
    );
    quote! {
        /// What the spec documents about every response's headers, read from
        /// a success ([`ResponseValue`](crate::ResponseValue)) or an error
        #[doc = #import]
        ///
        /// Every generated client shares `ResponseValue` and `Error` (the
        /// runtime crate's), so call it on this client's results: on another
        /// client's, it reads this API's header names.
        pub trait DocumentedHeaders {
            /// What [`documented_headers`](Self::documented_headers) gives:
            /// the typed headers, or for an error, `None` when no response
            /// was received.
            type Headers;
            /// The documented response headers, typed.
            fn documented_headers(&self) -> Self::Headers;
            #decl
        }

        impl<T> DocumentedHeaders for crate::runtime::ResponseValue<T> {
            type Headers = #headers;
            fn documented_headers(&self) -> #headers {
                #headers::from_headers(self.headers())
            }
            #on_value
        }

        impl<E> DocumentedHeaders for crate::runtime::Error<E> {
            type Headers = ::std::option::Option<#headers>;
            fn documented_headers(&self) -> ::std::option::Option<#headers> {
                self.headers().map(#headers::from_headers)
            }
            #on_error
        }
    }
}
