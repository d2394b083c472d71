//! Pinned external tools (linters, the Prism mock server), installed on first
//! use into the ignored `.tools/` folder. The pins live in `xtask/tools/`: an
//! npm lockfile and a pip requirements file with every version fixed; a tool
//! set is reinstalled when its pin file changes.

use crate::fs::project_root as root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn pins() -> PathBuf {
    root().join("xtask/tools")
}

fn tools() -> PathBuf {
    root().join(".tools")
}

/// Whether `dir` holds a copy of the pin file `name` identical to ours.
fn installed(dir: &Path, name: &str) -> bool {
    let ours = std::fs::read(pins().join(name));
    let theirs = std::fs::read(dir.join(format!("{name}.installed")));
    matches!((ours, theirs), (Ok(a), Ok(b)) if a == b)
}

fn mark_installed(dir: &Path, name: &str) -> Result<(), String> {
    std::fs::copy(pins().join(name), dir.join(format!("{name}.installed")))
        .map(|_| ())
        .map_err(|e| format!("cannot record the install in {}: {e}", dir.display()))
}

/// Runs a command to completion, failing with its name when it fails.
pub fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// The path of an npm tool's executable, installing the pinned set first.
pub fn npm_bin(name: &str) -> Result<PathBuf, String> {
    let dir = tools().join("node");
    if !installed(&dir, "package-lock.json") {
        eprintln!("installing pinned npm tools into {}", dir.display());
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(pins().join(file), dir.join(file))
                .map_err(|e| format!("cannot copy {file}: {e}"))?;
        }
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir))?;
        mark_installed(&dir, "package-lock.json")?;
    }
    Ok(dir.join("node_modules/.bin").join(name))
}

/// The path of a Python tool's executable, installing the pinned set first.
pub fn python_bin(name: &str) -> Result<PathBuf, String> {
    let dir = tools().join("venv");
    if !installed(&dir, "requirements.txt") {
        eprintln!("installing pinned Python tools into {}", dir.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&dir))?;
        run(Command::new(dir.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(pins().join("requirements.txt")))?;
        mark_installed(&dir, "requirements.txt")?;
    }
    Ok(dir.join("bin").join(name))
}
