//! String enums with the same values, emitted once. Large specs repeat an
//! inline enum wherever a property uses it: Stripe's `setup_future_usage`
//! values sit in ninety-nine payment-method options, Asana's tag colours in
//! every tag request. Each copy would cost the compiler an enum, its impls
//! and its validation. One of each set keeps the definition and the others
//! become aliases of it, so every name a caller writes stays, and
//! `Alias::Variant` works as before.

use crate::ir::{EnumDef, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// What makes two enums the same type: their variants (name, wire value and
/// docs, in order), their catch-all variant, and whether they are deprecated.
type Shape = (Vec<(String, String, Option<String>)>, String, bool);

fn shape(e: &EnumDef, deprecated: bool) -> Shape {
    let variants = e
        .variants
        .iter()
        .map(|v| (v.rust_name.clone(), v.wire_value.clone(), v.docs.clone()))
        .collect();
    (variants, e.fallback.clone(), deprecated)
}

/// Which of a set holds the definition, lowest first: a component schema
/// of its own (its name is the spec author's), then one inside another
/// schema or operation, then one in `unused` (the docs call those unused).
fn rank(t: &TypeDef, unused: &BTreeSet<String>) -> u8 {
    let own_component = t
        .pointer
        .strip_prefix("#/components/schemas/")
        .is_some_and(|key| !key.contains('/'));
    match (unused.contains(&t.pointer), own_component) {
        (false, true) => 0,
        (false, false) => 1,
        (true, _) => 2,
    }
}

/// Turns each enum whose shape another one has into an alias of that one.
/// The definition goes to the lowest [`rank`] of each set, the first in
/// `types` order among equals.
pub fn share_enums(types: &mut [TypeDef], unused: &BTreeSet<String>) {
    let mut owners: BTreeMap<Shape, String> = BTreeMap::new();
    for level in 0..=2 {
        for t in types.iter().filter(|t| rank(t, unused) == level) {
            if let TypeKind::Enum(e) = &t.kind {
                owners
                    .entry(shape(e, t.deprecated))
                    .or_insert_with(|| t.name.clone());
            }
        }
    }
    for t in types.iter_mut() {
        let owner = match &t.kind {
            TypeKind::Enum(e) => owners.get(&shape(e, t.deprecated)),
            _ => None,
        };
        if let Some(owner) = owner.filter(|o| **o != t.name) {
            t.kind = TypeKind::Alias(TypeRef::Named(owner.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::EnumVariant;

    fn enum_type(name: &str, values: &[&str], deprecated: bool) -> TypeDef {
        TypeDef {
            name: name.into(),
            pointer: format!("#/components/schemas/{name}"),
            docs: None,
            deprecated,
            kind: TypeKind::Enum(EnumDef {
                variants: values
                    .iter()
                    .map(|v| EnumVariant {
                        rust_name: v.to_uppercase(),
                        wire_value: v.to_string(),
                        docs: None,
                    })
                    .collect(),
                fallback: "Unknown".into(),
            }),
            features: Vec::new(),
        }
    }

    fn target(t: &TypeDef) -> Option<&str> {
        match &t.kind {
            TypeKind::Alias(r) => r.named(),
            _ => None,
        }
    }

    #[test]
    fn later_copies_become_aliases_of_the_first() {
        let mut types = vec![
            enum_type("A", &["x", "y"], false),
            enum_type("B", &["x", "y"], false),
            enum_type("C", &["y", "x"], false),
            enum_type("D", &["x", "y"], true),
            enum_type("E", &["x", "y"], false),
        ];
        share_enums(&mut types, &BTreeSet::new());
        let targets: Vec<_> = types.iter().map(target).collect();
        // Order and deprecation are part of the shape.
        assert_eq!(targets, [None, Some("A"), None, None, Some("A")]);
    }

    #[test]
    fn a_component_of_its_own_holds_the_definition_before_inline_copies() {
        let mut types = vec![
            enum_type("BodyMode", &["x"], false),
            enum_type("Mode", &["x"], false),
        ];
        types[0].pointer = "#/components/schemas/Body/properties/mode".into();
        share_enums(&mut types, &BTreeSet::new());
        assert_eq!(target(&types[0]), Some("Mode"));
        assert_eq!(target(&types[1]), None);
    }

    #[test]
    fn an_unused_schema_does_not_hold_the_definition_of_used_ones() {
        let mut types = vec![
            enum_type("Spare", &["x"], false),
            enum_type("Used", &["x"], false),
        ];
        let unused = BTreeSet::from(["#/components/schemas/Spare".to_string()]);
        share_enums(&mut types, &unused);
        assert_eq!(target(&types[0]), Some("Used"));
        assert_eq!(target(&types[1]), None);
    }
}
