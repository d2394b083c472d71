use super::error::{BuildError, Error};
use super::request::{Payload, Request};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE};
use std::fmt;
use std::time::Duration;

/// A secret string (API key, token, password): never shown by `Debug` or `Display`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A credential for one security scheme of the spec.
#[derive(Clone, Debug)]
pub enum Credential {
    Bearer(Secret),
    Basic { username: String, password: Secret },
    ApiKeyHeader { name: &'static str, key: Secret },
    ApiKeyQuery { name: &'static str, key: Secret },
    ApiKeyCookie { name: &'static str, key: Secret },
}

impl Credential {
    /// Checks the credential can be sent in a header without injecting others.
    fn check(&self) -> Result<(), BuildError> {
        let values: Vec<&str> = match self {
            Credential::Bearer(s) => vec![s.expose()],
            Credential::Basic { username, password } => vec![username, password.expose()],
            Credential::ApiKeyHeader { key, .. }
            | Credential::ApiKeyQuery { key, .. }
            | Credential::ApiKeyCookie { key, .. } => {
                vec![key.expose()]
            }
        };
        if values.iter().any(|v| v.chars().any(|c| c.is_control())) {
            return Err(BuildError::Invalid(
                "a credential contains a control character (such as a newline); check how the key was read".into(),
            ));
        }
        if values.iter().any(|v| v.is_empty()) {
            return Err(BuildError::Invalid("a credential is empty".into()));
        }
        Ok(())
    }
}

/// Settings gathered by a generated `ClientBuilder`.
pub struct ClientConfig {
    server_template: &'static str,
    server_variables: Vec<(&'static str, String)>,
    base_url: Option<String>,
    credentials: Vec<Option<Credential>>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.resolved_base_url())
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

/// Requests time out after this long unless the builder says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Connecting times out after this long unless the builder says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl ClientConfig {
    /// A configuration for a spec with `schemes` security schemes whose
    /// default server is `server_template` with `{variables}` defaulted.
    pub fn new(
        server_template: &'static str,
        server_variables: &[(&'static str, &'static str)],
        schemes: usize,
        user_agent: &str,
    ) -> Self {
        Self {
            server_template,
            server_variables: server_variables
                .iter()
                .map(|(k, v)| (*k, v.to_string()))
                .collect(),
            base_url: None,
            credentials: vec![None; schemes],
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            user_agent: user_agent.to_string(),
            http: None,
        }
    }

    pub fn set_base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    /// Sets a server variable; unknown names are an error at build time.
    pub fn set_server_variable(&mut self, name: &str, value: String) -> Result<(), BuildError> {
        match self.server_variables.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => {
                slot.1 = value;
                Ok(())
            }
            None => Err(BuildError::Invalid(format!(
                "the server has no variable `{name}`"
            ))),
        }
    }

    pub fn set_credential(&mut self, index: usize, credential: Credential) {
        if let Some(slot) = self.credentials.get_mut(index) {
            *slot = Some(credential);
        }
    }

    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    pub fn set_connect_timeout(&mut self, timeout: Option<Duration>) {
        self.connect_timeout = timeout;
    }

    pub fn set_user_agent(&mut self, user_agent: String) {
        self.user_agent = user_agent;
    }

    /// Uses the caller's `reqwest::Client`; its own timeouts then apply.
    pub fn set_http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    fn resolved_base_url(&self) -> String {
        if let Some(url) = &self.base_url {
            return url.clone();
        }
        let mut url = self.server_template.to_string();
        for (name, value) in &self.server_variables {
            url = url.replace(&format!("{{{name}}}"), value);
        }
        url
    }

    /// Checks everything and creates the client core.
    pub fn build(self) -> Result<ClientCore, BuildError> {
        for c in self.credentials.iter().flatten() {
            c.check()?;
        }
        HeaderValue::from_str(&self.user_agent).map_err(|_| {
            BuildError::Invalid("the user agent contains characters not allowed in a header".into())
        })?;
        let base_url = self.resolved_base_url();
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder().user_agent(self.user_agent.clone());
                if let Some(t) = self.timeout {
                    builder = builder.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder.build().map_err(BuildError::Http)?
            }
        };
        Ok(ClientCore {
            http,
            base_url,
            credentials: self.credentials,
        })
    }
}

/// A built client: the HTTP client, base URL and credentials.
pub struct ClientCore {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<Option<Credential>>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The first alternative whose credentials are all configured.
    fn choose<'a>(&'a self, security: &[&[usize]]) -> Vec<&'a Credential> {
        for alternative in security {
            let creds: Option<Vec<&Credential>> = alternative
                .iter()
                .map(|i| self.credentials.get(*i).and_then(Option::as_ref))
                .collect();
            if let Some(creds) = creds {
                return creds;
            }
        }
        Vec::new()
    }

    /// Sends a request with the credentials its security asks for.
    pub async fn execute<E>(
        &self,
        mut request: Request,
        security: &[&[usize]],
    ) -> Result<reqwest::Response, Error<E>> {
        let credentials = self.choose(security);
        let mut cookies = std::mem::take(&mut request.cookies);
        for c in &credentials {
            match c {
                Credential::ApiKeyQuery { name, key } => request
                    .query
                    .push((name.to_string(), key.expose().to_string())),
                Credential::ApiKeyCookie { name, key } => {
                    cookies.push((name.to_string(), key.expose().to_string()))
                }
                _ => {}
            }
        }
        let url = request.url(&self.base_url)?;
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .headers(request.headers);
        for c in credentials {
            builder = match c {
                Credential::Bearer(token) => builder.header(
                    AUTHORIZATION,
                    sensitive(&format!("Bearer {}", token.expose()))?,
                ),
                Credential::Basic { username, password } => {
                    builder.basic_auth(username, Some(password.expose()))
                }
                Credential::ApiKeyHeader { name, key } => {
                    builder.header(*name, sensitive(key.expose())?)
                }
                Credential::ApiKeyQuery { .. } | Credential::ApiKeyCookie { .. } => builder,
            };
        }
        if !cookies.is_empty() {
            let joined = cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            builder = builder.header(COOKIE, sensitive(&joined)?);
        }
        builder = match request.payload {
            None => builder,
            Some(Payload::Json(bytes)) => {
                builder.header(CONTENT_TYPE, "application/json").body(bytes)
            }
            Some(Payload::FormUrlEncoded(text)) => builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(text),
            Some(Payload::Text(text, ct)) => builder.header(CONTENT_TYPE, ct).body(text),
            Some(Payload::Bytes(body, ct)) => {
                let (body, length) = body.into_reqwest();
                let builder = builder.header(CONTENT_TYPE, ct);
                let builder = match length {
                    Some(len) => builder.header(CONTENT_LENGTH, len),
                    None => builder,
                };
                builder.body(body)
            }
            Some(Payload::Multipart(form)) => builder.multipart(form),
        };
        builder.send().await.map_err(Error::transport)
    }
}

fn sensitive(value: &str) -> Result<HeaderValue, BuildError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| {
        BuildError::Invalid("a credential contains characters not allowed in a header".into())
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// Reads an environment variable holding a credential.
pub fn env_var(name: &'static str) -> Result<String, BuildError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
        _ => Err(BuildError::MissingEnv(name)),
    }
}
