//! Documented response headers, gathered across every operation into one
//! typed struct: the same header (say a rate-limit counter) is usually
//! declared on many responses, and users read it the same way on each.

use crate::ir::{HeaderSet, Operation, ResponseHeader, TypeRef};
use crate::names::{snake_case, TypeNames, UniqueNames};

/// The header set, or `None` when the spec documents no response header.
/// The first declaration of a wire name decides its type; a later one that
/// disagrees makes it text.
pub fn gather(operations: &[Operation], type_names: &mut TypeNames) -> Option<HeaderSet> {
    let mut headers: Vec<ResponseHeader> = Vec::new();
    for header in operations
        .iter()
        .flat_map(|op| &op.responses)
        .flat_map(|r| &r.headers)
    {
        let ty = if is_scalar(&header.ty) {
            header.ty.clone()
        } else {
            TypeRef::String
        };
        match headers.iter_mut().find(|h| h.wire_name == header.wire_name) {
            Some(known) if known.ty != ty => known.ty = TypeRef::String,
            Some(known) => {
                if known.docs.is_none() {
                    known.docs = header.docs.clone();
                }
            }
            None => headers.push(ResponseHeader {
                ty,
                ..header.clone()
            }),
        }
    }
    if headers.is_empty() {
        return None;
    }
    let mut field_names = UniqueNames::new();
    for h in &mut headers {
        h.rust_name = field_names.claim(&snake_case(&h.wire_name));
    }
    Some(HeaderSet {
        type_name: type_names.claim_own("ResponseHeaders"),
        headers,
    })
}

/// A type read from header text with `FromStr`.
fn is_scalar(ty: &TypeRef) -> bool {
    ty.is_number() || matches!(ty, TypeRef::String | TypeRef::Bool)
}
