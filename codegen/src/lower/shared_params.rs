//! Parameter structs shared between operations. Large specs give many
//! operations the same query parameters (every list of a resource takes
//! `limit`, `page_token` and `sort_by`, say); one struct serves them all, and
//! each other operation names it by an alias, which keeps every operation's
//! own `…Params` name while the compiler checks one struct, its impls, and
//! the two functions that check it and write it into a request.

use crate::ir::{Constraints, Operation, Param, ParamLocation, TypeRef};

/// What makes two operations' parameter structs the same: each field's
/// names, place, type, docs, setter and rules, in order (the functions that
/// check and write the struct serve every operation sharing it).
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

/// Points each operation whose parameters struct would match an earlier
/// one's at that one's struct.
pub fn share_params_structs(operations: &mut [Operation]) {
    let mut owners: Vec<(Vec<Field<'_>>, &str)> = Vec::new();
    let mut shares = Vec::with_capacity(operations.len());
    for op in operations.iter() {
        let Some(name) = &op.params_type else {
            shares.push(None);
            continue;
        };
        let mine = fields(op);
        match owners.iter().find(|(theirs, _)| *theirs == mine) {
            Some((_, owner)) => shares.push(Some(owner.to_string())),
            None => {
                owners.push((mine, name));
                shares.push(None);
            }
        }
    }
    drop(owners);
    for (op, owner) in operations.iter_mut().zip(shares) {
        op.shares_params_with = owner;
    }
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
