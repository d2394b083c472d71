//! Parsing: spec text (YAML or JSON) into a JSON value, with parse errors
//! located by line, and keys given twice reported.

use super::located;
use crate::diag::{join, Diagnostic, Diagnostics};
use serde_json::Value;

/// Parses spec text into a JSON value. JSON is tried first when the text
/// looks like JSON; everything else is read as YAML. A key given twice in one
/// mapping is a warning, and the last one wins.
pub fn parse_text(text: &str, diags: &mut Diagnostics) -> Result<Value, Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let (value, duplicates) = if trimmed.starts_with('{') {
        super::lenient::json(trimmed)
            .map_err(|e| located("#".into(), Some(e.line()), format!("invalid JSON: {e}")))?
    } else {
        super::lenient::yaml(text).map_err(|e| {
            located(
                "#".into(),
                e.location().map(|l| l.line()),
                format!("invalid YAML: {e}"),
            )
        })?
    };
    for d in duplicates {
        diags.warning(
            join(&d.pointer, &[&d.key]),
            format!(
                "key `{}` is given more than once; the last one is used",
                d.key
            ),
        );
    }
    Ok(value)
}
