//! Section 2: how long a generated crate takes to `cargo check` and `cargo
//! build` once its dependencies are built: each crate is built once, then
//! its `src/lib.rs` is touched and the rebuild of that crate alone is timed,
//! in full (incremental compilation off: what a changed or freshly generated
//! crate costs, and what CI pays) and as an incremental re-check of the
//! unchanged source.
//! The crates (ours and, with `--vs-progenitor`, progenitor's) live in one
//! scratch workspace, `target/bench/compile/`, with one target folder and
//! the project's `Cargo.lock`, so dependency versions match the project's.

use super::table::{median, num, ratio, Table};
use super::{progenitor, Bench};
use crate::fs::{crate_name, list_files, package_name, write_scratch_workspace};
use crate::run::{cargo, run, touch, Ran};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates with more lines than this are rebuilt once per command.
const BIG_CRATE_LINES: usize = 100_000;

/// One generated crate in the scratch workspace.
struct Member {
    dir: String,
    package: String,
    lines: usize,
}

/// Rebuild times (s) of one crate, or why it does not build.
struct Times {
    check: Result<f64, String>,
    build: Result<f64, String>,
    recheck: Result<f64, String>,
}

fn cell(r: &Result<f64, String>) -> String {
    r.as_ref()
        .map_or_else(|e| format!("fails: {e}"), |s| num(*s))
}

/// Lines of Rust in a crate's `src/`.
fn lines(dir: &Path) -> usize {
    list_files(&dir.join("src"))
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.lines().count())
        .sum()
}

fn member(workspace: &Path, dir: String) -> Result<Member, String> {
    let path = workspace.join(&dir);
    Ok(Member {
        package: package_name(&path.join("Cargo.toml"))?,
        lines: lines(&path),
        dir,
    })
}

/// How a rebuild is compiled: in full, or incrementally.
#[derive(Clone, Copy)]
enum Mode {
    Full,
    Incremental,
}

/// `cargo <command> -p <package>` in the scratch workspace.
fn cargo_in(workspace: &Path, command: &str, package: &str, mode: Mode) -> Result<Ran, String> {
    let incremental = match mode {
        Mode::Full => "0",
        Mode::Incremental => "1",
    };
    run(cargo()
        .args([command, "--quiet", "--message-format=short", "-p", package])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env("CARGO_INCREMENTAL", incremental)
        .env_remove("RUSTFLAGS"))?
    .ok()
}

/// Median time of `runs` rebuilds of one crate after touching its lib.rs.
fn rebuild(
    workspace: &Path,
    member: &Member,
    command: &str,
    mode: Mode,
    runs: usize,
) -> Result<f64, String> {
    cargo_in(workspace, command, &member.package, mode)?;
    let lib = workspace.join(&member.dir).join("src").join("lib.rs");
    let mut samples = Vec::new();
    for _ in 0..runs {
        touch(&lib)?;
        samples.push(cargo_in(workspace, command, &member.package, mode)?.seconds);
    }
    median(&samples).ok_or_else(|| "no runs".into())
}

fn times(bench: &Bench, workspace: &Path, member: &Member) -> Times {
    let runs = if member.lines > BIG_CRATE_LINES {
        1
    } else {
        bench.pick(3, 1)
    };
    eprintln!(
        "bench: compiling {} ({} lines, {runs} run(s))",
        member.package, member.lines
    );
    Times {
        check: rebuild(workspace, member, "check", Mode::Full, runs),
        build: rebuild(workspace, member, "build", Mode::Full, runs),
        recheck: rebuild(workspace, member, "check", Mode::Incremental, runs),
    }
}

pub fn section(bench: &Bench, specs: &[PathBuf]) -> Result<String, String> {
    let workspace = bench.scratch.join("compile");
    std::fs::create_dir_all(&workspace)
        .map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    // Every crate is generated first, so the workspace lists them all.
    let mut crates = Vec::new();
    for spec in specs {
        let name = crate_name(spec);
        run(Command::new(&bench.exe)
            .arg("generate")
            .arg(spec)
            .arg(workspace.join(&name))
            .arg(&name))?
        .ok()?;
        let ours = member(&workspace, name.clone())?;
        let theirs = bench.vs_progenitor.then(|| {
            let dir = format!("progenitor_{name}");
            progenitor::generate(spec, &workspace.join(&dir), &dir)
                .and_then(|_| member(&workspace, dir))
        });
        crates.push((spec, ours, theirs));
    }
    let members: Vec<&Member> = crates
        .iter()
        .flat_map(|(_, ours, theirs)| std::iter::once(ours).chain(theirs.iter().flatten()))
        .collect();
    let dirs: Vec<&str> = members.iter().map(|m| m.dir.as_str()).collect();
    write_scratch_workspace(&workspace, &dirs, "cargo xtask bench", "")?;

    let mut header = vec!["spec", "lines", "check s", "build s", "re-check s"];
    if bench.vs_progenitor {
        header.extend([
            "progenitor lines",
            "progenitor check s",
            "progenitor build s",
            "progenitor re-check s",
            "check ours/progenitor",
            "build ours/progenitor",
            "re-check ours/progenitor",
        ]);
    }
    let mut table = Table::new(&header);
    for (spec, ours, theirs) in &crates {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let t = times(bench, &workspace, ours);
        let mut row = vec![
            name,
            ours.lines.to_string(),
            cell(&t.check),
            cell(&t.build),
            cell(&t.recheck),
        ];
        match theirs {
            None => {}
            Some(Err(e)) => row.push(format!("fails: {e}")),
            Some(Ok(m)) => {
                let p = times(bench, &workspace, m);
                row.extend([
                    m.lines.to_string(),
                    cell(&p.check),
                    cell(&p.build),
                    cell(&p.recheck),
                ]);
                row.push(ratio(t.check.ok(), p.check.ok()));
                row.push(ratio(t.build.ok(), p.build.ok()));
                row.push(ratio(t.recheck.ok(), p.recheck.ok()));
            }
        }
        table.row(row);
    }
    // What cargo costs when there is nothing to do, for reading the numbers.
    let noop = members
        .first()
        .and_then(|m| cargo_in(&workspace, "check", &m.package, Mode::Incremental).ok())
        .map_or_else(|| "?".into(), |r| num(r.seconds));
    let notes = format!(
        "\nSeconds to `cargo check -p` / `cargo build -p` (dev profile) one crate again after \
         touching its `src/lib.rs`, dependencies already built: the median of {} runs (1 for \
         crates over {BIG_CRATE_LINES} lines). *check* and *build* compile the crate in full \
         (`CARGO_INCREMENTAL=0`): what a regenerated crate costs, and what CI pays. *re-check* is \
         an incremental `cargo check` of the unchanged source: parsing, macro expansion and \
         name resolution are redone, the rest is reused. Included is cargo's own work, {noop} s \
         when there is nothing to do. Scratch workspace: `{}`.{}\n",
        bench.pick(3, 1),
        workspace.display(),
        if bench.quick {
            " A quick run leaves Stripe out."
        } else {
            ""
        }
    );
    Ok(format!("{}{notes}", table.render()))
}
