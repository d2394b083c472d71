//! Naming the by-name setters of every value a user builds: structs that
//! some operation sends, forms and the params structs of operations (see
//! [`setter_names`]). A struct only ever received gets none: its fields are
//! public, so the rare caller building one (a test) sets them directly, and
//! the many setters of large APIs' response types are not compiled.

use super::usage::reachable_names;
use crate::ir::{Operation, ParamLocation, TypeDef, TypeKind};
use crate::names::setter_names;

/// The inherent method of a form beside its constructor and setters.
const FORM_METHODS: &[&str] = &["into_form"];

/// Gives every optional field, form part and non-path parameter its setter,
/// and every map of additional properties its inserting method.
pub fn name_setters(types: &mut [TypeDef], operations: &mut [Operation]) {
    let sent = reachable_names(types, operations.iter().flat_map(Operation::sent_types));
    for def in types {
        match &mut def.kind {
            TypeKind::Struct(_) if !sent.contains(&def.name) => {}
            TypeKind::Struct(s) => {
                let additional = name_members(
                    &mut s.fields,
                    |f| !f.required,
                    |f| &f.rust_name,
                    |f| &mut f.setter,
                    &[],
                    s.additional.is_some(),
                );
                if let (Some(a), Some(name)) = (&mut s.additional, additional) {
                    a.setter = name;
                }
            }
            TypeKind::Form(f) => {
                name_members(
                    &mut f.fields,
                    |f| !f.required,
                    |f| &f.rust_name,
                    |f| &mut f.setter,
                    FORM_METHODS,
                    false,
                );
            }
            TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => {}
        }
    }
    for op in operations {
        name_members(
            &mut op.params,
            |p| !p.required && p.location != ParamLocation::Path,
            |p| &p.rust_name,
            |p| &mut p.setter,
            &[],
            false,
        );
    }
}

/// Names the setters of the `members` that are `optional` (see
/// [`setter_names`]; `taken` are the value's other methods) and stores each
/// in its member's `slot`. Returns the name of the method inserting an
/// additional property, when `additional`.
fn name_members<M>(
    members: &mut [M],
    optional: impl Fn(&M) -> bool,
    rust_name: impl Fn(&M) -> &String,
    slot: impl Fn(&mut M) -> &mut Option<String>,
    taken: &[&str],
    additional: bool,
) -> Option<String> {
    let names: Vec<&str> = members
        .iter()
        .filter(|m| optional(m))
        .map(|m| rust_name(m).as_str())
        .collect();
    let named = setter_names(&names, taken, additional);
    let optional_members = members.iter_mut().filter(|m| optional(m));
    for (member, name) in optional_members.zip(named.fields) {
        *slot(member) = Some(name);
    }
    named.additional
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, StructDef, TypeKind};
    use crate::lower::tests::lower_spec;
    use serde_json::{json, Value};

    /// An API that sends `Contact` and receives `Receipt`.
    fn api(contact: Value) -> Api {
        lower_spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1.0.0"},
            "paths": {"/contacts": {"post": {
                "operationId": "createContact",
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Contact"},
                }}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Receipt"},
                }}}},
            }}},
            "components": {"schemas": {
                "Contact": contact,
                "Receipt": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string"},
                    "note": {"type": "string"},
                }, "additionalProperties": {"type": "string"}},
            }},
        }))
    }

    fn struct_named<'a>(api: &'a Api, name: &str) -> &'a StructDef {
        match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s,
            _ => panic!("{name} is not a struct"),
        }
    }

    #[test]
    fn optional_fields_get_setters_and_required_ones_none() {
        let api = api(
            json!({"type": "object", "required": ["email"], "properties": {
            "email": {"type": "string"},
            "firstName": {"type": "string"},
            "clone": {"type": "string"},
            "new": {"type": "string"},
        }, "additionalProperties": {"type": "string"}}),
        );
        let s = struct_named(&api, "Contact");
        let setters: Vec<Option<&str>> = s.fields.iter().map(|f| f.setter.as_deref()).collect();
        assert_eq!(
            setters,
            [
                None,
                Some("first_name"),
                Some("with_clone"),
                Some("with_new")
            ]
        );
        assert_eq!(
            s.additional.as_ref().map(|a| a.setter.as_str()),
            Some("property")
        );
    }

    #[test]
    fn a_type_only_received_gets_no_setters() {
        let api = api(json!({"type": "object", "properties": {"email": {"type": "string"}}}));
        let s = struct_named(&api, "Receipt");
        assert!(s.fields.iter().all(|f| f.setter.is_none()));
        assert_eq!(s.additional.as_ref().map(|a| a.setter.as_str()), Some(""));
    }
}
