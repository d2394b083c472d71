//! Lowering: the validated spec becomes the plain-data IR. All naming
//! decisions are made here.

mod all_of;
mod features;
mod flows;
mod headers;
mod op_names;
mod operations;
mod pagination;
mod recursion;
mod required_sets;
mod same_enums;
mod schemas;
mod security;
mod setters;
mod shared;
mod type_gates;
mod unions;
mod usage;

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::names::TypeNames;
use openapiv3::OpenAPI;
use serde_json::Value;

/// Lowers a validated spec; `crate_name` has already been chosen.
/// `raw` is the document `spec` was read from, after upgrade and repair.
pub fn lower(spec: &OpenAPI, raw: &Value, crate_name: &str) -> (Api, Diagnostics) {
    let mut diags = Diagnostics::default();
    let security_schemes = security::lower_security_schemes(spec, &mut diags);
    let scheme_names: Vec<String> = security_schemes
        .iter()
        .map(|s| s.wire_name.clone())
        .collect();
    let op_names = op_names::OperationNames::claim(spec);
    let kept = op_names.type_names();
    let mut schemas = schemas::Schemas::new(spec, TypeNames::new(kept));
    schemas.lower_components();
    let (mut operations, upload_flows) =
        operations::lower_operations(spec, &mut schemas, &scheme_names, op_names);
    shared::share_error_enums(&mut operations);
    shared::share_params_structs(&mut operations);
    diags.extend(std::mem::take(&mut schemas.diags));
    let response_headers = headers::gather(&operations, &mut schemas.names);
    let mut types = std::mem::take(&mut schemas.types);
    let mut untyped = std::mem::take(&mut schemas.untyped);
    let usage = usage::Usage::of(raw);
    usage::drop_form_schemas(
        &mut types,
        &mut untyped,
        &schemas.form_bodies,
        &usage,
        &operations,
        &upload_flows,
    );
    let unused = usage::unused_pointers(&usage, &schemas.component_keys());
    usage::note_unused(&mut types, &unused);
    same_enums::share_enums(&mut types, &unused);
    recursion::break_cycles(&mut types, &mut diags, &mut untyped);
    setters::name_setters(&mut types, &mut operations);
    let mut seen = std::collections::BTreeSet::new();
    untyped.retain(|u| seen.insert(u.pointer.clone()));
    let required_credentials = security::required_credentials(&operations);
    let mut api = Api {
        crate_name: crate_name.to_string(),
        crate_version: crate_version(&spec.info),
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        api_version: spec.info.version.clone(),
        servers: security::lower_servers(spec),
        security_schemes,
        required_credentials,
        types,
        operations,
        upload_flows,
        response_headers,
        untyped,
        features: Vec::new(),
    };
    features::assign(&mut api, raw);
    (api, diags)
}

/// The crate's version: `info.x-rust-crate-version` when the spec sets one
/// (the API's version and the crate's can then move apart), else
/// `info.version`; either only when it is semver, which Cargo needs.
fn crate_version(info: &openapiv3::Info) -> String {
    match info
        .extensions
        .get("x-rust-crate-version")
        .and_then(serde_json::Value::as_str)
    {
        Some(v) => semver_or_default(v),
        None => semver_or_default(&info.version),
    }
}

/// `info.version` when it is plain semver, else `0.1.0`: Cargo rejects anything else.
fn semver_or_default(version: &str) -> String {
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        });
    let suffix_ok = version[core.len()..]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'));
    if numeric && suffix_ok {
        version.to_string()
    } else {
        "0.1.0".to_string()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::ir::Api;
    use crate::{to_ir, Settings};
    use serde_json::{json, Value};

    /// Lowers a spec with these component schemas and no operations.
    pub(crate) fn lower_schemas(schemas: Value) -> Api {
        lower_spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "Schemas", "version": "1.0.0"},
            "paths": {},
            "components": {"schemas": schemas},
        }))
    }

    /// Lowers a whole spec given as JSON.
    pub(crate) fn lower_spec(spec: Value) -> Api {
        let settings = Settings {
            crate_name: "schemas".into(),
            source: "test".into(),
            command: "test".into(),
            deny_warnings: false,
            runtime: "../../runtime".into(),
        };
        match to_ir(&spec.to_string(), &settings) {
            Ok((api, _)) => api,
            Err(failure) => panic!("{failure}"),
        }
    }

    #[test]
    fn semver_or_default() {
        for (v, want) in [
            ("1.0.0", "1.0.0"),
            ("2.1.3-beta.1", "2.1.3-beta.1"),
            ("v1", "0.1.0"),
            ("2024-01-01", "0.1.0"),
            ("1.0", "0.1.0"),
            ("01.2.3", "0.1.0"),
        ] {
            assert_eq!(super::semver_or_default(v), want, "{v}");
        }
    }
}
