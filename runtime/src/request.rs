use super::error::BuildError;
use super::multipart::FormBuilder;
use super::progress::{chunked, Progress, CHUNK_LEN};
use super::sniff;
use super::validate::{media_type_matches, Check};
use bytes::Bytes;
use futures_util::stream::{Stream, StreamExt};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::path::Path;
use std::pin::Pin;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// How a query parameter is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// Where a request goes.
#[derive(Debug, Clone)]
enum Target {
    /// Appended to the client's base URL.
    Path(String),
    /// A complete URL given at run time (for example a presigned upload URL).
    Absolute(String),
}

/// A request body before it is sent.
pub(crate) enum Payload {
    Json(Vec<u8>),
    FormUrlEncoded(String),
    Text(String, String),
    Bytes(Body, String),
    Multipart(reqwest::multipart::Form),
}

/// An operation's struct of query, header and cookie parameters: checked
/// against the spec's rules, then written into the request. Operations whose
/// parameters are the same share one struct, and so one implementation.
pub trait Params {
    /// Adds the rules the parameters break to `check`.
    fn check(&self, _check: &mut Check) {}

    /// Adds the parameters to `request`.
    fn write(&self, request: &mut Request) -> Result<(), BuildError>;
}

/// A request as plain data: built by generated code, sent by the client.
pub struct Request {
    pub(crate) operation: &'static str,
    /// The spec's path template, for logs (never the filled-in path or URL).
    pub(crate) template: &'static str,
    pub(crate) method: Method,
    /// Carries an idempotency key, so sending it again is harmless.
    pub(crate) has_idempotency_key: bool,
    target: Target,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) payload: Option<Payload>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = match &self.target {
            Target::Path(p) => p.as_str(),
            Target::Absolute(_) => "<absolute URL>",
        };
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("target", &target)
            .finish_non_exhaustive()
    }
}

/// Percent-encodes a path parameter so it stays one segment: `/`, `?`, `#`,
/// `%`, `..` and non-ASCII cannot change the path.
pub fn encode_path<T: Serialize + ?Sized>(value: &T) -> Result<String, BuildError> {
    let text = scalar_text(&to_value("path parameter", value)?)
        .ok_or_else(|| BuildError::Invalid("a path parameter must be a single value".into()))?;
    if text.is_empty() {
        return Err(BuildError::Invalid(
            "a path parameter must not be empty".into(),
        ));
    }
    // URL parsers treat `.` and `..` as dot segments even percent-encoded
    // (`%2E%2E`), so no encoding keeps them as one segment.
    if text == "." || text == ".." {
        return Err(BuildError::Invalid(format!(
            "a path parameter cannot be `{text}`"
        )));
    }
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' => out.push(b as char),
            b'.' => out.push('.'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(out)
}

fn to_value<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<Value, BuildError> {
    serde_json::to_value(value)
        .map_err(|e| BuildError::Invalid(format!("{what} could not be encoded: {e}")))
}

/// A scalar as text; `None` for arrays, objects and null.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Any value as the text of one header or form field: arrays joined by commas,
/// objects as JSON.
fn flat_text(v: &Value) -> String {
    match v {
        Value::Array(items) => items.iter().map(flat_text).collect::<Vec<_>>().join(","),
        Value::Object(_) => v.to_string(),
        other => scalar_text(other).unwrap_or_default(),
    }
}

impl Request {
    /// A request to `path` (filled in from the spec's `template`) under the
    /// client's base URL.
    pub fn new(
        operation: &'static str,
        template: &'static str,
        method: Method,
        path: String,
    ) -> Self {
        Self::with_target(operation, template, method, Target::Path(path))
    }

    /// A request to a complete URL given at run time. It must be `https` or
    /// `http`; credentials are only sent when the operation's security asks.
    pub fn absolute(
        operation: &'static str,
        template: &'static str,
        method: Method,
        url: &str,
    ) -> Result<Self, BuildError> {
        let parsed = reqwest::Url::parse(url).map_err(|_| {
            BuildError::Invalid(format!("`{operation}` needs an absolute http(s) URL"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(BuildError::Invalid(format!(
                "`{operation}` needs an absolute http(s) URL"
            )));
        }
        Ok(Self::with_target(
            operation,
            template,
            method,
            Target::Absolute(url.to_string()),
        ))
    }

    fn with_target(
        operation: &'static str,
        template: &'static str,
        method: Method,
        target: Target,
    ) -> Self {
        Self {
            operation,
            template,
            method,
            has_idempotency_key: false,
            target,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            payload: None,
        }
    }

    /// The full URL: base URL + path (or the absolute URL), then the query.
    pub(crate) fn url(&self, base_url: &str) -> Result<reqwest::Url, BuildError> {
        let text = match &self.target {
            Target::Path(p) => format!("{}{}", base_url.trim_end_matches('/'), p),
            Target::Absolute(u) => u.clone(),
        };
        let mut url = reqwest::Url::parse(&text).map_err(|_| {
            BuildError::Invalid(format!(
                "the base URL `{base_url}` is not an absolute URL; set one with `ClientBuilder::base_url`"
            ))
        })?;
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &self.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// Adds a query parameter; `None`/null adds nothing.
    pub fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
        explode: bool,
    ) -> Result<(), BuildError> {
        let value = to_value(name, value)?;
        match (&value, style) {
            (Value::Null, _) => {}
            (Value::Array(items), _) => {
                let texts: Vec<String> = items.iter().map(flat_text).collect();
                let sep = match style {
                    QueryStyle::SpaceDelimited => " ",
                    QueryStyle::PipeDelimited => "|",
                    _ => ",",
                };
                if explode && style == QueryStyle::Form {
                    for t in texts {
                        self.query.push((name.to_string(), t));
                    }
                } else {
                    self.query.push((name.to_string(), texts.join(sep)));
                }
            }
            (Value::Object(map), QueryStyle::DeepObject) => {
                for (k, v) in map {
                    if !v.is_null() {
                        self.query.push((format!("{name}[{k}]"), flat_text(v)));
                    }
                }
            }
            (Value::Object(map), _) => {
                if explode {
                    for (k, v) in map {
                        if !v.is_null() {
                            self.query.push((k.clone(), flat_text(v)));
                        }
                    }
                } else {
                    let joined: Vec<String> = map
                        .iter()
                        .filter(|(_, v)| !v.is_null())
                        .flat_map(|(k, v)| [k.clone(), flat_text(v)])
                        .collect();
                    self.query.push((name.to_string(), joined.join(",")));
                }
            }
            (scalar, _) => self.query.push((name.to_string(), flat_text(scalar))),
        }
        Ok(())
    }

    /// Sets a header parameter; `None`/null sets nothing. A value with CR, LF
    /// or other control characters is rejected, so it cannot inject headers.
    pub fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), BuildError> {
        let value = to_value(name, value)?;
        if value.is_null() {
            return Ok(());
        }
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| BuildError::Invalid(format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::from_str(&flat_text(&value)).map_err(|_| {
            BuildError::Invalid(format!(
                "header `{name}` contains characters not allowed in a header value"
            ))
        })?;
        self.headers.insert(header, value);
        Ok(())
    }

    /// Sets the idempotency key header: the caller's key, or a new random one
    /// when `None`. The request is then safe to retry, with the same key.
    pub fn idempotency_key(
        &mut self,
        name: &'static str,
        key: Option<&str>,
    ) -> Result<(), BuildError> {
        match key {
            Some(key) => self.header(name, key)?,
            None => self.header(name, &super::retry::new_idempotency_key())?,
        }
        self.has_idempotency_key = true;
        Ok(())
    }

    /// Adds a cookie parameter; `None`/null adds nothing.
    pub fn cookie<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), BuildError> {
        let value = to_value(name, value)?;
        if value.is_null() {
            return Ok(());
        }
        let text = flat_text(&value);
        if text.chars().any(|c| c.is_control() || c == ';') {
            return Err(BuildError::Invalid(format!(
                "cookie `{name}` contains characters not allowed in a cookie"
            )));
        }
        self.cookies.push((name.to_string(), text));
        Ok(())
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), BuildError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| BuildError::Invalid(format!("request body could not be encoded: {e}")))?;
        self.payload = Some(Payload::Json(bytes));
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form_urlencoded<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), BuildError> {
        let value = to_value("request body", body)?;
        let Value::Object(map) = value else {
            return Err(BuildError::Invalid("a form body must be an object".into()));
        };
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &map {
            if let Value::Array(items) = v {
                for item in items {
                    out.append_pair(k, &flat_text(item));
                }
            } else if !v.is_null() {
                out.append_pair(k, &flat_text(v));
            }
        }
        self.payload = Some(Payload::FormUrlEncoded(out.finish()));
        Ok(())
    }

    /// A text body with the given content type.
    pub fn text(&mut self, body: &str, content_type: &str) {
        self.payload = Some(Payload::Text(body.to_string(), content_type.to_string()));
    }

    /// A raw body. Its own content type wins, then the spec's when it lists
    /// exactly one concrete type, then `application/octet-stream`.
    pub fn bytes(&mut self, body: Body, spec_content_types: &[&str]) {
        let concrete: Vec<&str> = spec_content_types
            .iter()
            .copied()
            .filter(|t| !t.contains('*'))
            .collect();
        let detected = body.detected.filter(|d| {
            spec_content_types.is_empty()
                || spec_content_types.iter().any(|t| media_type_matches(t, d))
        });
        let content_type = body
            .content_type
            .clone()
            .or_else(|| match concrete.as_slice() {
                [only] => Some(only.to_string()),
                _ => None,
            })
            .or_else(|| detected.map(str::to_string))
            .unwrap_or_else(|| "application/octet-stream".to_string());
        self.payload = Some(Payload::Bytes(body, content_type));
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, form: FormBuilder) {
        self.payload = Some(Payload::Multipart(form.finish()));
    }
}

/// A raw request body: bytes in memory, a file, or a stream. Files and
/// streams are sent as they are read, never loaded whole into memory.
///
/// [`Body::with_progress`] adds a callback told how many bytes have been
/// sent, for a progress bar.
pub struct Body {
    pub(crate) inner: BodyInner,
    pub(crate) content_type: Option<String>,
    /// The type the first bytes or the file name suggest; used when neither
    /// the caller nor the spec settles one.
    pub(crate) detected: Option<&'static str>,
    /// Told how many bytes have been sent, as they are sent.
    pub(crate) progress: Option<Progress>,
}

/// The chunks of a streamed body, as they are read.
pub(crate) type ByteChunks =
    Pin<Box<dyn Stream<Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>>;

pub(crate) enum BodyInner {
    Bytes(Bytes),
    Stream {
        chunks: ByteChunks,
        length: Option<u64>,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body")
            .field("length", &self.len())
            .field("content_type", &self.content_type)
            .field("progress", &self.progress)
            .finish()
    }
}

impl Body {
    /// A body from bytes in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Self {
            detected: sniff::from_magic(&bytes),
            inner: BodyInner::Bytes(bytes),
            content_type: None,
            progress: None,
        }
    }

    /// A body read from a file as it is sent; its length comes from the file.
    /// Only the first bytes are read now, to tell the file's type.
    pub async fn from_file(path: impl AsRef<Path>) -> std::io::Result<Self> {
        Ok(Self::from_file_sized(path.as_ref()).await?.0)
    }

    /// [`Body::from_file`], with the file's length.
    pub(crate) async fn from_file_sized(path: &Path) -> std::io::Result<(Self, u64)> {
        let mut file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await?.len();
        let head = read_head(&mut file).await?;
        file.seek(std::io::SeekFrom::Start(0)).await?;
        let stream = tokio_util::io::ReaderStream::with_capacity(file, CHUNK_LEN);
        let body = Self {
            inner: BodyInner::Stream {
                chunks: Box::pin(stream.map(|r| r.map_err(Into::into))),
                length: Some(length),
            },
            content_type: None,
            detected: sniff::from_magic(&head).or_else(|| sniff::from_extension(path)),
            progress: None,
        };
        Ok((body, length))
    }

    /// A body from a stream of chunks; give the length when it is known
    /// (some servers, such as presigned storage URLs, require it).
    pub fn from_stream<S, B, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let stream = stream.map(|r| r.map(Into::into).map_err(Into::into));
        Self {
            inner: BodyInner::Stream {
                chunks: Box::pin(stream),
                length,
            },
            content_type: None,
            detected: None,
            progress: None,
        }
    }

    /// Sets the body's Content-Type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reports progress while the body is sent: `progress` is called with
    /// `(bytes sent so far, total if known)`, first `(0, total)`, then after
    /// each chunk the HTTP client takes, last with the whole length. The
    /// total is the body's [`len`](Body::len). See [`Progress`].
    ///
    /// ```ignore
    /// let body = Body::from_file("clip.mp4").await?.with_progress(|sent, total| {
    ///     eprint!("\r{sent} of {total:?} bytes");
    /// });
    /// ```
    pub fn with_progress(mut self, progress: impl Into<Progress>) -> Self {
        self.progress = Some(progress.into());
        self
    }

    /// The Content-Type set with [`Body::with_content_type`], if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The type told by the first bytes (or a file's name), if any.
    pub fn detected_content_type(&self) -> Option<&'static str> {
        self.detected
    }

    /// The length in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.inner {
            BodyInner::Bytes(b) => Some(b.len() as u64),
            BodyInner::Stream { length, .. } => *length,
        }
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The bytes, when the body is held in memory (with no progress
    /// callback) and so can be sent again on a retry.
    pub(crate) fn replayable(&self) -> Option<Bytes> {
        match (&self.inner, &self.progress) {
            (BodyInner::Bytes(b), None) => Some(b.clone()),
            _ => None,
        }
    }

    /// The body as reqwest sends it, with its length when known. Bytes stay
    /// one buffer unless a progress callback asks for them to be counted.
    pub(crate) fn into_reqwest(self) -> (reqwest::Body, Option<u64>) {
        let length = self.len();
        let chunks = match (self.inner, self.progress) {
            (BodyInner::Bytes(b), None) => return (reqwest::Body::from(b), length),
            (BodyInner::Bytes(b), Some(progress)) => progress.count(chunked(b), length),
            (BodyInner::Stream { chunks, .. }, None) => chunks,
            (BodyInner::Stream { chunks, .. }, Some(progress)) => progress.count(chunks, length),
        };
        (reqwest::Body::wrap_stream(chunks), length)
    }
}

impl From<Vec<u8>> for Body {
    fn from(v: Vec<u8>) -> Self {
        Self::from_bytes(v)
    }
}

impl From<Bytes> for Body {
    fn from(v: Bytes) -> Self {
        Self::from_bytes(v)
    }
}

impl From<&'static [u8]> for Body {
    fn from(v: &'static [u8]) -> Self {
        Self::from_bytes(Bytes::from_static(v))
    }
}

impl<const N: usize> From<&'static [u8; N]> for Body {
    fn from(v: &'static [u8; N]) -> Self {
        Self::from_bytes(Bytes::from_static(v))
    }
}

impl From<String> for Body {
    fn from(v: String) -> Self {
        Self::from_bytes(v)
    }
}

impl From<&'static str> for Body {
    fn from(v: &'static str) -> Self {
        Self::from_bytes(Bytes::from_static(v.as_bytes()))
    }
}

/// Up to [`sniff::SNIFF_LEN`] bytes from the start of a reader.
async fn read_head<R: tokio::io::AsyncRead + Unpin>(reader: &mut R) -> std::io::Result<Vec<u8>> {
    let mut head = vec![0; sniff::SNIFF_LEN];
    let mut filled = 0;
    while filled < head.len() {
        let n = reader.read(&mut head[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    head.truncate(filled);
    Ok(head)
}
