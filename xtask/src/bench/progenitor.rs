//! Oxide's `cargo progenitor`, the generator we compare with: installed on
//! first use, and run as its own `cargo-progenitor` binary so that cargo's
//! start-up is not counted against it.

use crate::run::{cargo, first_error, run};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Makes sure `cargo progenitor` runs, installing it when it does not.
pub fn ensure() -> Result<(), String> {
    let works = || run(cargo().args(["progenitor", "--help"])).is_ok_and(|r| r.ok);
    if works() {
        return Ok(());
    }
    eprintln!("bench: installing cargo-progenitor (cargo install cargo-progenitor --locked)");
    let status = cargo()
        .args(["install", "cargo-progenitor", "--locked"])
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() && works() {
        Ok(())
    } else {
        Err("cargo progenitor is not available and could not be installed".into())
    }
}

/// The installed binary: in `$CARGO_HOME/bin`, `~/.cargo/bin` or on `PATH`.
fn binary() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let path = std::env::var_os("PATH").unwrap_or_default();
    home.map(|h| h.join("bin"))
        .into_iter()
        .chain(std::env::split_paths(&path))
        .map(|dir| dir.join("cargo-progenitor"))
        .find(|p| p.is_file())
}

/// `cargo progenitor` on `spec`, writing crate `name` into a fresh `out`:
/// its wall time in seconds, or the first line of its error.
pub fn generate(spec: &Path, out: &Path, name: &str) -> Result<f64, String> {
    let _ = std::fs::remove_dir_all(out);
    let mut command = match binary() {
        Some(bin) => Command::new(bin),
        None => cargo(),
    };
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
