//! Fault injection for the Loomta client: the faults `faults.rs` injects into
//! the Loops client, against Loomta's operations, so the runtime both crates
//! share is checked through each generated crate. Each misbehaving server or
//! bad input ends in its documented outcome, with nothing lost and no panic.
//! Servers are wiremock or a raw TCP listener on 127.0.0.1, started by each test.
//!
//! What Loomta's spec cannot express, and so is only checked through Loops:
//! an `Idempotency-Key` (Loomta declares none, so a POST is never resent after
//! the server may have acted on it), a text path parameter (Loomta's path
//! parameters are typed UUIDs, so `../` cannot reach a path; its one text
//! parameter that reaches the URL is the query parameter `folderId`), a text
//! header parameter (its one header parameter is a UUID) and typed rate-limit
//! headers (Loomta documents none).

mod common;

use common::{
    answer, assert_no_secret, http_date, on, raw_server, received, refused_url, Captured, KEY,
};
use futures_util::stream;
use loomta::operations::{CreatePostsError, ListPlatformsError, UploadMediaError};
use loomta::types::{
    ApiErrorModelCode, CreateMediaFolderRequest, CreatePostsRequest, CreatePostsRequestMode,
    UploadMediaForm,
};
use loomta::FilePart;
use serde_json::json;
use std::time::{Duration, Instant, SystemTime};
use wiremock::{MockServer, ResponseTemplate};

const PLATFORMS: &str = "/public/v1/platforms";
const PLATFORM_ID: &str = "b7a2e9c4-1d6f-4e3b-8a5c-9f2d7b1e6c48";
const MP4: &[u8] = b"\0\0\0\x18ftypisom\0\0\0\0isomiso2 rest of the video";

/// Quick retries so tests stay fast; the default policy's waits are longer.
fn quick_retries() -> loomta::runtime::RetryPolicy {
    loomta::runtime::RetryPolicy::default()
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn loomta_at(url: &str) -> loomta::Client {
    loomta::Client::builder()
        .base_url(url)
        .bearer_auth(KEY)
        .retry_policy(quick_retries())
        .build()
        .expect("client builds")
}

/// A reply of `listPlatforms` with one TikTok account.
fn one_platform() -> serde_json::Value {
    json!({"platforms": [{"id": PLATFORM_ID, "provider": "tiktok", "providerName": "TikTok"}]})
}

/// Loomta's common error body.
fn api_error(code: &str, message: &str) -> serde_json::Value {
    json!({"code": code, "message": message})
}

/// A post to publish now: `createPosts` is a POST without an idempotency key.
fn new_post() -> CreatePostsRequest {
    CreatePostsRequest::new(
        vec![PLATFORM_ID.to_string()],
        "Launch day",
        CreatePostsRequestMode::Now,
    )
}

/// A media form whose file part is held in memory.
fn mp4_form() -> UploadMediaForm {
    UploadMediaForm::new(FilePart::from_bytes(MP4, "launch.mp4"))
}

/// The head (the header lines) of the multipart part named `name`.
fn part_head(body: &[u8], name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let start = find(body, marker.as_bytes())?;
    let end = start + find(&body[start..], b"\r\n\r\n")?;
    Some(String::from_utf8_lossy(&body[start..end]).into_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---- bodies ---------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_raw_body() {
    let server = MockServer::start().await;
    let body = r#"{"platforms": [{"id": "#;
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;
    let err = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect_err("malformed");
    assert!(matches!(err, loomta::Error::Decode { .. }), "{err:?}");
    assert_eq!(err.body().map(|b| b.as_ref()), Some(body.as_bytes()));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_decode_error_with_the_raw_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(200).set_body_json(json!({"platforms": 42})),
    )
    .await;
    let err = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect_err("shape");
    let loomta::Error::Decode { response, source } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(source.to_string().contains("invalid type"), "{source}");
    assert_eq!(response.text(), r#"{"platforms":42}"#);
}

#[tokio::test]
async fn an_empty_body_where_json_is_expected_is_a_decode_error() {
    let server = MockServer::start().await;
    answer(&server, "GET", PLATFORMS, ResponseTemplate::new(200)).await;
    let err = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect_err("empty");
    assert!(
        matches!(&err, loomta::Error::Decode { response, .. } if response.body.is_empty()),
        "{err:?}"
    );
}

/// Loomta answers every undocumented status with its `default` response, the
/// common `{code, message}` body. A proxy's error page or an empty body does
/// not have that shape: the result is a decode error that keeps the status
/// and the raw body, not a panic or a made-up typed error.
#[tokio::test]
async fn an_error_status_without_the_error_shape_is_a_decode_error_with_its_status() {
    for (reply, raw) in [
        (
            ResponseTemplate::new(502).set_body_raw("<html>Bad gateway</html>", "text/html"),
            "<html>Bad gateway</html>",
        ),
        (ResponseTemplate::new(502), ""),
    ] {
        let server = MockServer::start().await;
        answer(&server, "GET", PLATFORMS, reply).await;
        let err = loomta_at(&server.uri())
            .with_retry(loomta::runtime::RetryPolicy::none())
            .list_platforms()
            .await
            .expect_err("502");
        assert!(
            matches!(&err, loomta::Error::Decode { response, .. } if response.status == 502),
            "{err:?}"
        );
        assert_eq!(err.body().map(|b| b.as_ref()), Some(raw.as_bytes()));
    }
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error_and_a_cut_connection_a_transport_error() {
    // A complete HTTP message whose JSON stops halfway.
    let truncated = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\nconnection: close\r\n\r\n{\"platforms\": [",
        false,
    )
    .await;
    let err = loomta_at(&truncated)
        .list_platforms()
        .await
        .expect_err("truncated");
    assert!(matches!(err, loomta::Error::Decode { .. }), "{err:?}");

    // The connection is reset after 10 of the promised 100 bytes.
    let reset = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"platfor",
        true,
    )
    .await;
    let err = loomta_at(&reset).list_platforms().await.expect_err("reset");
    assert!(matches!(err, loomta::Error::Transport(_)), "{err:?}");
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test]
async fn the_content_type_header_does_not_decide_decoding() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(200).set_body_raw(one_platform().to_string(), "text/plain"),
    )
    .await;
    let ok = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect("JSON body decodes");
    assert_eq!(ok.platforms[0].provider_name.as_deref(), Some("TikTok"));

    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
    )
    .await;
    let err = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect_err("html");
    assert!(
        matches!(&err, loomta::Error::Decode { response, .. } if response.text().contains("maintenance"))
    );
}

#[tokio::test]
async fn a_huge_body_is_refused_past_the_limit() {
    let server = MockServer::start().await;
    let huge = json!({"platforms": [{"providerName": "x".repeat(2 * 1024 * 1024)}]}).to_string();
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(200).set_body_raw(huge, "application/json"),
    )
    .await;
    let small = loomta::Client::builder()
        .base_url(server.uri())
        .bearer_auth(KEY)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let err = small.list_platforms().await.expect_err("too large");
    assert!(
        matches!(
            err,
            loomta::Error::ResponseTooLarge {
                limit: 1_048_576,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    // Under the default limit the same body decodes in full.
    let ok = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect("fits the default");
    assert_eq!(
        ok.platforms[0].provider_name.as_ref().map(String::len),
        Some(2 * 1024 * 1024)
    );
}

// ---- time -----------------------------------------------------------------

#[tokio::test]
async fn a_slow_response_past_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(200)
            .set_body_json(one_platform())
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let client = loomta_at(&server.uri()).with_retry(loomta::runtime::RetryPolicy::none());
    let started = Instant::now();
    let err = client
        .with_timeout(Duration::from_millis(200))
        .list_platforms()
        .await
        .expect_err("times out");
    assert!(
        matches!(&err, loomta::Error::Transport(e) if e.is_timeout()),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

// ---- retries --------------------------------------------------------------

#[tokio::test]
async fn a_500_then_200_is_retried_once_with_one_result() {
    let server = MockServer::start().await;
    on("GET", PLATFORMS)
        .respond_with(ResponseTemplate::new(500).set_body_json(api_error("internal", "Try again.")))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    on("GET", PLATFORMS)
        .respond_with(ResponseTemplate::new(200).set_body_json(one_platform()))
        .expect(1)
        .mount(&server)
        .await;
    let ok = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect("second attempt");
    assert_eq!(ok.platforms.len(), 1);
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_for_then_succeeds() {
    let server = MockServer::start().await;
    on("GET", PLATFORMS)
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(api_error("rate_limited", "Slow down.")),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(200).set_body_json(one_platform()),
    )
    .await;
    let started = Instant::now();
    let ok = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect("after the wait");
    assert_eq!(ok.platforms.len(), 1);
    assert_eq!(received(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
}

/// `Retry-After` as an HTTP date, on a 503. The date has whole seconds, so
/// `now + 2 s` asks for a wait of one to two seconds; only that a wait and a
/// retry happened is checked, not how long.
#[tokio::test]
async fn a_503_with_a_retry_after_date_is_waited_for_then_succeeds() {
    let server = MockServer::start().await;
    let started = Instant::now();
    let date = http_date(SystemTime::now() + Duration::from_secs(2));
    on("GET", PLATFORMS)
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", date.as_str())
                .set_body_json(api_error("maintenance", "Back soon.")),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    on("GET", PLATFORMS)
        .respond_with(ResponseTemplate::new(200).set_body_json(one_platform()))
        .expect(1)
        .mount(&server)
        .await;
    let ok = loomta_at(&server.uri())
        .list_platforms()
        .await
        .expect("after the wait");
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.platforms.len(), 1);
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
async fn a_429_forever_gives_up_after_the_configured_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    on("GET", PLATFORMS)
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(api_error("rate_limited", "Still too many.")),
        )
        .expect(4)
        .mount(&server)
        .await;
    let client = loomta_at(&server.uri()).with_retry(quick_retries().with_max_retries(3));
    let err = client.list_platforms().await.expect_err("gives up");
    // Loomta documents no 429: it is the `default` response, typed by its body.
    match err.api_error() {
        Some(ListPlatformsError::Default(body)) => {
            assert_eq!(body.code, ApiErrorModelCode::from("rate_limited"));
            assert_eq!(body.message, "Still too many.");
        }
        other => panic!("expected the default error, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
}

/// A wait longer than the 60 s cap, in seconds or as a date, is not waited
/// for: the 429 is returned at once, after one request.
#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_not_waited_for() {
    let in_an_hour = http_date(SystemTime::now() + Duration::from_secs(3600));
    for retry_after in ["3600", in_an_hour.as_str()] {
        let server = MockServer::start().await;
        on("GET", PLATFORMS)
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", retry_after)
                    .set_body_json(api_error("rate_limited", "Come back later.")),
            )
            .expect(1)
            .mount(&server)
            .await;
        let err = loomta_at(&server.uri())
            .list_platforms()
            .await
            .expect_err("not retried");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{retry_after}");
        assert!(
            matches!(err.api_error(), Some(ListPlatformsError::Default(_))),
            "{err:?}"
        );
        assert_eq!(received(&server).await, 1, "{retry_after}");
    }
}

/// Loomta declares no `Idempotency-Key`, so a POST the server may have acted
/// on is never resent: only the "not retried" half of the Loops tests applies.
/// Creating a post twice would publish it twice.
#[tokio::test]
async fn a_post_is_not_retried() {
    let server = MockServer::start().await;
    on("POST", "/public/v1/posts")
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", "0")
                .set_body_json(api_error("unavailable", "Try later.")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = new_post();
    let err = loomta_at(&server.uri())
        .create_posts(&body)
        .await
        .expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(
        matches!(err.api_error(), Some(CreatePostsError::Default(e)) if e.message == "Try later."),
        "{err:?}"
    );
}

/// A multipart upload is sent once: the form streams its file part, so it
/// cannot be read a second time (and `uploadMedia` is a POST without an
/// idempotency key as well). Checked with the file in memory and streamed.
#[tokio::test]
async fn a_multipart_upload_answered_503_is_sent_once() {
    let streamed = || {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            MP4.chunks(8).map(|c| Ok(c.to_vec())).collect();
        let body = loomta::Body::from_stream(stream::iter(chunks), Some(MP4.len() as u64));
        UploadMediaForm::new(FilePart::from_body(body, "launch.mp4"))
    };
    for (what, form) in [("in memory", mp4_form()), ("streamed", streamed())] {
        let server = MockServer::start().await;
        on("POST", "/public/v1/media")
            .respond_with(
                ResponseTemplate::new(503)
                    .insert_header("retry-after", "0")
                    .set_body_json(api_error("unavailable", "Try later.")),
            )
            .expect(1)
            .mount(&server)
            .await;
        let err = loomta_at(&server.uri())
            .upload_media(form)
            .await
            .expect_err("503");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{what}");
        assert!(
            matches!(err.api_error(), Some(UploadMediaError::Default(_))),
            "{what}: {err:?}"
        );
        let requests = server.received_requests().await.expect("recording");
        assert_eq!(requests.len(), 1, "{what}: sent once");
        assert!(
            find(&requests[0].body, MP4).is_some(),
            "{what}: the one request carried the whole file"
        );
    }
}

/// A connection that was never opened never reached the server, so even a
/// POST is retried; the trace shows the retries.
#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());
    let body = CreateMediaFolderRequest {
        name: "Launch".into(),
    };
    let err = loomta_at(&refused_url())
        .create_media_folder(&body)
        .await
        .expect_err("refused");
    assert!(
        matches!(&err, loomta::Error::Transport(e) if e.is_connect()),
        "{err:?}"
    );
    let text = captured.text();
    assert_eq!(
        text.matches("retrying after a transport error").count(),
        2,
        "two retries: {text}"
    );
    assert!(text.contains("attempt=3"), "{text}");
    assert_no_secret(&text);
}

// ---- safety ---------------------------------------------------------------

/// Loomta's path parameters are UUIDs, so no text reaches a path (the `../`
/// case is checked through Loops). Its text query parameter `folderId` stays
/// one query value: it cannot change the path, add parameters or a fragment.
#[tokio::test]
async fn a_text_parameter_cannot_change_the_path_or_the_query() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/public/v1/media",
        ResponseTemplate::new(200).set_body_json(json!({"media": []})),
    )
    .await;
    let odd = "../../public/v1/posts?mediaType=video&x=1#frag/%2e%2e";
    let params = loomta::operations::ListMediaParams::new().folder_id(odd);
    loomta_at(&server.uri())
        .list_media(&params)
        .await
        .expect("listed");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1);
    let url = &requests[0].url;
    assert_eq!(url.path(), "/public/v1/media");
    assert_eq!(url.fragment(), None);
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs, vec![("folderId".to_string(), odd.to_string())]);

    // A typed path parameter is one segment by construction.
    let id = PLATFORM_ID.parse().expect("a UUID");
    answer(
        &server,
        "GET",
        &format!("/public/v1/platforms/{PLATFORM_ID}/schema"),
        ResponseTemplate::new(404).set_body_json(api_error("platform_not_found", "No such.")),
    )
    .await;
    let err = loomta_at(&server.uri())
        .get_platform_schema(id)
        .await
        .expect_err("404");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[test]
fn credentials_with_a_line_break_are_rejected_before_sending() {
    for key in ["key\r\nX-Injected: 1", "key\nmore", "key\0"] {
        let err = loomta::Client::builder()
            .bearer_auth(key)
            .build()
            .expect_err("API key rejected");
        assert!(err.to_string().contains("control character"), "{err}");
        let err = loomta::Client::builder()
            .session_auth(key)
            .build()
            .expect_err("session token rejected");
        assert!(err.to_string().contains("control character"), "{err}");
        assert!(
            !err.to_string().contains("X-Injected") && !err.to_string().contains("more"),
            "the value is not shown: {err}"
        );
    }
}

/// A part's Content-Type given by the caller becomes a header line of the
/// multipart body, so one with a line break is refused before sending.
#[tokio::test]
async fn a_part_content_type_with_a_line_break_is_rejected_before_sending() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/public/v1/media",
        ResponseTemplate::new(201).set_body_json(json!({})),
    )
    .await;
    let file =
        FilePart::from_bytes(MP4, "launch.mp4").with_content_type("video/mp4\r\nX-Injected: 1");
    let err = loomta_at(&server.uri())
        .upload_media(UploadMediaForm::new(file))
        .await
        .expect_err("rejected");
    assert!(matches!(err, loomta::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(received(&server).await, 0);
}

/// A file name is written into the part's `Content-Disposition` header line.
/// One with a line break (from the caller, or from a file on disk: Linux
/// allows `\n` in names) must not start a header line of its own: CR, LF and
/// `"` are percent-encoded, as browsers do, so the name arrives whole.
#[tokio::test]
async fn a_file_name_with_a_line_break_cannot_add_a_part_header() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/public/v1/media",
        ResponseTemplate::new(201).set_body_json(json!({})),
    )
    .await;
    let file = FilePart::from_bytes(MP4, "launch.mp4\r\nX-Injected: 1\n\"X-Also\": 2");
    let result = loomta_at(&server.uri())
        .upload_media(UploadMediaForm::new(file))
        .await;
    assert!(result.is_ok(), "{result:?}");
    let requests = server.received_requests().await.expect("recording");
    let head = part_head(&requests[0].body, "file").expect("file part");
    let disposition = head.split("\r\n").next().unwrap_or_default();
    assert!(
        disposition.contains(r#"filename="launch.mp4%0D%0AX-Injected: 1%0A%22X-Also%22: 2""#),
        "the file name was not encoded: {head:?}"
    );
    assert!(
        !head
            .split(['\r', '\n'])
            .any(|line| line.starts_with("X-Injected") || line.starts_with("X-Also")),
        "a header line was injected: {head:?}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_key() {
    let elsewhere = MockServer::start().await;
    answer(
        &elsewhere,
        "GET",
        "/landing",
        ResponseTemplate::new(200).set_body_json(one_platform()),
    )
    .await;
    let api = MockServer::start().await;
    answer(
        &api,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(307)
            .insert_header("location", format!("{}/landing", elsewhere.uri())),
    )
    .await;
    loomta_at(&api.uri())
        .list_platforms()
        .await
        .expect("followed");
    let received = elsewhere.received_requests().await.expect("recording");
    assert_eq!(received.len(), 1);
    assert!(
        received[0].headers.get("authorization").is_none(),
        "the key crossed hosts"
    );
}

#[tokio::test]
async fn debug_and_display_never_show_the_key() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        PLATFORMS,
        ResponseTemplate::new(401)
            .set_body_json(api_error("invalid_api_key", "The API key is invalid.")),
    )
    .await;
    answer(
        &server,
        "POST",
        "/auth/device/start",
        ResponseTemplate::new(418),
    )
    .await;
    let builder = loomta::Client::builder().bearer_auth(KEY).session_auth(KEY);
    let mut shown = vec![format!("{builder:?}")];
    let client = loomta_at(&server.uri());
    shown.push(format!("{client:?}"));

    let api = client.list_platforms().await.expect_err("401");
    // `startDeviceAuthorization` documents no error status at all.
    let unexpected = client
        .start_device_authorization(None)
        .await
        .expect_err("418");
    let validation = client
        .create_media_folder(&CreateMediaFolderRequest {
            name: String::new(),
        })
        .await
        .expect_err("invalid");
    let transport = loomta_at(&refused_url())
        .with_retry(loomta::runtime::RetryPolicy::none())
        .list_platforms()
        .await
        .expect_err("refused");
    let server_side = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-length: 14\r\n\r\n{\"platforms\":1",
        false,
    )
    .await;
    let decode = loomta_at(&server_side)
        .list_platforms()
        .await
        .expect_err("decode");
    let too_large = loomta::Client::builder()
        .base_url(server.uri())
        .bearer_auth(KEY)
        .max_response_bytes(1)
        .build()
        .expect("client")
        .list_platforms()
        .await
        .expect_err("too large");
    let invalid_request = client
        .upload_media(UploadMediaForm::new(
            FilePart::from_bytes(MP4, "launch.mp4").with_content_type("video/mp4\r\nX: 1"),
        ))
        .await
        .expect_err("bad part");
    let bad_base = loomta::Client::builder()
        .bearer_auth(KEY)
        .base_url("not a url")
        .build()
        .expect_err("bad base");
    shown.push(format!("{bad_base} {bad_base:?}"));
    assert!(matches!(api, loomta::Error::Api(_)), "{api:?}");
    assert!(matches!(unexpected, loomta::Error::UnexpectedStatus(_)));
    assert!(matches!(validation, loomta::Error::Validation(_)));
    assert!(matches!(transport, loomta::Error::Transport(_)));
    assert!(matches!(decode, loomta::Error::Decode { .. }));
    assert!(matches!(too_large, loomta::Error::ResponseTooLarge { .. }));
    assert!(matches!(invalid_request, loomta::Error::InvalidRequest(_)));
    shown.push(format!("{api} {api:?}"));
    shown.push(format!("{unexpected} {unexpected:?}"));
    shown.push(format!("{validation} {validation:?}"));
    shown.push(format!("{transport} {transport:?}"));
    shown.push(format!("{decode} {decode:?}"));
    shown.push(format!("{too_large} {too_large:?}"));
    shown.push(format!("{invalid_request} {invalid_request:?}"));
    for text in &shown {
        assert_no_secret(text);
    }
}

/// The secrets the device login hands out (`device_code`, and the new API key
/// in `api_key`) are the Loomta counterparts of Loops' presigned URL.
#[tokio::test]
async fn device_login_secrets_are_redacted_by_debug() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/auth/device/token",
        ResponseTemplate::new(200).set_body_json(json!({"status": "approved", "api_key": KEY})),
    )
    .await;
    let body = loomta::types::PollDeviceTokenRequest {
        device_code: "dvc_9wQe3LrT7yUi1oPa5sDf".into(),
    };
    let token = loomta_at(&server.uri())
        .poll_device_token(&body)
        .await
        .expect("approved");
    assert_eq!(token.api_key, KEY, "the value itself is intact");
    assert_no_secret(&format!("{token:?}"));

    let device_code = "dvc_SECRET_9wQe3LrT7yUi";
    answer(
        &server,
        "POST",
        "/auth/device/start",
        ResponseTemplate::new(200).set_body_json(json!({
            "device_code": device_code,
            "user_code": "LMT-4HJK-8PRT",
            "interval": 5,
        })),
    )
    .await;
    let started = loomta_at(&server.uri())
        .start_device_authorization(None)
        .await
        .expect("started");
    assert_eq!(started.device_code.as_deref(), Some(device_code));
    let shown = format!("{started:?}");
    assert!(
        !shown.contains(device_code),
        "the device code leaked: {shown}"
    );
}

// ---- tracing --------------------------------------------------------------

#[tokio::test]
async fn each_request_is_a_span_with_its_facts_and_no_secrets() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());

    let server = MockServer::start().await;
    let route = format!("/public/v1/platforms/{PLATFORM_ID}/schema");
    on("GET", &route)
        .respond_with(ResponseTemplate::new(503).set_body_json(api_error("busy", "Busy.")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        &route,
        ResponseTemplate::new(200).set_body_json(json!({"platform": {}, "schema": {}})),
    )
    .await;
    let id = PLATFORM_ID.parse().expect("a UUID");
    loomta_at(&server.uri())
        .get_platform_schema(id)
        .await
        .expect("second attempt");

    let text = captured.text();
    assert!(text.contains("operation=\"getPlatformSchema\""), "{text}");
    assert!(text.contains("method=GET"), "{text}");
    assert!(
        text.contains("path=\"/public/v1/platforms/{id}/schema\""),
        "{text}"
    );
    assert!(text.contains("attempt=2"), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("duration_ms="), "{text}");
    assert!(text.contains("retrying after an error status"), "{text}");
    assert!(
        !text.contains(PLATFORM_ID),
        "the filled-in path was traced: {text}"
    );
    assert_no_secret(&text);
}
