//! String enums with the same values are one type under several names: a
//! request written with one name is checked and sent like any enum, and the
//! reply's value compares equal to it.

use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use loops::types::{EmailMessageEmailFormat, UpdateEmailMessageRequest};
// The request's own name for the format, sharing the reply's definition.
use loops::types::UpdateEmailMessageRequestEmailFormat as RequestFormat;

fn loops_client(server: &MockServer) -> loops::Client {
    loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-key")
        .build()
        .expect("client builds")
}

fn email_message(format: &str) -> serde_json::Value {
    json!({
        "id": "em1",
        "subject": "Hi",
        "previewText": "",
        "fromName": "Ada",
        "fromEmail": "ada",
        "replyToEmail": "",
        "emailFormat": format,
        "lmx": "<p>Hi</p>",
        "updatedAt": "2026-01-02T03:04:05Z"
    })
}

#[tokio::test]
async fn a_value_named_by_the_request_is_sent_and_equals_the_reply() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/email-messages/em1"))
        .and(body_json(json!({"emailFormat": "plain"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(email_message("plain")))
        .expect(1)
        .mount(&server)
        .await;
    let body = UpdateEmailMessageRequest::new().email_format(RequestFormat::Plain);
    let reply = loops_client(&server)
        .update_email_message("em1", &body)
        .await
        .expect("sent");
    assert_eq!(reply.email_format, RequestFormat::Plain);
    assert_eq!(reply.email_format, EmailMessageEmailFormat::Plain);
}

#[tokio::test]
async fn a_value_outside_the_list_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let body = UpdateEmailMessageRequest::new().email_format(RequestFormat::from("rtf"));
    let err = loops_client(&server)
        .update_email_message("em1", &body)
        .await
        .expect_err("refused");
    let loops::runtime::Error::Validation(violations) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    assert!(violations.field("emailFormat").is_some(), "{violations}");
}
