//! Types shared between operations. Large specs give hundreds of operations
//! the same error responses (`4XX` and `5XX` with one error schema, say) and
//! many the same query parameters (every list of a resource takes `limit`,
//! `page_token` and `sort_by`); one error enum, or one parameters struct,
//! serves them all, and each other operation names it by an alias. Every
//! operation keeps its own type names while the compiler checks one
//! definition and its impls instead of hundreds.

use crate::ir::{Constraints, Operation, Param, ParamLocation, Response, TypeRef};

/// Points each operation whose error responses match an earlier one's
/// (statuses, variant names, docs, bodies and headers) at that operation.
pub fn share_error_enums(operations: &mut [Operation]) {
    let owners = first_alike(operations.iter().map(|op| {
        let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success).collect();
        Some((errors, op.type_prefix.clone()))
    }));
    for (op, owner) in operations.iter_mut().zip(owners) {
        op.shares_errors_with = owner;
    }
}

/// Points each operation whose parameters struct would match an earlier
/// one's at that one's struct.
pub fn share_params_structs(operations: &mut [Operation]) {
    let owners = first_alike(operations.iter().map(|op| {
        let name = op.params_type.as_ref()?;
        Some((fields(op), name.clone()))
    }));
    for (op, owner) in operations.iter_mut().zip(owners) {
        op.shares_params_with = owner;
    }
}

/// For each item, in order: the name of the first earlier item whose key is
/// equal to its own, which owns the shared type; `None` for the first of
/// each key, and for an item without a key.
fn first_alike<K: PartialEq>(
    items: impl Iterator<Item = Option<(K, String)>>,
) -> Vec<Option<String>> {
    let mut owners: Vec<(K, String)> = Vec::new();
    items
        .map(|item| {
            let (key, name) = item?;
            match owners.iter().find(|(theirs, _)| *theirs == key) {
                Some((_, owner)) => Some(owner.clone()),
                None => {
                    owners.push((key, name));
                    None
                }
            }
        })
        .collect()
}

/// What makes two operations' parameter structs the same: each field's
/// names, place, type, docs, setter and rules (the struct's `Params` impl
/// checks them for every operation sharing it), in order.
type Field<'a> = (
    &'a str,
    &'a str,
    &'a ParamLocation,
    bool,
    &'a TypeRef,
    Option<&'a str>,
    bool,
    Option<&'a str>,
    &'a Constraints,
);

fn fields(op: &Operation) -> Vec<Field<'_>> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p: &Param| {
            (
                p.rust_name.as_str(),
                p.wire_name.as_str(),
                &p.location,
                p.required,
                &p.ty,
                p.docs.as_deref(),
                p.deprecated,
                p.setter.as_deref(),
                &p.constraints,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::lower::tests::lower_spec;
    use serde_json::{json, Value};

    fn list(id: &str, params: Value) -> Value {
        json!({"get": {
            "operationId": id,
            "parameters": params,
            "responses": {"200": {"description": "ok"}},
        }})
    }

    fn query(name: &str, ty: &str) -> Value {
        json!({"name": name, "in": "query", "schema": {"type": ty}})
    }

    #[test]
    fn operations_with_the_same_parameters_share_the_first_ones_struct() {
        let api = lower_spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1.0.0"},
            "paths": {
                "/disks": list("listDisks", json!([query("limit", "integer")])),
                "/images": list("listImages", json!([query("limit", "integer")])),
                // Another type, or a path parameter beside: not the same struct.
                "/users": list("listUsers", json!([query("limit", "string")])),
                "/disks/{id}/parts": list("listParts", json!([
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    query("limit", "integer"),
                ])),
                "/plain": list("plain", json!([])),
            },
        }));
        let got: Vec<(&str, Option<&str>, Option<&str>)> = api
            .operations
            .iter()
            .map(|op| {
                (
                    op.label(),
                    op.params_type.as_deref(),
                    op.shares_params_with.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("listDisks", Some("ListDisksParams"), None),
                (
                    "listImages",
                    Some("ListImagesParams"),
                    Some("ListDisksParams")
                ),
                ("listUsers", Some("ListUsersParams"), None),
                // Path parameters are arguments of their own, not struct fields.
                (
                    "listParts",
                    Some("ListPartsParams"),
                    Some("ListDisksParams")
                ),
                ("plain", None, None),
            ]
        );
    }
}
