//! For every one-feature fixture: a snapshot of the IR (naming and shape
//! decisions) and of the emitted code, reviewed separately. The fixtures
//! also compile as crates under `tests/fixtures/out/` with deny(warnings).

use api_tests::{fixture_settings, specs_in, tests_dir};

#[test]
fn fixtures_ir_and_emitted_code() {
    let fixtures = specs_in(&tests_dir().join("fixtures"));
    assert!(
        fixtures.len() >= 19,
        "expected the one-feature fixtures, found {}",
        fixtures.len()
    );
    for (stem, text) in fixtures {
        let settings = fixture_settings(&stem);
        let (ir, warnings) =
            codegen::to_ir(&text, &settings).unwrap_or_else(|f| panic!("{stem}: {f}"));
        insta::assert_debug_snapshot!(format!("{stem}__ir"), ir);
        let generated =
            codegen::generate(&text, &settings).unwrap_or_else(|f| panic!("{stem}: {f}"));
        for file in [
            "src/types.rs",
            "src/operations.rs",
            "src/client.rs",
            "src/mock.rs",
        ] {
            let contents = &generated
                .files
                .iter()
                .find(|f| f.path == file)
                .unwrap_or_else(|| panic!("{stem}: no {file}"))
                .contents;
            let name = file.trim_start_matches("src/").trim_end_matches(".rs");
            insta::assert_snapshot!(format!("{stem}__{name}"), contents);
        }
        let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        insta::assert_debug_snapshot!(format!("{stem}__warnings"), warnings);
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    for spec in ["loops", "loomta"] {
        let text = std::fs::read_to_string(
            tests_dir()
                .join("..")
                .join("spec")
                .join(format!("{spec}.yaml")),
        )
        .unwrap();
        let settings = codegen::Settings {
            crate_name: spec.into(),
            source: format!("spec/{spec}.yaml"),
            command: "cargo xtask codegen".into(),
            deny_warnings: false,
            runtime: api_tests::RUNTIME.into(),
        };
        let a = codegen::generate(&text, &settings).unwrap().files;
        let b = codegen::generate(&text, &settings).unwrap().files;
        assert_eq!(a, b, "{spec}: two runs differ");
    }
}
