//! Cargo features: each operation's area of the API, and the features each
//! type is needed by.
//!
//! An operation's group is its `x-rust-feature`; else its first tag (or that
//! tag object's `x-rust-feature`); else the first meaningful segment of its
//! path (`/public/v1/media` → `media`, `/v1/customers/{id}` → `customers`).
//! `x-rust-features: false` at the document root or in `info` turns features
//! off. A type compiles under the features of every operation that reaches
//! it, through fields, variants, aliases and form parts; a type that no
//! operation reaches, or that such a type uses, is always compiled.

use crate::ir::{Api, Feature, Operation, ResponseBody, TypeRef};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Path segments that name no area: API and version prefixes.
const PREFIXES: &[&str] = &["api", "apis", "public", "rest"];

/// The feature a group is named when the path gives no meaningful segment.
const ROOT_FEATURE: &str = "root";

/// Whether the spec turns features off.
fn disabled(raw: &Value) -> bool {
    let off = |v: Option<&Value>| v == Some(&Value::Bool(false));
    off(raw.get("x-rust-features")) || off(raw.get("info").and_then(|i| i.get("x-rust-features")))
}

/// Groups the operations into features and gates the types by them.
pub fn assign(api: &mut Api, raw: &Value) {
    if disabled(raw) {
        return;
    }
    let tag_features = tag_features(raw);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for op in &mut api.operations {
        let name = feature_of(op, raw, &tag_features);
        *counts.entry(name.clone()).or_default() += 1;
        op.feature = Some(name);
    }
    api.features = counts
        .into_iter()
        .map(|(name, operations)| Feature { name, operations })
        .collect();
    gate_types(api);
}

/// The `x-rust-feature` of each tag object that has one, by tag name.
fn tag_features(raw: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for tag in raw
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = tag.get("name").and_then(Value::as_str);
        let feature = tag.get("x-rust-feature").and_then(Value::as_str);
        if let (Some(name), Some(feature)) = (name, feature) {
            out.entry(name.to_string())
                .or_insert_with(|| feature.to_string());
        }
    }
    out
}

/// The feature of one operation, as a cargo feature name.
fn feature_of(op: &Operation, raw: &Value, tag_features: &BTreeMap<String, String>) -> String {
    let own = raw
        .pointer(op.pointer.trim_start_matches('#'))
        .and_then(|o| o.get("x-rust-feature"))
        .and_then(Value::as_str);
    let from_tag = || {
        op.tags.first().map(|t| {
            tag_features
                .get(t)
                .map(String::as_str)
                .unwrap_or(t)
                .to_string()
        })
    };
    let named = own
        .map(str::to_string)
        .or_else(from_tag)
        .map(|n| feature_name(&n))
        .filter(|n| !n.is_empty());
    named.unwrap_or_else(|| path_group(&op.path))
}

/// The first segment of a path that names an area, as a feature name.
fn path_group(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.contains('{'))
        .filter(|s| !PREFIXES.contains(&s.to_ascii_lowercase().as_str()) && !is_version(s))
        .map(feature_name)
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| ROOT_FEATURE.to_string())
}

/// `v1`, `v2`, `V3`, `v1.2`, `v2beta1`, `2`: a version, not an area.
fn is_version(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase();
    let digits = s.strip_prefix('v').unwrap_or(&s);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Names a feature may not take: cargo's own `default` and the generated
/// crates' dependencies; `-api` is added to them.
const RESERVED: &[&str] = &[
    "default",
    "bytes",
    "chrono",
    "futures-util",
    "httpdate",
    "reqwest",
    "serde",
    "serde_json",
    "tokio",
    "tokio-util",
    "tracing",
    "url",
    "uuid",
];

/// A valid cargo feature name: lowercase words joined by `-`, camel case
/// split; a reserved name (`default`, a dependency's) gets `-api`.
pub(crate) fn feature_name(text: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            let boundary = c.is_ascii_uppercase()
                && prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            if boundary && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        prev = Some(c);
    }
    let out = out.trim_matches(['-', '_']).to_string();
    if RESERVED.contains(&out.as_str()) {
        return format!("{out}-api");
    }
    out
}

/// The named types an operation's calls use directly.
fn op_roots(op: &Operation) -> Vec<&TypeRef> {
    let mut out: Vec<&TypeRef> = op.sent_types().collect();
    for r in &op.responses {
        match &r.body {
            ResponseBody::Json(t) | ResponseBody::EventStream(Some(t)) => out.push(t),
            _ => {}
        }
        out.extend(r.headers.iter().map(|h| &h.ty));
    }
    if let Some(p) = &op.pagination {
        out.push(&p.item_type);
    }
    out
}

/// The named type a reference holds, through lists, maps and `null`.
fn named(t: &TypeRef) -> Option<&str> {
    match t {
        TypeRef::Named(n) => Some(n),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner),
        _ => None,
    }
}

/// Sets each type's features from the operations that reach it.
fn gate_types(api: &mut Api) {
    let index: BTreeMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            t.kind
                .refs()
                .into_iter()
                .filter_map(named)
                .filter_map(|n| index.get(n).copied())
                .collect()
        })
        .collect();
    // Everything reachable from `starts`.
    let reach = |starts: Vec<usize>| {
        let mut seen = BTreeSet::new();
        let mut stack = starts;
        while let Some(i) = stack.pop() {
            if seen.insert(i) {
                stack.extend(edges[i].iter().copied());
            }
        }
        seen
    };
    let mut needed: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    for op in &api.operations {
        let Some(feature) = &op.feature else { continue };
        let starts = op_roots(op)
            .into_iter()
            .filter_map(named)
            .filter_map(|n| index.get(n).copied())
            .collect();
        for i in reach(starts) {
            needed[i].insert(feature.clone());
        }
    }
    let unreached: Vec<usize> = (0..api.types.len())
        .filter(|&i| needed[i].is_empty())
        .collect();
    let always = reach(unreached);
    for (i, def) in api.types.iter_mut().enumerate() {
        def.features = if always.contains(&i) {
            Vec::new()
        } else {
            needed[i].iter().cloned().collect()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{feature_name, path_group};
    use crate::lower::tests::lower_spec;
    use serde_json::json;

    fn get(tags: serde_json::Value, schema: &str) -> serde_json::Value {
        json!({"get": {"operationId": schema.to_lowercase(), "tags": tags, "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}},
        }}}})
    }

    #[test]
    fn types_take_the_features_of_the_operations_that_reach_them() {
        let api = lower_spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1.0.0"},
            "paths": {"/v1/a": get(json!(["A"]), "Pa"), "/v1/b": get(json!([]), "Pb")},
            "components": {"schemas": {
                "Pa": {"type": "object", "properties": {"s": {"$ref": "#/components/schemas/Shared"}}},
                "Pb": {"type": "object", "properties": {"s": {"$ref": "#/components/schemas/Shared"}}},
                "Shared": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/Kept"}}},
                "Kept": {"type": "object", "properties": {"x": {"type": "string"}}},
                "Orphan": {"type": "object", "properties": {"k": {"$ref": "#/components/schemas/Kept"}}},
            }},
        }));
        let features = |name: &str| {
            let def = api.types.iter().find(|t| t.name == name);
            def.map(|t| t.features.clone()).unwrap_or_default()
        };
        assert_eq!(features("Pa"), ["a"]);
        assert_eq!(features("Pb"), ["b"]);
        assert_eq!(features("Shared"), ["a", "b"]);
        assert!(features("Kept").is_empty(), "an unreached type uses it");
        assert!(features("Orphan").is_empty());
        let names: Vec<&str> = api.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn the_document_root_can_turn_features_off() {
        let api = lower_spec(json!({
            "openapi": "3.0.3",
            "x-rust-features": false,
            "info": {"title": "T", "version": "1.0.0"},
            "paths": {"/v1/a": get(json!(["A"]), "Pa")},
            "components": {"schemas": {"Pa": {"type": "object"}}},
        }));
        assert!(api.features.is_empty());
        assert!(api.operations.iter().all(|o| o.feature.is_none()));
        assert!(api.types.iter().all(|t| t.features.is_empty()));
    }

    #[test]
    fn paths_skip_versions_prefixes_and_variables() {
        for (path, want) in [
            ("/public/v1/media", "media"),
            ("/v1/customers/{id}", "customers"),
            ("/api/v2beta1/mailingLists", "mailing-lists"),
            ("/{tenant}/v3/orders", "orders"),
            ("/", "root"),
            ("/v1", "root"),
        ] {
            assert_eq!(path_group(path), want, "{path}");
        }
    }

    #[test]
    fn names_are_cargo_feature_names() {
        for (text, want) in [
            ("Contacts", "contacts"),
            ("Transactional emails", "transactional-emails"),
            ("API key", "api-key"),
            ("mailingLists", "mailing-lists"),
            ("default", "default-api"),
            ("URL", "url-api"),
            ("  ", ""),
            ("Über", "ber"),
        ] {
            assert_eq!(feature_name(text), want, "{text}");
        }
    }
}
