//! The measurements behind `cargo xtask bench`, built in release mode so that
//! what is timed is optimised code. Each subcommand prints tab-separated
//! lines (the first field names the record) that xtask reads and turns into
//! tables:
//!
//! ```text
//! bench generation [--runs N] [--big-runs N] <SPEC>...  time the generator per phase
//! bench generate <SPEC> <OUT DIR> <CRATE NAME>          write a client crate and list its features (for compile timings)
//! bench requests [--rounds N] [--count N]                generated client vs hand-written reqwest
//! bench upload-memory <loomta|loops> <BYTES>            peak resident memory of one upload
//! bench serve                                           the loopback server the two above use
//! ```

mod generation;
mod memory;
mod requests;
mod server;
mod stats;

use std::process::ExitCode;

const USAGE: &str = "usage: bench generation [--runs N] [--big-runs N] <SPEC>... | \
generate <SPEC> <OUT DIR> <CRATE NAME> | \
requests [--rounds N] [--count N] | upload-memory <loomta|loops> <BYTES> | serve";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("generation") => generation::time_specs(rest),
        Some("generate") => match rest {
            [spec, out, name] => generation::write_crate(spec, out, name),
            _ => Err(USAGE.to_string()),
        },
        Some("requests") => requests::run(rest),
        Some("upload-memory") => match rest {
            [api, bytes] => bytes
                .parse()
                .map_err(|_| format!("`{bytes}` is not a number of bytes"))
                .and_then(|bytes| memory::run(api, bytes)),
            _ => Err(USAGE.to_string()),
        },
        Some("serve") if rest.is_empty() => server::serve().map_err(|e| format!("serve: {e}")),
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

/// The value after `flag` in `args` as a number, or `default`.
fn flag(args: &[String], flag: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{flag} takes a number")),
    }
}
