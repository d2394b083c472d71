//! Page streams of the generated Loops client over real HTTP, against a mock
//! server on 127.0.0.1: each next page is asked for with the cursor the page
//! before named, and the stream ends on the last page, on an error and on a
//! cursor the server repeats.

use futures_util::StreamExt;
use loops::operations::{
    ListCampaignGroupsError, ListCampaignGroupsParams, ListEventPatternsParams,
};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUPS: &str = "/v1/campaign-groups";

fn client(server: &MockServer) -> loops::Client {
    loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-key")
        .build()
        .expect("client builds")
}

fn group(id: &str) -> Value {
    json!({
        "id": id,
        "name": format!("Group {id}"),
        "description": "",
        "createdAt": "2026-06-12T09:30:00.000Z",
        "updatedAt": "2026-06-14T16:05:12.000Z",
    })
}

/// A page of groups naming `next` as its next cursor.
fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "pagination": {
            "totalResults": 5,
            "returnedResults": ids.len(),
            "perPage": 10,
            "totalPages": 3,
            "nextCursor": next,
            "nextPage": null,
        },
        "data": ids.iter().map(|id| group(id)).collect::<Vec<_>>(),
    }))
}

/// Answers the request sent with `cursor` (none: the first page) with
/// `response`, once: asked again, the server answers 404, so a stream that
/// asks too often ends in an error instead of hanging the test.
async fn mount(server: &MockServer, cursor: Option<&str>, response: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(GROUPS));
    let mock = match cursor {
        Some(c) => mock.and(query_param("cursor", c)),
        None => mock.and(query_param_is_missing("cursor")),
    };
    mock.respond_with(response)
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

/// The `cursor` and `perPage` each request carried, in order.
async fn sent(server: &MockServer) -> Vec<(Option<String>, Option<String>)> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| {
            let get = |key: &str| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.into_owned())
            };
            (get("cursor"), get("perPage"))
        })
        .collect()
}

fn ten_per_page() -> ListCampaignGroupsParams {
    ListCampaignGroupsParams {
        per_page: Some(10),
        ..Default::default()
    }
}

#[tokio::test]
async fn items_of_three_pages_arrive_in_order_and_the_stream_ends_on_a_null_cursor() {
    let server = MockServer::start().await;
    mount(&server, None, page(&["g1", "g2"], Some("c2"))).await;
    mount(&server, Some("c2"), page(&["g3", "g4"], Some("c3"))).await;
    mount(&server, Some("c3"), page(&["g5"], None)).await;

    let client = client(&server);
    let ids: Vec<String> = client
        .list_campaign_groups_items(&ten_per_page())
        .map(|item| item.expect("every page decodes").id)
        .collect()
        .await;
    assert_eq!(ids, ["g1", "g2", "g3", "g4", "g5"]);

    let ten = Some("10".to_string());
    assert_eq!(
        sent(&server).await,
        [
            (None, ten.clone()),
            (Some("c2".into()), ten.clone()),
            (Some("c3".into()), ten),
        ],
        "the first request has no cursor, each next one the cursor of the page before, \
         and every one keeps the other parameters"
    );
}

#[tokio::test]
async fn pages_keep_status_and_body_and_stop_after_the_last() {
    let server = MockServer::start().await;
    mount(&server, None, page(&["g1", "g2"], Some("c2"))).await;
    mount(&server, Some("c2"), page(&["g3"], None)).await;

    let client = client(&server);
    let mut pages = client.list_campaign_groups_pages(&ten_per_page());
    let first = pages.next().await.expect("a first page").expect("decodes");
    assert_eq!(first.status(), 200);
    assert_eq!(first.pagination.next_cursor.as_deref(), Some("c2"));
    assert_eq!(first.data.len(), 2);
    let last = pages.next().await.expect("a second page").expect("decodes");
    assert_eq!(last.pagination.next_cursor, None);
    assert_eq!(last.data[0].id, "g3");
    assert!(pages.next().await.is_none(), "no page after a null cursor");
    assert_eq!(sent(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_on_page_two_is_the_last_item() {
    let server = MockServer::start().await;
    mount(&server, None, page(&["g1", "g2"], Some("c2"))).await;
    mount(
        &server,
        Some("c2"),
        ResponseTemplate::new(400).set_body_json(json!({"message": "Invalid cursor."})),
    )
    .await;

    let client = client(&server);
    let mut items = client.list_campaign_groups_items(&ten_per_page());
    assert_eq!(items.next().await.unwrap().unwrap().id, "g1");
    assert_eq!(items.next().await.unwrap().unwrap().id, "g2");
    match items.next().await {
        Some(Err(loops::Error::Api(e))) => {
            assert_eq!(e.status, 400);
            match e.kind {
                ListCampaignGroupsError::BadRequest(body) => {
                    assert_eq!(body.message, "Invalid cursor.")
                }
                other => panic!("expected the documented 400, got {other:?}"),
            }
        }
        other => panic!("expected the page-2 error as an item, got {other:?}"),
    }
    assert!(items.next().await.is_none(), "the error ends the stream");
    assert_eq!(
        sent(&server).await.len(),
        2,
        "nothing is sent after the error"
    );
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_instead_of_looping() {
    let server = MockServer::start().await;
    mount(&server, None, page(&["g1"], Some("c2"))).await;
    // The server names the cursor it was just sent again.
    mount(&server, Some("c2"), page(&["g2"], Some("c2"))).await;

    let client = client(&server);
    let pages: Vec<_> = client
        .list_campaign_groups_pages(&ten_per_page())
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok));
    assert_eq!(sent(&server).await.len(), 2, "c2 is not asked for twice");
}

#[tokio::test]
async fn a_cycle_back_to_the_callers_own_cursor_ends_the_stream() {
    let server = MockServer::start().await;
    mount(&server, Some("c1"), page(&["g1"], Some("c2"))).await;
    mount(&server, Some("c2"), page(&["g2"], Some("c1"))).await;

    let client = client(&server);
    let params = ListCampaignGroupsParams {
        cursor: Some("c1".into()),
        ..Default::default()
    };
    let ids: Vec<String> = client
        .list_campaign_groups_items(&params)
        .map(|item| item.expect("decodes").id)
        .collect()
        .await;
    assert_eq!(ids, ["g1", "g2"]);
    assert_eq!(sent(&server).await.len(), 2);
}

#[tokio::test]
async fn an_empty_cursor_ends_the_stream() {
    let server = MockServer::start().await;
    mount(&server, None, page(&["g1"], Some(""))).await;

    let client = client(&server);
    let pages: Vec<_> = client
        .list_campaign_groups_pages(&ListCampaignGroupsParams::default())
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    assert_eq!(sent(&server).await.len(), 1);
}

#[tokio::test]
async fn an_absent_cursor_in_an_optional_block_ends_the_stream() {
    // The event-pattern list's pagination block may leave `nextCursor` out.
    let server = MockServer::start().await;
    let pattern = |id: &str| json!({"id": id, "eventName": id, "incomingWebhookPlatform": null});
    Mock::given(method("GET"))
        .and(path("/v1/event-patterns"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"nextCursor": "e2"},
            "data": [pattern("e1")],
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/event-patterns"))
        .and(query_param("cursor", "e2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {},
            "data": [pattern("e2")],
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let ids: Vec<String> = client
        .list_event_patterns_items(&ListEventPatternsParams::default())
        .map(|item| item.expect("decodes").id)
        .collect()
        .await;
    assert_eq!(ids, ["e1", "e2"]);
}
