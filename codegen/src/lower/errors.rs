//! Error enums shared between operations. Large specs give hundreds of
//! operations the same error responses (`4XX` and `5XX` with one error
//! schema, say); one enum serves them all, and each other operation names it
//! by an alias, which keeps every operation's own error type name while the
//! compiler checks one enum and its impls instead of hundreds.

use crate::ir::{Operation, Response};

/// Points each operation whose error responses match an earlier one's
/// (statuses, variant names, docs, bodies and headers) at that operation.
pub fn share_error_enums(operations: &mut [Operation]) {
    let mut owners: Vec<(Vec<Response>, String)> = Vec::new();
    for op in operations.iter_mut() {
        let errors: Vec<Response> = op
            .responses
            .iter()
            .filter(|r| !r.is_success)
            .cloned()
            .collect();
        match owners.iter().find(|(e, _)| *e == errors) {
            Some((_, owner)) => op.shares_errors_with = Some(owner.clone()),
            None => owners.push((errors, op.type_prefix.clone())),
        }
    }
}
