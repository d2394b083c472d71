//! `src/mock.rs`, compiled with the crate's `mock` feature: per operation,
//! the typed call a test double received (`{Op}Call`), how it is decoded
//! from the request and checked against the spec, how the operation's
//! success value and error enum are written as a response, and the method
//! on `Mock` that adds a rule for it.

use super::cfg;
use super::docs::doc_attrs;
use super::examples::Examples;
use super::operations::{
    check_stmts, error_enum_name, error_enum_of, event_data_type, has_params_struct,
    params_struct_name, success, success_enum_name, success_type, Success,
};
use super::tyref::{ident, rust_type};
use super::validation::Validated;
use crate::ir::{
    Api, BodyKind, Operation, ParamLocation, Response, ResponseBody, StatusMatch, TypeKind,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Names `Mock` already uses, or that would shadow a trait method: an
/// operation of that name gets its rule from `on_{name}`.
const TAKEN: &[&str] = &[
    "new",
    "client",
    "unmatched",
    "rule",
    "clone",
    "default",
    "fmt",
];

pub fn mock_rs(api: &Api, validated: &Validated) -> TokenStream {
    let ops = api.operations.iter().map(|op| {
        let gate = cfg::of_operation(op);
        cfg::gate_items(&gate, operation(api, op, validated))
    });
    let errors = api
        .operations
        .iter()
        .filter(|op| op.shares_errors_with.is_none())
        .map(|op| cfg::gate_items(&cfg::of_error_enum(api, op), error_reply(op)));
    let example = Examples::new(api).mock_example();
    let example = if example.is_empty() {
        quote!()
    } else {
        let mut lines = vec![String::new()];
        lines.extend(example);
        super::crate_files::inner_docs(&lines)
    };
    quote! {
        //! Test doubles for the code that uses this crate (feature `mock`).
        //!
        //! A [`Mock`] answers a [`Client`](crate::Client)'s calls in process,
        //! with no server and no socket, by rules set per operation: one
        //! method per operation, named like the client's, gives a [`Rule`]
        //! typed by the operation's call, success value and error enum. The
        //! client works as it does over HTTP (validation, retries and
        //! `Retry-After`, pagination, multipart bodies, upload flows,
        //! timeouts); each request the mock receives is decoded back into
        //! the typed call and checked against the spec, so a test cannot
        //! pass with a request the API would refuse. A call no rule takes
        //! fails with a transport error naming the operation and what was
        //! sent, and [`Mock::unmatched`] lists them.
        #example
        pub use crate::runtime::mock::{Part, Received, Reply, Rule};

        /// Answers a [`Client`](crate::Client)'s calls in process, by rules
        /// added per operation with the method named like the client's.
        /// Clones share the rules and the calls they saw.
        #[derive(Clone, Default)]
        pub struct Mock {
            pub(crate) rules: crate::runtime::mock::Mock,
        }

        impl ::std::fmt::Debug for Mock {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.rules, f)
            }
        }

        impl Mock {
            /// A mock with no rules: every call fails until rules are added.
            pub fn new() -> Self {
                ::std::default::Default::default()
            }

            /// What was sent in each call that no rule answered, in order:
            /// the operation, then the request.
            pub fn unmatched(&self) -> ::std::vec::Vec<::std::string::String> {
                self.rules.unmatched()
            }

            /// A client whose calls this mock answers. It carries no
            /// credentials; build one with [`ClientBuilder::mock`](crate::ClientBuilder::mock)
            /// to set them, or the retry policy and timeouts.
            pub fn client(&self) -> crate::Client {
                match crate::Client::builder().mock(self).build() {
                    ::std::result::Result::Ok(client) => client,
                    ::std::result::Result::Err(e) => ::std::panic!("a mock client always builds: {e}"),
                }
            }
        }
        #(#ops)*
        #(#errors)*
    }
}

/// The `Mock` method that adds a rule for `op`: the client's method name,
/// or `on_{name}` when `Mock` has a method of that name.
pub(super) fn rule_method(op: &Operation) -> String {
    if TAKEN.contains(&op.rust_name.as_str()) {
        format!("on_{}", op.rust_name)
    } else {
        op.rust_name.clone()
    }
}

fn call_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Call", op.type_prefix)
}

/// The operation's success type, spelled from outside `operations`.
fn ok_type(op: &Operation) -> TokenStream {
    match success(op) {
        Success::One(ResponseBody::EventStream(data)) => {
            let data = event_data_type(data.as_ref());
            let error_enum = error_enum_name(op);
            quote!(crate::runtime::EventStream<#data, crate::operations::#error_enum>)
        }
        Success::One(_) => success_type(op),
        Success::Many(_) => {
            let name = success_enum_name(op);
            quote!(crate::operations::#name)
        }
    }
}

/// The status a reply for `r` gets unless the test sets one: the code, or
/// the first of a range; none for `default`.
fn fixed_status(r: &Response) -> TokenStream {
    match r.status {
        StatusMatch::Code(c) => quote!(::std::option::Option::Some(#c)),
        StatusMatch::Range(d) => {
            let c = d * 100;
            quote!(::std::option::Option::Some(#c))
        }
        StatusMatch::Default => quote!(::std::option::Option::None),
    }
}

/// `Encoded` for a value `v` of body kind `body`.
fn encode(body: &ResponseBody, status: &TokenStream, value: TokenStream) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(crate::runtime::mock::Encoded::empty(#status)),
        ResponseBody::Json(_) => quote!(crate::runtime::mock::Encoded::json(#status, #value)),
        ResponseBody::Text => quote!(crate::runtime::mock::Encoded::text(#status, #value)),
        ResponseBody::Bytes | ResponseBody::EventStream(_) => {
            quote!(crate::runtime::mock::Encoded::unsupported(#status))
        }
    }
}

fn operation(api: &Api, op: &Operation, validated: &Validated) -> TokenStream {
    let label = op.label();
    let call = call_name(op);
    let ok_type = ok_type(op);
    let error_enum = error_enum_name(op);
    let doc = format!(
        " A call of `{label}` (`{} {}`) as a [`Mock`] received it: decoded and checked against the spec.",
        op.method.to_uppercase(),
        op.path
    );
    let mut fields = Vec::new();
    let mut decode = Vec::new();
    let mut names = Vec::new();

    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    let total = segments.len();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let name = ident(&p.rust_name);
        let ty = rust_type(&p.ty);
        let wire = &p.wire_name;
        let docs = doc_attrs(&[p.docs.as_deref(), Some(&format!("`{wire}` (path)."))]);
        fields.push(quote!(#docs pub #name: #ty,));
        let placeholder = format!("{{{wire}}}");
        let value = if op.absolute_url_param.as_deref() == Some(wire.as_str()) {
            quote!(request.absolute_url(#wire)?)
        } else {
            let index = segments.iter().position(|s| *s == placeholder).unwrap_or(0);
            quote!(request.path_param(#index, #total, #wire)?)
        };
        decode.push(quote!(let #name: #ty = #value;));
        names.push(name);
    }
    if has_params_struct(op) {
        let ps = params_struct_name(op);
        let inits = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| {
                let name = ident(&p.rust_name);
                let wire = &p.wire_name;
                let location = match p.location {
                    ParamLocation::Query { .. } => "query",
                    ParamLocation::Header => "header",
                    _ => "cookie",
                };
                quote!(#name: request.param(#location, #wire)?,)
            });
        fields.push(quote! {
            /// The query, header and cookie parameters.
            pub params: crate::operations::#ps,
        });
        decode.push(quote!(let params = crate::operations::#ps { #(#inits)* };));
        names.push(format_ident!("params"));
    }
    if let Some(body) = &op.body {
        let docs = doc_attrs(&[body.docs.as_deref()]);
        let optional = |ty: TokenStream, read: TokenStream| {
            if body.required {
                (ty, read)
            } else {
                (
                    quote!(::std::option::Option<#ty>),
                    quote!(if request.body.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(#read) }),
                )
            }
        };
        match &body.kind {
            BodyKind::Json { ty, .. } | BodyKind::FormUrlEncoded { ty } => {
                let read = if matches!(body.kind, BodyKind::Json { .. }) {
                    quote!(request.json()?)
                } else {
                    quote!(request.form_urlencoded()?)
                };
                let (ty, read) = optional(rust_type(ty), read);
                fields.push(quote!(#docs pub body: #ty,));
                decode.push(quote!(let body: #ty = #read;));
                names.push(format_ident!("body"));
            }
            BodyKind::Text { .. } => {
                let (ty, read) = optional(
                    quote!(::std::string::String),
                    quote!(::std::string::String::from_utf8_lossy(&request.body).into_owned()),
                );
                fields.push(quote!(#docs pub body: #ty,));
                decode.push(quote!(let body: #ty = #read;));
                names.push(format_ident!("body"));
            }
            BodyKind::Bytes { content_types } => {
                let types = content_types.iter().map(String::as_str);
                let media = quote!(request.media_type(&[#(#types),*])?;);
                decode.push(if body.required {
                    media
                } else {
                    quote!(if !request.body.is_empty() { #media })
                });
                fields.push(quote! {
                    /// The body's bytes; its Content-Type is in `request`.
                    pub body: ::bytes::Bytes,
                });
                decode.push(quote!(let body = request.body.clone();));
                names.push(format_ident!("body"));
            }
            BodyKind::Multipart { ty } => {
                let required = ty
                    .named()
                    .and_then(|n| api.types.iter().find(|t| t.name == n))
                    .map(|t| match &t.kind {
                        TypeKind::Form(f) => f
                            .fields
                            .iter()
                            .filter(|f| f.required)
                            .map(|f| f.wire_name.clone())
                            .collect(),
                        _ => Vec::new(),
                    })
                    .unwrap_or_default();
                let read = if body.required {
                    quote!(request.required_parts(&[#(#required),*])?)
                } else {
                    quote!(request.parts())
                };
                fields.push(quote! {
                    /// The parts of the `multipart/form-data` body, in order.
                    pub parts: ::std::vec::Vec<crate::runtime::mock::Part>,
                });
                decode.push(quote!(let parts = #read;));
                names.push(format_ident!("parts"));
            }
        }
    }
    let stmts = check_stmts(op, validated, false);
    let check = (!stmts.is_empty()).then(|| {
        quote! {
            let mut check = crate::runtime::Check::default();
            #(#stmts)*
            request.checked(check)?;
        }
    });
    let decode_fn = format_ident!("decode_{}", op.rust_name);
    let ok_fn = format_ident!("reply_{}", op.rust_name);
    let method = ident(&rule_method(op));
    let method_doc = format!(
        " Adds a rule for `{label}` (`Client::{}`); rules of one operation are tried in the order they were added.",
        op.rust_name
    );
    let ok_body = ok_encoder(op);
    // A value written without its contents (none, or a stream) goes unused.
    let value_binding = match success(op) {
        Success::One(ResponseBody::Empty | ResponseBody::Bytes | ResponseBody::EventStream(_)) => {
            quote!(_value)
        }
        _ => quote!(value),
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #call {
            #(#fields)*
            /// The request as received: method, URL, headers and body.
            pub request: crate::runtime::mock::Received,
        }

        fn #decode_fn(request: &crate::runtime::mock::Received) -> ::std::result::Result<#call, ::std::string::String> {
            #(#decode)*
            #check
            ::std::result::Result::Ok(#call { #(#names,)* request: ::std::clone::Clone::clone(request) })
        }

        // Its type is `fn(&T)` whatever `T` is, `String` and `Vec` included.
        #[allow(clippy::ptr_arg)]
        fn #ok_fn(#value_binding: &#ok_type) -> crate::runtime::mock::Encoded {
            #ok_body
        }

        impl Mock {
            #[doc = #method_doc]
            pub fn #method(&self) -> crate::runtime::mock::Rule<#call, #ok_type, crate::operations::#error_enum> {
                self.rules.rule(#label, #decode_fn, #ok_fn)
            }
        }
    }
}

/// The body of `reply_{op}`: the success value written with its status.
fn ok_encoder(op: &Operation) -> TokenStream {
    match success(op) {
        Success::One(body) => {
            // No success documented, or only `default`: a plain 200.
            let status = match op.responses.iter().find(|r| r.is_success) {
                Some(r) if r.status != StatusMatch::Default => fixed_status(r),
                _ => quote!(::std::option::Option::Some(200u16)),
            };
            encode(body, &status, quote!(value))
        }
        Success::Many(list) => {
            let name = success_enum_name(op);
            let arms = list.iter().map(|r| {
                let v = ident(&r.variant);
                let status = fixed_status(r);
                match &r.body {
                    ResponseBody::Empty => {
                        let e = encode(&r.body, &status, quote!());
                        quote!(crate::operations::#name::#v => #e,)
                    }
                    ResponseBody::Bytes | ResponseBody::EventStream(_) => {
                        let e = encode(&r.body, &status, quote!());
                        quote!(crate::operations::#name::#v(_) => #e,)
                    }
                    other => {
                        let e = encode(other, &status, quote!(inner));
                        quote!(crate::operations::#name::#v(inner) => #e,)
                    }
                }
            });
            quote! {
                match value {
                    #(#arms)*
                }
            }
        }
    }
}

/// `ErrorReply` for an operation's own error enum: each variant's status and body.
fn error_reply(op: &Operation) -> TokenStream {
    let name = error_enum_of(&op.type_prefix);
    let arms: Vec<TokenStream> = op
        .responses
        .iter()
        .filter(|r| !r.is_success)
        .map(|r| {
            let v = ident(&r.variant);
            let status = fixed_status(r);
            match &r.body {
                ResponseBody::Empty | ResponseBody::Bytes => {
                    let e = encode(&ResponseBody::Empty, &status, quote!());
                    quote!(Self::#v => #e,)
                }
                ResponseBody::Json(_) => {
                    let e = encode(&r.body, &status, quote!(body));
                    quote!(Self::#v(body) => #e,)
                }
                ResponseBody::Text | ResponseBody::EventStream(_) => {
                    let e = encode(&ResponseBody::Text, &status, quote!(body));
                    quote!(Self::#v(body) => #e,)
                }
            }
        })
        .collect();
    let body = if arms.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(#arms)* })
    };
    quote! {
        impl crate::runtime::mock::ErrorReply for crate::operations::#name {
            fn encode(&self) -> crate::runtime::mock::Encoded {
                #body
            }
        }
    }
}
