//! Walking a parsed spec: node paths, lookups, and what role a node plays
//! (a schema, a map of names, an operation), so mutations can aim.

use serde_json::{Map, Value};

/// One step of a path: a key of an object or an index of an array.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(String),
    Idx(usize),
}

pub type Path = Vec<Seg>;

/// The JSON pointer of a path, as the generator's diagnostics write it.
pub fn pointer(path: &[Seg]) -> String {
    let mut out = String::from("#");
    for s in path {
        out.push('/');
        match s {
            Seg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Idx(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Every node of the tree with the path to it, parents first.
pub fn nodes(root: &Value) -> Vec<(Path, &Value)> {
    let mut out = Vec::new();
    let mut stack: Vec<(Path, &Value)> = vec![(Vec::new(), root)];
    while let Some((path, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (k, v) in map.iter().rev() {
                    let mut p = path.clone();
                    p.push(Seg::Key(k.clone()));
                    stack.push((p, v));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    let mut p = path.clone();
                    p.push(Seg::Idx(i));
                    stack.push((p, v));
                }
            }
            _ => {}
        }
        out.push((path, node));
    }
    out
}

pub fn get_mut<'v>(root: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    let mut node = root;
    for s in path {
        node = match s {
            Seg::Key(k) => node.as_object_mut()?.get_mut(k)?,
            Seg::Idx(i) => node.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(node)
}

fn key(path: &[Seg], from_end: usize) -> Option<&str> {
    let i = path.len().checked_sub(from_end)?;
    match path.get(i)? {
        Seg::Key(k) => Some(k),
        Seg::Idx(_) => None,
    }
}

fn is_index(path: &[Seg], from_end: usize) -> bool {
    path.len()
        .checked_sub(from_end)
        .and_then(|i| path.get(i))
        .is_some_and(|s| matches!(s, Seg::Idx(_)))
}

/// A schema object: under `schema`, `items`, `properties`, `allOf`… or a
/// component (`definitions` in Swagger 2.0).
pub fn is_schema(path: &[Seg], v: &Value) -> bool {
    if !v.is_object() {
        return false;
    }
    if matches!(
        key(path, 1),
        Some("schema" | "items" | "additionalProperties" | "not")
    ) {
        return true;
    }
    if key(path, 2) == Some("properties") {
        return true;
    }
    if matches!(key(path, 2), Some("allOf" | "oneOf" | "anyOf")) && is_index(path, 1) {
        return true;
    }
    (path.len() == 3 && key(path, 3) == Some("components") && key(path, 2) == Some("schemas"))
        || (path.len() == 2 && key(path, 2) == Some("definitions"))
}

/// An operation object: `#/paths/<path>/<method>`.
pub fn is_operation(path: &[Seg], v: &Value) -> bool {
    v.is_object()
        && path.len() == 3
        && key(path, 3) == Some("paths")
        && key(path, 1).is_some_and(|m| crate::odd::METHODS.contains(&m))
}

/// A parameter object, inline in a list or a component (top-level
/// `parameters` in Swagger 2.0).
pub fn is_parameter(path: &[Seg], v: &Value) -> bool {
    v.is_object()
        && ((key(path, 2) == Some("parameters") && is_index(path, 1))
            || (path.len() == 3
                && key(path, 3) == Some("components")
                && key(path, 2) == Some("parameters"))
            || (path.len() == 2 && key(path, 2) == Some("parameters")))
}

/// A place where a `$ref` may stand: a schema, parameter, response, body, header or path item.
pub fn is_ref_site(path: &[Seg], v: &Value) -> bool {
    v.is_object()
        && (v.get("$ref").is_some()
            || is_schema(path, v)
            || is_parameter(path, v)
            || matches!(key(path, 1), Some("requestBody"))
            || matches!(key(path, 2), Some("responses" | "headers"))
            || (path.len() == 2 && key(path, 2) == Some("paths")))
}

/// What the keys of a map of names are.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Names {
    /// Component and property names.
    Plain,
    /// Component schema names (`$ref`s point at them).
    Schemas,
    /// Path templates.
    Paths,
    /// Status codes.
    Statuses,
    /// Media types.
    Media,
}

/// The kind of names a map holds, if it is a map of names.
pub fn names_kind(path: &[Seg], v: &Value) -> Option<Names> {
    v.as_object()?;
    let last = key(path, 1)?;
    let under_components = path.len() == 2 && key(path, 2) == Some("components");
    Some(match last {
        "schemas" if under_components => Names::Schemas,
        "paths" if path.len() == 1 => Names::Paths,
        "responses" if !under_components => Names::Statuses,
        "content" => Names::Media,
        "properties" | "mapping" | "encoding" | "variables" | "examples" => Names::Plain,
        "responses" | "parameters" | "requestBodies" | "headers" | "securitySchemes" => {
            Names::Plain
        }
        _ => return None,
    })
}

/// `doc.components.<kind>`, created (as objects) where missing.
pub fn components<'v>(doc: &'v mut Value, kind: &str) -> Option<&'v mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    let comps = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !comps.is_object() {
        *comps = Value::Object(Map::new());
    }
    let map = comps
        .as_object_mut()?
        .entry(kind)
        .or_insert_with(|| Value::Object(Map::new()));
    if !map.is_object() {
        *map = Value::Object(Map::new());
    }
    map.as_object_mut()
}

/// The reference that names component `name` of `kind`.
pub fn component_ref(kind: &str, name: &str) -> String {
    format!(
        "#/components/{kind}/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

/// Every string value of a field called `field`, anywhere.
pub fn strings_of(doc: &Value, field: &str) -> Vec<String> {
    nodes(doc)
        .into_iter()
        .filter_map(|(_, v)| v.get(field)?.as_str().map(str::to_string))
        .collect()
}

/// Every property name of every schema.
pub fn property_names(doc: &Value) -> Vec<String> {
    nodes(doc)
        .into_iter()
        .filter(|(p, v)| is_schema(p, v))
        .filter_map(|(_, v)| {
            v.get("properties")?
                .as_object()
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
        })
        .flatten()
        .collect()
}
