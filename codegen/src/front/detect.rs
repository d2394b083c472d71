//! Detection: which version of the format a document is written in.

use super::located;
use crate::diag::Diagnostic;
use serde_json::Value;

/// The versions of the format the front end reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Swagger 2.0 (`swagger: "2.0"`).
    Swagger2,
    /// OpenAPI 3.0.x, the version the typed model reads.
    OpenApi30,
    /// OpenAPI 3.1.x (JSON Schema 2020-12 schemas).
    OpenApi31,
}

/// Reads the version field of a parsed document.
pub fn version(raw: &Value) -> Result<Version, Diagnostic> {
    if !raw.is_object() {
        return Err(located(
            "#".into(),
            None,
            "the document is not a mapping; expected an OpenAPI or Swagger object".into(),
        ));
    }
    if let Some(v) = raw.get("swagger") {
        return match v {
            Value::String(s) if s == "2.0" || s == "2" => Ok(Version::Swagger2),
            Value::Number(n) if n.as_f64() == Some(2.0) => Ok(Version::Swagger2),
            other => Err(located(
                "#/swagger".into(),
                None,
                format!(
                    "Swagger version `{}` is not supported; only 2.0 is",
                    plain(other)
                ),
            )),
        };
    }
    match raw.get("openapi") {
        Some(Value::String(v)) => match minor(v) {
            Some((3, 0)) => Ok(Version::OpenApi30),
            Some((3, 1)) => Ok(Version::OpenApi31),
            _ => Err(located(
                "#/openapi".into(),
                None,
                format!(
                    "OpenAPI version `{v}` is not supported; 2.0 (Swagger), 3.0.x and 3.1.x are"
                ),
            )),
        },
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if (3.0..3.05).contains(&f) => Ok(Version::OpenApi30),
            Some(f) if (3.1..3.15).contains(&f) => Ok(Version::OpenApi31),
            _ => Err(located(
                "#/openapi".into(),
                None,
                format!("OpenAPI version `{n}` is not supported; write it as a string such as \"3.1.0\""),
            )),
        },
        Some(_) => Err(located(
            "#/openapi".into(),
            None,
            "`openapi` must be a version string such as \"3.0.3\" or \"3.1.0\"".into(),
        )),
        None => Err(located(
            "#".into(),
            None,
            "missing `openapi` (or `swagger`) version field; this is not an OpenAPI document"
                .into(),
        )),
    }
}

/// `"3.1.2"` → `(3, 1)`; patch versions and suffixes are ignored.
fn minor(v: &str) -> Option<(u32, u32)> {
    let mut parts = v.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()
        .map(|m| {
            let digits: String = m.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .unwrap_or(Some(0))?;
    Some((major, minor))
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_supported_version() {
        assert_eq!(
            version(&json!({"swagger": "2.0"})).ok(),
            Some(Version::Swagger2)
        );
        assert_eq!(
            version(&json!({"openapi": "3.0.3"})).ok(),
            Some(Version::OpenApi30)
        );
        assert_eq!(
            version(&json!({"openapi": "3.0"})).ok(),
            Some(Version::OpenApi30)
        );
        assert_eq!(
            version(&json!({"openapi": "3.1.2"})).ok(),
            Some(Version::OpenApi31)
        );
        assert_eq!(
            version(&json!({"openapi": 3.1})).ok(),
            Some(Version::OpenApi31)
        );
    }

    #[test]
    fn refuses_others_with_a_pointer() {
        let e = version(&json!({"openapi": "4.0.0"})).unwrap_err();
        assert_eq!(e.pointer, "#/openapi");
        let e = version(&json!({"swagger": "1.2"})).unwrap_err();
        assert_eq!(e.pointer, "#/swagger");
        let e = version(&json!([1])).unwrap_err();
        assert_eq!(e.pointer, "#");
        let e = version(&json!({"info": {}})).unwrap_err();
        assert!(e.message.contains("missing `openapi`"));
    }
}
