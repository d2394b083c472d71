//! Values built by name, over real HTTP (a mock server on 127.0.0.1):
//! `new` takes the required fields, setters the optional ones, and only what
//! was set goes on the wire. `fixture_setters` has fields named like the
//! methods every value has, whose setters take a `with_` prefix.

use fixture_setters::operations::CreateWidgetParams;
use fixture_setters::types::{AttachToWidgetForm, Dimensions, Widget};
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn loops_client(server: &MockServer) -> loops::Client {
    loops::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-key")
        .build()
        .expect("client builds")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

#[tokio::test]
async fn a_loops_contact_sends_only_the_fields_it_names() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/contacts/create"))
        .and(body_json(
            json!({"email": "bob@example.com", "firstName": "Bob"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "id": "c_1"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let contact = loops::types::CreateContactRequest::new("bob@example.com").first_name("Bob");
    let created = loops_client(&server)
        .create_contact(&contact)
        .await
        .expect("created");
    assert_eq!(created.id, "c_1");
}

#[test]
fn a_setter_fills_an_optional_field_and_an_extra_property_its_map() {
    let contact = loops::types::CreateContactRequest::new(String::from("ada@example.com"))
        .subscribed(false)
        .mailing_lists([("list_1".to_string(), true)])
        .property(
            "planName",
            loops::types::PropertyValue::String("pro".into()),
        );
    assert_eq!(
        serde_json::to_value(&contact).unwrap(),
        json!({
            "email": "ada@example.com",
            "subscribed": false,
            "mailingLists": {"list_1": true},
            "planName": "pro",
        })
    );
}

#[tokio::test]
async fn loops_params_send_only_the_parameter_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/contacts/find"))
        .and(query_param("email", "bob@example.com"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;

    let params = loops::operations::FindContactParams::new().email("bob@example.com");
    let found = loops_client(&server)
        .find_contact(&params)
        .await
        .expect("found");
    assert!(found.is_empty());
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("email=bob%40example.com"));
}

/// The headers and body of one multipart part, found by its name.
fn part<'r>(request: &'r Request, name: &str) -> Option<(String, &'r [u8])> {
    let content_type = request.headers.get("content-type")?.to_str().ok()?;
    let boundary = content_type.split("boundary=").nth(1)?.to_string();
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let marker = format!("name=\"{name}\"");
    let start = find(body, marker.as_bytes())?;
    let head_end = start + find(&body[start..], b"\r\n\r\n")? + 4;
    let end = head_end + find(&body[head_end..], delimiter.as_bytes())? - 2;
    let headers = String::from_utf8_lossy(&body[start..head_end]).into_owned();
    Some((headers, &body[head_end..end]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_loomta_form_sends_its_file_and_the_parts_set() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/public/v1/media"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = loomta::Client::builder()
        .base_url(server.uri())
        .bearer_auth("loomta-key")
        .build()
        .expect("client builds");

    let file = loomta::FilePart::from_bytes(&b"\xff\xd8\xff\xe0 a jpeg"[..], "logo.jpg");
    let form = loomta::types::UploadMediaForm::new(file)
        .media_type("image")
        .file_name("brand.jpg");
    client.upload_media(form).await.expect("uploaded");

    let request = only_request(&server).await;
    let (head, bytes) = part(&request, "file").expect("file part");
    assert!(head.contains("filename=\"logo.jpg\""), "{head}");
    assert_eq!(bytes, b"\xff\xd8\xff\xe0 a jpeg");
    assert_eq!(
        part(&request, "mediaType").map(|p| p.1),
        Some(&b"image"[..])
    );
    assert_eq!(
        part(&request, "fileName").map(|p| p.1),
        Some(&b"brand.jpg"[..])
    );
    for unset in ["mimeType", "folderId"] {
        assert!(part(&request, unset).is_none(), "{unset} was not set");
    }
}

fn fixture_client(server: &MockServer) -> fixture_setters::Client {
    fixture_setters::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn setters_named_like_methods_take_a_prefix_and_set_their_own_field() {
    let server = MockServer::start().await;
    let sent = json!({
        "id": "w1",
        "parent": null,
        "new": "n",
        "clone": "c",
        "with_clone": "wc",
        "default": 5,
        "into": true,
        "fmt": "f",
        "add": 1.5,
        "property": "p",
        "note": "hello",
        "colour": "red",
    });
    Mock::given(method("POST"))
        .and(path("/widgets/a/b/c/d/e/f"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(&sent))
        .expect(1)
        .mount(&server)
        .await;

    let widget = Widget::new("w1", None)
        .with_new("n")
        .with_clone2("c")
        .with_clone("wc")
        .with_default(5)
        .with_into(true)
        .with_fmt("f")
        .with_add(1.5)
        .property("p")
        .note("hello")
        .additional_property("colour", "red");
    let params = CreateWidgetParams::new(10)
        .with_new("n")
        .with_clone(3)
        .with_default(true);
    let echoed = fixture_client(&server)
        .create_widget("a", "b", "c", "d", "e", "f", &widget, &params)
        .await
        .expect("created");
    assert_eq!(*echoed, widget, "the reply decodes to what was sent");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("new=n&clone=3&default=true&limit=10"),
        "every parameter set, in the spec's order"
    );
    // The methods the prefixed setters would have shadowed still work.
    assert_eq!(Clone::clone(&widget), widget);
    assert_eq!(
        Widget::new("w1", Some("p0".to_string())).parent.as_deref(),
        Some("p0")
    );
}

#[test]
fn a_constructor_takes_every_required_field_in_order() {
    let d = Dimensions::new(1, 2, 3, 4, 5, 6, 7, 8);
    assert_eq!((d.a, d.h), (1, 8));
}

#[tokio::test]
async fn form_parts_named_like_its_methods_are_set_by_prefixed_setters() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/widgets/w1/attachments"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let form = AttachToWidgetForm::new(fixture_setters::FilePart::from_bytes(&b"one"[..], "a.bin"))
        .with_new("n")
        .with_into_form("i")
        .extras(vec![fixture_setters::FilePart::from_bytes(
            &b"two"[..],
            "b.bin",
        )]);
    fixture_client(&server)
        .attach_to_widget("w1", form)
        .await
        .expect("attached");
    let request = only_request(&server).await;
    assert_eq!(part(&request, "new").map(|p| p.1), Some(&b"n"[..]));
    assert_eq!(part(&request, "into_form").map(|p| p.1), Some(&b"i"[..]));
    assert_eq!(part(&request, "extras").map(|p| p.1), Some(&b"two"[..]));
}

#[tokio::test]
async fn a_raw_body_is_taken_from_bytes_or_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/widgets/w1/blob"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = fixture_client(&server);
    client
        .put_widget_blob("w1", Some(b"raw bytes".into()))
        .await
        .expect("stored");
    client.put_widget_blob("w1", None).await.expect("stored");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests[0].body, b"raw bytes");
    assert!(requests[1].body.is_empty());
}
