//! Project automation. `cargo xtask codegen [--check]` regenerates every
//! client from `spec/` (and the test fixtures); `cargo xtask generate SPEC
//! --out DIR` writes a standalone client crate for any spec; `cargo xtask
//! lint` checks the specs with pinned external linters; `cargo xtask
//! conformance [--dynamic]` runs every client against a spec-validating mock.

mod bench;
mod codegen;
mod conformance;
mod corpus;
mod each_feature;
mod fs;
mod lint;
mod run;
mod surface;
mod tools;
mod untyped;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]          regenerate generated/ and test fixtures (--check: write nothing, fail on drift)
  cargo xtask generate <SPEC> --out <DIR> [--name <CRATE>] [--report-untyped]
                                         write a standalone client crate for any spec (--report-untyped:
                                         list every place typed as any JSON value, by reason, with its line)
  cargo xtask lint                       lint every spec with openapi-spec-validator, Spectral and Redocly
                                         (pinned versions, installed into .tools/ on first use)
  cargo xtask conformance [--dynamic [--calls N] [--seed S]]
                                         call every operation of every generated client against a Prism
                                         mock of its spec; fails on any request Prism flags or answer the
                                         client cannot decode (--dynamic: random schema-valid answers,
                                         N calls per operation (default 20), repeatable by seed)
  cargo xtask corpus <DIR>... [--generate-only] [--time-limit SECS] [--max-bytes N] [--each-feature]
                                         generate a client for every spec in the folders and `cargo check`
                                         each with warnings denied; ends with `N passed, M failed`
                                         (--each-feature: then check each crate with no feature and with
                                         each feature alone)
  cargo xtask bench [--vs-progenitor] [--vs-openapi-to-rust] [--quick] [--only <NAME>]...
                                         time generation, compilation, requests and upload memory (release
                                         build); prints tables and writes target/bench/report.md
                                         (--vs-*: time another generator beside ours, openapi-to-rust pinned
                                         and installed into <target>/tools/ on first use; --only: keep the
                                         specs whose file name contains NAME)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            let check = args[1..].iter().any(|a| a == "--check");
            if let Some(bad) = args[1..].iter().find(|a| *a != "--check") {
                Err(format!("unknown argument `{bad}`\n{USAGE}"))
            } else {
                codegen::codegen(check)
            }
        }
        Some("generate") => parse_generate(&args[1..])
            .and_then(|g| codegen::generate(&g.spec, &g.out, g.name, g.report_untyped)),
        Some("lint") if args.len() == 1 => lint::lint(),
        Some("conformance") => conformance::Mode::parse(&args[1..])
            .map_err(|e| format!("{e}\n{USAGE}"))
            .and_then(conformance::conformance),
        Some("corpus") => corpus::Options::parse(&args[1..])
            .map_err(|e| format!("{e}\n{USAGE}"))
            .and_then(corpus::corpus),
        Some("bench") => bench::bench(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The arguments of `cargo xtask generate`.
struct GenerateArgs {
    spec: String,
    out: String,
    name: Option<String>,
    report_untyped: bool,
}

fn parse_generate(args: &[String]) -> Result<GenerateArgs, String> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut report_untyped = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = it.next().cloned(),
            "--name" => name = it.next().cloned(),
            "--report-untyped" => report_untyped = true,
            other if spec.is_none() && !other.starts_with("--") => spec = Some(other.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    match (spec, out) {
        (Some(spec), Some(out)) => Ok(GenerateArgs {
            spec,
            out,
            name,
            report_untyped,
        }),
        _ => Err(USAGE.to_string()),
    }
}
