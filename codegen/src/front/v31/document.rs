//! The parts of a 3.1 document outside schemas, in the 3.0 form:
//!
//! - `info.summary` → `x-summary` (and the description, when there is none);
//! - `info.license.identifier` → dropped (3.0 gives a licence a name and a URL);
//! - `jsonSchemaDialect` → dropped;
//! - no `paths` → `paths: {}` (3.1 allows a document of webhooks only);
//! - a path item that is a `$ref` into `components/pathItems` → a copy of
//!   it, and `components/pathItems` dropped;
//! - `webhooks` → `x-webhooks`, their payloads component schemas (see
//!   [`super::webhooks`]).

use super::webhooks;
use crate::diag::{join, Diagnostics};
use crate::front::origins::Origins;
use serde_json::{Map, Value};

/// Rewrites the document outside its schemas.
pub fn upgrade(raw: &mut Value, diags: &mut Diagnostics, origins: &mut Origins) {
    let Some(root) = raw.as_object_mut() else {
        return;
    };
    info(root);
    root.shift_remove("jsonSchemaDialect");
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    inline_path_items(root, diags, origins);
    webhooks::upgrade(root, origins);
}

fn info(root: &mut Map<String, Value>) {
    let Some(Value::Object(info)) = root.get_mut("info") else {
        return;
    };
    if let Some(summary) = info.shift_remove("summary") {
        if !info.contains_key("description") {
            info.insert("description".into(), summary.clone());
        }
        info.insert("x-summary".into(), summary);
    }
    if let Some(Value::Object(license)) = info.get_mut("license") {
        license.shift_remove("identifier");
    }
}

/// How many `$ref`s a path item may pass through before it is given up.
const MAX_HOPS: usize = 8;

/// Replaces each path item that refers into `components/pathItems` with a
/// copy of it (its own `summary` and `description` kept), then drops
/// `components/pathItems`.
fn inline_path_items(
    root: &mut Map<String, Value>,
    diags: &mut Diagnostics,
    origins: &mut Origins,
) {
    let Some(Value::Object(components)) = root.get_mut("components") else {
        return;
    };
    let Some(items) = components.shift_remove("pathItems") else {
        return;
    };
    let Value::Object(items) = items else {
        diags.warning(
            "#/components/pathItems",
            "`components/pathItems` is not a map of path items; ignored",
        );
        return;
    };
    for (key, map) in root.iter_mut() {
        if key != "paths" && key != "webhooks" {
            continue;
        }
        let Value::Object(map) = map else { continue };
        for (path, place) in map.iter_mut() {
            if let Some(written) = inline_one(place, &items) {
                origins.record(join(&join("#", &[key]), &[path]), written);
            }
            inline_callbacks(place, &items);
        }
    }
}

/// The path items of an inline path item's callbacks.
fn inline_callbacks(item: &mut Value, items: &Map<String, Value>) {
    let Value::Object(item) = item else { return };
    for op in item.values_mut() {
        let Some(Value::Object(callbacks)) = op.get_mut("callbacks") else {
            continue;
        };
        for callback in callbacks.values_mut() {
            if let Value::Object(expressions) = callback {
                expressions.values_mut().for_each(|p| {
                    inline_one(p, items);
                });
            }
        }
    }
}

/// One path item: a copy of what its `$ref` names, if it names a path item;
/// returns where the copy was written.
fn inline_one(place: &mut Value, items: &Map<String, Value>) -> Option<String> {
    let mut written = None;
    for _ in 0..MAX_HOPS {
        let Some(Value::String(target)) = place.get("$ref") else {
            break;
        };
        let decoded = crate::validate::percent_decode(target).unwrap_or_else(|| target.clone());
        let Some(name) = decoded.strip_prefix("#/components/pathItems/") else {
            break;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let Some(Value::Object(found)) = items.get(&name) else {
            break;
        };
        written = Some(join("#/components/pathItems", &[&name]));
        let mut copy = found.clone();
        if let Value::Object(refer) = place {
            for key in ["summary", "description"] {
                if let Some(v) = refer.get(key) {
                    copy.insert(key.into(), v.clone());
                }
            }
        }
        *place = Value::Object(copy);
    }
    written
}
