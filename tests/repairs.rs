//! The crate of `fixtures/repairs.yaml` over real HTTP (a mock server on
//! 127.0.0.1): what the generator repaired is sent as the document meant it.

use fixture_repairs::types::{PostNoteForm, PutAvatarForm, UploadFileForm, UploadScanForm};
use fixture_repairs::FilePart;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> fixture_repairs::Client {
    fixture_repairs::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

async fn mount(server: &MockServer, http_method: &str, route: &str) {
    Mock::given(method(http_method))
        .and(path(route))
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.remove(0)
}

/// The multipart parts of a request: each part's headers and body.
fn parts(request: &Request) -> Vec<(String, Vec<u8>)> {
    let content_type = request.headers["content-type"].to_str().expect("text");
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a multipart boundary");
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let (_, mut rest) = split_once(&request.body, delimiter.as_bytes()).expect("a first part");
    // Each part: CRLF, headers, a blank line, the body, CRLF and the next delimiter.
    while let Some(part) = rest.strip_prefix(b"\r\n") {
        let (head, after) = split_once(part, b"\r\n\r\n").expect("part headers");
        let end = [b"\r\n".as_slice(), delimiter.as_bytes()].concat();
        let (bytes, next) = split_once(after, &end).expect("a closing delimiter");
        out.push((String::from_utf8_lossy(head).into_owned(), bytes.to_vec()));
        rest = next;
    }
    assert!(
        rest.starts_with(b"--"),
        "the body ends with the final delimiter"
    );
    out
}

/// `haystack` before and after the first `needle`.
fn split_once<'h>(haystack: &'h [u8], needle: &[u8]) -> Option<(&'h [u8], &'h [u8])> {
    let at = haystack.windows(needle.len()).position(|w| w == needle)?;
    Some((&haystack[..at], &haystack[at + needle.len()..]))
}

/// A path template variable no parameter declares is a string argument,
/// kept to one path segment.
#[tokio::test]
async fn an_undeclared_template_variable_is_a_path_argument() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/widgets/w%2F1").await;
    client(&server).get_widget("w/1").await.expect("sent");
    assert_eq!(only_request(&server).await.url.path(), "/widgets/w%2F1");
}

/// A body schema that is one file is sent as one file part named `file`,
/// with its bytes and file name.
#[tokio::test]
async fn a_binary_body_is_one_file_part() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/files").await;
    let file = FilePart::from_bytes(&b"%PDF-1.7 a small document"[..], "report.pdf");
    client(&server)
        .upload_file(UploadFileForm::new(file))
        .await
        .expect("sent");
    let found = parts(&only_request(&server).await);
    assert_eq!(found.len(), 1, "{found:?}");
    let (head, bytes) = &found[0];
    assert!(
        head.contains("name=\"file\"") && head.contains("filename=\"report.pdf\""),
        "{head}"
    );
    assert!(head.contains("Content-Type: application/pdf"), "{head}");
    assert_eq!(bytes, b"%PDF-1.7 a small document");
}

/// A schema of no more than `format: binary` is one file part too.
#[tokio::test]
async fn a_schema_of_only_a_binary_format_is_one_file_part() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/scans").await;
    let file = FilePart::from_bytes(&b"scanned"[..], "scan.tiff");
    client(&server)
        .upload_scan(UploadScanForm::new(file))
        .await
        .expect("sent");
    let found = parts(&only_request(&server).await);
    assert_eq!(found.len(), 1, "{found:?}");
    let (head, bytes) = &found[0];
    assert!(
        head.contains("name=\"file\"") && head.contains("filename=\"scan.tiff\""),
        "{head}"
    );
    assert_eq!(bytes, b"scanned");
}

/// A `$ref` to a file schema, with one `encoding` entry: the part takes the
/// entry's name and its content type.
#[tokio::test]
async fn a_referenced_binary_body_takes_its_encoding_name() {
    let server = MockServer::start().await;
    mount(&server, "PUT", "/avatars").await;
    let file = FilePart::from_bytes(&b"not really a picture"[..], "me.bin");
    client(&server)
        .put_avatar(PutAvatarForm::new(file))
        .await
        .expect("sent");
    let found = parts(&only_request(&server).await);
    assert_eq!(found.len(), 1, "{found:?}");
    let (head, bytes) = &found[0];
    assert!(
        head.contains("name=\"avatar\"") && head.contains("filename=\"me.bin\""),
        "{head}"
    );
    assert!(head.contains("Content-Type: image/png"), "{head}");
    assert_eq!(bytes, b"not really a picture");
}

/// A form of no parts is still a multipart request.
#[tokio::test]
async fn an_empty_form_is_sent_without_parts() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/notes").await;
    client(&server)
        .post_note(Some(PostNoteForm::default()))
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert!(request.headers["content-type"]
        .to_str()
        .expect("text")
        .starts_with("multipart/form-data"));
    assert!(
        split_once(&request.body, b"Content-Disposition").is_none(),
        "no part: {:?}",
        String::from_utf8_lossy(&request.body)
    );
}
