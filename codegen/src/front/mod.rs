//! The front end: any supported version of the format in, one repaired
//! OpenAPI 3.0 model out. Each step is its own module, in pipeline order:
//!
//! 1. [`parse`]: YAML or JSON text into a JSON value (keys given twice reported);
//! 2. [`detect`]: which version the document is written in;
//! 3. upgrade: [`swagger2`] (2.0 → 3.0) or [`v31`] (3.1 → 3.0), in the JSON value;
//! 4. [`refs`]: references to anywhere in the document made references to components;
//! 5. [`repair`]: strays from the 3.0 schema whose intent is clear, fixed and reported;
//! 6. [`model`]: the typed `openapiv3` model, skipping ([`misfit`]) what still does not fit;
//! 7. [`path_params`]: path template variables no parameter declares, declared.

pub mod detect;
pub mod lenient;
pub mod misfit;
pub mod model;
pub mod origins;
pub mod parse;
pub mod path_params;
pub mod refs;
pub mod repair;
pub mod swagger2;
pub mod v31;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use detect::Version;
use origins::Origins;
use serde_json::Value;

/// A spec as both raw JSON (for `$ref` walking and locating) and the typed model.
#[derive(Debug)]
pub struct Loaded {
    pub raw: Value,
    pub spec: openapiv3::OpenAPI,
    /// The version the document was written in, before any upgrade.
    pub version: Version,
    /// Where the parts an upgrade moved were written, to relocate diagnostics.
    pub origins: Origins,
}

/// The methods a 3.x path item holds operations under.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

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
/// pointers name places in the document as written (those of the repairs
/// relocated through the upgrade's [`Origins`]).
pub fn load(text: &str) -> Result<(Loaded, Diagnostics), Diagnostic> {
    let mut diags = Diagnostics::default();
    let mut raw = parse::parse_text(text, &mut diags)?;
    let version = detect::version(&raw)?;
    let mut origins = Origins::default();
    match version {
        Version::Swagger2 => origins = swagger2::upgrade(&mut raw, &mut diags),
        Version::OpenApi31 => v31::upgrade(&mut raw, &mut diags, &mut origins),
        Version::OpenApi30 => {}
    }
    refs::hoist(&mut raw, &mut diags, &mut origins);
    let mut repaired = Diagnostics::default();
    repair::repair(&mut raw, &mut repaired);
    let relocated = |mut d: Diagnostic| {
        origins.relocate_one(&mut d);
        d
    };
    let mut spec = repair::skip_broken(&mut raw, &mut repaired).map_err(relocated)?;
    if path_params::declare(&mut raw, &mut repaired) {
        spec = model::to_model(&raw).map_err(relocated)?;
    }
    origins.relocate(&mut repaired);
    diags.extend(repaired);
    let loaded = Loaded {
        raw,
        spec,
        version,
        origins,
    };
    Ok((loaded, diags))
}
