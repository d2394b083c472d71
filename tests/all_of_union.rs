//! Unions `allOf`-ed with an object of extra properties, over real HTTP on
//! 127.0.0.1: a struct of the extra fields with the union flattened beside
//! them. A reply decodes to the variant and the extra fields together, a
//! request is written as one flat object, and the union's limits are
//! checked before sending. One union of each kind: named by a
//! `discriminator`, tagged by a one-value property, and untagged.

use fixture_all_of_union::runtime::Error;
use fixture_all_of_union::types::{
    Bundle, Cat, Dog, LabelledShape, NamedPet, NumberedContact, NumberedContactUnion,
    NumberedContactUnionVariant0, NumberedContactUnionVariant1, Pet, Shape, ShapeCircle,
    ShapeSquare,
};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> fixture_all_of_union::Client {
    fixture_all_of_union::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a loopback base URL is valid")
}

/// A bundle with a dog, a square and a phone number, and its JSON.
fn dog_bundle() -> (Bundle, Value) {
    let bundle = Bundle {
        pet: NamedPet {
            name: "Rex".into(),
            nickname: None,
            pet: Pet::Dog(Dog {
                pet_type: "dog".into(),
                barks: 3,
            }),
        },
        shape: LabelledShape {
            label: "tile".into(),
            color: Some("red".into()),
            shape: Shape::Square(ShapeSquare { side: 2.5 }),
        },
        contact: NumberedContact {
            id: 7,
            note: None,
            numbered_contact_union: NumberedContactUnion::NumberedContactUnionVariant1(
                NumberedContactUnionVariant1 {
                    phone: "+15550100".into(),
                },
            ),
        },
    };
    let wire = json!({
        "pet": {"name": "Rex", "petType": "dog", "barks": 3},
        "shape": {"label": "tile", "color": "red", "kind": "square", "side": 2.5},
        "contact": {"id": 7, "phone": "+15550100"},
    });
    (bundle, wire)
}

#[tokio::test]
async fn a_reply_decodes_to_the_variant_and_the_extra_fields() {
    let server = MockServer::start().await;
    let reply = json!({
        "pet": {"petType": "cat", "meows": true, "name": "Tom", "nickname": "T"},
        "shape": {"kind": "circle", "radius": 1.5, "label": "dot"},
        "contact": {"email": "a@example.com", "id": 42, "note": "work"},
    });
    Mock::given(method("POST"))
        .and(path("/bundles"))
        .respond_with(ResponseTemplate::new(201).set_body_json(reply))
        .mount(&server)
        .await;
    let (sent, _) = dog_bundle();
    let got = client(&server)
        .create_bundle(&sent)
        .await
        .expect("201 is documented")
        .into_inner();
    let want = Bundle {
        pet: NamedPet {
            name: "Tom".into(),
            nickname: Some("T".into()),
            pet: Pet::Cat(Cat {
                pet_type: "cat".into(),
                meows: true,
            }),
        },
        shape: LabelledShape {
            label: "dot".into(),
            color: None,
            shape: Shape::Circle(ShapeCircle { radius: 1.5 }),
        },
        contact: NumberedContact {
            id: 42,
            note: Some("work".into()),
            numbered_contact_union: NumberedContactUnion::NumberedContactUnionVariant0(
                NumberedContactUnionVariant0 {
                    email: "a@example.com".into(),
                },
            ),
        },
    };
    assert_eq!(got, want);
}

#[tokio::test]
async fn a_request_is_written_as_one_object_of_the_variant_and_the_extra_fields() {
    let server = MockServer::start().await;
    let (bundle, wire) = dog_bundle();
    Mock::given(method("POST"))
        .and(path("/bundles"))
        .and(body_json(wire.clone()))
        .respond_with(ResponseTemplate::new(201).set_body_json(wire))
        .expect(1)
        .mount(&server)
        .await;
    let got = client(&server)
        .create_bundle(&bundle)
        .await
        .expect("the body matches, so the mock answers 201")
        .into_inner();
    assert_eq!(got, bundle, "the written value reads back the same");
}

#[tokio::test]
async fn a_limit_inside_the_flattened_union_is_checked_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let (mut bundle, _) = dog_bundle();
    bundle.pet.pet = Pet::Dog(Dog {
        pet_type: "dog".into(),
        barks: -1,
    });
    let err = client(&server)
        .create_bundle(&bundle)
        .await
        .expect_err("refused");
    let Error::Validation(violations) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    assert!(violations.field("pet.barks").is_some(), "{violations}");
}
