//! References in the 3.0 form: `$defs` hoisted into `components/schemas`
//! under a unique name derived from their key, and every `$ref` rewritten to
//! match; a percent-encoded fragment (`#/paths/~1v2~1task~1%7Btask_id%7D`,
//! as a URI writes it) decoded into the JSON pointer it stands for.

use super::walk::Def;
use crate::diag::join;
use crate::front::origins::Origins;
use serde_json::{Map, Value};

/// Deeper than this, the document is not searched for references.
const MAX_DEPTH: usize = 256;

/// Moves each taken-out `$defs` schema into `components/schemas` and
/// rewrites every reference to it, and decodes percent-encoded fragments.
pub fn hoist(raw: &mut Value, defs: Vec<Def>, origins: &mut Origins) {
    let mut moved: Vec<(String, String)> = Vec::new();
    if !defs.is_empty() {
        if let Some(schemas) = raw.as_object_mut().and_then(component_schemas) {
            for def in defs {
                let name = unique(schemas, &def.key);
                let now = join("#/components/schemas", &[&name]);
                origins.record(now.clone(), def.pointer.clone());
                moved.push((def.pointer, now));
                schemas.insert(name, def.schema);
            }
        }
    }
    rewrite_refs(raw, &moved, 0);
}

/// `components/schemas`, made where missing (`None` when `components` or it
/// is no map; the model reports that).
pub fn component_schemas(root: &mut Map<String, Value>) -> Option<&mut Map<String, Value>> {
    root.entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// `key`, or `key2`, `key3`… the first not yet a component schema.
pub fn unique(schemas: &Map<String, Value>, key: &str) -> String {
    let mut name = key.to_string();
    let mut n = 1;
    while schemas.contains_key(&name) {
        n += 1;
        name = format!("{key}{n}");
    }
    name
}

/// Rewrites every `$ref` outside data: decoded, then moved with its target.
fn rewrite_refs(node: &mut Value, moved: &[(String, String)], depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => {
                        if let Some(new) = retarget(target, moved) {
                            *target = new;
                        }
                    }
                    ("example" | "default" | "enum" | "value", _) => {}
                    (_, child) => rewrite_refs(child, moved, depth + 1),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| rewrite_refs(v, moved, depth + 1)),
        _ => {}
    }
}

/// Where a reference points once fragments are decoded and `$defs` moved.
fn retarget(target: &str, moved: &[(String, String)]) -> Option<String> {
    let decoded = target
        .strip_prefix('#')
        .and_then(crate::validate::percent_decode)
        .map(|path| format!("#{path}"));
    let t = decoded.as_deref().unwrap_or(target);
    for (from, to) in moved {
        if let Some(rest) = t.strip_prefix(from.as_str()) {
            if rest.is_empty() || rest.starts_with('/') {
                return Some(format!("{to}{rest}"));
            }
        }
    }
    decoded
}
