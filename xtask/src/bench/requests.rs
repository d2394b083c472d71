//! Section 3: requests per second of the generated clients against
//! hand-written reqwest calls doing the same requests (`bench requests`).

use super::table::{num, Table};
use super::Bench;
use crate::run::run;
use std::process::Command;

/// Ours must reach this share of reqwest's rate.
const TARGET: f64 = 0.95;

fn number(field: &str, line: &str) -> Result<f64, String> {
    field.parse().map_err(|_| format!("bad line `{line}`"))
}

pub fn section(bench: &Bench) -> Result<String, String> {
    let (rounds, count) = (bench.pick(21, 5), bench.pick(2000, 500));
    let ran = run(Command::new(&bench.exe).args([
        "requests",
        "--rounds",
        &rounds.to_string(),
        "--count",
        &count.to_string(),
    ]))?
    .ok()?;
    let mut table = Table::new(&[
        "request",
        "ours req/s",
        "reqwest req/s",
        "ours/reqwest",
        "target",
        "ours CPU µs/req",
        "reqwest CPU µs/req",
        "CPU ours/reqwest",
    ]);
    for line in ran.stdout.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let ["requests", case, values @ ..] = f.as_slice() else {
            continue;
        };
        let v = values
            .iter()
            .take(5)
            .map(|x| number(x, line))
            .collect::<Result<Vec<f64>, String>>()?;
        let [ours, theirs, share, ours_cpu, theirs_cpu] = v[..] else {
            return Err(format!("bad line `{line}`"));
        };
        let verdict = if share >= TARGET { "met" } else { "MISSED" };
        table.row(vec![
            case.to_string(),
            num(ours),
            num(theirs),
            format!("{share:.3}"),
            format!("≥ {TARGET}: {verdict}"),
            num(ours_cpu),
            num(theirs_cpu),
            format!("{:.3}", ours_cpu / theirs_cpu),
        ]);
    }
    let notes = format!(
        "\nSequential requests, each side over its own keep-alive connection, to a loopback \
         server in its own process that answers at once. After a warm-up, {rounds} rounds of \
         {count} requests per side, alternating which side goes first. *req/s*: the median \
         round; *ours/reqwest*: the median of each round's ratio to the round beside it. *CPU \
         µs/req*: the client thread's CPU time per request (median round), less moved by other \
         load on the machine than wall time. Both sides send through reqwest with the same features, \
         timeouts and user agent, and decode into the same generated types; the multipart file \
         is in memory.\n"
    );
    Ok(format!("{}{notes}", table.render()))
}
