//! Lowering `components.securitySchemes` and `servers`.

use crate::diag::{join, Diagnostics};
use crate::ir::{Operation, SecurityKind, SecurityScheme, Server, ServerVariable};
use crate::names::{snake_case, UniqueNames};
use crate::resolve::Resolver;
use openapiv3::{APIKeyLocation, OpenAPI};

/// Every security scheme the client can hold a credential for.
pub fn lower_security_schemes(spec: &OpenAPI, diags: &mut Diagnostics) -> Vec<SecurityScheme> {
    let resolver = Resolver::new(spec);
    let mut setters = UniqueNames::with_reserved(&[
        "new",
        "build",
        "base_url",
        "timeout",
        "connect_timeout",
        "user_agent",
        "http_client",
        "server_variable",
        "default",
    ]);
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let pointer = join("#/components/securitySchemes", &[name]);
        let Some(scheme) = resolver.security_scheme(scheme) else {
            diags.warning(
                &pointer,
                "security scheme reference cannot be resolved; skipped",
            );
            continue;
        };
        use openapiv3::SecurityScheme as S;
        let (kind, description, extensions) = match scheme {
            S::APIKey {
                location,
                name: key,
                description,
                extensions,
            } => (
                match location {
                    APIKeyLocation::Header => SecurityKind::ApiKeyHeader(key.clone()),
                    APIKeyLocation::Query => SecurityKind::ApiKeyQuery(key.clone()),
                    APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie(key.clone()),
                },
                description,
                extensions,
            ),
            S::HTTP {
                scheme: http,
                description,
                extensions,
                ..
            } => match http.to_ascii_lowercase().as_str() {
                "bearer" => (SecurityKind::Bearer, description, extensions),
                "basic" => (SecurityKind::Basic, description, extensions),
                other => {
                    diags.warning(&pointer, format!("HTTP auth scheme `{other}` is not supported; the client cannot send it"));
                    continue;
                }
            },
            S::OAuth2 {
                description,
                extensions,
                ..
            }
            | S::OpenIDConnect {
                description,
                extensions,
                ..
            } => {
                // The client sends an access token the caller obtained as a bearer token.
                (SecurityKind::Bearer, description, extensions)
            }
        };
        let env_var = extensions
            .get("x-env-var")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        out.push(SecurityScheme {
            wire_name: name.clone(),
            setter: setters.claim(&snake_case(name)),
            kind,
            description: description.clone(),
            env_var,
        });
    }
    out
}

/// The credential sets a client must hold for any operation sent to its base
/// URL to be sendable: the security alternatives of those operations, without
/// repeats and without any set that holds a smaller one, smallest first.
/// Operations with an absolute URL of their own (`x-absolute-url`) go
/// elsewhere and do not count. Empty (nothing required) when there is no
/// such operation, or when one of them can be sent without credentials: its
/// security is empty, or offers an empty alternative (`{}`).
pub fn required_credentials(operations: &[Operation]) -> Vec<Vec<usize>> {
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut any = false;
    for op in operations.iter().filter(|o| o.absolute_url_param.is_none()) {
        any = true;
        if op.security.is_empty() || op.security.iter().any(Vec::is_empty) {
            return Vec::new();
        }
        for alternative in &op.security {
            let mut set = alternative.clone();
            set.sort_unstable();
            set.dedup();
            if !sets.contains(&set) {
                sets.push(set);
            }
        }
    }
    if !any {
        return Vec::new();
    }
    sets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let mut minimal: Vec<Vec<usize>> = Vec::new();
    for set in sets {
        if !minimal.iter().any(|m| m.iter().all(|i| set.contains(i))) {
            minimal.push(set);
        }
    }
    minimal
}

/// Servers with variables; a spec with none gets `/` (relative), which the
/// client asks the caller to replace.
pub fn lower_servers(spec: &OpenAPI) -> Vec<Server> {
    spec.servers
        .iter()
        .map(|s| Server {
            url: s.url.clone(),
            description: s.description.clone(),
            variables: s
                .variables
                .iter()
                .flatten()
                .map(|(name, v)| ServerVariable {
                    name: name.clone(),
                    default: v.default.clone(),
                    allowed: v.enumeration.clone(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::required_credentials;
    use crate::lower::tests::lower_spec;
    use serde_json::json;

    fn required(security: serde_json::Value, ops: serde_json::Value) -> Vec<Vec<usize>> {
        let mut spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1.0.0"},
            "paths": ops,
            "components": {"securitySchemes": {
                "a": {"type": "http", "scheme": "bearer"},
                "b": {"type": "apiKey", "in": "header", "name": "X-Key"},
            }},
        });
        if !security.is_null() {
            spec["security"] = security;
        }
        required_credentials(&lower_spec(spec).operations)
    }

    fn ok() -> serde_json::Value {
        json!({"204": {"description": "ok"}})
    }

    #[test]
    fn every_operation_needing_a_key_requires_it() {
        let got = required(
            json!([{"a": []}]),
            json!({"/x": {"get": {"responses": ok()}}, "/y": {"post": {"responses": ok()}}}),
        );
        assert_eq!(got, vec![vec![0]]);
    }

    #[test]
    fn an_anonymous_operation_makes_credentials_optional() {
        let got = required(
            json!([{"a": []}]),
            json!({"/x": {"get": {"responses": ok()}}, "/y": {"get": {"security": [], "responses": ok()}}}),
        );
        assert!(got.is_empty());
        let got = required(
            json!([{"a": []}, {}]),
            json!({"/x": {"get": {"responses": ok()}}}),
        );
        assert!(got.is_empty());
        let got = required(json!(null), json!({"/x": {"get": {"responses": ok()}}}));
        assert!(got.is_empty());
    }

    #[test]
    fn an_operation_with_its_own_url_does_not_count() {
        let got = required(
            json!([{"a": []}]),
            json!({
                "/x": {"get": {"responses": ok()}},
                "/{url}": {"put": {"security": [], "x-absolute-url": "url", "parameters": [
                    {"name": "url", "in": "path", "required": true, "schema": {"type": "string"}}
                ], "responses": ok()}},
            }),
        );
        assert_eq!(got, vec![vec![0]]);
    }

    #[test]
    fn alternatives_are_gathered_and_supersets_dropped() {
        let got = required(
            json!(null),
            json!({
                "/x": {"get": {"security": [{"a": [], "b": []}], "responses": ok()}},
                "/y": {"get": {"security": [{"b": []}], "responses": ok()}},
                "/z": {"get": {"security": [{"a": []}, {"b": []}], "responses": ok()}},
            }),
        );
        assert_eq!(got, vec![vec![0], vec![1]]);
        let got = required(
            json!(null),
            json!({"/x": {"get": {"security": [{"a": [], "b": []}], "responses": ok()}}}),
        );
        assert_eq!(got, vec![vec![0, 1]]);
    }
}
