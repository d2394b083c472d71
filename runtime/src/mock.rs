//! Test doubles (feature `mock`): a [`Mock`] answers a client's calls in
//! process, by rules set per operation with the operation's own types. The
//! client does everything it does over HTTP (validation, credentials,
//! retries, pagination, multipart bodies, upload flows, timeouts) and hands
//! each attempt to the mock instead of a socket. Each request the mock
//! receives is decoded back into the operation's typed call and checked
//! against the spec, so a test cannot pass with a request the API would refuse.

use super::error::TransportError;
use super::validate::{media_type_matches, Check};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The base URL a mock client uses when the spec's server URL cannot serve
/// as one (a relative URL, say). Nothing is ever sent there.
pub const BASE_URL: &str = "https://mock.invalid";

/// Answers a client's calls in process: the rules behind the `mock::Mock`
/// of every generated crate, which wraps this type and adds a rule per
/// operation with the method named like the client's (for example
/// `mock.create_upload()`), and `mock.client()` (or `ClientBuilder::mock`)
/// for a client whose calls the mock answers. Clones share the rules and
/// the calls they saw.
#[derive(Clone, Default)]
pub struct Mock {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    rules: Vec<Slot>,
    unmatched: Vec<String>,
}

type Decode = Arc<dyn Fn(&Received) -> Result<Box<dyn Any + Send>, String> + Send + Sync>;
type Matcher = Box<dyn Fn(&dyn Any) -> bool + Send>;

/// One rule: the operation it answers, which calls it takes, its answers.
struct Slot {
    operation: &'static str,
    decode: Decode,
    describe: fn(&dyn Any) -> String,
    matcher: Option<Matcher>,
    answers: Vec<Answer>,
    calls: Vec<Box<dyn Any + Send>>,
}

/// A reply ready to give: a response or a failure, after an optional delay.
#[derive(Clone, Debug)]
struct Answer {
    delay: Option<Duration>,
    outcome: Outcome,
}

#[derive(Clone, Debug)]
enum Outcome {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Option<(Vec<u8>, String)>,
    },
    Fail {
        connect: bool,
        timeout: bool,
    },
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let rules: Vec<&str> = state.rules.iter().map(|r| r.operation).collect();
        f.debug_struct("Mock")
            .field("rules", &rules)
            .field("unmatched", &state.unmatched.len())
            .finish()
    }
}

impl Mock {
    /// A mock with no rules: every call fails until rules are added.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock left nothing half-done
        // that the other threads could trip on: rules and calls are pushed whole.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What was sent in each call that no rule answered, in order: the
    /// operation, then the request.
    pub fn unmatched(&self) -> Vec<String> {
        self.lock().unmatched.clone()
    }

    /// Adds a rule for one operation; used by the generated per-operation methods.
    #[doc(hidden)]
    pub fn rule<C, T, E>(
        &self,
        operation: &'static str,
        decode: fn(&Received) -> Result<C, String>,
        encode_ok: fn(&T) -> Encoded,
    ) -> Rule<C, T, E>
    where
        C: Clone + fmt::Debug + Send + 'static,
        E: ErrorReply,
    {
        let mut state = self.lock();
        state.rules.push(Slot {
            operation,
            decode: Arc::new(move |r| decode(r).map(|c| Box::new(c) as Box<dyn Any + Send>)),
            describe: |call| match call.downcast_ref::<C>() {
                Some(c) => format!("{c:#?}"),
                None => String::new(),
            },
            matcher: None,
            answers: Vec::new(),
            calls: Vec::new(),
        });
        Rule {
            mock: self.clone(),
            index: state.rules.len() - 1,
            operation,
            encode_ok,
            _types: PhantomData,
        }
    }

    /// Answers one attempt of `operation`: decodes and checks the request,
    /// finds the first rule of the operation that takes it, and gives that
    /// rule's next answer within `timeout`.
    pub(crate) async fn answer(
        &self,
        operation: &'static str,
        builder: reqwest::RequestBuilder,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, TransportError> {
        let request = builder.build()?;
        let received = Received::read(request).await?;
        let answer = self.choose(operation, &received);
        let answer = match answer {
            Ok(answer) => answer,
            Err(message) => return Err(TransportError::simulated(false, false, message)),
        };
        let respond = async {
            if let Some(delay) = answer.delay {
                tokio::time::sleep(delay).await;
            }
            answer.outcome
        };
        let outcome = match timeout {
            Some(limit) => match tokio::time::timeout(limit, respond).await {
                Ok(outcome) => outcome,
                Err(_) => Outcome::Fail {
                    connect: false,
                    timeout: true,
                },
            },
            None => respond.await,
        };
        match outcome {
            Outcome::Respond {
                status,
                headers,
                body,
            } => response(status, headers, body),
            Outcome::Fail { connect, timeout } => {
                let what = if timeout {
                    "the call timed out"
                } else {
                    "the connection failed"
                };
                Err(TransportError::simulated(
                    connect,
                    timeout,
                    format!("{what} (mock answer to `{operation}`)"),
                ))
            }
        }
    }

    fn choose(&self, operation: &'static str, received: &Received) -> Result<Answer, String> {
        let mut state = self.lock();
        let Some(first) = state.rules.iter().position(|r| r.operation == operation) else {
            let message = format!("no mock rule for `{operation}`; it was sent {received:?}");
            state.unmatched.push(message.clone());
            return Err(message);
        };
        let decode = state.rules[first].decode.clone();
        let call = match decode(received) {
            Ok(call) => call,
            Err(problem) => {
                let message = format!(
                    "the request to `{operation}` does not follow the spec: {problem}; it was sent {received:?}"
                );
                state.unmatched.push(message.clone());
                return Err(message);
            }
        };
        let chosen = state.rules.iter().position(|r| {
            r.operation == operation && r.matcher.as_ref().is_none_or(|m| m(call.as_ref()))
        });
        let Some(index) = chosen else {
            let describe = state.rules[first].describe;
            let message = format!(
                "no mock rule for `{operation}` takes this call: {}",
                describe(call.as_ref())
            );
            state.unmatched.push(message.clone());
            return Err(message);
        };
        let slot = &mut state.rules[index];
        let seen = slot.calls.len();
        slot.calls.push(call);
        match slot.answers.get(seen).or(slot.answers.last()) {
            Some(answer) => Ok(answer.clone()),
            None => Err(format!(
                "the mock rule for `{operation}` that took this call has no reply: add one with `.reply(...)`"
            )),
        }
    }
}

fn response(
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<(Vec<u8>, String)>,
) -> Result<reqwest::Response, TransportError> {
    let invalid = |what: String| TransportError::simulated(false, false, what);
    let mut builder = http::Response::builder().status(status);
    if let Some((_, content_type)) = &body {
        builder = builder.header("content-type", content_type.as_str());
    }
    for (name, value) in &headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = body.map(|(bytes, _)| bytes).unwrap_or_default();
    let response = builder
        .body(body)
        .map_err(|e| invalid(format!("the mock reply is not a valid response: {e}")))?;
    Ok(reqwest::Response::from(response))
}

/// The rules of one operation, typed by its call `C`, its success value `T`
/// and its error enum `E`. Each call the rule takes gets the next reply; the
/// last reply answers every call after it.
pub struct Rule<C, T, E> {
    mock: Mock,
    index: usize,
    operation: &'static str,
    encode_ok: fn(&T) -> Encoded,
    _types: PhantomData<fn() -> (C, E)>,
}

impl<C, T, E> fmt::Debug for Rule<C, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &self.operation)
            .field("index", &self.index)
            .finish()
    }
}

impl<C, T, E> Rule<C, T, E>
where
    C: Clone + fmt::Debug + Send + 'static,
    E: ErrorReply,
{
    /// Takes only the calls for which `matches` is true; other calls go to
    /// the operation's next rule. Without it, the rule takes every call.
    pub fn when(self, matches: impl Fn(&C) -> bool + Send + 'static) -> Self {
        self.mock.lock().rules[self.index].matcher = Some(Box::new(move |call| {
            call.downcast_ref::<C>().is_some_and(&matches)
        }));
        self
    }

    /// Adds a reply, given after the ones added before.
    ///
    /// # Panics
    ///
    /// When the reply cannot be written: an error variant whose status the
    /// spec leaves open (a range or `default`) without
    /// [`Reply::with_status`], or a success value that is not sent as JSON
    /// or text (give those with [`Reply::raw`]).
    pub fn reply(self, reply: Reply<T, E>) -> Self {
        let answer = match self.encode(reply) {
            Ok(answer) => answer,
            Err(problem) => panic!("mock rule for `{}`: {problem}", self.operation),
        };
        self.mock.lock().rules[self.index].answers.push(answer);
        self
    }

    /// Adds a success reply: `reply(Reply::ok(value))`.
    pub fn ok(self, value: T) -> Self {
        self.reply(Reply::ok(value))
    }

    /// Adds an error reply with the variant's status: `reply(Reply::error(error))`.
    pub fn error(self, error: E) -> Self {
        self.reply(Reply::error(error))
    }

    /// The calls this rule took so far, typed, in order.
    pub fn calls(&self) -> Vec<C> {
        self.mock.lock().rules[self.index]
            .calls
            .iter()
            .filter_map(|c| c.downcast_ref::<C>().cloned())
            .collect()
    }

    /// How many calls this rule took.
    pub fn times(&self) -> usize {
        self.mock.lock().rules[self.index].calls.len()
    }

    fn encode(&self, reply: Reply<T, E>) -> Result<Answer, String> {
        let (status, body) = match reply.kind {
            ReplyKind::Ok(value) => {
                let encoded = (self.encode_ok)(&value);
                (encoded.status, encoded.body?)
            }
            ReplyKind::Error(error) => {
                let encoded = error.encode();
                (encoded.status, encoded.body?)
            }
            ReplyKind::Raw(status, body, content_type) => {
                (Some(status), Some((body, content_type)))
            }
            ReplyKind::Fail { connect, timeout } => {
                return Ok(Answer {
                    delay: reply.delay,
                    outcome: Outcome::Fail { connect, timeout },
                });
            }
        };
        let status = reply.status.or(status).ok_or(
            "the spec gives this reply no single status: set one with `Reply::with_status`",
        )?;
        Ok(Answer {
            delay: reply.delay,
            outcome: Outcome::Respond {
                status,
                headers: reply.headers,
                body,
            },
        })
    }
}

/// One reply of a [`Rule`]: a typed success or error, a raw response or a
/// transport failure, with headers and a delay.
pub struct Reply<T, E> {
    kind: ReplyKind<T, E>,
    status: Option<u16>,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
}

enum ReplyKind<T, E> {
    Ok(T),
    Error(E),
    Raw(u16, Vec<u8>, String),
    Fail { connect: bool, timeout: bool },
}

impl<T, E> Reply<T, E> {
    fn of(kind: ReplyKind<T, E>) -> Self {
        Self {
            kind,
            status: None,
            headers: Vec::new(),
            delay: None,
        }
    }

    /// The operation's success value, with its documented status.
    pub fn ok(value: T) -> Self {
        Self::of(ReplyKind::Ok(value))
    }

    /// A documented error: the variant's status and body.
    pub fn error(error: E) -> Self {
        Self::of(ReplyKind::Error(error))
    }

    /// Any status and body, as bytes, sent as `application/octet-stream`
    /// unless [`Reply::content_type`] says otherwise.
    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::of(ReplyKind::Raw(
            status,
            body.into(),
            "application/octet-stream".into(),
        ))
    }

    /// Any status with a JSON body.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::of(ReplyKind::Raw(
            status,
            body.to_string().into_bytes(),
            "application/json".into(),
        ))
    }

    /// The connection fails: the server never saw the request.
    pub fn connect_error() -> Self {
        Self::of(ReplyKind::Fail {
            connect: true,
            timeout: false,
        })
    }

    /// The call times out.
    pub fn timeout() -> Self {
        Self::of(ReplyKind::Fail {
            connect: false,
            timeout: true,
        })
    }

    /// Replies with `status` instead of the documented one: for an error
    /// variant of a status range or `default`, or another success status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Adds a response header (`Retry-After`, say).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the Content-Type of a raw body.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        if let ReplyKind::Raw(_, _, slot) = &mut self.kind {
            *slot = content_type.into();
        }
        self
    }

    /// Replies only after `delay`: the client's timeout applies. Under
    /// tokio's paused clock (`#[tokio::test(start_paused = true)]`) no real
    /// time passes.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

/// A value written as a response: its status when it has a fixed one, and
/// its body and Content-Type, or why it cannot be written.
#[doc(hidden)]
pub struct Encoded {
    pub status: Option<u16>,
    pub body: Result<Option<(Vec<u8>, String)>, String>,
}

impl Encoded {
    /// No body.
    pub fn empty(status: Option<u16>) -> Self {
        Self {
            status,
            body: Ok(None),
        }
    }

    /// A JSON body.
    pub fn json<V: serde::Serialize + ?Sized>(status: Option<u16>, value: &V) -> Self {
        Self {
            status,
            body: serde_json::to_vec(value)
                .map(|b| Some((b, "application/json".to_string())))
                .map_err(|e| format!("the value does not encode as JSON: {e}")),
        }
    }

    /// A text body.
    pub fn text(status: Option<u16>, value: &str) -> Self {
        Self {
            status,
            body: Ok(Some((value.as_bytes().to_vec(), "text/plain".to_string()))),
        }
    }

    /// A value that cannot be written: `Reply::raw` gives such bodies.
    pub fn unsupported(status: Option<u16>) -> Self {
        Self {
            status,
            body: Err("this body is not JSON or text: reply with `Reply::raw`".into()),
        }
    }
}

/// An operation's error enum written as a response; generated for each.
#[doc(hidden)]
pub trait ErrorReply {
    fn encode(&self) -> Encoded;
}

/// A request as the mock received it: method, URL, headers and body.
/// `Debug` hides the values of credential headers.
#[derive(Clone)]
pub struct Received {
    pub method: String,
    pub url: url::Url,
    headers: Vec<(String, String, bool)>,
    pub body: Bytes,
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v, secret)| (k.as_str(), if *secret { "<redacted>" } else { v.as_str() }))
            .collect();
        let mut s = f.debug_struct("Received");
        s.field("method", &self.method)
            .field("path", &self.url.path())
            .field("query", &self.url.query().unwrap_or(""))
            .field("headers", &headers);
        match std::str::from_utf8(&self.body) {
            Ok(text) if text.len() <= 2048 => s.field("body", &text),
            _ => s.field("body_bytes", &self.body.len()),
        };
        s.finish()
    }
}

impl Received {
    async fn read(mut request: reqwest::Request) -> Result<Self, TransportError> {
        use http_body::Body as _;
        use http_body_util::BodyExt;
        let (body, length) = match request.body_mut().take() {
            None => (Bytes::new(), None),
            Some(body) => {
                let length = body.size_hint().exact();
                let bytes = match body.as_bytes() {
                    Some(bytes) => Bytes::copy_from_slice(bytes),
                    // Streams (files, multipart forms) are read as a server would.
                    None => body.collect().await?.to_bytes(),
                };
                (bytes, Some(length))
            }
        };
        let mut headers: Vec<(String, String, bool)> = request
            .headers()
            .iter()
            .map(|(k, v)| {
                let secret = v.is_sensitive()
                    || matches!(
                        k.as_str(),
                        "authorization" | "cookie" | "proxy-authorization"
                    );
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    secret,
                )
            })
            .collect();
        // The framing HTTP/1.1 adds: a known length, else chunks.
        if !headers.iter().any(|(k, _, _)| k == "content-length") {
            match length {
                Some(Some(n)) => headers.push(("content-length".into(), n.to_string(), false)),
                Some(None) => headers.push(("transfer-encoding".into(), "chunked".into(), false)),
                None => {}
            }
        }
        Ok(Self {
            method: request.method().to_string(),
            url: request.url().clone(),
            headers,
            body,
        })
    }

    /// A header's value, by name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| v.as_str())
    }

    /// The values of a query parameter, in order.
    pub fn query(&self, name: &str) -> Vec<String> {
        self.url
            .query_pairs()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .collect()
    }

    /// The parts of a `multipart/form-data` body, in order; empty for any other body.
    pub fn parts(&self) -> Vec<Part> {
        let boundary = self
            .header("content-type")
            .filter(|t| t.starts_with("multipart/form-data"))
            .and_then(|t| t.split("boundary=").nth(1))
            .map(|b| b.trim_matches('"').to_string());
        match boundary {
            Some(b) => parse_parts(&self.body, &b),
            None => Vec::new(),
        }
    }

    /// The body decoded as JSON into `T`.
    #[doc(hidden)]
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.body)
            .map_err(|e| format!("the JSON body does not decode: {e}"))
    }

    /// The body decoded as `application/x-www-form-urlencoded` into `T`.
    #[doc(hidden)]
    pub fn form_urlencoded<T: DeserializeOwned>(&self) -> Result<T, String> {
        let mut object = serde_json::Map::new();
        for (k, v) in url::form_urlencoded::parse(&self.body) {
            object.insert(k.into_owned(), Value::String(v.into_owned()));
        }
        from_texts(Value::Object(object)).map_err(|e| format!("the form body does not decode: {e}"))
    }

    /// The path parameter at `segment` (0-based) of a path template of
    /// `segments` segments, decoded into `T`. The template is the end of the
    /// URL's path; the base URL's own path comes before it.
    #[doc(hidden)]
    pub fn path_param<T: DeserializeOwned>(
        &self,
        segment: usize,
        segments: usize,
        name: &str,
    ) -> Result<T, String> {
        let all: Vec<&str> = self
            .url
            .path_segments()
            .map(Iterator::collect)
            .unwrap_or_default();
        let raw = (all.len() + segment)
            .checked_sub(segments)
            .and_then(|i| all.get(i))
            .ok_or_else(|| format!("path parameter `{name}` is missing"))?;
        decode_text(&[percent_decode(raw)], name)
    }

    /// The whole URL, for an operation whose path parameter is an absolute
    /// URL (a presigned upload URL, say), decoded into `T`.
    #[doc(hidden)]
    pub fn absolute_url<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        decode_text(&[self.url.to_string()], name)
    }

    /// The query, header or cookie parameter `name` decoded into `T` (an
    /// `Option` when it may be left out).
    #[doc(hidden)]
    pub fn param<T: DeserializeOwned>(&self, location: &str, name: &str) -> Result<T, String> {
        let values: Vec<String> = match location {
            "query" => {
                let mut values = self.query(name);
                // `deepObject`: `name[key]=value` pairs make one object.
                let prefix = format!("{name}[");
                let mut object = serde_json::Map::new();
                for (k, v) in self.url.query_pairs() {
                    if let Some(key) = k.strip_prefix(&prefix).and_then(|k| k.strip_suffix(']')) {
                        object.insert(key.to_string(), Value::String(v.into_owned()));
                    }
                }
                if values.is_empty() && !object.is_empty() {
                    return from_texts(Value::Object(object))
                        .map_err(|e| format!("query parameter `{name}` does not decode: {e}"));
                }
                if values.len() == 1 && values[0].is_empty() {
                    values.clear();
                }
                values
            }
            "header" => self.header(name).map(str::to_string).into_iter().collect(),
            _ => self
                .header("cookie")
                .into_iter()
                .flat_map(|c| c.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .collect(),
        };
        decode_text(&values, name)
    }

    /// Fails with the violations when `check` found any.
    #[doc(hidden)]
    pub fn checked(&self, check: Check) -> Result<(), String> {
        check.finish().map_err(|v| v.to_string())
    }

    /// Fails unless the body's Content-Type is one of `allowed`.
    #[doc(hidden)]
    pub fn media_type(&self, allowed: &[&str]) -> Result<(), String> {
        let sent = self.header("content-type").unwrap_or("");
        if allowed.is_empty() || allowed.iter().any(|a| media_type_matches(a, sent)) {
            Ok(())
        } else {
            Err(format!(
                "the body's Content-Type `{sent}` is not one of {allowed:?}"
            ))
        }
    }

    /// Fails unless the multipart body has a part for each of `names`.
    #[doc(hidden)]
    pub fn required_parts(&self, names: &[&str]) -> Result<Vec<Part>, String> {
        let parts = self.parts();
        match names.iter().find(|n| !parts.iter().any(|p| p.name == **n)) {
            Some(missing) => Err(format!("the form has no part `{missing}`")),
            None => Ok(parts),
        }
    }
}

/// Decodes parameter texts into `T`: each text as a string, or as the JSON
/// scalar it spells (`42`, `true`); several texts, or one holding commas,
/// as an array.
fn decode_text<T: DeserializeOwned>(values: &[String], name: &str) -> Result<T, String> {
    let scalar = |s: &str| -> Vec<Value> {
        let mut out = vec![Value::String(s.to_string())];
        if let Ok(v @ (Value::Number(_) | Value::Bool(_))) = serde_json::from_str::<Value>(s) {
            out.insert(0, v);
        }
        out
    };
    let mut candidates: Vec<Value> = Vec::new();
    match values {
        [] => candidates.push(Value::Null),
        [one] => {
            candidates.extend(scalar(one));
            let items: Vec<&str> = one.split(',').collect();
            candidates.push(Value::Array(
                items.iter().map(|s| scalar(s).remove(0)).collect(),
            ));
            candidates.push(Value::Array(
                items.iter().map(|s| Value::String(s.to_string())).collect(),
            ));
        }
        many => {
            candidates.push(Value::Array(
                many.iter().map(|s| scalar(s).remove(0)).collect(),
            ));
            candidates.push(Value::Array(
                many.iter().map(|s| Value::String(s.clone())).collect(),
            ));
        }
    }
    let mut last = String::new();
    for candidate in candidates {
        match serde_json::from_value::<T>(candidate) {
            Ok(v) => return Ok(v),
            Err(e) => last = e.to_string(),
        }
    }
    Err(if values.is_empty() {
        format!("the required parameter `{name}` is missing")
    } else {
        format!("parameter `{name}` = {values:?} does not decode: {last}")
    })
}

/// An object of texts into `T`, each field a string or the scalar it spells.
fn from_texts<T: DeserializeOwned>(object: Value) -> Result<T, serde_json::Error> {
    match serde_json::from_value::<T>(object.clone()) {
        Ok(v) => Ok(v),
        Err(first) => {
            let Value::Object(map) = object else {
                return Err(first);
            };
            let typed = map
                .into_iter()
                .map(|(k, v)| {
                    let v = match &v {
                        Value::String(s) => serde_json::from_str::<Value>(s)
                            .ok()
                            .filter(|p| p.is_number() || p.is_boolean())
                            .unwrap_or(v),
                        _ => v,
                    };
                    (k, v)
                })
                .collect();
            serde_json::from_value::<T>(Value::Object(typed)).map_err(|_| first)
        }
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("v={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// One part of a `multipart/form-data` body as it was sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field's name.
    pub name: String,
    /// The file name, for a file part.
    pub file_name: Option<String>,
    /// The part's own Content-Type, when it has one.
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

impl Part {
    /// The bytes as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Part");
        s.field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type);
        match (&self.file_name, std::str::from_utf8(&self.bytes)) {
            (None, Ok(text)) => s.field("text", &text),
            _ => s.field("bytes", &self.bytes.len()),
        };
        s.finish()
    }
}

/// Splits a multipart body on its boundary into parts.
fn parse_parts(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let rest_after_newline = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(end) = find(rest_after_newline, format!("\r\n{delimiter}").as_bytes()) else {
            break;
        };
        let chunk = &rest_after_newline[..end];
        rest = &rest_after_newline[end + 2..];
        let Some(split) = find(chunk, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&chunk[..split]);
        let bytes = Bytes::copy_from_slice(&chunk[split + 4..]);
        let mut name = String::new();
        let mut file_name = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            match key.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    name = quoted(value, "name").unwrap_or_default();
                    file_name = quoted(value, "filename");
                }
                "content-type" => content_type = Some(value.trim().to_string()),
                _ => {}
            }
        }
        parts.push(Part {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    parts
}

/// The quoted value of `key="..."` in a header value.
fn quoted(value: &str, key: &str) -> Option<String> {
    value.split(';').find_map(|item| {
        let (k, v) = item.trim().split_once('=')?;
        (k == key).then(|| v.trim_matches('"').to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
