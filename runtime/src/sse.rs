//! Server-Sent Events (`text/event-stream`): an incremental parser of the
//! event stream format as the WHATWG HTML standard defines it, and a stream
//! of typed events read from a response as it arrives.
#![allow(clippy::result_large_err)]

use super::client::ResponseLimit;
use super::error::{Error, RawResponse};
use super::response::ResponseValue;
use bytes::Bytes;
use futures_util::stream::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// One event of a stream: its `data`, decoded, and the stream's state when
/// it was dispatched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<T> {
    /// The `event` field: the event's type; `None` when not given or empty
    /// (a browser calls such an event `message`).
    pub event: Option<String>,
    /// The last event ID: set by an `id` field of this event or an earlier
    /// one (an empty `id` clears it). A client that reconnects sends it back
    /// in `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection time the server last asked for with a `retry` field.
    pub retry: Option<Duration>,
    /// The `data` lines joined with `\n`, decoded.
    pub data: T,
}

/// An event's fields grew past the client's response size limit
/// (`ClientBuilder::max_response_bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventTooLarge {
    pub limit: u64,
}

/// Turns the bytes of an event stream, fed in chunks split anywhere (inside
/// a `\r\n` pair or a UTF-8 character too), into events with raw text data.
///
/// Lines end in `\n`, `\r\n` or `\r`; a byte order mark at the start is
/// skipped; lines starting with `:` are comments; a line without a colon is
/// a field with an empty value; unknown fields are ignored; a blank line
/// dispatches the event, when it has data. What is left at the end of the
/// stream is an incomplete event and is dropped, as the standard says.
#[derive(Debug)]
pub struct EventParser {
    /// Bytes of the line not yet ended.
    line: Vec<u8>,
    /// The last chunk ended in `\r`: a `\n` starting the next one ends no line.
    after_cr: bool,
    /// The start of the stream was checked for a byte order mark.
    started: bool,
    data: String,
    event: String,
    id: String,
    retry: Option<Duration>,
    ready: VecDeque<Event<String>>,
    limit: u64,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl EventParser {
    /// A parser for a new stream whose events may each hold at most `limit`
    /// bytes of fields.
    pub fn new(limit: u64) -> Self {
        Self {
            line: Vec::new(),
            after_cr: false,
            started: false,
            data: String::new(),
            event: String::new(),
            id: String::new(),
            retry: None,
            ready: VecDeque::new(),
            limit,
        }
    }

    /// Reads the next chunk of the stream. Events it completes are kept
    /// for [`EventParser::next_event`].
    pub fn feed(&mut self, mut chunk: &[u8]) -> Result<(), EventTooLarge> {
        if self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            if chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
        }
        while let Some(end) = chunk.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            let mut rest = &chunk[end + 1..];
            if chunk[end] == b'\r' {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            chunk = rest;
            let line = std::mem::take(&mut self.line);
            self.line_ended(&line);
            self.check_size()?;
        }
        self.line.extend_from_slice(chunk);
        self.check_size()
    }

    /// The next event completed so far, oldest first.
    pub fn next_event(&mut self) -> Option<Event<String>> {
        self.ready.pop_front()
    }

    fn check_size(&self) -> Result<(), EventTooLarge> {
        let size = self.line.len() + self.data.len() + self.event.len() + self.id.len();
        if size as u64 > self.limit {
            return Err(EventTooLarge { limit: self.limit });
        }
        Ok(())
    }

    fn line_ended(&mut self, mut line: &[u8]) {
        if !self.started {
            self.started = true;
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line[0] == b':' {
            return;
        }
        let (name, value) = match line.iter().position(|b| *b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        let value = String::from_utf8_lossy(value);
        match name {
            b"event" => self.event = value.into_owned(),
            b"data" => {
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"id" if !value.contains('\0') => self.id = value.into_owned(),
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Digits past what fits are a time longer than anyone waits.
                let ms = value.parse().unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(ms));
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(Event {
            event: Some(event).filter(|e| !e.is_empty()),
            id: Some(self.id.clone()).filter(|id| !id.is_empty()),
            retry: self.retry,
            data,
        });
    }
}

/// Turns an event's raw data into its type; on failure, the raw data and why.
type Decode<T> = fn(String) -> Result<T, (String, serde_json::Error)>;

/// The events of a `text/event-stream` response, read as they arrive; `T`
/// is the type of each event's `data`.
///
/// Items are `Err` when the body could not be read (a timeout, a lost
/// connection) or an event grew past the client's response size limit, and
/// the stream ends after them; and when an event's data does not decode
/// (`Error::Decode` holding the raw data), after which the stream goes on.
/// The client's timeout covers the whole stream, as it covers reading any
/// body: use `Client::with_timeout` or `ClientBuilder::timeout` to let a
/// stream run longer. It is `Unpin`, so `StreamExt::next` works on it as is.
pub struct EventStream<T, E> {
    body: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    parser: EventParser,
    decode: Decode<T>,
    status: StatusCode,
    headers: HeaderMap,
    /// The body ended, or failed.
    done: bool,
    /// Why the body failed, reported after the events completed before it.
    failure: Option<Error<E>>,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

impl<T, E> EventStream<T, E> {
    fn new(response: reqwest::Response, decode: Decode<T>) -> ResponseValue<Self> {
        let status = response.status();
        let headers = response.headers().clone();
        let limit = ResponseLimit::of(&response);
        let stream = EventStream {
            body: Box::pin(response.bytes_stream()),
            parser: EventParser::new(limit),
            decode,
            status,
            headers: headers.clone(),
            done: false,
            failure: None,
        };
        ResponseValue::new(stream, status, headers)
    }

    fn decoded(&self, event: Event<String>) -> Result<Event<T>, Error<E>> {
        let Event {
            event,
            id,
            retry,
            data,
        } = event;
        match (self.decode)(data) {
            Ok(data) => Ok(Event {
                event,
                id,
                retry,
                data,
            }),
            Err((raw, source)) => Err(Error::Decode {
                response: RawResponse {
                    status: self.status,
                    headers: self.headers.clone(),
                    body: Bytes::from(raw),
                },
                source,
            }),
        }
    }
}

// No field is ever pinned in place (the body is boxed), so the stream can
// move whatever `E` is.
impl<T, E> Unpin for EventStream<T, E> {}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.parser.next_event() {
                return Poll::Ready(Some(this.decoded(event)));
            }
            if this.done {
                return Poll::Ready(this.failure.take().map(Err));
            }
            match this.body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => this.done = true,
                Poll::Ready(Some(Ok(chunk))) => {
                    // Events the chunk completed before the limit was passed
                    // come first, then the error.
                    if let Err(EventTooLarge { limit }) = this.parser.feed(&chunk) {
                        this.done = true;
                        this.failure = Some(Error::ResponseTooLarge {
                            status: this.status,
                            headers: this.headers.clone(),
                            limit,
                        });
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    this.failure = Some(Error::transport(e));
                }
            }
        }
    }
}

/// A documented event stream success whose events' data is JSON of type
/// `T`, handed over before any of the body is read.
pub fn decode_events<T: DeserializeOwned, E>(
    response: reqwest::Response,
) -> Result<ResponseValue<EventStream<T, E>>, Error<E>> {
    Ok(EventStream::new(response, |raw| {
        serde_json::from_str(&raw).map_err(|e| (raw, e))
    }))
}

/// A documented event stream success whose events' data is kept as text.
pub fn decode_event_text<E>(
    response: reqwest::Response,
) -> Result<ResponseValue<EventStream<String, E>>, Error<E>> {
    Ok(EventStream::new(response, Ok))
}
