//! `cargo xtask codegen` and `cargo xtask generate`.

use crate::fs::{crate_name, is_spec, list_files, project_root, stem, sync_dir, Drift};
use std::path::{Path, PathBuf};

/// One spec and a crate generated from it.
struct Target {
    spec: PathBuf,
    out: PathBuf,
    crate_name: String,
    deny_warnings: bool,
    kind: Kind,
}

/// The path a crate written to `out` finds the runtime crate by: relative
/// within the project (so the checked-in manifests name no machine's
/// folders), absolute elsewhere.
pub fn runtime_path(root: &Path, out: &Path) -> String {
    let runtime = root.join("runtime");
    match out.strip_prefix(root) {
        Ok(inner) => {
            let up = "../".repeat(inner.components().count());
            format!("{up}runtime")
        }
        Err(_) => runtime.to_string_lossy().replace('\\', "/"),
    }
}

/// What a target's crate is.
enum Kind {
    /// The client library.
    Client,
    /// The conformance driver of a client, found at this path from the driver.
    Driver { client_dir: String },
}

/// Where the conformance driver of the client for `spec/<name>.yaml` lives.
pub fn driver_dir(root: &Path, name: &str) -> PathBuf {
    root.join("tests").join("conformance").join(name)
}

/// Every spec under `spec/` and every fixture under `tests/fixtures/`.
fn targets(root: &Path) -> Vec<Target> {
    let mut out = Vec::new();
    for spec in list_files(&root.join("spec"))
        .into_iter()
        .filter(|p| is_spec(p) && p.parent() == Some(&root.join("spec")))
    {
        let name = stem(&spec);
        out.push(Target {
            out: driver_dir(root, &name),
            crate_name: name.replace('-', "_"),
            spec: spec.clone(),
            deny_warnings: false,
            kind: Kind::Driver {
                client_dir: format!("../../../generated/{name}"),
            },
        });
        out.push(Target {
            out: root.join("generated").join(&name),
            crate_name: name.replace('-', "_"),
            spec,
            deny_warnings: false,
            kind: Kind::Client,
        });
    }
    let fixtures = root.join("tests").join("fixtures");
    for spec in list_files(&fixtures)
        .into_iter()
        .filter(|p| is_spec(p) && p.parent() == Some(&fixtures))
    {
        let name = stem(&spec);
        out.push(Target {
            out: fixtures.join("out").join(&name),
            crate_name: format!("fixture_{}", name.replace('-', "_")),
            spec,
            deny_warnings: true,
            kind: Kind::Client,
        });
    }
    out
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Generated files as (path in the crate, contents).
type Files = Vec<(String, String)>;

fn run(target: &Target, source: &str, command: &str) -> Result<Files, String> {
    run_reporting(target, source, command).map(|(files, _)| files)
}

/// Generates one target: its files, and (for a client) the places it left
/// untyped. Warnings go to stderr as they are found.
fn run_reporting(
    target: &Target,
    source: &str,
    command: &str,
) -> Result<(Files, Vec<codegen::ir::Untyped>), String> {
    let text =
        std::fs::read_to_string(&target.spec).map_err(|e| format!("cannot read {source}: {e}"))?;
    let settings = codegen::Settings {
        crate_name: target.crate_name.clone(),
        source: source.to_string(),
        command: command.to_string(),
        deny_warnings: target.deny_warnings,
        runtime: runtime_path(
            &project_root(),
            &std::path::absolute(&target.out).unwrap_or_else(|_| target.out.clone()),
        ),
    };
    let generated = match &target.kind {
        Kind::Client => codegen::generate(&text, &settings).map(|generated| {
            for w in &generated.warnings {
                eprintln!("{source}: {w}");
            }
            (generated.files, generated.untyped)
        }),
        Kind::Driver { client_dir } => {
            codegen::conformance::driver(&text, &settings, client_dir).map(|f| (f, Vec::new()))
        }
    };
    match generated {
        Ok((files, untyped)) => Ok((
            files.into_iter().map(|f| (f.path, f.contents)).collect(),
            untyped,
        )),
        Err(failure) => Err(failure
            .diagnostics
            .iter()
            .map(|d| format!("{source}: {d}"))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// Generated crate directories with no spec left behind them.
fn orphan_dirs(root: &Path, targets: &[Target]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for parent in [
        root.join("generated"),
        root.join("tests").join("fixtures").join("out"),
        root.join("tests").join("conformance"),
    ] {
        let Ok(entries) = std::fs::read_dir(&parent) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for d in dirs {
            if !targets.iter().any(|t| t.out == d) {
                out.push(d);
            }
        }
    }
    out
}

/// Checks every target, and unless `check`, rewrites what drifted.
pub fn run_codegen(root: &Path, check: bool) -> Result<Vec<Drift>, String> {
    let targets = targets(root);
    let mut drift = Vec::new();
    let mut errors = Vec::new();
    for t in &targets {
        let source = relative(root, &t.spec);
        match run(t, &source, "cargo xtask codegen") {
            Ok(files) => drift.extend(sync_dir(&t.out, &files, check)?),
            Err(e) => errors.push(e),
        }
    }
    for dir in orphan_dirs(root, &targets) {
        for f in list_files(&dir) {
            drift.push(Drift::Orphaned(f));
        }
        if !check {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    Ok(drift)
}

pub fn codegen(check: bool) -> Result<(), String> {
    let root = project_root();
    let drift = run_codegen(&root, check)?;
    for d in &drift {
        println!(
            "{}",
            d.to_string().replace(&format!("{}/", root.display()), "")
        );
    }
    // What the spec edits do to callers, against the committed surfaces.
    let problems = crate::surface::review(&root)?;
    let mut failures = Vec::new();
    if check && !drift.is_empty() {
        failures.push(format!(
            "{} generated file(s) out of date: run `cargo xtask codegen` and commit the result",
            drift.len()
        ));
    }
    if check && !problems.is_empty() {
        failures.push(format!(
            "the crate version does not follow the surface's changes:\n{}",
            problems.join("\n")
        ));
    }
    if !failures.is_empty() {
        return Err(failures.join("\n"));
    }
    for p in &problems {
        println!("note: {p}");
    }
    if drift.is_empty() {
        println!("generated code is up to date");
    } else if !check {
        println!("updated {} file(s)", drift.len());
    }
    Ok(())
}

/// Writes a standalone crate for any spec file.
pub fn generate(spec: &str, out: &str, name: Option<String>, report: bool) -> Result<(), String> {
    let spec_path = PathBuf::from(spec);
    let crate_name = name.unwrap_or_else(|| crate_name(&spec_path));
    let target = Target {
        spec: spec_path.clone(),
        out: PathBuf::from(out),
        crate_name,
        deny_warnings: false,
        kind: Kind::Client,
    };
    let source = spec_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (files, untyped) = run_reporting(&target, &source, "cargo xtask generate")?;
    let drift = sync_dir(&target.out, &files, false)?;
    println!("wrote {} file(s) to {}", drift.len(), target.out.display());
    if report {
        let text = std::fs::read_to_string(&spec_path).unwrap_or_default();
        print!("{}", crate::untyped::report(&text, &untyped));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when generated code is stale.
    #[test]
    fn generated_code_is_fresh() {
        let root = crate::fs::project_root();
        let drift = super::run_codegen(&root, true).unwrap_or_else(|e| panic!("{e}"));
        let list: Vec<String> = drift.iter().map(|d| d.to_string()).collect();
        assert!(
            drift.is_empty(),
            "generated code is out of date; run `cargo xtask codegen` and commit:\n{}",
            list.join("\n")
        );
    }
}
