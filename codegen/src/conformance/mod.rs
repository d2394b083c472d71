//! The conformance driver: a small program that calls every operation of a
//! generated client once, with arguments taken from the spec's examples (or
//! sampled from the types where it has none), against a spec-validating mock
//! server. An operation passes when the call succeeds, the response decodes,
//! and the server raised no `sl-violations` header.
//!
//! It is emitted from the same IR as the client, so it calls exactly the
//! methods and argument types the client has. `cargo xtask conformance` builds
//! and runs it; nothing of it ships in the client crate.

mod sample;

use crate::emit::tyref::ident;
use crate::emit::{toml_string, Emitted};
use crate::ir::{Api, BodyKind, FormFieldKind, Operation, ParamLocation, TypeKind, TypeRef};
use crate::{Failure, OutputFile, Settings};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use sample::Sampler;
use serde_json::Value;

/// Package name of the driver for a client crate.
fn package_name(client_crate: &str) -> String {
    format!("{}-conformance", client_crate.replace('_', "-"))
}

/// The driver crate (`Cargo.toml`, `src/main.rs`, `src/driver.rs`) for the client generated
/// from `text`, which lives at `client_dir` relative to the driver.
pub fn driver(
    text: &str,
    settings: &Settings,
    client_dir: &str,
) -> Result<Vec<OutputFile>, Failure> {
    let (api, _) = crate::to_ir(text, settings)?;
    let emitted = vec![
        Emitted::Verbatim {
            path: "Cargo.toml".into(),
            contents: cargo_toml(&api, client_dir),
            comment: "#",
        },
        Emitted::Rust {
            path: "src/main.rs".into(),
            tokens: quote! {
                //! Calls every operation of the client once against a mock server that
                //! validates requests against the spec (Prism), and reports each one.
                //! Usage: `conformance <base-url>`.
                #[rustfmt::skip]
                mod driver;
                fn main() -> ::std::process::ExitCode {
                    driver::main()
                }
            },
        },
        Emitted::Rust {
            path: "src/driver.rs".into(),
            tokens: driver_rs(&api),
        },
    ];
    crate::format::format_all(emitted, settings).map_err(Failure::internal)
}

fn cargo_toml(api: &Api, client_dir: &str) -> String {
    format!(
        "[package]\nname = {}\nversion = \"0.0.0\"\nedition = \"2021\"\ndescription = {}\npublish = false\n\n[dependencies]\n{} = {{ path = {} }}\nserde = \"1\"\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
        toml_string(&package_name(&api.crate_name)),
        toml_string(&format!(
            "Calls every operation of the {} client against a spec-validating mock server.",
            api.crate_name
        )),
        toml_string(&api.crate_name),
        toml_string(client_dir),
    )
}

/// The crate path of the client, as the driver names it.
fn krate(api: &Api) -> proc_macro2::Ident {
    ident(&api.crate_name.replace('-', "_"))
}

fn driver_rs(api: &Api) -> TokenStream {
    let krate = krate(api);
    let sampler = Sampler::new(api);
    let calls: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| call_fn(api, &sampler, op))
        .collect();
    let reports = api.operations.iter().map(|op| {
        let name = call_name(op);
        let label = op.label();
        let route = format!("{} {}", op.method, op.path);
        quote!(tally.report(#label, #route, #name(&client, &base).await);)
    });
    let credentials = api.security_schemes.iter().map(|s| {
        let setter = ident(&s.setter);
        match s.kind {
            crate::ir::SecurityKind::Basic => quote!(.#setter("conformance", "conformance")),
            _ => quote!(.#setter("conformance-key")),
        }
    });
    let mut consts = Vec::new();
    if api.operations.iter().any(|op| {
        matches!(
            op.body.as_ref().map(|b| &b.kind),
            Some(BodyKind::Bytes { .. } | BodyKind::Multipart { .. })
        )
    }) {
        consts.push(quote! {
            /// Bytes that start like a JPEG file: enough for content sniffing.
            const SAMPLE_FILE: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9";
        });
    }
    if api
        .operations
        .iter()
        .any(|op| op.absolute_url_param.is_some())
    {
        consts.push(quote! {
            /// An absolute URL as one percent-encoded path segment.
            const ABSOLUTE_URL_SEGMENT: &str = "https%3A%2F%2Fstorage.example.com%2Fconformance.jpg";
        });
    }
    quote! {
        //! One `call_` function per operation, and the run over all of them.

        use ::std::process::ExitCode;

        #(#consts)*

        /// Parses an example into the argument type the method expects.
        fn parse<T: ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<T, ::std::string::String> {
            ::serde_json::from_str(json).map_err(|e| ::std::format!("the example does not fit the argument type: {e}"))
        }

        /// Pass when the call succeeded and the mock flagged nothing.
        fn outcome<T, E: ::std::fmt::Debug>(
            result: ::std::result::Result<#krate::ResponseValue<T>, #krate::Error<E>>,
        ) -> ::std::result::Result<(), ::std::string::String> {
            let flagged = |value: &[u8]| ::std::format!("the mock flagged the request: {}", ::std::string::String::from_utf8_lossy(value));
            match result {
                ::std::result::Result::Ok(value) => match value.headers().get("sl-violations") {
                    ::std::option::Option::Some(v) => ::std::result::Result::Err(flagged(v.as_bytes())),
                    ::std::option::Option::None => ::std::result::Result::Ok(()),
                },
                ::std::result::Result::Err(e) => {
                    let violations = e.headers().and_then(|h| h.get("sl-violations")).map(|v| flagged(v.as_bytes()));
                    ::std::result::Result::Err(match violations {
                        ::std::option::Option::Some(v) => ::std::format!("{e}; {v}"),
                        ::std::option::Option::None => e.to_string(),
                    })
                }
            }
        }

        /// Counts and prints results, one line per operation.
        #[derive(Default)]
        struct Tally {
            passed: usize,
            failed: usize,
        }

        impl Tally {
            fn report(&mut self, label: &str, route: &str, result: ::std::result::Result<(), ::std::string::String>) {
                match result {
                    ::std::result::Result::Ok(()) => {
                        self.passed += 1;
                        ::std::println!("ok    {label} ({route})");
                    }
                    ::std::result::Result::Err(e) => {
                        self.failed += 1;
                        ::std::println!("FAIL  {label} ({route}): {e}");
                    }
                }
            }
        }

        #(#calls)*

        #[::tokio::main(flavor = "current_thread")]
        pub(crate) async fn main() -> ExitCode {
            let ::std::option::Option::Some(base) = ::std::env::args().nth(1) else {
                ::std::eprintln!("usage: conformance <base-url>");
                return ExitCode::from(2);
            };
            let client = match #krate::Client::builder().base_url(base.clone()) #(#credentials)* .build() {
                ::std::result::Result::Ok(client) => client,
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("cannot build the client: {e}");
                    return ExitCode::from(2);
                }
            };
            let mut tally = Tally::default();
            #(#reports)*
            ::std::println!("{} passed, {} failed", tally.passed, tally.failed);
            if tally.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
    }
}

fn call_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("call_{}", op.rust_name.trim_start_matches("r#"))
}

/// JSON text as a string literal for `parse`.
fn json_literal(value: &Value) -> Literal {
    Literal::string(&value.to_string())
}

/// One `async fn call_<op>(client, base)` that builds the arguments and calls.
fn call_fn(api: &Api, sampler: &Sampler, op: &Operation) -> TokenStream {
    let krate = krate(api);
    let name = call_name(op);
    let method = ident(&op.rust_name);
    let doc = format!(" `{}`: `{} {}`.", op.label(), op.method, op.path);
    let mut lets = Vec::new();
    let mut args = Vec::new();
    let mut uses_base = false;

    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let var = format_ident!("path_{}", p.rust_name.trim_start_matches("r#"));
        let value = if op.absolute_url_param.as_deref() == Some(p.wire_name.as_str()) {
            uses_base = true;
            // The mock sees the URL as one path segment of its own spec path,
            // so the segment is itself an encoded absolute URL.
            quote!(
                &::serde_json::Value::String(::std::format!("{base}/{ABSOLUTE_URL_SEGMENT}"))
                    .to_string()
            )
        } else {
            let v = p
                .example
                .clone()
                .unwrap_or_else(|| sampler.sample(&p.ty, &p.constraints));
            let lit = json_literal(&v);
            quote!(#lit)
        };
        if p.ty == TypeRef::String {
            lets.push(quote!(let #var: ::std::string::String = parse(#value)?;));
            args.push(quote!(&#var));
        } else if p.ty.is_copy() {
            lets.push(quote!(let #var = parse(#value)?;));
            args.push(quote!(#var));
        } else {
            lets.push(quote!(let #var = parse(#value)?;));
            args.push(quote!(&#var));
        }
    }

    if let Some(body) = &op.body {
        let example = body.example.as_ref();
        let (value, by_ref) = match &body.kind {
            BodyKind::Json { ty, .. } | BodyKind::FormUrlEncoded { ty } => {
                let v = example
                    .cloned()
                    .unwrap_or_else(|| sampler.sample(ty, &Default::default()));
                let lit = json_literal(&v);
                (quote!(parse(#lit)?), true)
            }
            BodyKind::Multipart { ty } => (form_value(api, sampler, ty, example), false),
            BodyKind::Text { .. } => (quote!(::std::string::String::from("sample")), true),
            BodyKind::Bytes { content_types } => {
                let sniffed = content_types.iter().any(|t| admits(t, "image/jpeg"));
                let body = if sniffed {
                    quote!(#krate::Body::from_bytes(SAMPLE_FILE))
                } else {
                    let ct = content_types
                        .iter()
                        .find(|t| !t.contains('*'))
                        .map_or("application/octet-stream", String::as_str);
                    quote!(#krate::Body::from_bytes(SAMPLE_FILE).with_content_type(#ct))
                };
                (body, false)
            }
        };
        lets.push(quote!(let body = #value;));
        let arg = match (body.required, by_ref) {
            (true, true) => quote!(&body),
            (true, false) => quote!(body),
            (false, true) => quote!(::std::option::Option::Some(&body)),
            (false, false) => quote!(::std::option::Option::Some(body)),
        };
        args.push(arg);
    }

    if op.params.iter().any(|p| p.location != ParamLocation::Path) {
        let ps = format_ident!("{}Params", op.type_prefix);
        let fields = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| {
                let field = ident(&p.rust_name);
                // Optional parameters are sent too, so their encoding is checked.
                let value = p
                    .example
                    .clone()
                    .unwrap_or_else(|| sampler.sample(&p.ty, &p.constraints));
                let lit = json_literal(&value);
                quote!(#field: parse(#lit)?)
            });
        lets.push(quote!(let params = #krate::operations::#ps { #(#fields),* };));
        args.push(quote!(&params));
    }

    let base = if uses_base {
        quote!(base)
    } else {
        quote!(_base)
    };
    let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #[doc = #doc]
        #allow
        async fn #name(client: &#krate::Client, #base: &str) -> ::std::result::Result<(), ::std::string::String> {
            #(#lets)*
            outcome(client.#method(#(#args),*).await)
        }
    }
}

/// A multipart form: the sample file for file parts, example or sample values for the rest.
fn form_value(api: &Api, sampler: &Sampler, ty: &TypeRef, example: Option<&Value>) -> TokenStream {
    let krate = krate(api);
    let TypeRef::Named(name) = ty else {
        return quote!(::std::compile_error!("multipart body without a form type"));
    };
    let Some(TypeKind::Form(form)) = api.types.iter().find(|t| &t.name == name).map(|t| &t.kind)
    else {
        return quote!(::std::compile_error!("multipart body without a form type"));
    };
    let type_name = ident(name);
    let fields = form.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let file = quote!(#krate::FilePart::from_bytes(SAMPLE_FILE, "conformance.jpg"));
        let value = match &f.kind {
            FormFieldKind::File if f.required => file,
            FormFieldKind::File => quote!(::std::option::Option::Some(#file)),
            FormFieldKind::Files => quote!(::std::vec![#file]),
            FormFieldKind::Value(t) => {
                let given = example.and_then(|e| e.get(&f.wire_name)).cloned();
                match given.or_else(|| f.required.then(|| sampler.sample(t, &Default::default()))) {
                    Some(v) => {
                        let lit = json_literal(&v);
                        quote!(parse(#lit)?)
                    }
                    None => quote!(::std::option::Option::None),
                }
            }
        };
        quote!(#field: #value)
    });
    quote!(#krate::types::#type_name { #(#fields),* })
}

/// Whether a listed media type (which may hold wildcards) admits `concrete`.
fn admits(listed: &str, concrete: &str) -> bool {
    let listed = listed
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match listed.split_once('/') {
        Some(("*", "*")) => true,
        Some((kind, "*")) => concrete.split('/').next() == Some(kind),
        _ => listed == concrete,
    }
}
