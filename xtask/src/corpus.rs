//! `cargo xtask corpus DIR...`: generate a client for every spec in some
//! folders and check that each compiles with warnings denied, every area
//! and the `mock` test doubles on.
//!
//! Every crate goes into one scratch workspace (`target/corpus/`) with one
//! target folder, so dependencies are built once. Each spec gets a line as
//! soon as it is done, with how many places hold any JSON value (and how
//! many of those the document itself leaves untyped); the totals of those
//! come before the last line, `N passed, M failed`. With `--each-feature`
//! a crate that passes is checked again with no feature and with each
//! feature alone (see `each_feature`).

use crate::each_feature::{self, Features};
use crate::fs::{is_spec, list_files, project_root, sync_dir, write_scratch_workspace};
use crate::run::{cargo, first_error};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What `cargo xtask corpus` was asked to do.
#[derive(Debug)]
pub struct Options {
    pub dirs: Vec<PathBuf>,
    /// Stop after generation; no `cargo check`.
    pub generate_only: bool,
    /// Limit per spec for generation, and for its checks (the full one and,
    /// with `each_feature`, every feature check after it) together.
    pub time_limit: Duration,
    /// Leave out spec files larger than this many bytes.
    pub max_bytes: Option<u64>,
    /// After a crate passes, check it with no feature and each feature alone.
    pub each_feature: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            dirs: Vec::new(),
            generate_only: false,
            time_limit: Duration::from_secs(600),
            max_bytes: None,
            each_feature: false,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--generate-only" => options.generate_only = true,
                "--each-feature" => options.each_feature = true,
                "--time-limit" => {
                    let secs = it
                        .next()
                        .and_then(|s| s.parse::<u64>().ok())
                        .ok_or("--time-limit takes a number of seconds")?;
                    options.time_limit = Duration::from_secs(secs);
                }
                "--max-bytes" => {
                    let n = it
                        .next()
                        .and_then(|s| s.parse::<u64>().ok())
                        .ok_or("--max-bytes takes a number of bytes")?;
                    options.max_bytes = Some(n);
                }
                other if !other.starts_with("--") => options.dirs.push(PathBuf::from(other)),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        if options.dirs.is_empty() {
            return Err("name at least one folder of specs".into());
        }
        Ok(options)
    }
}

/// How one spec fared.
struct Outcome {
    name: String,
    generate: Result<GenerateStats, String>,
    check: Option<Result<(), String>>,
    /// The feature checks, when asked for and the full check passed.
    features: Option<Features>,
    seconds: f64,
}

struct GenerateStats {
    warnings: usize,
    skipped: usize,
    /// Places typed as any JSON value.
    untyped: usize,
    /// Of those, the places where the document gives no type either.
    left_open: usize,
}

impl Outcome {
    fn passed(&self) -> bool {
        self.generate.is_ok()
            && !matches!(self.check, Some(Err(_)))
            && self.features.as_ref().is_none_or(Features::passed)
    }

    fn line(&self) -> String {
        let generate = match &self.generate {
            Ok(s) => format!(
                "generate ok ({} warnings, {} skipped, untyped: {} ({} the document leaves untyped))",
                s.warnings, s.skipped, s.untyped, s.left_open
            ),
            Err(e) => format!("generate FAILED: {e}"),
        };
        let check = match &self.check {
            None if self.generate.is_ok() => " | check skipped".to_string(),
            None => String::new(),
            Some(Ok(())) => " | check ok".to_string(),
            Some(Err(e)) => format!(" | check FAILED: {e}"),
        };
        let features = match &self.features {
            Some(f) => format!(" | {}", f.summary()),
            None => String::new(),
        };
        let verdict = if self.passed() { "ok  " } else { "FAIL" };
        format!(
            "{verdict} {:<32} {generate}{check}{features} | {:.1}s",
            self.name, self.seconds
        )
    }
}

/// The specs of the folders, folder by folder in the order named, each
/// folder's sorted, with those over the size limit left out.
fn specs(options: &Options) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for dir in &options.dirs {
        if !dir.is_dir() {
            return Err(format!("{} is not a folder", dir.display()));
        }
        let mut files = list_files(dir);
        files.sort();
        for p in files {
            if !is_spec(&p) || p.parent() != Some(dir.as_path()) {
                continue;
            }
            let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            if options.max_bytes.is_some_and(|max| size > max) {
                println!("skip {} ({size} bytes, over --max-bytes)", p.display());
                continue;
            }
            out.push(p);
        }
    }
    Ok(out)
}

/// The crate name used for a spec: its stem in snake case, made unique.
fn unique_crate_name(spec: &Path, taken: &mut Vec<String>) -> String {
    let base = format!("corpus_{}", crate::fs::crate_name(spec));
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// Generates one crate in a thread, giving up on it after `limit`.
fn generate(
    spec: &Path,
    crate_name: &str,
    out: &Path,
    limit: Duration,
) -> Result<GenerateStats, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read: {e}"))?;
    let settings = codegen::Settings {
        crate_name: crate_name.to_string(),
        source: spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        command: "cargo xtask corpus".into(),
        deny_warnings: true,
        runtime: crate::codegen::runtime_path(&project_root(), out),
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| codegen::generate(&text, &settings));
        let _ = tx.send(result);
    });
    let generated = match rx.recv_timeout(limit) {
        Ok(Ok(Ok(generated))) => generated,
        Ok(Ok(Err(failure))) => {
            let n = failure.diagnostics.len();
            let first = failure
                .diagnostics
                .first()
                .map(|d| d.to_string())
                .unwrap_or_default();
            return Err(format!("{n} diagnostics; first: {first}"));
        }
        Ok(Err(_)) => return Err("the generator panicked".into()),
        Err(_) => return Err(format!("no result within {}s", limit.as_secs())),
    };
    let files: Vec<(String, String)> = generated
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    sync_dir(out, &files, false)?;
    let skipped = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("skipped"))
        .count();
    Ok(GenerateStats {
        warnings: generated.warnings.len(),
        skipped,
        untyped: generated.untyped.len(),
        left_open: generated.untyped.iter().filter(|u| !u.given_type).count(),
    })
}

/// `cargo check` of one package of the scratch workspace, with `extra`
/// arguments (features): ok, or its first error.
fn check(scratch: &Path, package: &str, extra: &[&str], limit: Duration) -> Result<(), String> {
    let mut child = cargo()
        .args(["check", "--quiet", "--message-format=short", "-p", package])
        .args(extra)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for cargo: {e}")),
        }
    };
    let output = reader.join().unwrap_or_default();
    match status {
        None => Err(format!("no result within {}s", limit.as_secs())),
        Some(s) if s.success() => Ok(()),
        Some(_) => {
            let errors = output.lines().filter(|l| l.contains("error")).count();
            Err(format!(
                "{errors} error line(s); first: {}",
                first_error(&output)
            ))
        }
    }
}

pub fn corpus(options: Options) -> Result<(), String> {
    let specs = specs(&options)?;
    let scratch = project_root().join("target").join("corpus");
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let total = specs.len();
    println!(
        "corpus: {total} spec(s); scratch workspace {}",
        scratch.display()
    );

    // Generate every crate first, so the workspace lists them all and
    // `cargo check` resolves dependencies once.
    let mut taken = Vec::new();
    let mut outcomes = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = unique_crate_name(spec, &mut taken);
        println!("[{}/{total}] generating {}", i + 1, spec.display());
        let start = Instant::now();
        let generate = generate(spec, &name, &scratch.join(&name), options.time_limit);
        let outcome = Outcome {
            name: spec
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            generate,
            check: None,
            features: None,
            seconds: start.elapsed().as_secs_f64(),
        };
        // A spec whose story ends here gets its line now.
        if options.generate_only || outcome.generate.is_err() {
            println!("{}", outcome.line());
        }
        outcomes.push((name, outcome));
    }
    let members: Vec<String> = outcomes
        .iter()
        .filter(|(_, o)| o.generate.is_ok())
        .map(|(n, _)| n.clone())
        .collect();
    // Crates from an earlier run that this one does not list would make the
    // workspace ambiguous; leave them out of it explicitly.
    let dirs: Vec<&str> = members.iter().map(String::as_str).collect();
    write_scratch_workspace(
        &scratch,
        &dirs,
        "cargo xtask corpus",
        "\n[profile.dev]\ndebug = false\n",
    )?;

    let mut passed = 0;
    for (i, (package, outcome)) in outcomes.iter_mut().enumerate() {
        if outcome.generate.is_ok() && !options.generate_only {
            println!("[{}/{total}] checking {}", i + 1, outcome.name);
            let start = Instant::now();
            // With the test doubles: all the code the crate can compile.
            let full = check(
                &scratch,
                package,
                &["--features", "mock"],
                options.time_limit,
            );
            if full.is_ok() && options.each_feature {
                let left = options.time_limit.saturating_sub(start.elapsed());
                outcome.features = Some(
                    match each_feature::manifest_features(&scratch.join(&*package)) {
                        Ok(names) => each_feature::check_each(&names, left, |extra, limit| {
                            check(&scratch, package, extra, limit)
                        }),
                        Err(e) => Features::Checked {
                            count: 0,
                            failures: vec![("manifest".into(), e)],
                            seconds: 0.0,
                        },
                    },
                );
            }
            outcome.check = Some(full);
            outcome.seconds += start.elapsed().as_secs_f64();
            println!("{}", outcome.line());
        }
        if outcome.passed() {
            passed += 1;
        }
    }
    let stats = outcomes
        .iter()
        .filter_map(|(_, o)| o.generate.as_ref().ok());
    let (untyped, left_open) = stats.fold((0, 0), |(u, o), s| (u + s.untyped, o + s.left_open));
    println!(
        "untyped: {untyped} ({left_open} the document leaves untyped, {} it types)",
        untyped - left_open
    );
    let failed = total - passed;
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        return Err(format!("{failed} spec(s) failed"));
    }
    Ok(())
}
