//! Malformed specs give the right diagnostic at the right place, all at once,
//! and never a panic.

use api_tests::tests_dir;
use codegen::{Diagnostic, Severity};

fn diagnostics(file: &str) -> Vec<Diagnostic> {
    let path = tests_dir().join("fixtures").join("malformed").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let settings = codegen::Settings {
        crate_name: "malformed".into(),
        source: file.into(),
        command: "test".into(),
        deny_warnings: false,
        runtime: api_tests::RUNTIME.into(),
    };
    match codegen::generate(&text, &settings) {
        Ok(_) => panic!("{file}: generation should fail"),
        Err(failure) => failure.diagnostics,
    }
}

/// The single error of a file, checked for message, pointer and line.
fn assert_error(file: &str, message: &str, pointer: &str, line: Option<usize>) {
    let diags = diagnostics(file);
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "{file}: expected one error, got {diags:#?}"
    );
    let d = errors[0];
    assert!(
        d.message.contains(message),
        "{file}: message {:?} lacks {message:?}",
        d.message
    );
    assert_eq!(d.pointer, pointer, "{file}: pointer");
    assert_eq!(d.line, line, "{file}: line");
}

/// The warnings of a file that generates, with the crate's files.
fn warnings(file: &str) -> Vec<Diagnostic> {
    let path = tests_dir().join("fixtures").join("malformed").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let settings = codegen::Settings {
        crate_name: "repaired".into(),
        source: file.into(),
        command: "test".into(),
        deny_warnings: false,
        runtime: api_tests::RUNTIME.into(),
    };
    match codegen::generate(&text, &settings) {
        Ok(generated) => generated.warnings,
        Err(failure) => panic!("{file}: should generate with warnings:\n{failure}"),
    }
}

/// A reference to nothing costs only the schema it stands for: it is typed
/// as any JSON value, with a warning at the reference.
#[test]
fn missing_ref_target_is_a_located_warning() {
    let found = warnings("missing_ref.yaml");
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains(
            "`#/components/schemas/DoesNotExist` points to nothing; typed as any JSON value"
        ),
        "{:?}",
        d.message
    );
    assert_eq!(
        d.pointer,
        "#/paths/~1things/get/responses/200/content/application~1json/schema/$ref"
    );
    assert_eq!(d.line, Some(18));
}

#[test]
fn duplicate_operation_id() {
    assert_error(
        "duplicate_operation_id.yaml",
        "duplicate operationId `getThing` (first used at #/paths/~1things/get/operationId)",
        "#/paths/~1other-things/get/operationId",
        Some(17),
    );
}

#[test]
fn path_parameter_not_in_template() {
    assert_error(
        "path_param_not_in_template.yaml",
        "path parameter `id` does not appear in the template `/things`",
        "#/paths/~1things/get/parameters/0",
        Some(13),
    );
}

/// A template variable that no parameter declares becomes a required
/// string path parameter, with a warning at the path.
#[test]
fn template_parameter_not_declared_is_repaired_with_a_located_warning() {
    let found = warnings("template_param_undeclared.yaml");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains(
            "path template variable `{id}` is declared by no parameter; taken as a required string path parameter"
        ),
        "{:?}",
        found[0].message
    );
    assert_eq!(found[0].pointer, "#/paths/~1things~1{id}");
    assert_eq!(found[0].line, Some(8));
}

#[test]
fn an_unknown_openapi_version_is_refused() {
    assert_error(
        "version_4.yaml",
        "OpenAPI version `4.0.0` is not supported",
        "#/openapi",
        Some(1),
    );
}

#[test]
fn a_swagger_version_before_2_is_refused() {
    assert_error(
        "swagger_12.yaml",
        "Swagger version `1.2` is not supported",
        "#/swagger",
        Some(1),
    );
}

#[test]
fn invalid_yaml_names_the_line() {
    assert_error("invalid_yaml.yaml", "invalid YAML", "#", Some(4));
}

/// `properties` written as a list of names: the intent is clear, so each
/// name becomes a property of any type, with a warning.
#[test]
fn schema_of_the_wrong_type_is_repaired_with_a_located_warning() {
    let found = warnings("wrong_type.yaml");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("`properties` is a list of names"),
        "{:?}",
        found[0].message
    );
    assert_eq!(found[0].pointer, "#/components/schemas/Thing/properties");
    assert_eq!(found[0].line, Some(23));
}

/// Where the intent is not clear (`paths` as a list), generation fails with
/// the place named.
#[test]
fn a_document_of_the_wrong_shape_is_located() {
    let diags = diagnostics("unrecoverable_type.yaml");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        diags[0]
            .message
            .contains("does not match the OpenAPI 3.0 schema"),
        "{:?}",
        diags[0].message
    );
    assert_eq!(diags[0].pointer, "#/paths");
    assert_eq!(diags[0].line, Some(7));
}

#[test]
fn every_error_is_reported_at_once() {
    let diags = diagnostics("several_errors.yaml");
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(diags.len(), 3, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("points to nothing") && m.contains("(line 18)")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("duplicate operationId `listThings`") && m.contains("(line 21)")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m
            .contains("path parameter `id` does not appear in the template `/things/mine`")
            && m.contains("(line 31)")),
        "{messages:#?}"
    );
}

#[test]
fn non_documents_give_diagnostics_not_panics() {
    let settings = codegen::Settings {
        crate_name: "x".into(),
        source: "x".into(),
        command: "test".into(),
        deny_warnings: false,
        runtime: api_tests::RUNTIME.into(),
    };
    for text in [
        "",
        "[]",
        "42",
        "openapi: 3.0.3",
        "{",
        "openapi: [1]",
        "openapi: 3.0.3\ninfo: 7\npaths: {}\n",
    ] {
        let failure = codegen::generate(text, &settings).expect_err(text);
        assert!(!failure.diagnostics.is_empty(), "{text:?}");
    }
}

/// `levels` schemas, each wrapping the next by `key`, around `leaf`, as the
/// one component schema of a document; and the pointer of the innermost.
fn nested(key: &str, levels: usize, leaf: serde_json::Value) -> (String, String) {
    let mut schema = leaf;
    let mut pointer = String::from("#/components/schemas/Deep");
    for _ in 0..levels {
        let (wrapped, step) = match key {
            "properties" => (
                serde_json::json!({ "properties": { "p": schema } }),
                "/properties/p",
            ),
            "items" => (
                serde_json::json!({ "type": "array", "items": schema }),
                "/items",
            ),
            "additionalProperties" => (
                serde_json::json!({ "type": "object", "additionalProperties": schema }),
                "/additionalProperties",
            ),
            "not" => (serde_json::json!({ "not": schema }), "/not"),
            of => (serde_json::json!({ of: [schema] }), "/0"),
        };
        schema = wrapped;
        if step == "/0" {
            pointer.push('/');
            pointer.push_str(key);
        }
        pointer.push_str(step);
    }
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Deep", "version": "1.0.0" },
        "paths": {},
        "components": { "schemas": { "Deep": schema } },
    });
    (doc.to_string(), pointer)
}

fn warnings_of(text: &str) -> Vec<Diagnostic> {
    let settings = codegen::Settings {
        crate_name: "deep".into(),
        source: "deep.json".into(),
        command: "test".into(),
        deny_warnings: false,
        runtime: api_tests::RUNTIME.into(),
    };
    codegen::generate(text, &settings)
        .expect("generates")
        .warnings
}

/// A crate name Cargo would refuse (or Rust could not name) is an error at
/// the extension, not a panic or a broken manifest later.
#[test]
fn a_crate_name_that_is_no_crate_name_is_an_error() {
    for name in [
        serde_json::json!("🦀"),
        serde_json::json!("self"),
        serde_json::json!(7),
    ] {
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "Named", "version": "1.0.0", "x-rust-crate-name": name },
            "paths": {},
        });
        let settings = codegen::Settings {
            crate_name: "named".into(),
            source: "named.json".into(),
            command: "test".into(),
            deny_warnings: false,
            runtime: api_tests::RUNTIME.into(),
        };
        let failure = codegen::generate(&doc.to_string(), &settings).expect_err("refused");
        assert_eq!(failure.diagnostics.len(), 1, "{failure}");
        let d = &failure.diagnostics[0];
        assert_eq!(d.pointer, "#/info/x-rust-crate-name");
        assert!(d.message.contains("must be a crate name"), "{d}");
    }
}

/// A `default` response is a response, not a default value, and a header
/// named `x-request-id` is a header, not an extension: their schemas are
/// repaired like any other (a misfit left there took exponential time).
#[test]
fn schemas_of_a_default_response_and_an_x_header_are_repaired() {
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Default", "version": "1.0.0" },
        "paths": { "/things": { "get": { "responses": { "default": {
            "description": "Anything.",
            "headers": { "x-request-id": { "schema": { "type": "Integer" } } },
            "content": { "application/json": { "schema": { "type": "Integer" } } },
        } } } } },
    });
    let found = warnings_of(&doc.to_string());
    let at: Vec<&str> = found.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        at,
        [
            "#/paths/~1things/get/responses/default/headers/x-request-id/schema/type",
            "#/paths/~1things/get/responses/default/content/application~1json/schema/type",
        ],
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .all(|d| d.message.contains("read as `type: integer`")),
        "{found:#?}"
    );
}

/// The model parses a failing schema twice per level of nesting, so a misfit
/// 20 levels down once took 2^19 tries to find; now it is found where it is.
#[test]
fn a_misfit_deep_in_a_schema_is_found_at_once() {
    let (text, pointer) = nested("allOf", 19, serde_json::json!({ "externalDocs": 5 }));
    let start = std::time::Instant::now();
    let found = warnings_of(&text);
    // Milliseconds now; many seconds when each level doubled the work.
    assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0]
        .message
        .contains("does not fit the OpenAPI 3.0 schema"));
    assert_eq!(found[0].pointer, pointer);
}

/// Deeper than 20 levels a schema is typed as any JSON value, and callbacks
/// in a callback are dropped, so building the model fits a 2 MiB stack (a
/// test thread's) even in a debug build.
#[test]
fn schemas_nested_too_deeply_are_cut_with_a_warning() {
    for key in [
        "allOf",
        "oneOf",
        "anyOf",
        "properties",
        "items",
        "additionalProperties",
        "not",
    ] {
        let (text, _) = nested(key, 60, serde_json::json!({ "type": "string" }));
        let (_, pointer) = nested(key, 20, serde_json::json!({}));
        // `not` has no Rust type of its own, which is a warning of its own.
        let found: Vec<_> = warnings_of(&text)
            .into_iter()
            .filter(|d| !d.message.contains("`not` has no Rust type"))
            .collect();
        assert_eq!(found.len(), 1, "{key}: {found:#?}");
        assert!(
            found[0].message.contains("nests deeper than 20 levels"),
            "{key}: {found:#?}"
        );
        assert_eq!(found[0].pointer, pointer, "{key}");
    }
    let mut item =
        serde_json::json!({ "get": { "responses": { "200": { "description": "ok" } } } });
    for _ in 0..20 {
        item["get"]["callbacks"] =
            serde_json::json!({ "done": { "{$request.body#/url}": item.clone() } });
    }
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Callbacks", "version": "1.0.0" },
        "paths": { "/things": item },
    });
    let found = warnings_of(&doc.to_string());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("`callbacks` inside a callback"),
        "{found:#?}"
    );
    assert_eq!(
        found[0].pointer,
        "#/paths/~1things/get/callbacks/done/{$request.body#~1url}/get/callbacks"
    );
}

#[test]
fn broken_upload_flow_reports_every_problem_at_the_extension() {
    let diags = diagnostics("upload_flow.yaml");
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    for expected in [
        "`x-upload-flow`: `upload` names `putBytes`, which is no operationId",
        "`x-upload-flow`: `complete` names `finishFile`, which is no operationId",
        "`x-upload-flow`: `contentTypeField` names `mimeType`, which is no such property",
        "`x-upload-flow`: `contentLengthField` names `length`, which is no such property",
    ] {
        assert!(
            messages.contains(&expected),
            "missing {expected:?} in {messages:#?}"
        );
    }
    for d in &diags {
        assert_eq!(d.pointer, "#/paths/~1files/post/x-upload-flow");
        assert_eq!(d.line, Some(9));
    }
}

#[test]
fn broken_pagination_reports_every_problem_at_the_extension() {
    let diags = diagnostics("pagination.yaml");
    let at = |pointer: &str| -> Vec<(&str, Option<usize>)> {
        diags
            .iter()
            .filter(|d| d.pointer == pointer)
            .map(|d| (d.message.as_str(), d.line))
            .collect()
    };
    let things = at("#/paths/~1things/get/x-pagination");
    for expected in [
        "`x-pagination`: unknown key `pageSize` (known: `cursorParam`, `nextCursor`, `nextLink`, `items`)",
        "`x-pagination`: `cursorParam`: `after` is no query parameter of the operation",
        "`x-pagination`: `nextCursor`: the page has no property `meta.next`",
        "`x-pagination`: `items`: `total` is not an array",
    ] {
        assert!(
            things.contains(&(expected, Some(9))),
            "missing {expected:?} at line 9 in {things:#?}"
        );
    }
    assert_eq!(
        at("#/paths/~1others/get/x-pagination"),
        [("`x-pagination`: must be an object, or `false`", Some(37))]
    );
    assert_eq!(diags.len(), 5, "{diags:#?}");
    assert!(diags.iter().all(|d| d.severity == Severity::Error));
}

/// A broken OpenAPI 3.1 document still generates: each part the upgrade to
/// 3.0 cannot read is a warning at its place in the document as written,
/// and so is a repair inside a part the upgrade moved (a `$defs` entry, a
/// webhook's payload).
#[test]
fn broken_openapi_3_1_parts_are_located_warnings() {
    let found: Vec<(String, Option<usize>)> = warnings("v31_broken.yaml")
        .into_iter()
        .map(|d| (d.pointer, d.line))
        .collect();
    let at = |p: &str, line: usize| (p.to_string(), Some(line));
    assert_eq!(
        found,
        [
            at("#/components/pathItems", 17),
            at("#/components/schemas/Thing/$defs", 21),
            at("#/components/schemas/Thing/properties/id/type/0", 24),
            at("#/components/schemas/Thing/properties/id/type", 24),
            at("#/components/schemas/Thing/properties/kind/type", 26),
            at(
                "#/components/schemas/Thing/properties/tuple/prefixItems",
                28
            ),
            at("#/components/schemas/Thing/properties/node/$dynamicRef", 30),
            at(
                "#/components/schemas/Thing/properties/encoded/contentEncoding",
                33
            ),
            at("#/components/schemas/Thing/properties/broken/$ref", 35),
            at("#/components/schemas/Other/$defs/Code/maxLength", 44),
            at(
                "#/webhooks/thing.created/post/requestBody/content/application~1json/schema/properties/count/minimum",
                56
            ),
        ]
    );
}

/// A Swagger 2.0 document is converted before it is read; what does not
/// convert, and what later phases find in the converted parts, is named at
/// its place in the document as written.
#[test]
fn a_broken_swagger_2_document_is_located_as_written() {
    let found = warnings("swagger2.yaml");
    let at: Vec<(&str, Option<usize>)> =
        found.iter().map(|d| (d.pointer.as_str(), d.line)).collect();
    assert_eq!(
        at,
        [
            ("#/definitions", Some(5)),
            ("#/securityDefinitions/digest/type", Some(9)),
            ("#/parameters/size/type", Some(14)),
            ("#/paths/~1pets/get/parameters/1/collectionFormat", Some(24)),
            (
                "#/paths/~1pets/get/responses/200/headers/X-Count/type",
                Some(32)
            ),
            (
                "#/paths/~1pets/get/responses/200/schema/items/$ref",
                Some(36)
            ),
            ("#/paths/~1pets/post/parameters", Some(41)),
            ("#/paths/~1pets/post/parameters/0", Some(42)),
            ("#/paths/~1pets/post/parameters/1/in", Some(45)),
        ],
        "{found:#?}"
    );
    assert!(found[7].message.contains("no `schema`"), "{}", found[7]);
}

/// `paths` that is not a map leaves no clear intent in 2.0 either.
#[test]
fn swagger_2_paths_that_are_no_map_are_an_error() {
    let doc = serde_json::json!({
        "swagger": "2.0",
        "info": { "title": "Listed", "version": "1.0.0" },
        "paths": ["/pets"],
    });
    let settings = codegen::Settings {
        crate_name: "listed".into(),
        source: "listed.json".into(),
        command: "test".into(),
        deny_warnings: false,
        runtime: api_tests::RUNTIME.into(),
    };
    let failure = codegen::generate(&doc.to_string(), &settings).expect_err("refused");
    assert!(
        failure.diagnostics.iter().any(|d| d.pointer == "#/paths"),
        "{failure}"
    );
}

#[test]
fn broken_x_ms_pageable_is_located_in_the_swagger_2_document() {
    let diags = diagnostics("swagger2_pageable.yaml");
    let found: Vec<(&str, &str, Option<usize>)> = diags
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str(), d.line))
        .collect();
    let at = "#/paths/~1vaults/get/x-ms-pageable";
    for expected in [
        "`x-ms-pageable`: unknown key `pageSize` (known: `nextLinkName`, `itemName`, `operationName`)",
        "`x-ms-pageable`: `nextLinkName`: the page has no property `next`",
        "`x-ms-pageable`: `itemName`: the page has no property `vaults`",
    ] {
        assert!(
            found.contains(&(at, expected, Some(9))),
            "missing {expected:?} at line 9 in {found:#?}"
        );
    }
}
