//! Each rule of the change report, on a small spec and an edit of it.

use super::diff::{Bump, Impact, Report};
use super::Surface;

/// A small API: one operation with an optional query parameter and a body,
/// a struct with a required and an optional field, a string enum.
const BASE: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: 1.2.0}
servers: [{url: "https://api.example.com"}]
paths:
  /orders:
    post:
      operationId: createOrder
      parameters:
        - {name: dryRun, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
      responses:
        "201":
          description: Created.
          content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
        "409":
          description: Conflict.
components:
  schemas:
    Order:
      type: object
      required: [sku]
      properties:
        sku: {type: string}
        note: {type: string}
        size: {$ref: "#/components/schemas/Size"}
    Size:
      type: string
      enum: [small, large]
"##;

fn surface(text: &str) -> Surface {
    let settings = crate::Settings {
        crate_name: "shop".into(),
        source: "shop.yaml".into(),
        command: "test".into(),
        deny_warnings: false,
        runtime: "../../runtime".into(),
    };
    let (api, _) = crate::to_ir(text, &settings).unwrap_or_else(|f| panic!("{f}"));
    Surface::of(&api)
}

/// The report of `BASE` edited by replacing `from` with `to`.
fn report(edits: &[(&str, &str)]) -> Report {
    let mut after = BASE.to_string();
    for (from, to) in edits {
        assert!(after.contains(from), "{from}");
        after = after.replacen(from, to, 1);
    }
    Report::between(&surface(BASE), &surface(&after))
}

/// The one change of a report: its impact and what it is.
fn only(report: &Report) -> (Impact, &'static str, &str) {
    let changes: Vec<_> = report
        .changes
        .iter()
        .filter(|c| !c.key.starts_with("feature"))
        .collect();
    assert_eq!(changes.len(), 1, "{}", report.to_text());
    (changes[0].impact, changes[0].what, changes[0].key.as_str())
}

#[test]
fn the_surface_reads_back_from_its_text() {
    let s = surface(BASE);
    assert_eq!(Surface::parse(&s.to_text()), s);
    let text = s.to_text();
    assert!(
        text.contains("operation create_order: POST /orders [orders]\n"),
        "{text}"
    );
    assert!(text.contains("operation create_order param dry_run: query bool optional\n"));
    assert!(text.contains("type Order field sku: String required\n"));
    assert!(text.contains("type Size value \"small\": Small\n"));
    assert_eq!(s.version(), Some("1.2.0"));
}

#[test]
fn an_unchanged_spec_needs_no_bump() {
    let r = report(&[]);
    assert!(r.changes.is_empty());
    assert_eq!(r.needed(), Bump::Patch);
    assert_eq!(r.version_problem(), None);
}

#[test]
fn an_added_operation_is_compatible() {
    let r = report(&[(
        "components:",
        "  /health:\n    get:\n      operationId: getHealth\n      responses:\n        \"204\": {description: Up.}\ncomponents:",
    )]);
    assert!(
        r.changes.iter().all(|c| c.impact == Impact::Compatible),
        "{}",
        r.to_text()
    );
    assert!(r.changes.iter().any(|c| c.what == "operation added"));
    assert_eq!(r.needed(), Bump::Minor);
}

#[test]
fn a_removed_operation_or_a_changed_method_is_breaking() {
    let start = BASE.find("paths:").expect("paths");
    let end = BASE.find("components:").expect("components");
    let without = format!("{}paths: {{}}\n{}", &BASE[..start], &BASE[end..]);
    let r = Report::between(&surface(BASE), &surface(&without));
    assert!(
        r.changes
            .iter()
            .any(|c| c.impact == Impact::Breaking && c.what == "operation removed"),
        "{}",
        r.to_text()
    );
    let r = report(&[(
        "    post:\n      operationId",
        "    put:\n      operationId",
    )]);
    assert_eq!(
        only(&r),
        (
            Impact::Breaking,
            "operation's method, path or feature changed",
            "operation create_order"
        )
    );
}

#[test]
fn a_changed_path_is_breaking() {
    let r = report(&[("  /orders:", "  /v2/orders:")]);
    let (impact, what, key) = only(&r);
    assert_eq!(
        (impact, what, key),
        (
            Impact::Breaking,
            "operation's method, path or feature changed",
            "operation create_order"
        )
    );
}

#[test]
fn an_optional_field_added_is_compatible_and_a_required_one_breaking() {
    let r = report(&[(
        "        note: {type: string}",
        "        note: {type: string}\n        gift: {type: boolean}",
    )]);
    assert_eq!(
        only(&r),
        (
            Impact::Compatible,
            "optional field added",
            "type Order field gift"
        )
    );
    let r = report(&[
        ("required: [sku]", "required: [sku, gift]"),
        (
            "        note: {type: string}",
            "        note: {type: string}\n        gift: {type: boolean}",
        ),
    ]);
    assert_eq!(
        only(&r),
        (
            Impact::Breaking,
            "required field added",
            "type Order field gift"
        )
    );
}

#[test]
fn an_optional_field_made_required_is_breaking() {
    let r = report(&[("required: [sku]", "required: [sku, note]")]);
    assert_eq!(
        only(&r),
        (
            Impact::Breaking,
            "field made required",
            "type Order field note"
        )
    );
}

#[test]
fn a_removed_field_or_a_changed_type_is_breaking() {
    let r = report(&[("        note: {type: string}\n", "")]);
    assert_eq!(
        only(&r),
        (Impact::Breaking, "field removed", "type Order field note")
    );
    let r = report(&[("note: {type: string}", "note: {type: integer}")]);
    assert_eq!(
        only(&r),
        (
            Impact::Breaking,
            "field's type or requiredness changed",
            "type Order field note"
        )
    );
}

#[test]
fn an_enum_value_added_is_compatible_and_a_removed_one_breaking() {
    let r = report(&[("enum: [small, large]", "enum: [small, large, huge]")]);
    assert_eq!(
        only(&r),
        (
            Impact::Compatible,
            "enum value added",
            "type Size value \"huge\""
        )
    );
    let r = report(&[("enum: [small, large]", "enum: [small]")]);
    assert_eq!(
        only(&r),
        (
            Impact::Breaking,
            "enum value removed",
            "type Size value \"large\""
        )
    );
}

#[test]
fn parameters_follow_the_same_rules() {
    let added = "        - {name: dryRun, in: query, schema: {type: boolean}}\n        - {name: region, in: query, schema: {type: string}}";
    let r = report(&[(
        "        - {name: dryRun, in: query, schema: {type: boolean}}",
        added,
    )]);
    assert_eq!(
        only(&r),
        (
            Impact::Compatible,
            "optional parameter added",
            "operation create_order param region"
        )
    );
    let r = report(&[(
        "{name: dryRun, in: query, schema",
        "{name: dryRun, in: query, required: true, schema",
    )]);
    assert_eq!(
        only(&r),
        (
            Impact::Breaking,
            "parameter's type or requiredness changed",
            "operation create_order param dry_run"
        )
    );
}

#[test]
fn the_version_must_follow_the_changes() {
    // A breaking change at 1.2.0 needs 2.0.0.
    let breaking = [("required: [sku]", "required: [sku, note]")];
    let r = report(&breaking);
    assert_eq!(r.needed(), Bump::Major);
    let problem = r.version_problem().expect("1.2.0 does not follow");
    assert!(
        problem.contains("breaking changes need version 2.0.0"),
        "{problem}"
    );
    let mut bumped = breaking.to_vec();
    bumped.push(("version: 1.2.0", "version: 2.0.0"));
    assert_eq!(report(&bumped).version_problem(), None);
    // Before 1.0 a minor bump is enough.
    let r = report(&[
        ("version: 1.2.0", "version: 0.4.0"),
        ("required: [sku]", "required: [sku, note]"),
    ]);
    let r = Report {
        old_version: Some("0.3.1".into()),
        ..r
    };
    assert_eq!(r.version_problem(), None);
    let r = Report {
        new_version: Some("0.3.2".into()),
        ..r
    };
    assert!(r
        .version_problem()
        .expect("a patch is not enough")
        .contains("0.4.0"));
    // An addition needs a minor bump.
    let r = report(&[("enum: [small, large]", "enum: [small, large, huge]")]);
    assert!(r.version_problem().expect("same version").contains("1.3.0"));
}
