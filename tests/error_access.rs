//! Errors answer the usual questions in one call each, over real HTTP (a
//! mock server on 127.0.0.1): the status, whether to retry, the typed error
//! body, the raw body and `Retry-After`, on a plain operation's error and
//! on the Loops upload flow's error, whichever step failed. (`request_id()`
//! is tested in `runtime_names.rs`: Loops documents no request-id header.)

use loops::operations::{CreateUploadError, UploadImageError, UploadToPresignedUrlError};
use loops::runtime::{RetryPolicy, Upload};
use loops::types::{CreateUploadRequest, CreateUploadRequestContentType};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png body";

/// A Loops client at `base_url` that never retries, so each error is the first answer.
fn client(base_url: &str) -> loops::Client {
    loops::Client::builder()
        .base_url(base_url)
        .bearer_auth("test-key")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn png_request() -> CreateUploadRequest {
    CreateUploadRequest {
        content_type: CreateUploadRequestContentType::ImagePng,
        content_length: PNG.len() as i64,
    }
}

/// `POST /v1/uploads` answers 429 with the allowance and `Retry-After: 120`, once.
async fn mount_rate_limited_create(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "120")
                .set_body_json(
                    json!({"message": "Upload limit reached", "maxUploads": 50, "windowHours": 24}),
                ),
        )
        .expect(1)
        .mount(server)
        .await;
}

/// A raw body read as JSON.
fn json_of(raw: Option<&[u8]>) -> serde_json::Value {
    serde_json::from_slice(raw.expect("a raw body")).expect("the raw body is JSON")
}

#[tokio::test]
async fn a_plain_operation_error_answers_each_question_in_one_call() {
    let server = MockServer::start().await;
    mount_rate_limited_create(&server).await;
    let err = client(&server.uri())
        .create_upload(&png_request())
        .await
        .expect_err("429 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(err.header("Retry-After"), Some("120"));
    match err.api_error() {
        Some(CreateUploadError::TooManyRequests(limit)) => {
            assert_eq!(limit.max_uploads, Some(50));
            assert_eq!(limit.window_hours, Some(24));
            assert_eq!(limit.message.as_deref(), Some("Upload limit reached"));
        }
        other => panic!("expected the typed 429, got {other:?}"),
    }
    assert_eq!(
        json_of(err.body().map(|b| &b[..])),
        json!({"message": "Upload limit reached", "maxUploads": 50, "windowHours": 24})
    );
}

#[tokio::test]
async fn retryable_follows_the_retry_policy_rules() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"message": "bad type"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(503).set_body_string("maintenance"))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    // A documented 400: typed, not worth retrying.
    let refused = client.create_upload(&png_request()).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(400));
    assert!(!refused.is_retryable());
    assert!(matches!(
        refused.api_error(),
        Some(CreateUploadError::BadRequest(_))
    ));
    assert_eq!(refused.retry_after(), None);

    // An undocumented 503: no typed body, the raw one kept, worth retrying.
    let down = client.create_upload(&png_request()).await.unwrap_err();
    assert_eq!(down.status().map(|s| s.as_u16()), Some(503));
    assert!(down.is_retryable());
    assert!(down.api_error().is_none());
    assert_eq!(down.body().map(|b| &b[..]), Some(&b"maintenance"[..]));

    // Refused before sending: no response, nothing to retry.
    let mut invalid = png_request();
    invalid.content_length = 0;
    let local = client.create_upload(&invalid).await.unwrap_err();
    assert_eq!(local.status(), None);
    assert!(!local.is_retryable());
    assert!(local.body().is_none());
}

#[tokio::test]
async fn a_refused_connection_is_retryable_and_has_no_response() {
    // A port that was just free and is closed again: the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let err = client(&format!("http://{addr}"))
        .create_upload(&png_request())
        .await
        .unwrap_err();
    assert!(matches!(err, loops::Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert!(err.body().is_none() && err.headers().is_none());
}

#[tokio::test]
async fn the_upload_flow_error_answers_for_the_step_that_failed() {
    let server = MockServer::start().await;
    mount_rate_limited_create(&server).await;
    let err = client(&server.uri())
        .upload_image(Upload::from_bytes(PNG))
        .await
        .expect_err("the create step answers 429");

    assert!(matches!(err, UploadImageError::Create(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    match err.create_api_error() {
        Some(CreateUploadError::TooManyRequests(limit)) => {
            assert_eq!(
                (limit.max_uploads, limit.window_hours),
                (Some(50), Some(24))
            );
        }
        other => panic!("expected the typed 429, got {other:?}"),
    }
    assert!(err.upload_api_error().is_none() && err.complete_api_error().is_none());
    assert_eq!(
        json_of(err.body().map(|b| &b[..])),
        json!({"message": "Upload limit reached", "maxUploads": 50, "windowHours": 24})
    );
    assert!(err.headers().is_some_and(|h| h.contains_key("retry-after")));
}

#[tokio::test]
async fn a_flow_failing_at_storage_or_before_sending_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_1",
            "presignedUrl": format!("{}/storage/asset_1", server.uri()),
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/storage/asset_1"))
        .respond_with(
            ResponseTemplate::new(403).set_body_string("<Error><Code>AccessDenied</Code></Error>"),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let err = client
        .upload_image(Upload::from_bytes(PNG))
        .await
        .expect_err("storage refuses the bytes");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert!(!err.is_retryable());
    assert_eq!(
        err.upload_api_error(),
        Some(&UploadToPresignedUrlError::Forbidden)
    );
    assert!(err.create_api_error().is_none());
    assert_eq!(
        err.body().map(|b| &b[..]),
        Some(&b"<Error><Code>AccessDenied</Code></Error>"[..])
    );

    // An unusable file fails before anything is sent: no status, no body.
    let err = client
        .upload_image(Upload::from_bytes(&b"???"[..]))
        .await
        .expect_err("the type cannot be told");
    assert!(matches!(err, UploadImageError::Input(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(!err.is_retryable());
    assert!(err.body().is_none() && err.retry_after().is_none());
}
