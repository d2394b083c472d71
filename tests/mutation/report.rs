//! What a run found: how many cases gave code and how many diagnostics, the
//! slowest case, the kinds of refusal, and every problem, each written out
//! so that it can be fed to the generator again.

use crate::case::Case;
use crate::check::Outcome;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Problems printed in full; the rest are counted.
const SHOWN: usize = 10;

#[derive(Default)]
pub struct Tally {
    generated: u64,
    refused: u64,
    problems: Vec<(Arc<Case>, String)>,
    slowest: Option<(Duration, Arc<Case>)>,
    /// Refusals by kind, when asked for (`MUTATION_STATS`).
    reasons: Option<BTreeMap<String, usize>>,
    /// Cases and time by seed, when asked for (`MUTATION_STATS`).
    origins: Option<BTreeMap<String, (usize, Duration)>>,
}

impl Tally {
    pub fn new(stats: bool) -> Self {
        Tally {
            reasons: stats.then(BTreeMap::new),
            origins: stats.then(BTreeMap::new),
            ..Tally::default()
        }
    }

    pub fn record(&mut self, case: Arc<Case>, elapsed: Duration, result: Result<Outcome, String>) {
        if self.slowest.as_ref().is_none_or(|(d, _)| elapsed > *d) {
            self.slowest = Some((elapsed, case.clone()));
        }
        if let Some(origins) = &mut self.origins {
            let (n, total) = origins.entry(case.origin.clone()).or_default();
            *n += 1;
            *total += elapsed;
        }
        match result {
            Ok(Outcome::Generated) => self.generated += 1,
            Ok(Outcome::Refused(why)) => {
                self.refused += 1;
                if let Some(reasons) = &mut self.reasons {
                    *reasons.entry(reason(&why)).or_default() += 1;
                }
            }
            Err(problem) => self.problem(case, problem),
        }
    }

    pub fn problem(&mut self, case: Arc<Case>, problem: String) {
        self.problems.push((case, problem));
    }

    /// Cases with a result, problems included.
    pub fn done(&self) -> u64 {
        self.generated + self.refused + self.problems.len() as u64
    }

    /// Prints the summary (`run` says how the cases ran), then fails with
    /// every problem, if there is one.
    pub fn finish(self, run: &str) {
        let done = self.done();
        println!(
            "mutation: {done} cases {run}: {} generated, {} refused with diagnostics, {} problems",
            self.generated,
            self.refused,
            self.problems.len(),
        );
        if let Some((d, c)) = &self.slowest {
            println!("mutation: slowest {} ms: {}", d.as_millis(), describe(c));
        }
        let mut reasons: Vec<(usize, String)> = self
            .reasons
            .unwrap_or_default()
            .into_iter()
            .map(|(r, n)| (n, r))
            .collect();
        reasons.sort_by(|a, b| b.cmp(a));
        for (n, r) in reasons.iter().take(25) {
            println!("mutation: {n:>6} refused: {r}");
        }
        let mut origins: Vec<(Duration, usize, String)> = self
            .origins
            .unwrap_or_default()
            .into_iter()
            .map(|(o, (n, t))| (t, n, o))
            .collect();
        origins.sort_by(|a, b| b.cmp(a));
        for (t, n, o) in origins.iter().take(15) {
            println!(
                "mutation: {:>8.1} s in {n:>5} cases from {o}",
                t.as_secs_f64()
            );
        }
        if self.problems.is_empty() {
            return;
        }
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for (_, p) in &self.problems {
            let first_line = p.lines().next().unwrap_or_default();
            *kinds
                .entry(first_line.chars().take(160).collect())
                .or_default() += 1;
        }
        let shown: Vec<String> = self
            .problems
            .iter()
            .take(SHOWN)
            .map(|(c, p)| format!("{}\n  {p}\n  document: {}", describe(c), write_out(c)))
            .collect();
        for (c, _) in self.problems.iter().skip(SHOWN) {
            write_out(c);
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n:>6} × {k}")).collect();
        panic!(
            "{} of {done} cases broke the generator (documents in {}):\n{}\n\nfirst {}:\n{}",
            self.problems.len(),
            failures_dir().display(),
            kinds.join("\n"),
            shown.len(),
            shown.join("\n"),
        );
    }
}

fn failures_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("mutation-failures")
}

/// Writes the case's document where it can be fed to the generator again.
pub fn write_out(case: &Case) -> String {
    let dir = failures_dir();
    let ext = if case.json { "json" } else { "yaml" };
    let path = dir.join(format!("{}.{ext}", case.index));
    let written = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, &case.text));
    match written {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(not written: {e})"),
    }
}

pub fn describe(case: &Case) -> String {
    let steps = if case.steps.is_empty() {
        "as is".to_string()
    } else {
        case.steps.join("; ")
    };
    format!(
        "case {} (seed {:#x}) from {}: {steps}",
        case.index, case.seed, case.origin
    )
}

/// A refusal's message with names and numbers blanked, to count kinds.
fn reason(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars().take(120) {
        match c {
            '`' => {
                quoted = !quoted;
                out.push_str(if quoted { "`…" } else { "`" });
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            c => out.push(c),
        }
    }
    out
}
