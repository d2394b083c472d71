// The decoders return the crate's `Error`, which keeps the raw response so
// that nothing the server sent is lost; it is built once per request.
#![allow(clippy::result_large_err)]

use super::client::ResponseLimit;
use super::error::{ApiError, Error, RawResponse};
use bytes::Bytes;
use futures_util::stream::{Stream, TryStreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;

/// A successful response: the decoded value with its status and headers.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> ResponseValue<T> {
    pub fn new(inner: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            inner,
            status,
            headers,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded value, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// Changes the value, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            inner: f(self.inner),
            status: self.status,
            headers: self.headers,
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

/// Lets a streamed body be read in place (`events.next().await`) with its
/// status and headers kept beside it.
impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

/// A header's value parsed from its text; `None` when absent or unparsable.
pub fn header_value<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// A response body delivered as a stream of chunks, not read into memory.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl ByteStream {
    /// The next chunk, or `None` at the end.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, reqwest::Error>> {
        use futures_util::StreamExt;
        self.inner
            .next()
            .await
            .map(|r| r.map_err(reqwest::Error::without_url))
    }

    /// Reads the whole body into memory.
    pub async fn collect(mut self) -> Result<Bytes, reqwest::Error> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }

    /// The body as a `Stream`.
    pub fn into_stream(self) -> impl Stream<Item = reqwest::Result<Bytes>> + Send {
        self.inner.map_err(reqwest::Error::without_url)
    }
}

/// Why a response body could not be read; `?` turns it into an [`Error`].
pub enum ReadError {
    /// The connection failed; the error holds no URL.
    Transport(reqwest::Error),
    /// The body is longer than the client's limit.
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
        limit: u64,
    },
}

impl fmt::Debug for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            ReadError::TooLarge { status, limit, .. } => f
                .debug_struct("TooLarge")
                .field("status", status)
                .field("limit", limit)
                .finish_non_exhaustive(),
        }
    }
}

impl<E> From<ReadError> for Error<E> {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Transport(e) => Error::transport(e),
            ReadError::TooLarge {
                status,
                headers,
                limit,
            } => Error::ResponseTooLarge {
                status,
                headers,
                limit,
            },
        }
    }
}

/// Reads the whole body, up to the client's limit.
///
/// Operations read the body once here, then decode it with the plain
/// functions below: one `await` per operation keeps each method's future
/// small and the generated crate quick to compile.
pub async fn read(mut response: reqwest::Response) -> Result<RawResponse, ReadError> {
    let status = response.status();
    let headers = response.headers().clone();
    let limit = ResponseLimit::of(&response);
    let too_large = |headers: HeaderMap| ReadError::TooLarge {
        status,
        headers,
        limit,
    };
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(too_large(headers));
    }
    // A body that arrives in one chunk (most JSON answers) is kept as that
    // chunk; only a body in several chunks is copied into one buffer.
    let mut body = Collected::Empty;
    let transport = |e: reqwest::Error| ReadError::Transport(e.without_url());
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large(headers));
        }
        body = body.push(chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body: body.into_bytes(),
    })
}

/// The chunks of a body read so far.
enum Collected {
    Empty,
    One(Bytes),
    Many(Vec<u8>),
}

impl Collected {
    fn len(&self) -> usize {
        match self {
            Collected::Empty => 0,
            Collected::One(b) => b.len(),
            Collected::Many(v) => v.len(),
        }
    }

    fn push(self, chunk: Bytes) -> Self {
        match self {
            Collected::Empty => Collected::One(chunk),
            Collected::One(first) => {
                let mut all = Vec::with_capacity(first.len() + chunk.len());
                all.extend_from_slice(&first);
                all.extend_from_slice(&chunk);
                Collected::Many(all)
            }
            Collected::Many(mut all) => {
                all.extend_from_slice(&chunk);
                Collected::Many(all)
            }
        }
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Collected::Empty => Bytes::new(),
            Collected::One(b) => b,
            Collected::Many(v) => Bytes::from(v),
        }
    }
}

/// Decodes a documented JSON success body.
pub fn decode_json<T: DeserializeOwned, E>(raw: RawResponse) -> Result<ResponseValue<T>, Error<E>> {
    match serde_json::from_slice(&raw.body) {
        Ok(v) => Ok(ResponseValue::new(v, raw.status, raw.headers)),
        Err(source) => Err(Error::Decode {
            response: raw,
            source,
        }),
    }
}

/// A documented success without a body; any body sent was read and is dropped.
pub fn decode_empty<E>(raw: RawResponse) -> Result<ResponseValue<()>, Error<E>> {
    Ok(ResponseValue::new((), raw.status, raw.headers))
}

/// A documented text success body.
pub fn decode_text<E>(raw: RawResponse) -> Result<ResponseValue<String>, Error<E>> {
    Ok(ResponseValue::new(raw.text(), raw.status, raw.headers))
}

/// A documented binary success body, handed over as a stream before any of
/// it is read.
pub fn decode_stream<E>(
    response: reqwest::Response,
) -> Result<ResponseValue<ByteStream>, Error<E>> {
    let status = response.status();
    let headers = response.headers().clone();
    let stream = ByteStream {
        inner: Box::pin(response.bytes_stream()),
    };
    Ok(ResponseValue::new(stream, status, headers))
}

/// A documented error status with a JSON body, decoded into its variant.
pub fn error_json<T: DeserializeOwned, E>(
    raw: RawResponse,
    variant: impl FnOnce(T) -> E,
) -> Error<E> {
    // Some servers leave the documented body out; when every field of the
    // schema is optional, that reads as `{}`.
    let decoded = if raw.body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice(b"{}").or_else(|_| serde_json::from_slice(&raw.body))
    } else {
        serde_json::from_slice(&raw.body)
    };
    match decoded {
        Ok(v) => error_empty(raw, variant(v)),
        Err(source) => Error::Decode {
            response: raw,
            source,
        },
    }
}

/// A documented error status whose body is not decoded (none, or not JSON);
/// also how the decoding error functions build their result.
pub fn error_empty<E>(raw: RawResponse, kind: E) -> Error<E> {
    Error::Api(ApiError {
        status: raw.status,
        headers: raw.headers,
        body: raw.body,
        kind,
    })
}

/// A documented error status with a text body.
pub fn error_text<E>(raw: RawResponse, variant: impl FnOnce(String) -> E) -> Error<E> {
    let text = raw.text();
    error_empty(raw, variant(text))
}

/// A status the spec does not document for this operation.
pub fn unexpected<E>(raw: RawResponse) -> Error<E> {
    Error::UnexpectedStatus(raw)
}
