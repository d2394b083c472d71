//! Helpers shared by the tests in this crate.

use std::path::{Path, PathBuf};

/// The `tests/` folder.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every `*.yaml` directly in `dir`, sorted, as (stem, text).
pub fn specs_in(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .filter_map(|p| {
                    let stem = p.file_stem()?.to_string_lossy().into_owned();
                    let text = std::fs::read_to_string(&p).ok()?;
                    Some((stem, text))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The project's runtime crate, for the generated crates a test writes
/// outside the project's folders.
pub const RUNTIME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime");

/// Settings matching what `cargo xtask codegen` uses for a fixture.
pub fn fixture_settings(stem: &str) -> codegen::Settings {
    codegen::Settings {
        crate_name: format!("fixture_{stem}"),
        source: format!("tests/fixtures/{stem}.yaml"),
        command: "cargo xtask codegen".into(),
        deny_warnings: true,
        runtime: "../../../../runtime".into(),
    }
}
