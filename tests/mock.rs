//! The `mock` feature of the generated crates: a `Mock` answers a client's
//! calls in process by typed rules, and the client works through it as it
//! does over HTTP. No test here opens a socket; one asserts it.

use std::time::Duration;

use futures_util::TryStreamExt;
use loomta::types::{
    CreatePostsRequest, CreatePostsRequestMode, CreatePostsResponse, Media, PostResult,
    PostResultStatus, UploadMediaForm, UploadMediaFormMimeType,
};
use loops::operations::CreateUploadError;
use loops::runtime::Upload;
use loops::types::{
    CompleteUploadResponse, CreateUploadRequest, CreateUploadRequestContentType,
    CreateUploadResponse, Pagination, TransactionalEmail, TransactionalEmailList,
    UploadRateLimitError,
};

/// A PNG signature followed by a few bytes: enough to be sniffed as `image/png`.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn created() -> CreateUploadResponse {
    let url: url::Url = "https://storage.example.com/bucket/asset1?X-Amz-Signature=secret"
        .parse()
        .expect("url");
    CreateUploadResponse::new("asset1", url)
}

fn completed() -> CompleteUploadResponse {
    let url: url::Url = "https://cdn.example.com/asset1.png".parse().expect("url");
    CompleteUploadResponse::new("asset1", url)
}

fn quota() -> UploadRateLimitError {
    let mut limit = UploadRateLimitError::new();
    limit.max_uploads = Some(100);
    limit.window_hours = Some(24);
    limit
}

/// The sockets this process holds (`socket:[inode]`, from `/proc/self/fd`
/// on Linux); `None` elsewhere.
fn sockets() -> Option<std::collections::BTreeSet<String>> {
    let entries = std::fs::read_dir("/proc/self/fd").ok()?;
    Some(
        entries
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_link(e.path()).ok())
            .map(|target| target.to_string_lossy().into_owned())
            .filter(|target| target.starts_with("socket:"))
            .collect(),
    )
}

/// Sockets held now that were not held `before`.
fn new_sockets(before: &Option<std::collections::BTreeSet<String>>) -> Vec<String> {
    match (before, sockets()) {
        (Some(before), Some(now)) => now.difference(before).cloned().collect(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn a_typed_success_answers_and_the_typed_call_is_kept() {
    let mock = loops::mock::Mock::new();
    let create = mock.create_upload().ok(created());
    let client = mock.client();

    let request = CreateUploadRequest::new(CreateUploadRequestContentType::ImagePng, 2048);
    let reply = client.create_upload(&request).await.expect("answered");

    assert_eq!(reply.status().as_u16(), 200);
    assert_eq!(reply.email_asset_id, "asset1");
    let calls = create.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].body, request);
    assert_eq!(calls[0].request.method, "POST");
    assert_eq!(calls[0].request.url.path(), "/api/v1/uploads");
}

#[tokio::test]
async fn a_typed_error_has_its_documented_status_and_body() {
    let mock = loops::mock::Mock::new();
    mock.create_upload()
        .error(CreateUploadError::TooManyRequests(quota()));
    let client = mock.client();

    let request = CreateUploadRequest::new(CreateUploadRequestContentType::ImagePng, 2048);
    let err = client.create_upload(&request).await.expect_err("429");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    match err.api_error() {
        Some(CreateUploadError::TooManyRequests(body)) => assert_eq!(*body, quota()),
        other => panic!("expected the typed 429, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn retries_follow_a_sequence_and_retry_after_without_real_waiting() {
    let mock = loops::mock::Mock::new();
    let pages = mock
        .list_transactional_emails()
        .reply(loops::mock::Reply::raw(503, "busy").header("Retry-After", "3"))
        .reply(loops::mock::Reply::raw(503, "busy").header("Retry-After", "3"))
        .ok(page(&["te1"], None));
    let client = mock.client();
    let started = tokio::time::Instant::now();
    let real = std::time::Instant::now();

    let params = loops::operations::ListTransactionalEmailsParams::new();
    let reply = client
        .list_transactional_emails(&params)
        .await
        .expect("third try");

    assert_eq!(reply.data.len(), 1);
    assert_eq!(pages.times(), 3);
    // The client waited as asked, on tokio's clock, which the test runs paused.
    assert!(
        started.elapsed() >= Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    assert!(
        real.elapsed() < Duration::from_secs(3),
        "{:?}",
        real.elapsed()
    );
}

fn email(id: &str) -> TransactionalEmail {
    let at: chrono::DateTime<chrono::Utc> = "2026-01-02T03:04:05Z".parse().expect("date");
    TransactionalEmail::new(id, "Welcome", None, None, None, at, at, Vec::new())
}

fn page(ids: &[&str], next: Option<&str>) -> TransactionalEmailList {
    let n = ids.len() as i64;
    let pagination = Pagination::new(3, n, 2, 2, next.map(str::to_string), None);
    TransactionalEmailList::new(
        pagination,
        ids.iter().map(|id| email(id)).collect::<Vec<_>>(),
    )
}

#[tokio::test]
async fn a_stream_of_items_follows_the_pages_the_rules_give() {
    let mock = loops::mock::Mock::new();
    let first = mock
        .list_transactional_emails()
        .when(|call| call.params.cursor.is_none())
        .ok(page(&["te1", "te2"], Some("c2")));
    let second = mock
        .list_transactional_emails()
        .when(|call| call.params.cursor.as_deref() == Some("c2"))
        .ok(page(&["te3"], None));
    let client = mock.client();

    let params = loops::operations::ListTransactionalEmailsParams::new().per_page(10);
    let items: Vec<TransactionalEmail> = client
        .list_transactional_emails_items(&params)
        .try_collect()
        .await
        .expect("two pages");

    let ids: Vec<&str> = items.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["te1", "te2", "te3"]);
    assert_eq!((first.times(), second.times()), (1, 1));
    assert_eq!(second.calls()[0].params.per_page, Some(10));
}

#[tokio::test(start_paused = true)]
async fn a_reply_slower_than_the_timeout_is_a_timeout() {
    let mock = loops::mock::Mock::new();
    mock.create_upload()
        .reply(loops::mock::Reply::ok(created()).after(Duration::from_secs(30)));
    let client = loops::Client::builder()
        .mock(&mock)
        .timeout(Some(Duration::from_secs(5)))
        .build()
        .expect("client");

    let request = CreateUploadRequest::new(CreateUploadRequestContentType::ImagePng, 2048);
    let err = client.create_upload(&request).await.expect_err("timed out");

    assert!(
        matches!(&err, loops::Error::Transport(e) if e.is_timeout()),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_call_no_rule_takes_fails_with_the_operation_and_what_was_sent() {
    let mock = loops::mock::Mock::new();
    mock.create_upload()
        .when(|call| call.body.content_length > 10_000)
        .ok(created());
    let client = mock.client();

    let request = CreateUploadRequest::new(CreateUploadRequestContentType::ImageGif, 99);
    let err = client.create_upload(&request).await.expect_err("unmatched");
    let message = err.to_string();
    assert!(message.contains("`createUpload`"), "{message}");
    assert!(message.contains("content_length: 99"), "{message}");

    let err = client.complete_upload("asset9").await.expect_err("no rule");
    let message = err.to_string();
    assert!(
        message.contains("no mock rule for `completeUpload`"),
        "{message}"
    );
    assert!(
        message.contains("/api/v1/uploads/asset9/complete"),
        "{message}"
    );
    assert_eq!(mock.unmatched().len(), 2);
}

/// User code under test: uploads an image, and when Loops answers that the
/// upload quota is used up, waits as long as it says and tries once more.
async fn upload_with_one_retry(
    client: &loops::Client,
    bytes: &'static [u8],
) -> Result<url::Url, loops::operations::UploadImageError> {
    let attempt = || client.upload_image(Upload::from_bytes(bytes));
    match attempt().await {
        Ok(done) => Ok(done.into_inner().final_url),
        Err(err) => match err.create_api_error() {
            Some(CreateUploadError::TooManyRequests(_)) => {
                tokio::time::sleep(err.retry_after().unwrap_or(Duration::from_secs(1))).await;
                Ok(attempt().await?.into_inner().final_url)
            }
            _ => Err(err),
        },
    }
}

#[tokio::test(start_paused = true)]
async fn the_loops_upload_flow_meets_a_429_then_succeeds_without_a_socket() {
    let before = sockets();
    let mock = loops::mock::Mock::new();
    let create = mock
        .create_upload()
        .reply(
            loops::mock::Reply::error(CreateUploadError::TooManyRequests(quota()))
                .header("Retry-After", "60"),
        )
        .ok(created());
    let put = mock.upload_to_presigned_url().ok(());
    let complete = mock.complete_upload().ok(completed());
    let client = loops::Client::builder()
        .bearer_auth("loops-key")
        .mock(&mock)
        .build()
        .expect("client");

    let url = upload_with_one_retry(&client, PNG).await.expect("uploaded");

    assert_eq!(url.as_str(), "https://cdn.example.com/asset1.png");
    assert_eq!(create.times(), 2);
    let created_with = &create.calls()[1].body;
    assert_eq!(
        created_with.content_type,
        CreateUploadRequestContentType::ImagePng
    );
    assert_eq!(created_with.content_length, PNG.len() as i64);
    assert_eq!(
        create.calls()[1].request.header("authorization"),
        Some("Bearer loops-key")
    );
    // The bytes went to the presigned URL with the declared type and
    // length, and without the Loops key.
    let sent = &put.calls()[0];
    assert_eq!(sent.presigned_url.host_str(), Some("storage.example.com"));
    assert_eq!(&sent.body[..], PNG);
    assert_eq!(sent.request.header("content-type"), Some("image/png"));
    assert_eq!(
        sent.request.header("content-length"),
        Some(PNG.len().to_string().as_str())
    );
    assert_eq!(sent.request.header("authorization"), None);
    assert!(!format!("{sent:?}").contains("loops-key"));
    assert_eq!(complete.calls()[0].email_asset_id, "asset1");
    assert_eq!(
        new_sockets(&before),
        Vec::<String>::new(),
        "the mock opened no socket"
    );
}

#[tokio::test]
async fn loomta_multipart_parts_can_be_inspected_and_the_media_id_goes_into_a_post() {
    let before = sockets();
    let mock = loomta::mock::Mock::new();
    let media_id = uuid::Uuid::from_u128(7);
    let mut media = Media::new();
    media.id = Some(media_id);
    let upload = mock.upload_media().ok(media);
    let post = mock
        .create_posts()
        .ok(CreatePostsResponse::new(vec![PostResult::new(
            uuid::Uuid::from_u128(1),
            PostResultStatus::Created,
        )]));
    let client = mock.client();

    let file = loomta::FilePart::from_bytes(&b"\xff\xd8\xff\xe0 not really a jpeg"[..], "cat.jpg");
    let form = UploadMediaForm::new(file).mime_type(UploadMediaFormMimeType::ImageJpeg);
    let uploaded = client
        .upload_media(form)
        .await
        .expect("uploaded")
        .into_inner();
    let id = uploaded.id.expect("an id").to_string();
    let body = CreatePostsRequest::new(vec!["p1".into()], "Hello", CreatePostsRequestMode::Now)
        .media_ids(vec![id.clone()]);
    client.create_posts(&body).await.expect("posted");

    let parts = &upload.calls()[0].parts;
    let file = parts.iter().find(|p| p.name == "file").expect("file part");
    assert_eq!(file.file_name.as_deref(), Some("cat.jpg"));
    assert_eq!(&file.bytes[..], b"\xff\xd8\xff\xe0 not really a jpeg");
    let mime = parts
        .iter()
        .find(|p| p.name == "mimeType")
        .expect("mimeType part");
    assert_eq!(mime.text(), "image/jpeg");
    assert_eq!(post.calls()[0].body.media_ids, Some(vec![id]));
    assert_eq!(
        new_sockets(&before),
        Vec::<String>::new(),
        "the mock opened no socket"
    );
}

/// Both clients call the one runtime crate, so code that handles failures
/// handles those of either API with one function: an error of each, from
/// its own mock, goes through the same `retry_in`.
#[tokio::test]
async fn loops_and_loomta_errors_are_one_type_for_code_that_handles_them() {
    fn retry_in<E>(err: &loops::Error<E>) -> Option<Duration> {
        err.is_retryable().then(|| err.retry_after()).flatten()
    }
    let loops_mock = loops::mock::Mock::new();
    loops_mock
        .test_api_key()
        .reply(loops::mock::Reply::raw(429, "{}").header("retry-after", "3"));
    let loomta_mock = loomta::mock::Mock::new();
    loomta_mock
        .list_media()
        .reply(loomta::mock::Reply::raw(503, "{}").header("retry-after", "5"));
    let client = loops::Client::builder()
        .mock(&loops_mock)
        .retry_policy(loops::runtime::RetryPolicy::none())
        .build()
        .expect("client");
    let loops_err = client.test_api_key().await.expect_err("429");
    let client = loomta::Client::builder()
        .mock(&loomta_mock)
        .retry_policy(loomta::runtime::RetryPolicy::none())
        .build()
        .expect("client");
    let loomta_err = client
        .list_media(&Default::default())
        .await
        .expect_err("503");
    assert_eq!(retry_in(&loops_err), Some(Duration::from_secs(3)));
    assert_eq!(retry_in(&loomta_err), Some(Duration::from_secs(5)));
}
