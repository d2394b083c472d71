//! Parameters: a 2.0 parameter is a 3.0 parameter (query, header, path), a
//! request body (`in: body`) or one field of a form (`in: formData`).

use super::{schema, Context};
use crate::diag::{join, Diagnostics};
use serde_json::{Map, Value};

/// What one 2.0 parameter becomes.
pub enum Read {
    /// A 3.0 parameter, or a reference to one.
    Parameter(Value),
    /// The operation's body.
    Body(Body),
    /// One field of a form body, with its pointer in the document.
    Field(Map<String, Value>, String),
}

/// A body parameter, written in the operation or named in `#/parameters`.
#[derive(Clone)]
pub struct Body {
    pub param: Map<String, Value>,
    pub pointer: String,
    /// The name under `#/parameters`, for a referenced one.
    pub component: Option<String>,
}

/// Reads the parameter at `pointer`; `None` (with a warning) for one that
/// cannot be read.
pub fn read(p: &Value, pointer: &str, cx: &mut Context) -> Option<Read> {
    let Value::Object(map) = p else {
        cx.diags
            .warning(pointer, "parameter is not a mapping; skipped");
        return None;
    };
    if let Some(target) = map.get("$ref").and_then(Value::as_str) {
        return Some(referenced(p, target, cx));
    }
    let Some(location) = map.get("in").and_then(Value::as_str) else {
        cx.diags
            .warning(pointer, "parameter has no `in` location; skipped");
        return None;
    };
    match location {
        "body" => Some(Read::Body(Body {
            param: map.clone(),
            pointer: pointer.to_string(),
            component: None,
        })),
        "formData" => Some(Read::Field(map.clone(), pointer.to_string())),
        "query" | "header" | "path" => Some(Read::Parameter(parameter(map, pointer, cx.diags))),
        other => {
            cx.diags.warning(
                join(pointer, &["in"]),
                format!("parameter location `{other}` is not query, header, path, formData or body; skipped"),
            );
            None
        }
    }
}

/// A `$ref` parameter: bodies and form fields are looked up (they change
/// kind), others stay references.
fn referenced(p: &Value, target: &str, cx: &Context) -> Read {
    let name = target
        .strip_prefix("#/parameters/")
        .map(|n| n.replace("~1", "/").replace("~0", "~"));
    let found = name
        .as_ref()
        .and_then(|n| Some((n, cx.parameters.get(n)?.as_object()?)));
    if let Some((name, map)) = found {
        let pointer = join("#/parameters", &[name]);
        match map.get("in").and_then(Value::as_str) {
            Some("body") => {
                return Read::Body(Body {
                    param: map.clone(),
                    pointer,
                    component: Some(name.clone()),
                })
            }
            Some("formData") => return Read::Field(map.clone(), pointer),
            _ => {}
        }
    }
    Read::Parameter(p.clone())
}

/// A query, header or path parameter in its 3.0 form.
pub fn parameter(map: &Map<String, Value>, pointer: &str, diags: &mut Diagnostics) -> Value {
    let mut out = Map::new();
    for key in ["name", "in", "description", "required", "deprecated"] {
        if let Some(v) = map.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let location = map.get("in").and_then(Value::as_str).unwrap_or("");
    if location == "path" {
        out.insert("required".into(), Value::Bool(true));
    }
    if location == "query" {
        if let Some(v) = map.get("allowEmptyValue") {
            out.insert("allowEmptyValue".into(), v.clone());
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("array") {
        style(map, location, pointer, &mut out, diags);
    }
    out.insert("schema".into(), schema::of_simple(map));
    if let Some(example) = map.get("x-example") {
        out.insert("example".into(), example.clone());
    }
    for (k, v) in map {
        if k.starts_with("x-") && !matches!(k.as_str(), "x-nullable" | "x-example") {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// `collectionFormat` as `style` and `explode`.
fn style(
    map: &Map<String, Value>,
    location: &str,
    pointer: &str,
    out: &mut Map<String, Value>,
    diags: &mut Diagnostics,
) {
    let format = map
        .get("collectionFormat")
        .and_then(Value::as_str)
        .unwrap_or("csv");
    let at = join(pointer, &["collectionFormat"]);
    let (style, explode) = match (location, format) {
        ("query", "csv") => ("form", false),
        ("query", "multi") => ("form", true),
        ("query", "ssv") => ("spaceDelimited", false),
        ("query", "pipes") => ("pipeDelimited", false),
        (_, "csv") => ("simple", false),
        (_, other) => {
            diags.warning(
                at,
                format!("collectionFormat `{other}` has no OpenAPI 3.0 form here; sent comma-separated (csv)"),
            );
            if location == "query" {
                ("form", false)
            } else {
                ("simple", false)
            }
        }
    };
    out.insert("style".into(), style.into());
    out.insert("explode".into(), explode.into());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn converted(p: Value) -> (Value, Vec<crate::diag::Diagnostic>) {
        let mut diags = Diagnostics::default();
        let Value::Object(map) = p else {
            return (Value::Null, Vec::new());
        };
        let out = parameter(&map, "#/p", &mut diags);
        (out, diags.into_vec())
    }

    #[test]
    fn keywords_move_into_the_schema() {
        let (p, d) = converted(json!({"name": "limit", "in": "query", "type": "integer",
            "format": "int32", "maximum": 100, "default": 20, "description": "how many",
            "allowEmptyValue": true, "x-example": 5}));
        assert!(d.is_empty());
        assert_eq!(
            p,
            json!({"name": "limit", "in": "query", "description": "how many",
                "allowEmptyValue": true,
                "schema": {"type": "integer", "format": "int32", "default": 20, "maximum": 100},
                "example": 5})
        );
    }

    #[test]
    fn a_path_parameter_is_required() {
        let (p, _) = converted(json!({"name": "id", "in": "path", "type": "string"}));
        assert_eq!(p["required"], json!(true));
    }

    #[test]
    fn collection_formats_become_styles() {
        let cases = [
            (None, "form", false),
            (Some("csv"), "form", false),
            (Some("multi"), "form", true),
            (Some("ssv"), "spaceDelimited", false),
            (Some("pipes"), "pipeDelimited", false),
        ];
        for (format, style, explode) in cases {
            let mut p =
                json!({"name": "t", "in": "query", "type": "array", "items": {"type": "string"}});
            if let Some(f) = format {
                p["collectionFormat"] = json!(f);
            }
            let (p, d) = converted(p);
            assert!(d.is_empty(), "{format:?}");
            assert_eq!(
                (p["style"].as_str(), p["explode"].as_bool()),
                (Some(style), Some(explode))
            );
        }
    }

    #[test]
    fn tsv_is_sent_as_csv_with_a_warning() {
        let (p, d) = converted(json!({"name": "t", "in": "query", "type": "array",
            "collectionFormat": "tsv", "items": {"type": "string"}}));
        assert_eq!(
            (p["style"].as_str(), p["explode"].as_bool()),
            (Some("form"), Some(false))
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pointer, "#/p/collectionFormat");
    }
}
