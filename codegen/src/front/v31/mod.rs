//! OpenAPI 3.1 → 3.0: the document is rewritten into the OpenAPI 3.0.3 form
//! the typed model reads, keeping every type it gives. What has no 3.0 form
//! is kept in an `x-` extension, or dropped with a located warning when
//! dropping it changes what the document means. Every warning's pointer
//! names the place in the document as written: schemas are rewritten where
//! they stand before anything is moved.
//!
//! The steps, in order:
//!
//! 1. `walk`: every schema (under `schema`, `components/schemas`, in
//!    parameters, headers, media types, webhooks, callbacks and
//!    `components/pathItems`, and inside schemas) is rewritten by
//!    `schema` and `types` — JSON Schema 2020-12 keywords into their
//!    3.0 spelling (see there for each rule);
//! 2. `defs`: `$defs` are hoisted into `components/schemas` and every
//!    `$ref` is rewritten to match; percent-encoded fragments are decoded;
//! 3. `document`: the parts outside schemas — `components/pathItems`
//!    inlined where referenced, `webhooks` payloads made component schemas
//!    (the webhooks kept in `x-webhooks`; see `webhooks`), `info.summary`,
//!    `license.identifier`, `jsonSchemaDialect`, a missing `paths`.
//!
//! Decisions for what 3.1 adds and 3.0 lacks, beyond the rules of each step:
//! annotations with no effect on types (`$id`, `$schema`, `$anchor`,
//! `$dynamicAnchor`, `$comment`, `$vocabulary`, `contentSchema`) and
//! validations the generator never checks (`propertyNames`, `contains`,
//! `minContains`, `maxContains`, `unevaluatedItems`) are dropped quietly;
//! a boolean schema `true` is `{}` and `false` is `{not: {}}`; a `mutualTLS`
//! security scheme is left for the model to skip with a located warning
//! (3.0 has no such scheme, and a request carries no credential for it). A later
//! diagnostic about a moved part names the place it was written ([`Origins`]).

mod defs;
mod document;
mod schema;
pub(crate) mod types;
mod walk;
mod webhooks;

use crate::diag::Diagnostics;
use crate::front::origins::Origins;
use serde_json::Value;

/// Rewrites a 3.1 document in place into OpenAPI 3.0.3, recording in
/// `origins` each part it origins (hoisted `$defs`, webhook payloads, inlined
/// path items) so later diagnostics name the place written.
pub fn upgrade(raw: &mut Value, diags: &mut Diagnostics, origins: &mut Origins) {
    let Some(map) = raw.as_object_mut() else {
        return;
    };
    map.insert("openapi".into(), Value::String("3.0.3".into()));
    let hoisted = walk::schemas(raw, diags);
    defs::hoist(raw, hoisted, origins);
    document::upgrade(raw, diags, origins);
}

#[cfg(test)]
mod tests;
