//! Media types: the `consumes` and `produces` lists, and the types a
//! schema is given under.

use crate::diag::Diagnostics;
use serde_json::Value;

/// A list of media types (`consumes`, `produces`); `None` when not given.
pub fn list(value: Option<Value>, pointer: &str, diags: &mut Diagnostics) -> Option<Vec<String>> {
    match value? {
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Value::String(one) => Some(vec![one]),
        _ => {
            diags.warning(pointer, "not a list of media types; ignored");
            None
        }
    }
}

/// The media types a (converted) schema goes under. A typed schema that
/// only wildcards (`*/*`, as Springfox writes) would carry is sent and read
/// as JSON, which is what such servers speak, so that its type is kept.
pub fn for_schema(types: &[String], schema: &Value) -> Vec<String> {
    let binary = schema.get("format").and_then(Value::as_str) == Some("binary");
    if binary || types.iter().any(|t| is_json(t)) || !types.iter().any(|t| is_wildcard(t)) {
        return types.to_vec();
    }
    let mut out: Vec<String> = Vec::new();
    for t in types {
        let t = if is_wildcard(t) {
            "application/json".to_string()
        } else {
            t.clone()
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn is_wildcard(media: &str) -> bool {
    media.split(';').next().unwrap_or("").trim().ends_with("/*")
}

fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "text/json"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_typed_schema_under_wildcards_only_is_json() {
        let typed = json!({"$ref": "#/definitions/Pet"});
        assert_eq!(
            for_schema(&types(&["*/*"]), &typed),
            types(&["application/json"])
        );
        assert_eq!(
            for_schema(&types(&["*/*", "application/xml"]), &typed),
            types(&["application/json", "application/xml"])
        );
        let both = types(&["application/json", "*/*"]);
        assert_eq!(for_schema(&both, &typed), both);
        let binary = json!({"type": "string", "format": "binary"});
        assert_eq!(for_schema(&types(&["*/*"]), &binary), types(&["*/*"]));
    }

    #[test]
    fn a_list_that_is_no_list_is_named() {
        let mut diags = Diagnostics::default();
        assert_eq!(list(Some(json!(3)), "#/consumes", &mut diags), None);
        assert_eq!(
            list(Some(json!("text/plain")), "#/consumes", &mut diags),
            Some(types(&["text/plain"]))
        );
        assert_eq!(diags.into_vec().len(), 1);
    }
}
