//! Fidelity: where a document gives a type, the client has one. Every place
//! the generator holds any JSON value is in `Api::untyped`; for our specs
//! and fixtures, all of them must be places the document leaves untyped
//! (`{}`, free-form objects, arrays without `items`, no schema, a `$ref` to
//! nothing: `tests/fixtures/repairs.yaml` has those on purpose).

use api_tests::{fixture_settings, specs_in, tests_dir};

/// The places of a spec typed as any JSON value although the document gives a type.
fn typed_but_untyped(stem: &str, text: &str) -> Vec<String> {
    let (api, _) =
        codegen::to_ir(text, &fixture_settings(stem)).unwrap_or_else(|f| panic!("{stem}: {f}"));
    api.untyped
        .iter()
        .filter(|u| u.given_type)
        .map(|u| format!("{stem}: {} ({})", u.pointer, u.reason))
        .collect()
}

#[test]
fn specs_and_fixtures_lose_no_type_the_document_gives() {
    let mut specs = specs_in(&tests_dir().join("..").join("spec"));
    specs.extend(specs_in(&tests_dir().join("fixtures")));
    assert!(specs.len() >= 20, "found only {} specs", specs.len());
    let lost: Vec<String> = specs
        .iter()
        .flat_map(|(stem, text)| typed_but_untyped(stem, text))
        .collect();
    assert!(lost.is_empty(), "{lost:#?}");
}

#[test]
fn what_the_document_leaves_untyped_is_counted() {
    let (_, text) = specs_in(&tests_dir().join("fixtures"))
        .into_iter()
        .find(|(stem, _)| stem == "arrays_maps")
        .expect("the arrays_maps fixture");
    let generated = codegen::generate(&text, &fixture_settings("arrays_maps")).expect("generates");
    assert!(!generated.untyped.is_empty());
    assert!(generated.untyped.iter().all(|u| !u.given_type));
}
