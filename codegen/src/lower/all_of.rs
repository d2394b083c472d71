//! `allOf`: members that together describe one value, lowered to one type.
//!
//! Members that give no shape of their own (only docs, `nullable`,
//! `required`, limits, or `anyOf`/`oneOf` lists of required fields) are
//! notes on the others. One shaped member plus notes is that member's type
//! (nullable when a note says so); several object members merge into one
//! struct. Only members of different kinds that cannot merge (an object and
//! a string, say) fall back to any JSON value, with a warning.
//!
//! A member that is a union (`oneOf`/`anyOf` of shapes, itself or by
//! `$ref`) beside object members is kept whole: the struct gets the
//! objects' fields plus one field holding the union, marked `flatten`
//! (`#[serde(flatten)]`). Decoding, the struct takes its own properties and
//! hands every other one to the union, which picks its variant as it always
//! does (by tag, by implied tag, or by trying each in turn); encoding writes
//! both into one object. The union's own types stay shared with every other
//! place that uses them, where copying the extra fields into each variant
//! would make a new struct per variant. A property both the object and a
//! member of the union declare is left to the union, with a warning: the
//! struct would take it from the union when reading, and write it twice.

use super::required_sets;
use super::schemas::{Node, ObjectShape, Properties, Schemas, Slot, MAX_NESTING};
use crate::diag::join;
use crate::ir::{RequiredSets, TypeRef};
use crate::resolve::{ref_name, unescape};
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use std::collections::BTreeSet;

/// A property gathered for the merged struct: wire name, schema, pointer.
type Member<'s> = (String, &'s ReferenceOr<Box<Schema>>, String);

/// What the object members of an allOf add up to.
#[derive(Default)]
struct Merged<'s> {
    props: Vec<Member<'s>>,
    required: BTreeSet<&'s str>,
    sets: Vec<RequiredSets>,
    visited: BTreeSet<String>,
}

impl<'s> Merged<'s> {
    fn add(&mut self, properties: &'s Properties, base: &str) {
        for (k, v) in properties {
            self.props.retain(|(n, _, _)| n != k);
            self.props
                .push((k.clone(), v, join(base, &["properties", k])));
        }
    }
}

/// The allOf members of a schema, however openapiv3 classified it.
fn all_of_members(s: &Schema) -> &[ReferenceOr<Schema>] {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// An allOf member that gives no shape, only notes on the others: docs,
/// `nullable`, `required`, limits, `anyOf`/`oneOf` of `required` lists.
fn is_note(s: &Schema) -> bool {
    let any = match &s.schema_kind {
        SchemaKind::AnyOf { .. } | SchemaKind::OneOf { .. } => {
            return required_sets::of_schema(s).is_some()
        }
        SchemaKind::Any(any) => any,
        _ => return false,
    };
    any.typ.is_none()
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.all_of.is_empty()
        && any.not.is_none()
        && (any.one_of.is_empty() && any.any_of.is_empty() || required_sets::beside(any).is_some())
}

/// The inline notes among allOf members.
fn notes(members: &[ReferenceOr<Schema>]) -> impl Iterator<Item = &Schema> {
    members.iter().filter_map(|m| match m {
        ReferenceOr::Item(s) if is_note(s) => Some(s),
        _ => None,
    })
}

/// A schema's description; for an allOf, the first one its notes give
/// (OpenAPI 3.0's way to describe a reference: `allOf: [$ref, {description}]`).
pub fn described(s: &Schema) -> Option<String> {
    s.schema_data
        .description
        .clone()
        .or_else(|| notes(all_of_members(s)).find_map(|n| n.schema_data.description.clone()))
}

/// Whether a schema admits `null`, itself or by a note of its allOf
/// (`allOf: [$ref, {nullable: true}]`).
pub fn says_nullable(s: &Schema) -> bool {
    s.schema_data.nullable || notes(all_of_members(s)).any(|n| n.schema_data.nullable)
}

impl<'a> Schemas<'a> {
    /// An allOf, with the schema's own properties, `required` and rules beside it.
    pub(super) fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        beside: Option<&AnySchema>,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let mut merged = Merged::default();
        let mut nullable = false;
        let mut shaped = Vec::new();
        for (i, m) in members.iter().enumerate() {
            match m {
                ReferenceOr::Item(s) if is_note(s) => {
                    nullable |= s.schema_data.nullable;
                    if let SchemaKind::Any(any) = &s.schema_kind {
                        merged
                            .required
                            .extend(any.required.iter().map(String::as_str));
                    }
                    merged
                        .sets
                        .extend(required_sets::of_schema(s).unwrap_or_default());
                }
                _ => shaped.push((i, m)),
            }
        }
        if let Some(any) = beside {
            merged.add(&any.properties, pointer);
            merged
                .required
                .extend(any.required.iter().map(String::as_str));
            merged
                .sets
                .extend(required_sets::beside(any).unwrap_or_default());
        }
        let wrap = |ty: TypeRef| {
            if nullable && !ty.is_nullable() {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            }
        };
        let adds_nothing = merged.props.is_empty() && merged.sets.is_empty();
        if let [(i, m)] = shaped.as_slice() {
            let ptr = join(pointer, &["allOf", &i.to_string()]);
            if adds_nothing && self.has_required(m, &merged.required) {
                return wrap(self.lower((*m).into(), slot, &ptr));
            }
        }
        if shaped.is_empty() && adds_nothing && merged.required.is_empty() {
            self.open(pointer, "allOf of members that give no type");
            return wrap(TypeRef::Json);
        }
        let mut object_like = true;
        let mut unions = Vec::new();
        for (i, m) in &shaped {
            let ptr = join(pointer, &["allOf", &i.to_string()]);
            if self.is_union(m) {
                unions.push((Node::from(*m), ptr));
            } else {
                object_like &= self.collect_object(m, &ptr, &mut merged, 0);
            }
        }
        if !object_like {
            if let [(i, m)] = shaped.as_slice() {
                // `required` notes on a schema that is no object: nothing to require.
                self.diags.warning(
                    join(pointer, &["allOf"]),
                    "`required` beside a schema that is no object is ignored",
                );
                let ptr = join(pointer, &["allOf", &i.to_string()]);
                return wrap(self.lower((*m).into(), slot, &ptr));
            }
            self.lost(
                &join(pointer, &["allOf"]),
                "allOf mixes objects with other kinds of schema",
            );
            return TypeRef::Json;
        }
        if !unions.is_empty() {
            // A property a union's member declares too is the union's: the
            // struct would take it from the union when reading, and write it twice.
            let theirs = self.union_properties(shaped.iter().map(|(_, m)| *m));
            let (shared, own): (Vec<_>, Vec<_>) = std::mem::take(&mut merged.props)
                .into_iter()
                .partition(|(name, _, _)| theirs.contains(name.as_str()));
            for (name, _, at) in shared {
                self.diags.warning(
                    at,
                    format!("`{name}` is also a property of the union beside it; it is read and written through the union"),
                );
            }
            merged.props = own;
        }
        if let [(node, ptr)] = unions.as_slice() {
            if merged.props.is_empty() && merged.sets.is_empty() {
                // Only the union gives properties: the value is the union.
                if !merged.required.is_empty() {
                    self.diags.warning(
                        join(pointer, &["allOf"]),
                        "`required` beside a schema that is no object is ignored",
                    );
                }
                return wrap(self.lower(*node, slot, ptr));
            }
        }
        if merged.props.is_empty() && unions.is_empty() {
            self.open(pointer, "allOf of objects without properties");
            return wrap(TypeRef::JsonObject);
        }
        let Merged {
            props,
            required,
            sets,
            ..
        } = merged;
        wrap(self.build_struct(&props, &required, &unions, None, sets, data, slot, pointer))
    }

    /// The properties the object members of the union members among
    /// `members` declare (as far as they are objects the merge can read).
    fn union_properties<'s>(
        &self,
        members: impl Iterator<Item = &'s ReferenceOr<Schema>>,
    ) -> BTreeSet<String>
    where
        'a: 's,
    {
        let mut names = BTreeSet::new();
        for member in members.filter(|m| self.is_union(m)) {
            let Some(s) = self.resolver.schema(member) else {
                continue;
            };
            let alternatives: Vec<&ReferenceOr<Schema>> = match &s.schema_kind {
                SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                    list.iter().collect()
                }
                SchemaKind::Any(any) => any.one_of.iter().chain(&any.any_of).collect(),
                _ => Vec::new(),
            };
            for alternative in alternatives {
                let mut theirs = Merged::default();
                self.collect_object(alternative, "", &mut theirs, 0);
                names.extend(theirs.props.into_iter().map(|(name, _, _)| name));
            }
        }
        names
    }

    /// Whether an allOf member is a union of shapes (a `oneOf`/`anyOf`
    /// that is no list of `required` fields), itself or by reference: the
    /// merged struct keeps it as a flattened field.
    fn is_union(&self, member: &ReferenceOr<Schema>) -> bool {
        let Some(s) = self.resolver.schema(member) else {
            return false;
        };
        match &s.schema_kind {
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                required_sets::of_schema(s).is_none()
            }
            SchemaKind::Any(any) => {
                any.all_of.is_empty()
                    && !(any.one_of.is_empty() && any.any_of.is_empty())
                    && required_sets::beside(any).is_none()
            }
            _ => false,
        }
    }

    /// Whether a member already requires every field of `required` (or is
    /// no plain object, where `required` cannot add anything).
    fn has_required(&self, member: &ReferenceOr<Schema>, required: &BTreeSet<&str>) -> bool {
        if required.is_empty() {
            return true;
        }
        match self.resolver.schema(member).and_then(ObjectShape::plain) {
            Some(shape) => required
                .iter()
                .all(|r| shape.required.iter().any(|have| have == r)),
            None => false,
        }
    }

    /// Gathers the properties an allOf member contributes; false when it is no object.
    fn collect_object<'s>(
        &self,
        member: &'s ReferenceOr<Schema>,
        pointer: &str,
        merged: &mut Merged<'s>,
        depth: usize,
    ) -> bool
    where
        'a: 's,
    {
        if depth > MAX_NESTING {
            return false;
        }
        let (schema, base) = match member {
            ReferenceOr::Reference { reference } => {
                if !merged.visited.insert(reference.clone()) {
                    return true;
                }
                let Some(s) = self.resolver.schema(member) else {
                    return false;
                };
                let base = ref_name(reference, "schemas")
                    .map(|k| join("#/components/schemas", &[&unescape(k)]))
                    .unwrap_or_else(|| pointer.to_string());
                (s, base)
            }
            ReferenceOr::Item(s) => (s, pointer.to_string()),
        };
        let inner = |merged: &mut Merged<'s>, all_of: &'s [ReferenceOr<Schema>]| {
            all_of.iter().enumerate().all(|(i, m)| {
                let ptr = join(&base, &["allOf", &i.to_string()]);
                self.collect_object(m, &ptr, merged, depth + 1)
            })
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                merged.add(&o.properties, &base);
                merged
                    .required
                    .extend(o.required.iter().map(String::as_str));
                true
            }
            SchemaKind::AllOf { all_of } => inner(merged, all_of),
            SchemaKind::AnyOf { .. } | SchemaKind::OneOf { .. } => {
                match required_sets::of_schema(schema) {
                    Some(sets) => {
                        merged.sets.extend(sets);
                        true
                    }
                    None => false,
                }
            }
            SchemaKind::Any(any) => {
                let ok = inner(merged, &any.all_of);
                let sets = required_sets::beside(any);
                let is_object = any.typ.as_deref().is_none_or(|t| t == "object")
                    && (any.one_of.is_empty() && any.any_of.is_empty() || sets.is_some());
                if is_object {
                    merged.add(&any.properties, &base);
                    merged
                        .required
                        .extend(any.required.iter().map(String::as_str));
                    merged.sets.extend(sets.unwrap_or_default());
                }
                ok && is_object
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, RequiredSets, StructDef, TypeKind, TypeRef};
    use serde_json::{json, Value};

    use crate::lower::tests::lower_schemas as lower;

    fn strukt<'a>(api: &'a Api, name: &str) -> &'a StructDef {
        match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s,
            other => panic!("{name} is no struct: {other:?}"),
        }
    }

    /// The component schemas `Address` (an object) and `Color` (a string
    /// enum), and `Holder` with one property `p` of the given schema.
    fn holding(p: Value) -> Api {
        lower(json!({
            "Address": {"type": "object", "required": ["street"], "properties": {
                "street": {"type": "string"}, "city": {"type": "string"},
            }},
            "Color": {"type": "string", "enum": ["red", "blue"]},
            "Holder": {"type": "object", "properties": {"p": p}},
        }))
    }

    fn address() -> Value {
        json!({"$ref": "#/components/schemas/Address"})
    }

    #[test]
    fn a_described_reference_is_the_referenced_type_with_the_docs_on_the_field() {
        let api = holding(json!({"allOf": [address(), {"description": "Where it goes."}]}));
        let field = &strukt(&api, "Holder").fields[0];
        assert_eq!(field.ty, TypeRef::Named("Address".into()));
        assert_eq!(field.docs.as_deref(), Some("Where it goes."));
        assert!(!field.nullable);
        assert!(api.untyped.is_empty(), "{:?}", api.untyped);
    }

    #[test]
    fn a_nullable_note_makes_the_reference_nullable() {
        let api = holding(json!({"allOf": [address(), {"nullable": true}]}));
        let field = &strukt(&api, "Holder").fields[0];
        assert_eq!(field.ty, TypeRef::Named("Address".into()));
        assert!(field.nullable);
    }

    #[test]
    fn a_non_object_reference_with_limits_is_its_type() {
        let api = holding(json!({"allOf": [
            {"$ref": "#/components/schemas/Color"},
            {"description": "A color.", "maxLength": 4},
        ]}));
        assert_eq!(
            strukt(&api, "Holder").fields[0].ty,
            TypeRef::Named("Color".into())
        );
    }

    #[test]
    fn a_required_note_makes_a_struct_only_when_it_changes_something() {
        let api = holding(json!({"allOf": [address(), {"required": ["street"]}]}));
        assert_eq!(
            strukt(&api, "Holder").fields[0].ty,
            TypeRef::Named("Address".into())
        );
        let api = holding(json!({"allOf": [address(), {"required": ["city"]}]}));
        let TypeRef::Named(name) = &strukt(&api, "Holder").fields[0].ty else {
            panic!("no named type");
        };
        assert_ne!(name, "Address");
        let fields = &strukt(&api, name).fields;
        assert!(fields.iter().all(|f| f.required), "{fields:?}");
    }

    #[test]
    fn an_any_of_of_required_lists_is_a_rule_on_the_merged_struct() {
        let api = holding(json!({"allOf": [
            address(),
            {"anyOf": [{"required": ["city"]}, {"required": ["zip"]}]},
        ]}));
        let TypeRef::Named(name) = &strukt(&api, "Holder").fields[0].ty else {
            panic!("no named type");
        };
        assert_eq!(
            strukt(&api, name).required_sets,
            [RequiredSets {
                exactly_one: false,
                alternatives: vec![vec!["city".into()], vec!["zip".into()]],
            }]
        );
    }

    #[test]
    fn a_union_with_extra_properties_is_a_struct_with_the_union_flattened() {
        let api = lower(json!({
            "A": {"type": "object", "properties": {"a": {"type": "string"}}},
            "B": {"type": "object", "properties": {"b": {"type": "string"}}},
            "AOrB": {"oneOf": [
                {"$ref": "#/components/schemas/A"},
                {"$ref": "#/components/schemas/B"},
            ]},
            "Tagged": {"allOf": [
                {"$ref": "#/components/schemas/AOrB"},
                {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            ]},
        }));
        let fields = &strukt(&api, "Tagged").fields;
        let got: Vec<_> = fields
            .iter()
            .map(|f| {
                (
                    f.rust_name.as_str(),
                    f.wire_name.as_str(),
                    f.flatten,
                    f.required,
                )
            })
            .collect();
        assert_eq!(got, [("id", "id", false, true), ("a_or_b", "", true, true)]);
        assert_eq!(fields[1].ty, TypeRef::Named("AOrB".into()));
        assert!(api.untyped.is_empty(), "{:?}", api.untyped);
    }

    #[test]
    fn a_property_a_union_member_declares_too_is_left_to_the_union() {
        let spec = json!({
            "A": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "B": {"type": "object", "properties": {"b": {"type": "string"}}},
            "Tagged": {"allOf": [
                {"oneOf": [
                    {"$ref": "#/components/schemas/A"},
                    {"$ref": "#/components/schemas/B"},
                ]},
                {"type": "object", "properties": {
                    "id": {"type": "string"}, "note": {"type": "string"},
                }},
            ]},
        });
        let api = lower(spec);
        let fields: Vec<_> = strukt(&api, "Tagged")
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.flatten))
            .collect();
        assert_eq!(fields, [("note", false), ("", true)]);
        assert!(api.untyped.is_empty(), "{:?}", api.untyped);
    }

    #[test]
    fn a_union_with_only_a_required_note_is_the_union() {
        let api = holding(json!({"allOf": [
            {"anyOf": [address(), {"$ref": "#/components/schemas/Color"}]},
            {"required": ["street"]},
        ]}));
        let TypeRef::Named(name) = &strukt(&api, "Holder").fields[0].ty else {
            panic!("no named type");
        };
        assert!(
            api.types
                .iter()
                .any(|t| &t.name == name && matches!(t.kind, TypeKind::Union(_))),
            "{name} is no union"
        );
    }

    #[test]
    fn only_members_of_different_kinds_fall_back_and_are_counted() {
        let api = holding(json!({"allOf": [address(), {"type": "string"}]}));
        assert_eq!(strukt(&api, "Holder").fields[0].ty, TypeRef::Json);
        let lost: Vec<_> = api.untyped.iter().filter(|u| u.given_type).collect();
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert_eq!(
            lost[0].pointer,
            "#/components/schemas/Holder/properties/p/allOf"
        );
    }
}
