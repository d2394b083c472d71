//! Sample values: a JSON value that fits a type, for arguments the spec gives
//! no example for. Required fields only, the first enum value, the lower
//! bound of a range: the smallest value a validating server should accept.

use crate::ir::{Api, Constraints, TypeDef, TypeKind, TypeRef};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// How deep a sample nests before it gives up on optional-looking depth.
const MAX_DEPTH: usize = 12;

/// Builds sample values from the named types of one API.
pub struct Sampler<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Sampler<'a> {
    pub fn new(api: &'a Api) -> Self {
        Self {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// A value of `ty` meeting `constraints`.
    pub fn sample(&self, ty: &TypeRef, constraints: &Constraints) -> Value {
        self.value(ty, constraints, 0)
    }

    fn value(&self, ty: &TypeRef, c: &Constraints, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
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
                    .max(min);
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
                        .map(|_| self.value(item, &Constraints::default(), depth + 1))
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
                let mut value = self.value(&first.ty, &Constraints::default(), depth + 1);
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
