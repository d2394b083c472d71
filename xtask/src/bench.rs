//! `cargo xtask bench [--vs-progenitor] [--vs-openapi-to-rust] [--quick]
//! [--only NAME]...`: builds the `bench` crate in release mode, runs its
//! measurements and writes one markdown table per section (generation time,
//! compile time, request overhead, upload memory) to
//! `target/bench/report.md`, printing each as it is done.

mod compile;
mod generation;
mod install;
mod memory;
mod openapi_to_rust;
mod peer;
mod progenitor;
mod requests;
mod table;

use crate::fs::{api_specs, project_root};
use crate::run::{cargo, run};
use peer::Peer;
use std::path::{Path, PathBuf};

const USAGE: &str =
    "usage: cargo xtask bench [--vs-progenitor] [--vs-openapi-to-rust] [--quick] [--only NAME]...";

/// The largest specs of the shared corpus, timed beside `spec/`.
const CORPUS_SPECS: &[&str] = &[
    "stripe.yaml",
    "github.json",
    "box.json",
    "asana.yaml",
    "twilio-api-v2010.json",
];
/// A corpus spec progenitor does handle (it fails on all of the above),
/// added with `--vs-progenitor` so there is something to compare.
const REFERENCE_SPEC: &str = "oxide-nexus.json";
/// The corpus spec whose client's compile time is measured beside ours.
const COMPILED_CORPUS_SPEC: &str = "stripe.yaml";
/// The specs of the request and memory sections, which time these clients.
const CLIENT_SPECS: &[&str] = &["loops.yaml", "loomta.yaml"];

/// What was asked on the command line.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    peers: Vec<Peer>,
    quick: bool,
    /// `--only`: the parts of spec file names to keep; empty keeps all.
    only: Vec<String>,
}

/// What was asked for, and where things are.
pub struct Bench {
    /// The generators compared with ours, in the order of their columns.
    pub peers: Vec<Peer>,
    pub quick: bool,
    /// The release `bench` binary.
    /// `--only`: the parts of spec file names to keep; empty keeps all.
    pub only: Vec<String>,
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

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let peer = |options: &mut Options, p: Peer| {
        if !options.peers.contains(&p) {
            options.peers.push(p);
        }
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--vs-progenitor" => peer(&mut options, Peer::Progenitor),
            "--vs-openapi-to-rust" => peer(&mut options, Peer::OpenapiToRust),
            "--quick" => options.quick = true,
            "--only" => match it.next() {
                Some(name) if !name.is_empty() && !name.starts_with("--") => {
                    options.only.push(name.clone())
                }
                _ => return Err(format!("--only takes part of a spec's file name\n{USAGE}")),
            },
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
}

/// The spec's file name.
fn file_name(spec: &Path) -> String {
    spec.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether `--only` keeps a spec: its file name contains one of the
/// parts, or none was given.
fn kept(only: &[String], file_name: &str) -> bool {
    only.is_empty() || only.iter().any(|part| file_name.contains(part.as_str()))
}

/// The shared corpus (`shared/corpus/` beside the project, or beside any
/// folder above it, as for a worktree), when present.
fn find_corpus(root: &Path) -> Option<PathBuf> {
    root.ancestors()
        .skip(1)
        .map(|dir| dir.join("shared").join("corpus"))
        .find(|dir| dir.is_dir())
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
    let flags: Vec<String> = bench
        .peers
        .iter()
        .map(|p| format!("--vs-{}", p.label()))
        .chain(bench.only.iter().map(|o| format!("--only {o}")))
        .collect();
    format!(
        "{} run{}, commit {}{}, {}, {cores} cores.",
        if bench.quick { "Quick" } else { "Full" },
        if flags.is_empty() {
            String::new()
        } else {
            format!(" with {}", flags.join(" "))
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
    let Options { peers, quick, only } = parse(args)?;
    let root = project_root();
    let bench = Bench {
        peers,
        quick,
        only,
        exe: build_bench()?,
        scratch: root.join("target").join("bench"),
        corpus: find_corpus(&root),
    };
    for peer in &bench.peers {
        peer.ensure()?;
    }
    let vs_progenitor = bench.peers.contains(&Peer::Progenitor);
    std::fs::create_dir_all(&bench.scratch)
        .map_err(|e| format!("cannot create {}: {e}", bench.scratch.display()))?;

    let mut specs = api_specs();
    let mut missing = Vec::new();
    for name in CORPUS_SPECS {
        match bench.corpus_spec(name) {
            Some(p) => specs.push(p),
            None if kept(&bench.only, name) => missing.push(*name),
            None => {}
        }
    }
    let mut compiled = api_specs();
    // Its client takes minutes to compile: left out of a quick run, unless
    // asked for by name.
    let stripe = !quick || !bench.only.is_empty();
    if bench.peers.contains(&Peer::OpenapiToRust) {
        // Compared on every corpus spec it is benchmarked on.
        compiled.extend(
            CORPUS_SPECS
                .iter()
                .filter(|name| stripe || **name != COMPILED_CORPUS_SPEC)
                .filter_map(|name| bench.corpus_spec(name)),
        );
    } else if stripe {
        compiled.extend(bench.corpus_spec(COMPILED_CORPUS_SPEC));
    }
    if vs_progenitor {
        if let Some(reference) = bench.corpus_spec(REFERENCE_SPEC) {
            specs.push(reference.clone());
            compiled.push(reference);
        }
    }
    specs.retain(|s| kept(&bench.only, &file_name(s)));
    compiled.retain(|s| kept(&bench.only, &file_name(s)));
    let clients = CLIENT_SPECS.iter().any(|name| kept(&bench.only, name));

    let mut report = format!("# Benchmarks\n\n{}\n", context(&bench));
    if !missing.is_empty() {
        report.push_str(&format!(
            "\nSkipped, not found in the shared corpus: {}.\n",
            missing.join(", ")
        ));
    }
    println!("{report}");
    let sections: [(&str, bool, &Section); 4] = [
        ("Generation time", !specs.is_empty(), &|| {
            generation::section(&bench, &specs)
        }),
        ("Compile time", !compiled.is_empty(), &|| {
            compile::section(&bench, &compiled)
        }),
        ("Request overhead", clients, &|| requests::section(&bench)),
        ("Upload memory", clients, &|| memory::section(&bench)),
    ];
    let mut failed = Vec::new();
    for (title, has_specs, section) in sections {
        if !has_specs {
            let text = format!("## {title}\n\nSkipped: `--only` keeps none of its specs.\n");
            println!("{text}");
            report.push_str(&format!("\n{text}"));
            continue;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_peers_quick_and_repeated_only() {
        let options = parse(&args(
            "--vs-openapi-to-rust --only twilio --quick --vs-progenitor --only asana --vs-progenitor",
        ));
        assert_eq!(
            options,
            Ok(Options {
                peers: vec![Peer::OpenapiToRust, Peer::Progenitor],
                quick: true,
                only: vec!["twilio".into(), "asana".into()],
            })
        );
        assert_eq!(parse(&[]), Ok(Options::default()));
    }

    #[test]
    fn only_needs_a_name() {
        assert!(parse(&args("--only")).is_err());
        assert!(parse(&args("--only --quick")).is_err());
        assert!(parse(&args("--fast")).is_err());
    }

    #[test]
    fn only_keeps_file_names_containing_any_part() {
        let only = vec!["twilio".to_string(), "asana".to_string()];
        assert!(kept(&only, "twilio-api-v2010.json"));
        assert!(kept(&only, "asana.yaml"));
        assert!(!kept(&only, "stripe.yaml"));
        assert!(kept(&[], "stripe.yaml"));
    }
}
