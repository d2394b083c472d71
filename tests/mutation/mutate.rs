//! Structure-aware mutations of a parsed spec. Each one aims at a role (a
//! schema, a `$ref`, a map of names, an operation) and says what it did.

use crate::odd;
use crate::rng::Rng;
use crate::seeds::{Graft, Pool};
use crate::tree::{self, component_ref, get_mut, is_operation, is_schema, Names, Path, Seg};
use serde_json::{json, Map, Value};

/// Applies mutations with one random stream; raw number text is kept aside
/// and spliced into the serialised document (see [`Mutator::marker`]).
pub struct Mutator<'p> {
    pub rng: Rng,
    pool: &'p Pool,
    /// Raw text of the number standing behind marker `i`.
    pub raw: Vec<String>,
    /// What was done, for the failure report.
    pub log: Vec<String>,
}

type Mutation<'p> = fn(&mut Mutator<'p>, &mut Value) -> Option<String>;

impl<'p> Mutator<'p> {
    pub fn new(rng: Rng, pool: &'p Pool) -> Self {
        Mutator {
            rng,
            pool,
            raw: Vec::new(),
            log: Vec::new(),
        }
    }

    /// Every mutation, with its weight.
    fn table() -> [(Mutation<'p>, usize); 13] {
        [
            (Mutator::drop_key, 10),
            (Mutator::duplicate_key, 8),
            (Mutator::swap_type, 10),
            (Mutator::dangle_ref, 6),
            (Mutator::ref_cycle, 8),
            (Mutator::deep_nest, 6),
            (Mutator::huge_number, 6),
            (Mutator::odd_name, 12),
            (Mutator::collide, 6),
            (Mutator::graft, 8),
            (Mutator::extension, 6),
            (Mutator::enum_mess, 4),
            (Mutator::keyword_value, 8),
        ]
    }

    /// Applies one mutation that fits the document.
    pub fn mutate(&mut self, doc: &mut Value) {
        let table = Self::table();
        let total: usize = table.iter().map(|(_, w)| w).sum();
        for _ in 0..8 {
            let mut roll = self.rng.below(total);
            let (mutation, _) = table
                .iter()
                .find(|(_, w)| {
                    let hit = roll < *w;
                    roll = roll.saturating_sub(*w);
                    hit
                })
                .expect("weights cover the roll");
            if let Some(done) = mutation(self, doc) {
                self.log.push(done);
                return;
            }
        }
    }

    /// A placeholder string that becomes `text`, unquoted, once serialised.
    pub fn marker(&mut self, text: &str) -> Value {
        self.raw.push(text.to_string());
        Value::String(format!("__RAW{}__", self.raw.len() - 1))
    }

    fn raw_number(&mut self) -> Value {
        let text = if self.rng.one_in(7) {
            *self.rng.pick(odd::YAML_NUMBERS)
        } else {
            *self.rng.pick(odd::NUMBERS)
        };
        self.marker(text)
    }

    fn name(&mut self) -> String {
        self.rng.pick(odd::NAMES).to_string()
    }

    /// A random node matching `pred`.
    fn pick_path(&mut self, doc: &Value, pred: impl Fn(&[Seg], &Value) -> bool) -> Option<Path> {
        let mut found: Vec<Path> = tree::nodes(doc)
            .into_iter()
            .filter(|(p, v)| pred(p, v))
            .map(|(p, _)| p)
            .collect();
        if found.is_empty() {
            return None;
        }
        let i = self.rng.below(found.len());
        Some(found.swap_remove(i))
    }

    fn random_key(&mut self, map: &Map<String, Value>) -> Option<String> {
        map.keys().nth(self.rng.below(map.len().max(1))).cloned()
    }

    fn drop_key(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, |_, v| v.as_object().is_some_and(|m| !m.is_empty()))?;
        let map = get_mut(doc, &p)?.as_object_mut()?;
        let k = self.random_key(map)?;
        map.remove(&k);
        Some(format!("drop {}/{k}", tree::pointer(&p)))
    }

    fn duplicate_key(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, |_, v| v.as_object().is_some_and(|m| !m.is_empty()))?;
        let map = get_mut(doc, &p)?.as_object_mut()?;
        let k = self.random_key(map)?;
        let to = match self.rng.below(3) {
            0 => self.random_key(map)?,
            1 => self.rng.pick(&odd::colliding(&k)).clone(),
            _ => self.name(),
        };
        let v = map.get(&k)?.clone();
        map.insert(to.clone(), v);
        Some(format!("duplicate {}/{k} as {to:?}", tree::pointer(&p)))
    }

    fn other_type(&mut self, old: &Value) -> Value {
        let kind = |v: &Value| std::mem::discriminant(v);
        loop {
            let v = match self.rng.below(9) {
                0 => Value::String(match old {
                    Value::String(_) => self.name(),
                    other => other.to_string(),
                }),
                1 => json!(self.rng.below(1000) as i64 - 500),
                2 => self.raw_number(),
                3 => Value::Bool(self.rng.one_in(2)),
                4 => Value::Null,
                5 => json!([]),
                6 => json!([old.clone()]),
                7 => json!({}),
                _ => json!({ "x": old.clone() }),
            };
            if kind(&v) != kind(old) || self.rng.one_in(4) {
                return v;
            }
        }
    }

    fn swap_type(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, |p, _| !p.is_empty())?;
        let old = get_mut(doc, &p)?.clone();
        let new = self.other_type(&old);
        *get_mut(doc, &p)? = new;
        Some(format!("swap type of {}", tree::pointer(&p)))
    }

    fn dangle_ref(&mut self, doc: &mut Value) -> Option<String> {
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

    fn ref_cycle(&mut self, doc: &mut Value) -> Option<String> {
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

    fn deep_nest(&mut self, doc: &mut Value) -> Option<String> {
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

    fn huge_number(&mut self, doc: &mut Value) -> Option<String> {
        let n = self.raw_number();
        if self.rng.one_in(3) {
            let p = self.pick_path(doc, |p, _| !p.is_empty())?;
            *get_mut(doc, &p)? = n;
            return Some(format!("number at {}", tree::pointer(&p)));
        }
        let p = self.pick_path(doc, is_schema)?;
        let key = *self.rng.pick(&[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
            "multipleOf",
            "default",
            "example",
            "enum",
        ]);
        let n = if key == "enum" { json!([n, 1]) } else { n };
        get_mut(doc, &p)?.as_object_mut()?.insert(key.into(), n);
        Some(format!("number as {}/{key}", tree::pointer(&p)))
    }

    fn odd_name(&mut self, doc: &mut Value) -> Option<String> {
        match self.rng.below(3) {
            0 => self.rename_key(doc),
            1 => self.odd_field(doc),
            _ => {
                let p =
                    self.pick_path(doc, |p, v| is_schema(p, v) && v.get("properties").is_some())?;
                let node = get_mut(doc, &p)?.as_object_mut()?;
                let mut required: Vec<Value> = node["properties"]
                    .as_object()
                    .map(|m| m.keys().map(|k| json!(k)).collect())
                    .unwrap_or_default();
                required.push(json!(self.name()));
                required.push(json!(""));
                if let Some(first) = required.first().cloned() {
                    required.push(first);
                }
                node.insert("required".into(), Value::Array(required));
                Some(format!("odd required at {}", tree::pointer(&p)))
            }
        }
    }

    fn rename_key(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, |p, v| {
            tree::names_kind(p, v).is_some() && v.as_object().is_some_and(|m| !m.is_empty())
        })?;
        let kind = tree::names_kind(&p, get_mut(doc, &p)?)?;
        let map = get_mut(doc, &p)?.as_object_mut()?;
        let from = self.random_key(map)?;
        let to = match kind {
            Names::Paths => self.rng.pick(odd::PATHS).to_string(),
            Names::Statuses => self.rng.pick(odd::STATUSES).to_string(),
            Names::Media => self.rng.pick(odd::MEDIA_TYPES).to_string(),
            Names::Plain | Names::Schemas => self.name(),
        };
        let v = map.remove(&from)?;
        map.insert(to.clone(), v);
        if kind == Names::Schemas && self.rng.one_in(2) {
            let (old, new) = (
                component_ref("schemas", &from),
                component_ref("schemas", &to),
            );
            retarget(doc, &old, &new);
        }
        Some(format!("rename {}/{from} to {to:?}", tree::pointer(&p)))
    }

    fn odd_field(&mut self, doc: &mut Value) -> Option<String> {
        let field = *self.rng.pick(&[
            "operationId",
            "name",
            "propertyName",
            "title",
            "description",
            "summary",
            "version",
            "url",
            "scheme",
            "bearerFormat",
            "tags",
            "x-env-var",
            "x-rust-crate-name",
        ]);
        let (p, field) = match self.pick_path(doc, |_, v| v.get(field).is_some()) {
            Some(p) => (p, field),
            None => (self.pick_path(doc, is_operation)?, "operationId"),
        };
        let value = match field {
            "title" | "description" | "summary" => self.rng.pick(odd::TEXTS).to_string(),
            _ => self.name(),
        };
        let value = if field == "tags" {
            json!([value])
        } else {
            json!(value)
        };
        get_mut(doc, &p)?
            .as_object_mut()?
            .insert(field.into(), value);
        Some(format!("odd {field} at {}", tree::pointer(&p)))
    }

    /// Names that differ only by case or punctuation, side by side.
    fn collide(&mut self, doc: &mut Value) -> Option<String> {
        if self.rng.one_in(3) {
            let ops: Vec<Path> = tree::nodes(doc)
                .into_iter()
                .filter(|(p, v)| is_operation(p, v))
                .map(|(p, _)| p)
                .collect();
            if ops.len() >= 2 {
                let base = self.name();
                let variants = odd::colliding(&base);
                for p in &ops {
                    let id = self.rng.pick(&variants).clone();
                    get_mut(doc, p)?
                        .as_object_mut()?
                        .insert("operationId".into(), json!(id));
                }
                return Some(format!("colliding operationIds around {base:?}"));
            }
        }
        let p = self.pick_path(doc, |p, v| {
            matches!(tree::names_kind(p, v), Some(Names::Plain | Names::Schemas))
                && v.as_object().is_some_and(|m| !m.is_empty())
        })?;
        let map = get_mut(doc, &p)?.as_object_mut()?;
        let from = self.random_key(map)?;
        let v = map.get(&from)?.clone();
        let variants = odd::colliding(&from);
        for _ in 0..self.rng.range(1, 4) {
            map.insert(self.rng.pick(&variants).clone(), v.clone());
        }
        Some(format!(
            "colliding names beside {}/{from}",
            tree::pointer(&p)
        ))
    }

    /// A subtree of another seed, put where its kind belongs.
    fn graft(&mut self, doc: &mut Value) -> Option<String> {
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
    fn extension(&mut self, doc: &mut Value) -> Option<String> {
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

    fn enum_mess(&mut self, doc: &mut Value) -> Option<String> {
        let p = self.pick_path(doc, is_schema)?;
        let base = self.name();
        let values = match self.rng.below(9) {
            0 => json!([]),
            1 => json!([null]),
            2 => json!([1, "1", true, null, 1.5, [], {}]),
            3 => json!(["a", "a", "A", "a "]),
            4 => json!(odd::NAMES
                .iter()
                .filter(|_| self.rng.one_in(8))
                .collect::<Vec<_>>()),
            5 => json!(odd::colliding(&base)),
            6 => json!((0..500).map(|i| format!("v{i}")).collect::<Vec<_>>()),
            7 => json!([
                "Unknown",
                "unknown",
                "UNKNOWN",
                "UnknownValue",
                "unknown_value"
            ]),
            _ => json!([self.raw_number(), self.raw_number()]),
        };
        let node = get_mut(doc, &p)?.as_object_mut()?;
        node.insert("enum".into(), values);
        if self.rng.one_in(2) {
            node.insert("type".into(), json!("string"));
        }
        Some(format!("odd enum at {}", tree::pointer(&p)))
    }

    /// A keyword value swapped for another: types, formats, locations, styles, flags.
    fn keyword_value(&mut self, doc: &mut Value) -> Option<String> {
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

/// Points every `$ref` equal to `old` at `new`.
fn retarget(doc: &mut Value, old: &str, new: &str) {
    let paths: Vec<Path> = tree::nodes(doc)
        .into_iter()
        .filter(|(_, v)| v.get("$ref").and_then(Value::as_str) == Some(old))
        .map(|(p, _)| p)
        .collect();
    for p in paths {
        if let Some(Value::Object(m)) = get_mut(doc, &p) {
            m.insert("$ref".into(), json!(new));
        }
    }
}
