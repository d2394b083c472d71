//! References anywhere: a `$ref` may be any JSON pointer into the document
//! (`#/components/schemas/Tag/allOf/0`, `#/paths/~1users/get/responses/200/…`,
//! `#/definitions/Pet`), while the model and lowering follow only
//! `#/components/<section>/<name>`. Each other local target is moved once
//! into the `components` section its referrers expect, named after where it
//! was, and left behind as a reference to its new place; every reference to
//! it is then rewritten. The document means the same, and the target is one
//! named type however many places use it.
//!
//! Targets are moved deepest first, so a target inside another one is moved
//! before its container, and every pointer still names what it named.
//! Percent-encoded fragments (`%7Btask_id%7D`) are decoded. References to
//! path items are replaced by a copy of the item, as the model does not
//! follow them.

use crate::diag::{escape_segment, Diagnostics};
use crate::front::origins::Origins;
use crate::front::METHODS;
use crate::names::pascal_case;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What a position in the document holds, and so what a `$ref` there names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
    PathItem,
}

impl Kind {
    /// The `components` section that holds this kind.
    fn section(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Header => "headers",
            Kind::Example => "examples",
            Kind::PathItem => "pathItems",
        }
    }
}

/// Deeper than this, a document is not walked further.
const MAX_DEPTH: usize = 256;

/// Moves every local reference target that is not a component into
/// `components`, and rewrites the references to it.
pub fn hoist(raw: &mut Value, diags: &mut Diagnostics, origins: &mut Origins) {
    let mut found = Vec::new();
    walk(raw, Kind::PathItem, Where::Document, &mut found, 0);
    // One entry per (decoded) target: the kind its first referrer expects.
    let mut targets: BTreeMap<String, Kind> = BTreeMap::new();
    for (target, kind) in found {
        if let Some(pointer) = decode(&target) {
            if movable(&pointer, kind) {
                targets.entry(pointer).or_insert(kind);
            }
        }
    }
    let mut order: Vec<(String, Kind)> = targets.into_iter().collect();
    order.sort_by(|a, b| depth(&b.0).cmp(&depth(&a.0)).then(a.0.cmp(&b.0)));
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    for (pointer, kind) in order {
        if kind == Kind::PathItem || raw.pointer(&pointer[1..]).is_none() {
            continue; // path items are copied below; a dangling target is repair's
        }
        let name = free_name(raw, kind, &name_for(raw, &pointer));
        let new_ref = format!("#/components/{}/{}", kind.section(), escape_segment(&name));
        let Some(slot) = raw.pointer_mut(&pointer[1..]) else {
            continue;
        };
        let value = std::mem::replace(slot, reference(&new_ref));
        if let Some(section) = section_mut(raw, kind) {
            section.insert(name, value);
        }
        let written = origins
            .original(&pointer)
            .unwrap_or_else(|| pointer.clone());
        origins.record(new_ref.clone(), written);
        moved.insert(pointer, new_ref);
    }
    rewrite(raw, &moved, "", 0);
    for section in ["paths", "webhooks", "x-ms-paths"] {
        copy_path_items(raw, section, diags);
    }
}

/// Replaces each path item of a section that is a reference to a local path
/// item with a copy of it. A copy of another path's item drops its
/// operationIds (they are that path's), so its methods are named from their
/// own path, with a warning.
fn copy_path_items(raw: &mut Value, section: &str, diags: &mut Diagnostics) {
    let Some(Value::Object(items)) = raw.get(section) else {
        return;
    };
    let mut copies = Vec::new();
    for (key, item) in items {
        let Some(target) = item.get("$ref").and_then(Value::as_str).and_then(decode) else {
            continue;
        };
        let mut copy = match raw.pointer(&target[1..]) {
            Some(found) if found.get("$ref").is_none() => found.clone(),
            _ => continue, // dangling, or a chain: repair and lowering report it
        };
        if segments(&target).first().map(String::as_str) == Some(section) {
            let mut dropped = Vec::new();
            if let Value::Object(ops) = &mut copy {
                for (method, op) in ops.iter_mut() {
                    if let Some(Value::Object(op)) =
                        METHODS.contains(&method.as_str()).then_some(op)
                    {
                        if let Some(Value::String(id)) = op.shift_remove("operationId") {
                            dropped.push(id);
                        }
                    }
                }
            }
            if !dropped.is_empty() {
                diags.warning(
                    crate::diag::join(&format!("#/{}", escape_segment(section)), &[key]),
                    format!(
                        "this path is a reference to `{target}`; its operations are named from this path, not `{}`",
                        dropped.join("`, `")
                    ),
                );
            }
        }
        copies.push((key.clone(), copy));
    }
    if let Some(Value::Object(items)) = raw.get_mut(section) {
        for (key, copy) in copies {
            items.insert(key, copy);
        }
    }
}

/// A `{"$ref": target}` object.
fn reference(target: &str) -> Value {
    let mut map = Map::new();
    map.insert("$ref".into(), Value::String(target.into()));
    Value::Object(map)
}

/// Where a node sits, for the keys whose meaning depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Document,
    Components,
    Operation,
    Other,
}

/// Collects `(target, kind)` for every `$ref` in a position of a known kind.
fn walk(node: &Value, kind: Kind, at: Where, out: &mut Vec<(String, Kind)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let Value::Object(map) = node else {
        return;
    };
    if let Some(Value::String(target)) = map.get("$ref") {
        if at != Where::Document && at != Where::Components {
            out.push((target.clone(), kind));
        }
    }
    let d = depth + 1;
    let each = |v: &Value, kind: Kind, at: Where, out: &mut Vec<(String, Kind)>| match v {
        Value::Object(m) => m.values().for_each(|c| walk(c, kind, at, out, d + 1)),
        Value::Array(a) => a.iter().for_each(|c| walk(c, kind, at, out, d + 1)),
        _ => {}
    };
    for (key, value) in map {
        let key = key.as_str();
        match (at, kind, key) {
            (Where::Document, _, "paths" | "webhooks" | "x-ms-paths") => {
                each(value, Kind::PathItem, Where::Other, out)
            }
            (Where::Document, _, "components") => walk(value, kind, Where::Components, out, d),
            (Where::Components, _, section) => {
                let kind = match section {
                    "schemas" => Kind::Schema,
                    "parameters" => Kind::Parameter,
                    "requestBodies" => Kind::RequestBody,
                    "responses" => Kind::Response,
                    "headers" => Kind::Header,
                    "examples" => Kind::Example,
                    "pathItems" => Kind::PathItem,
                    _ => continue,
                };
                each(value, kind, Where::Other, out);
            }
            (Where::Document, _, _) => {}
            (_, Kind::PathItem, "parameters") => each(value, Kind::Parameter, Where::Other, out),
            (_, Kind::PathItem, m) if METHODS.contains(&m) => {
                walk(value, Kind::PathItem, Where::Operation, out, d)
            }
            (Where::Operation, _, "parameters") => each(value, Kind::Parameter, Where::Other, out),
            (Where::Operation, _, "requestBody") => {
                walk(value, Kind::RequestBody, Where::Other, out, d)
            }
            (Where::Operation, _, "responses") => each(value, Kind::Response, Where::Other, out),
            (Where::Operation, _, "callbacks") => {
                if let Value::Object(callbacks) = value {
                    for cb in callbacks.values() {
                        each(cb, Kind::PathItem, Where::Other, out);
                    }
                }
            }
            (Where::Operation, _, _) => {}
            (_, Kind::Parameter | Kind::Header, "schema") => {
                walk(value, Kind::Schema, Where::Other, out, d)
            }
            (_, Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response, "content") => {
                // Media types: their schema and examples.
                if let Value::Object(media) = value {
                    for m in media.values() {
                        media_type(m, out, d + 1);
                    }
                }
            }
            (_, Kind::Parameter | Kind::Header, "examples") => {
                each(value, Kind::Example, Where::Other, out)
            }
            (_, Kind::Response, "headers") => each(value, Kind::Header, Where::Other, out),
            (_, Kind::Schema, _) => schema_child(key, value, out, d),
            _ => {}
        }
    }
}

/// A media type object: its schema, examples and encoding headers.
fn media_type(node: &Value, out: &mut Vec<(String, Kind)>, depth: usize) {
    let Value::Object(map) = node else {
        return;
    };
    if let Some(s) = map.get("schema") {
        walk(s, Kind::Schema, Where::Other, out, depth + 1);
    }
    if let Some(Value::Object(examples)) = map.get("examples") {
        for e in examples.values() {
            walk(e, Kind::Example, Where::Other, out, depth + 1);
        }
    }
    if let Some(Value::Object(encoding)) = map.get("encoding") {
        for e in encoding.values() {
            if let Some(Value::Object(headers)) = e.get("headers") {
                for h in headers.values() {
                    walk(h, Kind::Header, Where::Other, out, depth + 2);
                }
            }
        }
    }
}

/// The schemas a schema holds, by keyword.
fn schema_child(key: &str, value: &Value, out: &mut Vec<(String, Kind)>, depth: usize) {
    let one =
        |v: &Value, out: &mut Vec<(String, Kind)>| walk(v, Kind::Schema, Where::Other, out, depth);
    match (key, value) {
        ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(list)) => {
            list.iter().for_each(|v| one(v, out))
        }
        (
            "items"
            | "additionalProperties"
            | "not"
            | "additionalItems"
            | "contains"
            | "unevaluatedProperties"
            | "propertyNames"
            | "if"
            | "then"
            | "else",
            v,
        ) => one(v, out),
        (
            "properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas",
            Value::Object(map),
        ) => map.values().for_each(|v| one(v, out)),
        _ => {}
    }
}

/// The JSON pointer (with its `#`) a local reference names, percent-decoded;
/// `None` for references to other documents.
fn decode(target: &str) -> Option<String> {
    let fragment = target.strip_prefix('#')?;
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None; // a named anchor, not a pointer
    }
    match crate::validate::percent_decode(fragment) {
        Some(decoded) => Some(format!("#{decoded}")),
        None => Some(target.to_string()),
    }
}

/// Whether a target is moved (or, for a path item, copied): not when it
/// already is a component, nor when it is a section, a whole path or a
/// component of another kind, which moving would take from its place.
fn movable(pointer: &str, kind: Kind) -> bool {
    let segs = segments(pointer);
    match segs.first().map(String::as_str) {
        Some("components") if segs.len() == 3 => kind == Kind::PathItem,
        Some("components") => segs.len() > 3,
        Some("paths" | "webhooks" | "x-ms-paths") => {
            segs.len() >= 3 || (segs.len() == 2 && kind == Kind::PathItem)
        }
        Some(_) => segs.len() >= 2,
        None => false,
    }
}

fn segments(pointer: &str) -> Vec<String> {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(crate::resolve::unescape)
        .collect()
}

fn depth(pointer: &str) -> usize {
    pointer.matches('/').count()
}

/// A name for a target, from where it sits: the component, operation or
/// definition that holds it, then the parts on the way down that say
/// something (`TagAllOf0`, `ListUsersResponse`, `TaskPropertiesAssignees`).
fn name_for(raw: &Value, pointer: &str) -> String {
    let segs = segments(pointer);
    let mut words: Vec<String> = Vec::new();
    let rest: &[String] = match segs.first().map(String::as_str) {
        Some("components") if segs.len() >= 3 => {
            words.push(segs[2].clone());
            &segs[3..]
        }
        Some("paths" | "webhooks") if segs.len() >= 2 => {
            let operation = segs
                .get(2)
                .filter(|m| METHODS.contains(&m.as_str()))
                .and_then(|m| raw.get(&segs[0])?.get(&segs[1])?.get(m.as_str()));
            match operation
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
            {
                Some(id) => {
                    words.push(id.to_string());
                    &segs[3..]
                }
                None => {
                    words.push(segs[1].clone());
                    &segs[2..]
                }
            }
        }
        Some(_) if segs.len() >= 2 => {
            words.push(segs[1].clone());
            &segs[2..]
        }
        _ => &segs[..],
    };
    let mut i = 0;
    while i < rest.len() {
        let s = rest[i].as_str();
        match s {
            "content" | "schema" | "properties" | "$defs" | "definitions" => {}
            "items" => words.push("Item".into()),
            "additionalProperties" => words.push("Value".into()),
            "requestBody" => words.push("Request".into()),
            "responses" => {
                words.push("Response".into());
                if let Some(code) = rest.get(i + 1).filter(|c| !c.starts_with('2')) {
                    words.push(code.clone());
                }
                i += 1;
            }
            "parameters" => {
                let name = raw
                    .pointer(&pointer_of(&segs[..segs.len() - rest.len() + i + 2]))
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str);
                words.push(name.unwrap_or("Parameter").to_string());
                i += 1;
            }
            _ if s.contains('/') => {} // a media type
            _ => words.push(s.to_string()),
        }
        i += 1;
    }
    let name = pascal_case(&words.join(" "));
    if name.is_empty() {
        "Referenced".into()
    } else {
        name
    }
}

fn pointer_of(segments: &[String]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", escape_segment(s)))
        .collect()
}

/// `base`, or `base2`, `base3`, … : the first key not yet in the section.
fn free_name(raw: &Value, kind: Kind, base: &str) -> String {
    let taken = |n: &str| {
        raw.get("components")
            .and_then(|c| c.get(kind.section()))
            .and_then(|s| s.get(n))
            .is_some()
    };
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

/// The `components` section of a kind, made where missing.
fn section_mut(raw: &mut Value, kind: Kind) -> Option<&mut Map<String, Value>> {
    let root = raw.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        return None;
    }
    components
        .as_object_mut()?
        .entry(kind.section())
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// Points every reference to a moved target at its new place, and writes
/// percent-encoded targets decoded. Data is not touched.
fn rewrite(node: &mut Value, moved: &BTreeMap<String, String>, parent: &str, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match node {
        Value::Object(map) => {
            let written = map.get("$ref").and_then(Value::as_str);
            if let Some((written, target)) = written.and_then(|w| Some((w, decode(w)?))) {
                if let Some(new_ref) = moved.get(&target) {
                    map.insert("$ref".into(), Value::String(new_ref.clone()));
                } else if written != target {
                    map.insert("$ref".into(), Value::String(target));
                }
            }
            for (key, v) in map.iter_mut() {
                // Data, but a `default` response is a response.
                let data = match key.as_str() {
                    "example" | "enum" | "const" => true,
                    "default" => parent != "responses",
                    _ => false,
                };
                if !data {
                    rewrite(v, moved, key, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                rewrite(v, moved, "", depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hoisted(mut doc: Value) -> (Value, Vec<crate::Diagnostic>) {
        let mut diags = Diagnostics::default();
        hoist(&mut doc, &mut diags, &mut Origins::default());
        (doc, diags.into_vec())
    }

    fn schema_ref(doc: &Value, pointer: &str) -> String {
        doc.pointer(pointer)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn a_target_inside_a_schema_becomes_one_component_for_every_referrer() {
        let (doc, diags) = hoisted(json!({
            "components": { "schemas": {
                "User": { "type": "object", "properties": {
                    "profile": { "type": "object", "properties": { "name": { "type": "string" } } }
                } },
                "A": { "$ref": "#/components/schemas/User/properties/profile" },
                "B": { "type": "array", "items": { "$ref": "#/components/schemas/User/properties/profile" } }
            } }
        }));
        assert!(diags.is_empty());
        let target = "#/components/schemas/UserProfile";
        assert_eq!(schema_ref(&doc, "/components/schemas/A"), target);
        assert_eq!(schema_ref(&doc, "/components/schemas/B/items"), target);
        assert_eq!(
            schema_ref(&doc, "/components/schemas/User/properties/profile"),
            target
        );
        assert_eq!(
            doc.pointer("/components/schemas/UserProfile/properties/name/type"),
            Some(&json!("string"))
        );
    }

    #[test]
    fn nested_targets_both_resolve_and_names_do_not_collide() {
        let (doc, _) = hoisted(json!({
            "paths": { "/a": { "get": { "operationId": "getA", "responses": { "200": {
                "description": "ok",
                "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": { "inner": { "type": "object", "properties": {} } }
                } } }
            } } } } },
            "components": { "schemas": {
                "GetAResponse": { "type": "string" },
                "Outer": { "$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema" },
                "Inner": { "$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/inner" }
            } }
        }));
        assert_eq!(
            schema_ref(&doc, "/components/schemas/Outer"),
            "#/components/schemas/GetAResponse2"
        );
        assert_eq!(
            schema_ref(&doc, "/components/schemas/Inner"),
            "#/components/schemas/GetAResponseInner"
        );
        assert_eq!(
            schema_ref(&doc, "/components/schemas/GetAResponse2/properties/inner"),
            "#/components/schemas/GetAResponseInner"
        );
        assert_eq!(
            doc.pointer("/components/schemas/GetAResponse"),
            Some(&json!({ "type": "string" }))
        );
    }

    #[test]
    fn a_default_response_is_rewritten_and_default_values_are_not() {
        let (doc, _) = hoisted(json!({
            "paths": { "/a": { "get": { "operationId": "getA", "responses": {
                "200": { "description": "ok", "content": { "application/json": {
                    "schema": { "type": "integer", "default": { "$ref": "#/paths/~1a" } }
                } } },
                "default": { "description": "other", "content": { "application/json": {
                    "schema": { "$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema" }
                } } }
            } } } }
        }));
        let schema = "/paths/~1a/get/responses/default/content/application~1json/schema/$ref";
        assert_eq!(
            doc.pointer(schema),
            Some(&json!("#/components/schemas/GetAResponse"))
        );
        assert_eq!(
            doc.pointer("/components/schemas/GetAResponse/default/$ref"),
            Some(&json!("#/paths/~1a"))
        );
    }

    #[test]
    fn percent_encoded_fragments_are_decoded() {
        let (doc, _) = hoisted(json!({
            "paths": { "/t/{id}": { "get": { "operationId": "getT", "responses": { "200": {
                "description": "ok",
                "content": { "application/json": { "schema": { "type": "integer" } } }
            } } } } },
            "components": { "schemas": {
                "X": { "$ref": "#/paths/~1t~1%7Bid%7D/get/responses/200/content/application~1json/schema" },
                "Y": { "$ref": "#/components/schemas/My%20Name" },
                "My Name": { "type": "string" }
            } }
        }));
        assert_eq!(
            schema_ref(&doc, "/components/schemas/X"),
            "#/components/schemas/GetTResponse"
        );
        assert_eq!(
            schema_ref(&doc, "/components/schemas/Y"),
            "#/components/schemas/My Name"
        );
    }

    #[test]
    fn sections_components_of_another_kind_and_other_documents_stay() {
        let doc = json!({
            "paths": {},
            "components": {
                "parameters": { "P": { "name": "p", "in": "query", "schema": { "type": "string" } } },
                "schemas": {
                    "Root": { "$ref": "#" },
                    "Section": { "$ref": "#/components/schemas" },
                    "OtherKind": { "$ref": "#/components/parameters/P" },
                    "External": { "$ref": "other.yaml#/Thing" },
                    "Missing": { "$ref": "#/components/schemas/Nope/properties/x" }
                }
            }
        });
        let (after, diags) = hoisted(doc.clone());
        assert_eq!(after, doc);
        assert!(diags.is_empty());
    }

    #[test]
    fn a_path_item_reference_is_a_copy_named_from_its_own_path() {
        let (doc, diags) = hoisted(json!({
            "paths": {
                "/a": { "get": { "operationId": "getA", "responses": {} } },
                "/b": { "$ref": "#/paths/~1a" }
            }
        }));
        assert_eq!(
            doc.pointer("/paths/~1b/get"),
            Some(&json!({ "responses": {} }))
        );
        assert_eq!(
            doc.pointer("/paths/~1a/get/operationId"),
            Some(&json!("getA"))
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].pointer, "#/paths/~1b");
    }
}
