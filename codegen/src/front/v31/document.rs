//! The parts of a 3.1 document outside schemas, in the 3.0 form:
//!
//! - `info.summary` → `x-summary` (and the description, when there is none);
//! - `info.license.identifier` → dropped (3.0 gives a licence a name and a URL);
//! - `jsonSchemaDialect` → dropped;
//! - no `paths` → `paths: {}` (3.1 allows a document of webhooks only);
//! - a path item that is a `$ref` into `components/pathItems` → a copy of
//!   it, and `components/pathItems` dropped;
//! - `webhooks` → `x-webhooks`, each inline request body schema made the
//!   component schema `<Webhook>Payload` (and referenced from there), so its
//!   type is generated; the webhooks and their payload types are named in
//!   a sentence added to `info.description`, which the crate's docs show.

use super::defs::{component_schemas, unique};
use crate::diag::{join, Diagnostics, Moves};
use crate::names::pascal_case;
use serde_json::{Map, Value};

/// Rewrites the document outside its schemas.
pub fn upgrade(raw: &mut Value, diags: &mut Diagnostics, moves: &mut Moves) {
    let Some(root) = raw.as_object_mut() else {
        return;
    };
    info(root);
    root.shift_remove("jsonSchemaDialect");
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    inline_path_items(root, diags, moves);
    let hooks = webhooks(root, moves);
    name_webhooks(root, &hooks);
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
fn inline_path_items(root: &mut Map<String, Value>, diags: &mut Diagnostics, moves: &mut Moves) {
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
                moves.record(join(&join("#", &[key]), &[path]), written);
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

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A webhook and the component schema of its payload, if it has one.
type Webhook = (String, Option<String>);

/// `webhooks` → `x-webhooks`, each inline payload schema made a component.
fn webhooks(root: &mut Map<String, Value>, moves: &mut Moves) -> Vec<Webhook> {
    let mut out = Vec::new();
    let Some(mut hooks) = root.shift_remove("webhooks") else {
        return out;
    };
    if let Value::Object(hooks) = &mut hooks {
        for (name, item) in hooks.iter_mut() {
            out.push((name.clone(), None));
            let Value::Object(item) = item else { continue };
            for (method, op) in item.iter_mut() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let Some(Value::Object(content)) = op.pointer_mut("/requestBody/content") else {
                    continue;
                };
                for (media_type, media) in content.iter_mut() {
                    let Some(schema) = media.get_mut("schema") else {
                        continue;
                    };
                    if let Some(Value::String(target)) = schema.get("$ref") {
                        let key = target.strip_prefix("#/components/schemas/");
                        set_payload(
                            &mut out,
                            key.map(|k| k.replace("~1", "/").replace("~0", "~")),
                        );
                        continue;
                    }
                    if !schema.is_object() {
                        continue;
                    }
                    let key = format!("{}Payload", pascal_case(name));
                    let Some(schemas) = component_schemas(root) else {
                        return out;
                    };
                    let key = unique(schemas, &key);
                    let body = std::mem::replace(
                        schema,
                        serde_json::json!({ "$ref": join("#/components/schemas", &[&key]) }),
                    );
                    let written = ["webhooks", name, method, "requestBody", "content"];
                    let written = join(&join("#", &written), &[media_type, "schema"]);
                    moves.record(join("#/components/schemas", &[&key]), written);
                    schemas.insert(key.clone(), body);
                    set_payload(&mut out, Some(key));
                }
            }
        }
    }
    root.insert("x-webhooks".into(), hooks);
    out
}

/// Names the last webhook's payload, once.
fn set_payload(hooks: &mut [Webhook], key: Option<String>) {
    if let Some((_, payload @ None)) = hooks.last_mut() {
        *payload = key;
    }
}

/// Names the webhooks, and their payload types, in the API's description
/// (which the crate's docs show).
fn name_webhooks(root: &mut Map<String, Value>, hooks: &[Webhook]) {
    if hooks.is_empty() {
        return;
    }
    let list: Vec<String> = hooks
        .iter()
        .map(|(name, payload)| match payload {
            Some(key) => format!("`{name}` (payload `{}`)", pascal_case(key)),
            None => format!("`{name}`"),
        })
        .collect();
    let sentence = format!(
        "The API sends these webhooks (each payload's type is in `types`): {}.",
        list.join(", ")
    );
    let Some(Value::Object(info)) = root.get_mut("info") else {
        return;
    };
    let text = match info.get("description").and_then(Value::as_str) {
        Some(d) if !d.trim().is_empty() => format!("{}\n\n{sentence}", d.trim_end()),
        _ => sentence,
    };
    info.insert("description".into(), Value::String(text));
}
