//! One test per rule of the 3.1 → 3.0 upgrade.

use super::upgrade;
use crate::diag::{Diagnostic, Diagnostics};
use crate::front::origins::Origins;
use serde_json::{json, Value};

/// A 3.1 document upgraded, with its warnings.
fn up(doc: Value) -> (Value, Vec<Diagnostic>) {
    let mut doc = doc;
    let mut diags = Diagnostics::default();
    upgrade(&mut doc, &mut diags, &mut Origins::default());
    (doc, diags.into_vec())
}

/// A document holding one component schema `S`.
fn with_schema(schema: Value) -> Value {
    json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"S": schema}}})
}

/// The component schema `S` upgraded, with the warnings' pointers.
fn schema(schema: Value) -> (Value, Vec<String>) {
    let (doc, diags) = up(with_schema(schema));
    let s = doc["components"]["schemas"]["S"].clone();
    (s, diags.into_iter().map(|d| d.pointer).collect())
}

#[test]
fn the_version_becomes_3_0_3_and_paths_are_added() {
    let (doc, _) = up(json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}));
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["paths"], json!({}));
}

#[test]
fn a_type_list_with_null_is_nullable() {
    let (s, _) = schema(json!({"type": ["string", "null"], "maxLength": 3}));
    assert_eq!(
        s,
        json!({"type": "string", "maxLength": 3, "nullable": true})
    );
}

#[test]
fn type_null_is_the_3_0_null_schema() {
    let (s, _) = schema(json!({"type": "null"}));
    assert_eq!(s, json!({"nullable": true, "enum": [null]}));
    let (s, _) = schema(json!({"type": ["null"]}));
    assert_eq!(s, json!({"nullable": true, "enum": [null]}));
}

#[test]
fn integer_or_number_is_a_number() {
    let (s, _) = schema(json!({"type": ["integer", "number", "null"]}));
    assert_eq!(s, json!({"type": "number", "nullable": true}));
}

#[test]
fn several_types_are_one_of_with_their_own_keywords() {
    let (s, w) = schema(json!({
        "type": ["integer", "string", "null"], "format": "int32",
        "pattern": "^-?[0-9]+$", "minimum": 1, "description": "a number, maybe as text"
    }));
    assert_eq!(
        s,
        json!({"description": "a number, maybe as text", "oneOf": [
            {"type": "integer", "format": "int32", "minimum": 1},
            {"type": "string", "pattern": "^-?[0-9]+$"},
        ], "nullable": true})
    );
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn enum_values_go_to_the_member_of_their_type() {
    let (s, _) = schema(json!({"type": ["string", "integer"], "enum": ["a", 1]}));
    assert_eq!(
        s,
        json!({"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [1]}]})
    );
}

#[test]
fn a_type_entry_that_is_no_name_is_located() {
    let (s, w) = schema(json!({"type": [42, "string"]}));
    assert_eq!(s, json!({"type": "string"}));
    assert_eq!(w, ["#/components/schemas/S/type/0"]);
}

#[test]
fn an_any_of_with_a_null_member_is_nullable() {
    let (s, _) = schema(json!({"anyOf": [{"type": "string"}, {"type": "null"}], "default": null}));
    assert_eq!(
        s,
        json!({"anyOf": [{"type": "string"}, {"nullable": true, "enum": [null]}],
            "default": null, "nullable": true})
    );
}

#[test]
fn const_is_a_one_value_enum_with_its_type() {
    let (s, _) = schema(json!({"const": "range"}));
    assert_eq!(s, json!({"type": "string", "enum": ["range"]}));
    let (s, _) = schema(json!({"type": "integer", "const": 3}));
    assert_eq!(s, json!({"type": "integer", "enum": [3]}));
}

#[test]
fn examples_become_the_first_example() {
    let (s, _) = schema(json!({"type": "string", "examples": ["a", "b"]}));
    assert_eq!(s, json!({"type": "string", "example": "a"}));
}

#[test]
fn numeric_exclusive_bounds_become_flags_quietly() {
    let (s, w) = schema(
        json!({"type": "integer", "exclusiveMinimum": 0, "maximum": 9,
        "exclusiveMaximum": 10}),
    );
    assert_eq!(
        s,
        json!({"type": "integer", "exclusiveMinimum": true, "maximum": 9, "minimum": 0})
    );
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn content_keywords_become_formats() {
    let (s, _) = schema(json!({"type": "string", "contentEncoding": "base64"}));
    assert_eq!(s, json!({"type": "string", "format": "byte"}));
    let (s, _) = schema(json!({"type": "string", "contentMediaType": "image/png"}));
    assert_eq!(s, json!({"type": "string", "format": "binary"}));
    let (s, _) = schema(json!({"type": "string", "contentMediaType": "application/json"}));
    assert_eq!(s, json!({"type": "string"}));
    // ClickUp writes number formats as encodings: no bytes there.
    let (s, w) = schema(json!({"type": ["integer", "null"], "contentEncoding": "int32"}));
    assert_eq!(
        s,
        json!({"type": "integer", "format": "int32", "nullable": true})
    );
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn a_ref_with_siblings_becomes_a_one_member_all_of() {
    let (s, _) = schema(json!({"$ref": "#/components/schemas/T", "description": "d",
        "type": ["object", "null"]}));
    assert_eq!(
        s,
        json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    let (s, _) = schema(json!({"$ref": "#/components/schemas/T", "summary": "s"}));
    assert_eq!(s, json!({"$ref": "#/components/schemas/T", "summary": "s"}));
}

#[test]
fn defs_are_hoisted_and_references_follow() {
    let (doc, _) = up(with_schema(json!({
        "type": "object",
        "properties": {"a": {"$ref": "#/components/schemas/S/$defs/A"}},
        "$defs": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/S/$defs/S"}}},
            "S": {"type": "string"},
        },
    })));
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["S"]["properties"]["a"]["$ref"],
        "#/components/schemas/A"
    );
    assert_eq!(schemas["S"].get("$defs"), None);
    assert_eq!(
        schemas["A"]["properties"]["b"]["$ref"],
        "#/components/schemas/S2"
    );
    assert_eq!(schemas["S2"], json!({"type": "string"}));
}

#[test]
fn percent_encoded_fragments_are_decoded() {
    let (s, _) = schema(json!({"$ref": "#/paths/~1a~1%7Bid%7D/get"}));
    assert_eq!(s, json!({"$ref": "#/paths/~1a~1{id}/get"}));
}

#[test]
fn prefix_items_type_every_item() {
    let (s, w) =
        schema(json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]}));
    assert_eq!(s["items"], json!({"type": "string"}));
    assert!(w.is_empty());
    let (s, w) = schema(
        json!({"prefixItems": [{"type": "string"}, {"type": "integer"}],
        "items": false}),
    );
    assert_eq!(
        s["items"],
        json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
    );
    assert_eq!(s["type"], "array");
    assert_eq!(s["x-prefix-items"].as_array().map(Vec::len), Some(2));
    assert_eq!(w, ["#/components/schemas/S/prefixItems"]);
}

#[test]
fn unevaluated_and_pattern_properties_become_additional_properties() {
    let (s, w) = schema(json!({"type": "object", "unevaluatedProperties": false}));
    assert_eq!(s, json!({"type": "object", "additionalProperties": false}));
    assert!(w.is_empty());
    let (s, w) =
        schema(json!({"type": "object", "patternProperties": {"^x": {"type": "integer"}}}));
    assert_eq!(
        s,
        json!({"type": "object", "additionalProperties": {"type": "integer"}})
    );
    assert_eq!(w, ["#/components/schemas/S/patternProperties"]);
}

#[test]
fn keywords_that_change_meaning_are_dropped_with_a_warning() {
    let (s, w) = schema(json!({"type": "object", "$id": "x", "$comment": "c",
        "if": {"required": ["a"]}, "then": {"required": ["b"]},
        "dependentRequired": {"a": ["b"]}, "$dynamicRef": "#node"}));
    assert_eq!(s, json!({"type": "object"}));
    assert_eq!(
        w,
        [
            "#/components/schemas/S/if",
            "#/components/schemas/S/dependentRequired",
            "#/components/schemas/S/$dynamicRef"
        ]
    );
}

#[test]
fn boolean_schemas_are_objects() {
    let (s, _) = schema(json!({"properties": {"a": true, "b": false}}));
    assert_eq!(s["properties"], json!({"a": {}, "b": {"not": {}}}));
}

#[test]
fn nested_schemas_keep_their_pointers() {
    let (_, w) = up(
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"parameters": [{"name": "p", "in": "query",
            "schema": {"type": "array", "items": {"type": "string", "if": {}}}}]}}}}),
    );
    let w: Vec<String> = w.into_iter().map(|d| d.pointer).collect();
    assert_eq!(w, ["#/paths/~1a/get/parameters/0/schema/items/if"]);
}

#[test]
fn info_license_and_dialect_become_3_0() {
    let (doc, _) = up(json!({"openapi": "3.1.0", "jsonSchemaDialect": "x",
        "info": {"title": "t", "version": "1", "summary": "s",
            "license": {"name": "MIT", "identifier": "MIT"}}}));
    assert_eq!(doc.get("jsonSchemaDialect"), None);
    assert_eq!(
        doc["info"],
        json!({"title": "t", "version": "1", "license": {"name": "MIT"},
            "description": "s", "x-summary": "s"})
    );
}

#[test]
fn path_items_in_components_are_inlined() {
    let (doc, _) = up(
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "here"}},
        "components": {"pathItems": {"A": {"get": {"operationId": "getA", "responses": {}}}}}}),
    );
    assert_eq!(
        doc["paths"]["/a"],
        json!({"get": {"operationId": "getA", "responses": {}}, "summary": "here"})
    );
    assert_eq!(doc["components"].get("pathItems"), None);
}

#[test]
fn webhook_payloads_become_component_schemas() {
    let (doc, _) = up(
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "webhooks": {"contact.created": {"post": {"requestBody": {"content": {
            "application/json": {"schema": {"type": "object", "properties": {
                "id": {"type": ["string", "null"]}}}}}}, "responses": {}}}}}),
    );
    assert_eq!(doc.get("webhooks"), None);
    let payload = &doc["components"]["schemas"]["ContactCreatedPayload"];
    assert_eq!(payload["properties"]["id"]["nullable"], true);
    assert_eq!(
        doc["x-webhooks"]["contact.created"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"]["$ref"],
        "#/components/schemas/ContactCreatedPayload"
    );
    assert_eq!(
        doc["info"]["description"],
        "The API sends these webhooks (each payload's type is in `types`): \
         `contact.created` (payload `ContactCreatedPayload`)."
    );
}

#[test]
fn malformed_parts_give_located_warnings() {
    let (_, w) = schema(json!({"$defs": [1], "type": []}));
    assert_eq!(
        w,
        [
            "#/components/schemas/S/$defs",
            "#/components/schemas/S/type"
        ]
    );
}

#[test]
fn schemas_under_names_that_look_like_keywords_are_walked() {
    let (doc, _) = up(
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"default": {"description": "d",
            "headers": {"x-rate": {"schema": {"type": ["integer", "null"]}}},
            "content": {"application/json": {"schema": {"const": 1}}}}}}}}}),
    );
    let reply = &doc["paths"]["/a"]["get"]["responses"]["default"];
    assert_eq!(
        reply["headers"]["x-rate"]["schema"],
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(
        reply["content"]["application/json"]["schema"],
        json!({"type": "integer", "enum": [1]})
    );
}

#[test]
fn moved_parts_are_recorded_where_they_were_written() {
    let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
        "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {
            "schema": {"type": "object"}}}}}}},
        "components": {"pathItems": {"A": {"get": {"responses": {}}}},
            "schemas": {"S": {"$defs": {"D": {"type": "string"}}}}}});
    let mut origins = Origins::default();
    upgrade(&mut doc, &mut Diagnostics::default(), &mut origins);
    let written = |p: &str| origins.original(p);
    assert_eq!(
        written("#/paths/~1a/get").as_deref(),
        Some("#/components/pathItems/A/get")
    );
    assert_eq!(
        written("#/components/schemas/D/type").as_deref(),
        Some("#/components/schemas/S/$defs/D/type")
    );
    assert_eq!(
        written("#/components/schemas/PingPayload").as_deref(),
        Some("#/webhooks/ping/post/requestBody/content/application~1json/schema")
    );
    assert_eq!(written("#/components/schemas/S"), None);
}

#[test]
fn a_shared_webhook_body_gives_its_payload_a_component() {
    let (doc, _) = up(
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "webhooks": {"ping": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Ping"}}}},
        "components": {"requestBodies": {"Ping": {"content": {"application/json": {
            "schema": {"type": "object"}}}}}}}),
    );
    assert_eq!(
        doc["components"]["schemas"]["PingPayload"],
        json!({"type": "object"})
    );
    assert_eq!(
        doc["components"]["requestBodies"]["Ping"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/PingPayload"})
    );
}
