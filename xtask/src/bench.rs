//! `cargo xtask bench [--vs-progenitor] [--quick]`: builds the `bench` crate
//! in release mode, runs its measurements and writes one markdown table per
//! section (generation time, compile time, request overhead, upload memory)
//! to `target/bench/report.md`, printing each as it is done.

mod compile;
mod generation;
mod memory;
mod progenitor;
mod requests;
mod table;

use crate::fs::{api_specs, project_root};
use crate::run::{cargo, run};
use std::path::PathBuf;

const USAGE: &str = "usage: cargo xtask bench [--vs-progenitor] [--quick]";

/// The largest specs of the shared corpus, timed beside `spec/`.
const CORPUS_SPECS: &[&str] = &["stripe.yaml", "github.json", "box.json", "asana.yaml"];
/// A corpus spec progenitor does handle (it fails on all of the above),
/// added with `--vs-progenitor` so there is something to compare.
const REFERENCE_SPEC: &str = "oxide-nexus.json";
/// The corpus spec whose client's compile time is measured beside ours.
const COMPILED_CORPUS_SPEC: &str = "stripe.yaml";

/// What was asked for, and where things are.
pub struct Bench {
    pub vs_progenitor: bool,
    pub quick: bool,
    /// The release `bench` binary.
    pub exe: PathBuf,
    /// `target/bench/`, for scratch crates and the report.
    pub scratch: PathBuf,
    /// The corpus folder, when present.
    pub corpus: Option<PathBuf>,
}

impl Bench {
    /// `n` normally, `quick` with `--quick`.
    pub fn pick(&self, n: usize, quick: usize) -> usize {
        if self.quick {
            quick
        } else {
            n
        }
    }

    /// A corpus spec, when the corpus and the file are there.
    pub fn corpus_spec(&self, name: &str) -> Option<PathBuf> {
        self.corpus
            .as_ref()
            .map(|c| c.join(name))
            .filter(|p| p.is_file())
    }
}

/// Measures one section: its table and notes, in markdown.
type Section<'a> = dyn Fn() -> Result<String, String> + 'a;

fn parse(args: &[String]) -> Result<(bool, bool), String> {
    let (mut vs, mut quick) = (false, false);
    for a in args {
        match a.as_str() {
            "--vs-progenitor" => vs = true,
            "--quick" => quick = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok((vs, quick))
}

/// Builds the `bench` crate in release mode; the path of its binary.
fn build_bench() -> Result<PathBuf, String> {
    eprintln!("bench: cargo build --release -p bench");
    let status = cargo()
        .args(["build", "--release", "-p", "bench"])
        .current_dir(project_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building the bench crate failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target"));
    Ok(target.join("release").join("bench"))
}

/// A line saying how and where the numbers were taken.
fn context(bench: &Bench) -> String {
    let output = |program: &str, args: &[&str]| {
        run(std::process::Command::new(program).args(args))
            .ok()
            .filter(|r| r.ok)
            .map(|r| r.stdout.trim().to_string())
            .unwrap_or_else(|| "?".into())
    };
    let dirty = output("git", &["status", "--porcelain", "--untracked-files=no"]);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{} run{}, commit {}{}, {}, {cores} cores.",
        if bench.quick { "Quick" } else { "Full" },
        if bench.vs_progenitor {
            " with --vs-progenitor"
        } else {
            ""
        },
        output("git", &["rev-parse", "--short", "HEAD"]),
        if dirty.is_empty() {
            ""
        } else {
            " with uncommitted changes"
        },
        output("rustc", &["--version"]),
    )
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let (vs_progenitor, quick) = parse(args)?;
    let root = project_root();
    let corpus = root.parent().map(|p| p.join("shared").join("corpus"));
    let bench = Bench {
        vs_progenitor,
        quick,
        exe: build_bench()?,
        scratch: root.join("target").join("bench"),
        corpus: corpus.filter(|c| c.is_dir()),
    };
    if vs_progenitor {
        progenitor::ensure()?;
    }
    std::fs::create_dir_all(&bench.scratch)
        .map_err(|e| format!("cannot create {}: {e}", bench.scratch.display()))?;

    let mut specs = api_specs();
    let mut missing = Vec::new();
    for name in CORPUS_SPECS {
        match bench.corpus_spec(name) {
            Some(p) => specs.push(p),
            None => missing.push(*name),
        }
    }
    let mut compiled = api_specs();
    // Its client takes minutes to compile: left out of a quick run.
    if !quick {
        compiled.extend(bench.corpus_spec(COMPILED_CORPUS_SPEC));
    }
    if vs_progenitor {
        if let Some(reference) = bench.corpus_spec(REFERENCE_SPEC) {
            specs.push(reference.clone());
            compiled.push(reference);
        }
    }

    let mut report = format!("# Benchmarks\n\n{}\n", context(&bench));
    if !missing.is_empty() {
        report.push_str(&format!(
            "\nSkipped, not found in ../shared/corpus/: {}.\n",
            missing.join(", ")
        ));
    }
    println!("{report}");
    let sections: [(&str, &Section); 4] = [
        ("Generation time", &|| generation::section(&bench, &specs)),
        ("Compile time", &|| compile::section(&bench, &compiled)),
        ("Request overhead", &|| requests::section(&bench)),
        ("Upload memory", &|| memory::section(&bench)),
    ];
    let mut failed = Vec::new();
    for (title, section) in sections {
        eprintln!("bench: {title}");
        let body = section().unwrap_or_else(|e| {
            failed.push(title);
            format!("failed: {e}\n")
        });
        let text = format!("## {title}\n\n{body}");
        println!("{text}");
        report.push_str(&format!("\n{text}"));
    }
    let path = bench.scratch.join("report.md");
    std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("report written to {}", path.display());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed: {}", failed.join(", ")))
    }
}
