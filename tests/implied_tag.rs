//! A union tagged by a property but written without a `discriminator` (each
//! member requires `type`, a string enum of one value), over real HTTP on
//! 127.0.0.1: a reply decodes to the variant its tag names with every field,
//! an unknown tag is kept as JSON, a known tag with a wrong body is an error,
//! and every variant sent carries its tag on the wire; a member that is its
//! tag alone is a unit variant. Beside it, a `oneOf`
//! of documented string values (the way schemars writes a Rust enum whose
//! variants have doc comments) is one enum of all the values.

use fixture_one_of_implied_tag::operations::CreateRangeError;
use fixture_one_of_implied_tag::runtime::Error;
use fixture_one_of_implied_tag::types::{
    BinRange, BinRangeRange, BinRangeRangeFrom, BinRangeRangeTo, NamedRange, NamedRangeType,
    RangeState,
};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> fixture_one_of_implied_tag::Client {
    fixture_one_of_implied_tag::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a loopback base URL is valid")
}

/// Answers any `POST /ranges` with `reply`.
async fn replying(reply: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ranges"))
        .respond_with(ResponseTemplate::new(201).set_body_json(reply))
        .mount(&server)
        .await;
    server
}

/// Answers a `POST /ranges` of exactly `wire`, once, with `wire`; any other
/// body gets wiremock's 404, which the spec does not document.
async fn echoing(wire: &Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ranges"))
        .and(body_json(wire))
        .respond_with(ResponseTemplate::new(201).set_body_json(wire))
        .expect(1)
        .mount(&server)
        .await;
    server
}

async fn create(server: &MockServer) -> Result<BinRange, Error<CreateRangeError>> {
    client(server)
        .create_range(&BinRange::Full)
        .await
        .map(|reply| reply.into_inner())
}

#[tokio::test]
async fn a_reply_decodes_to_the_variant_its_tag_names_with_every_field() {
    // `range_to` comes first and would accept this body too if variants were
    // tried in order: it needs only `end`, and would drop `start`.
    let server = replying(json!({"type": "range", "start": 0.5, "end": 2.0})).await;
    let got = create(&server).await.expect("201 is documented");
    assert_eq!(
        got,
        BinRange::Range(BinRangeRange {
            start: 0.5,
            end: 2.0
        })
    );

    let server = replying(json!({"type": "range_from", "start": 7.0})).await;
    let got = create(&server).await.expect("201 is documented");
    assert_eq!(got, BinRange::RangeFrom(BinRangeRangeFrom { start: 7.0 }));

    let server = replying(json!({"type": "full"})).await;
    let got = create(&server).await.expect("201 is documented");
    assert_eq!(got, BinRange::Full);

    // A variant that is its tag alone is a unit variant: whatever else the
    // object holds is ignored, as a struct ignores fields it does not know.
    let server = replying(json!({"type": "full", "since": "v2"})).await;
    let got = create(&server).await.expect("201 is documented");
    assert_eq!(got, BinRange::Full);

    let server = replying(json!({"type": "named", "name": "week"})).await;
    let got = create(&server).await.expect("201 is documented");
    assert_eq!(
        got,
        BinRange::NamedRange(NamedRange {
            name: "week".into(),
            type_: NamedRangeType::Named,
            state: None,
        })
    );
}

#[tokio::test]
async fn an_unknown_tag_decodes_to_the_fallback_and_keeps_the_json() {
    let reply = json!({"type": "range_inclusive", "start": 1.0, "end": 3.0, "step": 1});
    let server = replying(reply.clone()).await;
    let got = create(&server).await.expect("201 is documented");
    assert_eq!(got, BinRange::Unknown(reply));
}

#[tokio::test]
async fn a_known_tag_with_a_wrong_body_is_a_decode_error() {
    let server = replying(json!({"type": "range", "end": 2.0})).await;
    match create(&server).await {
        Err(Error::Decode { source, .. }) => {
            assert!(source.to_string().contains("start"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn every_variant_sent_carries_its_tag_on_the_wire() {
    let cases = [
        (
            BinRange::RangeTo(BinRangeRangeTo { end: 3.0 }),
            json!({"type": "range_to", "end": 3.0}),
        ),
        (
            BinRange::Range(BinRangeRange {
                start: 1.0,
                end: 3.0,
            }),
            json!({"type": "range", "start": 1.0, "end": 3.0}),
        ),
        (
            BinRange::RangeFrom(BinRangeRangeFrom { start: 1.0 }),
            json!({"type": "range_from", "start": 1.0}),
        ),
        (BinRange::Full, json!({"type": "full"})),
        (
            BinRange::NamedRange(NamedRange {
                name: "week".into(),
                type_: NamedRangeType::Named,
                state: None,
            }),
            json!({"type": "named", "name": "week"}),
        ),
        (
            BinRange::Unknown(json!({"type": "range_inclusive", "start": 1.0})),
            json!({"type": "range_inclusive", "start": 1.0}),
        ),
    ];
    for (sent, wire) in cases {
        let server = echoing(&wire).await;
        let got = client(&server)
            .create_range(&sent)
            .await
            .unwrap_or_else(|e| panic!("{sent:?} should be sent as {wire}: {e:?}"))
            .into_inner();
        assert_eq!(got, sent, "{wire} comes back as it was sent");
    }
}

#[tokio::test]
async fn documented_string_values_are_one_enum_of_them_all() {
    let named = |state: RangeState| {
        BinRange::NamedRange(NamedRange::new("week", NamedRangeType::Named).state(state))
    };
    // Each member's values are variants of one enum, sent as themselves.
    let server = echoing(&json!({"type": "named", "name": "week", "state": "frozen"})).await;
    let got = client(&server)
        .create_range(&named(RangeState::Frozen))
        .await
        .expect("the body matches")
        .into_inner();
    assert_eq!(got, named(RangeState::Frozen));

    // A value no member lists is kept, like any open enum's.
    let server = replying(json!({"type": "named", "name": "week", "state": "melted"})).await;
    let got = create(&server).await.expect("201 is documented");
    assert_eq!(got, named(RangeState::Unknown("melted".into())));
    assert_eq!(RangeState::from("active"), RangeState::Active);
    assert_eq!(RangeState::Pending.as_str(), "pending");
}
