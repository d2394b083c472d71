use super::retry::{is_retryable_status, retry_after};
use super::validate::Violations;
use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;
use std::time::{Duration, SystemTime};

/// What can go wrong when calling an operation. `E` is the operation's enum
/// of documented error responses.
///
/// The usual questions are one call each, whatever the variant:
/// [`status`](Self::status), [`is_retryable`](Self::is_retryable),
/// [`api_error`](Self::api_error) (the typed body of a documented status),
/// [`body`](Self::body) (the raw body), [`headers`](Self::headers),
/// [`header`](Self::header), [`retry_after`](Self::retry_after) and, where
/// the spec documents a request-id header, `request_id()`. A documented
/// `429`, matched by its typed body (names from the Loops client):
///
/// ```ignore
/// match client.create_upload(&request).await {
///     Ok(created) => println!("asset {}", created.email_asset_id),
///     Err(err) => match err.api_error() {
///         Some(CreateUploadError::TooManyRequests(limit)) => println!(
///             "{:?} uploads per {:?} h; retry in {:?}",
///             limit.max_uploads, limit.window_hours, err.retry_after()
///         ),
///         _ => return Err(err.into()),
///     },
/// }
/// ```
///
/// The enum is `#[non_exhaustive]`: a `match` on its variants needs a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request was not sent: an argument could not be encoded (a header
    /// value with line breaks, a path that is no URL, ...). The message says which.
    InvalidRequest(String),
    /// The request was not sent: arguments broke limits or enums of the spec.
    /// Each violation names the field (by wire name) and the rule.
    Validation(Violations),
    /// The request could not be sent or the response not received (connection,
    /// TLS, timeout). The URL is left out so no signed query string leaks.
    Transport(TransportError),
    /// The server answered with a status the spec documents as an error.
    Api(ApiError<E>),
    /// The server answered with a status the spec does not document.
    UnexpectedStatus(RawResponse),
    /// The body did not match the documented schema; the raw body is kept.
    Decode {
        response: RawResponse,
        source: serde_json::Error,
    },
    /// The response body was larger than the client's limit
    /// (`ClientBuilder::max_response_bytes`); it was not read to the end.
    ResponseTooLarge {
        status: StatusCode,
        headers: HeaderMap,
        limit: u64,
    },
}

/// A documented error response: its typed body, with status, headers and raw bytes.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// The body decoded by status, as the spec documents it.
    pub kind: E,
}

/// A response kept as received.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus(r) | Error::Decode { response: r, .. } => Some(r.status),
            Error::Transport(e) => e.status(),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::InvalidRequest(_) | Error::Validation(_) => None,
        }
    }

    /// Response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::UnexpectedStatus(r) | Error::Decode { response: r, .. } => Some(&r.headers),
            Error::ResponseTooLarge { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The raw response body, when a response was received.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::UnexpectedStatus(r) | Error::Decode { response: r, .. } => Some(&r.body),
            _ => None,
        }
    }

    /// The documented error, when the status was a documented one: the
    /// operation's error enum, one variant per documented status, holding
    /// the decoded body.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.kind),
            _ => None,
        }
    }

    /// A response header as text, when a response was received and the
    /// header is there and readable. The name is matched in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers()?.get(name)?.to_str().ok()
    }

    /// Whether sending the request again may succeed: the connection failed
    /// or timed out, or the status was `408`, `429` or `5xx`. These are the
    /// failures the client's [`RetryPolicy`](super::RetryPolicy) retries, so
    /// with retries on, this error is what was left when they ran out (or
    /// when resending was not harmless: a `POST` without an idempotency key,
    /// or a body that can be read once). A request that was refused before
    /// sending, or a body that did not decode after a success, is not.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => {
                e.is_connect() || e.is_timeout() || e.status().is_some_and(is_retryable_status)
            }
            Error::InvalidRequest(_) | Error::Validation(_) => false,
            _ => self.status().is_some_and(is_retryable_status),
        }
    }

    /// The wait the server asked for before trying again (`Retry-After`, in
    /// seconds or as an HTTP date), when it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(self.headers()?, SystemTime::now())
    }

    pub(crate) fn transport(e: impl Into<TransportError>) -> Self {
        Error::Transport(e.into())
    }
}

/// Why a request could not be sent or its response not received: the
/// connection failed or timed out. The URL is left out, so no signed query
/// string leaks into logs.
#[derive(Debug)]
pub struct TransportError(Failure);

#[derive(Debug)]
enum Failure {
    Http(reqwest::Error),
    /// A failure a test double made up (feature `mock`).
    #[cfg(feature = "mock")]
    Simulated {
        connect: bool,
        timeout: bool,
        message: String,
    },
}

impl TransportError {
    /// Whether the time allowed for the call ran out.
    pub fn is_timeout(&self) -> bool {
        match &self.0 {
            Failure::Http(e) => e.is_timeout(),
            #[cfg(feature = "mock")]
            Failure::Simulated { timeout, .. } => *timeout,
        }
    }

    /// Whether the connection could not be opened: the server never saw the request.
    pub fn is_connect(&self) -> bool {
        match &self.0 {
            Failure::Http(e) => e.is_connect(),
            #[cfg(feature = "mock")]
            Failure::Simulated { connect, .. } => *connect,
        }
    }

    /// The status, for the rare transport errors that come with one.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.0 {
            Failure::Http(e) => e.status(),
            #[cfg(feature = "mock")]
            Failure::Simulated { .. } => None,
        }
    }

    /// The `reqwest` error underneath, when the failure was a real one.
    pub fn as_reqwest(&self) -> Option<&reqwest::Error> {
        match &self.0 {
            Failure::Http(e) => Some(e),
            #[cfg(feature = "mock")]
            Failure::Simulated { .. } => None,
        }
    }

    /// A failure made up by a test double.
    #[cfg(feature = "mock")]
    pub(crate) fn simulated(connect: bool, timeout: bool, message: String) -> Self {
        Self(Failure::Simulated {
            connect,
            timeout,
            message,
        })
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(e: reqwest::Error) -> Self {
        Self(Failure::Http(e.without_url()))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Failure::Http(e) => e.fmt(f),
            #[cfg(feature = "mock")]
            Failure::Simulated { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            Failure::Http(e) => Some(e),
            #[cfg(feature = "mock")]
            Failure::Simulated { .. } => None,
        }
    }
}

/// What any [`Error`] tells of the call that failed, whatever its `E`: so an
/// error that wraps the calls of several operations (an upload flow's) can
/// answer for the one that failed. The methods are those of `Error`.
pub trait FailedCall {
    fn status(&self) -> Option<StatusCode>;
    fn headers(&self) -> Option<&HeaderMap>;
    fn body(&self) -> Option<&Bytes>;
    fn header(&self, name: &str) -> Option<&str>;
    fn is_retryable(&self) -> bool;
    fn retry_after(&self) -> Option<Duration>;
}

impl<E> FailedCall for Error<E> {
    fn status(&self) -> Option<StatusCode> {
        Error::status(self)
    }
    fn headers(&self) -> Option<&HeaderMap> {
        Error::headers(self)
    }
    fn body(&self) -> Option<&Bytes> {
        Error::body(self)
    }
    fn header(&self, name: &str) -> Option<&str> {
        Error::header(self, name)
    }
    fn is_retryable(&self) -> bool {
        Error::is_retryable(self)
    }
    fn retry_after(&self) -> Option<Duration> {
        Error::retry_after(self)
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Validation(v) => write!(f, "invalid request: {v}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Api(e) => write!(f, "API error {}: {:?}", e.status, e.kind),
            Error::UnexpectedStatus(r) => write!(f, "unexpected status {}", r.status),
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the {status} response body is larger than the limit of {limit} bytes"
            ),
            Error::Decode { response, source } => {
                write!(
                    f,
                    "could not decode the {} response body: {source}",
                    response.status
                )
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Validation(v) => Some(v),
            _ => None,
        }
    }
}

impl<E> From<Violations> for Error<E> {
    fn from(v: Violations) -> Self {
        Error::Validation(v)
    }
}

impl<E> From<BuildError> for Error<E> {
    fn from(e: BuildError) -> Self {
        Error::InvalidRequest(e.to_string())
    }
}

/// The client could not be built, or a request could not be assembled.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// An environment variable the client reads is not set (or not UTF-8).
    MissingEnv(&'static str),
    /// A value broke a rule; the message says which.
    Invalid(String),
    /// The HTTP client could not be created (for example, TLS setup failed).
    Http(reqwest::Error),
    /// Every operation sent to the base URL needs a credential and none was
    /// given; the message names the builder method to call and the
    /// environment variable `Client::from_env` reads.
    MissingCredential(&'static str),
    /// The base URL is not an absolute `http` or `https` URL; the message
    /// quotes it and says what is wrong.
    InvalidBaseUrl(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingEnv(var) => write!(
                f,
                "environment variable {var} is not set; set it to your API key (for example `export {var}=...`) or pass the key to the client builder"
            ),
            BuildError::Invalid(m) => f.write_str(m),
            BuildError::Http(e) => write!(f, "could not create the HTTP client: {e}"),
            BuildError::MissingCredential(m) => f.write_str(m),
            BuildError::InvalidBaseUrl(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            _ => None,
        }
    }
}
