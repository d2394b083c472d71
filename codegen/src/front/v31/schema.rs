//! One JSON Schema 2020-12 schema rewritten into the OpenAPI 3.0 schema
//! object, its subschemas already done. Each rule keeps the type the schema
//! gives; what 3.0 cannot say is dropped with a warning where that changes
//! meaning:
//!
//! - `const` → a one-value `enum` (with the `type` its value has);
//! - `examples` (a list) → `example`, the first;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → the bound plus `true`;
//! - `contentEncoding: base64` → `format: byte`; a binary `contentMediaType`
//!   → `format: binary`; a number format written as `contentEncoding`
//!   (`int32`, as ClickUp does) → that `format`;
//! - `prefixItems` → `items` (the one type, else `oneOf` the position
//!   types, warned), the list kept in `x-prefix-items`;
//! - `unevaluatedProperties` → `additionalProperties`; `patternProperties`
//!   → `additionalProperties` of its schema (the pattern unchecked, warned);
//! - `type` lists and `type: "null"` (see [`super::types`]);
//! - a `$ref` with siblings → `allOf: [{$ref}]` plus the siblings;
//! - an `anyOf`/`oneOf` with a null member → also `nullable: true`;
//! - `if`/`then`/`else`, `dependentRequired`, `dependentSchemas` and
//!   `$dynamicRef` → dropped with a warning; annotations → dropped.

use super::types;
use crate::diag::{join, Diagnostics};
use serde_json::{json, Map, Value};

/// Keywords with no 3.0 form that do not change a type: dropped quietly.
const QUIET: [&str; 12] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "contentSchema",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];

/// Keywords with no 3.0 form whose loss changes what is accepted.
const LOUD: [&str; 7] = [
    "if",
    "dependentRequired",
    "dependentSchemas",
    "$dynamicRef",
    "$recursiveRef",
    "then",
    "else",
];

/// Rewrites one schema's own keywords in place.
pub fn rewrite(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    drop_keywords(map, pointer, diags);
    constant(map);
    examples(map);
    bounds(map);
    content(map, pointer, diags);
    prefix_items(map, pointer, diags);
    object_keywords(map, pointer, diags);
    types::rewrite(map, pointer, diags);
    reference_siblings(map);
    null_member(map);
}

fn drop_keywords(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    for key in QUIET {
        map.shift_remove(key);
    }
    let conditional = map.contains_key("if");
    for key in LOUD {
        if map.shift_remove(key).is_none() {
            continue;
        }
        let message = match key {
            "if" => {
                "`if`/`then`/`else` has no OpenAPI 3.0 form; the condition is not checked".into()
            }
            "then" | "else" if conditional => continue,
            "then" | "else" => format!("`{key}` without `if` has no effect; ignored"),
            "$dynamicRef" | "$recursiveRef" => {
                format!("`{key}` has no OpenAPI 3.0 form; what it names is typed as any JSON value")
            }
            _ => format!("`{key}` has no OpenAPI 3.0 form; it is not checked"),
        };
        diags.warning(join(pointer, &[key]), message);
    }
}

/// `const: v` → `enum: [v]`, typed by the value when no `type` is given.
fn constant(map: &mut Map<String, Value>) {
    let Some(v) = map.shift_remove("const") else {
        return;
    };
    if v.is_null() {
        map.insert("nullable".into(), Value::Bool(true));
    } else if !map.contains_key("type") {
        map.insert("type".into(), Value::String(type_of(&v).into()));
    }
    map.insert("enum".into(), Value::Array(vec![v]));
}

/// The JSON Schema type of a value.
pub fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `examples: [a, …]` → `example: a`.
fn examples(map: &mut Map<String, Value>) {
    if let Some(Value::Array(list)) = map.shift_remove("examples") {
        if let (false, Some(first)) = (map.contains_key("example"), list.into_iter().next()) {
            map.insert("example".into(), first);
        }
    }
}

/// Numeric exclusive bounds → the bound plus the 3.0 flag (the stricter of
/// the two where both are given).
fn bounds(map: &mut Map<String, Value>) {
    for (flag, bound, stricter) in [
        ("exclusiveMinimum", "minimum", 1.0),
        ("exclusiveMaximum", "maximum", -1.0),
    ] {
        let Some(n) = map.get(flag).filter(|v| v.is_number()).cloned() else {
            continue;
        };
        let exclusive = n.as_f64().unwrap_or_default();
        let takes = match map.get(bound).and_then(Value::as_f64) {
            Some(inclusive) => (exclusive - inclusive) * stricter >= 0.0,
            None => true,
        };
        if takes {
            map.insert(bound.into(), n);
            map.insert(flag.into(), Value::Bool(true));
        } else {
            map.shift_remove(flag);
        }
    }
}

/// Number formats ClickUp writes as `contentEncoding`.
const NUMBER_FORMATS: [&str; 4] = ["int32", "int64", "float", "double"];

/// `contentEncoding`/`contentMediaType` → a string `format` where they say
/// the string holds bytes.
fn content(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let encoding = map.shift_remove("contentEncoding");
    let media = map.shift_remove("contentMediaType");
    let ty = match map.get("type") {
        None => "string".to_string(),
        Some(_) => types::single(map).unwrap_or_default(),
    };
    let ty = ty.as_str();
    let free = !map.contains_key("format");
    if let Some(enc) = &encoding {
        let name = enc.as_str().unwrap_or_default().to_ascii_lowercase();
        let format = match (ty, name.as_str()) {
            ("integer" | "number", n) if NUMBER_FORMATS.contains(&n) => n,
            ("string", "base64" | "base64url") => "byte",
            ("string", "binary") => "binary",
            // A number format on a string says nothing about bytes.
            (_, n) if NUMBER_FORMATS.contains(&n) => return,
            _ => {
                diags.warning(
                    join(pointer, &["contentEncoding"]),
                    format!("`contentEncoding: {enc}` is not read; ignored"),
                );
                return;
            }
        };
        if free {
            map.insert("format".into(), Value::String(format.into()));
        }
        return;
    }
    let binary = media
        .as_ref()
        .and_then(Value::as_str)
        .is_some_and(|m| !is_text(m));
    if binary && ty == "string" && free {
        map.entry("type").or_insert_with(|| "string".into());
        map.insert("format".into(), Value::String("binary".into()));
    }
}

/// Whether a media type is text (a string of it is no bytes).
fn is_text(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    m.starts_with("text/")
        || m.ends_with("json")
        || m.ends_with("xml")
        || m.contains("javascript")
        || m == "application/x-www-form-urlencoded"
}

/// `prefixItems` → `items` typed by every position.
fn prefix_items(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let positions = match map.shift_remove("prefixItems") {
        Some(Value::Array(positions)) => positions,
        Some(other) => {
            let at = join(pointer, &["prefixItems"]);
            let message = format!("`prefixItems: {other}` is not a list of schemas; ignored");
            return diags.warning(at, message);
        }
        None => return,
    };
    let mut kinds: Vec<Value> = Vec::new();
    let rest = map.shift_remove("items");
    let closed = json!({"not": {}});
    for s in positions
        .iter()
        .chain(rest.iter().filter(|r| **r != closed))
    {
        if !kinds.contains(s) {
            kinds.push(s.clone());
        }
    }
    let items = match kinds.len() {
        0 => Value::Object(Map::new()),
        1 => kinds.remove(0),
        n => {
            diags.warning(
                join(pointer, &["prefixItems"]),
                format!("a tuple has no OpenAPI 3.0 form; each item is typed as one of its {n} position types"),
            );
            json!({ "oneOf": kinds })
        }
    };
    map.insert("items".into(), items);
    map.entry("type").or_insert_with(|| "array".into());
    map.insert("x-prefix-items".into(), Value::Array(positions));
}

/// `unevaluatedProperties` and `patternProperties` → `additionalProperties`.
fn object_keywords(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    if let Some(v) = map.shift_remove("unevaluatedProperties") {
        if !map.contains_key("additionalProperties") && (v.is_boolean() || v.is_object()) {
            map.insert("additionalProperties".into(), v);
        }
    }
    let Some(Value::Object(patterns)) = map.shift_remove("patternProperties") else {
        return;
    };
    let at = join(pointer, &["patternProperties"]);
    if map.contains_key("additionalProperties") {
        diags.warning(
            at,
            "`patternProperties` beside `additionalProperties` is not read; ignored",
        );
        return;
    }
    let names: Vec<&str> = patterns.keys().map(String::as_str).collect();
    diags.warning(
        &at,
        format!(
            "`patternProperties` read as `additionalProperties`; the pattern `{}` is not checked",
            names.join("`, `")
        ),
    );
    let mut kinds: Vec<Value> = Vec::new();
    for s in patterns.values() {
        if !kinds.contains(s) {
            kinds.push(s.clone());
        }
    }
    let value = match kinds.len() {
        0 => return,
        1 => kinds.remove(0),
        _ => json!({ "anyOf": kinds }),
    };
    map.insert("additionalProperties".into(), value);
}

/// Keys beside a `$ref` that say nothing about the type.
fn says_nothing(key: &str) -> bool {
    key == "$ref" || key == "summary" || key.starts_with("x-")
}

/// `{$ref, …siblings}` → `{allOf: [{$ref}], …siblings}`: OpenAPI 3.0 ignores
/// a reference's siblings, and a single-member `allOf` is the type it names.
fn reference_siblings(map: &mut Map<String, Value>) {
    if !map.contains_key("$ref") || map.keys().all(|k| says_nothing(k)) {
        return;
    }
    let Some(target) = map.shift_remove("$ref") else {
        return;
    };
    map.shift_remove("summary");
    // The reference gives the type; a sibling `type` would hide it.
    if map.get("type").is_some_and(Value::is_string) {
        map.shift_remove("type");
    }
    let mut members = vec![json!({ "$ref": target })];
    if let Some(Value::Array(more)) = map.shift_remove("allOf") {
        members.extend(more);
    }
    map.insert("allOf".into(), Value::Array(members));
}

/// A union with a null member is nullable.
fn null_member(map: &mut Map<String, Value>) {
    let nullable = ["anyOf", "oneOf"].iter().any(|k| {
        map.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|ms| ms.iter().any(types::is_null))
    });
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
}
