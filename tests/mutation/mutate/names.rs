//! Mutations of names: odd Unicode, Rust keywords and generated names as
//! keys, fields and enum values, and names that collide after casing.

use super::Mutator;
use crate::odd;
use crate::tree::{self, component_ref, get_mut, is_operation, is_schema, Names, Path};
use serde_json::{json, Value};

impl Mutator<'_> {
    pub(super) fn odd_name(&mut self, doc: &mut Value) -> Option<String> {
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

    /// A path parameter renamed in the template and its declarations alike,
    /// to an odd name or one that collides with the old after casing.
    pub(super) fn path_param(&mut self, doc: &mut Value) -> Option<String> {
        let found: Vec<(String, String)> = doc
            .get("paths")?
            .as_object()?
            .keys()
            .flat_map(|path| template_params(path).into_iter().map(|p| (path.clone(), p)))
            .collect();
        if found.is_empty() {
            return None;
        }
        let (path, old) = self.rng.pick(&found).clone();
        let new = if self.rng.one_in(3) {
            self.rng.pick(&odd::colliding(&old)).clone()
        } else {
            self.name()
        };
        let renamed = path.replace(&format!("{{{old}}}"), &format!("{{{new}}}"));
        let paths = doc.get_mut("paths")?.as_object_mut()?;
        let mut item = paths.remove(&path)?;
        rename_path_param(&mut item, &old, &new);
        if let Some(ops) = item.as_object_mut() {
            for (_, op) in ops.iter_mut() {
                rename_path_param(op, &old, &new);
            }
        }
        paths.insert(renamed, item);
        Some(format!(
            "path parameter {old:?} of {path:?} renamed {new:?}"
        ))
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
    pub(super) fn collide(&mut self, doc: &mut Value) -> Option<String> {
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

    pub(super) fn enum_mess(&mut self, doc: &mut Value) -> Option<String> {
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

/// The `{name}`s of a path template.
fn template_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// Renames the path parameter `old` declared inline in `owner.parameters`.
fn rename_path_param(owner: &mut Value, old: &str, new: &str) {
    let Some(list) = owner.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for p in list {
        if p.get("in").and_then(Value::as_str) == Some("path")
            && p.get("name").and_then(Value::as_str) == Some(old)
        {
            p["name"] = json!(new);
        }
    }
}
