//! Whole documents through the conversion: how the parts meet, and that
//! every warning names the place in the 2.0 document.

use super::upgrade;
use crate::diag::{Diagnostic, Diagnostics};
use serde_json::{json, Value};

fn converted(mut doc: Value) -> (Value, Vec<Diagnostic>) {
    let mut diags = Diagnostics::default();
    upgrade(&mut doc, &mut diags);
    (doc, diags.into_vec())
}

#[test]
fn the_document_level_moves_to_its_3_0_places() {
    let (doc, d) = converted(json!({
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "api.example.com",
        "basePath": "/v1",
        "tags": [{"name": "pets"}],
        "paths": {},
        "definitions": {"Pet": {"type": "object", "x-nullable": true}},
        "securityDefinitions": {"key": {"type": "apiKey", "name": "k", "in": "query"}},
        "security": [{"key": []}],
        "externalDocs": {"url": "https://docs"}
    }));
    assert!(d.is_empty());
    assert_eq!(
        doc,
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://api.example.com/v1"}],
            "tags": [{"name": "pets"}],
            "paths": {},
            "security": [{"key": []}],
            "externalDocs": {"url": "https://docs"},
            "components": {
                "schemas": {"Pet": {"type": "object", "nullable": true}},
                "securitySchemes": {"key": {"type": "apiKey", "name": "k", "in": "query"}}
            }
        })
    );
}

#[test]
fn references_follow_what_they_name() {
    let (doc, d) = converted(json!({
        "swagger": "2.0",
        "consumes": ["application/json"],
        "paths": {"/pets": {"post": {
            "parameters": [
                {"$ref": "#/parameters/Pet"},
                {"$ref": "#/parameters/limit"},
                {"$ref": "#/parameters/note"}
            ],
            "responses": {"default": {"$ref": "#/responses/Error"}}
        }}},
        "parameters": {
            "Pet": {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}},
            "limit": {"name": "limit", "in": "query", "type": "integer"},
            "note": {"name": "note", "in": "formData", "type": "string"}
        },
        "responses": {"Error": {"description": "bad", "schema": {"$ref": "#/definitions/Pet/properties/e"}}},
        "definitions": {"Pet": {"properties": {"e": {"type": "string"}}}}
    }));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].pointer, "#/paths/~1pets/post/parameters");
    let op = &doc["paths"]["/pets"]["post"];
    assert_eq!(
        op["parameters"],
        json!([{"$ref": "#/components/parameters/limit"}])
    );
    // A body with form fields too: the body wins, the fields are named in a warning.
    assert_eq!(
        op["requestBody"],
        json!({"$ref": "#/components/requestBodies/Pet"})
    );
    assert_eq!(
        op["responses"]["default"],
        json!({"$ref": "#/components/responses/Error"})
    );
    let c = &doc["components"];
    assert_eq!(
        c["requestBodies"]["Pet"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(
        c["responses"]["Error"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet/properties/e"})
    );
    assert!(c["parameters"].get("note").is_none());
}

#[test]
fn form_fields_from_references_and_the_path_item_join_one_body() {
    let (doc, d) = converted(json!({
        "swagger": "2.0",
        "paths": {"/files/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": true, "type": "string"},
                {"name": "tag", "in": "formData", "type": "string"}
            ],
            "post": {
                "consumes": ["multipart/form-data"],
                "parameters": [{"$ref": "#/parameters/file"}],
                "responses": {"204": {"description": "done"}}
            }
        }},
        "parameters": {"file": {"name": "file", "in": "formData", "type": "file", "required": true}}
    }));
    assert!(d.is_empty(), "{d:?}");
    let item = &doc["paths"]["/files/{id}"];
    assert_eq!(item["parameters"][0]["name"], "id");
    assert_eq!(item["parameters"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        item["post"]["requestBody"]["content"]["multipart/form-data"]["schema"],
        json!({"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"},
            "tag": {"type": "string"}
        }, "required": ["file"]})
    );
}

#[test]
fn an_operation_consuming_other_types_gets_its_own_copy_of_a_shared_body() {
    let (doc, _) = converted(json!({
        "swagger": "2.0",
        "paths": {"/raw": {"put": {
            "consumes": ["text/plain"],
            "parameters": [{"$ref": "#/parameters/Text"}],
            "responses": {}
        }}},
        "parameters": {"Text": {"name": "t", "in": "body", "required": true, "schema": {"type": "string"}}}
    }));
    assert_eq!(
        doc["paths"]["/raw"]["put"]["requestBody"],
        json!({"content": {"text/plain": {"schema": {"type": "string"}}}, "required": true})
    );
}

#[test]
fn operation_media_types_win_over_the_document_ones() {
    let (doc, _) = converted(json!({
        "swagger": "2.0",
        "produces": ["application/json"],
        "paths": {"/a": {"get": {
            "produces": ["application/xml"],
            "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}
        }, "post": {
            "responses": {"200": {"description": "ok", "schema": {"type": "file"}}}
        }}}
    }));
    let a = &doc["paths"]["/a"];
    assert!(a["get"]["responses"]["200"]["content"]["application/xml"].is_object());
    assert!(
        a["post"]["responses"]["200"]["content"]["application/json"]["schema"]["format"]
            .is_string()
    );
}

#[test]
fn x_ms_paths_join_paths_without_their_query() {
    let (doc, d) = converted(json!({
        "swagger": "2.0",
        "paths": {"/things": {"get": {"operationId": "list", "responses": {}}}},
        "x-ms-paths": {
            "/things?kind=one": {"post": {"operationId": "one", "responses": {}}},
            "/things?kind=again": {"get": {"operationId": "again", "responses": {}}},
            "/things?kind=shared": {
                "parameters": [{"name": "q", "in": "query", "type": "string"}],
                "put": {"operationId": "shared", "responses": {}}
            },
            "/other?kind=two": {"post": {"operationId": "two", "responses": {}}}
        }
    }));
    assert!(doc.get("x-ms-paths").is_none());
    let things = &doc["paths"]["/things"];
    assert_eq!(things["get"]["operationId"], "list");
    assert_eq!(things["post"]["operationId"], "one");
    assert!(things.get("put").is_none());
    assert_eq!(doc["paths"]["/other"]["post"]["operationId"], "two");
    let pointers: Vec<&str> = d.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/x-ms-paths/~1things?kind=again/get",
            "#/x-ms-paths/~1things?kind=shared"
        ]
    );
}

#[test]
fn malformed_parts_are_named_where_written() {
    let (_, d) = converted(json!({
        "swagger": "2.0",
        "definitions": [1],
        "consumes": 3,
        "paths": {"/pets": {"post": {
            "parameters": [
                {"name": "a", "in": "body"},
                {"name": "b", "in": "cookie"},
                {"name": "c"},
                "d",
                {"name": "e", "in": "body", "schema": {}}
            ],
            "responses": {}
        }}}
    }));
    let pointers: Vec<&str> = d.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/consumes",
            "#/definitions",
            "#/paths/~1pets/post/parameters/1/in",
            "#/paths/~1pets/post/parameters/2",
            "#/paths/~1pets/post/parameters/3",
            "#/paths/~1pets/post/parameters/4",
            "#/paths/~1pets/post/parameters/0",
        ]
    );
}

#[test]
fn each_moved_part_is_traced_to_where_it_was_written() {
    let mut doc = json!({
        "swagger": "2.0",
        "paths": {"/pets": {"post": {
            "parameters": [
                {"name": "pet", "in": "body", "schema": {"type": "object"}},
                {"name": "limit", "in": "query", "type": "integer"}
            ],
            "responses": {"200": {"description": "ok", "schema": {"type": "object"},
                "headers": {"X-Count": {"type": "integer"}}}}
        }}},
        "x-ms-paths": {"/files?upload": {"put": {
            "parameters": [{"name": "f", "in": "formData", "type": "file"}],
            "responses": {}
        }}},
        "definitions": {"Pet": {}},
        "securityDefinitions": {"key": {"type": "apiKey", "name": "k", "in": "query"}}
    });
    let origins = upgrade(&mut doc, &mut Diagnostics::default());
    let cases = [
        (
            "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties",
            "#/paths/~1pets/post/parameters/0/schema/properties",
        ),
        (
            "#/paths/~1pets/post/parameters/0/schema/type",
            "#/paths/~1pets/post/parameters/1/type",
        ),
        (
            "#/paths/~1pets/post/responses/200/content/application~1json/schema",
            "#/paths/~1pets/post/responses/200/schema",
        ),
        (
            "#/paths/~1pets/post/responses/200/headers/X-Count/schema/type",
            "#/paths/~1pets/post/responses/200/headers/X-Count/type",
        ),
        (
            "#/paths/~1files/put/requestBody/content/multipart~1form-data/schema/properties/f",
            "#/x-ms-paths/~1files?upload/put/parameters/0",
        ),
        (
            "#/paths/~1files/put/responses",
            "#/x-ms-paths/~1files?upload/put/responses",
        ),
        ("#/components/schemas/Pet", "#/definitions/Pet"),
        (
            "#/components/securitySchemes/key",
            "#/securityDefinitions/key",
        ),
    ];
    for (converted, written) in cases {
        assert_eq!(origins.original(converted).as_deref(), Some(written));
    }
    assert_eq!(origins.original("#/paths/~1pets/post/operationId"), None);
}
