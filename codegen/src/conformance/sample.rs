//! Sample values: a JSON value that fits a type, for arguments the spec gives
//! no example for. Required fields only, the first enum value, the lower
//! bound of a range: the smallest value a validating server should accept.

use crate::ir::{Api, Constraints, TypeDef, TypeKind, TypeRef};
use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::collections::BTreeMap;

/// How deep a sample nests before it gives up on optional-looking depth.
const MAX_DEPTH: usize = 12;

/// Values and string characters in one sample, at most: a spec's `minItems`
/// or `minLength` can ask for billions (and nested arrays multiply), and the
/// sample is written into the driver's source. Past this a sample is cut
/// short (and the client then refuses it, naming the rule).
const BUDGET: usize = 10_000;

/// Builds sample values from the named types of one API.
pub struct Sampler<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
    /// Values and characters the sample being built may still hold.
    budget: Cell<usize>,
}

impl<'a> Sampler<'a> {
    pub fn new(api: &'a Api) -> Self {
        Self {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            budget: Cell::new(BUDGET),
        }
    }

    /// A value of `ty` meeting `constraints`.
    pub fn sample(&self, ty: &TypeRef, constraints: &Constraints) -> Value {
        self.budget.set(BUDGET);
        self.value(ty, constraints, 0)
    }

    fn value(&self, ty: &TypeRef, c: &Constraints, depth: usize) -> Value {
        if depth > MAX_DEPTH || self.budget.get() == 0 {
            return Value::Null;
        }
        self.budget.set(self.budget.get() - 1);
        match ty {
            TypeRef::Named(name) => match self.types.get(name.as_str()) {
                Some(def) => self.named(def, depth),
                None => Value::Null,
            },
            TypeRef::String => {
                let min = c.min_length.unwrap_or(0);
                let len = c
                    .max_length
                    .map_or(min.max(6), |max| min.max(6).min(max))
                    .max(min)
                    .min(self.budget.get());
                self.budget.set(self.budget.get() - len);
                Value::String("sample".chars().cycle().take(len).collect())
            }
            TypeRef::Bool => Value::Bool(false),
            t if t.is_integer() => {
                let low = c
                    .minimum
                    .map_or(1.0, |m| if c.exclusive_minimum { m + 1.0 } else { m });
                let low = c.maximum.map_or(low, |m| low.min(m));
                json!(low.ceil() as i64)
            }
            TypeRef::F32 | TypeRef::F64 => {
                let low = c
                    .minimum
                    .map_or(1.0, |m| if c.exclusive_minimum { m + 1.0 } else { m });
                json!(c.maximum.map_or(low, |m| low.min(m)))
            }
            TypeRef::DateTime => json!("2024-01-02T03:04:05Z"),
            TypeRef::Date => json!("2024-01-02"),
            TypeRef::Uuid => json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            TypeRef::Url => json!("https://example.com/sample"),
            TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => json!({}),
            TypeRef::Vec(item) => {
                let n = c.min_items.unwrap_or(0);
                Value::Array(
                    (0..n)
                        .map_while(|_| {
                            (self.budget.get() > 0)
                                .then(|| self.value(item, &Constraints::default(), depth + 1))
                        })
                        .collect(),
                )
            }
            TypeRef::Nullable(inner) => self.value(inner, c, depth),
            _ => Value::Null,
        }
    }

    fn named(&self, def: &TypeDef, depth: usize) -> Value {
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                for f in s.fields.iter().filter(|f| f.required) {
                    if f.flatten {
                        // A flattened union's properties are the struct's own.
                        if let Value::Object(more) = self.value(&f.ty, &f.constraints, depth + 1) {
                            object.extend(more);
                        }
                        continue;
                    }
                    object.insert(
                        f.wire_name.clone(),
                        self.value(&f.ty, &f.constraints, depth + 1),
                    );
                }
                Value::Object(object)
            }
            TypeKind::Enum(e) => e
                .variants
                .first()
                .map_or(Value::Null, |v| Value::String(v.wire_value.clone())),
            TypeKind::Union(u) => {
                let Some(first) = u.variants.first() else {
                    return Value::Null;
                };
                let mut value = match &first.ty {
                    Some(ty) => self.value(ty, &Constraints::default(), depth + 1),
                    None => Value::Object(serde_json::Map::new()),
                };
                if let (Some(tag), Some(key), Value::Object(object)) =
                    (first.tags.first(), &u.discriminator, &mut value)
                {
                    object.insert(key.clone(), Value::String(tag.clone()));
                }
                value
            }
            TypeKind::Alias(inner) => self.value(inner, &Constraints::default(), depth + 1),
            TypeKind::Form(_) => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Sampler;
    use crate::ir::{Constraints, TypeRef};

    /// `minItems` and `minLength` of billions, on a type that holds itself:
    /// the sample stays small instead of taking all memory and time.
    #[test]
    fn absurd_lower_bounds_give_a_bounded_sample() {
        let huge = 4_294_967_296u64;
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "Big", "version": "1.0.0" },
            "paths": {},
            "components": { "schemas": { "Tree": {
                "type": "object",
                "required": ["name", "children"],
                "properties": {
                    "name": { "type": "string", "minLength": huge },
                    "children": {
                        "type": "array",
                        "minItems": huge,
                        "items": { "$ref": "#/components/schemas/Tree" },
                    },
                },
            } } },
        });
        let settings = crate::Settings {
            crate_name: "big".into(),
            source: "big.json".into(),
            command: "test".into(),
            deny_warnings: false,
            runtime: "../../runtime".into(),
        };
        let (api, _) = crate::to_ir(&spec.to_string(), &settings).expect("lowers");
        let sample =
            Sampler::new(&api).sample(&TypeRef::Named("Tree".into()), &Constraints::default());
        assert!(
            sample.to_string().len() < 100_000,
            "{} bytes",
            sample.to_string().len()
        );
    }
}
