//! Validation: whole-document checks that must pass before lowering, each
//! reported with its pointer. All findings are gathered, none stops early.
//! (`$ref`s that cannot be followed are found, and repaired, by [`crate::front::repair`].)

use crate::diag::{join, Diagnostics};
use crate::path::PathTemplate;
use crate::resolve::Resolver;
use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs every check and returns what it found.
pub fn validate(spec: &OpenAPI) -> Diagnostics {
    let mut diags = Diagnostics::default();
    check_crate_name(spec, &mut diags);
    check_operations(spec, &mut diags);
    diags
}

/// `info.x-rust-crate-name`, when given, must be a name Cargo accepts and
/// Rust code can refer to.
fn check_crate_name(spec: &OpenAPI, diags: &mut Diagnostics) {
    let Some(value) = spec.info.extensions.get("x-rust-crate-name") else {
        return;
    };
    if !value.as_str().is_some_and(crate::names::is_crate_name) {
        diags.error(
            "#/info/x-rust-crate-name",
            format!("`x-rust-crate-name` must be a crate name (ASCII letters, digits, `-` and `_`, starting with a letter; no keyword), not {value}"),
        );
    }
}

/// Resolves a local JSON pointer (`#/a/b`) in the raw document.
pub fn resolve_pointer<'a>(raw: &'a Value, reference: &str) -> Option<&'a Value> {
    let path = reference.strip_prefix('#')?;
    if path.is_empty() {
        return Some(raw);
    }
    raw.pointer(path).or_else(|| {
        // Some specs percent-encode pointer segments.
        let decoded = percent_decode(path)?;
        raw.pointer(&decoded)
    })
}

/// A percent-encoded pointer (`%7Bid%7D`) decoded, when it holds escapes and they decode.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn check_operations(spec: &OpenAPI, diags: &mut Diagnostics) {
    let resolver = Resolver::new(spec);
    let mut seen_ids: BTreeMap<&str, String> = BTreeMap::new();
    for (path, item) in &spec.paths.paths {
        let item_ptr = join("#/paths", &[path]);
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let template = match PathTemplate::parse(path) {
            Ok(t) => t,
            Err(e) => {
                diags.error(&item_ptr, e);
                continue;
            }
        };
        let shared = collect_params(&resolver, &item.parameters, &item_ptr);
        for (method, op) in item.iter() {
            let op_ptr = join(&item_ptr, &[method]);
            if let Some(id) = &op.operation_id {
                if let Some(first) = seen_ids.get(id.as_str()) {
                    diags.error(
                        join(&op_ptr, &["operationId"]),
                        format!("duplicate operationId `{id}` (first used at {first})"),
                    );
                } else {
                    seen_ids.insert(id, join(&op_ptr, &["operationId"]));
                }
            }
            let mut params = shared.clone();
            for (name, loc, ptr) in collect_params(&resolver, &op.parameters, &op_ptr) {
                params.retain(|(n, l, _)| !(n == &name && l == &loc));
                params.push((name, loc, ptr));
            }
            let wanted = template.params();
            for (name, loc, ptr) in &params {
                if *loc == "path" && !wanted.contains(&name.as_str()) {
                    diags.error(
                        ptr,
                        format!("path parameter `{name}` does not appear in the template `{path}`"),
                    );
                }
            }
            for name in wanted {
                if !params.iter().any(|(n, l, _)| n == name && *l == "path") {
                    diags.error(
                        &op_ptr,
                        format!("template `{path}` uses `{{{name}}}` but no path parameter `{name}` is declared"),
                    );
                }
            }
        }
    }
}

/// `(name, location, pointer)` of each resolvable parameter.
fn collect_params(
    resolver: &Resolver,
    params: &[ReferenceOr<Parameter>],
    owner: &str,
) -> Vec<(String, &'static str, String)> {
    params
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let ptr = join(owner, &["parameters", &i.to_string()]);
            let p = resolver.parameter(p)?;
            let loc = match p {
                Parameter::Path { .. } => "path",
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            Some((p.parameter_data_ref().name.clone(), loc, ptr))
        })
        .collect()
}
