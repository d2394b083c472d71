//! `cargo xtask lint`: every spec in `spec/` through three independent
//! checkers, pinned and installed on first use: openapi-spec-validator,
//! Spectral (`spectral:oas`) and Redocly (`recommended`). Any error fails;
//! warnings are printed (the README lists the ones that stay, and why).

use crate::fs::{api_specs, project_root};
use crate::tools::{npm_bin, python_bin, run};
use std::process::Command;

pub fn lint() -> Result<(), String> {
    let root = project_root();
    let config = root.join("xtask/lint");
    let validator = python_bin("openapi-spec-validator")?;
    let spectral = npm_bin("spectral")?;
    let redocly = npm_bin("redocly")?;
    let specs = api_specs();
    let mut failures = Vec::new();
    for spec in &specs {
        let shown = spec
            .strip_prefix(&root)
            .unwrap_or(spec)
            .display()
            .to_string();
        let checks = [
            ("openapi-spec-validator", {
                let mut c = Command::new(&validator);
                c.arg(spec);
                c
            }),
            ("spectral", {
                let mut c = Command::new(&spectral);
                c.args(["lint", "--fail-severity", "error", "--ruleset"])
                    .arg(config.join("spectral.yaml"))
                    .arg(spec);
                c
            }),
            ("redocly", {
                let mut c = Command::new(&redocly);
                c.args(["lint", "--format", "codeframe", "--config"])
                    .arg(config.join("redocly.yaml"))
                    .arg(spec);
                c
            }),
        ];
        for (name, mut command) in checks {
            eprintln!("== {name}: {shown}");
            if let Err(e) = run(command.current_dir(&root)) {
                failures.push(format!("{name} on {shown}: {e}"));
            }
        }
    }
    if failures.is_empty() {
        eprintln!("lint: {} spec(s), no errors", specs.len());
        Ok(())
    } else {
        Err(format!("lint failed:\n  {}", failures.join("\n  ")))
    }
}
