//! `oneOf`/`anyOf`: a value of one of several shapes, as a Rust enum;
//! tagged when a `discriminator` (or a tag property every member requires
//! with its own single value) tells the shapes apart.

use super::required_sets;
use super::schemas::{Node, ObjectShape, Schemas, Slot};
use crate::diag::join;
use crate::ir::{TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::names::{pascal_case, UniqueNames};
use crate::resolve::{ref_name, unescape};
use openapiv3::{ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use std::collections::BTreeSet;

impl<'a> Schemas<'a> {
    pub(super) fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let mut nullable = false;
        let mut kept: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            if let ReferenceOr::Item(s) = m {
                if is_null_schema(s) {
                    nullable = true;
                    continue;
                }
            }
            kept.push((i, m));
        }
        let wrap = |ty: TypeRef| {
            if nullable && !ty.is_nullable() {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            }
        };
        if required_sets::of_members(members, keyword == "oneOf").is_some() {
            // Lists of `required` fields with no properties beside them: an
            // object whose fields the document does not type.
            self.open(
                pointer,
                "lists of required fields of an object without properties",
            );
            return TypeRef::JsonObject;
        }
        match kept.len() {
            0 => {
                self.open(pointer, "a value that can only be `null`");
                return wrap(TypeRef::Json);
            }
            1 => {
                let (i, m) = kept[0];
                let ty = self.lower(m.into(), slot, &join(pointer, &[keyword, &i.to_string()]));
                return wrap(ty);
            }
            _ => {}
        }
        if let Some(values) = self.string_members(&kept) {
            // Documented values, one per member (the way schemars writes an
            // enum whose variants have doc comments): one enum of them all.
            return wrap(self.string_enum(values, data, slot, pointer));
        }
        if let Some(k) = self.string_or_empty(&kept) {
            let (i, m) = kept[k];
            // Stripe's "a string, or `\"\"` to clear it": the string admits
            // the empty one itself.
            let ptr = join(pointer, &[keyword, &i.to_string()]);
            return wrap(self.lower(m.into(), slot, &ptr));
        }
        let name = match &slot {
            Slot::Fixed(n) => n.clone(),
            Slot::Hint(h) => self.names.claim(h),
        };
        let own = Slot::Fixed(name.clone());
        let tagged = data.discriminator.as_ref().filter(|_| {
            kept.iter()
                .all(|(_, m)| matches!(m, ReferenceOr::Reference { .. }))
        });
        let implied = match data.discriminator {
            None => self.implied_tag(&kept),
            Some(_) => None,
        };
        let mut variant_names = UniqueNames::new();
        let mut variants = Vec::new();
        for (k, (i, m)) in kept.iter().enumerate() {
            let ptr = join(pointer, &[keyword, &i.to_string()]);
            if let Some((property, Some(tag))) = implied.as_ref().map(|(p, v)| (p, v.get(k))) {
                let tag = tag.clone();
                let (ty, rust_name, writes_tag, docs) = match m {
                    ReferenceOr::Item(s) if is_tag_alone(s, property) => {
                        let docs = s.schema_data.description.clone();
                        (None, pascal_case(&tag), true, docs)
                    }
                    ReferenceOr::Item(s) => {
                        let ty = self.tagged_member(s, property, own.child(&tag), &ptr);
                        (Some(ty), pascal_case(&tag), true, None)
                    }
                    ReferenceOr::Reference { .. } => {
                        let ty = self.lower((*m).into(), own.child(&tag), &ptr);
                        let rust_name = variant_name(&ty);
                        (Some(ty), rust_name, false, None)
                    }
                };
                variants.push(UnionVariant {
                    rust_name: variant_names.claim(&rust_name),
                    ty,
                    docs,
                    tags: vec![tag],
                    boxed: false,
                    writes_tag,
                    features: Vec::new(),
                });
                continue;
            }
            let ty = self.lower((*m).into(), own.child(&format!("Variant{i}")), &ptr);
            let tags = match (tagged, m) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let key = ref_name(reference, "schemas")
                        .map(unescape)
                        .unwrap_or_default();
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || **target == key)
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if mapped.is_empty() {
                        vec![key]
                    } else {
                        mapped
                    }
                }
                _ => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name: variant_names.claim(&variant_name(&ty)),
                ty: Some(ty),
                docs: None,
                tags,
                boxed: false,
                writes_tag: false,
                features: Vec::new(),
            });
        }
        let discriminator = match (tagged, implied) {
            (Some(d), _) => Some(d.property_name.clone()),
            (None, Some((property, _))) => Some(property),
            (None, None) => None,
        };
        if discriminator.is_none() {
            // Catch-all shapes go last: untagged decoding tries variants in order.
            variants.sort_by_key(|v| {
                matches!(
                    v.ty.as_ref().map(TypeRef::non_null),
                    Some(TypeRef::Json | TypeRef::JsonObject)
                )
            });
        }
        let fallback = discriminator.as_ref().map(|_| {
            if variant_names.is_taken("Unknown") {
                variant_names.claim("UnknownValue")
            } else {
                variant_names.claim("Unknown")
            }
        });
        self.push_type(
            name.clone(),
            pointer,
            data,
            TypeKind::Union(UnionDef {
                variants,
                discriminator,
                fallback,
            }),
        );
        wrap(TypeRef::Named(name))
    }

    /// Every value of members that are all string enums, each with its
    /// member's description; `None` when some member is another shape.
    fn string_members<'s>(
        &self,
        members: &[(usize, &'s ReferenceOr<Schema>)],
    ) -> Option<Vec<(&'s str, Option<&'s str>)>>
    where
        'a: 's,
    {
        let mut values = Vec::new();
        for (_, m) in members {
            let schema = self.resolver.schema(m)?;
            let docs = schema.schema_data.description.as_deref();
            values.extend(string_values(schema)?.into_iter().map(|v| (v, docs)));
        }
        Some(values)
    }

    /// Where the first plain string member is, when the others only admit `""`.
    fn string_or_empty(&self, members: &[(usize, &ReferenceOr<Schema>)]) -> Option<usize> {
        let mut plain = None;
        for (k, (_, m)) in members.iter().enumerate() {
            let schema = self.resolver.schema(m)?;
            if is_plain_string(schema) {
                plain = plain.or(Some(k));
            } else if string_values(schema)?.iter().any(|v| !v.is_empty()) {
                return None;
            }
        }
        plain
    }

    /// The tag property of a union written without a `discriminator`, the
    /// way dropshot writes enums: every member is an object that requires the
    /// same property, each with a distinct one-value string enum. Gives the
    /// property and each member's value.
    fn implied_tag(
        &self,
        members: &[(usize, &ReferenceOr<Schema>)],
    ) -> Option<(String, Vec<String>)> {
        let objects = members
            .iter()
            .map(|(_, m)| self.resolver.schema(m).and_then(ObjectShape::plain))
            .collect::<Option<Vec<_>>>()?;
        let first = objects.first()?;
        first.properties.keys().find_map(|property| {
            let mut values = Vec::new();
            for object in &objects {
                if !object.required.contains(property) {
                    return None;
                }
                let schema = self.resolve_boxed(object.properties.get(property)?)?;
                values.push(single_string_value(schema)?.to_string());
            }
            let distinct: BTreeSet<&String> = values.iter().collect();
            (values.len() >= 2 && distinct.len() == values.len())
                .then(|| (property.clone(), values))
        })
    }

    /// An inline member of a union tagged by `property`, lowered without
    /// that property: the union writes it.
    fn tagged_member(
        &mut self,
        schema: &Schema,
        property: &str,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let Some(shape) = ObjectShape::plain(schema) else {
            return self.lower(Node::Item(schema), slot, pointer);
        };
        self.nested(schema, pointer, |s| {
            s.object(
                shape,
                Some(property),
                Vec::new(),
                &schema.schema_data,
                slot,
                pointer,
            )
        })
    }
}

/// An inline member that is an object of the tag property alone, closed to
/// any other: its variant holds nothing but the tag.
fn is_tag_alone(s: &Schema, property: &str) -> bool {
    ObjectShape::plain(s).is_some_and(|shape| {
        shape.properties.keys().all(|k| k == property)
            && matches!(
                shape.additional,
                None | Some(openapiv3::AdditionalProperties::Any(false))
            )
    })
}

/// The value of a string enum that admits exactly one value (and no `null`).
fn single_string_value(s: &Schema) -> Option<&str> {
    match string_values(s)?.as_slice() {
        [value] => Some(value),
        _ => None,
    }
}

/// The values of a string enum that admits no `null`.
fn string_values(s: &Schema) -> Option<Vec<&str>> {
    if s.schema_data.nullable {
        return None;
    }
    let values: Option<Vec<&str>> = match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => st.enumeration.iter().map(Option::as_deref).collect(),
        SchemaKind::Any(any)
            if matches!(any.typ.as_deref(), None | Some("string"))
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty() =>
        {
            any.enumeration
                .iter()
                .map(serde_json::Value::as_str)
                .collect()
        }
        _ => None,
    };
    values.filter(|v| !v.is_empty())
}

/// A string of no format, pattern or listed values.
fn is_plain_string(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            st.enumeration.is_empty()
                && st.pattern.is_none()
                && matches!(st.format, openapiv3::VariantOrUnknownOrEmpty::Empty)
        }
        _ => false,
    }
}

/// A schema that only admits `null`.
fn is_null_schema(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("null")
                || (any.typ.is_none()
                    && s.schema_data.nullable
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty()
                    && any.enumeration.iter().all(|v| v.is_null()))
        }
        _ => false,
    }
}

/// A readable variant name for a union member.
fn variant_name(ty: &TypeRef) -> String {
    match ty.non_null() {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String | TypeRef::Url | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => {
            "String".into()
        }
        TypeRef::Bool => "Boolean".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Nullable(inner) => variant_name(inner),
        _ => "Integer".into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeDef, TypeKind, TypeRef, UnionDef};
    use serde_json::{json, Value};

    use crate::lower::tests::lower_schemas as lower;

    fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    }

    fn union<'a>(api: &'a Api, name: &str) -> &'a UnionDef {
        match &def(api, name).kind {
            TypeKind::Union(u) => u,
            other => panic!("{name} is no union: {other:?}"),
        }
    }

    /// An inline object member tagged `property: value`, with more properties.
    fn member(property: &str, value: &str, more: Value) -> Value {
        let mut properties = more.as_object().cloned().unwrap_or_default();
        properties.insert(property.into(), json!({"type": "string", "enum": [value]}));
        json!({"type": "object", "required": [property], "properties": properties})
    }

    fn names(u: &UnionDef) -> Vec<(&str, Vec<&str>, bool)> {
        u.variants
            .iter()
            .map(|v| {
                let tags = v.tags.iter().map(String::as_str).collect();
                (v.rust_name.as_str(), tags, v.writes_tag)
            })
            .collect()
    }

    #[test]
    fn inline_members_with_one_value_tags_make_a_tagged_union() {
        let api = lower(json!({"Range": {"oneOf": [
            member("type", "range_to", json!({"end": {"type": "number"}})),
            member("type", "range", json!({"start": {"type": "number"}, "end": {"type": "number"}})),
            {"nullable": true, "enum": [null]},
        ]}}));
        let u = union(&api, "Range");
        assert_eq!(u.discriminator.as_deref(), Some("type"));
        assert_eq!(u.fallback.as_deref(), Some("Unknown"));
        assert_eq!(
            names(u),
            [
                ("RangeTo", vec!["range_to"], true),
                ("Range", vec!["range"], true)
            ]
        );
        match &def(&api, "RangeRange").kind {
            TypeKind::Struct(s) => {
                let fields: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                assert_eq!(fields, ["start", "end"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            !api.types
                .iter()
                .any(|t| matches!(t.kind, TypeKind::Enum(_))),
            "no one-value enum is made for the tags"
        );
    }

    #[test]
    fn referenced_members_and_tag_schemas_are_resolved() {
        let api = lower(json!({
            "Kind": {"type": "string", "enum": ["b"]},
            "B": {"type": "object", "required": ["kind"], "properties": {
                "kind": {"$ref": "#/components/schemas/Kind"},
            }},
            "U": {"anyOf": [
                member("kind", "a", json!({})),
                {"$ref": "#/components/schemas/B"},
            ]},
        }));
        let u = union(&api, "U");
        assert_eq!(u.discriminator.as_deref(), Some("kind"));
        assert_eq!(names(u), [("A", vec!["a"], true), ("B", vec!["b"], false)]);
        // The component keeps its own tag property.
        match &def(&api, "B").kind {
            TypeKind::Struct(s) => assert_eq!(s.fields[0].wire_name, "kind"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_member_that_is_its_tag_alone_is_a_unit_variant() {
        let mut full = member("type", "full", json!({}));
        full["description"] = json!("Unbounded.");
        let mut open = member("type", "open", json!({}));
        open["additionalProperties"] = json!({"type": "string"});
        let api = lower(json!({"Range": {"oneOf": [
            member("type", "to", json!({"end": {"type": "number"}})),
            full,
            open,
        ]}}));
        let u = union(&api, "Range");
        let got: Vec<(&str, bool, Option<&str>)> = u
            .variants
            .iter()
            .map(|v| (v.rust_name.as_str(), v.ty.is_some(), v.docs.as_deref()))
            .collect();
        // An object open to other properties keeps a type for them.
        assert_eq!(
            got,
            [
                ("To", true, None),
                ("Full", false, Some("Unbounded.")),
                ("Open", true, None)
            ]
        );
        assert!(
            !api.types.iter().any(|t| t.name == "RangeFull"),
            "no empty struct is made for the tag alone"
        );
    }

    #[test]
    fn tag_values_make_unique_valid_variant_names() {
        let api = lower(json!({"U": {"oneOf": [
            member("t", "a-b", json!({})),
            member("t", "a_b", json!({})),
            member("t", "unknown", json!({})),
            member("t", "self", json!({})),
            member("t", "", json!({})),
            member("t", "1st", json!({})),
        ]}}));
        let u = union(&api, "U");
        let got: Vec<&str> = u.variants.iter().map(|v| v.rust_name.as_str()).collect();
        assert_eq!(got, ["AB", "AB2", "Unknown", "Self_", "Value", "V1st"]);
        assert_eq!(u.fallback.as_deref(), Some("UnknownValue"));
    }

    #[test]
    fn other_unions_stay_untagged() {
        let cases = [
            // The same value twice.
            json!({"oneOf": [member("t", "a", json!({})), member("t", "a", json!({}))]}),
            // A member that does not require the tag.
            json!({"oneOf": [
                member("t", "a", json!({})),
                {"type": "object", "properties": {"t": {"type": "string", "enum": ["b"]}}},
            ]}),
            // A tag of two values.
            json!({"oneOf": [
                member("t", "a", json!({})),
                {"type": "object", "required": ["t"], "properties": {
                    "t": {"type": "string", "enum": ["b", "c"]},
                }},
            ]}),
            // A member that is no object.
            json!({"oneOf": [member("t", "a", json!({})), {"type": "string"}]}),
            // Different tag properties.
            json!({"oneOf": [member("t", "a", json!({})), member("u", "b", json!({}))]}),
            // An explicit discriminator over inline members keeps today's lowering.
            json!({
                "oneOf": [member("t", "a", json!({})), member("t", "b", json!({}))],
                "discriminator": {"propertyName": "t"},
            }),
        ];
        for case in cases {
            let api = lower(json!({"U": case}));
            let u = union(&api, "U");
            assert_eq!(u.discriminator, None, "{case}");
            assert!(u.variants.iter().all(|v| !v.writes_tag), "{case}");
        }
    }

    #[test]
    fn members_that_are_all_string_enums_make_one_enum_with_their_docs() {
        let api = lower(json!({
            "State": {"anyOf": [
                {"description": "Being made.", "type": "string", "enum": ["creating"]},
                {"$ref": "#/components/schemas/Done"},
                {"description": "Repeats a value.", "enum": ["creating", "failed"]},
                {"type": "null"},
            ]},
            "Done": {"description": "Finished.", "type": "string", "enum": ["done", "gone"]},
            "Mixed": {"oneOf": [
                {"type": "string", "enum": ["a"]},
                {"type": "string"},
            ]},
        }));
        let TypeKind::Enum(e) = &def(&api, "State").kind else {
            panic!("State is no enum");
        };
        let got: Vec<(&str, &str, Option<&str>)> = e
            .variants
            .iter()
            .map(|v| {
                (
                    v.rust_name.as_str(),
                    v.wire_value.as_str(),
                    v.docs.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Creating", "creating", Some("Being made.")),
                ("Done", "done", Some("Finished.")),
                ("Gone", "gone", Some("Finished.")),
                ("Failed", "failed", Some("Repeats a value.")),
            ]
        );
        // A member of another shape keeps the union.
        assert_eq!(union(&api, "Mixed").variants.len(), 2);
    }

    #[test]
    fn a_string_or_the_empty_string_is_a_string() {
        let api = lower(json!({"Holder": {"type": "object", "properties": {
            "url": {"anyOf": [
                {"type": "string", "maxLength": 5000},
                {"type": "string", "enum": [""]},
            ]},
            "named": {"anyOf": [{"type": "string"}, {"type": "string", "enum": ["", "none"]}]},
            "dated": {"anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "enum": [""]},
            ]},
        }}}));
        let TypeKind::Struct(s) = &def(&api, "Holder").kind else {
            panic!("Holder is no struct");
        };
        let ty = |name: &str| {
            let field = s.fields.iter().find(|f| f.rust_name == name);
            field
                .map(|f| f.ty.clone())
                .unwrap_or_else(|| panic!("no field {name}"))
        };
        assert_eq!(ty("url"), TypeRef::String);
        // A value beside `""`, or a string of some format, keeps the union.
        assert!(matches!(ty("named"), TypeRef::Named(n) if union(&api, &n).variants.len() == 2));
        assert!(matches!(ty("dated"), TypeRef::Named(n) if union(&api, &n).variants.len() == 2));
    }
}
