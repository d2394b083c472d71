//! Upload progress: a callback told how much of a body has been sent, and
//! the stream wrapper that counts the bytes as the HTTP client takes them.

use super::request::ByteChunks;
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A callback told how far an upload has got: `(bytes sent so far, total
/// bytes if known)`, for drawing a progress bar.
///
/// It is called as the HTTP client takes the body's bytes to write them to
/// the connection: once with `(0, total)` when it starts reading the body,
/// then after every chunk (up to 64 KiB). It runs on the task that
/// writes the request, so it should be cheap and must not block (store the
/// numbers, or redraw only when the percentage changes). The
/// counts never go down, and when the whole body has been taken the last
/// call has the total (bytes sent so far equals the length). The total is
/// `None` only for a stream whose length was not given. For a multipart file
/// part the count is the file's bytes, not the part headers around them.
///
/// A closure converts into one, so `with_progress(|sent, total| …)` works;
/// clones share the same callback.
#[derive(Clone)]
pub struct Progress(Arc<dyn Fn(u64, Option<u64>) + Send + Sync>);

impl Progress {
    /// A progress callback from a function of `(sent, total)`.
    pub fn new(report: impl Fn(u64, Option<u64>) + Send + Sync + 'static) -> Self {
        Self(Arc::new(report))
    }

    /// Calls the callback.
    pub fn report(&self, sent: u64, total: Option<u64>) {
        (self.0)(sent, total)
    }

    /// `chunks` reporting to this callback as they are taken; `total` is the
    /// body's length when known.
    pub(crate) fn count(self, chunks: ByteChunks, total: Option<u64>) -> ByteChunks {
        Box::pin(Counted {
            chunks,
            progress: self,
            sent: 0,
            total,
            started: false,
        })
    }
}

impl<F: Fn(u64, Option<u64>) + Send + Sync + 'static> From<F> for Progress {
    fn from(report: F) -> Self {
        Self::new(report)
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress(<callback>)")
    }
}

/// The size of the chunks a body is sent in: files are read this much at a
/// time and in-memory bodies are sliced to it. Large enough that a read costs
/// little per byte, small enough that an upload's memory stays flat.
pub(crate) const CHUNK_LEN: usize = 64 * 1024;

/// Bytes in memory as chunks of at most [`CHUNK_LEN`] bytes (cheap slices of
/// the same buffer), so a large in-memory body reports progress as it goes.
pub(crate) fn chunked(bytes: Bytes) -> ByteChunks {
    let mut rest = bytes;
    Box::pin(stream::iter(std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let n = rest.len().min(CHUNK_LEN);
        Some(Ok(rest.split_to(n)))
    })))
}

/// A stream that reports to a [`Progress`] as each chunk is taken.
struct Counted {
    chunks: ByteChunks,
    progress: Progress,
    sent: u64,
    total: Option<u64>,
    started: bool,
}

impl Stream for Counted {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if !self.started {
            self.started = true;
            self.progress.report(0, self.total);
        }
        let item = self.chunks.as_mut().poll_next(cx);
        let taken = match &item {
            Poll::Ready(Some(Ok(chunk))) => chunk.len() as u64,
            _ => 0,
        };
        if taken > 0 {
            self.sent += taken;
            self.progress.report(self.sent, self.total);
        }
        item
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chunks.size_hint()
    }
}
