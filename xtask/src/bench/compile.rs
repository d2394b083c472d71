//! Section 2: how long a generated crate takes to `cargo check` and `cargo
//! build` once its dependencies are built: each crate is built once, then
//! its `src/lib.rs` is touched and the rebuild of that crate alone is timed,
//! in full (incremental compilation off: what a changed or freshly generated
//! crate costs, and what CI pays) and as an incremental re-check of the
//! unchanged source; and a full check of ours with only its median-sized
//! feature on, for what a user who needs one area of the API pays.
//! The crates (ours and, with `--vs-progenitor` or `--vs-openapi-to-rust`,
//! the other generators') live in one scratch workspace,
//! `target/bench/compile/`, with one target folder and the project's
//! `Cargo.lock`, so dependency versions match the project's. The crates of
//! one spec are timed in turn (ours, then each other's, then ours again…).

use super::peer::{alternate, Job, Peer};
use super::table::{num, ratio, Table};
use super::{file_name, Bench};
use crate::fs::{crate_name, list_files, package_name, write_scratch_workspace};
use crate::run::{cargo, run, touch, Ran};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates with more lines than this are rebuilt once per command.
const BIG_CRATE_LINES: usize = 100_000;

/// How many more times than a full check a re-check is timed, when a
/// check is timed more than once: a re-check takes a second or two, so
/// the machine's noise moves it most, and more runs cost little.
const RECHECK_RUNS_FACTOR: usize = 3;

/// One generated crate in the scratch workspace.
struct Member {
    dir: String,
    package: String,
    lines: usize,
    /// Its cargo features and the operations each turns on (ours only).
    features: Vec<(String, usize)>,
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

/// Lines of Rust in a crate's `src/` that its default features compile:
/// our crates' `mock.rs` files are left out, as only the `mock` feature
/// compiles them.
fn lines(dir: &Path) -> usize {
    list_files(&dir.join("src"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| !p.ends_with("mock.rs"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.lines().count())
        .sum()
}

fn member(workspace: &Path, dir: String, features: Vec<(String, usize)>) -> Result<Member, String> {
    let path = workspace.join(&dir);
    Ok(Member {
        package: package_name(&path.join("Cargo.toml"))?,
        lines: lines(&path),
        dir,
        features,
    })
}

/// The `feature NAME OPERATIONS` lines of `bench generate`: each feature
/// and how many operations it turns on.
fn parse_features(stdout: &str) -> Vec<(String, usize)> {
    stdout
        .lines()
        .filter_map(|line| match line.split('\t').collect::<Vec<_>>()[..] {
            ["feature", name, ops] => Some((name.to_string(), ops.parse().ok()?)),
            _ => None,
        })
        .collect()
}

/// The median-sized feature: features ordered by the operations they turn
/// on, ties by name, the middle one (the lower middle of an even count).
fn median_feature(features: &[(String, usize)]) -> Option<&(String, usize)> {
    let mut sorted: Vec<&(String, usize)> = features.iter().collect();
    sorted.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    sorted.get(sorted.len().checked_sub(1)? / 2).copied()
}

/// How a rebuild is compiled: in full, or incrementally.
#[derive(Clone, Copy)]
enum Mode {
    Full,
    Incremental,
}

/// `cargo <args> -p <package>` in the scratch workspace (`args` starts with
/// the command).
fn cargo_in(workspace: &Path, args: &[&str], package: &str, mode: Mode) -> Result<Ran, String> {
    let incremental = match mode {
        Mode::Full => "0",
        Mode::Incremental => "1",
    };
    run(cargo()
        .args(args)
        .args(["--quiet", "--message-format=short", "-p", package])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env("CARGO_INCREMENTAL", incremental)
        .env_remove("RUSTFLAGS"))?
    .ok()
}

/// Median time of `runs` rebuilds of each crate after touching its lib.rs,
/// the crates rebuilt in turn, each built once first (untimed).
fn rebuild(
    workspace: &Path,
    members: &[&Member],
    args: &[&str],
    mode: Mode,
    runs: usize,
) -> Vec<Result<f64, String>> {
    let jobs: Vec<Job> = members
        .iter()
        .map(|m| {
            let built = cargo_in(workspace, args, &m.package, mode).map(|_| ());
            let lib = workspace.join(&m.dir).join("src").join("lib.rs");
            Box::new(move || {
                built.clone()?;
                touch(&lib)?;
                Ok(cargo_in(workspace, args, &m.package, mode)?.seconds)
            }) as Job
        })
        .collect();
    alternate(runs, jobs)
}

/// Times of ours and of each peer crate that generated (in that order),
/// for `cargo check`, `cargo build` (peers that [`Peer::builds`]) and the
/// incremental re-check.
fn times(workspace: &Path, crates: &[(&Member, Option<Peer>)], runs: usize) -> Vec<Times> {
    for (m, _) in crates {
        eprintln!(
            "bench: compiling {} ({} lines, {runs} run(s))",
            m.package, m.lines
        );
    }
    let all: Vec<&Member> = crates.iter().map(|(m, _)| *m).collect();
    let builders: Vec<&Member> = crates
        .iter()
        .filter(|(_, peer)| peer.is_none_or(Peer::builds))
        .map(|(m, _)| *m)
        .collect();
    let check = rebuild(workspace, &all, &["check"], Mode::Full, runs);
    let mut build = rebuild(workspace, &builders, &["build"], Mode::Full, runs).into_iter();
    let recheck_runs = if runs > 1 {
        runs * RECHECK_RUNS_FACTOR
    } else {
        runs
    };
    let recheck = rebuild(workspace, &all, &["check"], Mode::Incremental, recheck_runs);
    crates
        .iter()
        .zip(check)
        .zip(recheck)
        .map(|(((_, peer), check), recheck)| Times {
            check,
            build: if peer.is_none_or(Peer::builds) {
                build.next().unwrap_or_else(|| Err("not built".into()))
            } else {
                Err("not timed".into())
            },
            recheck,
        })
        .collect()
}

/// A spec's crates: ours, and each peer's or why it has none.
struct Crates<'a> {
    spec: &'a Path,
    ours: Member,
    theirs: Vec<(Peer, Result<Member, String>)>,
}

/// The columns of one peer: its times and ours over its.
fn peer_header(peer: Peer) -> Vec<String> {
    let label = peer.label();
    let mut columns = vec![format!("{label} lines"), format!("{label} check s")];
    if peer.builds() {
        columns.push(format!("{label} build s"));
    }
    columns.push(format!("{label} re-check s"));
    columns.push(format!("check ours/{label}"));
    if peer.builds() {
        columns.push(format!("build ours/{label}"));
    }
    columns.push(format!("re-check ours/{label}"));
    columns
}

/// Generates ours and each peer's crate for `spec` into the workspace.
fn generate(bench: &Bench, workspace: &Path, spec: &Path) -> Result<Member, String> {
    let name = crate_name(spec);
    let ran = run(Command::new(&bench.exe)
        .arg("generate")
        .arg(spec)
        .arg(workspace.join(&name))
        .arg(&name))?
    .ok()?;
    member(workspace, name, parse_features(&ran.stdout))
}

pub fn section(bench: &Bench, specs: &[PathBuf]) -> Result<String, String> {
    let workspace = bench.scratch.join("compile");
    std::fs::create_dir_all(&workspace)
        .map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    // Every crate is generated first, so the workspace lists them all.
    let mut all = Vec::new();
    for spec in specs {
        let ours = generate(bench, &workspace, spec)?;
        let theirs = bench
            .peers
            .iter()
            .map(|peer| {
                let dir = format!("{}_{}", peer.prefix(), ours.dir);
                let member = peer
                    .generate(spec, &workspace.join(&dir), &dir)
                    .and_then(|_| member(&workspace, dir, Vec::new()));
                (*peer, member)
            })
            .collect();
        all.push(Crates { spec, ours, theirs });
    }
    let members: Vec<&Member> = all
        .iter()
        .flat_map(|c| {
            std::iter::once(&c.ours).chain(c.theirs.iter().filter_map(|t| t.1.as_ref().ok()))
        })
        .collect();
    let dirs: Vec<&str> = members.iter().map(|m| m.dir.as_str()).collect();
    write_scratch_workspace(&workspace, &dirs, "cargo xtask bench", "")?;

    let mut header: Vec<String> = [
        "spec",
        "lines",
        "check s",
        "build s",
        "re-check s",
        "median feature",
        "feature check s",
        "feature/full",
    ]
    .map(String::from)
    .to_vec();
    for peer in &bench.peers {
        header.extend(peer_header(*peer));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(&header);
    for c in &all {
        let mut crates: Vec<(&Member, Option<Peer>)> = vec![(&c.ours, None)];
        crates.extend(
            c.theirs
                .iter()
                .filter_map(|(peer, m)| Some((m.as_ref().ok()?, Some(*peer)))),
        );
        let runs = if crates.iter().any(|(m, _)| m.lines > BIG_CRATE_LINES) {
            1
        } else {
            bench.pick(3, 1)
        };
        let mut timed = times(&workspace, &crates, runs).into_iter();
        let Some(t) = timed.next() else { continue };
        let mut row = vec![
            file_name(c.spec),
            c.ours.lines.to_string(),
            cell(&t.check),
            cell(&t.build),
            cell(&t.recheck),
        ];
        match median_feature(&c.ours.features) {
            None => row.extend(["none".into(), String::new(), String::new()]),
            Some((name, ops)) => {
                eprintln!(
                    "bench: checking {} with feature {name} alone",
                    c.ours.package
                );
                let args = ["check", "--no-default-features", "--features", name];
                let alone = rebuild(&workspace, &[&c.ours], &args, Mode::Full, runs)
                    .pop()
                    .unwrap_or_else(|| Err("no runs".into()));
                let s = if *ops == 1 { "" } else { "s" };
                row.push(format!("{name} ({ops} op{s})"));
                row.push(cell(&alone));
                row.push(ratio(alone.ok(), t.check.as_ref().ok().copied()));
            }
        }
        for (peer, theirs) in &c.theirs {
            let width = peer_header(*peer).len();
            let p = match theirs {
                Err(e) => {
                    row.push(format!("fails: {e}"));
                    row.extend(std::iter::repeat_n(String::new(), width - 1));
                    continue;
                }
                Ok(m) => {
                    row.push(m.lines.to_string());
                    timed.next().unwrap_or_else(|| Times {
                        check: Err("not timed".into()),
                        build: Err("not timed".into()),
                        recheck: Err("not timed".into()),
                    })
                }
            };
            let ours_over = |a: &Result<f64, String>, b: &Result<f64, String>| {
                ratio(a.as_ref().ok().copied(), b.as_ref().ok().copied())
            };
            row.push(cell(&p.check));
            if peer.builds() {
                row.push(cell(&p.build));
            }
            row.push(cell(&p.recheck));
            row.push(ours_over(&t.check, &p.check));
            if peer.builds() {
                row.push(ours_over(&t.build, &p.build));
            }
            row.push(ours_over(&t.recheck, &p.recheck));
        }
        table.row(row);
    }
    // What cargo costs when there is nothing to do, for reading the numbers:
    // the second of two checks (the feature check left the crate stale).
    let noop = members
        .first()
        .and_then(|m| {
            let check = || cargo_in(&workspace, &["check"], &m.package, Mode::Incremental);
            check().and_then(|_| check()).ok()
        })
        .map_or_else(|| "?".into(), |r| num(r.seconds));
    let mut notes = format!(
        "\nSeconds to `cargo check -p` / `cargo build -p` (dev profile) one crate again after \
         touching its `src/lib.rs`, dependencies already built (ours: the `api-runtime` crate \
         among them, as progenitor's crates have `progenitor-client`): the median of {} runs ({} \
         for a re-check; 1 for specs with a crate over {BIG_CRATE_LINES} lines). *check* and *build* compile the crate \
         in full (`CARGO_INCREMENTAL=0`): what a regenerated crate costs, and what CI pays. \
         *re-check* is an incremental `cargo check` of the unchanged source: parsing, macro \
         expansion and name resolution are redone, the rest is reused. Included is cargo's own \
         work, {noop} s when there is nothing to do. *lines*: lines of Rust a default build \
         compiles (our `mock.rs` files, for the `mock` feature, not counted). Scratch \
         workspace: `{}`.{}\n\n\
         *median feature*: our crates have one cargo feature per area of the API, all on by \
         default. Ordered by the operations they turn on (ties by name), the middle one (the \
         lower middle of an even count) is named with its operation count; *feature check* is a \
         full check like *check* with only it on (`--no-default-features --features <it>`), and \
         *feature/full* that time over *check*: what a user who calls one typical area pays, \
         against the whole API. The client and the types every area needs are always compiled, \
         so the ratio does not go below their share. *none*: the crate \
         declares no features.\n",
        bench.pick(3, 1),
        bench.pick(3 * RECHECK_RUNS_FACTOR, 1),
        workspace.display(),
        if bench.quick && bench.only.is_empty() {
            " A quick run leaves Stripe out."
        } else {
            ""
        }
    );
    if !bench.peers.is_empty() {
        notes.push_str(
            "\nThe other generators' crates sit in the same workspace and are timed the same \
             way, in turn with ours (ours, then each other's, then ours again…); *ours/X* is our \
             time over theirs (below 1: ours is faster). A crate that does not generate or \
             compile shows its first error.",
        );
        if bench.peers.contains(&Peer::OpenapiToRust) {
            notes.push_str(&format!(
                " openapi-to-rust {} writes a module, not a crate: it is wrapped in one \
                 (`pub mod generated;`, the dependencies of its `REQUIRED_DEPS.toml`, edition \
                 2024); its crates are checked, not built.",
                super::openapi_to_rust::PINNED.version
            ));
        }
        notes.push('\n');
    }
    Ok(format!("{}{notes}", table.render()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|(n, o)| (n.to_string(), *o)).collect()
    }

    #[test]
    fn reads_the_feature_lines_of_bench_generate() {
        let stdout = "wrote\t12\t4000\t35.1\nfeature\tai\t2\nfeature\tmedia\t4\nfeature\tbad\tx\n";
        assert_eq!(parse_features(stdout), features(&[("ai", 2), ("media", 4)]));
        assert!(parse_features("wrote\t1\t2\t3\n").is_empty());
    }

    #[test]
    fn the_median_feature_is_the_middle_by_operations_then_name() {
        let list = features(&[("e", 9), ("d", 1), ("c", 3), ("b", 3), ("a", 5)]);
        assert_eq!(median_feature(&list), Some(&("c".to_string(), 3)));
        // Even count: the lower middle.
        let list = features(&[("x", 4), ("w", 1), ("v", 2), ("u", 8)]);
        assert_eq!(median_feature(&list), Some(&("v".to_string(), 2)));
        assert_eq!(
            median_feature(&features(&[("only", 7)])),
            Some(&("only".to_string(), 7))
        );
        assert_eq!(median_feature(&[]), None);
    }
}
