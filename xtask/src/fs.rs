//! Writing generated files, or checking them, without touching what is current.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a file on disk needs to match the generator.
#[derive(Debug, PartialEq, Eq)]
pub enum Drift {
    Stale(PathBuf),
    Missing(PathBuf),
    Orphaned(PathBuf),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Stale(p) => write!(f, "stale:    {}", p.display()),
            Drift::Missing(p) => write!(f, "missing:  {}", p.display()),
            Drift::Orphaned(p) => write!(f, "orphaned: {}", p.display()),
        }
    }
}

fn normalize(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// Compares (and unless `check`, writes) the files of one crate directory,
/// removing files the generator no longer emits. Returns what differed.
pub fn sync_dir(dir: &Path, files: &[(String, String)], check: bool) -> Result<Vec<Drift>, String> {
    let mut drift = Vec::new();
    let mut wanted = BTreeSet::new();
    for (rel, contents) in files {
        let path = dir.join(rel);
        wanted.insert(path.clone());
        match std::fs::read_to_string(&path) {
            Ok(existing) if normalize(&existing) == normalize(contents) => continue,
            Ok(_) => drift.push(Drift::Stale(path.clone())),
            Err(_) => drift.push(Drift::Missing(path.clone())),
        }
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    for existing in list_files(dir) {
        if !wanted.contains(&existing) {
            if !check {
                std::fs::remove_file(&existing)
                    .map_err(|e| format!("cannot remove {}: {e}", existing.display()))?;
            }
            drift.push(Drift::Orphaned(existing));
        }
    }
    Ok(drift)
}

/// Every file under `dir` (none when it does not exist), sorted.
pub fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The workspace root.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Cargo's target folder for the workspace: `CARGO_TARGET_DIR` when set
/// (relative to the project root, where xtask runs cargo), else `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| project_root().join(dir))
        .unwrap_or_else(|| project_root().join("target"))
}

/// Whether a file is an OpenAPI document by its extension.
pub fn is_spec(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// The API specs: every document directly in `spec/`, sorted.
pub fn api_specs() -> Vec<PathBuf> {
    let dir = project_root().join("spec");
    let mut specs: Vec<PathBuf> = list_files(&dir)
        .into_iter()
        .filter(|p| is_spec(p) && p.parent() == Some(dir.as_path()))
        .collect();
    specs.sort();
    specs
}

/// A file's name without its extension (`spec/loops.yaml` → `loops`).
pub fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The crate name `cargo xtask generate` gives a spec: its file name in
/// snake case.
pub fn crate_name(spec: &Path) -> String {
    let s = codegen::names::snake_case(&stem(spec));
    s.trim_end_matches('_').to_string()
}

/// Writes a scratch workspace of generated crates: a manifest naming the
/// member folders (plus `extra` manifest text), and the project's
/// `Cargo.lock`, so the crates build against the dependency versions the
/// project itself is tested with.
pub fn write_scratch_workspace(
    dir: &Path,
    members: &[&str],
    command: &str,
    extra: &str,
) -> Result<(), String> {
    let mut manifest = format!(
        "# Written by `{command}`; scratch space, not part of the project.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n"
    );
    for m in members {
        manifest.push_str(&format!("    \"{m}\",\n"));
    }
    manifest.push_str("]\n");
    manifest.push_str(extra);
    let path = dir.join("Cargo.toml");
    std::fs::write(&path, manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    std::fs::copy(project_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map(|_| ())
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))
}

/// The `[package]` name in a crate's `Cargo.toml`.
pub fn package_name(manifest: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    text.lines()
        .find_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"'))
        .map(str::to_string)
        .ok_or_else(|| format!("{} names no package", manifest.display()))
}
