//! The other generators timed beside ours, and a way to time several
//! things in turn.

use super::table::median;
use super::{openapi_to_rust, progenitor};
use std::path::Path;

/// A generator compared with ours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    /// Oxide's `cargo progenitor` (`--vs-progenitor`).
    Progenitor,
    /// openapi-to-rust (`--vs-openapi-to-rust`).
    OpenapiToRust,
}

impl Peer {
    /// Its name in table headers.
    pub fn label(self) -> &'static str {
        match self {
            Peer::Progenitor => "progenitor",
            Peer::OpenapiToRust => "openapi-to-rust",
        }
    }

    /// The prefix of its crates' names and folders (`<prefix>_<crate>`).
    pub fn prefix(self) -> &'static str {
        match self {
            Peer::Progenitor => "progenitor",
            Peer::OpenapiToRust => "o2r",
        }
    }

    /// Whether the compile table also times a `cargo build` of its crates;
    /// openapi-to-rust's are only checked, which keeps a run shorter.
    pub fn builds(self) -> bool {
        self == Peer::Progenitor
    }

    /// Makes sure it can run, installing it when it cannot.
    pub fn ensure(self) -> Result<(), String> {
        match self {
            Peer::Progenitor => progenitor::ensure(),
            Peer::OpenapiToRust => openapi_to_rust::ensure(),
        }
    }

    /// Writes its crate `name` for `spec` into a fresh `out`: the
    /// generator's wall time in seconds, or why it failed.
    pub fn generate(self, spec: &Path, out: &Path, name: &str) -> Result<f64, String> {
        match self {
            Peer::Progenitor => progenitor::generate(spec, out, name),
            Peer::OpenapiToRust => openapi_to_rust::generate(spec, out, name),
        }
    }
}

/// One timed run of something: its seconds (or any measure), or an error.
pub type Job<'a> = Box<dyn FnMut() -> Result<f64, String> + 'a>;

/// Runs each job once in turn (the first, the second, …, then the first
/// again), `runs` times over, so that a change in the machine's load falls
/// on all of them alike: the median of each, or the first error it gave (a
/// job that failed is not run again).
pub fn alternate(runs: usize, jobs: Vec<Job>) -> Vec<Result<f64, String>> {
    let mut jobs: Vec<(Job, Result<Vec<f64>, String>)> =
        jobs.into_iter().map(|j| (j, Ok(Vec::new()))).collect();
    for _ in 0..runs {
        for (job, samples) in &mut jobs {
            if let Ok(list) = samples {
                match job() {
                    Ok(value) => list.push(value),
                    Err(e) => *samples = Err(e),
                }
            }
        }
    }
    jobs.into_iter()
        .map(|(_, samples)| samples.and_then(|s| median(&s).ok_or_else(|| "no runs".into())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn runs_the_jobs_in_turn_and_stops_one_that_failed() {
        let order = RefCell::new(Vec::new());
        let mut fast = 0.0;
        let mut calls = 0;
        let results = alternate(
            3,
            vec![
                Box::new(|| {
                    order.borrow_mut().push("a");
                    fast += 1.0;
                    Ok(fast)
                }),
                Box::new(|| {
                    order.borrow_mut().push("b");
                    calls += 1;
                    if calls == 2 {
                        Err("boom".into())
                    } else {
                        Ok(9.0)
                    }
                }),
            ],
        );
        assert_eq!(*order.borrow(), ["a", "b", "a", "b", "a"]);
        assert_eq!(results, [Ok(2.0), Err("boom".to_string())]);
    }

    #[test]
    fn no_runs_is_an_error() {
        let results = alternate(0, vec![Box::new(|| Ok(1.0))]);
        assert_eq!(results, [Err("no runs".to_string())]);
    }
}
