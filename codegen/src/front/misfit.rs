//! Finding the innermost item of a document that does not fit the
//! `openapiv3` model. The model's untagged and flattened types hide where a
//! misfit is (serde reports only `#/paths`), so each item is tried on its
//! own, from the outside in, until the smallest one that fails is found.

use crate::diag::join;
use crate::front::METHODS;
use openapiv3::{
    Callback, Example, Header, Link, Operation, Parameter, PathItem, ReferenceOr, RequestBody,
    Response, Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// An item that does not fit the model.
pub struct Misfit {
    /// Its JSON pointer, and the same as unescaped segments.
    pub pointer: String,
    pub segments: Vec<String>,
    /// What it is: "a schema", "a parameter", "an operation", ….
    pub what: &'static str,
    /// The model's complaint.
    pub why: String,
}

fn fits<T: DeserializeOwned>(v: &Value) -> Result<(), String> {
    T::deserialize(v).map(|_| ()).map_err(|e| e.to_string())
}

fn misfit(segments: &[&str], what: &'static str, why: String) -> Misfit {
    Misfit {
        pointer: join("#", segments),
        segments: segments.iter().map(|s| s.to_string()).collect(),
        what,
        why,
    }
}

/// The innermost item that does not fit, if there is one.
pub fn find(raw: &Value) -> Option<Misfit> {
    if let Some(Value::Object(kinds)) = raw.get("components") {
        for (kind, items) in kinds {
            let Value::Object(items) = items else {
                continue;
            };
            for (name, v) in items {
                let at = ["components", kind.as_str(), name.as_str()];
                let found = match kind.as_str() {
                    "schemas" => schema(v, &at),
                    "parameters" => parameter(v, &at),
                    "responses" => response(v, &at),
                    "requestBodies" => request_body(v, &at),
                    "headers" => fits::<ReferenceOr<Header>>(v)
                        .err()
                        .map(|why| misfit(&at, "a header", why)),
                    "securitySchemes" => fits::<ReferenceOr<SecurityScheme>>(v)
                        .err()
                        .map(|why| misfit(&at, "a security scheme", why)),
                    "examples" => fits::<ReferenceOr<Example>>(v)
                        .err()
                        .map(|why| misfit(&at, "an example", why)),
                    "links" => fits::<ReferenceOr<Link>>(v)
                        .err()
                        .map(|why| misfit(&at, "a link", why)),
                    "callbacks" => fits::<ReferenceOr<Callback>>(v)
                        .err()
                        .map(|why| misfit(&at, "a callback", why)),
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    let Some(Value::Object(paths)) = raw.get("paths") else {
        return None;
    };
    for (path, item) in paths {
        if path.starts_with("x-") {
            continue;
        }
        let at = ["paths", path.as_str()];
        let Err(why) = fits::<ReferenceOr<PathItem>>(item) else {
            continue;
        };
        if let Some(found) = parameters(item, &at) {
            return Some(found);
        }
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let at = ["paths", path.as_str(), method];
                if let Some(found) = operation(op, &at) {
                    return Some(found);
                }
            }
        }
        return Some(misfit(&at, "a path", why));
    }
    None
}

fn operation(op: &Value, at: &[&str]) -> Option<Misfit> {
    let why = fits::<Operation>(op).err()?;
    parameters(op, at)
        .or_else(|| {
            let body = op.get("requestBody")?;
            request_body(body, &[at, &["requestBody"]].concat())
        })
        .or_else(|| {
            let Some(Value::Object(responses)) = op.get("responses") else {
                return None;
            };
            responses
                .iter()
                .find_map(|(code, r)| response(r, &[at, &["responses", code.as_str()]].concat()))
        })
        .or_else(|| Some(misfit(at, "an operation", why)))
}

/// A broken path parameter takes its owner (operation or path) with it, so
/// the template keeps every parameter it names.
fn parameters(owner: &Value, at: &[&str]) -> Option<Misfit> {
    let Some(Value::Array(list)) = owner.get("parameters") else {
        return None;
    };
    list.iter().enumerate().find_map(|(i, p)| {
        let index = i.to_string();
        let found = parameter(p, &[at, &["parameters", index.as_str()]].concat())?;
        if found.what == "a parameter" && p.get("in").and_then(Value::as_str) == Some("path") {
            let what = if at.len() == 2 {
                "a path"
            } else {
                "an operation"
            };
            return Some(misfit(at, what, found.why));
        }
        Some(found)
    })
}

fn parameter(p: &Value, at: &[&str]) -> Option<Misfit> {
    let why = fits::<ReferenceOr<Parameter>>(p).err()?;
    p.get("schema")
        .and_then(|s| schema(s, &[at, &["schema"]].concat()))
        .or_else(|| content(p, at))
        .or_else(|| Some(misfit(at, "a parameter", why)))
}

fn request_body(b: &Value, at: &[&str]) -> Option<Misfit> {
    let why = fits::<ReferenceOr<RequestBody>>(b).err()?;
    content(b, at).or_else(|| Some(misfit(at, "a request body", why)))
}

fn response(r: &Value, at: &[&str]) -> Option<Misfit> {
    let why = fits::<ReferenceOr<Response>>(r).err()?;
    content(r, at)
        .or_else(|| {
            let Some(Value::Object(headers)) = r.get("headers") else {
                return None;
            };
            headers.iter().find_map(|(name, h)| {
                let at = [at, &["headers", name.as_str()]].concat();
                let why = fits::<ReferenceOr<Header>>(h).err()?;
                h.get("schema")
                    .and_then(|s| schema(s, &[at.as_slice(), &["schema"]].concat()))
                    .or_else(|| Some(misfit(&at, "a header", why)))
            })
        })
        .or_else(|| Some(misfit(at, "a response", why)))
}

/// The schemas of a `content` map, and then its media types.
fn content(owner: &Value, at: &[&str]) -> Option<Misfit> {
    let Some(Value::Object(media)) = owner.get("content") else {
        return None;
    };
    media.iter().find_map(|(mt, m)| {
        let at = [at, &["content", mt.as_str()]].concat();
        let why = fits::<openapiv3::MediaType>(m).err()?;
        m.get("schema")
            .and_then(|s| schema(s, &[at.as_slice(), &["schema"]].concat()))
            .or_else(|| Some(misfit(&at, "a media type", why)))
    })
}

/// The innermost schema that does not fit.
fn schema(s: &Value, at: &[&str]) -> Option<Misfit> {
    let why = fits::<ReferenceOr<Schema>>(s).err()?;
    let children = s.as_object().into_iter().flat_map(|map| {
        map.iter()
            .flat_map(|(key, v)| -> Vec<(Vec<String>, &Value)> {
                match (key.as_str(), v) {
                    ("properties", Value::Object(props)) => props
                        .iter()
                        .map(|(name, p)| (vec![key.clone(), name.clone()], p))
                        .collect(),
                    ("allOf" | "oneOf" | "anyOf", Value::Array(items)) => items
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (vec![key.clone(), i.to_string()], p))
                        .collect(),
                    ("items" | "not" | "additionalProperties", Value::Object(_)) => {
                        vec![(vec![key.clone()], v)]
                    }
                    _ => Vec::new(),
                }
            })
    });
    for (rel, child) in children {
        let mut path: Vec<&str> = at.to_vec();
        path.extend(rel.iter().map(String::as_str));
        if let Some(found) = schema(child, &path) {
            return Some(found);
        }
    }
    Some(misfit(at, "a schema", why))
}
