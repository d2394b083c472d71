//! Upload progress callbacks over real HTTP (a mock server on 127.0.0.1): a
//! Loomta multipart file part, the Loops one-call upload flow, and a raw body
//! from a stream. Each callback records its reports; they must start at 0,
//! never go down, keep one total, and end at the number of bytes sent.

use futures_util::stream;
use loops::runtime::Upload;
use serde_json::json;
use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `(bytes sent so far, total)`, as reported.
type Reports = Arc<Mutex<Vec<(u64, Option<u64>)>>>;

/// A callback that records every report, and where it records them.
fn recorder() -> (impl Fn(u64, Option<u64>) + Send + Sync + 'static, Reports) {
    let reports = Reports::default();
    let sink = Arc::clone(&reports);
    let callback = move |sent, total| sink.lock().unwrap().push((sent, total));
    (callback, reports)
}

/// Checks the reports of one body of `len` bytes whose length was known, and
/// returns them.
fn checked(reports: &Reports, len: usize) -> Vec<(u64, Option<u64>)> {
    let reports = reports.lock().unwrap().clone();
    let len = len as u64;
    assert_eq!(reports.first(), Some(&(0, Some(len))), "starts at 0");
    assert_eq!(reports.last(), Some(&(len, Some(len))), "ends at the total");
    assert!(
        reports.windows(2).all(|w| w[0].0 <= w[1].0),
        "never goes down: {reports:?}"
    );
    assert!(reports.iter().all(|r| r.1 == Some(len)), "one total");
    reports
}

/// `len` bytes that start with `head` (so the type is detected) and then
/// count up, so a misplaced chunk would show.
fn file_bytes(head: &[u8], len: usize) -> Vec<u8> {
    let mut bytes = head.to_vec();
    bytes.extend((bytes.len()..len).map(|i| (i % 251) as u8));
    bytes
}

#[tokio::test]
async fn a_multipart_file_part_reports_its_bytes_as_they_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/public/v1/media"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "c3e8a1f4-6b2d-4e7a-8c9f-1a5b3d7e2f60",
            "mimeType": "video/mp4",
            "mediaType": "video",
            "status": "READY"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let video = file_bytes(b"\0\0\0\x18ftypisom\0\0\0\0isomiso2", 300 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("launch.mp4");
    std::fs::write(&file, &video).unwrap();
    let (callback, reports) = recorder();

    let part = loomta::FilePart::from_path(&file)
        .await
        .unwrap()
        .with_progress(callback);
    let client = loomta::Client::builder()
        .base_url(server.uri())
        .bearer_auth("loomta-key")
        .build()
        .unwrap();
    client
        .upload_media(loomta::types::UploadMediaForm::new(part))
        .await
        .expect("uploaded");

    let reports = checked(&reports, video.len());
    assert!(
        reports.len() > 3,
        "a 300 KiB file is reported as it goes, not only at the end: {reports:?}"
    );
    let received = server.received_requests().await.unwrap();
    let body = &received[0].body;
    assert!(
        body.windows(video.len()).any(|w| w == video.as_slice()),
        "the file is sent whole and in order"
    );
}

/// Mounts Loops' three upload steps, the bytes going to `/storage/asset_1`.
async fn mount_loops_flow(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_1",
            "presignedUrl": format!("{}/storage/asset_1?sig=1", server.uri()),
        })))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/storage/asset_1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads/asset_1/complete"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_1",
            "finalUrl": "https://images.example.com/asset_1.png",
        })))
        .mount(server)
        .await;
}

fn loops_client(server: &MockServer) -> loops::Client {
    loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-key")
        .build()
        .unwrap()
}

/// The body of the `PUT` to the signed URL.
async fn stored(server: &MockServer) -> Vec<u8> {
    let received = server.received_requests().await.unwrap();
    let put = received.iter().find(|r| r.method.as_str() == "PUT");
    put.expect("the bytes were sent").body.clone()
}

const PNG_HEAD: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

#[tokio::test]
async fn the_upload_flow_reports_the_file_it_sends() {
    let server = MockServer::start().await;
    mount_loops_flow(&server).await;
    let image = file_bytes(PNG_HEAD, 200 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("logo.png");
    std::fs::write(&file, &image).unwrap();
    let (callback, reports) = recorder();

    loops_client(&server)
        .upload_image(Upload::from_path(&file).with_progress(callback))
        .await
        .expect("uploaded");

    assert!(checked(&reports, image.len()).len() > 3);
    assert_eq!(stored(&server).await, image);
}

#[tokio::test]
async fn bytes_in_memory_report_in_chunks() {
    let server = MockServer::start().await;
    mount_loops_flow(&server).await;
    let image = file_bytes(PNG_HEAD, 200 * 1024);
    let (callback, reports) = recorder();

    loops_client(&server)
        .upload_image(Upload::from_bytes(image.clone()).with_progress(callback))
        .await
        .expect("uploaded");

    let reports = checked(&reports, image.len());
    assert!(reports.len() > 2, "more than start and end: {reports:?}");
    assert_eq!(stored(&server).await, image);
}

#[tokio::test]
async fn a_raw_body_from_a_stream_reports_each_chunk() {
    let server = MockServer::start().await;
    mount_loops_flow(&server).await;
    let image = file_bytes(PNG_HEAD, 10_000);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        image.chunks(1_000).map(|c| Ok(c.to_vec())).collect();
    let (callback, reports) = recorder();
    let progress = loops::Progress::new(callback);
    let body = loops::Body::from_stream(stream::iter(chunks), Some(image.len() as u64))
        .with_content_type("image/png")
        .with_progress(progress.clone());
    assert!(format!("{body:?}").contains("Progress"), "{body:?}");

    let url = format!("{}/storage/asset_1?sig=1", server.uri());
    loops_client(&server)
        .upload_to_presigned_url(&url.parse().unwrap(), body)
        .await
        .expect("stored");

    let reports = checked(&reports, image.len());
    let expected: Vec<(u64, Option<u64>)> = (0..=10)
        .map(|i| (i * 1_000, Some(image.len() as u64)))
        .collect();
    assert_eq!(reports, expected, "a report per chunk");
    assert_eq!(stored(&server).await, image);
}
