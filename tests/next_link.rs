//! Next-link page streams of a client made from a Swagger 2.0 document with
//! AutoRest's `x-ms-pageable` (`tests/fixtures/swagger2_pageable.yaml`), over
//! real HTTP against mock servers on 127.0.0.1: each next page is a plain GET
//! of the link the page before named, with the same credential and retries;
//! a link to another host is refused without sending the credential there,
//! and a link the server repeats ends the stream.

use fixture_swagger2_pageable::operations::ListVaultsParams;
use fixture_swagger2_pageable::runtime::Error;
use fixture_swagger2_pageable::Client;
use futures_util::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "test-key";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .api_key(KEY)
        .build()
        .expect("client builds")
}

/// A page of vaults named `names`, linking to `next`.
fn page(names: &[&str], next: Option<String>) -> ResponseTemplate {
    let value: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
    let mut body = json!({ "value": value });
    if let Some(next) = next {
        body["nextLink"] = Value::String(next);
    }
    ResponseTemplate::new(200).set_body_json(body)
}

/// Answers a GET of `at` carrying `page` with `response`, once: asked again,
/// the server answers 404, so a stream that asks too often ends in an error.
async fn mount(server: &MockServer, at: &str, skip: Option<&str>, response: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(at));
    let mock = match skip {
        Some(s) => mock.and(query_param("$skiptoken", s)),
        None => mock,
    };
    mock.and(header("api-key", KEY))
        .respond_with(response)
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

/// The path and query of every request the server received, in order.
async fn sent(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{}?{q}", r.url.path()),
            None => r.url.path().to_string(),
        })
        .collect()
}

#[tokio::test]
async fn three_pages_follow_their_next_links() {
    let server = MockServer::start().await;
    let absolute = format!("{}/v1/vaults?$skiptoken=b", server.uri());
    mount(
        &server,
        "/v1/vaults",
        None,
        page(&["a1", "a2"], Some(absolute)),
    )
    .await;
    // The second page's link is relative: resolved against the base URL.
    let relative = "/v1/vaults?$skiptoken=c".to_string();
    mount(
        &server,
        "/v1/vaults",
        Some("b"),
        page(&["b1"], Some(relative)),
    )
    .await;
    mount(&server, "/v1/vaults", Some("c"), page(&["c1"], None)).await;

    let params = ListVaultsParams { top: Some(2) };
    let pages: Vec<_> = client(&server).list_vaults_pages(&params).collect().await;

    let names: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            let page = p.as_ref().expect("a page");
            page.value
                .iter()
                .flatten()
                .map(|v| v.name.clone())
                .collect()
        })
        .collect();
    assert_eq!(names, [vec!["a1", "a2"], vec!["b1"], vec!["c1"]]);
    // The first request carries the parameters; the next ones are the links as given.
    assert_eq!(
        sent(&server).await,
        [
            "/v1/vaults?top=2",
            "/v1/vaults?$skiptoken=b",
            "/v1/vaults?$skiptoken=c"
        ]
    );
}

#[tokio::test]
async fn the_items_stream_takes_every_page_s_items() {
    let server = MockServer::start().await;
    let next = |s: &str| format!("{}/v1/vaults/s/secrets?$skiptoken={s}", server.uri());
    let secrets = |ids: &[&str], link: Option<String>| {
        let ids: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"secrets": ids, "@odata.nextLink": link}))
    };
    let at = "/v1/vaults/s/secrets";
    mount(&server, at, None, secrets(&["1", "2"], Some(next("b")))).await;
    mount(&server, at, Some("b"), secrets(&[], Some(next("c")))).await;
    mount(&server, at, Some("c"), secrets(&["3"], None)).await;

    let ids: Vec<String> = client(&server)
        .list_secrets_items("s")
        .map(|s| s.expect("an item").id)
        .collect()
        .await;
    assert_eq!(ids, ["1", "2", "3"]);
}

#[tokio::test]
async fn a_link_to_another_host_is_refused_without_sending_the_key() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    // The same address on another port is another origin: the key must not go there.
    Mock::given(method("GET"))
        .respond_with(page(&["stolen"], None))
        .expect(0)
        .mount(&other)
        .await;
    let elsewhere = format!("{}/v1/vaults?$skiptoken=b", other.uri());
    mount(&server, "/v1/vaults", None, page(&["a1"], Some(elsewhere))).await;

    let pages: Vec<_> = client(&server)
        .list_vaults_pages(&ListVaultsParams::default())
        .collect()
        .await;

    assert_eq!(pages.len(), 2, "the first page, then the refusal");
    assert!(pages[0].is_ok());
    match &pages[1] {
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains("another host"), "{message}");
            assert!(
                !message.contains("skiptoken"),
                "the link is left out: {message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(other
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[tokio::test]
async fn a_repeated_link_ends_the_stream() {
    let server = MockServer::start().await;
    let link = |s: &str| Some(format!("{}/v1/vaults?$skiptoken={s}", server.uri()));
    mount(&server, "/v1/vaults", None, page(&["a1"], link("b"))).await;
    mount(&server, "/v1/vaults", Some("b"), page(&["b1"], link("c"))).await;
    // Page c names b again: following it would loop forever.
    mount(&server, "/v1/vaults", Some("c"), page(&["c1"], link("b"))).await;

    let names: Vec<String> = client(&server)
        .list_vaults_items(&ListVaultsParams::default())
        .map(|v| v.expect("an item").name)
        .collect()
        .await;
    assert_eq!(names, ["a1", "b1", "c1"]);
    assert_eq!(sent(&server).await.len(), 3);
}

#[tokio::test]
async fn a_next_page_is_retried_as_any_call() {
    let server = MockServer::start().await;
    let link = Some(format!("{}/v1/vaults?$skiptoken=b", server.uri()));
    mount(&server, "/v1/vaults", None, page(&["a1"], link)).await;
    // The first try of page b fails with 503; the retry, with the key again, gets it.
    Mock::given(method("GET"))
        .and(path("/v1/vaults"))
        .and(query_param("$skiptoken", "b"))
        .and(header("api-key", KEY))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount(&server, "/v1/vaults", Some("b"), page(&["b1"], None)).await;

    let names: Vec<String> = client(&server)
        .list_vaults_items(&ListVaultsParams::default())
        .map(|v| v.expect("an item").name)
        .collect()
        .await;
    assert_eq!(names, ["a1", "b1"]);
    assert_eq!(sent(&server).await.len(), 3);
}
