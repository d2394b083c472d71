//! Webhooks, which OpenAPI 3.0 lacks: the `webhooks` map origins to
//! `x-webhooks` on the root, and each payload schema given inline in a
//! request body (the webhook's own, or a `components/requestBodies` entry
//! it references) becomes the component schema `<Webhook>Payload`,
//! referenced from where it stood, so its type is generated. The webhooks
//! and their payload types are named in a sentence added to
//! `info.description`, which the crate's docs show.

use super::defs::{component_schemas, unique};
use crate::diag::join;
use crate::front::origins::Origins;
use crate::front::METHODS;
use crate::names::pascal_case;
use serde_json::{Map, Value};

/// A webhook and the component schema of its payload, if it has one.
type Webhook = (String, Option<String>);

/// Moves `webhooks` to `x-webhooks`, its payloads to component schemas.
pub fn upgrade(root: &mut Map<String, Value>, origins: &mut Origins) {
    let Some(mut hooks) = root.shift_remove("webhooks") else {
        return;
    };
    let mut named = Vec::new();
    if let Value::Object(hooks) = &mut hooks {
        for (name, item) in hooks.iter_mut() {
            let Value::Object(item) = item else { continue };
            let mut payload = None;
            for (method, op) in item.iter_mut() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let Some(body) = op.get_mut("requestBody") else {
                    continue;
                };
                let found = match shared_body(body) {
                    Some(key) => shared_payload(root, &key, name, origins),
                    None => {
                        let at = join("#/webhooks", &[name, method, "requestBody"]);
                        payloads(body, &at, name, root, origins)
                    }
                };
                payload = payload.or(found);
            }
            named.push((name.clone(), payload));
        }
    }
    root.insert("x-webhooks".into(), hooks);
    name_webhooks(root, &named);
}

/// The `components/requestBodies` key a request body refers to.
fn shared_body(body: &Value) -> Option<String> {
    let target = body.get("$ref")?.as_str()?;
    let key = target.strip_prefix("#/components/requestBodies/")?;
    Some(key.replace("~1", "/").replace("~0", "~"))
}

/// The payloads of a `components/requestBodies` entry, made components.
fn shared_payload(
    root: &mut Map<String, Value>,
    key: &str,
    hook: &str,
    origins: &mut Origins,
) -> Option<String> {
    let at = join("#/components/requestBodies", &[key]);
    let mut body = root
        .get("components")?
        .get("requestBodies")?
        .get(key)?
        .clone();
    let found = payloads(&mut body, &at, hook, root, origins);
    let bodies = root.get_mut("components")?.get_mut("requestBodies")?;
    bodies.as_object_mut()?.insert(key.into(), body);
    found
}

/// Makes each inline schema of a request body (written at `at`) a component
/// schema; returns the payload's component key (the first media type's).
fn payloads(
    body: &mut Value,
    at: &str,
    hook: &str,
    root: &mut Map<String, Value>,
    origins: &mut Origins,
) -> Option<String> {
    let Some(Value::Object(content)) = body.get_mut("content") else {
        return None;
    };
    let mut first = None;
    for (media_type, media) in content.iter_mut() {
        let Some(schema) = media.get_mut("schema") else {
            continue;
        };
        if let Some(Value::String(target)) = schema.get("$ref") {
            let key = target.strip_prefix("#/components/schemas/");
            let key = key.map(|k| k.replace("~1", "/").replace("~0", "~"));
            first = first.or(key);
            continue;
        }
        if !schema.is_object() {
            continue;
        }
        let schemas = component_schemas(root)?;
        let key = unique(schemas, &format!("{}Payload", pascal_case(hook)));
        let now = join("#/components/schemas", &[&key]);
        let moved = std::mem::replace(schema, serde_json::json!({ "$ref": now }));
        origins.record(now, join(at, &["content", media_type, "schema"]));
        schemas.insert(key.clone(), moved);
        first = first.or(Some(key));
    }
    first
}

/// Names the webhooks, and their payload types, in the API's description.
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
