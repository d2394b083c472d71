//! Section 1: how long the generator takes per spec, by phase, and (with
//! `--vs-progenitor`) how long `cargo progenitor` takes on the same file.

use super::table::{median, num, ratio, Table};
use super::{progenitor, Bench};
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

/// Median wall time (ms) of `runs` runs of our generator as a program that
/// reads the spec and writes the crate, like `cargo progenitor` does.
fn ours_cli(bench: &Bench, spec: &Path, runs: usize) -> Result<f64, String> {
    let name = crate_name(spec);
    let out = bench.scratch.join("generate").join("ours").join(&name);
    let mut samples = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&out);
        let ran = run(Command::new(&bench.exe)
            .arg("generate")
            .arg(spec)
            .arg(&out)
            .arg(&name))?
        .ok()?;
        samples.push(ran.seconds * 1000.0);
    }
    median(&samples).ok_or_else(|| "no runs".into())
}

/// Median wall time (ms) of `cargo progenitor` on the spec, or why it failed.
fn theirs_cli(bench: &Bench, spec: &Path, runs: usize) -> Result<f64, String> {
    let name = format!("progenitor_{}", crate_name(spec));
    let out = bench
        .scratch
        .join("generate")
        .join("progenitor")
        .join(&name);
    let mut samples = Vec::new();
    for _ in 0..runs {
        samples.push(progenitor::generate(spec, &out, &name)? * 1000.0);
    }
    median(&samples).ok_or_else(|| "no runs".into())
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
    if bench.vs_progenitor {
        header.extend(["ours CLI ms", "progenitor CLI ms", "ours/progenitor"]);
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
        if bench.vs_progenitor {
            let big = std::fs::metadata(spec).map_or(0, |m| m.len()) > BIG_SPEC_BYTES;
            let runs = if big {
                bench.pick(3, 1)
            } else {
                bench.pick(5, 1)
            };
            let ours = ours_cli(bench, spec, runs);
            let theirs = theirs_cli(bench, spec, runs);
            row.push(
                ours.as_ref()
                    .map_or_else(|e| format!("fails: {e}"), |ms| num(*ms)),
            );
            row.push(
                theirs
                    .as_ref()
                    .map_or_else(|e| format!("fails: {e}"), |ms| num(*ms)),
            );
            row.push(ratio(ours.ok(), theirs.ok()));
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
    if bench.vs_progenitor {
        notes.push_str(
            "*ours CLI* and *progenitor CLI*: median wall time of a process that reads the spec and \
             writes a crate (`bench generate`; the `cargo-progenitor` binary) over the same number \
             of runs. progenitor reads YAML itself, so nothing is converted. `oxide-nexus.json`, a \
             spec progenitor handles, is added as a reference point.\n",
        );
    }
    Ok(format!("{}{notes}", table.render()))
}
