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
    let request_id = request_id(operations);
    Some(HeaderSet {
        type_name: type_names.claim_own("ResponseHeaders"),
        headers,
        request_id,
    })
}

/// The documented header that carries the server's id for a request: one
/// whose name, without `-` and `_`, ends in `requestid` or `correlationid`
/// (`x-request-id`, `request-id`, `x-amzn-requestid`, `x-correlation-id`, …).
/// One that the client may have sent itself (a name with `client` in it) is
/// the last choice; among the rest, the one on the most responses, then the
/// first documented.
fn request_id(operations: &[Operation]) -> Option<String> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for header in operations
        .iter()
        .flat_map(|op| &op.responses)
        .flat_map(|r| &r.headers)
    {
        let name = &header.wire_name;
        if !is_request_id(name) {
            continue;
        }
        match seen.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += 1,
            None => seen.push((name.clone(), 1)),
        }
    }
    let rank = |(name, count): &(String, usize)| (!name.contains("client"), *count);
    let best = seen.iter().map(rank).max()?;
    seen.iter()
        .find(|entry| rank(entry) == best)
        .map(|(name, _)| name.clone())
}

/// Whether a header name (lower case) names a request id.
fn is_request_id(name: &str) -> bool {
    let bare: String = name.chars().filter(|c| !matches!(c, '-' | '_')).collect();
    bare.ends_with("requestid") || bare.ends_with("correlationid")
}

/// A type read from header text with `FromStr`.
fn is_scalar(ty: &TypeRef) -> bool {
    ty.is_number() || matches!(ty, TypeRef::String | TypeRef::Bool)
}

#[cfg(test)]
mod tests {
    use super::is_request_id;

    #[test]
    fn request_id_headers() {
        for yes in [
            "x-request-id",
            "request-id",
            "x-amzn-requestid",
            "x-amz-request-id",
            "x-ms-request-id",
            "x-correlation-id",
            "x_request_id",
        ] {
            assert!(is_request_id(yes), "{yes}");
        }
        for no in [
            "x-ratelimit-remaining",
            "retry-after",
            "x-trace",
            "x-request-ids-seen",
        ] {
            assert!(!is_request_id(no), "{no}");
        }
    }
}
