//! The file given to a generated upload flow (`x-upload-flow`): bytes, a
//! path or a stream of known length, whose type and size are worked out and
//! checked before anything is sent.

use super::progress::Progress;
use super::request::{Body, ByteChunks};
use super::sniff;
use super::validate::{media_type_matches, quoted, Check, Rules, Violation, Violations};
use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt};
use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A file to upload: where its bytes come from, optionally its type, and
/// optionally a callback told how much has been sent
/// ([`Upload::with_progress`]).
pub struct Upload {
    source: Source,
    content_type: Option<String>,
    progress: Option<Progress>,
}

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    Stream { chunks: ByteChunks, length: u64 },
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(b) => format!("{} bytes in memory", b.len()),
            Source::Path(p) => format!("file {}", p.display()),
            Source::Stream { length, .. } => format!("stream of {length} bytes"),
        };
        f.debug_struct("Upload")
            .field("source", &source)
            .field("content_type", &self.content_type)
            .field("progress", &self.progress)
            .finish()
    }
}

impl Upload {
    /// Bytes already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self::new(Source::Bytes(bytes.into()))
    }

    /// A file, streamed from disk when it is sent; only its first bytes are
    /// read beforehand, to tell its type.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        Self::new(Source::Path(path.into()))
    }

    /// A stream that yields exactly `length` bytes; a stream that yields
    /// more or fewer fails the upload instead of sending a wrong body.
    pub fn from_stream<S, B, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        let chunks = stream.map(|r| r.map(Into::into).map_err(Into::into));
        Self::new(Source::Stream {
            chunks: Box::pin(chunks),
            length,
        })
    }

    /// Sets the media type instead of detecting it.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reports progress while the bytes are sent to the upload URL:
    /// `progress` is called with `(bytes sent so far, Some(length))`, first
    /// `(0, Some(length))`, last `(length, Some(length))`. The steps before
    /// and after send no file bytes and report nothing. See [`Progress`].
    pub fn with_progress(mut self, progress: impl Into<Progress>) -> Self {
        self.progress = Some(progress.into());
        self
    }

    fn new(source: Source) -> Self {
        Self {
            source,
            content_type: None,
            progress: None,
        }
    }

    /// Works out the media type (the caller's, else the first bytes', else
    /// the file name's) and the length, and checks both against `rules`.
    /// Reads at most a file's first bytes or a stream's first chunk.
    pub async fn prepare(self, rules: &UploadRules<'_>) -> Result<PreparedUpload, UploadError> {
        let (mut body, length) = match self.source {
            Source::Bytes(bytes) => {
                let length = bytes.len() as u64;
                (Body::from_bytes(bytes), length)
            }
            Source::Path(path) => Body::from_file_sized(&path)
                .await
                .map_err(|source| UploadError::Io { path, source })?,
            Source::Stream { mut chunks, length } => {
                // Enough leading chunks to tell the type; they are sent first.
                let mut head = Vec::new();
                let mut head_len = 0;
                while head_len < sniff::SNIFF_LEN {
                    match chunks
                        .next()
                        .await
                        .transpose()
                        .map_err(UploadError::Stream)?
                    {
                        Some(chunk) => {
                            head_len += chunk.len();
                            head.push(chunk);
                        }
                        None => break,
                    }
                }
                let detected = sniff::from_magic(&head.concat());
                let chunks = stream::iter(head.into_iter().map(Ok)).chain(chunks);
                let checked = LengthChecked {
                    chunks: Box::pin(chunks),
                    expected: length,
                    seen: 0,
                    done: false,
                };
                let mut body = Body::from_stream(checked, Some(length));
                body.detected = detected;
                (body, length)
            }
        };
        let mut check = Check::default();
        let content_type = rules.content_type(self.content_type, body.detected, &mut check);
        check.rules(&length, rules.length_field, &rules.length_rules());
        check.finish().map_err(UploadError::Invalid)?;
        body.content_type = Some(content_type.clone());
        body.progress = self.progress;
        Ok(PreparedUpload {
            body,
            content_type,
            length,
        })
    }
}

/// What an upload flow accepts, taken from the spec.
#[derive(Debug, Clone, Copy)]
pub struct UploadRules<'a> {
    /// Accepted media types; empty means any.
    pub content_types: &'a [&'a str],
    /// Wire name of the field that declares the media type.
    pub content_type_field: &'a str,
    /// Wire name of the field that declares the length.
    pub length_field: &'a str,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
}

impl UploadRules<'_> {
    fn content_type(
        &self,
        given: Option<String>,
        detected: Option<&'static str>,
        check: &mut Check,
    ) -> String {
        let allowed = |t: &str| {
            self.content_types.is_empty()
                || self.content_types.iter().any(|a| media_type_matches(a, t))
        };
        let field = self.content_type_field;
        match (given, detected) {
            (Some(given), _) => {
                if !allowed(&given) {
                    check.fail(
                        field,
                        format!(
                            "must be one of {} (got `{given}`)",
                            quoted(self.content_types)
                        ),
                    );
                }
                given
            }
            (None, Some(detected)) => {
                if !allowed(detected) {
                    check.fail(
                        field,
                        format!(
                            "must be one of {} (the file looks like `{detected}`)",
                            quoted(self.content_types)
                        ),
                    );
                }
                detected.to_string()
            }
            (None, None) if self.content_types.is_empty() => "application/octet-stream".into(),
            (None, None) => {
                check.fail(
                    field,
                    format!(
                        "could not be told from the file's bytes or name; set it with `Upload::with_content_type` (one of {})",
                        quoted(self.content_types)
                    ),
                );
                String::new()
            }
        }
    }

    fn length_rules(&self) -> Rules {
        Rules {
            minimum: self.min_length.map(|v| v as f64),
            maximum: self.max_length.map(|v| v as f64),
            ..Rules::NONE
        }
    }
}

/// A checked upload: its media type, its length and its body.
#[derive(Debug)]
pub struct PreparedUpload {
    body: Body,
    /// The media type that will be declared and sent.
    pub content_type: String,
    /// The length in bytes that will be declared and sent.
    pub length: u64,
}

impl PreparedUpload {
    /// The length as the integer type of the request field `field`.
    pub fn length_as<T: TryFrom<u64>>(&self, field: &str) -> Result<T, UploadError> {
        T::try_from(self.length).map_err(|_| {
            UploadError::Invalid(Violations(vec![Violation {
                field: field.to_string(),
                rule: format!("cannot hold the length {} of this file", self.length),
            }]))
        })
    }

    /// The bytes, with the Content-Type set.
    pub fn into_body(self) -> Body {
        self.body
    }
}

/// Why an upload did not start. Nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum UploadError {
    /// The file could not be opened or read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The stream failed while its first bytes were read.
    Stream(BoxError),
    /// The type or the size breaks the spec's rules; each violation names the
    /// request field and the rule.
    Invalid(Violations),
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::Io { path, source } => {
                write!(f, "could not read {}: {source}", path.display())
            }
            UploadError::Stream(e) => write!(f, "the upload stream failed: {e}"),
            UploadError::Invalid(v) => write!(f, "invalid upload: {v}"),
        }
    }
}

impl std::error::Error for UploadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UploadError::Io { source, .. } => Some(source),
            UploadError::Stream(e) => Some(e.as_ref()),
            UploadError::Invalid(v) => Some(v),
        }
    }
}

/// A stream that fails if it yields more or fewer bytes than declared.
struct LengthChecked {
    chunks: ByteChunks,
    expected: u64,
    seen: u64,
    done: bool,
}

impl Stream for LengthChecked {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let item = match self.chunks.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(item) => item,
        };
        let (expected, seen) = (self.expected, self.seen);
        let mismatch = |seen: u64| -> BoxError {
            format!("the upload stream yielded {seen} bytes, not the declared {expected}").into()
        };
        Poll::Ready(match item {
            Some(Ok(chunk)) => {
                let seen = seen + chunk.len() as u64;
                self.seen = seen;
                if seen > expected {
                    self.done = true;
                    Some(Err(mismatch(seen)))
                } else {
                    Some(Ok(chunk))
                }
            }
            Some(Err(e)) => {
                self.done = true;
                Some(Err(e))
            }
            None => {
                self.done = true;
                (seen != expected).then(|| Err(mismatch(seen)))
            }
        })
    }
}
