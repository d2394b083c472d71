//! Cargo features: each operation's area of the API, and the features each
//! type is needed by.
//!
//! An operation's group is its `x-rust-feature`; else its first tag (or that
//! tag object's `x-rust-feature`); else the first meaningful segment of its
//! path (`/public/v1/media` → `media`, `/v1/customers/{id}` → `customers`).
//! `x-rust-features: false` at the document root or in `info` turns features
//! off. Which types, fields and variants each feature compiles is decided in
//! `type_gates`.

use crate::ir::{Api, Feature, Operation};
use serde_json::Value;
use std::collections::BTreeMap;

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
        .map(|(name, operations)| Feature {
            name,
            operations,
            unused_types: false,
        })
        .collect();
    super::type_gates::gate(api);
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
