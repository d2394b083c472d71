//! A client made from a Swagger 2.0 document (`tests/fixtures/swagger2_params.yaml`),
//! over real HTTP on 127.0.0.1: a body parameter goes as JSON, form fields
//! with a file as multipart and without one URL-encoded, each
//! `collectionFormat` is kept on the wire, and a `type: file` reply streams.

use fixture_swagger2_params::operations::SearchNotesParams;
use fixture_swagger2_params::runtime::FilePart;
use fixture_swagger2_params::types::{
    Note, RenameNoteBody, SearchNotesColoursItem, UploadAttachmentForm,
};
use serde_json::json;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> fixture_swagger2_params::Client {
    fixture_swagger2_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a loopback base URL is valid")
}

async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("recording");
    assert_eq!(received.len(), 1, "one request");
    received.remove(0)
}

#[tokio::test]
async fn a_body_parameter_is_sent_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"text": "milk", "archived": null})))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-rate-limit", "9")
                .set_body_json(json!({"id": "n1", "text": "milk"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let note = Note {
        id: None,
        text: "milk".into(),
        archived: Some(None),
    };
    let kept = client(&server).create_note(&note).await.expect("201");
    assert_eq!(kept.id.as_deref(), Some("n1"));
}

#[tokio::test]
async fn form_fields_with_a_file_are_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes/n1/attachments"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut form = UploadAttachmentForm::new(FilePart::from_bytes(&b"hello"[..], "a.txt"));
    form.caption = Some("greeting".into());
    client(&server)
        .upload_attachment("n1", form)
        .await
        .expect("204");
    let request = only_request(&server).await;
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains(r#"name="file"; filename="a.txt""#), "{body}");
    assert!(body.contains("hello"), "{body}");
    assert!(body.contains(r#"name="caption""#), "{body}");
    assert!(body.contains("greeting"), "{body}");
}

#[tokio::test]
async fn form_fields_without_a_file_are_url_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/notes/n1/title"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("title=Groceries&pinned=true"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = RenameNoteBody {
        title: "Groceries".into(),
        pinned: Some(true),
    };
    client(&server).rename_note("n1", &body).await.expect("204");
}

#[tokio::test]
async fn each_collection_format_is_kept_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let params = SearchNotesParams {
        tags: Some(vec!["a".into(), "b".into()]),
        ids: Some(vec![1, 2]),
        words: Some(vec!["x".into(), "y".into()]),
        colours: Some(vec![
            SearchNotesColoursItem::Red,
            SearchNotesColoursItem::Green,
        ]),
        x_trace: Some(vec!["p".into(), "q".into()]),
        ..Default::default()
    };
    client(&server).search_notes(&params).await.expect("200");
    let request = only_request(&server).await;
    let pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected = [
        ("tags", "a,b"),
        ("ids", "1"),
        ("ids", "2"),
        ("words", "x y"),
        ("colours", "red|green"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(pairs, expected);
    let trace = request.headers.get("x-trace").and_then(|v| v.to_str().ok());
    assert_eq!(trace, Some("p,q"));
}

#[tokio::test]
async fn a_file_reply_streams_its_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/n1/export"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/pdf")
                .set_body_bytes(&b"%PDF-1.7"[..]),
        )
        .mount(&server)
        .await;
    let reply = client(&server).export_note("n1").await.expect("200");
    let bytes = reply.into_inner().collect().await.expect("the body");
    assert_eq!(&bytes[..], b"%PDF-1.7");
}
