//! Path items and operations: parameters sorted into 3.0 parameters, one
//! request body and responses, with the media types each consumes and
//! produces. Each part's place in the 3.0 document (`converted`) and in the
//! 2.0 one (`original`) is recorded in the [`Context`]'s origins.

use super::body::{self, DEFAULT_CONSUMES};
use super::parameter::{self, Body, Read};
use super::{media, response, Context};
use crate::diag::join;
use serde_json::{Map, Value};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// The `paths` map.
pub fn paths(paths: Value, cx: &mut Context) -> Value {
    let Value::Object(paths) = paths else {
        return paths;
    };
    let mut out = Map::new();
    for (key, item) in paths {
        let at = join("#/paths", &[&key]);
        out.insert(key, path_item(item, &at, &at, cx));
    }
    Value::Object(out)
}

/// The parameters of a path item or an operation, sorted by what they
/// become, each with its pointer in the 2.0 document.
#[derive(Default)]
struct Sorted {
    parameters: Vec<(Value, String)>,
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
                Some(Read::Parameter(value)) => sorted.parameters.push((value, at)),
                Some(Read::Body(_)) if sorted.body.is_some() => cx.diags.warning(
                    at,
                    "a second body parameter; skipped (an operation has one body)",
                ),
                Some(Read::Body(b)) => sorted.body = Some(b),
                Some(Read::Field(f, at)) => sorted.fields.push((f, at)),
                None => {}
            }
        }
        sorted
    }

    /// Adds the body and form fields of the path item that the operation
    /// does not override.
    fn inherit(&mut self, shared: &Sorted) {
        if self.body.is_none() {
            self.body = shared.body.clone();
        }
        let name = |f: &Map<String, Value>| f.get("name").cloned();
        for (f, at) in &shared.fields {
            if !self.fields.iter().any(|(g, _)| name(g) == name(f)) {
                self.fields.push((f.clone(), at.clone()));
            }
        }
    }

    /// The 3.0 parameters, their places recorded.
    fn parameters(&mut self, converted: &str, cx: &mut Context) -> Option<Value> {
        if self.parameters.is_empty() {
            return None;
        }
        let mut list = Vec::new();
        for (i, (p, original)) in std::mem::take(&mut self.parameters).into_iter().enumerate() {
            let at = join(converted, &["parameters", &i.to_string()]);
            if p.get("$ref").is_none() {
                cx.origins.record(join(&at, &["schema"]), original.clone());
            }
            cx.origins.record(at, original);
            list.push(p);
        }
        Some(Value::Array(list))
    }
}

/// A path item at `converted`, written at `original` (the caller records
/// whether the item as a whole moved).
pub fn path_item(item: Value, converted: &str, original: &str, cx: &mut Context) -> Value {
    let Value::Object(mut item) = item else {
        return item;
    };
    let params_at = join(original, &["parameters"]);
    let mut shared = Sorted::read(item.shift_remove("parameters"), &params_at, cx);
    let mut out = Map::new();
    for (key, value) in item {
        if METHODS.contains(&key.as_str()) {
            let new = join(converted, &[&key]);
            let old = join(original, &[&key]);
            out.insert(key, operation(value, &new, &old, &shared, cx));
        } else {
            out.insert(key, value);
        }
    }
    if let Some(list) = shared.parameters(converted, cx) {
        out.insert("parameters".into(), list);
    }
    Value::Object(out)
}

fn operation(
    op: Value,
    converted: &str,
    original: &str,
    shared: &Sorted,
    cx: &mut Context,
) -> Value {
    let Value::Object(mut op) = op else {
        return op;
    };
    cx.origins.record(converted.into(), original.into());
    let consumes = media::list(
        op.shift_remove("consumes"),
        &join(original, &["consumes"]),
        cx.diags,
    )
    .or_else(|| cx.consumes.clone());
    let produces = media::list(
        op.shift_remove("produces"),
        &join(original, &["produces"]),
        cx.diags,
    )
    .or_else(|| cx.produces.clone());
    op.shift_remove("schemes");
    op.shift_remove("x-ms-examples");
    let params_at = join(original, &["parameters"]);
    let mut sorted = Sorted::read(op.shift_remove("parameters"), &params_at, cx);
    sorted.inherit(shared);
    if let Some(list) = sorted.parameters(converted, cx) {
        op.insert("parameters".into(), list);
    }
    let consumes = effective(consumes);
    let body_at = join(converted, &["requestBody"]);
    let request_body = match sorted.body.take() {
        Some(b) => {
            if !sorted.fields.is_empty() {
                cx.diags.warning(
                    &params_at,
                    "an operation with a body parameter takes no form fields; the form fields are skipped",
                );
            }
            Some(request_body(b, &consumes, &body_at, cx))
        }
        None if !sorted.fields.is_empty() => {
            let form = body::of_form(&sorted.fields, &consumes, cx.diags);
            body::record_form(&mut cx.origins, &form, &sorted.fields, &body_at, &params_at);
            Some(form)
        }
        None => None,
    };
    if let Some(b) = request_body {
        op.insert("requestBody".into(), b);
    }
    if let Some(responses) = op.shift_remove("responses") {
        let responses = response::all(responses, produces.as_deref());
        if let Value::Object(map) = &responses {
            for (code, r) in map {
                let new = join(converted, &["responses", code]);
                let old = join(original, &["responses", code]);
                response::record(&mut cx.origins, r, &new, &old);
            }
        }
        op.insert("responses".into(), responses);
    }
    Value::Object(op)
}

/// A body parameter's request body: a reference to the shared one where the
/// operation consumes what the document does, else its own copy.
fn request_body(b: Body, consumes: &[String], converted: &str, cx: &mut Context) -> Value {
    if let Some(name) = &b.component {
        if effective(cx.consumes.clone()) == consumes {
            let mut r = Map::new();
            let target = join("#/components/requestBodies", &[name]);
            r.insert("$ref".into(), Value::String(target));
            cx.origins.record(converted.into(), b.pointer);
            return Value::Object(r);
        }
    }
    let body = body::of_body(&b.param, &b.pointer, consumes, cx.diags);
    body::record_body(&mut cx.origins, &body, converted, &b.pointer);
    body
}

/// The media types a body is sent as: those named, else JSON.
pub fn effective(consumes: Option<Vec<String>>) -> Vec<String> {
    consumes
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| vec![DEFAULT_CONSUMES.to_string()])
}
