use super::error::{BuildError, Error, TransportError};
use super::request::{Payload, Request};
use super::retry::{is_idempotent, is_retryable_status, retry_after, RetryPolicy};
use bytes::Bytes;
use reqwest::header::{
    HeaderName, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE,
};
use std::fmt;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

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

/// Stands in for a value marked sensitive in the spec: `Debug` shows `<redacted>`.
pub struct Redacted;

impl fmt::Debug for Redacted {
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
    retry: RetryPolicy,
    max_response_bytes: u64,
    required: &'static [&'static [usize]],
    missing_credential: &'static str,
    #[cfg(feature = "mock")]
    mock: Option<super::mock::Mock>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.resolved_base_url())
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Response bodies larger than this are refused unless the builder says otherwise.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

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
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            required: &[],
            missing_credential: "",
            #[cfg(feature = "mock")]
            mock: None,
        }
    }

    /// Makes `build` fail with `message` unless the credentials of one of
    /// `alternatives` (sets of scheme indices) are all given: without them
    /// no operation sent to the base URL could succeed.
    pub fn require_credentials(
        mut self,
        alternatives: &'static [&'static [usize]],
        message: &'static str,
    ) -> Self {
        self.required = alternatives;
        self.missing_credential = message;
        self
    }

    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    pub fn set_max_response_bytes(&mut self, limit: u64) {
        self.max_response_bytes = limit;
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

    /// Answers every call from `mock`, in process, instead of over HTTP.
    #[cfg(feature = "mock")]
    pub fn set_mock(&mut self, mock: super::mock::Mock) {
        self.mock = Some(mock);
    }

    /// Uses the caller's `reqwest::Client`; its own timeouts then apply.
    pub fn set_http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    fn resolved_base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.clone(),
            None => self.default_base_url(),
        }
    }

    /// Why the base URL cannot be used, if it cannot: it must be an absolute
    /// `http` or `https` URL without a query or fragment, to which the
    /// operations' paths are appended.
    fn check_base_url(&self, url: &str) -> Result<(), BuildError> {
        let Err(problem) = base_url_problem(url) else {
            return Ok(());
        };
        let hint = if self.base_url.is_some() {
            let default = self.default_base_url();
            let example = match base_url_problem(&default) {
                Ok(()) => default.as_str(),
                Err(_) => "https://api.example.com",
            };
            format!("`ClientBuilder::base_url` takes one such as `{example}`")
        } else if self.server_variables.is_empty() {
            "it is the spec's server URL: give the API's full URL to `ClientBuilder::base_url`"
                .to_string()
        } else {
            format!(
                "it is the spec's server URL `{}` with its variables filled in: check the values given to `ClientBuilder::server_variable`, or give the API's full URL to `ClientBuilder::base_url`",
                self.server_template
            )
        };
        Err(BuildError::InvalidBaseUrl(format!(
            "the base URL `{url}` is not an absolute http(s) URL ({problem}); {hint}"
        )))
    }

    /// The spec's server URL with its variables at the values set.
    fn default_base_url(&self) -> String {
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
        #[cfg(feature = "mock")]
        let base_url = match (&self.mock, base_url_problem(&base_url)) {
            // A mock needs no real server, only a URL to resolve paths against.
            (Some(_), Err(_)) => super::mock::BASE_URL.to_string(),
            _ => base_url,
        };
        self.check_base_url(&base_url)?;
        let holds = |set: &&[usize]| {
            set.iter()
                .all(|i| self.credentials.get(*i).is_some_and(Option::is_some))
        };
        #[cfg(feature = "mock")]
        let holds = |set: &&[usize]| self.mock.is_some() || holds(set);
        if !self.required.is_empty() && !self.required.iter().any(holds) {
            return Err(BuildError::MissingCredential(self.missing_credential));
        }
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
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            #[cfg(feature = "mock")]
            timeout: self.timeout,
            #[cfg(feature = "mock")]
            mock: self.mock,
        })
    }
}

/// Settings of one call that override the client's (`Client::with_timeout`,
/// `Client::with_retry`).
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl CallOptions {
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }
}

/// A built client: the HTTP client, base URL, credentials and policies.
pub struct ClientCore {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<Option<Credential>>,
    retry: RetryPolicy,
    max_response_bytes: u64,
    /// The client's timeout, which a mock applies itself.
    #[cfg(feature = "mock")]
    timeout: Option<Duration>,
    #[cfg(feature = "mock")]
    mock: Option<super::mock::Mock>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// The largest response body a response may carry, kept with the response.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResponseLimit(pub(crate) u64);

impl ResponseLimit {
    /// The limit the client put on this response's body; none when it set none.
    pub(crate) fn of(response: &reqwest::Response) -> u64 {
        response
            .extensions()
            .get::<ResponseLimit>()
            .map_or(u64::MAX, |l| l.0)
    }
}

/// A request body ready to send: on every attempt when it is held in memory,
/// or once when it is a stream or a multipart form.
enum Outgoing {
    Empty,
    Replayable { bytes: Bytes, content_type: String },
    Stream(Option<(reqwest::Body, String, Option<u64>)>),
    Form(Option<reqwest::multipart::Form>),
}

impl Outgoing {
    fn new(payload: Option<Payload>) -> Self {
        match payload {
            None => Outgoing::Empty,
            Some(Payload::Json(bytes)) => Outgoing::Replayable {
                bytes: Bytes::from(bytes),
                content_type: "application/json".into(),
            },
            Some(Payload::FormUrlEncoded(text)) => Outgoing::Replayable {
                bytes: Bytes::from(text),
                content_type: "application/x-www-form-urlencoded".into(),
            },
            Some(Payload::Text(text, content_type)) => Outgoing::Replayable {
                bytes: Bytes::from(text),
                content_type,
            },
            Some(Payload::Bytes(body, content_type)) => match body.replayable() {
                Some(bytes) => Outgoing::Replayable {
                    bytes,
                    content_type,
                },
                None => {
                    let (body, length) = body.into_reqwest();
                    Outgoing::Stream(Some((body, content_type, length)))
                }
            },
            Some(Payload::Multipart(form)) => Outgoing::Form(Some(form)),
        }
    }

    /// Whether the body can be sent again after this attempt.
    fn replayable(&self) -> bool {
        matches!(self, Outgoing::Empty | Outgoing::Replayable { .. })
    }

    /// Attaches the body for one attempt; `None` when it was already sent.
    /// A POST, PUT or PATCH with no body says so with `Content-Length: 0`
    /// (RFC 9110 §8.6), which strict proxies ask for.
    fn attach(
        &mut self,
        method: &reqwest::Method,
        builder: reqwest::RequestBuilder,
    ) -> Option<reqwest::RequestBuilder> {
        Some(match self {
            Outgoing::Empty
                if [
                    reqwest::Method::POST,
                    reqwest::Method::PUT,
                    reqwest::Method::PATCH,
                ]
                .contains(method) =>
            {
                builder.header(CONTENT_LENGTH, 0)
            }
            Outgoing::Empty => builder,
            Outgoing::Replayable {
                bytes,
                content_type,
            } => builder
                .header(CONTENT_TYPE, content_type.as_str())
                .body(bytes.clone()),
            Outgoing::Stream(slot) => {
                let (body, content_type, length) = slot.take()?;
                let builder = builder.header(CONTENT_TYPE, content_type);
                let builder = match length {
                    Some(len) => builder.header(CONTENT_LENGTH, len),
                    None => builder,
                };
                builder.body(body)
            }
            Outgoing::Form(slot) => builder.multipart(slot.take()?),
        })
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

    /// Sends one attempt: over HTTP, or to the mock the client was built with.
    async fn transmit(
        &self,
        builder: reqwest::RequestBuilder,
        operation: &'static str,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, TransportError> {
        #[cfg(feature = "mock")]
        if let Some(mock) = &self.mock {
            return mock
                .answer(operation, builder, timeout.or(self.timeout))
                .await;
        }
        let _ = (operation, timeout);
        Ok(builder.send().await?)
    }

    /// Sends a request with the credentials its security asks for, retrying
    /// as the retry policy allows, inside a `tracing` span named `request`
    /// (operation, method, path template, attempt, status, duration; never
    /// the URL, its query or any header).
    pub async fn execute<E>(
        &self,
        mut request: Request,
        security: &[&[usize]],
        options: &CallOptions,
    ) -> Result<reqwest::Response, Error<E>> {
        let credentials = self.choose(security);
        let mut cookies = std::mem::take(&mut request.cookies);
        let mut headers = std::mem::take(&mut request.headers);
        let mut basic = None;
        for c in &credentials {
            match c {
                Credential::ApiKeyQuery { name, key } => request
                    .query
                    .push((name.to_string(), key.expose().to_string())),
                Credential::ApiKeyCookie { name, key } => {
                    cookies.push((name.to_string(), key.expose().to_string()))
                }
                Credential::Bearer(token) => {
                    headers.insert(
                        AUTHORIZATION,
                        sensitive(&format!("Bearer {}", token.expose()))?,
                    );
                }
                Credential::ApiKeyHeader { name, key } => {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        BuildError::Invalid(format!("`{name}` is not a valid header name"))
                    })?;
                    headers.insert(name, sensitive(key.expose())?);
                }
                Credential::Basic { username, password } => basic = Some((username, password)),
            }
        }
        if !cookies.is_empty() {
            let joined = cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            headers.insert(COOKIE, sensitive(&joined)?);
        }
        let url = request.url(&self.base_url)?;
        let mut body = Outgoing::new(request.payload.take());
        let policy = options.retry.as_ref().unwrap_or(&self.retry);
        let resend_is_harmless = is_idempotent(&request.method) || request.has_idempotency_key;
        let span = tracing::info_span!(
            "request",
            operation = request.operation,
            method = %request.method,
            path = request.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut retry = 0;
        loop {
            span.record("attempt", retry + 1);
            let mut builder = self
                .http
                .request(request.method.clone(), url.clone())
                .headers(headers.clone());
            if let Some((username, password)) = basic {
                builder = builder.basic_auth(username, Some(password.expose()));
            }
            if let Some(timeout) = options.timeout {
                builder = builder.timeout(timeout);
            }
            let Some(builder) = body.attach(&request.method, builder) else {
                return Err(Error::InvalidRequest(
                    "the request body was already sent and cannot be read again".into(),
                ));
            };
            let replayable = body.replayable();
            let result = self
                .transmit(builder, request.operation, options.timeout)
                .instrument(span.clone())
                .await;
            let elapsed = started.elapsed().as_millis() as u64;
            span.record("duration_ms", elapsed);
            let wait = match &result {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    if is_retryable_status(response.status()) && resend_is_harmless && replayable {
                        let asked = retry_after(response.headers(), SystemTime::now());
                        policy.delay(retry, asked)
                    } else {
                        None
                    }
                }
                // A connection that was never opened never reached the server.
                Err(e) if (e.is_connect() || resend_is_harmless) && replayable => {
                    policy.delay(retry, None)
                }
                Err(_) => None,
            };
            let Some(wait) = wait else {
                let mut response = result.map_err(Error::Transport)?;
                response
                    .extensions_mut()
                    .insert(ResponseLimit(self.max_response_bytes));
                return Ok(response);
            };
            match &result {
                Ok(response) => tracing::info!(
                    parent: &span,
                    status = response.status().as_u16(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying after an error status"
                ),
                Err(e) => tracing::info!(
                    parent: &span,
                    timeout = e.is_timeout(),
                    connect = e.is_connect(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying after a transport error"
                ),
            }
            drop(result);
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }
}

/// What keeps `url` from being a base URL: not parsable, relative, not
/// http(s), or carrying a query or fragment that paths cannot follow.
fn base_url_problem(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("its scheme is `{}`", parsed.scheme()));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("it has a query or fragment, which the operations' paths cannot follow".into());
    }
    Ok(())
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
