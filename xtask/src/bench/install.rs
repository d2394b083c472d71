//! The other generators, each installed at one pinned version into its own
//! folder under `target/tools/` on first use, so every comparison runs the
//! same generator whatever else is on the machine.

use crate::fs::target_dir;
use crate::run::{cargo, run};
use std::path::PathBuf;
use std::process::Stdio;

/// A crate installed with `cargo install` at one version.
pub struct Pinned {
    /// The crate on the registry.
    pub krate: &'static str,
    pub version: &'static str,
    /// The binary it installs.
    pub binary: &'static str,
}

impl Pinned {
    /// The folder `cargo install --root` installs it into.
    fn root(&self) -> PathBuf {
        target_dir().join("tools").join(self.krate)
    }

    /// Where its binary is once installed.
    pub fn binary(&self) -> PathBuf {
        self.root().join("bin").join(self.binary)
    }

    /// Whether `cargo install --list` names the pinned version
    /// (`cargo-progenitor v0.15.1:`).
    fn listed(&self, list: &str) -> bool {
        let want = format!("{} v{}:", self.krate, self.version);
        list.lines().any(|l| l.trim() == want)
    }

    fn installed(&self) -> bool {
        self.binary().is_file()
            && run(cargo()
                .args(["install", "--list", "--root"])
                .arg(self.root()))
            .is_ok_and(|r| r.ok && self.listed(&r.stdout))
    }

    /// Makes sure the pinned version is installed, installing it when it is not.
    pub fn ensure(&self) -> Result<(), String> {
        if self.installed() {
            return Ok(());
        }
        let root = self.root();
        eprintln!(
            "bench: installing {} {} (cargo install --locked --root {})",
            self.krate,
            self.version,
            root.display()
        );
        let status = cargo()
            .args(["install", self.krate, "--locked", "--version"])
            .arg(format!("={}", self.version))
            .arg("--root")
            .arg(&root)
            // Built in a temporary folder, not the project's target folder.
            .env_remove("CARGO_TARGET_DIR")
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run cargo install: {e}"))?;
        if status.success() && self.installed() {
            Ok(())
        } else {
            Err(format!(
                "{} {} is not installed in {} and could not be installed",
                self.krate,
                self.version,
                root.display()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pinned_version_counts_as_installed() {
        let p = Pinned {
            krate: "cargo-progenitor",
            version: "0.15.1",
            binary: "cargo-progenitor",
        };
        assert!(p.listed("cargo-progenitor v0.15.1:\n    cargo-progenitor\n"));
        assert!(!p.listed("cargo-progenitor v0.14.0:\n    cargo-progenitor\n"));
        assert!(!p.listed(""));
    }
}
