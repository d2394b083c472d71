//! Running a program, timing it, and reading what went wrong.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

/// What a finished program did.
pub struct Ran {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
    /// Wall-clock time from spawn to exit.
    pub seconds: f64,
}

impl Ran {
    /// Ok with the output, or the first useful line of its error output.
    pub fn ok(self) -> Result<Ran, String> {
        if self.ok {
            Ok(self)
        } else {
            Err(first_error(&self.stderr))
        }
    }
}

/// Runs `command` to the end, capturing its output.
pub fn run(command: &mut Command) -> Result<Ran, String> {
    let start = Instant::now();
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    Ok(Ran {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The line that says what went wrong: a panic's message, a compiler
/// error (`error…`, or `path:line:col: error…` in cargo's short format), or
/// else the first line that is not empty.
pub fn first_error(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if let Some(i) = lines.iter().position(|l| l.contains("panicked at")) {
        if let Some(message) = lines.get(i + 1) {
            return format!("panic: {message}");
        }
    }
    let error = lines.iter().find(|l| {
        (l.starts_with("error") || l.contains(": error"))
            && !l.starts_with("error: could not compile")
    });
    error
        .or(lines.first())
        .map(|l| l.to_string())
        .unwrap_or_else(|| "failed without a message".into())
}

/// `cargo`, as the one that runs xtask.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Marks a file as changed now, so cargo rebuilds its crate.
pub fn touch(path: &Path) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::first_error;

    #[test]
    fn finds_the_compiler_error_in_either_format() {
        let short = "src/types.rs:12:5: error[E0308]: mismatched types\n\
                     error: could not compile `corpus_x` (lib) due to 1 previous error";
        assert_eq!(
            first_error(short),
            "src/types.rs:12:5: error[E0308]: mismatched types"
        );
        let long =
            "   Compiling x\nerror[E0425]: cannot find value `y`\nerror: could not compile `x`";
        assert_eq!(first_error(long), "error[E0425]: cannot find value `y`");
    }

    #[test]
    fn prefers_a_panic_message() {
        let text = "thread 'main' panicked at src/lib.rs:1:1:\nnot yet implemented\nnote: run with RUST_BACKTRACE";
        assert_eq!(first_error(text), "panic: not yet implemented");
    }
}
