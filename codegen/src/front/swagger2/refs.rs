//! References: every local `$ref` of a 2.0 document names a place that
//! moves under `components` in 3.0; they are rewritten in one pass.

use serde_json::Value;
use std::collections::BTreeSet;

/// Deeper than this a document is not walked further (the parsers stop well
/// before, at 128 levels).
const MAX_DEPTH: usize = 512;

/// Where the 2.0 reference `target` points in the 3.0 document. `bodies`
/// names the `#/parameters` entries that are bodies (now request bodies).
pub fn moved(target: &str, bodies: &BTreeSet<String>) -> Option<String> {
    if let Some(rest) = target.strip_prefix("#/definitions/") {
        return Some(format!("#/components/schemas/{rest}"));
    }
    if let Some(rest) = target.strip_prefix("#/responses/") {
        return Some(format!("#/components/responses/{rest}"));
    }
    let rest = target.strip_prefix("#/parameters/")?;
    let name = rest.split('/').next().unwrap_or(rest);
    let name = name.replace("~1", "/").replace("~0", "~");
    let kind = if bodies.contains(&name) {
        "requestBodies"
    } else {
        "parameters"
    };
    Some(format!("#/components/{kind}/{rest}"))
}

/// Rewrites every `$ref` in `node` (data such as examples left alone).
pub fn rewrite(node: &mut Value, bodies: &BTreeSet<String>) {
    walk(node, bodies, "", 0);
}

fn walk(node: &mut Value, bodies: &BTreeSet<String>, parent: &str, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "$ref" {
                    if let Value::String(target) = value {
                        if let Some(to) = moved(target, bodies) {
                            *target = to;
                        }
                    }
                } else if !is_data(key, parent) {
                    walk(value, bodies, key, depth + 1);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| walk(v, bodies, "", depth + 1)),
        _ => {}
    }
}

/// Values that are data, not part of the description: a `$ref` key inside
/// them is not a reference. A `default` response is no default value.
fn is_data(key: &str, parent: &str) -> bool {
    match key {
        "example" | "examples" | "enum" | "x-example" | "x-ms-examples" => true,
        "default" => parent != "responses",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_kind_of_reference_moves_under_components() {
        let bodies = BTreeSet::from(["Pet".to_string()]);
        let mut doc = json!({
            "a": {"$ref": "#/definitions/X"},
            "b": [{"$ref": "#/definitions/X/properties/y"}],
            "c": {"$ref": "#/parameters/limit"},
            "d": {"$ref": "#/parameters/Pet"},
            "e": {"responses": {"default": {"$ref": "#/responses/Error"}}},
            "f": {"$ref": "other.json#/definitions/X"},
            "example": {"$ref": "#/definitions/X"},
            "g": {"default": {"$ref": "#/definitions/X"}}
        });
        rewrite(&mut doc, &bodies);
        assert_eq!(doc["a"]["$ref"], "#/components/schemas/X");
        assert_eq!(doc["b"][0]["$ref"], "#/components/schemas/X/properties/y");
        assert_eq!(doc["c"]["$ref"], "#/components/parameters/limit");
        assert_eq!(doc["d"]["$ref"], "#/components/requestBodies/Pet");
        assert_eq!(
            doc["e"]["responses"]["default"]["$ref"],
            "#/components/responses/Error"
        );
        assert_eq!(doc["f"]["$ref"], "other.json#/definitions/X");
        assert_eq!(doc["example"]["$ref"], "#/definitions/X");
        assert_eq!(doc["g"]["default"]["$ref"], "#/definitions/X");
    }
}
