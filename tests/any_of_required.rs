//! Bodies whose schema lists alternatives of required fields (`anyOf` /
//! `oneOf` of `required` lists beside the properties) are typed structs, and
//! a body that gives none of the alternatives (or, for `oneOf`, more than
//! one) is refused before anything is sent.

use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn loops_client(server: &MockServer) -> loops::Client {
    loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-key")
        .build()
        .expect("client builds")
}

/// Expects `times` requests to `PUT /v1/contacts/update`, answering a contact id.
async fn expect_update(server: &MockServer, times: u64) {
    Mock::given(method("PUT"))
        .and(path("/v1/contacts/update"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "id": "c1"})),
        )
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn update_contact_without_email_or_user_id_is_refused_before_sending() {
    let server = MockServer::start().await;
    expect_update(&server, 0).await;
    let body = loops::types::UpdateContactRequest::new().first_name("Ada");
    let err = loops_client(&server)
        .update_contact(&body)
        .await
        .expect_err("refused");
    let loops::runtime::Error::Validation(violations) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    assert_eq!(violations.to_string(), "`email` or `userId` must be given");
    assert!(violations.field("email").is_some());
}

#[tokio::test]
async fn update_contact_with_email_sends_exactly_the_given_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/contacts/update"))
        .and(body_json(
            json!({"email": "ada@example.com", "firstName": "Ada"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "id": "c1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = loops::types::UpdateContactRequest::new()
        .email("ada@example.com")
        .first_name("Ada");
    let done = loops_client(&server)
        .update_contact(&body)
        .await
        .expect("sent");
    assert_eq!(done.id, "c1");
}

#[tokio::test]
async fn delete_contact_takes_exactly_one_of_email_and_user_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/contacts/delete"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "message": "deleted"})),
        )
        .expect(0)
        .mount(&server)
        .await;
    let client = loops_client(&server);
    let both = loops::types::DeleteContactRequest::new()
        .email("ada@example.com")
        .user_id("u1");
    let err = client.delete_contact(&both).await.expect_err("refused");
    assert_eq!(
        err.to_string(),
        "invalid request: `email` or `userId` must be given, only one of them (got 2)"
    );
    let neither = loops::types::DeleteContactRequest::default();
    let err = client.delete_contact(&neither).await.expect_err("refused");
    assert!(
        matches!(err, loops::runtime::Error::Validation(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn send_event_with_user_id_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/events/send"))
        .and(body_json(json!({"eventName": "signup", "userId": "u1"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let body = loops::types::EventRequest::new("signup").user_id("u1");
    loops_client(&server)
        .send_event(&body, &Default::default())
        .await
        .expect("sent");
}
