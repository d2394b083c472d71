//! The example binaries, run as a user would run them, against a mock server
//! on 127.0.0.1.

use serde_json::json;
use std::process::Output;
use tokio::process::Command;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn run(bin: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(bin);
    command
        .args(args)
        .env_remove("LOOPS_API_KEY")
        .env_remove("LOOMTA_API_KEY");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().await.expect("the example runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the Loops upload example on a 13-byte PNG against `server`.
async fn upload_png(server: &MockServer) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("logo.png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n rest").unwrap();
    run(
        env!("CARGO_BIN_EXE_loops-upload-image"),
        &[image.to_str().unwrap(), "--base-url", &server.uri()],
        &[("LOOPS_API_KEY", "example-key")],
    )
    .await
}

#[tokio::test]
async fn loops_example_uploads_an_image_and_prints_its_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .and(header("authorization", "Bearer example-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_9",
            "presignedUrl": format!("{}/storage/asset_9?sig=1", server.uri()),
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/storage/asset_9"))
        .and(header("content-type", "image/png"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads/asset_9/complete"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "emailAssetId": "asset_9",
            "finalUrl": "https://images.example.com/asset_9.png",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let out = upload_png(&server).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "https://images.example.com/asset_9.png\n"
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("\ruploaded 0 B / 13 B (0%)")
            && err.contains("\ruploaded 13 B / 13 B (100%)\n"),
        "a progress line ending at the file's size: {err:?}"
    );
}

#[tokio::test]
async fn loops_example_says_when_the_upload_quota_allows_another() {
    let server = MockServer::start().await;
    // A wait past the retry policy's 60 s cap ends the retries at once.
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .set_body_json(json!({"message": "limit", "maxUploads": 50, "windowHours": 24})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let out = upload_png(&server).await;
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.ends_with("upload quota reached (50 uploads per 24 hours); try again in 3600 s\n"),
        "{err:?}"
    );
}

#[tokio::test]
async fn examples_explain_how_to_set_a_missing_key() {
    let out = run(env!("CARGO_BIN_EXE_loops-upload-image"), &["logo.png"], &[]).await;
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("LOOPS_API_KEY is not set") && err.contains("Settings → API"),
        "{err}"
    );

    let out = run(
        env!("CARGO_BIN_EXE_loomta-post-video"),
        &["clip.mp4", "--platform", "p"],
        &[],
    )
    .await;
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("LOOMTA_API_KEY is not set"));
}

#[tokio::test]
async fn loomta_example_uploads_a_video_and_posts_it() {
    let server = MockServer::start().await;
    let media_id = "c3e8a1f4-6b2d-4e7a-8c9f-1a5b3d7e2f60";
    let platform = "b7a2e9c4-1d6f-4e3b-8a5c-9f2d7b1e6c48";
    Mock::given(method("POST"))
        .and(path("/public/v1/media"))
        .and(header("authorization", "Bearer example-key"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": media_id, "mimeType": "video/mp4", "mediaType": "video", "status": "READY"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/public/v1/posts"))
        .and(wiremock::matchers::body_partial_json(json!({
            "platformIds": [platform], "content": "launch", "mode": "now", "mediaIds": [media_id]
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "results": [{"platformId": platform, "status": "created"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("launch.mp4");
    std::fs::write(&video, b"\0\0\0\x18ftypisom\0\0\0\0isomiso2").unwrap();

    let out = run(
        env!("CARGO_BIN_EXE_loomta-post-video"),
        &[
            video.to_str().unwrap(),
            "--platform",
            platform,
            "--base-url",
            &server.uri(),
        ],
        &[("LOOMTA_API_KEY", "example-key")],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{platform}: created\n"));
    let err = text(&out.stderr);
    assert!(
        err.contains("\ruploaded 24 B / 24 B (100%)\n"),
        "a progress line ending at the file's size: {err:?}"
    );
}
