//! The generator, timed in process per phase, and written out as a crate
//! for the compile timings.

use crate::flag;
use crate::stats::median;
use std::path::Path;
use std::time::Instant;

/// Specs larger than this get `--big-runs` runs instead of `--runs`.
const BIG_SPEC_BYTES: usize = 1_000_000;

fn settings(spec: &Path, crate_name: &str) -> codegen::Settings {
    codegen::Settings {
        crate_name: crate_name.to_string(),
        source: file_name(spec),
        command: "cargo xtask bench".into(),
        deny_warnings: false,
        // The project's runtime crate, which the compile timings build with.
        runtime: concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime").into(),
    }
}

fn file_name(spec: &Path) -> String {
    spec.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read(spec: &Path) -> Result<String, String> {
    std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))
}

/// One run of the whole pipeline: the generated crate, or why there is none
/// (the first diagnostic, or a panic).
fn generate_once(text: &str, settings: &codegen::Settings) -> Result<codegen::Generated, String> {
    match std::panic::catch_unwind(|| codegen::generate(text, settings)) {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(failure)) => Err(failure
            .diagnostics
            .first()
            .map(|d| d.to_string())
            .unwrap_or_else(|| "failed without a diagnostic".into())),
        Err(_) => Err("the generator panicked".into()),
    }
}

/// `bench generation [--runs N] [--big-runs N] SPEC...`: for each spec, one
/// line `generation NAME BYTES RUNS LOAD VALIDATE LOWER EMIT FORMAT TOTAL
/// FILES LINES` (medians in ms; TOTAL is the wall time of `generate`, while
/// EMIT and FORMAT are thread time summed over the threads that share that
/// work), or `generation-failed NAME ERROR`.
pub fn time_specs(args: &[String]) -> Result<(), String> {
    let runs = flag(args, "--runs", 5)?.max(1);
    let big_runs = flag(args, "--big-runs", 2)?.max(1);
    let mut specs = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with("--") {
            it.next();
        } else {
            specs.push(Path::new(a));
        }
    }
    for spec in specs {
        let text = read(spec)?;
        let runs = if text.len() > BIG_SPEC_BYTES {
            big_runs
        } else {
            runs
        };
        let settings = settings(spec, "bench_client");
        let mut phases: [Vec<f64>; 6] = Default::default();
        let mut output = (0, 0);
        let mut failed = None;
        for _ in 0..runs {
            let start = Instant::now();
            let result = generate_once(&text, &settings);
            let wall = start.elapsed().as_secs_f64() * 1000.0;
            match result {
                Ok(generated) => {
                    let t = generated.timings;
                    let ms = [t.load, t.validate, t.lower, t.emit, t.format]
                        .map(|d| d.as_secs_f64() * 1000.0);
                    for (samples, value) in phases.iter_mut().zip(ms) {
                        samples.push(value);
                    }
                    phases[5].push(wall);
                    output = (
                        generated.files.len(),
                        generated
                            .files
                            .iter()
                            .map(|f| f.contents.lines().count())
                            .sum(),
                    );
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let name = file_name(spec);
        match failed {
            Some(e) => println!("generation-failed\t{name}\t{}", one_line(&e)),
            None => {
                let medians: Vec<String> =
                    phases.iter().map(|s| format!("{:.3}", median(s))).collect();
                println!(
                    "generation\t{name}\t{}\t{runs}\t{}\t{}\t{}",
                    text.len(),
                    medians.join("\t"),
                    output.0,
                    output.1
                );
            }
        }
    }
    Ok(())
}

/// `bench generate SPEC OUT NAME`: writes the crate (files whose contents
/// are unchanged are left alone) and prints `wrote FILES LINES MS`, the time
/// covering read, generation and writing, then one line `feature NAME
/// OPERATIONS` per cargo feature of the crate.
pub fn write_crate(spec: &str, out: &str, crate_name: &str) -> Result<(), String> {
    let start = Instant::now();
    let spec = Path::new(spec);
    let text = read(spec)?;
    let generated = generate_once(&text, &settings(spec, crate_name))?;
    let mut lines = 0;
    for file in &generated.files {
        lines += file.contents.lines().count();
        let path = Path::new(out).join(&file.path);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == file.contents) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("wrote\t{}\t{lines}\t{ms:.3}", generated.files.len());
    for feature in &generated.features {
        println!("feature\t{}\t{}", feature.name, feature.operations);
    }
    Ok(())
}

/// Text on one line, for a tab-separated record.
pub fn one_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .replace('\t', " ")
        .trim()
        .to_string()
}
