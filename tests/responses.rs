//! How a method turns the status and body it receives into its result, over
//! real HTTP on 127.0.0.1: a JSON body is read and decoded, a binary success
//! is handed over as a stream before any of it is read, an exact code wins
//! over a streamed range that contains it, and an undocumented status keeps
//! the raw response.

use fixture_responses::operations::{ExportItemError, ExportItemResponse};
use fixture_responses::runtime::Error;
use fixture_responses::types::Item;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> fixture_responses::Client {
    fixture_responses::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a loopback base URL is valid")
}

async fn answer(server: &MockServer, body: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/items/a1/export"))
        .respond_with(body)
        .mount(server)
        .await;
}

/// Answers 200 with `reply` and returns the item the method decoded, which
/// must come as the JSON variant.
async fn exported_json(reply: Value) -> Item {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(reply)).await;
    let got = client(&server)
        .export_item("a1")
        .await
        .expect("200 is documented");
    match got.into_inner() {
        ExportItemResponse::Ok(item) => item,
        other => panic!("expected the JSON variant, got {other:?}"),
    }
}

#[tokio::test]
async fn an_exact_code_is_decoded_as_json_before_the_streamed_range() {
    let item = exported_json(json!({"id": "a1", "name": "first"})).await;
    assert_eq!(item.id, "a1");
    assert_eq!(item.name.as_deref(), Some("first"));
}

#[tokio::test]
async fn another_success_in_the_range_is_streamed() {
    let server = MockServer::start().await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    answer(
        &server,
        ResponseTemplate::new(206).set_body_bytes(bytes.clone()),
    )
    .await;
    let got = client(&server)
        .export_item("a1")
        .await
        .expect("2XX is documented");
    assert_eq!(got.status().as_u16(), 206);
    match got.into_inner() {
        ExportItemResponse::Status2xx(stream) => {
            let body = stream.collect().await.expect("the body arrives");
            assert_eq!(body.as_ref(), bytes.as_slice());
        }
        other => panic!("expected the streamed variant, got {other:?}"),
    }
}

#[tokio::test]
async fn a_documented_error_and_an_undocumented_status_are_told_apart() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(404).set_body_string("gone")).await;
    let err = client(&server)
        .export_item("a1")
        .await
        .expect_err("404 is an error");
    match err {
        Error::Api(e) => {
            assert_eq!(e.kind, ExportItemError::NotFound);
            assert_eq!(e.body.as_ref(), b"gone");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }

    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(418).set_body_string("teapot"),
    )
    .await;
    let err = client(&server)
        .export_item("a1")
        .await
        .expect_err("418 is not documented");
    match err {
        Error::UnexpectedStatus(raw) => {
            assert_eq!(raw.status.as_u16(), 418);
            assert_eq!(raw.body.as_ref(), b"teapot");
        }
        other => panic!("expected an unexpected status, got {other:?}"),
    }
}

#[tokio::test]
async fn a_binary_only_success_is_streamed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/a1/invoice"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"%PDF-1.7".to_vec()))
        .mount(&server)
        .await;
    let got = client(&server)
        .get_invoice_pdf("a1")
        .await
        .expect("200 is documented");
    let body = got.into_inner().collect().await.expect("the body arrives");
    assert_eq!(body.as_ref(), b"%PDF-1.7");
}

#[tokio::test]
async fn a_body_in_many_chunks_is_read_whole() {
    let name: String = "abcdefghij".repeat(50_000);
    let item = exported_json(json!({"id": "a1", "name": name})).await;
    assert_eq!(item.name.as_deref(), Some(name.as_str()));
}
