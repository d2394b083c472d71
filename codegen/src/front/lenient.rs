//! Parsing that forgives what real specs get wrong in their syntax, noting
//! each thing it forgave: a key given twice in one mapping (the last wins,
//! as in JavaScript's `JSON.parse`), keys that are not strings (YAML's
//! unquoted `200:`), and YAML merge keys (`<<: *anchor`).

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Where a value sits: a chain of keys up to the root, kept on the stack so
/// that no pointer is built unless something is found.
#[derive(Clone, Copy)]
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    segment: &'p str,
}

impl Path<'_> {
    fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            if p.parent.is_some() {
                segments.push(p.segment);
            }
            at = p.parent;
        }
        segments.reverse();
        crate::diag::join("#", &segments)
    }
}

/// A key written twice in one mapping: the pointer of the mapping and the key.
pub struct Duplicate {
    pub pointer: String,
    pub key: String,
}

struct ValueSeed<'p, 'f> {
    path: Path<'p>,
    found: &'f RefCell<Vec<Duplicate>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    // Integers past 64 bits keep their magnitude, not their last digits.
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(float(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(float(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        let mut index = String::new();
        loop {
            index.clear();
            index.push_str(&items.len().to_string());
            let seed = ValueSeed {
                path: Path {
                    parent: Some(&self.path),
                    segment: &index,
                },
                found: self.found,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        let mut merged = Vec::new();
        while let Some(key) = access.next_key_seed(KeySeed)? {
            let seed = ValueSeed {
                path: Path {
                    parent: Some(&self.path),
                    segment: &key,
                },
                found: self.found,
            };
            let value = access.next_value_seed(seed)?;
            if key == "<<" {
                merged.push(value);
                continue;
            }
            if map.insert(key.clone(), value).is_some() {
                self.found.borrow_mut().push(Duplicate {
                    pointer: self.path.pointer(),
                    key,
                });
            }
        }
        // Keys written in the mapping itself win over merged ones.
        for m in merged {
            let sources = match m {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                if let Value::Object(entries) = source {
                    for (k, v) in entries {
                        map.entry(k).or_insert(v);
                    }
                }
            }
        }
        Ok(Value::Object(map))
    }
}

/// A float as JSON; NaN and infinities (YAML's `.nan`, `.inf`) have no JSON
/// form and become null.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A mapping key of any scalar type, as the string it would be in JSON.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i128<E>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u128<E>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_string())
    }
}

/// A parsed document and the duplicate keys it held.
pub type Parsed = (Value, Vec<Duplicate>);

fn root<'f>(found: &'f RefCell<Vec<Duplicate>>) -> ValueSeed<'static, 'f> {
    ValueSeed {
        path: Path {
            parent: None,
            segment: "",
        },
        found,
    }
}

/// Parses JSON text.
pub fn json(text: &str) -> Result<Parsed, serde_json::Error> {
    let found = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = root(&found).deserialize(&mut de)?;
    de.end()?;
    Ok((value, found.into_inner()))
}

/// Parses YAML text (one document).
pub fn yaml(text: &str) -> Result<Parsed, serde_yaml::Error> {
    let found = RefCell::new(Vec::new());
    let value = root(&found).deserialize(serde_yaml::Deserializer::from_str(text))?;
    Ok((value, found.into_inner()))
}
