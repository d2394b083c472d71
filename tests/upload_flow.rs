//! `x-upload-flow` is generic: a fixture spec unlike Loops in every name and
//! type (a free-form media type string, an `int32` size with an exclusive
//! minimum, a UUID id, a URL passed as a string, an API key header) gets the
//! same one-call flow, checked over real HTTP on 127.0.0.1.

use fixture_upload_flow::operations::SendFileError;
use fixture_upload_flow::runtime::{Upload, UploadError};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FILE_ID: &str = "0b6f2c1e-8d3a-4f5b-9c7e-1a2b3c4d5e6f";

fn client(server: &MockServer) -> fixture_upload_flow::Client {
    fixture_upload_flow::Client::builder()
        .base_url(server.uri())
        .key("k-123")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_flow_in_another_spec_runs_its_three_steps() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .and(header("x-key", "k-123"))
        .and(body_json(
            json!({"mimeType": "application/octet-stream", "size": 5}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "fileId": FILE_ID,
            "uploadUrl": format!("{}/blob/1?sig=abc", server.uri()),
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/blob/1"))
        .and(header("content-type", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/files/{FILE_ID}/finish")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"url": "https://cdn.example.com/1"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let done = client(&server)
        .send_file(Upload::from_bytes(&b"hello"[..]))
        .await
        .expect("sent");
    assert_eq!(done.url, "https://cdn.example.com/1");
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests[1].headers.get("x-key").is_none(),
        "no key on the PUT"
    );
    assert_eq!(requests[1].body, b"hello");
}

#[tokio::test]
async fn the_flows_limits_come_from_its_own_spec() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (bytes, rule) in [
        (vec![1u8; 1001], "must be at most 1000 (got 1001)"),
        (Vec::new(), "must be at least 1 (got 0)"),
    ] {
        match client.send_file(Upload::from_bytes(bytes)).await {
            Err(SendFileError::Input(UploadError::Invalid(v))) => {
                assert_eq!(v.field("size").map(|v| v.rule.as_str()), Some(rule))
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
