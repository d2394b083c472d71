//! Naming the by-name setters of every value a user builds: structs, forms
//! and the params structs of operations (see [`setter_names`]).

use crate::ir::{Operation, ParamLocation, TypeDef, TypeKind};
use crate::names::setter_names;

/// The inherent method of a form beside its constructor and setters.
const FORM_METHODS: &[&str] = &["into_form"];

/// Gives every optional field, form part and non-path parameter its setter,
/// and every map of additional properties its inserting method.
pub fn name_setters(types: &mut [TypeDef], operations: &mut [Operation]) {
    for def in types {
        match &mut def.kind {
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
    use crate::ir::TypeKind;
    use crate::lower::tests::lower_schemas;
    use serde_json::json;

    #[test]
    fn optional_fields_get_setters_and_required_ones_none() {
        let api = lower_schemas(json!({
            "Contact": {"type": "object", "required": ["email"], "properties": {
                "email": {"type": "string"},
                "firstName": {"type": "string"},
                "clone": {"type": "string"},
                "new": {"type": "string"},
            }, "additionalProperties": {"type": "string"}},
        }));
        let TypeKind::Struct(s) = &api.types[0].kind else {
            panic!("not a struct");
        };
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
}
