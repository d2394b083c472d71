//! Diagnostics: what the generator has to say about a spec, each tied to a
//! place in it (a JSON pointer, and a line where one can be found).

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on, but something was approximated or skipped.
    Warning,
    /// Generation cannot produce a faithful client.
    Error,
}

/// One finding about the spec, located by a JSON pointer into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// JSON pointer (RFC 6901) to the construct, e.g. `#/paths/~1pets/get`.
    pub pointer: String,
    /// 1-based line in the source text, when it could be found.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {} at {}", self.message, self.pointer)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// Collects diagnostics across a phase; the phase boundary decides whether
/// errors stop the pipeline.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), message.into());
    }

    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer.into(), message.into());
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String) {
        self.items.push(Diagnostic {
            severity,
            pointer,
            line: None,
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends escaped segments to a pointer.
pub fn join(pointer: &str, segments: &[&str]) -> String {
    let mut out = pointer.to_string();
    for s in segments {
        out.push('/');
        out.push_str(&escape_segment(s));
    }
    out
}
