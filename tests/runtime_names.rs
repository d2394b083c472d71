//! A client whose spec names its schemas like the runtime's types (`Error`,
//! `ApiError`, `Client`, `Body`, `ResponseValue`), like a prelude type
//! (`Result`) and like an operation's types, used with the crate root,
//! `types` and `operations` all glob-imported: every name below is
//! unqualified, so this file compiling is the test that none is ambiguous
//! and that no spec type shadows the prelude. The calls go to a mock server
//! on 127.0.0.1.

use runtime_names::operations::*;
use runtime_names::runtime::RetryPolicy;
use runtime_names::types::*;
use runtime_names::*;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The runtime's names, from the crate root.
fn client(server: &MockServer) -> Client {
    let builder: ClientBuilder = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none());
    let built: Result<Client, BuildError> = builder.build();
    built.expect("client builds")
}

/// The prelude's names still mean the prelude's types.
fn prelude_is_intact(name: &str) -> Option<Vec<String>> {
    let boxed: Box<str> = name.into();
    Some(vec![String::from(&*boxed)])
}

#[test]
fn runtime_and_spec_types_are_used_unqualified() {
    // Runtime types, from the root.
    let body: Body = Body::from(b"raw".to_vec());
    let part: FilePart = FilePart::from_body(body, "raw.bin");
    let progress: Progress = Progress::new(|_, _| {});
    let _ = (part.with_progress(progress), None::<ByteStream>);
    let _: Option<ApiError<CreateThingError>> = None;
    let _: Option<ResponseValue<ResponseValueModel>> = None;
    let _: Option<Error<GetThingError>> = None;
    // Spec types, renamed where the runtime or the prelude holds the name.
    let spec_body = BodyModel {
        name: "lamp".into(),
    };
    let result = ResultModel {
        ok: true,
        reason: None,
    };
    let value = ResponseValueModel {
        thing: ClientModel {
            id: "t1".into(),
            name: None,
        },
        result: Some(result),
    };
    let failure = ErrorModel {
        message: "boom".into(),
    };
    let refused = ApiErrorModel {
        code: ApiErrorModelCode::InvalidName,
        message: "bad name".into(),
        details: None,
    };
    let limit = CreateThingErrorModel {
        max_things: Some(5),
        window_hours: Some(24),
    };
    // The spec's schema keeps its name; the operation's parameters are numbered.
    let unused = CreateThingParams { dry_run: None };
    let params = CreateThingParams2 {
        dry_run: Some(true),
    };
    assert_eq!(spec_body.name, "lamp");
    assert_eq!(value.thing.id, "t1");
    assert_eq!(failure.message, "boom");
    assert_eq!(refused.code.as_str(), "invalid_name");
    assert_eq!(limit.window_hours, Some(24));
    assert_eq!((unused.dry_run, params.dry_run), (None, Some(true)));
    assert_eq!(prelude_is_intact("x"), Some(vec!["x".to_string()]));
}

#[tokio::test]
async fn a_call_through_the_glob_imported_names() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .and(query_param("dryRun", "true"))
        .and(body_json(json!({"name": "lamp"})))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-request-id", "req-42")
                .insert_header("retry-after", "7")
                .set_body_json(json!({"maxThings": 5, "windowHours": 24})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-43")
                .set_body_json(json!({"thing": {"id": "t1"}, "result": {"ok": true}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let params = CreateThingParams2 {
        dry_run: Some(true),
    };
    let body = BodyModel {
        name: "lamp".into(),
    };
    let err: Error<CreateThingError> = client
        .create_thing(&body, &params)
        .await
        .expect_err("429 is an error");
    match err.api_error() {
        Some(CreateThingError::TooManyRequests(limit)) => {
            assert_eq!(limit.max_things, Some(5));
            assert_eq!(limit.window_hours, Some(24));
        }
        other => panic!("expected the typed 429, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_eq!(err.request_id(), Some("req-42"));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    let raw: serde_json::Value =
        serde_json::from_slice(err.body().expect("raw body")).expect("raw body is JSON");
    assert_eq!(raw, json!({"maxThings": 5, "windowHours": 24}));

    let found: ResponseValue<ResponseValueModel> =
        client.get_thing("t1").await.expect("200 decodes");
    assert_eq!(found.request_id(), Some("req-43"));
    let value = found.into_inner();
    assert_eq!(value.thing.id, "t1");
    assert_eq!(value.result.map(|r| r.ok), Some(true));
}
