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
                let optional: Vec<&str> = s
                    .fields
                    .iter()
                    .filter(|f| !f.required)
                    .map(|f| f.rust_name.as_str())
                    .collect();
                let names = setter_names(&optional, &[], s.additional.is_some());
                let optional = s.fields.iter_mut().filter(|f| !f.required);
                for (field, name) in optional.zip(names.fields) {
                    field.setter = Some(name);
                }
                if let (Some(a), Some(name)) = (&mut s.additional, names.additional) {
                    a.setter = name;
                }
            }
            TypeKind::Form(f) => {
                let optional: Vec<&str> = f
                    .fields
                    .iter()
                    .filter(|f| !f.required)
                    .map(|f| f.rust_name.as_str())
                    .collect();
                let names = setter_names(&optional, FORM_METHODS, false);
                let optional = f.fields.iter_mut().filter(|f| !f.required);
                for (field, name) in optional.zip(names.fields) {
                    field.setter = Some(name);
                }
            }
            TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => {}
        }
    }
    for op in operations {
        let settable = |p: &crate::ir::Param| !p.required && p.location != ParamLocation::Path;
        let optional: Vec<&str> = op
            .params
            .iter()
            .filter(|p| settable(p))
            .map(|p| p.rust_name.as_str())
            .collect();
        let names = setter_names(&optional, &[], false);
        let optional = op.params.iter_mut().filter(|p| settable(p));
        for (param, name) in optional.zip(names.fields) {
            param.setter = Some(name);
        }
    }
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
