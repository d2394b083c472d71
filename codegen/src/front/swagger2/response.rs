//! Responses: a 2.0 response's `schema` goes under each media type the
//! operation produces, its headers get schemas, its examples stay.

use super::{media, schema};
use crate::diag::join;
use crate::front::origins::Origins;
use serde_json::{Map, Value};

/// The media type of a reply when the document names none.
pub const DEFAULT_PRODUCES: &str = "application/json";
/// The media type of a file reply when the document names none.
pub const DEFAULT_FILE: &str = "application/octet-stream";

/// Every response of a `responses` map. `produces` is what the operation (or
/// the document) says it produces, if it says.
pub fn all(responses: Value, produces: Option<&[String]>) -> Value {
    match responses {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(code, r)| (code, one(r, produces)))
                .collect(),
        ),
        other => other,
    }
}

/// One response (a reference stays one, rewritten later).
pub fn one(response: Value, produces: Option<&[String]>) -> Value {
    let Value::Object(mut map) = response else {
        return response;
    };
    if map.contains_key("$ref") {
        return Value::Object(map);
    }
    let mut out = Map::new();
    let description = map
        .shift_remove("description")
        .unwrap_or_else(|| Value::String(String::new()));
    out.insert("description".into(), description);
    if let Some(Value::Object(headers)) = map.shift_remove("headers") {
        let headers = headers
            .into_iter()
            .map(|(name, h)| (name, header(h)))
            .collect();
        out.insert("headers".into(), Value::Object(headers));
    }
    let examples = map.shift_remove("examples");
    if let Some(mut s) = map.shift_remove("schema") {
        let file = s.get("type").and_then(Value::as_str) == Some("file");
        schema::convert(&mut s);
        let fallback = [if file { DEFAULT_FILE } else { DEFAULT_PRODUCES }.to_string()];
        let types = produces.filter(|p| !p.is_empty()).unwrap_or(&fallback);
        let mut content = Map::new();
        for media in media::for_schema(types, &s) {
            let mut m = Map::new();
            m.insert("schema".into(), s.clone());
            if let Some(example) = examples.as_ref().and_then(|e| e.get(&media)) {
                m.insert("example".into(), example.clone());
            }
            content.insert(media, Value::Object(m));
        }
        out.insert("content".into(), Value::Object(content));
    }
    for (k, v) in map {
        if k.starts_with("x-") {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

/// A response header: its description, and its keywords as a schema.
fn header(h: Value) -> Value {
    let Value::Object(map) = h else {
        return h;
    };
    if map.contains_key("$ref") {
        return Value::Object(map);
    }
    let mut out = Map::new();
    if let Some(d) = map.get("description") {
        out.insert("description".into(), d.clone());
    }
    out.insert("schema".into(), schema::of_simple(&map));
    for (k, v) in &map {
        if k.starts_with("x-") && k != "x-nullable" {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// Records where the parts of the converted response at `converted` (in
/// the 3.0 document) were written (`original`, in the 2.0 one): its schema
/// under each media type, and each header's keywords.
pub fn record(origins: &mut Origins, response: &Value, converted: &str, original: &str) {
    origins.record(converted.into(), original.into());
    if let Some(Value::Object(content)) = response.get("content") {
        for media in content.keys() {
            origins.record(
                join(converted, &["content", media, "schema"]),
                join(original, &["schema"]),
            );
        }
    }
    if let Some(Value::Object(headers)) = response.get("headers") {
        for name in headers.keys() {
            origins.record(
                join(converted, &["headers", name, "schema"]),
                join(original, &["headers", name]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_schema_goes_under_each_produced_type_with_its_example() {
        let produces = [
            "application/json".to_string(),
            "application/xml".to_string(),
        ];
        let r = one(
            json!({"description": "ok", "schema": {"$ref": "#/definitions/Pet"},
                "examples": {"application/json": {"id": 1}}}),
            Some(&produces),
        );
        assert_eq!(
            r,
            json!({"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/definitions/Pet"}, "example": {"id": 1}},
                "application/xml": {"schema": {"$ref": "#/definitions/Pet"}}}})
        );
    }

    #[test]
    fn without_produces_json_is_assumed_and_a_file_is_octet_stream() {
        let r = one(
            json!({"description": "ok", "schema": {"type": "string"}}),
            None,
        );
        assert!(r["content"]["application/json"].is_object());
        let r = one(
            json!({"description": "ok", "schema": {"type": "file"}}),
            None,
        );
        assert_eq!(
            r["content"]["application/octet-stream"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn headers_get_schemas_and_a_missing_description_is_empty() {
        let r = one(
            json!({"headers": {"X-Rate-Limit": {"type": "integer", "format": "int32",
                "description": "calls left"}}}),
            None,
        );
        assert_eq!(
            r,
            json!({"description": "", "headers": {"X-Rate-Limit": {"description": "calls left",
                "schema": {"type": "integer", "format": "int32"}}}})
        );
    }
}
