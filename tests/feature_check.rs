//! Every cargo feature of the generated crates compiles on its own, with
//! warnings denied: `cargo check --no-default-features --features <f>` for
//! each feature of `generated/loops`, `generated/loomta` and the `features`
//! fixture, and once with no feature at all; then the same for a sample of
//! the shared corpus (specs nobody here wrote), generated into a scratch
//! workspace. The checks run in their own target directory
//! (`<target>/feature-check`) so they neither wait for nor invalidate the
//! build running this test.

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

/// Runs `cargo check` on `package` of the workspace in `workspace` with
/// only `feature` (or none); the compiler's output when it fails.
fn check_in(
    workspace: &Path,
    package: &str,
    feature: Option<&str>,
    target: &Path,
) -> Result<(), String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(workspace)
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
    output(cmd)
}

/// Runs a cargo command: ok, or the compiler's output when it fails.
fn output(mut cmd: Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Checks `package` with no feature, then each of its features alone; the
/// failures, each with the compiler's output.
fn check_each(workspace: &Path, package: &str, features: &[String], target: &Path) -> Vec<String> {
    let runs = std::iter::once(None).chain(features.iter().map(|n| Some(n.as_str())));
    runs.filter_map(|feature| {
        check_in(workspace, package, feature, target)
            .err()
            .map(|output| {
                format!(
                    "{package} with {}:\n{output}",
                    feature.unwrap_or("no feature")
                )
            })
    })
    .collect()
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
        failures.extend(check_each(
            &tests_dir().join(".."),
            package,
            &names,
            &target,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Corpus specs whose every feature is checked alone: small enough to be
/// quick, with many areas each (resend 15 features, spotify 16), by tag
/// and by path.
const CORPUS_SAMPLE: &[&str] = &["resend.yaml", "spotify.yaml"];

/// The shared corpus: `CORPUS_DIR`, else `../shared/corpus` beside the project.
fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tests_dir().join("../../shared/corpus"));
    dir.is_dir().then_some(dir)
}

#[test]
fn every_feature_of_a_corpus_sample_compiles_alone() {
    let Some(corpus) = corpus_dir() else {
        eprintln!("corpus not found (set CORPUS_DIR): the corpus sample is skipped");
        return;
    };
    let target = target_dir().join("feature-check");
    let workspace = target.join("corpus-sample");
    let mut members = Vec::new();
    for spec in CORPUS_SAMPLE {
        let text =
            std::fs::read_to_string(corpus.join(spec)).unwrap_or_else(|e| panic!("{spec}: {e}"));
        let name = format!("sample_{}", spec.split('.').next().unwrap_or(spec));
        let settings = codegen::Settings {
            crate_name: name.clone(),
            source: spec.to_string(),
            command: "cargo test --test feature_check".into(),
            deny_warnings: false,
            runtime: api_tests::RUNTIME.into(),
        };
        let generated =
            codegen::generate(&text, &settings).unwrap_or_else(|e| panic!("{spec}: {e:?}"));
        let dir = workspace.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        for file in &generated.files {
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("crate folder");
            }
            std::fs::write(&path, &file.contents).expect("generated file");
        }
        let mut features: Vec<String> = generated.features.iter().map(|f| f.name.clone()).collect();
        assert!(features.len() > 3, "{spec}: few features: {features:?}");
        features.push("mock".into());
        members.push((name, features));
    }
    let list: Vec<String> = members.iter().map(|(n, _)| format!("{n:?}")).collect();
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "# Written by tests/feature_check.rs; scratch space.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .expect("workspace manifest");
    // The project's lock file: the same dependency versions, already built.
    std::fs::copy(
        tests_dir().join("../Cargo.lock"),
        workspace.join("Cargo.lock"),
    )
    .expect("Cargo.lock");
    let mut failures = Vec::new();
    for (name, features) in &members {
        failures.extend(check_each(&workspace, name, features, &target));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_spec_can_turn_features_off() {
    let manifest = tests_dir().join("fixtures/out/features_off/Cargo.toml");
    // Only the test doubles remain, which every crate has.
    assert_eq!(features(&manifest), ["mock"]);
    let ops =
        std::fs::read_to_string(tests_dir().join("fixtures/out/features_off/src/operations.rs"))
            .expect("features_off operations");
    assert!(
        !ops.contains("cfg(feature"),
        "a gate in a crate without features"
    );
}

/// Runs `cargo clippy` with warnings denied on `packages` of the
/// workspace, their default features on, and `mock` too when `mock` is set.
fn clippy(packages: &[String], mock: bool, target: &Path) -> Result<(), String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(tests_dir().join(".."))
        .args(["clippy", "--quiet"])
        .arg("--target-dir")
        .arg(target)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR");
    for p in packages {
        cmd.args(["--package", p]);
    }
    if mock {
        let features: Vec<String> = packages.iter().map(|p| format!("{p}/mock")).collect();
        cmd.args(["--features", &features.join(",")]);
    }
    cmd.args(["--", "-D", "warnings"]);
    output(cmd)
}

/// The package names of the fixture crates (`tests/fixtures/out/*`).
fn fixture_packages() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(tests_dir().join("fixtures/out"))
        .expect("fixture crates")
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path().join("Cargo.toml")).ok())
        .filter_map(|text| {
            let line = text.lines().find(|l| l.starts_with("name = "))?;
            Some(
                line.trim_start_matches("name = ")
                    .trim_matches('"')
                    .to_string(),
            )
        })
        .collect();
    names.sort();
    names
}

#[test]
fn the_mock_feature_on_and_off_is_clippy_clean_and_off_by_default() {
    let manifest = tests_dir().join("fixtures/out/features/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let default = text
        .lines()
        .find(|l| l.starts_with("default = "))
        .expect("a default feature list");
    assert!(!default.contains("mock"), "{default}");
    assert!(text.contains("mock = [\"api-runtime/mock\"]"), "{text}");
    let runtime = std::fs::read_to_string(tests_dir().join("../runtime/Cargo.toml"))
        .expect("runtime manifest");
    assert!(runtime.contains("mock = [\"dep:http\", \"dep:http-body\", \"dep:http-body-util\"]"));
    for dep in ["http", "http-body", "http-body-util"] {
        let line = runtime
            .lines()
            .find(|l| l.starts_with(&format!("{dep} = ")))
            .unwrap_or_else(|| panic!("{dep} is declared"));
        assert!(line.contains("optional = true"), "{line}");
    }
    let target = target_dir().join("feature-check");
    // Off for the `features` fixture; on for every fixture, whose specs
    // between them hold each shape an operation can have.
    let all = fixture_packages();
    assert!(all.len() > 30, "{all:?}");
    let runs = [(vec!["fixture_features".to_string()], false), (all, true)];
    for (packages, mock) in runs {
        if let Err(output) = clippy(&packages, mock, &target) {
            panic!(
                "{packages:?} with mock {}:\n{output}",
                if mock { "on" } else { "off" }
            );
        }
    }
}
