//! What the API uses of its component schemas. A schema whose only use is
//! as a `multipart/form-data` body is replaced by the operation's form type
//! and not emitted a second time; a schema that no operation reaches stays
//! (it is part of the API) but its docs say so.

use super::schemas::add_doc;
use crate::diag::join;
use crate::ir::{Operation, ResponseBody, TypeDef, TypeRef, Untyped, UploadFlow};
use crate::resolve::{ref_name, unescape};
use crate::validate::{percent_decode, resolve_pointer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The note on a component schema that no operation uses.
pub const UNUSED_NOTE: &str =
    "Not used by any operation of this API; kept because the spec declares it.";

/// Where `$ref`s to component schemas sit in the document, and which
/// components the operations reach.
pub struct Usage {
    /// `(where the reference sits, the component key it names)`, in document order.
    refs: Vec<(Vec<String>, String)>,
    /// Component keys reached from `paths`, through any chain of references.
    used: BTreeSet<String>,
}

impl Usage {
    /// Reads the (upgraded, repaired) document.
    pub fn of(raw: &Value) -> Self {
        let mut refs = Vec::new();
        walk(raw, true, &mut |at, target| {
            if let Some(key) = schema_key(target) {
                refs.push((at.to_vec(), key));
            }
        });
        let mut used = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut queue: Vec<&Value> = raw.get("paths").into_iter().collect();
        while let Some(node) = queue.pop() {
            let mut targets = Vec::new();
            walk(node, false, &mut |_, target| {
                targets.push(target.to_string())
            });
            for target in targets {
                if let Some(key) = schema_key(&target) {
                    used.insert(key);
                }
                if seen.insert(target.clone()) {
                    queue.extend(resolve_pointer(raw, &target));
                }
            }
        }
        Usage { refs, used }
    }

    /// Whether an operation reaches the component `key`.
    pub fn is_used(&self, key: &str) -> bool {
        self.used.contains(key)
    }

    /// Whether every reference to the component `key` from outside it is the
    /// schema of a request body's `multipart/form-data` media type.
    pub fn only_form_body(&self, key: &str) -> bool {
        let refs: Vec<&Vec<String>> = self
            .refs
            .iter()
            .filter(|(at, k)| k == key && !(at.len() >= 3 && at[0] == "components" && at[2] == key))
            .map(|(at, _)| at)
            .collect();
        !refs.is_empty() && refs.iter().all(|at| is_form_body_schema(at))
    }
}

/// Calls `found(where, target)` for every `$ref` string under `node`;
/// `where` (the keys from `node` down) is only kept when `track` is set.
fn walk(node: &Value, track: bool, found: &mut dyn FnMut(&[String], &str)) {
    let mut path: Vec<String> = Vec::new();
    // (node, how many keys lead to its parent, the key that leads to it)
    let mut stack: Vec<(&Value, usize, Option<String>)> = vec![(node, 0, None)];
    while let Some((node, depth, key)) = stack.pop() {
        if track {
            path.truncate(depth);
            path.extend(key);
        }
        let inner = path.len();
        let children: Vec<(&Value, Option<String>)> = match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found(&path, target);
                }
                map.iter()
                    .map(|(k, v)| (v, track.then(|| k.clone())))
                    .collect()
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (v, track.then(|| i.to_string())))
                .collect(),
            _ => Vec::new(),
        };
        for (child, key) in children.into_iter().rev() {
            if child.is_object() || child.is_array() {
                stack.push((child, inner, key));
            }
        }
    }
}

/// The component schema a reference points into, by key.
fn schema_key(target: &str) -> Option<String> {
    let decoded = percent_decode(target);
    let target = decoded.as_deref().unwrap_or(target);
    let rest = ref_name(target, "schemas")?;
    let key = rest.split('/').next()?;
    Some(unescape(key))
}

/// `…/requestBody/content/multipart~1form-data/schema`, in an operation or
/// in `components/requestBodies`.
fn is_form_body_schema(at: &[String]) -> bool {
    let n = at.len();
    if n < 4 || at[n - 1] != "schema" || at[n - 3] != "content" {
        return false;
    }
    let media = at[n - 2].to_ascii_lowercase();
    let in_body =
        at[n - 4] == "requestBody" || (n == 6 && at[0] == "components" && at[1] == "requestBodies");
    in_body && media.trim_start().starts_with("multipart/form-data")
}

/// Drops the types of each component in `form_bodies` (keys of schemas an
/// operation's form replaced) that only serves as a form body, unless a
/// type that stays or an operation names one of them; with them go the
/// untyped places inside them.
pub fn drop_form_schemas(
    types: &mut Vec<TypeDef>,
    untyped: &mut Vec<Untyped>,
    form_bodies: &BTreeSet<String>,
    usage: &Usage,
    ops: &[Operation],
    flows: &[UploadFlow],
) {
    for key in form_bodies.iter().filter(|key| usage.only_form_body(key)) {
        let root = join("#/components/schemas", &[key]);
        let inside = |pointer: &str| {
            pointer == root
                || pointer
                    .strip_prefix(root.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let needed = needed_names(types, &inside, ops, flows);
        if types
            .iter()
            .any(|t| inside(&t.pointer) && needed.contains(&t.name))
        {
            continue;
        }
        types.retain(|t| !inside(&t.pointer));
        untyped.retain(|u| !inside(&u.pointer));
    }
}

/// The names that the operations, and the types not `inside` the part to
/// drop, name directly or through other types.
fn needed_names(
    types: &[TypeDef],
    inside: &dyn Fn(&str) -> bool,
    ops: &[Operation],
    flows: &[UploadFlow],
) -> BTreeSet<String> {
    let refs = operation_refs(ops, flows);
    let outside = types
        .iter()
        .filter(|t| !inside(&t.pointer))
        .flat_map(|t| t.kind.refs());
    reachable_names(types, refs.iter().chain(outside))
}

/// The names of the types `roots` name, and of every type those hold
/// through fields, variants, aliases and form parts.
pub fn reachable_names<'a>(
    types: &'a [TypeDef],
    roots: impl IntoIterator<Item = &'a TypeRef>,
) -> BTreeSet<String> {
    let mut by_name: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
    for t in types {
        by_name.entry(t.name.as_str()).or_default().push(t);
    }
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&str> = roots.into_iter().filter_map(TypeRef::named).collect();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.to_string()) {
            continue;
        }
        for t in by_name.get(name).into_iter().flatten() {
            pending.extend(t.kind.refs().into_iter().filter_map(TypeRef::named));
        }
    }
    seen
}

/// Where the component schemas no operation reaches sit, of `keys`.
pub fn unused_pointers(usage: &Usage, keys: &[String]) -> BTreeSet<String> {
    keys.iter()
        .filter(|k| !usage.is_used(k))
        .map(|key| join("#/components/schemas", &[key]))
        .collect()
}

/// Notes on every component schema no operation reaches that it is unused.
pub fn note_unused(types: &mut [TypeDef], unused: &BTreeSet<String>) {
    for pointer in unused {
        if let Some(def) = types.iter_mut().find(|t| &t.pointer == pointer) {
            add_doc(&mut def.docs, UNUSED_NOTE);
        }
    }
}

/// Every type an operation or flow names: parameters, bodies, responses
/// and their headers, page items, flow request types.
fn operation_refs(ops: &[Operation], flows: &[UploadFlow]) -> Vec<TypeRef> {
    let mut out = Vec::new();
    for op in ops {
        out.extend(op.sent_types().cloned());
        for r in &op.responses {
            match &r.body {
                ResponseBody::Json(t) | ResponseBody::EventStream(Some(t)) => out.push(t.clone()),
                _ => {}
            }
            out.extend(r.headers.iter().map(|h| h.ty.clone()));
        }
        if let Some(p) = &op.pagination {
            out.push(p.item_type.clone());
        }
    }
    for f in flows {
        out.push(TypeRef::Named(f.request_type.clone()));
        out.extend(f.content_type_enum.clone().map(TypeRef::Named));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::UNUSED_NOTE;
    use crate::ir::Api;
    use serde_json::{json, Value};

    /// A spec whose `POST /media` takes `Upload` as a multipart body.
    fn lowered(more_paths: Value, more_schemas: Value) -> Api {
        let mut paths = json!({"/media": {"post": {
            "operationId": "uploadMedia",
            "requestBody": {"content": {"multipart/form-data": {
                "schema": {"$ref": "#/components/schemas/Upload"}}}},
            "responses": {"204": {"description": "stored"}}}}});
        let mut schemas = json!({
            "Upload": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"},
                "kind": {"type": "string", "enum": ["image", "video"]}}},
            "Spare": {"type": "object", "description": "Extra.",
                "properties": {"a": {"type": "string"}}},
        });
        for (map, more) in [(&mut paths, more_paths), (&mut schemas, more_schemas)] {
            if let (Some(map), Value::Object(more)) = (map.as_object_mut(), more) {
                map.extend(more);
            }
        }
        crate::lower::tests::lower_spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "Usage", "version": "1.0.0"},
            "paths": paths,
            "components": {"schemas": schemas},
        }))
    }

    fn names(api: &Api) -> Vec<&str> {
        api.types.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn a_schema_only_used_as_a_form_body_is_not_emitted_beside_the_form() {
        let api = lowered(json!({}), json!({}));
        assert_eq!(
            names(&api),
            ["Spare", "UploadMediaFormKind", "UploadMediaForm"]
        );
    }

    #[test]
    fn a_form_schema_that_something_else_references_stays() {
        let json_body = json!({"/echo": {"post": {
            "operationId": "echo",
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Upload"}}}},
            "responses": {"204": {"description": "done"}}}}});
        let api = lowered(json_body, json!({}));
        assert!(names(&api).contains(&"Upload"), "{:?}", names(&api));

        let holder = json!({"Holder": {"allOf": [{"$ref": "#/components/schemas/Upload"}]}});
        let api = lowered(json!({}), holder);
        assert!(names(&api).contains(&"Upload"), "{:?}", names(&api));
    }

    #[test]
    fn a_component_no_operation_reaches_says_so() {
        let api = lowered(json!({}), json!({}));
        let spare = api.types.iter().find(|t| t.name == "Spare").expect("kept");
        assert_eq!(
            spare.docs.as_deref(),
            Some(&*format!("Extra.\n\n{UNUSED_NOTE}"))
        );
        let form = api.types.iter().find(|t| t.name == "UploadMediaForm");
        assert!(form.is_some_and(|t| t.docs.is_none()));
    }
}
