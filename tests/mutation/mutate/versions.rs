//! Mutations between versions of the format, so the upgrade steps of the
//! front end meet odd input too: a document relabelled (`openapi: 3.1.0`),
//! given OpenAPI 3.1 shapes (`type: [X, "null"]`, `const`, `examples` lists,
//! numeric `exclusiveMinimum`, `$ref` with siblings, `webhooks`), rewritten
//! as a Swagger 2.0 skeleton (`definitions`, `in: body` and `formData`
//! parameters, `consumes`/`produces`), or given Swagger 2.0 shapes
//! (`collectionFormat`, `type: file`, `x-nullable`).

use super::Mutator;
use crate::odd;
use crate::tree::{self, get_mut, is_operation, is_schema, Path};
use serde_json::{json, Map, Value};

/// Version strings, real and odd.
const VERSIONS: &[&str] = &["3.1.0", "3.1.1", "3.1.2", "3.0.3", "3.1", "3.2.0", "3.0"];

/// Documents with more paths than this are not rewritten as Swagger 2.0:
/// big ones cost the quick run much, and the corpus has real big 2.0 ones.
const MAX_CONVERTED_PATHS: usize = 30;

/// Swagger 2.0 array encodings.
const COLLECTION_FORMATS: &[&str] = &["csv", "ssv", "tsv", "pipes", "multi", "brackets"];

impl Mutator<'_> {
    pub(super) fn version(&mut self, doc: &mut Value) -> Option<String> {
        match self.rng.below(6) {
            0 => self.relabel(doc),
            1 | 2 => self.shapes_31(doc),
            3 => self.swagger2_skeleton(doc),
            _ => self.shapes_20(doc),
        }
    }

    /// `openapi` (or `swagger`) set to another version, the body unchanged.
    fn relabel(&mut self, doc: &mut Value) -> Option<String> {
        let root = doc.as_object_mut()?;
        if self.rng.one_in(4) {
            let v = self
                .rng
                .pick(&[json!("2.0"), json!(2.0), json!("2")])
                .clone();
            root.insert("swagger".into(), v.clone());
            if self.rng.one_in(2) {
                root.remove("openapi");
            }
            return Some(format!("swagger: {v}"));
        }
        let v = *self.rng.pick(VERSIONS);
        root.insert("openapi".into(), json!(v));
        Some(format!("openapi: {v}"))
    }

    /// The document labelled 3.1 and some of its schemas written in 3.1's
    /// words; sometimes every `nullable` becomes a type array.
    fn shapes_31(&mut self, doc: &mut Value) -> Option<String> {
        let done = match self.rng.below(6) {
            0 | 1 => null_type_arrays(doc),
            2 => self.webhook(doc),
            _ => self.schema_31(doc),
        }?;
        if self.rng.one_in(5) {
            return Some(done);
        }
        let v = *self.rng.pick(&VERSIONS[..3]);
        doc.as_object_mut()?.insert("openapi".into(), json!(v));
        Some(format!("{done} (openapi: {v})"))
    }

    /// One schema written in 3.1's words.
    fn schema_31(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, is_schema)?;
        let target = self.rng.pick(odd::REFS).to_string();
        let node = get_mut(doc, &p)?.as_object_mut()?;
        let what = match self.rng.below(9) {
            0 => {
                let t = node.remove("type").unwrap_or(json!("string"));
                let t = match t {
                    Value::Array(mut ts) => {
                        ts.push(json!("null"));
                        Value::Array(ts)
                    }
                    t if self.rng.one_in(4) => json!(["null", t]),
                    t => json!([t, "null"]),
                };
                node.remove("nullable");
                node.insert("type".into(), t);
                "type array with null"
            }
            1 => {
                let inner = Value::Object(std::mem::take(node));
                let nothing = json!({ "type": "null" });
                let list = if self.rng.one_in(2) {
                    json!([inner, nothing])
                } else {
                    json!([nothing, inner])
                };
                let key = *self.rng.pick(&["anyOf", "oneOf"]);
                node.insert(key.into(), list);
                "union with type null"
            }
            2 => {
                let v = match node.get("enum").and_then(|e| e.get(0)) {
                    Some(first) => first.clone(),
                    None => json!(self.name()),
                };
                node.insert("const".into(), v);
                "const"
            }
            3 => {
                let example = node.remove("example").unwrap_or(json!(self.name()));
                node.insert("examples".into(), json!([example, null]));
                "examples list"
            }
            4 => {
                node.insert("exclusiveMinimum".into(), json!(0));
                node.insert("exclusiveMaximum".into(), self.raw_number());
                "numeric exclusive bounds"
            }
            5 => {
                node.clear();
                node.insert("$ref".into(), json!(target));
                node.insert("description".into(), json!(*self.rng.pick(odd::TEXTS)));
                node.insert("nullable".into(), json!(true));
                "$ref with siblings"
            }
            6 => {
                node.insert("type".into(), json!("null"));
                "type null"
            }
            7 => {
                node.insert("type".into(), json!("string"));
                node.insert(
                    "contentMediaType".into(),
                    json!(*self.rng.pick(odd::MEDIA_TYPES)),
                );
                if self.rng.one_in(2) {
                    node.insert("contentEncoding".into(), json!("base64"));
                }
                node.remove("format");
                "contentMediaType"
            }
            _ => {
                node.insert("type".into(), json!("array"));
                node.insert(
                    "prefixItems".into(),
                    json!([{ "type": "string" }, { "type": "integer" }]),
                );
                "prefixItems"
            }
        };
        Some(format!("3.1: {what} at {}", tree::pointer(&p)))
    }

    /// A `webhooks` map holding one of the document's path items.
    fn webhook(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, is_operation)?;
        let item = get_mut(doc, &p[..2])?.clone();
        let name = self.name();
        let root = doc.as_object_mut()?;
        let hooks = root.entry("webhooks").or_insert_with(|| json!({}));
        if !hooks.is_object() {
            *hooks = json!({});
        }
        hooks.as_object_mut()?.insert(name.clone(), item);
        if self.rng.one_in(3) {
            root.remove("paths");
        }
        Some(format!("3.1: webhook {name:?}"))
    }

    /// The document rewritten as Swagger 2.0, as a converter might: schemas
    /// to `definitions`, bodies to `in: body` or `formData` parameters,
    /// response content to `schema`, servers to host and base path.
    fn swagger2_skeleton(&mut self, doc: &mut Value) -> Option<String> {
        let root = doc.as_object_mut()?;
        let paths = root
            .get("paths")
            .and_then(Value::as_object)
            .map_or(0, |p| p.len());
        if root.contains_key("swagger") || paths > MAX_CONVERTED_PATHS {
            return None;
        }
        root.remove("openapi");
        root.insert("swagger".into(), json!("2.0"));
        if let Some(Value::Array(servers)) = root.remove("servers") {
            let url = servers
                .first()
                .and_then(|s| s.get("url"))
                .and_then(Value::as_str);
            if let Some(url) = url {
                let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
                let (host, base) = rest.split_once('/').unwrap_or((rest, ""));
                root.insert("schemes".into(), json!([scheme]));
                root.insert("host".into(), json!(host));
                root.insert("basePath".into(), json!(format!("/{base}")));
            }
        }
        let mut components = match root.remove("components") {
            Some(Value::Object(c)) => c,
            _ => Map::new(),
        };
        let bodies = components.remove("requestBodies").unwrap_or(json!({}));
        for (from, to) in [
            ("schemas", "definitions"),
            ("parameters", "parameters"),
            ("responses", "responses"),
            ("securitySchemes", "securityDefinitions"),
        ] {
            if let Some(v) = components.remove(from) {
                root.insert(to.into(), v);
            }
        }
        if let Some(Value::Object(schemes)) = root.get_mut("securityDefinitions") {
            schemes.values_mut().for_each(security_scheme);
        }
        if let Some(Value::Object(params)) = root.get_mut("parameters") {
            params.values_mut().for_each(parameter);
        }
        if let Some(Value::Object(responses)) = root.get_mut("responses") {
            responses.values_mut().for_each(|r| {
                response(r);
            });
        }
        let mut ops = 0;
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for item in paths.values_mut() {
                let Some(item) = item.as_object_mut() else {
                    continue;
                };
                if let Some(Value::Array(ps)) = item.get_mut("parameters") {
                    ps.iter_mut().for_each(parameter);
                }
                for method in odd::METHODS {
                    if let Some(Value::Object(op)) = item.get_mut(*method) {
                        operation(op, &bodies);
                        ops += 1;
                    }
                }
            }
        }
        retarget_refs(doc);
        Some(format!("as Swagger 2.0 ({ops} operations)"))
    }

    /// One Swagger 2.0 shape added to an operation or a schema.
    fn shapes_20(&mut self, doc: &mut Value) -> Option<String> {
        if self.rng.one_in(5) {
            let p = self.pick_path(doc, is_schema)?;
            let node = get_mut(doc, &p)?.as_object_mut()?;
            let flag = self
                .rng
                .pick(&[json!(true), json!(false), json!("yes")])
                .clone();
            node.insert("x-nullable".into(), flag);
            return Some(format!("2.0: x-nullable at {}", tree::pointer(&p)));
        }
        let p: Path = self.pick_path(doc, is_operation)?;
        let definition = doc
            .get("definitions")
            .and_then(Value::as_object)
            .and_then(|d| d.keys().next().cloned());
        let name = self.name();
        let op = get_mut(doc, &p)?.as_object_mut()?;
        let (what, param) = match self.rng.below(5) {
            0 => {
                let schema = match definition {
                    Some(d) if !self.rng.one_in(3) => {
                        json!({ "$ref": format!("#/definitions/{}", d.replace('~', "~0").replace('/', "~1")) })
                    }
                    _ => {
                        json!({ "type": "object", "properties": { name.clone(): { "type": "string" } } })
                    }
                };
                op.insert("consumes".into(), json!(["application/json"]));
                let required = self.rng.one_in(2);
                (
                    "body",
                    json!({ "name": "body", "in": "body", "required": required, "schema": schema }),
                )
            }
            1 => {
                op.insert("consumes".into(), json!(["multipart/form-data"]));
                (
                    "formData file",
                    json!({ "name": name, "in": "formData", "type": "file", "required": true }),
                )
            }
            2 => {
                let ct = *self
                    .rng
                    .pick(&["application/x-www-form-urlencoded", "multipart/form-data"]);
                op.insert("consumes".into(), json!([ct]));
                let t = *self
                    .rng
                    .pick(&["string", "integer", "boolean", "array", "file", "object"]);
                (
                    "formData value",
                    json!({ "name": name, "in": "formData", "type": t, "items": { "type": "string" } }),
                )
            }
            3 => {
                let cf = *self.rng.pick(COLLECTION_FORMATS);
                let at = *self.rng.pick(&["query", "header", "path", "formData"]);
                (
                    "collectionFormat",
                    json!({ "name": name, "in": at, "type": "array", "items": { "type": "integer", "format": "int64" }, "collectionFormat": cf }),
                )
            }
            _ => {
                let status = *self.rng.pick(odd::STATUSES);
                let produces = *self.rng.pick(odd::MEDIA_TYPES);
                op.insert("produces".into(), json!([produces]));
                let responses = op.entry("responses").or_insert_with(|| json!({}));
                if !responses.is_object() {
                    *responses = json!({});
                }
                let schema = self
                    .rng
                    .pick(&[
                        json!({ "type": "file" }),
                        json!({ "type": "array", "items": { "type": "file" } }),
                        json!({ "$ref": "#/definitions/Missing" }),
                    ])
                    .clone();
                responses.as_object_mut()?.insert(
                    status.into(),
                    json!({ "description": "d", "schema": schema }),
                );
                return Some(format!(
                    "2.0: response {status} with schema at {}",
                    tree::pointer(&p)
                ));
            }
        };
        let list = op.entry("parameters").or_insert_with(|| json!([]));
        if !list.is_array() {
            *list = json!([]);
        }
        list.as_array_mut()?.push(param);
        Some(format!("2.0: {what} parameter at {}", tree::pointer(&p)))
    }
}

/// Every schema with `nullable: true` given a `[X, "null"]` type instead
/// (when there is one).
fn null_type_arrays(doc: &mut Value) -> Option<String> {
    let paths: Vec<Path> = tree::nodes(doc)
        .into_iter()
        .filter(|(p, v)| is_schema(p, v) && v.get("nullable") == Some(&json!(true)))
        .map(|(p, _)| p)
        .collect();
    for p in &paths {
        if let Some(Value::Object(node)) = get_mut(doc, p) {
            node.remove("nullable");
            let t = node.remove("type").unwrap_or(json!("object"));
            node.insert("type".into(), json!([t, "null"]));
        }
    }
    (!paths.is_empty()).then(|| format!("3.1: {} nullable schemas as type arrays", paths.len()))
}

/// A 3.0 security scheme in 2.0's words.
fn security_scheme(scheme: &mut Value) {
    let Some(s) = scheme.as_object_mut() else {
        return;
    };
    match s.get("type").and_then(Value::as_str) {
        Some("http") if s.get("scheme").and_then(Value::as_str) == Some("basic") => {
            *scheme = json!({ "type": "basic" });
        }
        Some("http") => {
            *scheme = json!({ "type": "apiKey", "in": "header", "name": "Authorization" });
        }
        Some("oauth2") => {
            *scheme = json!({ "type": "oauth2", "flow": "implicit", "authorizationUrl": "https://example.com/auth", "scopes": {} });
        }
        _ => {}
    }
}

/// A 3.0 parameter in 2.0's words: its schema's keywords on the parameter.
fn parameter(param: &mut Value) {
    let Some(p) = param.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(schema)) = p.remove("schema") {
        for (k, v) in schema {
            if k != "$ref" {
                p.insert(k, v);
            }
        }
        p.entry("type").or_insert_with(|| json!("string"));
    }
    let explode = p.remove("explode");
    if let Some(style) = p
        .remove("style")
        .and_then(|s| s.as_str().map(str::to_string))
    {
        let format = match style.as_str() {
            "spaceDelimited" => "ssv",
            "pipeDelimited" => "pipes",
            _ if explode == Some(json!(true)) => "multi",
            _ => "csv",
        };
        p.insert("collectionFormat".into(), json!(format));
    }
}

/// A 3.0 response in 2.0's words: the first media type's schema as
/// `schema`; the media types it offered.
fn response(resp: &mut Value) -> Vec<String> {
    let Some(r) = resp.as_object_mut() else {
        return Vec::new();
    };
    let mut types = Vec::new();
    if let Some(Value::Object(content)) = r.remove("content") {
        types = content.keys().cloned().collect();
        if let Some(schema) = content.values().find_map(|m| m.get("schema")) {
            r.insert("schema".into(), schema.clone());
        }
    }
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        headers.values_mut().for_each(parameter);
    }
    types
}

/// A 3.0 operation in 2.0's words: its parameters, its body as parameters,
/// its responses, and what it consumes and produces.
fn operation(op: &mut Map<String, Value>, bodies: &Value) {
    if let Some(Value::Array(ps)) = op.get_mut("parameters") {
        ps.iter_mut().for_each(parameter);
    }
    if let Some(mut body) = op.remove("requestBody") {
        if let Some(target) = body.get("$ref").and_then(Value::as_str) {
            let name = target.rsplit('/').next().unwrap_or_default();
            body = bodies.get(name).cloned().unwrap_or(body);
        }
        let required = body.get("required").cloned().unwrap_or(json!(false));
        let media = body
            .get("content")
            .and_then(Value::as_object)
            .and_then(|c| c.iter().next());
        if let Some((ct, media)) = media {
            op.insert("consumes".into(), json!([ct]));
            let schema = media.get("schema").cloned().unwrap_or(json!({}));
            let params = op.entry("parameters").or_insert_with(|| json!([]));
            if let Some(list) = params.as_array_mut() {
                if ct.contains("form") {
                    list.extend(form_parameters(&schema));
                } else {
                    list.push(json!({ "name": "body", "in": "body", "required": required, "schema": schema }));
                }
            }
        }
    }
    let mut produces = Vec::new();
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for r in responses.values_mut() {
            for t in response(r) {
                if !produces.contains(&t) {
                    produces.push(t);
                }
            }
        }
    }
    if !produces.is_empty() {
        op.insert("produces".into(), json!(produces));
    }
}

/// One `formData` parameter per property of a form body's schema.
fn form_parameters(schema: &Value) -> Vec<Value> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return vec![json!({ "name": "file", "in": "formData", "type": "file" })];
    };
    props
        .iter()
        .map(|(name, prop)| {
            let mut p = json!({ "name": name, "in": "formData", "required": required.contains(&name.as_str()), "schema": prop });
            parameter(&mut p);
            if p.get("format") == Some(&json!("binary")) {
                p["type"] = json!("file");
            }
            p
        })
        .collect()
}

/// Every `$ref` to a 3.0 component pointed at its 2.0 place.
fn retarget_refs(doc: &mut Value) {
    match doc {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    Value::String(s) if k == "$ref" => {
                        for (from, to) in [
                            ("#/components/schemas/", "#/definitions/"),
                            ("#/components/parameters/", "#/parameters/"),
                            ("#/components/responses/", "#/responses/"),
                        ] {
                            if let Some(rest) = s.strip_prefix(from) {
                                *s = format!("{to}{rest}");
                            }
                        }
                    }
                    other => retarget_refs(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(retarget_refs),
        _ => {}
    }
}
