//! `cargo xtask corpus --each-feature`: after a spec's crate passes its
//! full check, check it again with no feature and with each feature alone
//! (`--no-default-features [--features <f>]`), in the same scratch
//! workspace and target folder, warnings denied as in the full check.

use std::path::Path;
use std::time::{Duration, Instant};

/// How the feature checks of one spec went.
pub enum Features {
    /// The crate declares no features (the spec turns them off, or has no
    /// operation to group).
    None,
    /// Checked with no feature and each feature alone.
    Checked {
        /// Features checked alone (the no-feature check is not counted).
        count: usize,
        /// The runs that failed: the feature (`no feature` for the empty
        /// set) and the first error line.
        failures: Vec<(String, String)>,
        seconds: f64,
    },
}

impl Features {
    pub fn passed(&self) -> bool {
        match self {
            Features::None => true,
            Features::Checked { failures, .. } => failures.is_empty(),
        }
    }

    /// The part of a spec's line that reports the feature checks.
    pub fn summary(&self) -> String {
        match self {
            Features::None => "features: none".into(),
            Features::Checked {
                count,
                failures,
                seconds,
            } => {
                let passed = count + 1 - failures.len();
                let mut s = format!(
                    "features: {count} + none checked, {passed} ok, {} failed ({seconds:.1}s)",
                    failures.len()
                );
                for (feature, error) in failures {
                    s.push_str(&format!("; `{feature}` FAILED: {error}"));
                }
                s
            }
        }
    }
}

/// Checks `package` with no feature, then each of `features` alone, with
/// `check` (the corpus run's own check, given extra cargo arguments and a
/// time limit). All runs share `limit`; once it is spent the rest fail as
/// out of time.
pub fn check_each(
    features: &[String],
    limit: Duration,
    mut check: impl FnMut(&[&str], Duration) -> Result<(), String>,
) -> Features {
    if features.is_empty() {
        return Features::None;
    }
    let start = Instant::now();
    let mut failures = Vec::new();
    let runs = std::iter::once(None).chain(features.iter().map(|f| Some(f.as_str())));
    for feature in runs {
        let name = feature.unwrap_or("no feature").to_string();
        let Some(left) = limit.checked_sub(start.elapsed()) else {
            failures.push((name, format!("no time left within {}s", limit.as_secs())));
            continue;
        };
        let mut args = vec!["--no-default-features"];
        if let Some(f) = feature {
            args.extend(["--features", f]);
        }
        if let Err(e) = check(&args, left) {
            failures.push((name, e));
        }
    }
    Features::Checked {
        count: features.len(),
        failures,
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// The features declared by the manifest of the crate in `crate_dir`.
pub fn manifest_features(crate_dir: &Path) -> Result<Vec<String>, String> {
    let path = crate_dir.join("Cargo.toml");
    std::fs::read_to_string(&path)
        .map(|text| codegen::emit::declared_features(&text))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_none_then_each_feature_and_names_the_failures() {
        let features = vec!["a".to_string(), "b".to_string()];
        let mut seen = Vec::new();
        let result = check_each(&features, Duration::from_secs(60), |args, _| {
            seen.push(args.join(" "));
            if args.contains(&"b") {
                Err("src/lib.rs:1:1: error: boom".into())
            } else {
                Ok(())
            }
        });
        assert_eq!(
            seen,
            [
                "--no-default-features",
                "--no-default-features --features a",
                "--no-default-features --features b"
            ]
        );
        assert!(!result.passed());
        assert!(result
            .summary()
            .contains("`b` FAILED: src/lib.rs:1:1: error: boom"));
        assert!(check_each(&[], Duration::from_secs(1), |_, _| Ok(())).passed());
    }
}
