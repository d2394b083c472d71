//! Oxide's `cargo progenitor`, the generator we compare with: installed at
//! one pinned version on first use (see [`install`](super::install)), and
//! run as its own `cargo-progenitor` binary so that cargo's start-up is not
//! counted against it.

use super::install::Pinned;
use crate::run::{first_error, run};
use std::path::Path;
use std::process::Command;

/// The version compared with.
pub const PINNED: Pinned = Pinned {
    krate: "cargo-progenitor",
    version: "0.15.1",
    binary: "cargo-progenitor",
};

/// Makes sure the pinned version is installed.
pub fn ensure() -> Result<(), String> {
    PINNED.ensure()
}

/// `cargo progenitor` on `spec`, writing crate `name` into a fresh `out`:
/// its wall time in seconds, or the first line of its error.
pub fn generate(spec: &Path, out: &Path, name: &str) -> Result<f64, String> {
    let _ = std::fs::remove_dir_all(out);
    let mut command = Command::new(PINNED.binary());
    command
        .arg("progenitor")
        .arg("-i")
        .arg(spec)
        .arg("-o")
        .arg(out)
        .args(["-n", name, "-v", "0.1.0"])
        .env("RUST_BACKTRACE", "0");
    let ran = run(&mut command)?;
    if ran.ok && out.join("Cargo.toml").is_file() {
        Ok(ran.seconds)
    } else {
        Err(first_error(&ran.stderr))
    }
}
