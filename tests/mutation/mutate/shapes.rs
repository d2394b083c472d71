//! Mutations of shape: deep nesting, subtrees grafted from other seeds,
//! the extensions the generator reads, and keyword values swapped.

use super::Mutator;
use crate::odd;
use crate::rng::Rng;
use crate::seeds::Graft;
use crate::tree::{self, get_mut, is_operation, is_schema, Path, Seg};
use serde_json::{json, Map, Value};

impl Mutator<'_> {
    pub(super) fn deep_nest(&mut self, doc: &mut Value) -> Option<String> {
        let depth = match self.rng.below(10) {
            0..=4 => self.rng.range(1, 10),
            5..=7 => self.rng.range(10, 60),
            _ => self.rng.range(60, 300),
        };
        if self.rng.one_in(8) {
            return self.deep_parts(doc, depth.min(40));
        }
        let p = match self.pick_path(doc, is_schema) {
            Some(p) => p,
            None => {
                tree::components(doc, "schemas")?
                    .insert("Deep".into(), json!({ "type": "string" }));
                ["components", "schemas", "Deep"]
                    .iter()
                    .map(|k| Seg::Key(k.to_string()))
                    .collect()
            }
        };
        let node = get_mut(doc, &p)?;
        if self.rng.one_in(5) {
            // Deep data rather than deep schema: an example, default or enum.
            let mut v = json!(1);
            for _ in 0..depth {
                v = if self.rng.one_in(2) {
                    json!([v])
                } else {
                    json!({ "k": v })
                };
            }
            let key = *self.rng.pick(&["example", "default", "enum"]);
            let v = if key == "enum" { json!([v]) } else { v };
            node.as_object_mut()?.insert(key.into(), v);
            return Some(format!("deep {key} ({depth}) at {}", tree::pointer(&p)));
        }
        let mut v = node.take();
        let uniform = self.rng.one_in(2);
        let first = self.rng.below(8);
        for _ in 0..depth {
            let w = if uniform { first } else { self.rng.below(8) };
            v = match w {
                0 => json!({ "type": "array", "items": v }),
                1 => json!({ "type": "object", "properties": { "p": v } }),
                2 => json!({ "type": "object", "required": ["p"], "properties": { "p": v } }),
                3 => json!({ "allOf": [v] }),
                4 => json!({ "oneOf": [v, { "type": "string" }] }),
                5 => json!({ "anyOf": [v] }),
                6 => json!({ "type": "object", "additionalProperties": v }),
                _ => {
                    json!({ "allOf": [v, { "type": "object", "properties": { "q": { "type": "integer" } } }] })
                }
            };
        }
        *get_mut(doc, &p)? = v;
        Some(format!("nest {} {depth} deep", tree::pointer(&p)))
    }

    /// The parts other than schemas that can hold themselves: callbacks in
    /// callbacks, encodings whose headers have content with encodings.
    fn deep_parts(&mut self, doc: &mut Value, depth: usize) -> Option<String> {
        let p = self.pick_path(doc, is_operation)?;
        let callbacks = self.rng.one_in(2);
        let mut v = if callbacks {
            json!({ "post": { "responses": { "200": { "description": "d" } } } })
        } else {
            json!({ "schema": { "type": "string" } })
        };
        for _ in 0..depth {
            v = if callbacks {
                json!({ "post": { "responses": { "200": { "description": "d" } }, "callbacks": { "cb": { "{$url}": v } } } })
            } else {
                json!({ "schema": { "type": "object" }, "encoding": { "e": { "headers": { "h": { "content": { "application/json": v } } } } } })
            };
        }
        let op = get_mut(doc, &p)?.as_object_mut()?;
        if callbacks {
            op.insert("callbacks".into(), json!({ "cb": { "{$url}": v } }));
        } else {
            op.insert(
                "responses".into(),
                json!({ "200": { "description": "d", "content": { "multipart/form-data": v } } }),
            );
        }
        let what = if callbacks { "callbacks" } else { "encodings" };
        Some(format!("{what} {depth} deep at {}", tree::pointer(&p)))
    }

    /// A subtree of another seed, put where its kind belongs.
    pub(super) fn graft(&mut self, doc: &mut Value) -> Option<String> {
        let pool = self.pool;
        let graft = pool.pick(&mut self.rng)?;
        match graft {
            Graft::Schema(name, v) => {
                if self.rng.one_in(2) {
                    if let Some(p) = self.pick_path(doc, is_schema) {
                        *get_mut(doc, &p)? = v.clone();
                        return Some(format!("graft schema {name:?} at {}", tree::pointer(&p)));
                    }
                }
                tree::components(doc, "schemas")?.insert(name.clone(), v.clone());
                Some(format!("graft schema {name:?} as a component"))
            }
            Graft::PathItem(path, v) => {
                let paths = doc
                    .as_object_mut()?
                    .entry("paths")
                    .or_insert_with(|| json!({}));
                paths.as_object_mut()?.insert(path.clone(), v.clone());
                Some(format!("graft path item {path:?}"))
            }
            Graft::Parameter(v) => {
                let p = self.pick_path(doc, is_operation)?;
                let op = get_mut(doc, &p)?.as_object_mut()?;
                let list = op.entry("parameters").or_insert_with(|| json!([]));
                list.as_array_mut()?.push(v.clone());
                Some(format!("graft parameter into {}", tree::pointer(&p)))
            }
            Graft::Response(v) => {
                let status = self
                    .rng
                    .pick(&["200", "201", "404", "default", "2XX"])
                    .to_string();
                let p = self.pick_path(doc, is_operation)?;
                let op = get_mut(doc, &p)?.as_object_mut()?;
                let responses = op.entry("responses").or_insert_with(|| json!({}));
                responses.as_object_mut()?.insert(status.clone(), v.clone());
                Some(format!(
                    "graft response {status} into {}",
                    tree::pointer(&p)
                ))
            }
            Graft::RequestBody(v) => {
                let p = self.pick_path(doc, is_operation)?;
                get_mut(doc, &p)?
                    .as_object_mut()?
                    .insert("requestBody".into(), v.clone());
                Some(format!("graft request body into {}", tree::pointer(&p)))
            }
        }
    }

    /// The extensions the generator reads, with values good and bad.
    pub(super) fn extension(&mut self, doc: &mut Value) -> Option<String> {
        let ids = tree::strings_of(doc, "operationId");
        let props = tree::property_names(doc);
        let word = |rng: &mut Rng, from: &[String]| -> Value {
            if from.is_empty() || rng.one_in(4) {
                json!(rng.pick(odd::NAMES))
            } else {
                json!(rng.pick(from))
            }
        };
        let (at, key, value): (Path, &str, Value) = match self.rng.below(7) {
            0 => (
                vec![Seg::Key("info".into())],
                "x-rust-crate-name",
                json!(self.name()),
            ),
            1 => {
                let p = self.pick_path(doc, |p, v| {
                    v.is_object() && p.len() == 3 && p[1] == Seg::Key("securitySchemes".into())
                })?;
                (p, "x-env-var", json!(self.name()))
            }
            2 => (
                self.pick_path(doc, is_operation)?,
                "x-absolute-url",
                word(&mut self.rng, &props),
            ),
            3 => (
                self.pick_path(doc, is_schema)?,
                "x-sensitive",
                self.rng
                    .pick(&[json!(true), json!("yes"), json!(1), json!(null)])
                    .clone(),
            ),
            4 => {
                let v = match self.rng.below(5) {
                    0 => json!(false),
                    1 => json!(true),
                    2 => json!({}),
                    3 => json!("cursor"),
                    _ => json!({
                        "cursorParam": word(&mut self.rng, &props),
                        "nextCursor": self.rng.pick(&["pagination.nextCursor", "", ".", "a..b", "next", "pagination.nextCursor.deeper", "🦀"]),
                        "items": word(&mut self.rng, &props),
                    }),
                };
                (self.pick_path(doc, is_operation)?, "x-pagination", v)
            }
            5 => {
                let v = if self.rng.one_in(5) {
                    json!(self.name())
                } else {
                    let mut flow = Map::new();
                    for k in ["name", "upload", "complete"] {
                        if !self.rng.one_in(8) {
                            flow.insert(k.into(), word(&mut self.rng, &ids));
                        }
                    }
                    for k in [
                        "contentTypeField",
                        "contentLengthField",
                        "urlField",
                        "idField",
                        "completeIdParameter",
                    ] {
                        if !self.rng.one_in(8) {
                            flow.insert(k.into(), word(&mut self.rng, &props));
                        }
                    }
                    Value::Object(flow)
                };
                (self.pick_path(doc, is_operation)?, "x-upload-flow", v)
            }
            _ => {
                let p = self.pick_path(doc, |_, v| v.is_object())?;
                let key = if self.rng.one_in(2) { "x-" } else { "x-🦀" };
                let v = self.other_type(&Value::Null);
                (p, key, v)
            }
        };
        let node = get_mut(doc, &at)?;
        if !node.is_object() {
            *node = json!({});
        }
        node.as_object_mut()?.insert(key.into(), value);
        Some(format!("extension {key} at {}", tree::pointer(&at)))
    }

    /// Servers with odd URLs and template variables.
    pub(super) fn servers(&mut self, doc: &mut Value) -> Option<String> {
        let var = self.name();
        let url = match self.rng.below(4) {
            0 => format!("https://{{{var}}}.example.com/v1"),
            1 => self.rng.pick(odd::PATHS).to_string(),
            2 => format!("{{{var}}}"),
            _ => self.name(),
        };
        let variable = json!({
            "default": self.name(),
            "enum": [self.name(), self.name()],
            "description": self.rng.pick(odd::TEXTS),
        });
        let server = json!({
            "url": url,
            "description": self.rng.pick(odd::TEXTS),
            "variables": { var.clone(): variable },
        });
        let root = doc.as_object_mut()?;
        match root.get_mut("servers").and_then(Value::as_array_mut) {
            Some(list) if self.rng.one_in(2) => list.insert(0, server),
            _ => {
                root.insert("servers".into(), json!([server]));
            }
        }
        Some(format!("server {url:?} with variable {var:?}"))
    }

    /// A keyword value swapped for another: types, formats, locations, styles, flags.
    pub(super) fn keyword_value(&mut self, doc: &mut Value) -> Option<String> {
        let choice = self.rng.below(6);
        let p = if choice == 2 || choice == 3 {
            self.pick_path(doc, tree::is_parameter)?
        } else {
            self.pick_path(doc, is_schema)?
        };
        let (key, value) = match choice {
            0 if self.rng.one_in(5) => ("type", json!(["string", "null"])),
            0 => ("type", json!(self.rng.pick(odd::SCHEMA_TYPES))),
            1 => ("format", json!(self.rng.pick(odd::FORMATS))),
            2 => ("in", json!(self.rng.pick(odd::PARAM_LOCATIONS))),
            3 if self.rng.one_in(2) => ("explode", json!(self.rng.one_in(2))),
            3 => ("style", json!(self.rng.pick(odd::STYLES))),
            4 => {
                let flag = *self.rng.pick(&[
                    "nullable",
                    "readOnly",
                    "writeOnly",
                    "deprecated",
                    "uniqueItems",
                ]);
                (flag, json!(self.rng.one_in(2)))
            }
            _ => {
                let target = self.rng.pick(odd::REFS).to_string();
                let d = json!({ "propertyName": self.name(), "mapping": { self.name(): target } });
                ("discriminator", d)
            }
        };
        get_mut(doc, &p)?.as_object_mut()?.insert(key.into(), value);
        Some(format!("keyword {key} at {}", tree::pointer(&p)))
    }
}
