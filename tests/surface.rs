//! The public surface of each crate generated from `spec/`, pinned as an
//! insta snapshot (one line per item), and the change report a spec edit
//! gets: here for a real edit of `spec/loops.yaml`.

use api_tests::tests_dir;
use codegen::surface::diff::{Bump, Impact, Report};
use codegen::surface::Surface;

fn settings(name: &str) -> codegen::Settings {
    codegen::Settings {
        crate_name: name.into(),
        source: format!("spec/{name}.yaml"),
        command: "cargo test --test surface".into(),
        deny_warnings: false,
        runtime: api_tests::RUNTIME.into(),
    }
}

fn surface_of(text: &str, name: &str) -> Surface {
    let (api, _) = codegen::to_ir(text, &settings(name)).unwrap_or_else(|f| panic!("{f}"));
    Surface::of(&api)
}

fn spec_text(name: &str) -> String {
    std::fs::read_to_string(tests_dir().join(format!("../spec/{name}.yaml"))).expect("spec")
}

#[test]
fn the_surfaces_of_the_spec_crates() {
    for name in ["loops", "loomta"] {
        let surface = surface_of(&spec_text(name), name);
        // A changed surface is offered for review only with a version
        // that follows it.
        let committed = tests_dir().join(format!("snapshots/surface__{name}.snap"));
        if let Ok(text) = std::fs::read_to_string(&committed) {
            let report = Report::between(&Surface::from_snapshot(&text), &surface);
            if let Some(problem) = report.version_problem() {
                panic!("{name}: {problem}\n{}", report.to_text());
            }
        }
        insta::assert_snapshot!(name, surface.to_text());
    }
}

/// `spec/loops.yaml` with a new endpoint, and `firstName` made required
/// in the body of `createContact`, at the spec's own version.
fn edited_loops() -> String {
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&spec_text("loops")).expect("yaml");
    let export: serde_yaml::Value = serde_yaml::from_str(
        "get:\n  operationId: exportContacts\n  summary: Export contacts\n  tags: [Contacts]\n  responses:\n    '204': {description: The export was started.}\n",
    )
    .expect("path item");
    doc["paths"]["/v1/contacts/export"] = export;
    let required = doc["components"]["schemas"]["CreateContactRequest"]["required"]
        .as_sequence_mut()
        .expect("a required list");
    required.push("firstName".into());
    serde_yaml::to_string(&doc).expect("yaml")
}

#[test]
fn a_real_edit_of_loops_is_reported_change_by_change() {
    let before = surface_of(&spec_text("loops"), "loops");
    let after = surface_of(&edited_loops(), "loops");
    let report = Report::between(&before, &after);
    let found: Vec<(Impact, &str, &str)> = report
        .changes
        .iter()
        .map(|c| (c.impact, c.what, c.key.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Impact::Breaking,
                "field made required",
                "type CreateContactRequest field first_name"
            ),
            (
                Impact::Compatible,
                "operation added",
                "operation export_contacts"
            ),
        ],
        "{}",
        report.to_text()
    );
    assert_eq!(report.needed(), Bump::Major);
    let problem = report.version_problem().expect("1.0.0 does not follow");
    assert!(problem.contains("need version 2.0.0"), "{problem}");
    insta::assert_snapshot!("loops_edit_report", report.to_text());
}

#[test]
fn the_committed_surfaces_are_what_codegen_compares_against() {
    // `cargo xtask codegen` reads these files: they must be the snapshots above.
    for name in ["loops", "loomta"] {
        let path = tests_dir().join(format!("snapshots/surface__{name}.snap"));
        assert!(path.is_file(), "{} is missing", path.display());
    }
}
