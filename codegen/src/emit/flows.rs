//! Upload flows (`x-upload-flow`): one method that runs create → upload →
//! complete, and an error type that says which step failed.

use super::docs::{code_span, lines_to_attrs};
use super::operations::{error_enum_name, success_type};
use super::tyref::{ident, rust_type};
use crate::ir::{Api, FlowField, PassAs, TypeRef, UploadFlow};
use crate::names::pascal_case;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The flow's method on `Client`.
pub fn flow_method(api: &Api, flow: &UploadFlow) -> TokenStream {
    let [create, upload, complete] =
        [flow.create, flow.upload, flow.complete].map(|i| &api.operations[i]);
    let name = ident(&flow.rust_name);
    let error = error_name(flow);
    let output = success_type(complete);
    let [create_fn, upload_fn, complete_fn] =
        [create, upload, complete].map(|op| ident(&op.rust_name));

    let types = &flow.content_types;
    let ct_wire = &flow.content_type_field.wire_name;
    let len_wire = &flow.length_field.wire_name;
    let bound = |v: Option<u64>| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let (min, max) = (bound(flow.min_length), bound(flow.max_length));

    let request_type = rust_type(&TypeRef::Named(flow.request_type.clone()));
    let ct_field = ident(&flow.content_type_field.rust_name);
    let ct_value = match &flow.content_type_enum {
        Some(e) => {
            let e = rust_type(&TypeRef::Named(e.clone()));
            quote!(#e::from(prepared.content_type.as_str()))
        }
        None => quote!(::std::clone::Clone::clone(&prepared.content_type)),
    };
    let len_field = ident(&flow.length_field.rust_name);
    let unset = flow.unset_fields.iter().map(|f| {
        let f = ident(f);
        quote!(#f: ::std::option::Option::None,)
    });
    let url = pass(&flow.url_field);
    let id = pass(&flow.id_field);

    let docs = lines_to_attrs(&docs(api, flow));
    quote! {
        #docs
        pub async fn #name(
            &self,
            upload: crate::runtime::Upload,
        ) -> ::std::result::Result<crate::runtime::ResponseValue<#output>, #error> {
            let rules = crate::runtime::UploadRules {
                content_types: &[#(#types),*],
                content_type_field: #ct_wire,
                length_field: #len_wire,
                min_length: #min,
                max_length: #max,
            };
            let prepared = upload.prepare(&rules).await.map_err(#error::Input)?;
            let request = #request_type {
                #ct_field: #ct_value,
                #len_field: prepared.length_as(#len_wire).map_err(#error::Input)?,
                #(#unset)*
            };
            let created = self
                .#create_fn(&request)
                .await
                .map_err(#error::Create)?
                .into_inner();
            self.#upload_fn(#url, prepared.into_body())
                .await
                .map_err(#error::Upload)?;
            self.#complete_fn(#id).await.map_err(#error::Complete)
        }
    }
}

fn pass(field: &FlowField) -> TokenStream {
    let f = ident(&field.rust_name);
    match field.pass {
        PassAs::Borrow => quote!(&created.#f),
        PassAs::Copy => quote!(created.#f),
        PassAs::AsStr => quote!(created.#f.as_str()),
    }
}

fn error_name(flow: &UploadFlow) -> proc_macro2::Ident {
    format_ident!("{}Error", flow.type_prefix)
}

fn docs(api: &Api, flow: &UploadFlow) -> Vec<String> {
    let [create, upload, complete] =
        [flow.create, flow.upload, flow.complete].map(|i| code_span(api.operations[i].label()));
    let mut lines = Vec::new();
    if let Some(d) = &flow.docs {
        lines.extend(super::docs::sanitize(d.trim()));
        lines.push(String::new());
    }
    lines.push(format!(
        "Uploads a file in one call: `{create}` declares its media type and length, \
         `{upload}` sends the bytes to the URL it returned, and `{complete}` finishes the upload."
    ));
    lines.push(String::new());
    let mut rules = Vec::new();
    if !flow.content_types.is_empty() {
        let types: Vec<String> = flow
            .content_types
            .iter()
            .map(|t| format!("`{t}`"))
            .collect();
        rules.push(format!(
            "the media type must be one of {}",
            types.join(", ")
        ));
    }
    match (flow.min_length, flow.max_length) {
        (Some(min), Some(max)) => rules.push(format!("the size from {min} to {max} bytes")),
        (None, Some(max)) => rules.push(format!("the size at most {max} bytes")),
        (Some(min), None) => rules.push(format!("the size at least {min} bytes")),
        (None, None) => {}
    }
    let checked = if rules.is_empty() {
        String::new()
    } else {
        format!(
            " Before anything is sent, {}; otherwise the call fails with `Input` and nothing is sent.",
            rules.join(", and ")
        )
    };
    lines.push(format!(
        "The media type is the one set on the [`Upload`](crate::runtime::Upload), else the one its first \
         bytes show, else its file name's.{checked} A failed step stops the flow: the upload is not \
         completed after a failed `{upload}`."
    ));
    lines.push(String::new());
    lines.extend(super::examples::Examples::new(api).flow(flow));
    lines
}

/// The flow's error type: which step failed, with that step's own error.
pub fn flow_error(api: &Api, flow: &UploadFlow) -> TokenStream {
    let [create, upload, complete] =
        [flow.create, flow.upload, flow.complete].map(|i| &api.operations[i]);
    let name = error_name(flow);
    let [create_err, upload_err, complete_err] = [create, upload, complete].map(error_enum_name);
    let [create_label, upload_label, complete_label] =
        [flow.create, flow.upload, flow.complete].map(|i| api.operations[i].label());
    let step = |label: &str| format!("{}: {{}}", label.replace('{', "{{").replace('}', "}}"));
    let [create_fmt, upload_fmt, complete_fmt] =
        [&create_label, &upload_label, &complete_label].map(|l| step(l));
    let doc = format!(" Why `{}` failed, by step.", flow.rust_name);
    let create_doc = format!(" `{create_label}` failed; nothing was uploaded.");
    let upload_doc = format!(" `{upload_label}` failed; the upload was not completed.");
    let complete_doc = format!(" `{complete_label}` failed after the bytes were sent.");
    let accessors = flow_error_accessors(api, flow);
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #name {
            /// The file was not usable (unreadable, wrong type, wrong size); nothing was sent.
            Input(crate::runtime::UploadError),
            #[doc = #create_doc]
            Create(crate::runtime::Error<#create_err>),
            #[doc = #upload_doc]
            Upload(crate::runtime::Error<#upload_err>),
            #[doc = #complete_doc]
            Complete(crate::runtime::Error<#complete_err>),
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::Input(e) => ::std::fmt::Display::fmt(e, f),
                    Self::Create(e) => ::std::write!(f, #create_fmt, e),
                    Self::Upload(e) => ::std::write!(f, #upload_fmt, e),
                    Self::Complete(e) => ::std::write!(f, #complete_fmt, e),
                }
            }
        }

        #accessors

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::Input(e) => ::std::option::Option::Some(e),
                    Self::Create(e) => ::std::option::Option::Some(e),
                    Self::Upload(e) => ::std::option::Option::Some(e),
                    Self::Complete(e) => ::std::option::Option::Some(e),
                }
            }
        }
    }
}

/// The flow error's answers to the usual questions, each from the failed
/// step's error (see `runtime::Error`), and each step's documented error.
fn flow_error_accessors(api: &Api, flow: &UploadFlow) -> TokenStream {
    let name = error_name(flow);
    let steps = [
        ("create", flow.create),
        ("upload", flow.upload),
        ("complete", flow.complete),
    ];
    let typed = steps.map(|(step, i)| {
        let op = &api.operations[i];
        let method = format_ident!("{step}_api_error");
        let variant = format_ident!("{}", pascal_case(step));
        let error_enum = error_enum_name(op);
        let doc = format!(
            " The documented error `{}` answered with, when that step failed with a documented status.",
            op.label()
        );
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> ::std::option::Option<&#error_enum> {
                match self {
                    Self::#variant(e) => e.api_error(),
                    _ => ::std::option::Option::None,
                }
            }
        }
    });
    let request_id = api
        .response_headers
        .as_ref()
        .and_then(|set| set.request_id.as_ref())
        .map(|wire| {
            let doc = format!(
                " The server's id for the failed request (the `{wire}` response header), when it sent one."
            );
            quote! {
                #[doc = #doc]
                pub fn request_id(&self) -> ::std::option::Option<&str> {
                    self.step()?.header(#wire)
                }
            }
        });
    quote! {
        impl #name {
            /// The failed call's status, headers and body, whatever step it was;
            /// `None` for `Input`.
            fn step(&self) -> ::std::option::Option<&dyn crate::runtime::FailedCall> {
                match self {
                    Self::Input(_) => ::std::option::Option::None,
                    Self::Create(e) => ::std::option::Option::Some(e),
                    Self::Upload(e) => ::std::option::Option::Some(e),
                    Self::Complete(e) => ::std::option::Option::Some(e),
                }
            }

            /// The HTTP status of the failed step's response, when one was received.
            pub fn status(&self) -> ::std::option::Option<::reqwest::StatusCode> {
                self.step()?.status()
            }

            /// Whether running the flow again may succeed (see `runtime::Error::is_retryable`);
            /// never for `Input`.
            pub fn is_retryable(&self) -> bool {
                self.step().is_some_and(|e| e.is_retryable())
            }

            /// The failed step's response headers, when a response was received.
            pub fn headers(&self) -> ::std::option::Option<&::reqwest::header::HeaderMap> {
                self.step()?.headers()
            }

            /// The failed step's raw response body, when a response was received.
            pub fn body(&self) -> ::std::option::Option<&::bytes::Bytes> {
                self.step()?.body()
            }

            /// The wait the server asked for before trying again (`Retry-After`).
            pub fn retry_after(&self) -> ::std::option::Option<::std::time::Duration> {
                self.step()?.retry_after()
            }

            #request_id

            #(#typed)*
        }
    }
}
