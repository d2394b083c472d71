//! Fault injection: each misbehaving server or bad input ends in its
//! documented outcome, with nothing lost and no panic. Servers are wiremock
//! or a raw TCP listener on 127.0.0.1, started by each test. This file drives
//! the Loops client; `faults_loomta.rs` injects the same faults into Loomta's.

mod common;

use common::{
    answer, assert_no_secret, http_date, on, raw_server, received, refused_url, Captured, KEY,
};
use futures_util::stream;
use serde_json::json;
use std::time::{Duration, Instant, SystemTime};
use wiremock::{MockServer, ResponseTemplate};

/// The signature of a presigned URL; `assert_no_secret` looks for it.
const SIGNATURE: &str = "X-Amz-Signature=SIGNATURE_abcdef0123";

/// Quick retries so tests stay fast; the default policy's waits are longer.
fn quick_retries() -> loops::runtime::RetryPolicy {
    loops::runtime::RetryPolicy::default()
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn loops_at(url: &str) -> loops::Client {
    loops::Client::builder()
        .base_url(url)
        .bearer_auth(KEY)
        .retry_policy(quick_retries())
        .build()
        .expect("client builds")
}

/// A contact to create: `createContact` is a POST without an idempotency key.
fn new_contact() -> loops::types::CreateContactRequest {
    loops::types::CreateContactRequest::new("ada@example.com")
}

/// A valid upload to create: a 10-byte PNG.
fn png_upload() -> loops::types::CreateUploadRequest {
    loops::types::CreateUploadRequest {
        content_type: loops::types::CreateUploadRequestContentType::ImagePng,
        content_length: 10,
    }
}

/// An event to send: `sendEvent` is a POST that takes an idempotency key.
fn signup_event() -> loops::types::EventRequest {
    loops::types::EventRequest::new("signup").email("ada@example.com")
}

// ---- bodies ---------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_raw_body() {
    let server = MockServer::start().await;
    let body = r#"{"success": true, "teamName": "#;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;
    let err = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect_err("malformed");
    assert!(matches!(err, loops::Error::Decode { .. }), "{err:?}");
    assert_eq!(err.body().map(|b| b.as_ref()), Some(body.as_bytes()));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_decode_error_with_the_raw_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(200).set_body_json(json!({"teamName": 42})),
    )
    .await;
    let err = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect_err("shape");
    let loops::Error::Decode { response, source } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(source.to_string().contains("invalid type"), "{source}");
    assert_eq!(response.text(), r#"{"teamName":42}"#);
}

#[tokio::test]
async fn an_empty_body_where_json_is_expected_is_a_decode_error() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v1/api-key", ResponseTemplate::new(200)).await;
    let err = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect_err("empty");
    assert!(
        matches!(&err, loops::Error::Decode { response, .. } if response.body.is_empty()),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error_and_a_cut_connection_a_transport_error() {
    // A complete HTTP message whose JSON stops halfway.
    let truncated = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 14\r\nconnection: close\r\n\r\n{\"teamName\": \"",
        false,
    )
    .await;
    let err = loops_at(&truncated)
        .test_api_key()
        .await
        .expect_err("truncated");
    assert!(matches!(err, loops::Error::Decode { .. }), "{err:?}");

    // The connection is reset after 10 of the promised 100 bytes.
    let reset = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"teamName",
        true,
    )
    .await;
    let err = loops_at(&reset).test_api_key().await.expect_err("reset");
    assert!(matches!(err, loops::Error::Transport(_)), "{err:?}");
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test]
async fn the_content_type_header_does_not_decide_decoding() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"success":true,"teamName":"Acme"}"#, "text/plain"),
    )
    .await;
    let ok = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect("JSON body decodes");
    assert_eq!(ok.team_name, "Acme");

    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
    )
    .await;
    let err = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect_err("html");
    assert!(
        matches!(&err, loops::Error::Decode { response, .. } if response.text().contains("maintenance"))
    );
}

#[tokio::test]
async fn a_huge_body_is_refused_past_the_limit() {
    let server = MockServer::start().await;
    let huge = format!(
        r#"{{"success":true,"teamName":"{}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(200).set_body_raw(huge.clone(), "application/json"),
    )
    .await;
    let small = loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth(KEY)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let err = small.test_api_key().await.expect_err("too large");
    assert!(
        matches!(
            err,
            loops::Error::ResponseTooLarge {
                limit: 1_048_576,
                ..
            }
        ),
        "{err:?}"
    );
    // Under the default limit the same body decodes in full.
    let ok = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect("fits the default");
    assert_eq!(ok.team_name.len(), 2 * 1024 * 1024);
}

// ---- time -----------------------------------------------------------------

#[tokio::test]
async fn a_slow_response_past_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": true, "teamName": "Acme"}))
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let client = loops_at(&server.uri()).with_retry(loops::runtime::RetryPolicy::none());
    let started = Instant::now();
    let err = client
        .with_timeout(Duration::from_millis(200))
        .test_api_key()
        .await
        .expect_err("times out");
    assert!(
        matches!(&err, loops::Error::Transport(e) if e.is_timeout()),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

// ---- retries --------------------------------------------------------------

#[tokio::test]
async fn a_500_then_200_is_retried_once_with_one_result() {
    let server = MockServer::start().await;
    on("GET", "/v1/api-key")
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "teamName": "Acme"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let ok = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect("second attempt");
    assert_eq!(ok.team_name, "Acme");
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_for_then_succeeds() {
    let server = MockServer::start().await;
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"message": "slow down"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "teamName": "Acme"})),
    )
    .await;
    let started = Instant::now();
    let ok = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect("after the wait");
    assert_eq!(ok.team_name, "Acme");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
}

#[tokio::test]
async fn a_429_forever_gives_up_after_the_configured_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"message": "still too many"})),
        )
        .expect(4)
        .mount(&server)
        .await;
    let client = loops_at(&server.uri()).with_retry(quick_retries().with_max_retries(3));
    let err = client.test_api_key().await.expect_err("gives up");
    assert!(
        matches!(
            err.api_error(),
            Some(loops::operations::TestApiKeyError::TooManyRequests(_))
        ),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_not_waited_for() {
    let server = MockServer::start().await;
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .set_body_json(json!({})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect_err("not retried");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
}

#[test]
fn http_dates_are_written_as_imf_fixdate() {
    let at = |seconds| SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
    // The example of RFC 9110, a leap day and the last second of a year.
    assert_eq!(http_date(at(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(http_date(at(951_782_400)), "Tue, 29 Feb 2000 00:00:00 GMT");
    assert_eq!(
        http_date(at(1_735_689_599)),
        "Tue, 31 Dec 2024 23:59:59 GMT"
    );
}

/// `Retry-After` may be an HTTP date instead of seconds. The date has whole
/// seconds, so `now + 2 s` written as a date asks for a wait of one to two
/// seconds; only that a wait and a retry happened is checked, not how long.
#[tokio::test]
async fn a_429_with_a_retry_after_date_is_waited_for_then_succeeds() {
    let server = MockServer::start().await;
    let started = Instant::now();
    let date = http_date(SystemTime::now() + Duration::from_secs(2));
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", date.as_str())
                .set_body_json(json!({"message": "slow down"})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "teamName": "Acme"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let ok = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect("after the wait");
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.team_name, "Acme");
    assert_eq!(received(&server).await, 2, "one retry");
    // The date is at least a whole second after `started`; half of that
    // leaves room for clock adjustments, and is still far above the 1-5 ms
    // backoff the client would use if it ignored the date.
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "the Retry-After date was not waited for ({:?})",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_date_beyond_the_cap_is_not_waited_for() {
    let server = MockServer::start().await;
    let in_an_hour = http_date(SystemTime::now() + Duration::from_secs(3600));
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", in_an_hour.as_str())
                .set_body_json(json!({"message": "come back later"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = loops_at(&server.uri())
        .test_api_key()
        .await
        .expect_err("not retried");
    assert!(
        matches!(
            err.api_error(),
            Some(loops::operations::TestApiKeyError::TooManyRequests(_))
        ),
        "{err:?}"
    );
    assert_eq!(
        err.headers()
            .and_then(|h| h.get("retry-after"))
            .and_then(|v| v.to_str().ok()),
        Some(in_an_hour.as_str()),
        "the caller can still read the date"
    );
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_not_retried() {
    let server = MockServer::start().await;
    on("POST", "/v1/contacts/create")
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let body = new_contact();
    let err = loops_at(&server.uri())
        .create_contact(&body)
        .await
        .expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

async fn send_event_twice(key: Option<&str>) -> Vec<String> {
    let server = MockServer::start().await;
    on("POST", "/v1/events/send")
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/v1/events/send",
        ResponseTemplate::new(200).set_body_json(json!({"success": true})),
    )
    .await;
    let body = signup_event();
    let params = loops::operations::SendEventParams {
        idempotency_key: key.map(str::to_string),
    };
    loops_at(&server.uri())
        .send_event(&body, &params)
        .await
        .expect("retried with its key");
    let received = server.received_requests().await.expect("recording");
    received
        .iter()
        .map(|r| {
            r.headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried_with_the_same_key() {
    let generated = send_event_twice(None).await;
    assert_eq!(generated.len(), 2, "one retry");
    assert_eq!(generated[0], generated[1]);
    assert_eq!(generated[0].len(), 36, "a generated UUID: {generated:?}");

    let given = send_event_twice(Some("order-42")).await;
    assert_eq!(given, vec!["order-42".to_string(), "order-42".to_string()]);
}

#[tokio::test]
async fn separate_calls_get_separate_idempotency_keys() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v1/events/send",
        ResponseTemplate::new(200).set_body_json(json!({"success": true})),
    )
    .await;
    let body = signup_event();
    let client = loops_at(&server.uri());
    let params = loops::operations::SendEventParams::default();
    client.send_event(&body, &params).await.expect("first");
    client.send_event(&body, &params).await.expect("second");
    let keys: Vec<_> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|r| r.headers.get("idempotency-key").cloned())
        .collect();
    assert_ne!(keys[0], keys[1]);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // Nothing accepts on that port any more.
    let url = refused_url();
    let body = new_contact();
    let err = loops_at(&url)
        .create_contact(&body)
        .await
        .expect_err("refused");
    assert!(
        matches!(&err, loops::Error::Transport(e) if e.is_connect()),
        "{err:?}"
    );
}

/// A body read from a stream can be sent only once. The presigned upload is
/// a PUT, which is otherwise retried (the same body from memory is, below),
/// so a 503 to a streamed body is returned as it is, after one request.
#[tokio::test]
async fn a_streamed_body_answered_503_is_sent_once() {
    let image: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..4_000u32).map(|i| i as u8))
        .collect();
    for length in [Some(image.len() as u64), None] {
        let server = MockServer::start().await;
        on("PUT", "/upload")
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
            .expect(1)
            .mount(&server)
            .await;
        let presigned =
            url::Url::parse(&format!("{}/upload?{SIGNATURE}", server.uri())).expect("url");
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            image.chunks(1_000).map(|c| Ok(c.to_vec())).collect();
        let body =
            loops::Body::from_stream(stream::iter(chunks), length).with_content_type("image/png");
        let err = loops_at(&server.uri())
            .upload_to_presigned_url(&presigned, body)
            .await
            .expect_err("503");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{length:?}");
        assert!(
            matches!(
                err.api_error(),
                Some(loops::operations::UploadToPresignedUrlError::Default)
            ),
            "{err:?}"
        );
        let requests = server.received_requests().await.expect("recording");
        assert_eq!(requests.len(), 1, "sent once ({length:?})");
        assert_eq!(requests[0].body, image, "the one request carried it all");
    }

    // The same upload from bytes in memory is replayed: 1 + 2 retries.
    let server = MockServer::start().await;
    on("PUT", "/upload")
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .expect(3)
        .mount(&server)
        .await;
    let presigned = url::Url::parse(&format!("{}/upload?{SIGNATURE}", server.uri())).expect("url");
    let err = loops_at(&server.uri())
        .upload_to_presigned_url(&presigned, loops::Body::from_bytes(image.clone()))
        .await
        .expect_err("503 every time");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

// ---- safety ---------------------------------------------------------------

/// Loomta's path parameters are all UUIDs, so text cannot reach its paths;
/// Loops takes text IDs, which are encoded as one segment.
#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    on("GET", "/v1/transactional-emails/..%2F..%2Fv1%2Fcontacts")
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no such email"})))
        .expect(1)
        .mount(&server)
        .await;
    let err = loops_at(&server.uri())
        .get_transactional_email("../../v1/contacts")
        .await
        .expect_err("404");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    for odd in ["a/b", "x?y=1", "frag#ment", "caf\u{e9}", "..."] {
        let err = loops_at(&server.uri())
            .get_transactional_email(odd)
            .await
            .expect_err("unknown path");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{odd}");
    }
    let paths: Vec<String> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(
        &paths[1..],
        [
            "/v1/transactional-emails/a%2Fb",
            "/v1/transactional-emails/x%3Fy%3D1",
            "/v1/transactional-emails/frag%23ment",
            "/v1/transactional-emails/caf%C3%A9",
            "/v1/transactional-emails/...",
        ]
    );
    // A segment of exactly `.` or `..` cannot be sent at all: URL parsers
    // resolve it even when encoded, so it is refused before sending.
    for dots in [".", ".."] {
        let err = loops_at(&server.uri())
            .get_transactional_email(dots)
            .await
            .expect_err("refused");
        assert!(matches!(err, loops::Error::InvalidRequest(_)), "{err:?}");
    }
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        6
    );
}

#[test]
fn an_api_key_with_a_newline_is_rejected_before_sending() {
    let err = loops::Client::new("key\r\nX-Injected: 1").expect_err("rejected");
    assert!(err.to_string().contains("control character"), "{err}");
    let err = loomta::Client::new("key\nmore").expect_err("rejected");
    assert!(err.to_string().contains("control character"), "{err}");
}

#[tokio::test]
async fn a_header_parameter_with_a_line_break_is_rejected_before_sending() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v1/events/send",
        ResponseTemplate::new(200).set_body_json(json!({"success": true})),
    )
    .await;
    let body = signup_event();
    let params = loops::operations::SendEventParams::new().idempotency_key("k\r\nX-Injected: 1");
    let err = loops_at(&server.uri())
        .send_event(&body, &params)
        .await
        .expect_err("rejected");
    assert!(matches!(err, loops::Error::InvalidRequest(_)), "{err:?}");
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_key() {
    let elsewhere = MockServer::start().await;
    answer(
        &elsewhere,
        "GET",
        "/landing",
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "teamName": "Elsewhere"})),
    )
    .await;
    let api = MockServer::start().await;
    answer(
        &api,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(307)
            .insert_header("location", format!("{}/landing", elsewhere.uri())),
    )
    .await;
    loops_at(&api.uri()).test_api_key().await.expect("followed");
    let received = elsewhere.received_requests().await.expect("recording");
    assert_eq!(received.len(), 1);
    assert!(
        received[0].headers.get("authorization").is_none(),
        "the key crossed hosts"
    );
}

#[tokio::test]
async fn debug_and_display_never_show_the_key_or_a_signature() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(401).set_body_json(json!({"message": "bad key"})),
    )
    .await;
    answer(
        &server,
        "PUT",
        "/upload",
        ResponseTemplate::new(403).set_body_raw("<Error/>", "application/xml"),
    )
    .await;
    answer(&server, "POST", "/v1/uploads", ResponseTemplate::new(418)).await;
    let client = loops_at(&server.uri());
    let builder = loops::Client::builder().bearer_auth(KEY);
    let mut shown = vec![format!("{client:?}"), format!("{builder:?}")];

    let api = client.test_api_key().await.expect_err("401");
    let presigned = url::Url::parse(&format!("{}/upload?{SIGNATURE}", server.uri())).expect("url");
    let forbidden = client
        .upload_to_presigned_url(
            &presigned,
            loops::Body::from_bytes(&b"\x89PNG\r\n\x1a\n"[..]),
        )
        .await
        .expect_err("403");
    let upload = png_upload();
    let unexpected = client.create_upload(&upload).await.expect_err("418");
    let invalid = loops::types::CreateUploadRequest {
        content_length: 0,
        ..upload.clone()
    };
    let validation = client.create_upload(&invalid).await.expect_err("invalid");
    let dead = url::Url::parse(&format!("{}/upload?{SIGNATURE}", refused_url())).expect("url");
    let transport = client
        .upload_to_presigned_url(&dead, loops::Body::from_bytes(&b"\x89PNG\r\n\x1a\n"[..]))
        .await
        .expect_err("refused");
    let server_side = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n{\"team\":1",
        false,
    )
    .await;
    let decode = loops_at(&server_side)
        .test_api_key()
        .await
        .expect_err("decode");
    let too_large = loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth(KEY)
        .max_response_bytes(1)
        .build()
        .expect("client")
        .test_api_key()
        .await
        .expect_err("too large");
    shown.push(format!("{api} {api:?}"));
    shown.push(format!("{unexpected} {unexpected:?}"));
    shown.push(format!("{validation} {validation:?}"));
    shown.push(format!("{decode} {decode:?}"));
    shown.push(format!("{too_large} {too_large:?}"));
    shown.push(format!("{forbidden} {forbidden:?}"));
    shown.push(format!("{transport} {transport:?}"));
    assert!(matches!(api, loops::Error::Api(_)));
    assert!(matches!(unexpected, loops::Error::UnexpectedStatus(_)));
    assert!(matches!(validation, loops::Error::Validation(_)));
    assert!(matches!(decode, loops::Error::Decode { .. }));
    assert!(matches!(too_large, loops::Error::ResponseTooLarge { .. }));
    assert!(matches!(forbidden, loops::Error::Api(_)));
    assert!(matches!(transport, loops::Error::Transport(_)));
    let not_http =
        url::Url::parse(&format!("ftp://files.example.com/upload?{SIGNATURE}")).expect("url");
    let invalid_request = client
        .upload_to_presigned_url(&not_http, loops::Body::from_bytes(&b"x"[..]))
        .await
        .expect_err("not http");
    assert!(matches!(invalid_request, loops::Error::InvalidRequest(_)));
    shown.push(format!("{invalid_request} {invalid_request:?}"));
    let bad_base = loops::Client::builder()
        .bearer_auth(KEY)
        .base_url("not a url")
        .build()
        .expect_err("bad base");
    shown.push(format!("{bad_base} {bad_base:?}"));
    for text in &shown {
        assert_no_secret(text);
    }
}

// ---- tracing --------------------------------------------------------------

#[tokio::test]
async fn each_request_is_a_span_with_its_facts_and_no_secrets() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());

    let server = MockServer::start().await;
    on("PUT", "/upload")
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(&server, "PUT", "/upload", ResponseTemplate::new(200)).await;
    let presigned = url::Url::parse(&format!("{}/upload?{SIGNATURE}", server.uri())).expect("url");
    loops_at(&server.uri())
        .upload_to_presigned_url(
            &presigned,
            loops::Body::from_bytes(&b"\x89PNG\r\n\x1a\n"[..]),
        )
        .await
        .expect("uploaded on the second attempt");

    let text = captured.text();
    assert!(
        text.contains("operation=\"uploadToPresignedUrl\""),
        "{text}"
    );
    assert!(text.contains("method=PUT"), "{text}");
    assert!(text.contains("path=\"/{presignedUrl}\""), "{text}");
    assert!(text.contains("attempt=2"), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("duration_ms="), "{text}");
    assert!(text.contains("retrying after an error status"), "{text}");
    assert_no_secret(&text);
}

// ---- raw access -----------------------------------------------------------

#[tokio::test]
async fn rate_limit_headers_are_typed_on_successes_and_errors() {
    use loops::DocumentedHeaders;
    let server = MockServer::start().await;
    on("GET", "/v1/api-key")
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("x-ratelimit-remaining", "7")
                .set_body_json(json!({"success": true, "teamName": "Acme"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        "/v1/api-key",
        ResponseTemplate::new(429)
            .insert_header("x-ratelimit-limit", "10")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("retry-after", "3600")
            .set_body_json(json!({"message": "slow down"})),
    )
    .await;
    let client = loops_at(&server.uri());
    let ok = client.test_api_key().await.expect("first");
    assert_eq!(ok.status(), 200);
    let limits = ok.documented_headers();
    assert_eq!(limits.x_ratelimit_limit, Some(10));
    assert_eq!(limits.x_ratelimit_remaining, Some(7));

    let err = client.test_api_key().await.expect_err("limited");
    let limits = err.documented_headers().expect("a response was received");
    assert_eq!(limits.x_ratelimit_remaining, Some(0));
    assert_eq!(
        err.headers()
            .and_then(|h| h.get("retry-after"))
            .map(|v| v.as_bytes()),
        Some(&b"3600"[..])
    );
}

#[tokio::test]
async fn a_presigned_url_in_a_response_is_redacted_by_debug() {
    let server = MockServer::start().await;
    let signed = format!("https://storage.example.com/u/a1?{SIGNATURE}");
    answer(
        &server,
        "POST",
        "/v1/uploads",
        ResponseTemplate::new(200)
            .set_body_json(json!({"emailAssetId": "a1", "presignedUrl": signed})),
    )
    .await;
    let upload = png_upload();
    let created = loops_at(&server.uri())
        .create_upload(&upload)
        .await
        .expect("created");
    assert_eq!(
        created.presigned_url.as_str(),
        signed,
        "the value itself is intact"
    );
    let shown = format!("{created:?}");
    assert!(shown.contains("presigned_url: <redacted>"), "{shown}");
    assert_no_secret(&shown);
}
