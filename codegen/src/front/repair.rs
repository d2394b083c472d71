//! Repair: real specs stray from the OpenAPI 3.0 schema in ways whose intent
//! is clear (`type: Integer`, `type: [string, "null"]`, a `maxLength` past 64
//! bits, a `$ref` to nothing). Before the typed model is built, each such
//! stray is fixed in the raw document and reported as a located warning, so
//! one odd corner does not cost the whole client.
//!
//! What cannot be repaired here is left for [`crate::front::model::to_model`], whose
//! errors [`skip_broken`] turns into skipping just the item that holds them.

use crate::diag::{join, Diagnostics};
use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Walks the document and repairs every schema and reference in it.
pub fn repair(raw: &mut Value, diags: &mut Diagnostics) {
    let mut targets = BTreeSet::new();
    collect_refs(raw, "", &mut targets, 0);
    let dangling = targets
        .into_iter()
        .filter(|t| !t.starts_with('#') || crate::validate::resolve_pointer(raw, t).is_none())
        .collect();
    let mut r = Repairer {
        dangling,
        diags,
        nesting: 0,
        parts: 0,
    };
    r.other(raw, "#", 0, false);
}

/// Every `$ref` string in the document, outside data; `node` is under `parent`.
fn collect_refs(node: &Value, parent: &str, out: &mut BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Value::String(t) = v {
                        out.insert(t.clone());
                    }
                } else if walked(k, parent) {
                    collect_refs(v, k, out, depth + 1);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_refs(v, "", out, depth + 1)),
        _ => {}
    }
}

/// Deeper than this, a document is not walked further (the parsers stop
/// well before, at 128 levels).
const MAX_DEPTH: usize = 512;

/// Schemas nested deeper than this (in `properties`, `items`, `allOf`…) are
/// typed as any JSON value. The model's deserialiser takes some 50 KB of
/// stack per level in a debug build, so 20 levels (inside a callback, the
/// deepest other part) fit a 2 MiB thread; real specs nest a dozen at most.
const MAX_SCHEMA_NESTING: usize = 20;

struct Repairer<'d> {
    /// `$ref` targets that cannot be followed: local ones that point to
    /// nothing, and every external one.
    dangling: BTreeSet<String>,
    diags: &'d mut Diagnostics,
    /// How many schemas enclose the one being repaired.
    nesting: usize,
    /// How many of [`RECURSIVE_PARTS`] enclose the node being walked (0 or 1).
    parts: usize,
}

/// Parts that can hold themselves again: a callback's operations their own
/// `callbacks`, a media type's `encoding` headers their own `content`. Each
/// level takes hundreds of KB of stack to build in a debug build, and the
/// generator reads neither inside the other, so such nested ones are dropped.
const RECURSIVE_PARTS: [&str; 2] = ["callbacks", "encoding"];

/// Keys under which a non-schema object holds a map of names (besides the
/// sections of `components` and [`RECURSIVE_PARTS`]): there a key such as
/// `x-request-id` or `default` is a name, not an extension or data.
const NAME_MAPS: [&str; 3] = ["headers", "content", "links"];

/// Keys under which a non-schema object holds one schema.
const SCHEMA_KEYS: [&str; 1] = ["schema"];

/// Keys whose values are data or free text, never walked.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Whether the value under `key`, in a map under `parent`, is walked: all but
/// data, and a `default` response is no default value.
fn walked(key: &str, parent: &str) -> bool {
    !is_data(key) || (key == "default" && parent == "responses")
}

impl Repairer<'_> {
    /// A node that is not a schema: walked for schemas and references.
    /// `names` says its keys are names (of headers, media types, components,
    /// …), so none is a keyword, an extension or data.
    fn other(&mut self, node: &mut Value, pointer: &str, depth: usize, names: bool) {
        if depth > MAX_DEPTH {
            return;
        }
        match node {
            Value::Object(map) => {
                if !names
                    && map
                        .get("$ref")
                        .and_then(|t| self.broken_reference(t))
                        .is_some()
                {
                    // Lowering skips and reports a path item, parameter, body,
                    // response or header whose reference cannot be followed.
                    return;
                }
                let in_components = pointer == "#/components";
                let parent = pointer.rsplit('/').next().unwrap_or_default();
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    if !names && !walked(&key, parent) {
                        continue;
                    }
                    let child_ptr = join(pointer, &[&key]);
                    let Some(child) = map.get_mut(&key) else {
                        continue;
                    };
                    if names {
                        self.other(child, &child_ptr, depth + 1, false);
                    } else if SCHEMA_KEYS.contains(&key.as_str()) {
                        self.schema(child, &child_ptr, depth + 1);
                    } else if in_components && key == "schemas" {
                        if let Value::Object(schemas) = child {
                            for (name, s) in schemas.iter_mut() {
                                self.schema(s, &join(&child_ptr, &[name]), depth + 2);
                            }
                        }
                    } else if RECURSIVE_PARTS.contains(&key.as_str()) {
                        if self.parts > 0 {
                            self.diags.warning(
                                &child_ptr,
                                format!(
                                    "`{key}` inside a callback or an encoding is not read; skipped"
                                ),
                            );
                            map.shift_remove(&key);
                            continue;
                        }
                        self.parts += 1;
                        self.other(child, &child_ptr, depth + 1, true);
                        self.parts -= 1;
                    } else {
                        let names = in_components || NAME_MAPS.contains(&key.as_str());
                        self.other(child, &child_ptr, depth + 1, names);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.other(item, &join(pointer, &[&i.to_string()]), depth + 1, false);
                }
            }
            _ => {}
        }
    }

    /// Why a `$ref` value cannot be followed, if it cannot.
    fn broken_reference(&self, target: &Value) -> Option<String> {
        match target {
            Value::String(t) if !self.dangling.contains(t) => None,
            Value::String(t) if t.starts_with('#') => {
                Some(format!("reference `{t}` points to nothing"))
            }
            Value::String(t) => Some(format!(
                "external reference `{t}` is not supported (bundle the document to use it)"
            )),
            _ => Some("`$ref` is not a string".into()),
        }
    }

    /// A schema, within [`MAX_SCHEMA_NESTING`].
    fn schema(&mut self, node: &mut Value, pointer: &str, depth: usize) {
        if self.nesting >= MAX_SCHEMA_NESTING {
            self.diags.warning(
                pointer,
                format!(
                    "schema nests deeper than {MAX_SCHEMA_NESTING} levels; typed as any JSON value"
                ),
            );
            *node = Value::Object(Map::new());
            return;
        }
        self.nesting += 1;
        self.schema_level(node, pointer, depth);
        self.nesting -= 1;
    }

    /// A schema: its keywords made to fit the OpenAPI 3.0 schema object.
    fn schema_level(&mut self, node: &mut Value, pointer: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.diags
                .warning(pointer, "schema nests too deeply; typed as any JSON value");
            *node = Value::Object(Map::new());
            return;
        }
        if !node.is_object() {
            if *node != Value::Bool(true) {
                let what = kind(node);
                self.diags.warning(
                    pointer,
                    format!("a schema must be an object, not {what}; typed as any JSON value"),
                );
            }
            // JSON Schema's `true` accepts anything, as `{}` does.
            *node = Value::Object(Map::new());
            return;
        }
        let map = match node {
            Value::Object(map) => map,
            _ => return,
        };
        if map.contains_key("$ref") {
            if let Some(why) = map.get("$ref").and_then(|t| self.broken_reference(t)) {
                self.diags.warning(
                    join(pointer, &["$ref"]),
                    format!("{why}; typed as any JSON value"),
                );
                *map = Map::new();
            }
            // Siblings of `$ref` are ignored by OpenAPI 3.0.
            return;
        }
        self.schema_type(map, pointer);
        keywords(map, pointer, self.diags);
        alternatives_as_items(map, pointer, self.diags);
        for key in ["items", "not", "additionalProperties"] {
            if let Some(child) = map.get_mut(key) {
                if key == "additionalProperties" && child.is_boolean() {
                    continue;
                }
                if key == "items" {
                    if let Value::Array(tuple) = child {
                        *child = tuple_items(std::mem::take(tuple), pointer, self.diags);
                    }
                }
                self.schema(child, &join(pointer, &[key]), depth + 1);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(items)) = map.get_mut(key) {
                for (i, item) in items.iter_mut().enumerate() {
                    self.schema(item, &join(pointer, &[key, &i.to_string()]), depth + 1);
                }
            }
        }
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            let ptr = join(pointer, &["properties"]);
            for (name, p) in props.iter_mut() {
                self.schema(p, &join(&ptr, &[name]), depth + 1);
            }
        }
        // Tried here, level by level once the children fit: the model's
        // untagged types parse a failing subtree twice per level, so a
        // misfit deep in a schema would take exponential time to find later.
        if let Err(why) = ReferenceOr::<Schema>::deserialize(&level(map)) {
            self.diags.warning(
                pointer,
                format!(
                    "a schema does not fit the OpenAPI 3.0 schema ({why}); typed as any JSON value"
                ),
            );
            *map = Map::new();
        }
    }

    /// `type` spelled as the schema object allows: one of seven lower-case
    /// names; a list with `null` becomes `nullable`.
    fn schema_type(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(ty) = map.get("type").cloned() else {
            return;
        };
        let at = join(pointer, &["type"]);
        let json_schema = match &ty {
            Value::String(s) => s == "null",
            Value::Array(list) => list.iter().all(|t| {
                t.as_str()
                    .is_some_and(|t| t == "null" || VALID_TYPES.contains(&t))
            }),
            _ => false,
        };
        if json_schema {
            // JSON Schema's own way to write types (3.1 and some 2.0 writers).
            self.diags.warning(
                at,
                format!(
                    "`type: {}` is JSON Schema, not OpenAPI 3.0; read as OpenAPI 3.1 reads it",
                    compact(&ty)
                ),
            );
            crate::front::v31::types::rewrite(map, pointer, self.diags);
            return;
        }
        let fixed = match &ty {
            Value::String(s) if VALID_TYPES.contains(&s.as_str()) => return,
            Value::String(s) => canonical_type(s),
            Value::Array(list) => {
                let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                if names.contains(&"null") {
                    map.insert("nullable".into(), Value::Bool(true));
                }
                let rest: Vec<&str> = names.into_iter().filter(|n| *n != "null").collect();
                match rest.as_slice() {
                    [one] => canonical_type(one),
                    _ => None,
                }
            }
            _ => None,
        };
        match fixed {
            Some(t) => {
                self.diags
                    .warning(at, format!("`type: {}` read as `type: {t}`", compact(&ty)));
                map.insert("type".into(), Value::String(t.into()));
            }
            None => {
                self.diags.warning(
                    at,
                    format!(
                        "`type: {}` is not an OpenAPI 3.0 type; typed by its other keywords",
                        compact(&ty)
                    ),
                );
                map.remove("type");
            }
        }
    }
}

const VALID_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// The OpenAPI type a loosely written one means, when that is clear.
/// One level of a schema: its child schemas stand as `{}`, which always fits.
fn level(map: &Map<String, Value>) -> Value {
    let stub = |v: &Value| match v {
        Value::Object(_) => Value::Object(Map::new()),
        other => other.clone(),
    };
    let mut out = Map::new();
    for (k, v) in map {
        let v = match (k.as_str(), v) {
            ("items" | "not" | "additionalProperties", _) => stub(v),
            ("allOf" | "oneOf" | "anyOf", Value::Array(items)) => {
                Value::Array(items.iter().map(stub).collect())
            }
            ("properties", Value::Object(props)) => {
                Value::Object(props.iter().map(|(n, p)| (n.clone(), stub(p))).collect())
            }
            _ => v.clone(),
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

fn canonical_type(s: &str) -> Option<&'static str> {
    let lower = s.trim().to_ascii_lowercase();
    Some(match lower.as_str() {
        "string" | "str" | "text" | "date" | "datetime" | "date-time" => "string",
        "number" | "float" | "double" | "decimal" => "number",
        "integer" | "int" | "int32" | "int64" | "long" => "integer",
        "boolean" | "bool" => "boolean",
        "array" | "list" => "array",
        "object" | "map" | "dict" => "object",
        _ => return None,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value shown in a message, cut short.
fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// Keywords whose value must be a count (a non-negative integer).
const COUNTS: [&str; 6] = [
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maxProperties",
    "minProperties",
];

/// Keywords whose value must be a boolean.
const FLAGS: [&str; 7] = [
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// Keywords whose value must be a string.
const TEXTS: [&str; 4] = ["format", "pattern", "title", "description"];

/// Every keyword of one schema checked for the shape its value must have.
fn keywords(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let drop = |map: &mut Map<String, Value>, key: &str, why: String, diags: &mut Diagnostics| {
        diags.warning(join(pointer, &[key]), format!("{why}; ignored"));
        map.remove(key);
    };
    for key in COUNTS {
        let Some(v) = map.get(key) else { continue };
        if v.as_u64().is_some() {
            continue;
        }
        match v.as_f64() {
            Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= u32::MAX as f64 => {
                map.insert(key.into(), Value::from(f as u64));
            }
            _ => {
                let why = format!("`{key}: {}` is not a count", compact(v));
                drop(map, key, why, diags)
            }
        }
    }
    // OpenAPI 3.1 writes exclusive bounds as numbers.
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n) = map.get(flag).filter(|v| v.is_number()).cloned() {
            diags.warning(
                join(pointer, &[flag]),
                format!("`{flag}: {n}` is OpenAPI 3.1 style; read as `{bound}: {n}, {flag}: true`"),
            );
            map.insert(bound.into(), n);
            map.insert(flag.into(), Value::Bool(true));
        }
    }
    for key in FLAGS {
        if map.get(key).is_some_and(|v| !v.is_boolean()) {
            let v = compact(&map[key]);
            drop(map, key, format!("`{key}: {v}` is not a boolean"), diags);
        }
    }
    for key in TEXTS {
        if map.get(key).is_some_and(|v| !v.is_string()) {
            let v = compact(&map[key]);
            drop(map, key, format!("`{key}: {v}` is not a string"), diags);
        }
    }
    let integer = map.get("type").and_then(Value::as_str) == Some("integer");
    for key in ["minimum", "maximum", "multipleOf"] {
        let Some(v) = map.get(key) else { continue };
        let fits = if integer {
            v.as_i64().is_some()
                || v.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() < i64::MAX as f64)
        } else {
            v.is_number()
        };
        if !fits {
            let v = compact(v);
            drop(
                map,
                key,
                format!("`{key}: {v}` does not fit the schema's type"),
                diags,
            );
        } else if integer && v.as_i64().is_none() {
            let n = v.as_f64().map_or(0, |f| f as i64);
            map.insert(key.into(), Value::from(n));
        }
    }
    match map.get("required") {
        Some(Value::Array(names)) if names.iter().all(Value::is_string) => {}
        Some(Value::Array(_)) => {
            diags.warning(
                join(pointer, &["required"]),
                "`required` lists something that is not a property name; that entry is ignored",
            );
            if let Some(Value::Array(names)) = map.get_mut("required") {
                names.retain(Value::is_string);
            }
        }
        Some(v) => {
            let v = compact(v);
            drop(
                map,
                "required",
                format!("`required: {v}` is not a list of names"),
                diags,
            );
        }
        None => {}
    }
    match map.get("properties") {
        None | Some(Value::Object(_)) => {}
        Some(Value::Array(names)) if names.iter().all(Value::is_string) => {
            diags.warning(
                join(pointer, &["properties"]),
                "`properties` is a list of names, not a map of schemas; each is typed as any JSON value",
            );
            let props: Map<String, Value> = names
                .iter()
                .filter_map(Value::as_str)
                .map(|n| (n.to_string(), Value::Object(Map::new())))
                .collect();
            map.insert("properties".into(), Value::Object(props));
        }
        Some(v) => {
            let v = compact(v);
            drop(
                map,
                "properties",
                format!("`properties: {v}` is not a map of schemas"),
                diags,
            );
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if map.get(key).is_some_and(|v| !v.is_array()) {
            let v = compact(&map[key]);
            drop(
                map,
                key,
                format!("`{key}: {v}` is not a list of schemas"),
                diags,
            );
        }
    }
    if let Some(v) = map.get("additionalProperties") {
        if !v.is_boolean() && !v.is_object() {
            let v = compact(v);
            drop(
                map,
                "additionalProperties",
                format!("`additionalProperties: {v}` is neither a boolean nor a schema"),
                diags,
            );
        }
    }
    if let Some(v) = map.get("items") {
        if !v.is_object() && !v.is_array() && v != &Value::Bool(true) {
            let v = compact(v);
            drop(map, "items", format!("`items: {v}` is not a schema"), diags);
        }
    }
    if let Some(v) = map.get("discriminator") {
        if v.get("propertyName").and_then(Value::as_str).is_none() {
            let v = compact(v);
            drop(
                map,
                "discriminator",
                format!("`discriminator: {v}` has no `propertyName`"),
                diags,
            );
        }
    }
    enum_values(map, pointer, diags);
}

/// An `enum` whose values fit the schema's type: text for strings, 64-bit
/// integers for integers.
fn enum_values(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let ty = map.get("type").and_then(Value::as_str).map(str::to_string);
    let at = join(pointer, &["enum"]);
    let Some(values) = map.get_mut("enum") else {
        return;
    };
    let Value::Array(items) = values else {
        diags.warning(&at, "`enum` is not a list; ignored");
        map.remove("enum");
        return;
    };
    match ty.as_deref() {
        Some("string") if items.iter().any(|v| !v.is_string() && !v.is_null()) => {
            diags.warning(
                &at,
                "values of a string `enum` that are not strings are read as their text",
            );
            for v in items.iter_mut() {
                if !v.is_string() && !v.is_null() {
                    let text = v.to_string();
                    *v = Value::String(text);
                }
            }
        }
        Some("integer") => {
            let before = items.len();
            items.retain(|v| v.is_null() || v.as_i64().is_some());
            if items.len() != before {
                diags.warning(
                    &at,
                    "values of an integer `enum` that are not 64-bit integers are left out",
                );
            }
        }
        Some("number") => {
            let before = items.len();
            items.retain(|v| v.is_null() || v.is_number());
            if items.len() != before {
                diags.warning(
                    &at,
                    "values of a number `enum` that are not numbers are left out",
                );
            }
        }
        Some("boolean") => {
            let before = items.len();
            items.retain(|v| v.is_null() || v.is_boolean());
            if items.len() != before {
                diags.warning(
                    &at,
                    "values of a boolean `enum` that are not booleans are left out",
                );
            }
        }
        _ => {}
    }
}

/// How many parts of a document may be skipped before giving up on it.
const MAX_SKIPS: usize = 64;

/// Builds the typed model. Where a part of the document still does not fit
/// it, the innermost item that holds the misfit and can go (a schema, a
/// parameter, a response, an operation, a path) is skipped with a warning
/// that names it, and the model is tried again. A misfit outside any such
/// item is returned as the error it is.
pub fn skip_broken(
    raw: &mut Value,
    diags: &mut Diagnostics,
) -> Result<openapiv3::OpenAPI, crate::Diagnostic> {
    for _ in 0..=MAX_SKIPS {
        let error = match crate::front::model::to_model(raw) {
            Ok(spec) => return Ok(spec),
            Err(e) => e,
        };
        let Some(broken) = crate::front::misfit::find(raw) else {
            return Err(error);
        };
        if !remove(raw, &broken) {
            return Err(error);
        }
        let outcome = if broken.what == "a schema" {
            "typed as any JSON value"
        } else {
            "skipped"
        };
        diags.warning(
            broken.pointer,
            format!(
                "{} does not fit the OpenAPI 3.0 schema ({}); {outcome}",
                broken.what, broken.why
            ),
        );
    }
    crate::front::model::to_model(raw)
}

/// A list under `items` of a schema that is no array: some writers list
/// a value's alternatives there (`items: [{$ref: Message}, {type: "null"}]`
/// for "a message or null"). Read as `anyOf` of the entries, with a warning.
fn alternatives_as_items(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let is_array = map.get("type").and_then(Value::as_str) == Some("array");
    let composed = ["anyOf", "oneOf", "allOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    if is_array || composed || !matches!(map.get("items"), Some(Value::Array(_))) {
        return;
    }
    if let Some(entries) = map.shift_remove("items") {
        diags.warning(
            join(pointer, &["items"]),
            "`items` is a list on a schema that is no array; read as `anyOf` of its entries",
        );
        map.insert("anyOf".into(), entries);
    }
}

/// Tuple-style `items` (a list, one schema per position) of an array: the
/// items' type is the one the entries share, else a `oneOf` of them, with a
/// warning that positions are not kept. A `{type: "null"}` entry makes the
/// items nullable.
fn tuple_items(entries: Vec<Value>, pointer: &str, diags: &mut Diagnostics) -> Value {
    let at = join(pointer, &["items"]);
    use crate::front::v31::types::is_null;
    let nullable = entries.iter().any(is_null);
    let mut kinds: Vec<Value> = Vec::new();
    for e in entries.into_iter().filter(|e| !is_null(e)) {
        if !kinds.contains(&e) {
            kinds.push(e);
        }
    }
    let mut items = match kinds.len() {
        0 => Value::Object(Map::new()),
        1 => kinds.remove(0),
        _ => {
            let mut map = Map::new();
            map.insert("oneOf".into(), Value::Array(kinds));
            Value::Object(map)
        }
    };
    let shared = items.get("oneOf").is_none();
    diags.warning(
        at,
        if shared {
            "tuple `items` (a list) is not OpenAPI 3.0; its entries share one type, used for every item"
        } else {
            "tuple `items` (a list) is not OpenAPI 3.0; items are typed as one of its entries, positions are not kept"
        },
    );
    if nullable {
        if let Value::Object(map) = &mut items {
            if map.contains_key("$ref") {
                let reference = map.clone();
                map.clear();
                map.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
            }
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    items
}

/// Removes the item (or, for a schema, makes it `{}`).
fn remove(raw: &mut Value, broken: &crate::front::misfit::Misfit) -> bool {
    let Some((last, parents)) = broken.segments.split_last() else {
        return false;
    };
    let parent = parents.iter().try_fold(&mut *raw, |node, seg| match node {
        Value::Object(m) => m.get_mut(seg.as_str()),
        Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?),
        _ => None,
    });
    let empty = broken.what == "a schema";
    match parent {
        Some(Value::Object(m)) if empty => m
            .get_mut(last.as_str())
            .map(|s| *s = Value::Object(Map::new()))
            .is_some(),
        Some(Value::Array(a)) if empty => last
            .parse::<usize>()
            .ok()
            .and_then(|i| a.get_mut(i))
            .map(|s| *s = Value::Object(Map::new()))
            .is_some(),
        Some(Value::Object(m)) => m.shift_remove(last.as_str()).is_some(),
        Some(Value::Array(a)) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => {
                a.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(mut doc: Value) -> (Value, Vec<crate::Diagnostic>) {
        let mut diags = Diagnostics::default();
        repair(&mut doc, &mut diags);
        (doc, diags.into_vec())
    }

    fn schema(properties: Value) -> Value {
        json!({ "openapi": "3.0.3", "paths": {}, "components": { "schemas": {
            "T": { "type": "object", "properties": properties }
        } } })
    }

    #[test]
    fn a_list_of_items_on_no_array_is_a_union_of_its_entries() {
        let (doc, diags) = repaired(schema(json!({
            "latest": { "items": [{ "$ref": "#/components/schemas/T" }, { "type": "null" }] }
        })));
        let latest = doc
            .pointer("/components/schemas/T/properties/latest")
            .unwrap();
        assert_eq!(latest.get("items"), None);
        assert_eq!(
            latest.pointer("/anyOf/0/$ref"),
            Some(&json!("#/components/schemas/T"))
        );
        assert_eq!(latest.pointer("/anyOf/1/enum"), Some(&json!([null])));
        assert!(diags[0].message.contains("read as `anyOf`"), "{diags:?}");
    }

    #[test]
    fn tuple_items_keep_a_shared_type_and_nullability() {
        let (doc, _) = repaired(schema(json!({
            "same": { "type": "array", "items": [{ "type": "string" }, { "type": "string" }] },
            "mixed": { "type": "array", "items": [{ "type": "string" }, { "type": "integer" }] },
            "maybe": { "type": "array", "items": [{ "$ref": "#/components/schemas/T" }, { "type": "null" }] }
        })));
        let p = |n: &str| {
            doc.pointer(&format!("/components/schemas/T/properties/{n}/items"))
                .cloned()
        };
        assert_eq!(p("same"), Some(json!({ "type": "string" })));
        assert_eq!(
            p("mixed"),
            Some(json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }] }))
        );
        assert_eq!(
            p("maybe"),
            Some(json!({ "allOf": [{ "$ref": "#/components/schemas/T" }], "nullable": true }))
        );
    }
}
