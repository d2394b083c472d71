//! What `build()` refuses before any request is made: a client without the
//! credential every operation sent to its base URL needs, and a base URL that
//! is no absolute http(s) URL. Each message is checked whole: it is what a
//! user reads. Nothing here opens a connection.

use std::fmt::Debug;

/// The message of a build that must fail.
fn refused<T: Debug, E: std::fmt::Display>(built: Result<T, E>) -> String {
    match built {
        Ok(client) => panic!("built {client:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn loops_refuses_to_build_without_its_key() {
    let err = loops::Client::builder().build().expect_err("no key");
    assert!(
        matches!(err, loops::BuildError::MissingCredential(_)),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "every operation of this API needs a credential and none was given: call \
         `ClientBuilder::bearer_auth`, or build the client with `Client::from_env`, \
         which reads the `LOOPS_API_KEY` environment variable"
    );
    let client = loops::Client::builder()
        .bearer_auth("test-key")
        .build()
        .expect("a key is enough");
    assert_eq!(client.base_url(), "https://app.loops.so/api");
}

#[test]
fn loops_refuses_a_base_url_that_is_no_url() {
    let err = loops::Client::builder()
        .bearer_auth("test-key")
        .base_url("not a url")
        .build()
        .expect_err("bad URL");
    assert!(
        matches!(err, loops::BuildError::InvalidBaseUrl(_)),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the base URL `not a url` is not an absolute http(s) URL (relative URL without a \
         base); `ClientBuilder::base_url` takes one such as `https://app.loops.so/api`"
    );
    // The URL is checked before the key: both problems, the URL reported.
    assert_eq!(
        refused(loops::Client::builder().base_url("/api").build()),
        "the base URL `/api` is not an absolute http(s) URL (relative URL without a base); \
         `ClientBuilder::base_url` takes one such as `https://app.loops.so/api`"
    );
}

#[test]
fn loops_refuses_base_urls_paths_cannot_follow() {
    let built = |url: &str| {
        loops::Client::builder()
            .bearer_auth("test-key")
            .base_url(url)
            .build()
    };
    assert_eq!(
        refused(built("ftp://files.example.com/api")),
        "the base URL `ftp://files.example.com/api` is not an absolute http(s) URL (its \
         scheme is `ftp`); `ClientBuilder::base_url` takes one such as `https://app.loops.so/api`"
    );
    assert_eq!(
        refused(built("https://app.loops.so/api?team=1")),
        "the base URL `https://app.loops.so/api?team=1` is not an absolute http(s) URL (it \
         has a query or fragment, which the operations' paths cannot follow); \
         `ClientBuilder::base_url` takes one such as `https://app.loops.so/api`"
    );
    assert_eq!(
        refused(built("https://")),
        "the base URL `https://` is not an absolute http(s) URL (empty host); \
         `ClientBuilder::base_url` takes one such as `https://app.loops.so/api`"
    );
    for good in [
        "http://127.0.0.1:8080/api",
        "https://app.loops.so/api/",
        "http://localhost",
    ] {
        assert_eq!(built(good).expect(good).base_url(), good);
    }
}

#[test]
fn loomta_builds_without_a_key_for_its_device_login() {
    // `startDeviceAuthorization` and `pollDeviceToken` need no credential
    // (`security: []`), and they are how a key is obtained.
    let client = loomta::Client::builder()
        .build()
        .expect("credentials are optional");
    assert_eq!(client.base_url(), "https://api.loomta.com");
}

#[test]
fn loomta_refuses_a_base_url_that_is_no_url() {
    assert_eq!(
        refused(
            loomta::Client::builder()
                .bearer_auth("loomta-key")
                .base_url("not a url")
                .build()
        ),
        "the base URL `not a url` is not an absolute http(s) URL (relative URL without a \
         base); `ClientBuilder::base_url` takes one such as `https://api.loomta.com`"
    );
    assert_eq!(
        refused(loomta::Client::builder().base_url("api.loomta.com").build()),
        "the base URL `api.loomta.com` is not an absolute http(s) URL (relative URL without \
         a base); `ClientBuilder::base_url` takes one such as `https://api.loomta.com`"
    );
}

#[test]
fn a_fixture_with_an_anonymous_operation_builds_without_credentials() {
    // `getPublic` has `security: []`.
    let client = fixture_security::Client::builder()
        .build()
        .expect("credentials are optional");
    assert_eq!(client.base_url(), "https://api.example.com/v1");
}

#[test]
fn alternatives_are_named_each_with_its_builder_method() {
    // Every operation of this Swagger 2.0 document needs one of three schemes;
    // none of them is the one `from_env` reads, so no variable is named.
    assert_eq!(
        refused(fixture_swagger2_document::Client::builder().build()),
        "every operation of this API needs a credential and none was given: call \
         `ClientBuilder::basic_auth`, `ClientBuilder::api_key` or `ClientBuilder::oauth`"
    );
    fixture_swagger2_document::Client::builder()
        .api_key("key")
        .build()
        .expect("one alternative is enough");
    // The upload's PUT to its own URL needs none, and does not count.
    assert_eq!(
        refused(fixture_upload_flow::Client::builder().build()),
        "every operation of this API needs a credential and none was given: call \
         `ClientBuilder::key`, or build the client with `Client::from_env`, which reads the \
         `FIXTURE_UPLOAD_FLOW_API_KEY` environment variable"
    );
}

#[test]
fn a_server_variable_that_breaks_the_url_is_named() {
    assert_eq!(
        refused(
            fixture_servers::Client::builder()
                .server_variable("region", "eu west")
                .expect("a known variable")
                .build()
        ),
        "the base URL `https://eu west.api.example.com/v2` is not an absolute http(s) URL \
         (invalid international domain name); it is the spec's server URL \
         `https://{region}.api.example.com/{version}` with its variables filled in: check \
         the values given to `ClientBuilder::server_variable`, or give the API's full URL to \
         `ClientBuilder::base_url`"
    );
    let client = fixture_servers::Client::builder()
        .server_variable("region", "eu")
        .expect("a known variable")
        .build()
        .expect("a good value");
    assert_eq!(client.base_url(), "https://eu.api.example.com/v2");
}
