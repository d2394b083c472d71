//! Finding the schemas of a 3.1 document: every place a schema can stand,
//! walked with its pointer in the document as written, innermost first, so
//! each schema is rewritten once its subschemas are.

use super::schema;
use crate::diag::{join, Diagnostics};
use serde_json::{Map, Value};

/// Deeper than this, a document is not walked further; [`crate::front::repair`]
/// bounds schema nesting far below it.
const MAX_DEPTH: usize = 256;

/// A schema that stood in a `$defs` map, taken out of it to be hoisted.
#[derive(Debug)]
pub struct Def {
    /// Where it stood, as a `$ref` names it (`#/components/schemas/A/$defs/B`).
    pub pointer: String,
    /// Its key in the `$defs` map.
    pub key: String,
    pub schema: Value,
}

/// Rewrites every schema of the document; returns the `$defs` taken out.
pub fn schemas(raw: &mut Value, diags: &mut Diagnostics) -> Vec<Def> {
    let mut w = Walker {
        diags,
        defs: Vec::new(),
    };
    w.other(raw, "#", 0, false);
    w.defs
}

struct Walker<'d> {
    diags: &'d mut Diagnostics,
    defs: Vec<Def>,
}

/// Keys of a non-schema object whose values are data, free text or
/// extensions (an `example` is data even where it looks like a schema).
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples") || key.starts_with("x-")
}

/// Keys under which a non-schema object holds a map of names (besides the
/// sections of `components`): there `x-request-id` or `examples` is a name.
const NAME_MAPS: [&str; 5] = ["headers", "content", "links", "callbacks", "encoding"];

/// Keys of a schema that hold one subschema.
const ONE: [&str; 7] = [
    "items",
    "not",
    "additionalProperties",
    "unevaluatedProperties",
    "contains",
    "propertyNames",
    "unevaluatedItems",
];

/// Keys of a schema that hold a list of subschemas.
const LISTS: [&str; 5] = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

/// Keys of a schema that hold a map of subschemas.
const MAPS: [&str; 3] = ["properties", "patternProperties", "$defs"];

impl Walker<'_> {
    /// A node that is not a schema: searched for `schema` and
    /// `components/schemas`. `names` says its keys are names (of headers,
    /// media types, components…), none of them a keyword or data.
    fn other(&mut self, node: &mut Value, pointer: &str, depth: usize, names: bool) {
        if depth > MAX_DEPTH {
            return;
        }
        match node {
            Value::Object(map) => {
                let in_components = pointer == "#/components";
                for (key, child) in map.iter_mut() {
                    let ptr = join(pointer, &[key]);
                    if names {
                        self.other(child, &ptr, depth + 1, false);
                    } else if is_data(key) {
                        continue;
                    } else if key == "schema" {
                        self.schema(child, &ptr, depth + 1);
                    } else if key == "schemas" && in_components {
                        if let Value::Object(schemas) = child {
                            for (name, s) in schemas.iter_mut() {
                                self.schema(s, &join(&ptr, &[name]), depth + 2);
                            }
                        }
                    } else {
                        let names = in_components || NAME_MAPS.contains(&key.as_str());
                        self.other(child, &ptr, depth + 1, names);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let ptr = join(pointer, &[&i.to_string()]);
                    self.other(item, &ptr, depth + 1, false);
                }
            }
            _ => {}
        }
    }

    /// A schema: its subschemas first, then its own keywords.
    fn schema(&mut self, node: &mut Value, pointer: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match node {
            Value::Bool(true) => *node = Value::Object(Map::new()),
            Value::Bool(false) => *node = serde_json::json!({"not": {}}),
            _ => {}
        }
        let Value::Object(map) = node else {
            return;
        };
        for key in ONE {
            let ptr = join(pointer, &[key]);
            match map.get_mut(key) {
                Some(child @ Value::Object(_)) => self.schema(child, &ptr, depth + 1),
                // `items: false` after `prefixItems` forbids more items;
                // a boolean `additionalProperties` is 3.0 as it stands.
                Some(child @ Value::Bool(_)) if key == "items" || key == "not" => {
                    self.schema(child, &ptr, depth + 1)
                }
                _ => {}
            }
        }
        for key in LISTS {
            if let Some(Value::Array(items)) = map.get_mut(key) {
                for (i, item) in items.iter_mut().enumerate() {
                    let ptr = join(pointer, &[key, &i.to_string()]);
                    self.schema(item, &ptr, depth + 1);
                }
            }
        }
        for key in MAPS {
            if let Some(Value::Object(children)) = map.get_mut(key) {
                for (name, child) in children.iter_mut() {
                    let ptr = join(pointer, &[key, name]);
                    self.schema(child, &ptr, depth + 1);
                }
            }
        }
        self.take_defs(map, pointer);
        schema::rewrite(map, pointer, self.diags);
    }

    /// Takes a schema's `$defs` out, for hoisting.
    fn take_defs(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        match map.shift_remove("$defs") {
            Some(Value::Object(defs)) => {
                for (key, schema) in defs {
                    let pointer = join(pointer, &["$defs", &key]);
                    self.defs.push(Def {
                        pointer,
                        key,
                        schema,
                    });
                }
            }
            Some(_) => self.diags.warning(
                join(pointer, &["$defs"]),
                "`$defs` is not a map of schemas; ignored",
            ),
            None => {}
        }
    }
}
