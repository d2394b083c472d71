//! Server-Sent Events: the event stream parser of the generated runtime,
//! fed in every split, and the `sse` fixture's streaming methods over real
//! HTTP against a server on 127.0.0.1 that writes its body in pieces, each
//! only when the test asks for it.

use fixture_sse::operations::{GetExportResponse, StreamProgressError, TailLogsParams};
use fixture_sse::runtime::{Event, EventParser, EventTooLarge};
use fixture_sse::types::ProgressModel;
use fixture_sse::Error;
use futures_util::StreamExt;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

// ---------------------------------------------------------------- parser

/// Every event `parser` has completed so far.
fn drain(parser: &mut EventParser) -> Vec<Event<String>> {
    std::iter::from_fn(|| parser.next_event()).collect()
}

/// The events of `pieces` fed one after the other to a new parser.
fn parse(pieces: &[&[u8]]) -> Vec<Event<String>> {
    let mut parser = EventParser::new(u64::MAX);
    for piece in pieces {
        parser.feed(piece).expect("within the limit");
    }
    drain(&mut parser)
}

fn event(event: Option<&str>, id: Option<&str>, retry: Option<u64>, data: &str) -> Event<String> {
    Event {
        event: event.map(str::to_string),
        id: id.map(str::to_string),
        retry: retry.map(Duration::from_millis),
        data: data.to_string(),
    }
}

/// A stream using every line ending, a byte order mark, a comment, a field
/// without a colon, several `data` lines, a character of several bytes and
/// a last event left without its blank line.
const SAMPLE: &[u8] = b"\xEF\xBB\xBF: a comment\r\n\
event: update\r\n\
id: 1\r\n\
data: {\"step\":1}\r\n\
\r\n\
data: first\n\
data:  second\n\
data\n\
retry: 1500\n\
\n\
id: 2\r\
data: caf\xC3\xA9 \xE2\x9C\x93\r\
\r\
data: never ended\n";

fn sample_events() -> Vec<Event<String>> {
    vec![
        event(Some("update"), Some("1"), None, "{\"step\":1}"),
        event(None, Some("1"), Some(1500), "first\n second\n"),
        event(None, Some("2"), Some(1500), "café ✓"),
    ]
}

#[test]
fn parser_reads_the_sample_whole() {
    assert_eq!(parse(&[SAMPLE]), sample_events());
}

#[test]
fn parser_reads_the_sample_split_at_every_byte() {
    for at in 0..=SAMPLE.len() {
        let (a, b) = SAMPLE.split_at(at);
        assert_eq!(parse(&[a, b]), sample_events(), "split at byte {at}");
    }
    let bytes: Vec<&[u8]> = SAMPLE.chunks(1).collect();
    assert_eq!(parse(&bytes), sample_events(), "one byte at a time");
}

#[test]
fn parser_events_come_out_as_soon_as_their_blank_line_is_read() {
    let mut parser = EventParser::new(u64::MAX);
    parser.feed(b"data: a\r").expect("fits");
    assert!(drain(&mut parser).is_empty());
    // The `\r` ended the line; this one ends the event, and the `\n`
    // after it (the rest of a `\r\n`) starts nothing.
    parser.feed(b"\r").expect("fits");
    assert_eq!(drain(&mut parser), vec![event(None, None, None, "a")]);
    parser.feed(b"\ndata: b\n\n").expect("fits");
    assert_eq!(drain(&mut parser), vec![event(None, None, None, "b")]);
}

#[test]
fn parser_keeps_the_fields_the_standard_keeps() {
    let events = parse(&[b"event: ping\nid: 7\n\n\
data: no type\n\n\
id\ndata: id cleared\n\n\
id: a\0b\ndata: id with NUL ignored\n\n\
retry: 10s\ndata: retry not digits ignored\n\n\
data:\n\n\
unknown: field\ndata:x\n\n\
\xEF\xBB\xBFdata: a BOM past the start is part of the name\n\n"]);
    assert_eq!(
        events,
        vec![
            // `event: ping` had no data: nothing dispatched, its type dropped.
            event(None, Some("7"), None, "no type"),
            event(None, None, None, "id cleared"),
            event(None, None, None, "id with NUL ignored"),
            event(None, None, None, "retry not digits ignored"),
            event(None, None, None, ""),
            event(None, None, None, "x"),
        ]
    );
}

#[test]
fn parser_refuses_an_event_past_the_limit() {
    let mut parser = EventParser::new(16);
    parser.feed(b"data: 0123456789\n\n").expect("fits");
    assert_eq!(drain(&mut parser).len(), 1);
    assert_eq!(
        parser.feed(b"data: 0123456789\ndata: 0123456789\n"),
        Err(EventTooLarge { limit: 16 })
    );
    let mut parser = EventParser::new(16);
    assert_eq!(
        parser.feed(b"data: a line that never ends"),
        Err(EventTooLarge { limit: 16 })
    );
}

// ---------------------------------------------------------------- wire

/// A one-connection HTTP server: it answers with `head` at once, then
/// writes each piece the test sends, and closes the connection when the
/// test drops the sender. It hands back the request head it read.
struct Server {
    base_url: String,
    pieces: mpsc::UnboundedSender<Vec<u8>>,
    request: oneshot::Receiver<String>,
}

impl Server {
    async fn start(head: impl Into<String>) -> Server {
        let head = head.into();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let (pieces, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
        let (request_tx, request) = oneshot::channel();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut seen = Vec::new();
            let mut buf = [0u8; 1024];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.expect("read request");
                if n == 0 {
                    return;
                }
                seen.extend_from_slice(&buf[..n]);
            }
            let _ = request_tx.send(String::from_utf8_lossy(&seen).into_owned());
            socket.write_all(head.as_bytes()).await.expect("write head");
            socket.flush().await.expect("flush");
            while let Some(piece) = rx.recv().await {
                if socket.write_all(&piece).await.is_err() {
                    return;
                }
                let _ = socket.flush().await;
            }
        });
        Server {
            base_url: format!("http://{addr}"),
            pieces,
            request,
        }
    }

    fn send(&self, piece: &[u8]) {
        self.pieces.send(piece.to_vec()).expect("server running");
    }

    fn client(&self) -> fixture_sse::Client {
        fixture_sse::Client::builder()
            .base_url(self.base_url.clone())
            .build()
            .expect("client builds")
    }
}

/// A streamed answer: no length, the body ends when the connection closes.
const STREAM_HEAD: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";

#[tokio::test]
async fn typed_events_arrive_as_the_server_writes_them() {
    let server = Server::start(STREAM_HEAD).await;
    let client = server.client();
    let mut events = client
        .stream_progress("job-1")
        .await
        .expect("the stream starts");
    assert_eq!(events.status(), 200);

    // The first event whole, and the second cut inside its JSON and
    // between the `\r` and `\n` of a line end.
    server.send(b"event: step\r\nid: 1\r\nretry: 2500\r\ndata: {\"step\":1,\"done\":false}\r\n\r\ndata: {\"step\":2,");
    let first = events.next().await.expect("an event").expect("decodes");
    assert_eq!(first.event.as_deref(), Some("step"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.retry, Some(Duration::from_millis(2500)));
    assert_eq!(
        first.data,
        ProgressModel {
            step: 1,
            done: false,
            message: None
        }
    );
    server.send(b"\"done\":false,\"message\":\"half");
    server.send(" way ✓\"}\r".as_bytes());
    server.send(b"\n\r\n");
    let second = events.next().await.expect("an event").expect("decodes");
    assert_eq!(second.event, None);
    assert_eq!(second.id.as_deref(), Some("1"), "the last event ID is kept");
    assert_eq!(second.retry, Some(Duration::from_millis(2500)));
    assert_eq!(second.data.message.as_deref(), Some("half way ✓"));

    // Data that is not the schema's JSON is an error item with the raw
    // text, and the stream goes on.
    server.send(b"data: not json\n\n: keep-alive\n\nid: 3\ndata: {\"step\":3,\"done\":true}\n\n");
    match events.next().await.expect("an item") {
        Err(Error::Decode { response, .. }) => {
            assert_eq!(&response.body[..], b"not json");
            assert_eq!(response.status, 200);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let third = events.next().await.expect("an event").expect("decodes");
    assert_eq!(third.id.as_deref(), Some("3"));
    assert!(third.data.done);

    // A last event without its blank line is dropped at the end.
    server.send(b"data: {\"step\":4,\"done\":true}\n");
    drop(server.pieces);
    assert!(events.next().await.is_none());

    let request = server.request.await.expect("request seen");
    assert!(
        request.starts_with("GET /jobs/job-1/progress "),
        "{request}"
    );
    assert!(
        request
            .to_ascii_lowercase()
            .contains("\r\naccept: text/event-stream, application/json\r\n"),
        "{request}"
    );
}

#[tokio::test]
async fn untyped_events_keep_their_text() {
    let server = Server::start(STREAM_HEAD).await;
    let client = server.client();
    let events = client
        .tail_logs(&TailLogsParams::default())
        .await
        .expect("the stream starts")
        .into_inner();
    server.send(b"data: {not json}\ndata: line two\n\nevent: rotate\ndata: \n\n");
    drop(server.pieces);
    let all: Vec<_> = events.collect().await;
    let all: Vec<Event<String>> = all.into_iter().map(|e| e.expect("text")).collect();
    assert_eq!(
        all,
        vec![
            event(None, None, None, "{not json}\nline two"),
            event(Some("rotate"), None, None, ""),
        ]
    );
    let request = server.request.await.expect("request seen");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("\r\naccept: text/event-stream\r\n"),
        "{request}"
    );
}

#[tokio::test]
async fn an_error_status_is_the_typed_error_before_any_stream() {
    let body = r#"{"message":"no job job-9"}"#;
    let head = format!(
        "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let server = Server::start(head).await;
    let err = server
        .client()
        .stream_progress("job-9")
        .await
        .expect_err("a 404");
    match err.api_error() {
        Some(StreamProgressError::NotFound(e)) => assert_eq!(e.message, "no job job-9"),
        other => panic!("expected the typed 404, got {other:?} from {err:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn the_client_timeout_ends_a_stalled_stream() {
    let server = Server::start(STREAM_HEAD).await;
    let client = server.client().with_timeout(Duration::from_secs(1));
    let mut events = client
        .stream_progress("job-2")
        .await
        .expect("the stream starts")
        .into_inner();
    server.send(b"data: {\"step\":1,\"done\":false}\n\n");
    assert_eq!(
        events
            .next()
            .await
            .expect("an event")
            .expect("decodes")
            .data
            .step,
        1
    );
    // The server keeps the connection open and writes nothing more.
    match events.next().await.expect("an item") {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(events.next().await.is_none(), "the error is the last item");
    drop(server);
}

#[tokio::test]
async fn an_event_past_the_size_limit_ends_the_stream() {
    let server = Server::start(STREAM_HEAD).await;
    let client = fixture_sse::Client::builder()
        .base_url(server.base_url.clone())
        .max_response_bytes(64)
        .build()
        .expect("client builds");
    let mut events = client
        .tail_logs(&TailLogsParams::default())
        .await
        .expect("the stream starts")
        .into_inner();
    // Each event fits; together they are past the limit, which is per event.
    server.send(b"data: 0123456789012345678901234567890123456789\n\n");
    server.send(b"data: 0123456789012345678901234567890123456789\n\n");
    for _ in 0..2 {
        events.next().await.expect("an event").expect("fits");
    }
    server.send(&[b'x'; 100]);
    match events.next().await.expect("an item") {
        Err(Error::ResponseTooLarge { limit, .. }) => assert_eq!(limit, 64),
        other => panic!("expected the size limit, got {other:?}"),
    }
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_stream_beside_a_json_success_is_one_variant_of_the_reply() {
    let server = Server::start(
        "HTTP/1.1 202 Accepted\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n",
    )
    .await;
    let reply = server
        .client()
        .get_export("export-1")
        .await
        .expect("the stream starts");
    assert_eq!(reply.status(), 202);
    let GetExportResponse::Accepted(mut events) = reply.into_inner() else {
        panic!("expected the 202 stream");
    };
    server.send(b"data: {\"percent\":40}\n\n");
    let progress = events.next().await.expect("an event").expect("decodes");
    assert_eq!(progress.data.percent, 40);
    drop(server.pieces);
    assert!(events.next().await.is_none());
    let request = server.request.await.expect("request seen");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("\r\naccept: text/event-stream, application/json\r\n"),
        "{request}"
    );
}
