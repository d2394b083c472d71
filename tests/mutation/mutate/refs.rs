//! Mutations of references: `$ref`s that point at nothing, at the wrong
//! kind of thing, or round in cycles (schemas, parameters, responses,
//! bodies, headers, path items).

use super::Mutator;
use crate::odd;
use crate::tree::{self, component_ref, get_mut, is_operation, is_schema};
use serde_json::{json, Value};

impl Mutator<'_> {
    pub(super) fn dangle_ref(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, tree::is_ref_site)?;
        let node = get_mut(doc, &p)?;
        let target = match node.get("$ref").and_then(Value::as_str) {
            Some(old) if self.rng.one_in(3) => {
                format!("{old}{}", self.rng.pick(&["X", "/", "~", "/x"]))
            }
            _ => self.rng.pick(odd::REFS).to_string(),
        };
        match node.as_object_mut() {
            Some(map) if self.rng.one_in(3) => {
                map.insert("$ref".into(), Value::String(target.clone()));
            }
            _ => *node = json!({ "$ref": target }),
        }
        Some(format!("dangle {} -> {target:?}", tree::pointer(&p)))
    }

    pub(super) fn ref_cycle(&mut self, doc: &mut Value) -> Option<String> {
        let names: Vec<String> = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let a = if names.is_empty() {
            "Loop".to_string()
        } else {
            self.rng.pick(&names).clone()
        };
        let b = if names.len() < 2 || self.rng.one_in(3) {
            format!("{a}Other")
        } else {
            self.rng.pick(&names).clone()
        };
        let (ra, rb) = (component_ref("schemas", &a), component_ref("schemas", &b));
        let pattern = self.rng.below(10);
        if pattern == 8 {
            return self.other_cycle(doc);
        }
        if pattern == 9 {
            let paths = doc
                .as_object_mut()?
                .entry("paths")
                .or_insert_with(|| json!({}));
            let paths = paths.as_object_mut()?;
            paths.insert("/a".into(), json!({ "$ref": "#/paths/~1b" }));
            paths.insert("/b".into(), json!({ "$ref": "#/paths/~1a" }));
            paths.insert("/loop".into(), json!({ "$ref": "#/paths/~1loop" }));
            return Some("path item $ref cycle".into());
        }
        let chain = self.rng.range(2, 60);
        let chain_ends_in_loop = self.rng.one_in(2);
        let schemas = tree::components(doc, "schemas")?;
        match pattern {
            0 => {
                schemas.insert(a.clone(), json!({ "$ref": ra }));
            }
            1 => {
                schemas.insert(a.clone(), json!({ "$ref": rb }));
                schemas.insert(b.clone(), json!({ "$ref": ra }));
            }
            2 => {
                schemas.insert(a.clone(), json!({ "allOf": [{ "$ref": ra }, { "type": "object", "properties": { "x": { "type": "string" } } }] }));
            }
            3 => {
                schemas.insert(a.clone(), json!({ "type": "object", "required": ["me"], "properties": { "me": { "$ref": ra }, "list": { "type": "array", "items": { "$ref": ra } } } }));
            }
            4 => {
                schemas.insert(
                    a.clone(),
                    json!({ "type": "object", "additionalProperties": { "$ref": ra } }),
                );
                schemas.insert(
                    b.clone(),
                    json!({ "type": "array", "items": { "$ref": rb } }),
                );
            }
            5 => {
                schemas.insert(a.clone(), json!({ "oneOf": [{ "$ref": ra }, { "$ref": rb }], "discriminator": { "propertyName": "kind", "mapping": { "x": ra, "y": rb } } }));
                schemas.insert(
                    b.clone(),
                    json!({ "allOf": [{ "$ref": ra }], "nullable": true }),
                );
            }
            6 => {
                for i in 0..chain {
                    let next = component_ref("schemas", &format!("C{}", i + 1));
                    schemas.insert(format!("C{i}"), json!({ "$ref": next }));
                }
                let end = if chain_ends_in_loop {
                    json!({ "$ref": "#/components/schemas/C0" })
                } else {
                    json!({ "type": "string" })
                };
                schemas.insert(format!("C{chain}"), end);
                schemas.insert(a.clone(), json!({ "$ref": "#/components/schemas/C0" }));
            }
            _ => {
                schemas.insert(
                    b.clone(),
                    json!({ "type": "object", "properties": { "x": { "$ref": ra } } }),
                );
                schemas.insert(a.clone(), json!({ "$ref": format!("{rb}/properties/x") }));
            }
        }
        if self.rng.one_in(2) {
            if let Some(p) = self.pick_path(doc, is_schema) {
                *get_mut(doc, &p)? = json!({ "$ref": ra });
            }
        }
        Some(format!("schema $ref cycle {pattern} through {a:?}/{b:?}"))
    }

    /// A parameter, response, body or header that refers to itself, used by an operation.
    fn other_cycle(&mut self, doc: &mut Value) -> Option<String> {
        let kind = *self
            .rng
            .pick(&["parameters", "responses", "requestBodies", "headers"]);
        let r = component_ref(kind, "Loop");
        tree::components(doc, kind)?.insert("Loop".into(), json!({ "$ref": r }));
        let op = self.pick_path(doc, is_operation)?;
        let op = get_mut(doc, &op)?.as_object_mut()?;
        let refd = json!({ "$ref": r });
        match kind {
            "parameters" => op.insert("parameters".into(), json!([refd])),
            "responses" => op.insert("responses".into(), json!({ "200": refd })),
            "requestBodies" => op.insert("requestBody".into(), refd),
            _ => op.insert(
                "responses".into(),
                json!({ "200": { "description": "x", "headers": { "X-Loop": refd } } }),
            ),
        };
        Some(format!("{kind} $ref cycle"))
    }
}
