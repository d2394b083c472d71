//! `type` as JSON Schema 2020-12 writes it, in the OpenAPI 3.0 form:
//!
//! - `type: "null"` → `nullable: true, enum: [null]`, the 3.0 null schema
//!   (lowering reads it as the null member of a union);
//! - `type: [X, "null"]` → `type: X, nullable: true`;
//! - `type: [integer, number]` → `type: number`, the wider;
//! - any other list of types (`[integer, string]`, as ASP.NET writes numbers
//!   that may arrive as text) → `oneOf` one schema per type, each taking the
//!   keywords (`format`, `pattern`, `minimum`, `items`, `properties`, `enum`
//!   values, …) that apply to it (`anyOf` where `oneOf` is taken).

use super::schema::type_of;
use crate::diag::{join, Diagnostics};
use serde_json::{json, Map, Value};

/// Rewrites a schema's `type` in place.
pub fn rewrite(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let list = match map.get("type") {
        Some(Value::String(s)) if s == "null" => return make_null(map),
        Some(Value::Array(list)) => list.clone(),
        _ => return,
    };
    let at = join(pointer, &["type"]);
    let mut names: Vec<String> = Vec::new();
    for (i, v) in list.iter().enumerate() {
        match v.as_str() {
            Some(n) if !names.iter().any(|m| m == n) => names.push(n.to_string()),
            Some(_) => {}
            None => diags.warning(
                join(&at, &[&i.to_string()]),
                format!("`type` entry `{v}` is not a type name; ignored"),
            ),
        }
    }
    let nullable = names.iter().any(|n| n == "null");
    names.retain(|n| n != "null");
    match names.as_slice() {
        [] if nullable => return make_null(map),
        [] => {
            diags.warning(at, "`type` lists no type; typed by its other keywords");
            map.shift_remove("type");
            return;
        }
        [one] => {
            map.insert("type".into(), Value::String(one.clone()));
        }
        _ if names.iter().all(|n| n == "integer" || n == "number") => {
            map.insert("type".into(), Value::String("number".into()));
        }
        _ => split(map, &names, &at, diags),
    }
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
}

/// The one type other than `null` a schema names, if it names one.
pub fn single(map: &Map<String, Value>) -> Option<String> {
    let names: Vec<&str> = match map.get("type")? {
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    match names
        .into_iter()
        .filter(|n| *n != "null")
        .collect::<Vec<_>>()[..]
    {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

/// Whether a schema is the null schema (`type: "null"`, or its 3.0 form).
pub fn is_null(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    match map.get("type") {
        Some(t) => t == "null",
        None => {
            map.get("nullable") == Some(&Value::Bool(true))
                && map.get("enum") == Some(&json!([null]))
        }
    }
}

/// The 3.0 null schema, keeping annotations.
fn make_null(map: &mut Map<String, Value>) {
    map.shift_remove("type");
    map.insert("nullable".into(), Value::Bool(true));
    map.insert("enum".into(), json!([null]));
}

/// Keywords that apply to one type only.
fn owned(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["pattern", "minLength", "maxLength"],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "x-prefix-items",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// Formats of numbers; any other format is a string's.
const NUMBER_FORMATS: [&str; 6] = ["int32", "int64", "float", "double", "uint32", "uint64"];

/// Whether a value of `enum` (or a `format`) belongs to the member of type `ty`.
fn fits(value_type: &str, ty: &str) -> bool {
    value_type == ty || (value_type == "integer" && ty == "number")
}

/// A list of several types → one member schema per type.
fn split(map: &mut Map<String, Value>, names: &[String], at: &str, diags: &mut Diagnostics) {
    let keyword = match (map.contains_key("oneOf"), map.contains_key("anyOf")) {
        (false, _) => "oneOf",
        (true, false) => "anyOf",
        (true, true) => {
            diags.warning(
                at,
                "a list of types beside both `oneOf` and `anyOf` has no OpenAPI 3.0 form; typed by its other keywords",
            );
            map.shift_remove("type");
            return;
        }
    };
    let format = map
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_string);
    let values = map.get("enum").and_then(Value::as_array).cloned();
    let mut members = Vec::new();
    for ty in names {
        let mut member = Map::new();
        member.insert("type".into(), Value::String(ty.clone()));
        if let Some(f) = &format {
            let numeric = NUMBER_FORMATS.contains(&f.as_str());
            if numeric == (ty == "integer" || ty == "number") {
                member.insert("format".into(), Value::String(f.clone()));
            }
        }
        for key in owned(ty) {
            if let Some(v) = map.get(*key) {
                member.insert((*key).into(), v.clone());
            }
        }
        if let Some(values) = &values {
            let own: Vec<Value> = values
                .iter()
                .filter(|v| fits(type_of(v), ty))
                .cloned()
                .collect();
            if own.is_empty() {
                continue;
            }
            member.insert("enum".into(), Value::Array(own));
        }
        members.push(Value::Object(member));
    }
    if members.is_empty() {
        // No listed value fits a listed type: the values say what is meant.
        map.shift_remove("type");
        return;
    }
    for ty in names {
        for key in owned(ty) {
            map.shift_remove(*key);
        }
    }
    for key in ["type", "format", "enum"] {
        map.shift_remove(key);
    }
    map.insert(keyword.into(), Value::Array(members));
}
