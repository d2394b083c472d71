//! Which cargo features compile each type, and each field or variant whose
//! type belongs to other areas of the API.
//!
//! A type compiles under the feature of every operation that reaches it
//! through fields, variants, aliases and form parts. Types that no operation
//! reaches (webhook payloads, say), and what they use, compile under one more
//! feature, `other-types`. A type every area needs compiles whatever is on.
//!
//! Error responses are the exception. One error body is often shared by every
//! operation, and it may carry objects of other areas (Stripe's error holds
//! the `PaymentIntent` a failed payment was about, which reaches most of the
//! API). Followed like success bodies, they would make every feature compile
//! most types. So where a feature's error bodies lead to an optional field,
//! or to a variant of a union with a fallback, whose type only other
//! features' success sides use, that member is gated by those features
//! instead of followed (in types no operation sends, whose members no
//! validation names): with one of them on, it is there and typed; without,
//! the field is left out (the raw body still holds it) or the value arrives
//! as the fallback variant. A feature whose own success side uses the type
//! always has the member. Gated members make their type `#[non_exhaustive]`,
//! so that turning on more features never breaks a caller's code.

use super::usage::reachable_names;
use crate::ir::{Api, Feature, Operation, ResponseBody, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Where a type refers to another: which member holds the reference.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Field(usize),
    Variant(usize),
    Other,
}

/// One reference from a type to another, by index into `Api::types`.
struct Edge {
    to: usize,
    slot: Slot,
    /// Whether a gate may leave this member out without changing how the
    /// rest of the type is built: an optional, plain field of a struct with
    /// no redacting `Debug`, or a variant of a union with a fallback.
    gatable: bool,
}

/// Each type's references to other types.
fn edges(api: &Api, index: &BTreeMap<&str, usize>) -> Vec<Vec<Edge>> {
    let target = |t: &TypeRef| t.named().and_then(|n| index.get(n).copied());
    api.types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => {
                let redacting = s.fields.iter().any(|f| f.sensitive);
                let fields = s.fields.iter().enumerate().filter_map(|(i, f)| {
                    target(&f.ty).map(|to| Edge {
                        to,
                        slot: Slot::Field(i),
                        gatable: !f.required && !f.flatten && !redacting,
                    })
                });
                let additional = s.additional.iter().filter_map(|a| {
                    target(&a.ty).map(|to| Edge {
                        to,
                        slot: Slot::Other,
                        gatable: false,
                    })
                });
                fields.chain(additional).collect()
            }
            TypeKind::Union(u) => {
                let open = u.discriminator.is_some() && u.fallback.is_some();
                u.variants
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        v.ty.as_ref().and_then(target).map(|to| Edge {
                            to,
                            slot: Slot::Variant(i),
                            gatable: open,
                        })
                    })
                    .collect()
            }
            kind => kind
                .refs()
                .into_iter()
                .filter_map(target)
                .map(|to| Edge {
                    to,
                    slot: Slot::Other,
                    gatable: false,
                })
                .collect(),
        })
        .collect()
}

/// Everything reachable from `starts` along the edges `follow` accepts.
fn reach(
    edges: &[Vec<Edge>],
    starts: impl IntoIterator<Item = usize>,
    follow: impl Fn(usize, &Edge) -> bool,
) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<usize> = starts.into_iter().collect();
    while let Some(i) = stack.pop() {
        if seen.insert(i) {
            stack.extend(edges[i].iter().filter(|e| follow(i, e)).map(|e| e.to));
        }
    }
    seen
}

/// The named types an operation sends or receives on success: its
/// parameters and body, its success bodies, every response header, the
/// items its pages hold.
fn success_roots(op: &Operation) -> Vec<&TypeRef> {
    let mut out: Vec<&TypeRef> = op.sent_types().collect();
    for r in &op.responses {
        match &r.body {
            ResponseBody::Json(t) | ResponseBody::EventStream(Some(t)) if r.is_success => {
                out.push(t)
            }
            _ => {}
        }
        out.extend(r.headers.iter().map(|h| &h.ty));
    }
    if let Some(p) = &op.pagination {
        out.push(&p.item_type);
    }
    out
}

/// The named types of an operation's error bodies.
fn error_roots(op: &Operation) -> Vec<&TypeRef> {
    op.responses
        .iter()
        .filter(|r| !r.is_success)
        .filter_map(|r| match &r.body {
            ResponseBody::Json(t) | ResponseBody::EventStream(Some(t)) => Some(t),
            _ => None,
        })
        .collect()
}

/// The name of the feature of the types no operation uses: `other-types`,
/// or with `-api` added while an area takes it.
fn unused_types_feature(areas: &BTreeSet<String>) -> String {
    let mut name = "other-types".to_string();
    while areas.contains(&name) {
        name.push_str("-api");
    }
    name
}

/// Sets the features of each type, and of each gated field and variant.
pub fn gate(api: &mut Api) {
    let index: BTreeMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges = edges(api, &index);
    let lookup = |roots: Vec<&TypeRef>| -> Vec<usize> {
        roots
            .into_iter()
            .filter_map(TypeRef::named)
            .filter_map(|n| index.get(n).copied())
            .collect()
    };
    let with_feature = || {
        api.operations
            .iter()
            .filter_map(|op| op.feature.as_ref().map(|f| (f, op)))
    };

    // The features whose success side uses each type.
    let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    for (feature, op) in with_feature() {
        for i in reach(&edges, lookup(success_roots(op)), |_, _| true) {
            users[i].insert(feature.clone());
        }
    }
    // Error bodies: followed like success bodies, except that a member
    // holding a type other features use, in a type never sent, is gated by
    // those features rather than followed.
    let sent = reachable_names(
        &api.types,
        api.operations.iter().flat_map(Operation::sent_types),
    );
    let mut gated: BTreeMap<(usize, Slot), Vec<String>> = BTreeMap::new();
    let mut needed = users.clone();
    for (feature, op) in with_feature() {
        let mut stack = lookup(error_roots(op));
        while let Some(owner) = stack.pop() {
            if users[owner].contains(feature) || !needed[owner].insert(feature.clone()) {
                continue;
            }
            for e in &edges[owner] {
                let used = &users[e.to];
                if used.contains(feature) {
                    continue;
                }
                if e.gatable && !used.is_empty() && !sent.contains(&api.types[owner].name) {
                    gated.insert((owner, e.slot), used.iter().cloned().collect());
                } else {
                    stack.push(e.to);
                }
            }
        }
    }

    // Types no operation uses, and what they use: a feature of their own.
    let unreached: Vec<usize> = (0..api.types.len())
        .filter(|&i| needed[i].is_empty())
        .collect();
    let every: BTreeSet<String> = api.features.iter().map(|f| f.name.clone()).collect();
    if !unreached.is_empty() && !every.is_empty() {
        let name = unused_types_feature(&every);
        for i in reach(&edges, unreached, |_, _| true) {
            needed[i].insert(name.clone());
        }
        api.features.push(Feature {
            name,
            operations: 0,
            unused_types: true,
        });
        api.features.sort_by(|a, b| a.name.cmp(&b.name));
    }
    // A type every area needs compiles whatever is on.
    let gate_of = |features: &BTreeSet<String>| -> Vec<String> {
        if features.is_superset(&every) {
            Vec::new()
        } else {
            features.iter().cloned().collect()
        }
    };
    for (i, def) in api.types.iter_mut().enumerate() {
        def.features = gate_of(&needed[i]);
    }
    for ((owner, slot), features) in gated {
        let features = gate_of(&features.into_iter().collect());
        match (&mut api.types[owner].kind, slot) {
            (TypeKind::Struct(s), Slot::Field(f)) => s.fields[f].features = features,
            (TypeKind::Union(u), Slot::Variant(v)) => u.variants[v].features = features,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeKind};
    use crate::lower::tests::lower_spec;
    use serde_json::{json, Value};

    fn get(tags: Value, schema: &str) -> Value {
        json!({"get": {"operationId": schema.to_lowercase(), "tags": tags, "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}},
            },
            "default": {
                "description": "failed",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Failure"}}},
            },
        }}})
    }

    fn features(api: &Api, name: &str) -> Vec<String> {
        let def = api.types.iter().find(|t| t.name == name);
        def.map(|t| t.features.clone()).unwrap_or_default()
    }

    /// Each field of struct `name` with the features that gate it.
    fn field_gates<'a>(api: &'a Api, name: &str) -> Vec<(&'a str, Vec<&'a str>)> {
        let def = api.types.iter().find(|t| t.name == name);
        let Some(TypeKind::Struct(s)) = def.map(|t| &t.kind) else {
            panic!("{name} is a struct");
        };
        s.fields
            .iter()
            .map(|f| {
                (
                    f.rust_name.as_str(),
                    f.features.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    fn spec(extra: Value) -> Value {
        let mut schemas = json!({
            "Pa": {"type": "object", "properties": {"s": {"$ref": "#/components/schemas/Shared"}}},
            "Pb": {"type": "object", "properties": {"s": {"$ref": "#/components/schemas/Shared"}}},
            "Pc": {"type": "object", "properties": {"x": {"type": "string"}}},
            "Shared": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/Kept"}}},
            "Kept": {"type": "object", "properties": {"x": {"type": "string"}}},
            "Orphan": {"type": "object", "properties": {"k": {"$ref": "#/components/schemas/Kept"}}},
            "Failure": {"type": "object", "required": ["code"], "properties": {
                "code": {"type": "string"},
                "about": {"$ref": "#/components/schemas/Pa"},
            }},
        });
        if let (Some(s), Some(extra)) = (schemas.as_object_mut(), extra.as_object()) {
            s.extend(extra.clone());
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1.0.0"},
            "paths": {
                "/v1/a": get(json!(["A"]), "Pa"),
                "/v1/b": get(json!([]), "Pb"),
                "/v1/c": get(json!(["C"]), "Pc"),
            },
            "components": {"schemas": schemas},
        })
    }

    #[test]
    fn types_take_the_features_of_the_operations_that_reach_them() {
        let api = lower_spec(spec(json!({})));
        assert_eq!(features(&api, "Pa"), ["a"]);
        assert_eq!(features(&api, "Pb"), ["b"]);
        assert_eq!(features(&api, "Pc"), ["c"]);
        assert_eq!(features(&api, "Shared"), ["a", "b"]);
        assert_eq!(features(&api, "Kept"), ["a", "b", "other-types"]);
        assert_eq!(features(&api, "Orphan"), ["other-types"]);
        assert!(features(&api, "Failure").is_empty(), "every area needs it");
        let names: Vec<&str> = api.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "other-types"]);
    }

    #[test]
    fn an_error_body_gates_what_it_holds_of_other_areas() {
        let api = lower_spec(spec(json!({})));
        assert_eq!(
            field_gates(&api, "Failure"),
            [("code", vec![]), ("about", vec!["a"])]
        );
        // Only `a` compiles `Pa` (and so `Shared`), though every error names it.
        assert_eq!(features(&api, "Pa"), ["a"]);
    }

    #[test]
    fn a_member_is_gated_where_the_success_side_also_uses_its_type() {
        // `Pc` returns the error type itself: under `c` it is a success type,
        // and under `a` and `b` an error body; `about` is gated by `a`.
        let api = lower_spec(spec(json!({
            "Pc": {"type": "object", "properties": {"last": {"$ref": "#/components/schemas/Failure"}}},
        })));
        assert!(
            features(&api, "Failure").is_empty(),
            "every feature needs it"
        );
        assert_eq!(features(&api, "Pa"), ["a", "c"]);
        assert!(
            features(&api, "Shared").is_empty(),
            "every feature needs it"
        );
        assert_eq!(
            field_gates(&api, "Failure"),
            [("code", vec![]), ("about", vec!["a", "c"])]
        );
    }

    #[test]
    fn a_required_member_of_an_error_body_is_followed() {
        let api = lower_spec(spec(json!({
            "Failure": {"type": "object", "required": ["about"], "properties": {
                "about": {"$ref": "#/components/schemas/Pa"},
            }},
        })));
        assert!(features(&api, "Pa").is_empty(), "every feature needs it");
    }

    #[test]
    fn an_open_union_in_an_error_body_gates_its_variants() {
        let api = lower_spec(spec(json!({
            "Failure": {"type": "object", "properties": {
                "about": {"$ref": "#/components/schemas/About"},
            }},
            "About": {
                "oneOf": [{"$ref": "#/components/schemas/Pa"}, {"$ref": "#/components/schemas/Pc"}],
                "discriminator": {"propertyName": "object"},
            },
        })));
        let about = api.types.iter().find(|t| t.name == "About");
        let Some(TypeKind::Union(u)) = about.map(|t| &t.kind) else {
            panic!("About is a union");
        };
        let gates: Vec<&[String]> = u.variants.iter().map(|v| v.features.as_slice()).collect();
        assert_eq!(gates, [&["a".to_string()][..], &["c".to_string()][..]]);
        assert_eq!(features(&api, "Pc"), ["c"]);
    }
}
