//! The front end: any supported version of the format in, one repaired
//! OpenAPI 3.0 model out. Each step is its own module, in pipeline order:
//!
//! 1. [`parse`]: YAML or JSON text into a JSON value (keys given twice reported);
//! 2. [`detect`]: which version the document is written in;
//! 3. upgrade: [`swagger2`] (2.0 → 3.0) or [`v31`] (3.1 → 3.0), in the JSON value;
//! 4. [`repair`]: strays from the 3.0 schema whose intent is clear, fixed and reported;
//! 5. [`model`]: the typed `openapiv3` model, skipping ([`misfit`]) what still does not fit;
//! 6. [`path_params`]: path template variables no parameter declares, declared.

pub mod detect;
pub mod lenient;
pub mod misfit;
pub mod model;
pub mod parse;
pub mod path_params;
pub mod repair;
pub mod swagger2;
pub mod v31;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use detect::Version;
use serde_json::Value;

/// A spec as both raw JSON (for `$ref` walking and locating) and the typed model.
#[derive(Debug)]
pub struct Loaded {
    pub raw: Value,
    pub spec: openapiv3::OpenAPI,
    /// The version the document was written in, before any upgrade.
    pub version: Version,
}

pub(crate) fn located(pointer: String, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        pointer,
        line,
        message,
    }
}

/// Loads a document: parse, detect, upgrade, repair, typed model. The
/// warnings say what was converted, repaired or skipped on the way; their
/// pointers name places in the document as written.
pub fn load(text: &str) -> Result<(Loaded, Diagnostics), Diagnostic> {
    let mut diags = Diagnostics::default();
    let mut raw = parse::parse_text(text, &mut diags)?;
    let version = detect::version(&raw)?;
    match version {
        Version::Swagger2 => swagger2::upgrade(&mut raw, &mut diags),
        Version::OpenApi31 => v31::upgrade(&mut raw, &mut diags),
        Version::OpenApi30 => {}
    }
    repair::repair(&mut raw, &mut diags);
    let mut spec = repair::skip_broken(&mut raw, &mut diags)?;
    if path_params::declare(&mut raw, &mut diags) {
        spec = model::to_model(&raw)?;
    }
    Ok((Loaded { raw, spec, version }, diags))
}
