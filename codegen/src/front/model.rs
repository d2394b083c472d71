//! The typed model: the repaired 3.0 document deserialised into `openapiv3`.

use super::located;
use crate::diag::Diagnostic;
use serde_json::Value;

/// Builds the typed model; a mismatch names the path where it happened.
pub fn to_model(raw: &Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw).map_err(|e| {
        let mut pointer = String::from("#");
        for seg in e.path().iter() {
            use serde_path_to_error::Segment as S;
            let text = match seg {
                S::Seq { index } => index.to_string(),
                S::Map { key } => key.clone(),
                S::Enum { variant } => variant.clone(),
                S::Unknown => continue,
            };
            pointer.push('/');
            pointer.push_str(&crate::diag::escape_segment(&text));
        }
        located(
            pointer,
            None,
            format!("does not match the OpenAPI 3.0 schema: {}", e.inner()),
        )
    })
}
