//! The Loops image upload over real HTTP (a mock server on 127.0.0.1): the
//! three calls one by one, the one-call flow, and every documented error.

use futures_util::stream;
use loops::operations::{
    CompleteUploadError, CreateUploadError, UploadImageError, UploadToPresignedUrlError,
};
use loops::runtime::{Upload, UploadError};
use loops::types::{CreateUploadRequest, CreateUploadRequestContentType as ContentType};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png body";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0 fake gif body";
const WEBP: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 fake webp body";
const BMP: &[u8] = b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0 fake bmp body";

fn client(server: &MockServer) -> loops::Client {
    loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-key")
        .build()
        .expect("client builds")
}

/// Mounts the three steps for one asset; each must happen exactly `times`.
/// The presigned URL points back at the mock, under `/storage`.
async fn mount_flow(server: &MockServer, content_type: &str, length: usize, times: u64) {
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .and(header("authorization", "Bearer test-key"))
        .and(body_json(
            json!({"contentType": content_type, "contentLength": length}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "emailAssetId": "asset_1",
            "presignedUrl": format!("{}/storage/asset_1?X-Amz-Signature=s3cr3t", server.uri()),
        })))
        .expect(times)
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/storage/asset_1"))
        .and(header("content-type", content_type))
        .and(header("content-length", length.to_string().as_str()))
        .respond_with(ResponseTemplate::new(200))
        .expect(times)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads/asset_1/complete"))
        .and(header("authorization", "Bearer test-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_1",
            "finalUrl": "https://images.example.com/asset_1/logo.png",
        })))
        .expect(times)
        .mount(server)
        .await;
}

/// Answers any `POST /v1/uploads` with asset `asset_1` and a presigned URL
/// on the mock at `storage_path`.
async fn mount_create(server: &MockServer, storage_path: &str) {
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_1",
            "presignedUrl": format!("{}{storage_path}", server.uri()),
        })))
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// `METHOD /path` of each request, in the order they arrived.
async fn calls(server: &MockServer) -> Vec<String> {
    received(server)
        .await
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

fn invalid(err: UploadImageError) -> loops::runtime::Violations {
    match err {
        UploadImageError::Input(UploadError::Invalid(v)) => v,
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[tokio::test]
async fn upload_image_from_a_path_creates_puts_and_completes() {
    let server = MockServer::start().await;
    mount_flow(&server, "image/png", PNG.len(), 1).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("logo.bin");
    std::fs::write(&file, PNG).unwrap();

    let done = client(&server)
        .upload_image(Upload::from_path(&file))
        .await
        .expect("uploaded");

    assert_eq!(done.email_asset_id, "asset_1");
    assert_eq!(
        done.final_url.as_str(),
        "https://images.example.com/asset_1/logo.png"
    );
    assert_eq!(
        calls(&server).await,
        [
            "POST /v1/uploads",
            "PUT /storage/asset_1",
            "POST /v1/uploads/asset_1/complete"
        ]
    );
    let put = &received(&server).await[1];
    assert!(
        put.headers.get("authorization").is_none(),
        "the Loops key must not reach storage"
    );
    assert_eq!(put.url.query(), Some("X-Amz-Signature=s3cr3t"));
    assert_eq!(put.body, PNG, "the raw bytes, not JSON or multipart");
}

#[tokio::test]
async fn upload_image_detects_the_type_from_bytes_streams_and_file_names() {
    let server = MockServer::start().await;
    mount_flow(&server, "image/gif", GIF.len(), 1).await;
    client(&server)
        .upload_image(Upload::from_bytes(GIF))
        .await
        .expect("gif from bytes");

    let server = MockServer::start().await;
    mount_flow(&server, "image/webp", WEBP.len(), 1).await;
    let chunks = stream::iter(
        WEBP.chunks(7)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    client(&server)
        .upload_image(Upload::from_stream(chunks, WEBP.len() as u64))
        .await
        .expect("webp from a stream");
    assert_eq!(received(&server).await[1].body, WEBP, "chunks sent whole");

    // No magic number: the extension decides.
    let server = MockServer::start().await;
    let bytes = b"no magic here";
    mount_flow(&server, "image/jpeg", bytes.len(), 1).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("photo.JPG");
    std::fs::write(&file, bytes).unwrap();
    client(&server)
        .upload_image(Upload::from_path(&file))
        .await
        .expect("jpeg by extension");

    // The caller's type wins over detection.
    let server = MockServer::start().await;
    mount_flow(&server, "image/webp", PNG.len(), 1).await;
    client(&server)
        .upload_image(Upload::from_bytes(PNG).with_content_type("image/webp"))
        .await
        .expect("caller's type");
}

#[tokio::test]
async fn upload_image_checks_type_and_size_before_sending_anything() {
    let server = MockServer::start().await;
    let client = client(&server);

    let v = invalid(
        client
            .upload_image(
                Upload::from_bytes(vec![0xFF, 0xD8, 0xFF, 0]).with_content_type("image/svg+xml"),
            )
            .await
            .unwrap_err(),
    );
    let rule = &v.field("contentType").expect("names the field").rule;
    assert!(
        rule.contains("`image/jpeg`, `image/png`, `image/gif`, `image/webp`"),
        "{rule}"
    );
    assert!(rule.contains("image/svg+xml"), "{rule}");

    let v = invalid(
        client
            .upload_image(Upload::from_bytes(BMP))
            .await
            .unwrap_err(),
    );
    assert!(v.to_string().contains("looks like `image/bmp`"), "{v}");

    let v = invalid(
        client
            .upload_image(Upload::from_bytes(&b"???"[..]))
            .await
            .unwrap_err(),
    );
    assert!(v.to_string().contains("with_content_type"), "{v}");

    let mut too_big = PNG.to_vec();
    too_big.resize(4_000_001, 0);
    let v = invalid(
        client
            .upload_image(Upload::from_bytes(too_big))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        v.field("contentLength").map(|v| v.rule.as_str()),
        Some("must be at most 4000000 (got 4000001)")
    );

    let v = invalid(
        client
            .upload_image(Upload::from_bytes(Vec::new()).with_content_type("image/png"))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        v.field("contentLength").map(|v| v.rule.as_str()),
        Some("must be at least 1 (got 0)")
    );

    match client
        .upload_image(Upload::from_path("/no/such/dir/logo.png"))
        .await
    {
        Err(UploadImageError::Input(UploadError::Io { path, .. })) => {
            assert_eq!(path, std::path::Path::new("/no/such/dir/logo.png"))
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_failed_put_stops_the_flow_before_complete() {
    let server = MockServer::start().await;
    mount_create(&server, "/storage/asset_1?sig=x").await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(403).set_body_string("<Error><Code>AccessDenied</Code></Error>"),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .upload_image(Upload::from_bytes(PNG))
        .await
        .unwrap_err();
    match &err {
        UploadImageError::Upload(e) => {
            assert_eq!(e.status().map(|s| s.as_u16()), Some(403));
            assert_eq!(e.api_error(), Some(&UploadToPresignedUrlError::Forbidden));
            assert!(e.body().is_some_and(|b| b.starts_with(b"<Error>")));
        }
        other => panic!("expected the upload step to fail, got {other:?}"),
    }
    assert!(
        err.to_string().starts_with("uploadToPresignedUrl: "),
        "{err}"
    );
    assert_eq!(
        calls(&server).await,
        ["POST /v1/uploads", "PUT /storage/asset_1"],
        "complete is not called after a failed PUT"
    );
}

#[tokio::test]
async fn a_stream_shorter_than_declared_fails_instead_of_completing() {
    let server = MockServer::start().await;
    mount_create(&server, "/storage/asset_1").await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads/asset_1/complete"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let chunks = stream::iter([Ok::<_, std::io::Error>(PNG.to_vec())]);
    let err = client(&server)
        .upload_image(Upload::from_stream(chunks, PNG.len() as u64 + 10))
        .await
        .unwrap_err();
    assert!(matches!(err, UploadImageError::Upload(_)), "{err:?}");
}

#[tokio::test]
async fn create_upload_rejects_values_outside_the_spec_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (length, rule) in [
        (0, "must be at least 1 (got 0)"),
        (4_000_001, "must be at most 4000000 (got 4000001)"),
    ] {
        let request = CreateUploadRequest {
            content_type: ContentType::ImagePng,
            content_length: length,
        };
        match client.create_upload(&request).await {
            Err(loops::Error::Validation(v)) => {
                assert_eq!(
                    v.field("contentLength").map(|v| v.rule.as_str()),
                    Some(rule)
                )
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
    let request = CreateUploadRequest {
        content_type: ContentType::from("image/tiff"),
        content_length: 10,
    };
    let err = client.create_upload(&request).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: `contentType` must be one of `image/jpeg`, `image/png`, `image/gif`, `image/webp` (got `image/tiff`)"
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

/// Answers `METHOD path` with `status` and a JSON body.
async fn answer(server: &MockServer, verb: &str, at: &str, status: u16, body: serde_json::Value) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .up_to_n_times(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn create_upload_errors_decode_with_their_fields() {
    let server = MockServer::start().await;
    let client = client(&server);
    let request = CreateUploadRequest {
        content_type: ContentType::ImageWebp,
        content_length: 100,
    };
    let types = ["image/jpeg", "image/png", "image/gif", "image/webp"];
    let cases = [
        (
            400,
            json!({"success": false, "message": "Unsupported content type.", "supportedContentTypes": types}),
        ),
        (401, json!({"success": false, "message": "Invalid API key"})),
        (
            413,
            json!({"message": "File too large", "maxBytes": 4000000}),
        ),
        (
            429,
            json!({"message": "Upload limit exceeded", "maxUploads": 50, "windowHours": 24}),
        ),
    ];
    for (status, body) in cases {
        answer(&server, "POST", "/v1/uploads", status, body).await;
        let err = client.create_upload(&request).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        match (status, err.api_error()) {
            (400, Some(CreateUploadError::BadRequest(e))) => {
                assert_eq!(e.message, "Unsupported content type.");
                assert_eq!(
                    e.supported_content_types.as_deref(),
                    Some(&types.map(String::from)[..])
                );
            }
            (401, Some(CreateUploadError::Unauthorized(e))) => {
                assert_eq!(e.message.as_deref(), Some("Invalid API key"))
            }
            (413, Some(CreateUploadError::PayloadTooLarge(e))) => {
                assert_eq!(e.max_bytes, Some(4_000_000))
            }
            (429, Some(CreateUploadError::TooManyRequests(e))) => {
                assert_eq!(e.message.as_deref(), Some("Upload limit exceeded"));
                assert_eq!((e.max_uploads, e.window_hours), (Some(50), Some(24)));
            }
            (_, other) => panic!("{status}: wrong variant {other:?}"),
        }
    }
    // A 401 with no body at all (the newer API) is still the 401 variant.
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let err = client.create_upload(&request).await.unwrap_err();
    assert!(
        matches!(err.api_error(), Some(CreateUploadError::Unauthorized(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn complete_upload_errors_decode_with_their_fields() {
    let server = MockServer::start().await;
    let client = client(&server);
    let at = "/v1/uploads/asset_1/complete";
    let cases = [
        (400, json!({"message": "Unsupported content type."})),
        (401, json!({"message": "Invalid API key"})),
        (
            404,
            json!({"success": false, "message": "Upload not found."}),
        ),
        (
            425,
            json!({"success": false, "message": "Upload not yet available."}),
        ),
        (
            429,
            json!({"message": "Upload limit exceeded", "maxUploads": 50, "windowHours": 24}),
        ),
    ];
    for (status, body) in cases {
        answer(&server, "POST", at, status, body).await;
        let err = client.complete_upload("asset_1").await.unwrap_err();
        match (status, err.api_error()) {
            (400, Some(CompleteUploadError::BadRequest(e))) => {
                assert_eq!(e.message, "Unsupported content type.")
            }
            (401, Some(CompleteUploadError::Unauthorized(e))) => {
                assert_eq!(e.message.as_deref(), Some("Invalid API key"))
            }
            (404, Some(CompleteUploadError::NotFound(e))) => {
                assert_eq!(e.message, "Upload not found.");
                assert_eq!(e.success, Some(false));
            }
            (425, Some(CompleteUploadError::TooEarly(e))) => {
                assert_eq!(e.message, "Upload not yet available.")
            }
            (429, Some(CompleteUploadError::TooManyRequests(e))) => {
                assert_eq!((e.max_uploads, e.window_hours), (Some(50), Some(24)))
            }
            (_, other) => panic!("{status}: wrong variant {other:?}"),
        }
    }
}

#[tokio::test]
async fn flow_errors_say_which_step_failed() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v1/uploads",
        429,
        json!({"message": "Upload limit exceeded", "maxUploads": 50, "windowHours": 24}),
    )
    .await;
    let err = client(&server)
        .upload_image(Upload::from_bytes(PNG))
        .await
        .unwrap_err();
    match &err {
        UploadImageError::Create(e) => assert!(matches!(
            e.api_error(),
            Some(CreateUploadError::TooManyRequests(_))
        )),
        other => panic!("expected the create step to fail, got {other:?}"),
    }
    assert_eq!(calls(&server).await, ["POST /v1/uploads"]);

    let server = MockServer::start().await;
    mount_create(&server, "/storage/asset_1").await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/v1/uploads/asset_1/complete",
        404,
        json!({"message": "Upload not found."}),
    )
    .await;
    let err = client(&server)
        .upload_image(Upload::from_bytes(PNG))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, UploadImageError::Complete(e) if matches!(e.api_error(), Some(CompleteUploadError::NotFound(_)))),
        "{err:?}"
    );
}

#[test]
fn the_default_server_and_key_variable_are_the_documented_ones() {
    assert_eq!(loops::DEFAULT_BASE_URL, "https://app.loops.so/api");
    assert_eq!(loops::Client::API_KEY_ENV, "LOOPS_API_KEY");
    // This test binary's only reader of the variable is this test.
    std::env::remove_var("LOOPS_API_KEY");
    let message = loops::Client::from_env().unwrap_err().to_string();
    assert!(
        message.contains("LOOPS_API_KEY is not set") && message.contains("export LOOPS_API_KEY="),
        "{message}"
    );
    std::env::set_var("LOOPS_API_KEY", "from-env-key");
    let client = loops::Client::from_env().expect("reads the key");
    assert_eq!(client.base_url(), "https://app.loops.so/api");
    std::env::remove_var("LOOPS_API_KEY");
}

/// A POST with no body says so with `Content-Length: 0` (RFC 9110 §8.6):
/// strict proxies answer 411 to one without it. A GET carries none.
#[tokio::test]
async fn a_post_without_a_body_sends_content_length_zero() {
    let server = MockServer::start().await;
    let client = client(&server);
    answer(
        &server,
        "POST",
        "/v1/uploads/asset_1/complete",
        200,
        json!({"emailAssetId": "asset_1", "finalUrl": "https://cdn.example.com/a.png"}),
    )
    .await;
    client.complete_upload("asset_1").await.expect("completed");
    let requests = server.received_requests().await.expect("recorded");
    let sent = &requests[0];
    assert!(sent.body.is_empty());
    assert_eq!(
        sent.headers
            .get("content-length")
            .and_then(|v| v.to_str().ok()),
        Some("0"),
        "{:?}",
        sent.headers
    );
}
