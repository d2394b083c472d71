//! The change report of `cargo xtask codegen`: for each spec of `spec/`,
//! its crate's public surface against the committed one (the snapshot
//! `tests/snapshots/surface__<crate>.snap` that `tests/surface.rs` keeps),
//! each change marked breaking or compatible, and whether the crate's
//! version follows them.

use crate::fs::{is_spec, list_files, stem};
use codegen::surface::diff::Report;
use codegen::surface::Surface;
use std::path::{Path, PathBuf};

/// Where the committed surface of `krate` is.
pub fn snapshot_path(root: &Path, krate: &str) -> PathBuf {
    root.join("tests")
        .join("snapshots")
        .join(format!("surface__{krate}.snap"))
}

/// Prints the report of each spec whose surface changed; the version
/// problems found, to fail `--check` with.
pub fn review(root: &Path) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    let specs = list_files(&root.join("spec"))
        .into_iter()
        .filter(|p| is_spec(p) && p.parent() == Some(&root.join("spec")));
    for spec in specs {
        let name = stem(&spec).replace('-', "_");
        let Ok(committed) = std::fs::read_to_string(snapshot_path(root, &name)) else {
            println!("surface of {name}: no committed surface yet (tests/surface.rs writes it)");
            continue;
        };
        let text = std::fs::read_to_string(&spec)
            .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let settings = codegen::Settings {
            crate_name: name.clone(),
            source: String::new(),
            command: String::new(),
            deny_warnings: false,
            runtime: String::new(),
        };
        let Ok((api, _)) = codegen::to_ir(&text, &settings) else {
            continue; // Generation reports the spec's errors itself.
        };
        let report = Report::between(&Surface::from_snapshot(&committed), &Surface::of(&api));
        if report.changes.is_empty() {
            continue;
        }
        println!("surface of {name} changed:\n{}", report.to_text());
        if let Some(problem) = report.version_problem() {
            problems.push(format!("{name}: {problem}"));
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {description: Done.}\n";

    /// A project folder with `spec/t.yaml` (`spec`) and, committed, the
    /// surface of `SPEC`.
    fn project(name: &str, spec: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("xtask-surface-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("spec")).expect("spec dir");
        std::fs::create_dir_all(root.join("tests/snapshots")).expect("snapshots dir");
        std::fs::write(root.join("spec/t.yaml"), spec).expect("spec");
        let settings = codegen::Settings {
            crate_name: "t".into(),
            source: String::new(),
            command: String::new(),
            deny_warnings: false,
            runtime: String::new(),
        };
        let (api, _) = codegen::to_ir(SPEC, &settings).expect("ir");
        let snapshot = format!(
            "---\nsource: tests/surface.rs\n---\n{}",
            Surface::of(&api).to_text()
        );
        std::fs::write(snapshot_path(&root, "t"), snapshot).expect("snapshot");
        root
    }

    #[test]
    fn a_removed_operation_at_the_same_version_is_a_problem() {
        let edited = SPEC.replace(
            "/a:\n    get:\n      operationId: getA",
            "/b:\n    get:\n      operationId: getB",
        );
        let root = project("removed", &edited);
        let problems = review(&root).expect("review");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("t: breaking changes need version 2.0.0"),
            "{problems:?}"
        );
        let bumped = edited.replace("version: 1.0.0", "version: 2.0.0");
        std::fs::write(root.join("spec/t.yaml"), bumped).expect("spec");
        assert_eq!(review(&root).expect("review"), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn an_unchanged_surface_has_nothing_to_say() {
        let root = project("same", SPEC);
        assert_eq!(review(&root).expect("review"), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn the_snapshot_header_is_left_out() {
        let text =
            "---\nsource: tests/surface.rs\nexpression: text\n---\nversion: 1.0.0\nfeature a\n";
        let s = Surface::from_snapshot(text);
        assert_eq!(s.version(), Some("1.0.0"));
        assert_eq!(s.items.len(), 2);
    }
}
