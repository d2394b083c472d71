//! Structure-aware mutations of a parsed spec. Each one aims at a role (a
//! schema, a `$ref`, a map of names, an operation) and says what it did.
//! Here: the mutator, and the mutations of plain structure (keys dropped or
//! duplicated, types swapped, huge numbers); the rest by theme in `mutate/`
//! (names, references, shapes, and versions of the format).

mod names;
mod refs;
mod shapes;
mod versions;

use crate::odd;
use crate::rng::Rng;
use crate::seeds::Pool;
use crate::tree::{self, get_mut, is_schema, Path, Seg};
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
    fn table() -> [(Mutation<'p>, usize); 16] {
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
            (Mutator::path_param, 5),
            (Mutator::servers, 3),
            (Mutator::version, 8),
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
}
