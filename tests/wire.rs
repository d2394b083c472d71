//! The generated clients over real HTTP, against a mock server on 127.0.0.1.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn loops_client(server: &MockServer) -> loops::Client {
    loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-key")
        .build()
        .expect("client builds")
}

fn png_upload() -> loops::types::CreateUploadRequest {
    loops::types::CreateUploadRequest {
        content_type: loops::types::CreateUploadRequestContentType::ImagePng,
        content_length: 1234,
    }
}

/// Answers every `POST /v1/uploads` with `response`.
async fn mount_create_upload(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn loops_create_upload_sends_exact_json_with_bearer_auth() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .and(header("authorization", "Bearer test-key"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"contentType": "image/png", "contentLength": 1234}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_1",
            "presignedUrl": "https://storage.example.com/u/asset_1?X-Signature=secret",
        })))
        .expect(1)
        .mount(&server)
        .await;

    let created = loops_client(&server)
        .create_upload(&png_upload())
        .await
        .expect("created");
    assert_eq!(created.status(), 200);
    assert_eq!(created.email_asset_id, "asset_1");
    assert_eq!(
        created.presigned_url.host_str(),
        Some("storage.example.com")
    );
    assert_eq!(
        created.success, None,
        "`success` is optional: some API versions drop it"
    );
}

#[tokio::test]
async fn undocumented_status_and_undecodable_body_keep_the_raw_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(418).set_body_string("teapot"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_create_upload(
        &server,
        ResponseTemplate::new(200).set_body_string("{\"emailAssetId\": 7}"),
    )
    .await;
    let client = loops_client(&server);

    match client.create_upload(&png_upload()).await {
        Err(loops::Error::UnexpectedStatus(raw)) => {
            assert_eq!(raw.status, 418);
            assert_eq!(raw.text(), "teapot");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    match client.create_upload(&png_upload()).await {
        Err(loops::Error::Decode { response, .. }) => {
            assert_eq!(response.text(), "{\"emailAssetId\": 7}")
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn presigned_put_sends_raw_bytes_without_the_api_key() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/bucket/asset_1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let url: url::Url = format!("{}/bucket/asset_1?X-Signature=secret", server.uri())
        .parse()
        .unwrap();
    let body = loops::Body::from_bytes(b"\x89PNG fake".to_vec()).with_content_type("image/png");

    loops_client(&server)
        .upload_to_presigned_url(&url, body)
        .await
        .expect("uploaded");

    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1);
    let put = &requests[0];
    assert!(
        put.headers.get("authorization").is_none(),
        "the API key must not reach storage"
    );
    assert_eq!(put.headers.get("content-type").unwrap(), "image/png");
    assert_eq!(put.headers.get("content-length").unwrap(), "9");
    assert_eq!(put.url.query(), Some("X-Signature=secret"));
    assert_eq!(put.body, b"\x89PNG fake");
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads/..%2F..%2Fv1%2Fcontacts/complete"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "x", "finalUrl": "https://cdn.example.com/x.png"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let done = loops_client(&server)
        .complete_upload("../../v1/contacts")
        .await
        .expect("completed");
    assert_eq!(done.final_url.as_str(), "https://cdn.example.com/x.png");
}

#[tokio::test]
async fn loomta_multipart_upload_sends_every_part_with_its_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/public/v1/media"))
        .and(header("authorization", "Bearer loomta-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "mimeType": "image/jpeg", "mediaType": "image", "status": "SOMETHING_NEW"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = loomta::Client::builder()
        .base_url(server.uri())
        .bearer_auth("loomta-key")
        .build()
        .unwrap();
    let mut form = loomta::types::UploadMediaForm::new(
        loomta::FilePart::from_bytes(b"\xff\xd8\xff jpeg bytes".to_vec(), "cat.jpg")
            .with_content_type("image/jpeg"),
    );
    form.file_name = Some("kitty.jpg".into());
    form.media_type = Some(loomta::types::UploadMediaFormMediaType::Image);

    let media = client.upload_media(form).await.expect("uploaded");
    assert_eq!(
        media.status.as_ref().map(|s| s.as_str()),
        Some("SOMETHING_NEW"),
        "unknown enum values decode"
    );

    let requests = server.received_requests().await.unwrap();
    let req = &requests[0];
    let content_type = req.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&req.body);
    assert!(
        body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"cat.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"),
        "{body}"
    );
    let file_bytes: &[u8] = b"\xff\xd8\xff jpeg bytes";
    assert!(
        req.body.windows(file_bytes.len()).any(|w| w == file_bytes),
        "file bytes sent"
    );
    // Text parts carry no Content-Type of their own, as browsers and curl
    // send them; the file part keeps its type.
    assert!(
        body.contains("name=\"fileName\"\r\n\r\nkitty.jpg\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"mediaType\"\r\n\r\nimage\r\n"),
        "{body}"
    );
    assert!(
        !body.contains("name=\"folderId\""),
        "unset optional parts are not sent"
    );
}

#[tokio::test]
async fn debug_output_never_shows_the_key() {
    let client = loops::Client::new("super-secret-key").unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("super-secret-key"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}
