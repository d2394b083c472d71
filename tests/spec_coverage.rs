//! Every operation the reference notes record is in our specs: each
//! `tests/coverage/<api>.txt` lists them as `METHOD /path`, and the spec of
//! the same name must describe each one (and nothing the list lacks, so the
//! list stays the true inventory).

use api_tests::tests_dir;
use std::collections::BTreeSet;

/// The text of `spec/<api>.yaml`.
fn spec_text(api: &str) -> String {
    let path = tests_dir().join("../spec").join(format!("{api}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn operations_in_spec(api: &str) -> BTreeSet<String> {
    let text = spec_text(api);
    let settings = codegen::Settings {
        crate_name: api.into(),
        source: format!("spec/{api}.yaml"),
        command: "test".into(),
        deny_warnings: false,
        runtime: api_tests::RUNTIME.into(),
    };
    let (ir, _) =
        codegen::to_ir(&text, &settings).unwrap_or_else(|f| panic!("{api}: {:?}", f.diagnostics));
    ir.operations
        .iter()
        .map(|op| format!("{} {}", op.method, op.path))
        .collect()
}

fn listed(api: &str) -> BTreeSet<String> {
    let path = tests_dir().join("coverage").join(format!("{api}.txt"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn check(api: &str, expected_count: usize) {
    let listed = listed(api);
    let described = operations_in_spec(api);
    let missing: Vec<_> = listed.difference(&described).collect();
    let unlisted: Vec<_> = described.difference(&listed).collect();
    assert!(missing.is_empty(), "{api}: not in the spec: {missing:#?}");
    assert!(unlisted.is_empty(), "{api}: not in the list: {unlisted:#?}");
    assert_eq!(
        listed.len(),
        expected_count,
        "{api}: the list itself changed size"
    );
}

#[test]
fn loops_spec_has_every_recorded_operation() {
    // 64 published + 4 newer + the presigned PUT of the upload flow.
    check("loops", 69);
}

#[test]
fn loomta_spec_has_every_recorded_operation() {
    check("loomta", 14);
}

/// JSON bodies (requests and responses) of `api` that carry no example,
/// named by their JSON pointers. Response references are followed.
fn bodies_without_examples(api: &str) -> Vec<String> {
    let doc: serde_json::Value =
        serde_yaml::from_str(&spec_text(api)).unwrap_or_else(|e| panic!("{api}: {e}"));
    let resolve = |v: &'_ serde_json::Value| -> serde_json::Value {
        match v.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => doc
                .pointer(r.trim_start_matches('#'))
                .cloned()
                .unwrap_or(serde_json::Value::Null),
            None => v.clone(),
        }
    };
    let mut missing = Vec::new();
    let empty = serde_json::Map::new();
    let paths = doc["paths"].as_object().unwrap_or(&empty);
    for (route, item) in paths {
        for (method, op) in item.as_object().unwrap_or(&empty) {
            let mut bodies = vec![("requestBody".to_string(), resolve(&op["requestBody"]))];
            for (status, response) in op["responses"].as_object().unwrap_or(&empty) {
                bodies.push((format!("responses/{status}"), resolve(response)));
            }
            for (place, body) in bodies {
                for (media, content) in body["content"].as_object().unwrap_or(&empty) {
                    let has_example = content.get("example").is_some()
                        || content["examples"]
                            .as_object()
                            .is_some_and(|e| !e.is_empty());
                    if media.contains("json") && !has_example {
                        missing.push(format!("{method} {route} {place} {media}"));
                    }
                }
            }
        }
    }
    missing
}

#[test]
fn every_json_body_has_an_example() {
    for api in ["loops", "loomta"] {
        let missing = bodies_without_examples(api);
        assert!(
            missing.is_empty(),
            "{api}: JSON bodies without an example: {missing:#?}"
        );
    }
}
