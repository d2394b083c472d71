//! What the example binaries share: reading `--flag value` arguments, and
//! an upload progress line on stderr.

mod progress;

/// The README's Rust snippets, compiled as doctests so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}

pub use progress::ProgressLine;

/// Command-line arguments: positional ones and `--name value` options.
#[derive(Debug, Default)]
pub struct Args {
    pub positional: Vec<String>,
    pub options: Vec<(String, String)>,
}

impl Args {
    /// Parses the process's arguments; a `--name` without a value is an error.
    pub fn parse(args: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut out = Args::default();
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.strip_prefix("--") {
                Some(name) => {
                    let value = args
                        .next()
                        .ok_or_else(|| format!("--{name} needs a value"))?;
                    out.options.push((name.to_string(), value));
                }
                None => out.positional.push(arg),
            }
        }
        Ok(out)
    }

    /// The value of `--name`, if given.
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
