//! Robustness: structure-aware mutations of every fixture, spec and small
//! corpus spec (dropped and duplicated keys, swapped types, dangling and
//! cyclic `$ref`s, deep nesting, huge numbers, odd Unicode and keyword
//! names, grafted subtrees, OpenAPI 3.1 and Swagger 2.0 shapes, empty and
//! damaged documents). For every case
//! the generator (client and conformance driver) must return files that
//! parse as Rust and define no name twice, or diagnostics; never panic,
//! overflow a 2 MiB stack, hang or report an internal error. Every problem
//! is collected, its document written to `target/mutation-failures/`.
//!
//! The quick run is part of the test command:
//!
//! ```sh
//! cargo test -p api-tests --test mutation
//! ```
//!
//! The long run (100,000 cases; a release build is much faster):
//!
//! ```sh
//! cargo test --release -p api-tests --test mutation -- --ignored --nocapture
//! ```
//!
//! Environment knobs, for either run:
//! - `MUTATION_CASES=n`: run `n` cases;
//! - `MUTATION_SEED=n`: base seed (decimal, or hex with `0x`) instead of [`BASE_SEED`];
//! - `MUTATION_ONLY=i`: run case `i` alone (its document is written out too);
//! - `MUTATION_TRACE=1`: print each case as it starts, to find one that
//!   takes the process down (a stack overflow aborts, it cannot be caught);
//! - `MUTATION_STATS=1`: count the kinds of refusal, and the cases and time
//!   per seed (to tune the mutations and the seeds' shares);
//! - `CORPUS_DIR`, `CORPUS_NEXT_DIR`: the corpus folders seeds are taken
//!   from (default `../shared/corpus` and `../shared/corpus-next` beside the
//!   project, as in `.ci/run`).

mod case;
mod check;
mod mutate;
mod odd;
mod report;
mod rng;
mod rust;
mod seeds;
mod tree;

use case::Case;
use check::Outcome;
use report::{describe, write_out, Tally};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// Cases of the quick run: well under a minute in the debug profile on two cores.
const QUICK_CASES: u64 = 3_000;
const LONG_CASES: u64 = 100_000;
const BASE_SEED: u64 = 0x5eed_0a91_c0de;
/// A worker's stack: what a spawned thread (a test's, say) gets by default.
/// The generator must fit it, even in a debug build.
const STACK_BYTES: usize = 2 << 20;
/// Every this many cases the generator runs twice, to check it is deterministic.
const TWICE_EVERY: u64 = 8;
/// A case running this long is a hang.
const HANG: Duration = Duration::from_secs(60);

#[test]
fn mutated_specs_give_rust_or_diagnostics() {
    run(env_u64("MUTATION_CASES").unwrap_or(QUICK_CASES));
}

#[test]
#[ignore = "long: run with -- --ignored (see the top of tests/mutation/main.rs)"]
fn mutated_specs_give_rust_or_diagnostics_long() {
    run(env_u64("MUTATION_CASES").unwrap_or(LONG_CASES));
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={v}: {e}")))
}

enum Msg {
    Start(usize, Arc<Case>),
    Done(usize, Duration, Result<Outcome, String>),
}

fn run(total: u64) {
    let base = env_u64("MUTATION_SEED").unwrap_or(BASE_SEED);
    let only = env_u64("MUTATION_ONLY");
    let trace = std::env::var_os("MUTATION_TRACE").is_some();
    let stats = std::env::var_os("MUTATION_STATS").is_some();
    let (first, end) = match only {
        Some(i) => (i, i + 1),
        None => (0, total),
    };
    let seeds = Arc::new(seeds::load());
    for note in &seeds.notes {
        println!("mutation: {note}");
    }
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min((end - first) as usize)
        .max(1);
    let next = Arc::new(AtomicU64::new(first));
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let (seeds, next, tx) = (seeds.clone(), next.clone(), tx.clone());
            std::thread::Builder::new()
                .name(format!("mutation-{w}"))
                .stack_size(STACK_BYTES)
                .spawn(move || {
                    let mut parsed = HashSet::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= end {
                            break;
                        }
                        let case = Arc::new(case::build(i, base, &seeds));
                        if trace {
                            eprintln!("{}", describe(&case));
                        }
                        let text = case.text.clone();
                        if tx.send(Msg::Start(w, case)).is_err() {
                            break;
                        }
                        let t = Instant::now();
                        let twice = i % TWICE_EVERY == 0;
                        let result = check::check(&text, twice, &mut parsed);
                        if tx.send(Msg::Done(w, t.elapsed(), result)).is_err() {
                            break;
                        }
                    }
                })
                .expect("spawn a worker")
        })
        .collect();
    drop(tx);

    let mut in_flight: Vec<Option<(Arc<Case>, Instant)>> = vec![None; workers];
    let mut tally = Tally::new(stats);
    let mut hung = false;
    loop {
        let deadline = in_flight.iter().flatten().map(|(_, t)| *t + HANG).min();
        let wait = deadline.map_or(HANG, |d| d.saturating_duration_since(Instant::now()));
        match rx.recv_timeout(wait) {
            Ok(Msg::Start(w, case)) => in_flight[w] = Some((case, Instant::now())),
            Ok(Msg::Done(w, elapsed, result)) => {
                let Some((case, _)) = in_flight[w].take() else {
                    continue;
                };
                if only.is_some() {
                    println!("{}\n  document: {}", describe(&case), write_out(&case));
                }
                tally.record(case, elapsed, result);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // A stuck worker cannot be stopped: report it with the rest.
                for (case, t) in in_flight.iter().flatten() {
                    if t.elapsed() >= HANG {
                        tally.problem(case.clone(), format!("hang: no result after {HANG:?}"));
                        hung = true;
                    }
                }
                if hung {
                    break;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    if !hung {
        for h in handles {
            if h.join().is_err() {
                panic!("a worker panicked outside the generator (a bug in the test itself)");
            }
        }
        assert_eq!(tally.done(), end - first, "every case ran");
    }
    tally.finish(&format!(
        "from {} seeds and {} grafts (base seed {base:#x}) in {:.1} s on {workers} threads",
        seeds.seeds.len(),
        seeds.pool.len(),
        started.elapsed().as_secs_f64(),
    ));
}
