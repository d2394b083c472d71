//! Section 1: how long the generator takes per spec, by phase, and (with
//! `--vs-progenitor`, `--vs-openapi-to-rust`) how long ours and each other
//! generator take as programs on the same file.

use super::peer::{alternate, Job};
use super::table::{num, ratio, Table};
use super::{Bench, Peer};
use crate::fs::crate_name;
use crate::run::run;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Specs larger than this get fewer runs (the same threshold as `bench`).
const BIG_SPEC_BYTES: u64 = 1_000_000;

/// The fields of a `generation` line of `bench generation`, after the name.
struct Timed {
    bytes: f64,
    runs: String,
    /// load, validate, lower, emit, format, total (ms).
    phases: Vec<f64>,
    lines: String,
}

/// `bench generation` on every spec: its result per file name.
fn time_in_process(
    bench: &Bench,
    specs: &[PathBuf],
) -> Result<BTreeMap<String, Result<Timed, String>>, String> {
    let (runs, big_runs) = (bench.pick(5, 2), bench.pick(3, 1));
    let ran = run(Command::new(&bench.exe)
        .arg("generation")
        .args([
            "--runs",
            &runs.to_string(),
            "--big-runs",
            &big_runs.to_string(),
        ])
        .args(specs))?
    .ok()?;
    let mut out = BTreeMap::new();
    for line in ran.stdout.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["generation", name, bytes, runs, rest @ ..] if rest.len() == 8 => {
                let phases = rest[..6]
                    .iter()
                    .map(|v| v.parse().unwrap_or(f64::NAN))
                    .collect();
                let timed = Timed {
                    bytes: bytes.parse().unwrap_or(f64::NAN),
                    runs: runs.to_string(),
                    phases,
                    lines: rest[7].to_string(),
                };
                out.insert(name.to_string(), Ok(timed));
            }
            ["generation-failed", name, error] => {
                out.insert(name.to_string(), Err(error.to_string()));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Median wall times (ms) of our generator as a program that reads the
/// spec and writes the crate, then of each peer's, run in turn (ours, each
/// peer, ours again…) `runs` times: ours first, then one per peer.
fn cli_times(bench: &Bench, spec: &Path, runs: usize) -> Vec<Result<f64, String>> {
    let name = crate_name(spec);
    let generate = bench.scratch.join("generate");
    let ours_out = generate.join("ours").join(&name);
    let mut jobs: Vec<Job> = vec![Box::new(|| {
        let _ = std::fs::remove_dir_all(&ours_out);
        let ran = run(Command::new(&bench.exe)
            .arg("generate")
            .arg(spec)
            .arg(&ours_out)
            .arg(&name))?
        .ok()?;
        Ok(ran.seconds * 1000.0)
    })];
    for peer in &bench.peers {
        let theirs = format!("{}_{name}", peer.prefix());
        let out = generate.join(peer.prefix()).join(&theirs);
        jobs.push(Box::new(move || {
            Ok(peer.generate(spec, &out, &theirs)? * 1000.0)
        }));
    }
    alternate(runs, jobs)
}

pub fn section(bench: &Bench, specs: &[PathBuf]) -> Result<String, String> {
    let timed = time_in_process(bench, specs)?;
    let mut header = vec![
        "spec",
        "size",
        "runs",
        "load ms",
        "validate ms",
        "lower ms",
        "emit ms",
        "format ms",
        "total ms",
        "lines out",
    ];
    let peer_headers: Vec<[String; 2]> = bench
        .peers
        .iter()
        .map(|p| {
            let label = p.label();
            [format!("{label} CLI ms"), format!("ours/{label}")]
        })
        .collect();
    if !bench.peers.is_empty() {
        header.push("ours CLI ms");
        header.extend(peer_headers.iter().flatten().map(String::as_str));
    }
    let mut table = Table::new(&header);
    for spec in specs {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut row = vec![name.clone()];
        match timed.get(&name) {
            Some(Ok(t)) => {
                row.push(format!("{} KB", num(t.bytes / 1000.0)));
                row.push(t.runs.clone());
                row.extend(t.phases.iter().map(|ms| num(*ms)));
                row.push(t.lines.clone());
            }
            Some(Err(e)) => {
                row.extend(["".into(), "".into(), format!("fails: {e}")]);
                row.extend(std::iter::repeat_n(String::new(), 6));
            }
            None => row.extend(["".into(), "".into(), "no result".into()]),
        }
        while row.len() < 10 {
            row.push(String::new());
        }
        if !bench.peers.is_empty() {
            let big = std::fs::metadata(spec).map_or(0, |m| m.len()) > BIG_SPEC_BYTES;
            let runs = if big {
                bench.pick(3, 1)
            } else {
                bench.pick(5, 1)
            };
            let times = cli_times(bench, spec, runs);
            let cell = |t: &Result<f64, String>| {
                t.as_ref()
                    .map_or_else(|e| format!("fails: {e}"), |ms| num(*ms))
            };
            let ours = times.first().and_then(|t| t.as_ref().ok().copied());
            row.extend(times.first().map(cell));
            for theirs in times.iter().skip(1) {
                row.push(cell(theirs));
                row.push(ratio(ours, theirs.as_ref().ok().copied()));
            }
        }
        table.row(row);
    }
    let mut notes = String::from(
        "\nIn process, release build, medians of 5 runs (3 for specs over 1 MB; `--quick`: 2 \
         and 1). *load* … *format*: time per phase (`Generated::timings`); emitting and \
         formatting share the cores, so *emit* and *format* are thread time summed over the \
         threads and may add up to more than *total*, the wall time of `codegen::generate`. \
         *lines out*: lines of the generated crate's files.\n",
    );
    if !bench.peers.is_empty() {
        notes.push_str(
            "*ours CLI* and the other generators' *CLI*: median wall time of a process that reads \
             the spec and writes its output (`bench generate`; each generator's own binary, so \
             cargo's start-up is not counted), run in turn (ours, then each other, then ours \
             again…) 5 times (3 for specs over 1 MB; `--quick`: 1). Each reads YAML itself, so \
             nothing is converted.",
        );
        if bench.peers.contains(&Peer::Progenitor) {
            notes.push_str(
                " `oxide-nexus.json`, a spec progenitor handles, is added as a reference point.",
            );
        }
        if bench.peers.contains(&Peer::OpenapiToRust) {
            notes.push_str(&format!(
                " openapi-to-rust {} writes a module and a dependency fragment, not a crate.",
                super::openapi_to_rust::PINNED.version
            ));
        }
        notes.push('\n');
    }
    Ok(format!("{}{notes}", table.render()))
}
