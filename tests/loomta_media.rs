//! The Loomta client over real HTTP (a mock server on 127.0.0.1): media
//! upload as multipart, its errors by `code`, and posting the uploaded media.

use loomta::operations::{CreatePostsError, UploadMediaError};
use loomta::types::{
    ApiErrorModelCode, CreatePostsRequest, CreatePostsRequestMode, MediaMediaType, MediaStatus,
    PostResultStatus, UploadMediaForm, UploadMediaFormMediaType, UploadMediaFormMimeType,
};
use loomta::FilePart;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const MP4_HEAD: &[u8] = b"\0\0\0\x18ftypisom\0\0\0\0isomiso2 rest of the video";
const MEDIA_ID: &str = "c3e8a1f4-6b2d-4e7a-8c9f-1a5b3d7e2f60";
const PLATFORM_ID: &str = "b7a2e9c4-1d6f-4e3b-8a5c-9f2d7b1e6c48";

fn client(server: &MockServer) -> loomta::Client {
    loomta::Client::builder()
        .base_url(server.uri())
        .bearer_auth("loomta-key")
        .build()
        .expect("client builds")
}

/// Every documented field of a media object.
fn full_media() -> serde_json::Value {
    json!({
        "id": MEDIA_ID,
        "storageKey": format!("media/ws/{MEDIA_ID}.mp4"),
        "publicUrl": format!("https://media.loomta.example/{MEDIA_ID}.mp4"),
        "previewUrl": format!("https://media.loomta.example/{MEDIA_ID}-preview.jpg"),
        "mimeType": "video/mp4",
        "size": 7340032,
        "mediaType": "video",
        "originalFileName": "launch.mp4",
        "status": "READY",
        "thumbnailMetadata": null,
        "finalizedAt": "2026-05-04T10:15:03Z",
        "folderId": null,
        "createdAt": "2026-05-04T10:15:00Z"
    })
}

async fn mount_upload(server: &MockServer, status: u16, body: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path("/public/v1/media"))
        .and(header("authorization", "Bearer loomta-key"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .up_to_n_times(1)
        .mount(server)
        .await;
}

/// The body of one multipart part, found by its name.
fn part<'r>(request: &'r Request, name: &str) -> Option<(String, &'r [u8])> {
    let content_type = request.headers.get("content-type")?.to_str().ok()?;
    let boundary = content_type.split("boundary=").nth(1)?.to_string();
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let marker = format!("name=\"{name}\"");
    let start = find(body, marker.as_bytes())?;
    let head_end = start + find(&body[start..], b"\r\n\r\n")? + 4;
    let end = head_end + find(&body[head_end..], delimiter.as_bytes())? - 2;
    let headers = String::from_utf8_lossy(&body[start..head_end]).into_owned();
    Some((headers, &body[head_end..end]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn upload_media_streams_a_file_with_every_optional_part() {
    let server = MockServer::start().await;
    mount_upload(&server, 201, full_media()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("launch.mp4");
    std::fs::write(&file, MP4_HEAD).unwrap();

    let form = UploadMediaForm::new(FilePart::from_path(&file).await.unwrap())
        .file_name("launch-video.mp4")
        .mime_type(UploadMediaFormMimeType::VideoMp4)
        .media_type(UploadMediaFormMediaType::Video)
        .folder_id("null");
    let media = client(&server).upload_media(form).await.expect("uploaded");

    assert_eq!(media.status(), 201);
    assert_eq!(media.id.map(|id| id.to_string()).as_deref(), Some(MEDIA_ID));
    assert_eq!(
        media.storage_key.as_deref(),
        Some(&*format!("media/ws/{MEDIA_ID}.mp4"))
    );
    assert_eq!(
        media.public_url.as_ref().map(|u| u.as_str()),
        Some(&*format!("https://media.loomta.example/{MEDIA_ID}.mp4"))
    );
    assert!(media.preview_url.is_some());
    assert_eq!(media.mime_type.as_deref(), Some("video/mp4"));
    assert_eq!(media.size, Some(Some(7_340_032)));
    assert_eq!(media.media_type, Some(MediaMediaType::Video));
    assert_eq!(media.original_file_name.as_deref(), Some("launch.mp4"));
    assert_eq!(media.status, Some(MediaStatus::Ready));
    assert_eq!(
        media.thumbnail_metadata,
        Some(None),
        "null is kept apart from absent"
    );
    assert_eq!(
        media
            .finalized_at
            .flatten()
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2026-05-04T10:15:03+00:00")
    );
    assert_eq!(media.folder_id, Some(None));
    assert!(media.created_at.is_some());

    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    let (file_head, bytes) = part(request, "file").expect("file part");
    assert!(
        file_head.contains("filename=\"launch.mp4\"")
            && file_head.contains("Content-Type: video/mp4"),
        "the part carries the file's name and its detected type: {file_head}"
    );
    assert_eq!(bytes, MP4_HEAD);
    for (name, value) in [
        ("fileName", "launch-video.mp4"),
        ("mimeType", "video/mp4"),
        ("mediaType", "video"),
        ("folderId", "null"),
    ] {
        let (_, got) = part(request, name).unwrap_or_else(|| panic!("part {name}"));
        assert_eq!(got, value.as_bytes(), "part {name}");
    }
}

#[tokio::test]
async fn a_sparse_media_reply_decodes_and_new_enum_values_are_kept() {
    let server = MockServer::start().await;
    // The reply documented for an upload still being processed.
    mount_upload(
        &server,
        200,
        json!({"mimeType": "image/jpeg", "mediaType": "image", "status": "PENDING"}),
    )
    .await;
    mount_upload(
        &server,
        200,
        json!({"mediaType": "hologram", "status": "ARCHIVED"}),
    )
    .await;
    let client = client(&server);
    let form = || {
        UploadMediaForm::new(FilePart::from_bytes(
            &b"\xff\xd8\xff\xe0 jpeg"[..],
            "cat.jpg",
        ))
    };

    let media = client.upload_media(form()).await.unwrap();
    assert_eq!(media.status, Some(MediaStatus::Pending));
    assert_eq!(media.media_type, Some(MediaMediaType::Image));
    assert_eq!(media.id, None);

    let media = client.upload_media(form()).await.unwrap();
    assert_eq!(media.media_type, Some(MediaMediaType::from("hologram")));
    assert_eq!(media.status.as_ref().map(|s| s.as_str()), Some("ARCHIVED"));
}

#[tokio::test]
async fn upload_errors_can_be_branched_on_by_code() {
    let server = MockServer::start().await;
    let cases = [
        (
            400,
            "invalid_media_file",
            "The file field is required.",
            ApiErrorModelCode::InvalidMediaFile,
        ),
        (
            400,
            "unsupported_media_type",
            "Only images and videos.",
            ApiErrorModelCode::UnsupportedMediaType,
        ),
        (
            401,
            "missing_api_key",
            "A Bearer API key is required.",
            ApiErrorModelCode::MissingApiKey,
        ),
        (
            401,
            "invalid_api_key",
            "The API key is invalid.",
            ApiErrorModelCode::InvalidApiKey,
        ),
        (
            400,
            "file_too_long",
            "Videos may last 10 minutes.",
            ApiErrorModelCode::from("file_too_long"),
        ),
    ];
    let client = client(&server);
    for (status, code, message, expected) in cases {
        mount_upload(&server, status, json!({"code": code, "message": message})).await;
        let form = UploadMediaForm::new(FilePart::from_bytes(&b"x"[..], "x.jpg"));
        let err = client.upload_media(form).await.unwrap_err();
        let body = match (status, err.api_error()) {
            (400, Some(UploadMediaError::BadRequest(e))) => e,
            (401, Some(UploadMediaError::Unauthorized(e))) => e,
            (_, other) => panic!("{status} {code}: wrong variant {other:?}"),
        };
        assert_eq!(body.code, expected);
        assert_eq!(body.code.as_str(), code, "unknown codes are kept as text");
        assert_eq!(body.message, message);
    }

    // `details` carries structured context when present.
    mount_upload(
        &server,
        400,
        json!({"code": "invalid_request", "message": "Invalid.", "details": [{"path": ["mediaType"], "message": "Invalid enum value"}]}),
    )
    .await;
    let form = UploadMediaForm::new(FilePart::from_bytes(&b"x"[..], "x.jpg"));
    let err = client.upload_media(form).await.unwrap_err();
    match err.api_error() {
        Some(UploadMediaError::BadRequest(e)) => {
            assert_eq!(e.code, ApiErrorModelCode::InvalidRequest);
            assert_eq!(e.details.clone().unwrap()[0]["path"][0], "mediaType");
        }
        other => panic!("wrong variant {other:?}"),
    }
}

#[tokio::test]
async fn a_mime_type_outside_the_list_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let form =
        UploadMediaForm::new(FilePart::from_bytes(&b"x"[..], "x.gif")).mime_type("image/gif");
    match client(&server).upload_media(form).await {
        Err(loomta::Error::Validation(v)) => {
            let rule = &v.field("mimeType").expect("names the field").rule;
            assert!(
                rule.starts_with("must be one of `image/jpeg`, `image/webp`, `video/mp4`"),
                "{rule}"
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn uploaded_media_is_posted_and_each_platform_result_decodes() {
    let server = MockServer::start().await;
    mount_upload(&server, 201, full_media()).await;
    Mock::given(method("POST"))
        .and(path("/public/v1/posts"))
        .and(header("authorization", "Bearer loomta-key"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "platformIds": [PLATFORM_ID],
            "content": "Three things we shipped this week",
            "mode": "now",
            "mediaIds": [MEDIA_ID],
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "results": [
                {
                    "platformId": PLATFORM_ID,
                    "status": "created",
                    "post": {
                        "root": {
                            "id": "e2c9a6f1-8b4d-4f7e-a1c3-5b9d2e7f4a16",
                            "groupId": "a4f7c1e9-5b2d-4c8a-9e3f-6d1b8a2c7e53",
                            "parentPostId": null,
                            "integrationId": PLATFORM_ID,
                            "content": "Three things we shipped this week",
                            "state": "QUEUE",
                            "scheduledFor": null,
                            "delayInMinutes": null,
                            "releaseId": null,
                            "releaseUrl": null,
                            "settings": {"privacy_level": "SELF_ONLY"},
                            "mediaIds": [MEDIA_ID],
                            "errorText": null,
                            "createdAt": "2026-05-04T10:15:00Z",
                            "updatedAt": "2026-05-04T10:15:00Z"
                        }
                    }
                },
                {
                    "platformId": "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6",
                    "status": "failed",
                    "code": "platform_not_found",
                    "message": "The platform is disconnected."
                }
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let media = client
        .upload_media(UploadMediaForm::new(FilePart::from_bytes(
            MP4_HEAD,
            "launch.mp4",
        )))
        .await
        .unwrap();
    let media_id = media.id.expect("the media id").to_string();
    let request = CreatePostsRequest::new(
        vec![PLATFORM_ID.to_string()],
        "Three things we shipped this week",
        CreatePostsRequestMode::Now,
    )
    .media_ids(vec![media_id]);
    let posted = client.create_posts(&request).await.expect("posted");

    assert_eq!(posted.status(), 201);
    let [created, failed] = &posted.results[..] else {
        panic!("two results: {:?}", posted.results)
    };
    assert_eq!(created.status, PostResultStatus::Created);
    let root = &created.post.as_ref().expect("the created post").root;
    assert_eq!(root.media_ids.as_deref(), Some(&[MEDIA_ID.to_string()][..]));
    assert_eq!(failed.status.as_str(), "failed", "other outcomes are kept");
    assert_eq!(
        failed.additional_properties.get("code"),
        Some(&json!("platform_not_found")),
        "undescribed fields of a failed result are kept"
    );
}

#[tokio::test]
async fn post_errors_decode_by_code() {
    let server = MockServer::start().await;
    for (status, code) in [(404, "platform_not_found"), (409, "post_limit_reached")] {
        Mock::given(method("POST"))
            .and(path("/public/v1/posts"))
            .respond_with(
                ResponseTemplate::new(status).set_body_json(json!({"code": code, "message": "no"})),
            )
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let request = CreatePostsRequest::new(
            vec![PLATFORM_ID.to_string()],
            "hi",
            CreatePostsRequestMode::Draft,
        );
        let err = client(&server).create_posts(&request).await.unwrap_err();
        match (status, err.api_error()) {
            (404, Some(CreatePostsError::NotFound(e))) => {
                assert_eq!(e.code, ApiErrorModelCode::PlatformNotFound)
            }
            (409, Some(CreatePostsError::Conflict(e))) => {
                assert_eq!(e.code, ApiErrorModelCode::PostLimitReached)
            }
            (_, other) => panic!("{status}: wrong variant {other:?}"),
        }
    }
}

#[tokio::test]
async fn post_limits_are_checked_before_sending() {
    let server = MockServer::start().await;
    let request = CreatePostsRequest::new(Vec::new(), "", CreatePostsRequestMode::Now);
    match client(&server).create_posts(&request).await {
        Err(loomta::Error::Validation(v)) => {
            assert_eq!(
                v.to_string(),
                "`platformIds` must have at least 1 item (got 0); `content` must have at least 1 character (got 0)"
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn from_env_reads_the_key_named_in_the_spec_and_explains_when_it_is_unset() {
    assert_eq!(loomta::Client::API_KEY_ENV, "LOOMTA_API_KEY");
    // This test binary's only reader of the variable is this test.
    std::env::remove_var("LOOMTA_API_KEY");
    let err = loomta::Client::from_env().unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("LOOMTA_API_KEY is not set") && message.contains("export LOOMTA_API_KEY="),
        "{message}"
    );
    std::env::set_var("LOOMTA_API_KEY", "from-env-key");
    let client = loomta::Client::from_env().expect("reads the key");
    assert!(!format!("{client:?}").contains("from-env-key"));
    std::env::remove_var("LOOMTA_API_KEY");
}

#[test]
fn the_default_server_is_the_documented_one() {
    assert_eq!(loomta::DEFAULT_BASE_URL, "https://api.loomta.com");
}
