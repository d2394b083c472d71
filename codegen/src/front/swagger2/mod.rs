//! Swagger 2.0 → OpenAPI 3.0: the document is converted into the 3.0 form
//! the typed model reads, keeping every type. What has no 3.0 form is named
//! in a warning whose pointer is the place in the 2.0 document.
//!
//! - [`servers`]: `host`/`basePath`/`schemes` → `servers`;
//! - [`security`]: `securityDefinitions` → security schemes;
//! - [`operation`]: path items and operations, with the media types each
//!   consumes and produces;
//! - [`parameter`]: query, header and path parameters, and which parameters
//!   are bodies or form fields;
//! - [`body`]: a body parameter or form fields → `requestBody`;
//! - [`media`]: `consumes`/`produces`, and the media types a schema goes under;
//! - [`response`]: responses and their headers;
//! - [`schema`]: the schema keywords that differ between the versions;
//! - [`refs`]: every `$ref` moved under `components`;
//! - [`ms_paths`]: AutoRest's `x-ms-paths` merged into `paths`.

mod body;
mod media;
mod ms_paths;
mod operation;
mod parameter;
mod refs;
mod response;
mod schema;
mod security;
mod servers;

use crate::diag::{join, Diagnostics};
use crate::front::origins::Origins;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// What the conversion of any one part needs to know of the whole.
pub(crate) struct Context<'d> {
    diags: &'d mut Diagnostics,
    /// The document's `consumes`, if it says.
    consumes: Option<Vec<String>>,
    /// The document's `produces`, if it says.
    produces: Option<Vec<String>>,
    /// The document's `parameters` as written, to see what a reference names.
    parameters: Map<String, Value>,
    /// Where each moved part was written.
    origins: Origins,
}

/// Converts a Swagger 2.0 document in place into OpenAPI 3.0.3, and says
/// where the parts it moved were written.
pub fn upgrade(raw: &mut Value, diags: &mut Diagnostics) -> Origins {
    let Some(doc) = raw.as_object_mut() else {
        return Origins::default();
    };
    let mut doc = std::mem::take(doc);
    let mut servers = servers::of(&doc);
    let parameters = match doc.shift_remove("parameters") {
        Some(Value::Object(p)) => p,
        other => {
            not_a_map(other.as_ref(), "#/parameters", diags);
            Map::new()
        }
    };
    let mut cx = Context {
        consumes: None,
        produces: None,
        parameters,
        origins: Origins::default(),
        diags,
    };
    cx.consumes = media::list(doc.shift_remove("consumes"), "#/consumes", cx.diags);
    cx.produces = media::list(doc.shift_remove("produces"), "#/produces", cx.diags);

    let mut out = Map::new();
    out.insert("openapi".into(), "3.0.3".into());
    let components = components(&mut doc, &mut cx);
    let ms_paths = doc.shift_remove("x-ms-paths");
    for (key, value) in doc {
        match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" => {}
            "paths" => {
                out.insert(key, operation::paths(value, &mut cx));
            }
            "info" => {
                out.insert(key, value);
                insert_servers(&mut out, std::mem::take(&mut servers));
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    insert_servers(&mut out, servers);
    if let Some(ms) = ms_paths {
        ms_paths::merge(&mut out, ms, &mut cx);
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    let bodies = cx
        .parameters
        .iter()
        .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("body"))
        .map(|(name, _)| name.clone())
        .collect::<BTreeSet<_>>();
    let mut converted = Value::Object(out);
    refs::rewrite(&mut converted, &bodies);
    *raw = converted;
    cx.origins
}

/// Adds the servers, if there are any (after `info`, where a reader looks).
fn insert_servers(out: &mut Map<String, Value>, servers: Vec<Value>) {
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
}

/// `definitions`, `parameters`, `responses` and `securityDefinitions` as
/// `components`.
fn components(doc: &mut Map<String, Value>, cx: &mut Context) -> Map<String, Value> {
    let mut out = Map::new();
    let mut schemas = Map::new();
    match doc.shift_remove("definitions") {
        Some(Value::Object(defs)) => {
            cx.origins
                .record("#/components/schemas".into(), "#/definitions".into());
            for (name, mut s) in defs {
                schema::convert(&mut s);
                schemas.insert(name, s);
            }
        }
        other => not_a_map(other.as_ref(), "#/definitions", cx.diags),
    }
    let mut parameters = Map::new();
    let mut bodies = Map::new();
    let consumes = operation::effective(cx.consumes.clone());
    for (name, p) in &cx.parameters {
        let at = join("#/parameters", &[name]);
        let Value::Object(p) = p else {
            cx.diags.warning(at, "parameter is not a mapping; skipped");
            continue;
        };
        match p.get("in").and_then(Value::as_str) {
            Some("body") => {
                let b = body::of_body(p, &at, &consumes, cx.diags);
                let new = join("#/components/requestBodies", &[name]);
                body::record_body(&mut cx.origins, &b, &new, &at);
                bodies.insert(name.clone(), b);
            }
            // A form field joins the body of each operation that names it.
            Some("formData") => {}
            _ => {
                let p = parameter::parameter(p, &at, cx.diags);
                let new = join("#/components/parameters", &[name]);
                cx.origins.record(join(&new, &["schema"]), at.clone());
                cx.origins.record(new, at);
                parameters.insert(name.clone(), p);
            }
        }
    }
    let mut responses = Map::new();
    match doc.shift_remove("responses") {
        Some(Value::Object(rs)) => {
            for (name, r) in rs {
                let r = response::one(r, cx.produces.as_deref());
                let new = join("#/components/responses", &[&name]);
                let old = join("#/responses", &[&name]);
                response::record(&mut cx.origins, &r, &new, &old);
                responses.insert(name, r);
            }
        }
        other => not_a_map(other.as_ref(), "#/responses", cx.diags),
    }
    let security = match doc.shift_remove("securityDefinitions") {
        Some(Value::Object(defs)) => {
            cx.origins.record(
                "#/components/securitySchemes".into(),
                "#/securityDefinitions".into(),
            );
            security::schemes(&defs, "#/securityDefinitions", cx.diags)
        }
        other => {
            not_a_map(other.as_ref(), "#/securityDefinitions", cx.diags);
            Map::new()
        }
    };
    for (key, part) in [
        ("schemas", schemas),
        ("responses", responses),
        ("parameters", parameters),
        ("requestBodies", bodies),
        ("securitySchemes", security),
    ] {
        if !part.is_empty() {
            out.insert(key.into(), Value::Object(part));
        }
    }
    out
}

/// Warns about a part of the document that should be a map and is not.
fn not_a_map(value: Option<&Value>, pointer: &str, diags: &mut Diagnostics) {
    if value.is_some_and(|v| !v.is_object()) {
        let name = pointer.trim_start_matches("#/");
        diags.warning(pointer, format!("`{name}` is not a map; ignored"));
    }
}

/// The map of a JSON object, or an empty one: parts built with `json!` in tests.
#[cfg(test)]
fn map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests;
