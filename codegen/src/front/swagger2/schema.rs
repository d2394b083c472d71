//! Schemas: a 2.0 schema is a 3.0 schema but for a few keywords
//! (`x-nullable`, `type: file`, a `discriminator` given as a string), and a
//! non-body parameter, header or `items` carries its schema's keywords itself.

use serde_json::{Map, Value};

/// Deeper than this a schema is not walked further (the parsers stop well
/// before, at 128 levels).
const MAX_DEPTH: usize = 256;

/// Rewrites a schema and every schema inside it into its 3.0 form.
pub fn convert(schema: &mut Value) {
    walk(schema, 0);
}

fn walk(schema: &mut Value, depth: usize) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    keywords(map);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get_mut(key) {
            match sub {
                Value::Array(items) => items.iter_mut().for_each(|s| walk(s, depth + 1)),
                other => walk(other, depth + 1),
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(items)) = map.get_mut(key) {
            items.iter_mut().for_each(|s| walk(s, depth + 1));
        }
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        props.values_mut().for_each(|s| walk(s, depth + 1));
    }
}

/// The keywords of one schema object that differ between the versions.
fn keywords(map: &mut Map<String, Value>) {
    if let Some(nullable) = map.shift_remove("x-nullable") {
        if !map.contains_key("nullable") {
            map.insert("nullable".into(), nullable);
        }
        // Beside `$ref` a keyword is not read: a nullable reference is
        // written `allOf: [$ref]` with `nullable`.
        if map.get("nullable") == Some(&Value::Bool(true)) {
            if let Some(target) = map.shift_remove("$ref") {
                let mut r = Map::new();
                r.insert("$ref".into(), target);
                map.insert("allOf".into(), Value::Array(vec![Value::Object(r)]));
            }
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), "string".into());
        map.insert("format".into(), "binary".into());
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let mut d = Map::new();
        d.insert("propertyName".into(), Value::String(property.clone()));
        map.insert("discriminator".into(), Value::Object(d));
    }
}

/// The keywords a non-body parameter, a header or an `items` object shares
/// with a schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
    "x-ms-enum",
];

/// The schema of a non-body parameter, a header or an `items` object:
/// its schema keywords, with `items` converted the same way. A `schema` it
/// gives itself (not 2.0, but written) wins.
pub fn of_simple(item: &Map<String, Value>) -> Value {
    if let Some(schema) = item.get("schema") {
        let mut schema = schema.clone();
        convert(&mut schema);
        return schema;
    }
    let mut out = simple(item, 0);
    convert(&mut out);
    out
}

fn simple(item: &Map<String, Value>, depth: usize) -> Value {
    let mut out = Map::new();
    for key in SCHEMA_KEYWORDS {
        if let Some(v) = item.get(*key) {
            out.insert((*key).into(), v.clone());
        }
    }
    if let Some(items) = item.get("items") {
        let items = match items {
            Value::Object(m) if depth < MAX_DEPTH => simple(m, depth + 1),
            other => other.clone(),
        };
        out.insert("items".into(), items);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn converted(mut v: Value) -> Value {
        convert(&mut v);
        v
    }

    #[test]
    fn x_nullable_becomes_nullable_at_any_depth() {
        let v = converted(json!({"type": "object", "properties": {
            "a": {"type": "string", "x-nullable": true},
            "b": {"type": "array", "items": {"type": "integer", "x-nullable": true}}
        }}));
        assert_eq!(
            v["properties"]["a"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(v["properties"]["b"]["items"]["nullable"], json!(true));
    }

    #[test]
    fn a_nullable_reference_is_a_nullable_all_of() {
        let v =
            converted(json!({"$ref": "#/definitions/Pet", "x-nullable": true, "description": "d"}));
        assert_eq!(
            v,
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/definitions/Pet"}]})
        );
        let v = converted(json!({"$ref": "#/definitions/Pet", "x-nullable": false}));
        assert_eq!(v, json!({"$ref": "#/definitions/Pet", "nullable": false}));
    }

    #[test]
    fn a_file_is_a_binary_string() {
        let v = converted(json!({"type": "file", "description": "the archive"}));
        assert_eq!(
            v,
            json!({"type": "string", "description": "the archive", "format": "binary"})
        );
    }

    #[test]
    fn a_discriminator_string_names_the_property() {
        let v = converted(json!({"allOf": [{"discriminator": "kind", "readOnly": true}]}));
        assert_eq!(
            v["allOf"][0],
            json!({"discriminator": {"propertyName": "kind"}, "readOnly": true})
        );
    }

    #[test]
    fn a_simple_parameter_gives_its_schema_keywords() {
        let p = json!({"name": "ids", "in": "query", "type": "array", "collectionFormat": "csv",
            "items": {"type": "integer", "format": "int64", "minimum": 1, "collectionFormat": "pipes"},
            "maxItems": 5, "description": "which ones", "x-nullable": true});
        let Value::Object(p) = p else { unreachable!() };
        assert_eq!(
            of_simple(&p),
            json!({"type": "array", "maxItems": 5, "nullable": true,
                "items": {"type": "integer", "format": "int64", "minimum": 1}})
        );
    }
}
