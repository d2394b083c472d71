//! Request bodies: a 2.0 `in: body` parameter, or the `in: formData`
//! fields of an operation, become one 3.0 `requestBody`.

use super::{media, schema};
use crate::diag::{join, Diagnostics};
use crate::front::origins::Origins;
use serde_json::{Map, Value};

/// The media type a body is sent as when the document names none.
pub const DEFAULT_CONSUMES: &str = "application/json";

/// The request body of a body parameter, its schema under every media type
/// the operation consumes.
pub fn of_body(
    param: &Map<String, Value>,
    pointer: &str,
    consumes: &[String],
    diags: &mut Diagnostics,
) -> Value {
    let schema = match param.get("schema") {
        Some(s) => {
            let mut s = s.clone();
            schema::convert(&mut s);
            s
        }
        None => {
            diags.warning(
                pointer,
                "body parameter has no `schema`; its body is any JSON value",
            );
            Value::Object(Map::new())
        }
    };
    let mut content = Map::new();
    for media in media::for_schema(consumes, &schema) {
        content.insert(media, media_type(schema.clone()));
    }
    let mut out = Map::new();
    if let Some(d) = param.get("description") {
        out.insert("description".into(), d.clone());
    }
    out.insert("content".into(), Value::Object(content));
    if let Some(r) = param.get("required") {
        out.insert("required".into(), r.clone());
    }
    extensions(param, &mut out);
    Value::Object(out)
}

/// The request body of an operation's form fields: an object with one
/// property per field, sent as `multipart/form-data` when the operation
/// consumes it or a field is a file, else URL-encoded.
pub fn of_form(
    fields: &[(Map<String, Value>, String)],
    consumes: &[String],
    diags: &mut Diagnostics,
) -> Value {
    let multipart = consumes.iter().any(|c| is_multipart(c))
        || fields
            .iter()
            .any(|(f, _)| f.get("type").and_then(Value::as_str) == Some("file"));
    let media = if multipart {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (field, pointer) in fields {
        let Some(name) = field.get("name").and_then(Value::as_str) else {
            diags.warning(join(pointer, &["name"]), "form field has no name; skipped");
            continue;
        };
        let mut property = schema::of_simple(field);
        if let (Some(d), Value::Object(p)) = (field.get("description"), &mut property) {
            p.insert("description".into(), d.clone());
        }
        properties.insert(name.to_string(), property);
        if field.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::String(name.to_string()));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    let any_required = !required.is_empty();
    if any_required {
        schema.insert("required".into(), Value::Array(required));
    }
    let mut content = Map::new();
    content.insert(media.into(), media_type(Value::Object(schema)));
    let mut out = Map::new();
    out.insert("content".into(), Value::Object(content));
    out.insert("required".into(), any_required.into());
    Value::Object(out)
}

/// Records where the parts of a body parameter's request body (at
/// `converted`) were written: the parameter, its schema under each media type.
pub fn record_body(origins: &mut Origins, body: &Value, converted: &str, original: &str) {
    origins.record(converted.into(), original.into());
    for media in content_types(body) {
        origins.record(
            join(converted, &["content", media, "schema"]),
            join(original, &["schema"]),
        );
    }
}

/// Records where the parts of a form's request body (at `converted`) were
/// written: the operation's parameters, each field's property.
pub fn record_form(
    origins: &mut Origins,
    body: &Value,
    fields: &[(Map<String, Value>, String)],
    converted: &str,
    parameters: &str,
) {
    origins.record(converted.into(), parameters.into());
    for media in content_types(body) {
        for (field, original) in fields {
            if let Some(name) = field.get("name").and_then(Value::as_str) {
                origins.record(
                    join(converted, &["content", media, "schema", "properties", name]),
                    original.clone(),
                );
            }
        }
    }
}

fn content_types(body: &Value) -> impl Iterator<Item = &String> {
    body.get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|c| c.keys())
}

fn is_multipart(media: &str) -> bool {
    media
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
}

fn media_type(schema: Value) -> Value {
    let mut m = Map::new();
    m.insert("schema".into(), schema);
    Value::Object(m)
}

fn extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (k, v) in from {
        if k.starts_with("x-") {
            to.insert(k.clone(), v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::front::swagger2::map;

    #[test]
    fn a_body_is_given_under_every_consumed_type() {
        let mut diags = Diagnostics::default();
        let p = map(json!({"name": "pet", "in": "body", "required": true,
            "description": "the pet", "schema": {"$ref": "#/definitions/Pet"}}));
        let consumes = [
            "application/json".to_string(),
            "application/xml".to_string(),
        ];
        let b = of_body(&p, "#/b", &consumes, &mut diags);
        assert_eq!(
            b,
            json!({"description": "the pet", "required": true, "content": {
                "application/json": {"schema": {"$ref": "#/definitions/Pet"}},
                "application/xml": {"schema": {"$ref": "#/definitions/Pet"}}}})
        );
        assert!(diags.into_vec().is_empty());
    }

    #[test]
    fn a_body_without_schema_is_any_value_with_a_warning() {
        let mut diags = Diagnostics::default();
        let p = map(json!({"name": "pet", "in": "body"}));
        let b = of_body(&p, "#/b", &["application/json".into()], &mut diags);
        assert_eq!(b["content"]["application/json"]["schema"], json!({}));
        assert_eq!(diags.into_vec()[0].pointer, "#/b");
    }

    #[test]
    fn form_fields_become_one_object() {
        let mut diags = Diagnostics::default();
        let fields = vec![
            (
                map(
                    json!({"name": "file", "in": "formData", "type": "file", "required": true,
                    "description": "the upload"}),
                ),
                "#/0".to_string(),
            ),
            (
                map(json!({"name": "note", "in": "formData", "type": "string"})),
                "#/1".to_string(),
            ),
        ];
        let b = of_form(&fields, &["application/json".into()], &mut diags);
        assert_eq!(
            b,
            json!({"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "the upload"},
                    "note": {"type": "string"}
                },
                "required": ["file"]}}}})
        );
    }

    #[test]
    fn fields_without_files_are_url_encoded_unless_multipart_is_consumed() {
        let mut diags = Diagnostics::default();
        let fields = vec![(
            map(json!({"name": "note", "in": "formData", "type": "string"})),
            "#/0".to_string(),
        )];
        let b = of_form(&fields, &[], &mut diags);
        assert!(b["content"]["application/x-www-form-urlencoded"].is_object());
        let b = of_form(&fields, &["multipart/form-data".into()], &mut diags);
        assert!(b["content"]["multipart/form-data"].is_object());
        assert_eq!(b["required"], json!(false));
    }
}
