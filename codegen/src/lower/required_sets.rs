//! `anyOf`/`oneOf` whose members only list `required` properties: not
//! alternative shapes but rules on which fields of the object beside them
//! must be given (`anyOf`: at least one list complete; `oneOf`: exactly one).

use crate::ir::RequiredSets;
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind};

/// The `required` list of a schema that says nothing else (a description
/// aside): `{required: [email]}`.
pub fn required_only(s: &Schema) -> Option<&[String]> {
    let SchemaKind::Any(any) = &s.schema_kind else {
        return None;
    };
    let plain = matches!(any.typ.as_deref(), None | Some("object"))
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.all_of.is_empty()
        && any.not.is_none()
        && !s.schema_data.nullable;
    (plain && !any.required.is_empty()).then_some(any.required.as_slice())
}

/// The rule an `anyOf` (`exactly_one: false`) or `oneOf` makes when every
/// member is an inline `required` list.
pub fn of_members(members: &[ReferenceOr<Schema>], exactly_one: bool) -> Option<RequiredSets> {
    if members.is_empty() {
        return None;
    }
    let alternatives = members
        .iter()
        .map(|m| match m {
            ReferenceOr::Item(s) => required_only(s).map(<[String]>::to_vec),
            ReferenceOr::Reference { .. } => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(RequiredSets {
        exactly_one,
        alternatives,
    })
}

/// The rules of a schema's own `anyOf` and `oneOf`, when both (those given)
/// are `required` lists; `None` when either is something else or neither is given.
pub fn beside(any: &AnySchema) -> Option<Vec<RequiredSets>> {
    if any.one_of.is_empty() && any.any_of.is_empty() {
        return None;
    }
    let mut sets = Vec::new();
    for (members, exactly_one) in [(&any.any_of, false), (&any.one_of, true)] {
        if !members.is_empty() {
            sets.push(of_members(members, exactly_one)?);
        }
    }
    Some(sets)
}

/// The rules a schema makes on its object, whichever way openapiv3 read
/// it: a bare `anyOf`/`oneOf` of `required` lists, or one beside other keys.
pub fn of_schema(s: &Schema) -> Option<Vec<RequiredSets>> {
    match &s.schema_kind {
        SchemaKind::AnyOf { any_of } => Some(vec![of_members(any_of, false)?]),
        SchemaKind::OneOf { one_of } => Some(vec![of_members(one_of, true)?]),
        SchemaKind::Any(any) => beside(any),
        _ => None,
    }
}
