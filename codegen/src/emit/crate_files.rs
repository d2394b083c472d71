//! `Cargo.toml` and `src/lib.rs` of a generated crate.

use super::tyref::mentions;
use crate::ir::{Api, ResponseBody, TypeRef};
use crate::Settings;
use proc_macro2::TokenStream;
use quote::quote;

/// Every type reference in the API, for dependency decisions.
fn all_refs(api: &Api) -> Vec<&TypeRef> {
    let mut out: Vec<&TypeRef> = api.types.iter().flat_map(|t| t.kind.refs()).collect();
    for op in &api.operations {
        out.extend(op.sent_types());
        for r in &op.responses {
            if let ResponseBody::Json(t) | ResponseBody::EventStream(Some(t)) = &r.body {
                out.push(t);
            }
            out.extend(r.headers.iter().map(|h| &h.ty));
        }
    }
    out
}

fn uses(api: &Api, pred: &dyn Fn(&TypeRef) -> bool) -> bool {
    all_refs(api).into_iter().any(|t| mentions(t, pred))
}

pub(crate) fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The version of reqwest a generated crate (and its conformance driver) uses.
pub(crate) const REQWEST_VERSION: &str = "0.13";

/// The name of the runtime crate in every generated manifest.
pub const RUNTIME_CRATE: &str = "api-runtime";

pub fn cargo_toml(api: &Api, settings: &Settings) -> String {
    // Only what the emitted code names itself: the runtime crate brings the
    // rest (tokio, tracing, futures, the `mock` feature's http crates).
    let mut deps = vec![
        format!(
            "{RUNTIME_CRATE} = {{ path = {} }}",
            toml_string(&settings.runtime)
        ),
        r#"bytes = "1""#.to_string(),
        format!(
            r#"reqwest = {{ version = "{REQWEST_VERSION}", default-features = false, features = ["rustls", "http2", "charset", "multipart", "stream"] }}"#
        ),
        r#"serde = { version = "1", features = ["derive"] }"#.into(),
        r#"serde_json = "1""#.into(),
        r#"url = { version = "2", features = ["serde"] }"#.into(),
    ];
    if uses(api, &|t| matches!(t, TypeRef::DateTime | TypeRef::Date)) {
        deps.push(r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#.into());
    }
    if uses(api, &|t| matches!(t, TypeRef::Uuid)) {
        deps.push(r#"uuid = { version = "1", features = ["serde"] }"#.into());
    }
    deps.sort();
    let description = format!("Typed async client for {}", api.title.trim());
    format!(
        "[package]\nname = {}\nversion = {}\nedition = \"2024\"\ndescription = {}\npublish = false\n\n[dependencies]\n{}\n{}",
        toml_string(&api.crate_name),
        toml_string(&api.crate_version),
        toml_string(&description),
        deps.join("\n"),
        features_table(api),
    ) + DEV_DEPENDENCIES
}

/// The `[features]` table: every area of the API on by default, each one
/// an empty feature that only gates code.
/// Last, `mock`, off by default: the in-process test doubles.
fn features_table(api: &Api) -> String {
    let names: Vec<String> = api.features.iter().map(|f| toml_string(&f.name)).collect();
    // Feature names are `[a-z0-9_-]`: bare TOML keys.
    let mut out = format!("\n[features]\ndefault = [{}]\n", names.join(", "));
    for f in &api.features {
        out.push_str(&format!("{} = []\n", f.name));
    }
    out.push_str(&format!(
        "{MOCK_FEATURE} = [\"{RUNTIME_CRATE}/{MOCK_FEATURE}\"]\n"
    ));
    out
}

/// What the crate's own doctests use beyond its dependencies: a runtime
/// for the `mock` module's example, which runs.
const DEV_DEPENDENCIES: &str =
    "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n";

/// The feature that turns on the test doubles (`src/mock.rs`).
pub const MOCK_FEATURE: &str = "mock";

/// The features a generated manifest declares, in its order, `default`
/// left out: the reader of what [`features_table`] writes.
pub fn declared_features(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[features]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once(" = "))
        .map(|(name, _)| name.trim().to_string())
        .filter(|name| name != "default")
        .collect()
}

/// The crate docs' `# Features` section: the features, and how to pick some.
fn features_docs(api: &Api) -> Vec<String> {
    let mock = format!(
        "- `{MOCK_FEATURE}` (off by default): the `mock` module, whose `Mock` answers the client's calls in process by typed rules, for the tests of code that uses this crate. Turn it on in `[dev-dependencies]` only."
    );
    if api.features.is_empty() {
        return vec!["# Features".to_string(), String::new(), mock];
    }
    let example = api
        .features
        .iter()
        .max_by_key(|f| (f.operations, std::cmp::Reverse(&f.name)))
        .map(|f| f.name.as_str())
        .unwrap_or_default();
    let mut lines = vec![
        "# Features".to_string(),
        String::new(),
        "Each area of the API is a cargo feature: its operations, and the types only they use, compile only when it is on. All are on by default; a crate that calls a few areas turns the rest off and compiles less:".to_string(),
        String::new(),
        "```toml".to_string(),
        "[dependencies]".to_string(),
        format!(
            "{} = {{ version = {}, default-features = false, features = [{}] }}",
            api.crate_name,
            toml_string(&api.crate_version),
            toml_string(example)
        ),
        "```".to_string(),
        String::new(),
        "The client itself and the runtime are always there.".to_string(),
        String::new(),
    ];
    for f in &api.features {
        if f.unused_types {
            lines.push(format!(
                "- `{}`: the types of the spec that no operation uses",
                f.name
            ));
            continue;
        }
        let noun = if f.operations == 1 {
            "operation"
        } else {
            "operations"
        };
        lines.push(format!("- `{}`: {} {noun}", f.name, f.operations));
    }
    lines.push(mock);
    lines
}

/// What every generated client does at run time, for the crate docs.
const BEHAVIOUR: &str = "# Behaviour

- **Retries.** Connection failures, `408`, `429` and `5xx` are retried with exponential backoff and jitter, twice by default, honouring `Retry-After` (seconds or an HTTP date) up to 60 s. A request the server may have acted on is only resent when that is harmless: an idempotent method, or an idempotency key. A connection that never opened is retried for every method. Bodies that can be read only once (streams, multipart forms) are not retried. Set the policy with `ClientBuilder::retry_policy` or per call with `Client::with_retry`; `RetryPolicy::none()` turns retries off.
- **Idempotency keys.** Where an operation declares an `Idempotency-Key` header and the caller leaves it empty, a random key is generated for the call and reused by its retries.
- **Timeouts.** 60 s per request and 10 s to connect by default (`ClientBuilder::timeout`, `connect_timeout`); `Client::with_timeout` overrides the request timeout for the calls made through it.
- **Responses.** Every success is a `ResponseValue` with its status and headers; when the spec documents response headers, the `DocumentedHeaders` trait reads them typed from successes and errors alike (`documented_headers()`, and `request_id()` when a request-id header is documented). Bodies over 64 MiB fail with `Error::ResponseTooLarge` (`ClientBuilder::max_response_bytes`). A body that does not match the spec is `Error::Decode`, with the raw body kept.
- **Tracing.** Each call runs in a `tracing` span named `request` with the operation id, method, path template, attempt, status and duration. It never records URLs, query strings, headers or bodies.
- **Secrets.** Credentials, and fields the spec marks `x-sensitive` (such as signed URLs), never appear in `Debug`, `Display`, errors or traces. Transport errors leave the URL out. Credentials and header values with line breaks are refused before sending, path parameters are percent-encoded into one segment, and a redirect to another host does not carry the `Authorization` header.";

pub fn lib_rs(api: &Api, settings: &Settings) -> TokenStream {
    let title = format!(
        "Client for {} (API version {}).",
        api.title.trim(),
        api.api_version
    );
    let origin = format!(
        "Generated by `{}` from `{}`: change the spec, not this crate.",
        settings.command, settings.source
    );
    let mut lines = super::docs::paragraph_lines(&[Some(&title)]);
    lines.push(String::new());
    lines.extend(super::examples::Examples::new(api).quick_start());
    lines.push(String::new());
    lines.extend(super::docs::paragraph_lines(&[
        api.description.as_deref(),
        Some(&origin),
    ]));
    // Our own text, written as rustdoc Markdown: not sanitized like spec prose.
    lines.push(String::new());
    lines.push("# Base URL".to_string());
    lines.push(String::new());
    lines.extend(super::client::base_url_meaning(
        api,
        &super::client::default_base_url(api),
    ));
    lines.push(String::new());
    lines.push("Set another with [`ClientBuilder::base_url`]; [`ClientBuilder::build`] fails when it is not an absolute `http` or `https` URL.".into());
    lines.push(String::new());
    lines.extend(BEHAVIOUR.lines().map(str::to_string));
    let features = features_docs(api);
    if !features.is_empty() {
        lines.push(String::new());
        lines.extend(features);
    }
    let docs = inner_docs(&lines);
    let deny = settings.deny_warnings.then(|| quote!(#![deny(warnings)]));
    let documented_headers = api.response_headers.is_some().then(|| {
        quote!(
            pub use client::DocumentedHeaders;
        )
    });
    quote! {
        #docs
        #deny
        // Spec prose and spec shapes decide these, not us.
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::large_enum_variant,
            clippy::enum_variant_names
        )]

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;

        /// Request sending, errors, uploads, pagination and the other support
        /// code every generated client shares: the `api-runtime` crate.
        pub use ::api_runtime as runtime;
        #documented_headers
        pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
        pub use runtime::{ApiError, BuildError, Error};
        pub use runtime::{Body, ByteStream, FilePart, Progress, ResponseValue};
    }
}

/// `//!` doc attributes for lines already sanitized.
pub(super) fn inner_docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}

#[cfg(test)]
mod tests {
    use super::declared_features;
    use crate::names::ROOT_EXPORTS;
    use crate::{to_ir, Settings};

    #[test]
    fn reads_the_features_table_without_default() {
        let manifest =
            "[package]\nname = \"x\"\n\n[features]\ndefault = [\"a\", \"b-c\"]\na = []\nb-c = []\n";
        assert_eq!(declared_features(manifest), ["a", "b-c"]);
        assert!(declared_features("[package]\nname = \"x\"\n").is_empty());
    }

    /// The names of a `use` tree, as imported.
    fn leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => leaves(&p.tree, out),
            syn::UseTree::Name(n) => out.push(n.ident.to_string()),
            syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
            syn::UseTree::Glob(_) => out.push("*".into()),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, out)),
        }
    }

    /// Spec types are kept off the root's names (`names::ROOT_EXPORTS`), so
    /// that list must be what `lib.rs` re-exports, the `runtime` module
    /// aside (no type is named in lower case). The spec documents a response
    /// header, so the root has all it can have.
    #[test]
    fn the_root_reexports_exactly_the_names_spec_types_leave_to_it() {
        let spec = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1.0.0"}, "paths": {"/a": {"get": {"operationId": "getA", "responses": {"204": {"description": "Done.", "headers": {"X-Left": {"schema": {"type": "integer"}}}}}}}}}"#;
        let settings = Settings {
            crate_name: "t".into(),
            source: "test".into(),
            command: "test".into(),
            deny_warnings: false,
            runtime: "../../runtime".into(),
        };
        let (api, _) = to_ir(spec, &settings).expect("spec lowers");
        let file: syn::File = syn::parse2(super::lib_rs(&api, &settings)).expect("lib.rs parses");
        let mut names = Vec::new();
        for item in &file.items {
            if let syn::Item::Use(u) = item {
                if matches!(u.vis, syn::Visibility::Public(_)) {
                    leaves(&u.tree, &mut names);
                }
            }
        }
        names.retain(|n| n != "runtime");
        names.sort();
        let mut want: Vec<String> = ROOT_EXPORTS.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(names, want);
    }
}
