//! Loading: spec text (YAML or JSON) into a JSON value and the typed
//! `openapiv3` model, with parse errors located by line and pointer.

use crate::diag::{join, Diagnostic, Diagnostics, Severity};
use serde_json::Value;

/// A spec as both raw JSON (for `$ref` walking and locating) and the typed model.
#[derive(Debug)]
pub struct Loaded {
    pub raw: Value,
    pub spec: openapiv3::OpenAPI,
}

fn located(pointer: String, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        pointer,
        line,
        message,
    }
}

/// Parses spec text into a JSON value. JSON is tried first when the text
/// looks like JSON; everything else is read as YAML. A key given twice in one
/// mapping is a warning, and the last one wins.
pub fn parse_text(text: &str, diags: &mut Diagnostics) -> Result<Value, Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let (value, duplicates) = if trimmed.starts_with('{') {
        crate::lenient::json(trimmed)
            .map_err(|e| located("#".into(), Some(e.line()), format!("invalid JSON: {e}")))?
    } else {
        crate::lenient::yaml(text).map_err(|e| {
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

/// Checks the document declares OpenAPI 3.0.x before the typed model is tried.
pub fn check_version(raw: &Value) -> Result<(), Diagnostic> {
    if raw.get("swagger").is_some() {
        return Err(located(
            "#/swagger".into(),
            None,
            "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3.0".into(),
        ));
    }
    match raw.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        Some(Value::String(v)) => Err(located(
            "#/openapi".into(),
            None,
            format!("OpenAPI version `{v}` is not supported; only 3.0.x documents are"),
        )),
        Some(_) => Err(located(
            "#/openapi".into(),
            None,
            "`openapi` must be a version string such as \"3.0.3\"".into(),
        )),
        None if raw.is_object() => Err(located(
            "#".into(),
            None,
            "missing `openapi` version field; this is not an OpenAPI 3.0 document".into(),
        )),
        None => Err(located(
            "#".into(),
            None,
            "the document is not a mapping; expected an OpenAPI 3.0 object".into(),
        )),
    }
}

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

/// Loads a document: parse, version check, repair, typed model. The
/// warnings say what was repaired or skipped on the way.
pub fn load(text: &str) -> Result<(Loaded, Diagnostics), Diagnostic> {
    let mut diags = Diagnostics::default();
    let mut raw = parse_text(text, &mut diags)?;
    check_version(&raw)?;
    crate::repair::repair(&mut raw, &mut diags);
    let spec = crate::repair::skip_broken(&mut raw, &mut diags)?;
    Ok((Loaded { raw, spec }, diags))
}
