//! Every cargo feature of the generated crates compiles on its own, with
//! warnings denied: `cargo check --no-default-features --features <f>` for
//! each feature of `generated/loops`, `generated/loomta` and the `features`
//! fixture, and once with no feature at all. The checks run in their own
//! target directory (`<target>/feature-check`) so they neither wait for nor
//! invalidate the build running this test.

use api_tests::tests_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crates checked: `(package, directory under the workspace, fewest features expected)`.
const CRATES: &[(&str, &str, usize)] = &[
    ("loops", "generated/loops", 10),
    ("loomta", "generated/loomta", 4),
    ("fixture_features", "tests/fixtures/out/features", 3),
];

/// The features a generated manifest declares, `default` left out.
fn features(manifest: &Path) -> Vec<String> {
    let text =
        std::fs::read_to_string(manifest).unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    codegen::emit::declared_features(&text)
}

/// The workspace's target directory: this test runs from `<target>/<profile>/deps`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tests_dir().join("..").join("target"))
}

/// Runs `cargo check` on `package` with only `feature` (or none); the
/// compiler's output when it fails.
fn check(package: &str, feature: Option<&str>, target: &Path) -> Result<(), String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(tests_dir().join(".."))
        .args([
            "check",
            "--quiet",
            "--package",
            package,
            "--no-default-features",
        ])
        .arg("--target-dir")
        .arg(target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR");
    if let Some(f) = feature {
        cmd.args(["--features", f]);
    }
    let out = cmd.output().map_err(|e| format!("cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn every_feature_compiles_alone_with_warnings_denied() {
    let target = target_dir().join("feature-check");
    let mut failures = Vec::new();
    for (package, dir, fewest) in CRATES {
        let names = features(&tests_dir().join("..").join(dir).join("Cargo.toml"));
        assert!(
            names.len() >= *fewest,
            "{package}: expected at least {fewest} features, found {names:?}"
        );
        let runs = std::iter::once(None).chain(names.iter().map(|n| Some(n.as_str())));
        for feature in runs {
            if let Err(output) = check(package, feature, &target) {
                failures.push(format!(
                    "{package} with {}:\n{output}",
                    feature.unwrap_or("no feature")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_spec_can_turn_features_off() {
    let manifest = tests_dir().join("fixtures/out/features_off/Cargo.toml");
    assert!(features(&manifest).is_empty());
    let ops =
        std::fs::read_to_string(tests_dir().join("fixtures/out/features_off/src/operations.rs"))
            .expect("features_off operations");
    assert!(
        !ops.contains("cfg(feature"),
        "a gate in a crate without features"
    );
}
