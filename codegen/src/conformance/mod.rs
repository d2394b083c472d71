//! The conformance driver: a small program that calls every operation of a
//! generated client (once, or `--calls N` times), with arguments taken from
//! the spec's examples (or sampled from the types where it has none), against
//! a spec-validating mock server. A call passes when it succeeds, the response
//! decodes, and the server raised no `sl-violations` header. With `--seed S`
//! each call asks the mock for another random answer (see `run`).
//!
//! It is emitted from the same IR as the client, so it calls exactly the
//! methods and argument types the client has. `cargo xtask conformance` builds
//! and runs it; nothing of it ships in the client crate.

mod run;
mod sample;

use crate::emit::tyref::ident;
use crate::emit::{toml_string, Emitted, REQWEST_VERSION};
use crate::ir::{
    Api, BodyKind, FormFieldKind, Operation, ParamLocation, StatusMatch, TypeKind, TypeRef,
};
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
                //! Calls every operation of the client against a mock server that
                //! validates requests against the spec (Prism), and reports each one.
                //! Usage: `conformance <base-url> [--calls N] [--seed S]`: each operation
                //! is called N times (default 1); call `i` asks the mock for the random
                //! answer of seed `S-i` (a `Prefer: seed=S-i` header).
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
        "[package]\nname = {}\nversion = \"0.0.0\"\nedition = \"2021\"\ndescription = {}\npublish = false\n\n[dependencies]\n{} = {{ path = {} }}\nreqwest = {{ version = {}, default-features = false }}\nserde = \"1\"\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
        toml_string(&package_name(&api.crate_name)),
        toml_string(&format!(
            "Calls every operation of the {} client against a spec-validating mock server.",
            api.crate_name
        )),
        toml_string(&api.crate_name),
        toml_string(client_dir),
        toml_string(REQWEST_VERSION),
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
        let successes = statuses(op, true);
        let errors = statuses(op, false);
        quote! {
            for i in 0..options.calls {
                match clients.get(&options, i, &[#(#successes),*], &[#(#errors),*]) {
                    ::std::result::Result::Ok((client, expected, prefer)) => {
                        tally.record(prefer, #name(client, base, expected).await);
                    }
                    ::std::result::Result::Err(e) => tally.record(::std::string::String::new(), ::std::result::Result::Err(e)),
                }
            }
            tally.report(#label, #route);
        }
    });
    let credentials: Vec<TokenStream> = api
        .security_schemes
        .iter()
        .map(|s| {
            let setter = ident(&s.setter);
            match s.kind {
                crate::ir::SecurityKind::Basic => quote!(.#setter("conformance", "conformance")),
                _ => quote!(.#setter("conformance-key")),
            }
        })
        .collect();
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
    let support = run::support(&krate, &credentials);
    quote! {
        //! One `call_` function per operation, and the run over all of them.

        use ::std::process::ExitCode;

        #(#consts)*

        #support

        #(#calls)*

        #[::tokio::main(flavor = "current_thread")]
        pub(crate) async fn main() -> ExitCode {
            let options = match Options::parse() {
                ::std::result::Result::Ok(options) => options,
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let mut clients = Clients::default();
            let base = &options.base;
            let mut tally = Tally::default();
            #(#reports)*
            tally.close(&options)
        }
    }
}

/// The success (or error) statuses an operation documents one by one (not
/// `4XX` or `default`): what the calls of a seeded run ask the mock for.
fn statuses(op: &Operation, success: bool) -> Vec<u16> {
    op.responses
        .iter()
        .filter(|r| r.is_success == success)
        .filter_map(|r| match r.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect()
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

    if let Some(params_type) = &op.params_type {
        let ps = ident(params_type);
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
        async fn #name(
            client: &#krate::Client,
            #base: &str,
            expected: ::std::option::Option<u16>,
        ) -> ::std::result::Result<(), ::std::string::String> {
            #(#lets)*
            outcome(client.#method(#(#args),*).await, expected)
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
