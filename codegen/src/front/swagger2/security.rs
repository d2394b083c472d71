//! Security: `securityDefinitions` as `components.securitySchemes`
//! (basic → http basic, apiKey, and each OAuth 2 flow).

use crate::diag::{join, Diagnostics};
use serde_json::{Map, Value};

/// `securityDefinitions` as `components.securitySchemes`; `pointer` is where
/// the definitions are in the 2.0 document.
pub fn schemes(
    defs: &Map<String, Value>,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, def) in defs {
        let at = join(pointer, &[name]);
        let Value::Object(def) = def else {
            diags.warning(at, "security definition is not a mapping; skipped");
            continue;
        };
        if let Some(scheme) = security_scheme(def, &at, diags) {
            out.insert(name.clone(), Value::Object(scheme));
        }
    }
    out
}

fn security_scheme(
    def: &Map<String, Value>,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    let kind = def.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "basic" => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        "apiKey" => {
            out.insert("type".into(), "apiKey".into());
            copy(def, &mut out, &["name", "in"]);
        }
        "oauth2" => {
            out.insert("type".into(), "oauth2".into());
            out.insert("flows".into(), flows(def, pointer, diags)?);
        }
        other => {
            diags.warning(
                join(pointer, &["type"]),
                format!("security type `{other}` is not basic, apiKey or oauth2; skipped"),
            );
            return None;
        }
    }
    copy(def, &mut out, &["description"]);
    for (k, v) in def {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    Some(out)
}

/// The one 3.0 OAuth flow of a 2.0 `flow`.
fn flows(def: &Map<String, Value>, pointer: &str, diags: &mut Diagnostics) -> Option<Value> {
    let flow = def.get("flow").and_then(Value::as_str).unwrap_or("");
    let (name, urls): (&str, &[&str]) = match flow {
        "implicit" => ("implicit", &["authorizationUrl"]),
        "password" => ("password", &["tokenUrl"]),
        "application" => ("clientCredentials", &["tokenUrl"]),
        "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
        other => {
            diags.warning(
                join(pointer, &["flow"]),
                format!("OAuth flow `{other}` is not implicit, password, application or accessCode; skipped"),
            );
            return None;
        }
    };
    let mut f = Map::new();
    copy(def, &mut f, urls);
    let scopes = def
        .get("scopes")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    f.insert("scopes".into(), scopes);
    let mut flows = Map::new();
    flows.insert(name.into(), Value::Object(f));
    Some(Value::Object(flows))
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(v) = from.get(*key) {
            to.insert((*key).into(), v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::front::swagger2::map;

    #[test]
    fn every_kind_of_security_definition_has_a_scheme() {
        let mut diags = Diagnostics::default();
        let defs = map(json!({
            "basic": {"type": "basic", "description": "user and password"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-env-var": "KEY"},
            "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a",
                "scopes": {"read": "read things"}},
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
            "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a",
                "tokenUrl": "https://t", "scopes": {}},
            "pw": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t"},
            "odd": {"type": "digest"}
        }));
        let s = schemes(&defs, "#/securityDefinitions", &mut diags);
        assert_eq!(
            Value::Object(s),
            json!({
                "basic": {"type": "http", "scheme": "basic", "description": "user and password"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-env-var": "KEY"},
                "implicit": {"type": "oauth2", "flows": {"implicit": {
                    "authorizationUrl": "https://a", "scopes": {"read": "read things"}}}},
                "app": {"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "https://t", "scopes": {}}}},
                "code": {"type": "oauth2", "flows": {"authorizationCode": {
                    "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}},
                "pw": {"type": "oauth2", "flows": {"password": {
                    "tokenUrl": "https://t", "scopes": {}}}}
            })
        );
        let d = diags.into_vec();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pointer, "#/securityDefinitions/odd/type");
    }
}
