//! Path items and operations: parameters sorted into 3.0 parameters, one
//! request body and responses, with the media types each consumes and produces.

use super::body::{self, DEFAULT_CONSUMES};
use super::parameter::{self, Body, Read};
use super::{media_types, response, Context};
use crate::diag::join;
use serde_json::{Map, Value};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// A `paths` map; `pointer` is where it is in the 2.0 document.
pub fn paths(paths: Value, pointer: &str, cx: &mut Context) -> Value {
    let Value::Object(paths) = paths else {
        return paths;
    };
    let mut out = Map::new();
    for (key, item) in paths {
        let at = join(pointer, &[&key]);
        out.insert(key, path_item(item, &at, cx));
    }
    Value::Object(out)
}

/// The parameters of a path item or an operation, sorted by what they become.
#[derive(Default)]
struct Sorted {
    parameters: Vec<Value>,
    body: Option<Body>,
    fields: Vec<(Map<String, Value>, String)>,
}

impl Sorted {
    fn read(list: Option<Value>, pointer: &str, cx: &mut Context) -> Self {
        let mut sorted = Sorted::default();
        let list = match list {
            None => return sorted,
            Some(Value::Array(list)) => list,
            Some(_) => {
                cx.diags
                    .warning(pointer, "`parameters` is not a list; ignored");
                return sorted;
            }
        };
        for (i, p) in list.iter().enumerate() {
            let at = join(pointer, &[&i.to_string()]);
            match parameter::read(p, &at, cx) {
                Some(Read::Parameter(value)) => sorted.parameters.push(value),
                Some(Read::Body(b)) if sorted.body.is_some() => cx.diags.warning(
                    b.pointer,
                    "a second body parameter; skipped (an operation has one body)",
                ),
                Some(Read::Body(b)) => sorted.body = Some(b),
                Some(Read::Field(f, at)) => sorted.fields.push((f, at)),
                None => {}
            }
        }
        sorted
    }

    /// Adds what the path item gives that the operation does not override.
    fn inherit(&mut self, shared: &Sorted) {
        if self.body.is_none() {
            self.body = shared.body.as_ref().map(|b| Body {
                param: b.param.clone(),
                pointer: b.pointer.clone(),
                component: b.component.clone(),
            });
        }
        let name = |f: &Map<String, Value>| f.get("name").cloned();
        for (f, at) in &shared.fields {
            if !self.fields.iter().any(|(g, _)| name(g) == name(f)) {
                self.fields.push((f.clone(), at.clone()));
            }
        }
    }
}

fn path_item(item: Value, pointer: &str, cx: &mut Context) -> Value {
    let Value::Object(mut item) = item else {
        return item;
    };
    let params_at = join(pointer, &["parameters"]);
    let shared = Sorted::read(item.shift_remove("parameters"), &params_at, cx);
    let mut out = Map::new();
    for (key, value) in item {
        if METHODS.contains(&key.as_str()) {
            let at = join(pointer, &[&key]);
            out.insert(key, operation(value, &at, &shared, cx));
        } else {
            out.insert(key, value);
        }
    }
    if !shared.parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(shared.parameters));
    }
    Value::Object(out)
}

fn operation(op: Value, pointer: &str, shared: &Sorted, cx: &mut Context) -> Value {
    let Value::Object(mut op) = op else {
        return op;
    };
    let consumes = media_types(op.shift_remove("consumes"), &join(pointer, &["consumes"]), cx)
        .or_else(|| cx.consumes.clone());
    let produces = media_types(op.shift_remove("produces"), &join(pointer, &["produces"]), cx)
        .or_else(|| cx.produces.clone());
    op.shift_remove("schemes");
    op.shift_remove("x-ms-examples");
    let params_at = join(pointer, &["parameters"]);
    let mut sorted = Sorted::read(op.shift_remove("parameters"), &params_at, cx);
    sorted.inherit(shared);
    let consumes = effective(consumes);
    let request_body = match (sorted.body, sorted.fields.is_empty()) {
        (Some(b), fields_empty) => {
            if !fields_empty {
                cx.diags.warning(
                    &params_at,
                    "an operation with a body parameter takes no form fields; the form fields are skipped",
                );
            }
            Some(request_body(b, &consumes, cx))
        }
        (None, false) => Some(body::of_form(&sorted.fields, &consumes, cx.diags)),
        (None, true) => None,
    };
    if !sorted.parameters.is_empty() {
        op.insert("parameters".into(), Value::Array(sorted.parameters));
    }
    if let Some(b) = request_body {
        op.insert("requestBody".into(), b);
    }
    if let Some(responses) = op.shift_remove("responses") {
        op.insert(
            "responses".into(),
            response::all(responses, produces.as_deref()),
        );
    }
    Value::Object(op)
}

/// A body parameter's request body: a reference to the shared one where the
/// operation consumes what the document does, else its own copy.
fn request_body(b: Body, consumes: &[String], cx: &mut Context) -> Value {
    if let Some(name) = &b.component {
        if effective(cx.consumes.clone()) == consumes {
            let mut r = Map::new();
            let target = join("#/components/requestBodies", &[name]);
            r.insert("$ref".into(), Value::String(target));
            return Value::Object(r);
        }
    }
    body::of_body(&b.param, &b.pointer, consumes, cx.diags)
}

/// The media types a body is sent as: those named, else JSON.
pub fn effective(consumes: Option<Vec<String>>) -> Vec<String> {
    consumes
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| vec![DEFAULT_CONSUMES.to_string()])
}
