//! Lowering `components.securitySchemes` and `servers`.

use crate::diag::{join, Diagnostics};
use crate::ir::{SecurityKind, SecurityScheme, Server, ServerVariable};
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
