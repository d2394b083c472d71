//! An upload progress line on stderr, fed by a client's progress callback.

use std::io::Write;
use std::sync::{Arc, Mutex};

/// A line such as `uploaded 1.2 MiB / 4.0 MiB (30%)` on stderr, redrawn in
/// place (with `\r`) as an upload goes on. Clones draw the same line.
///
/// Hand [`ProgressLine::callback`] to `with_progress`, and call
/// [`ProgressLine::finish`] when the call returns, so what is printed next
/// starts on a line of its own.
#[derive(Clone, Default)]
pub struct ProgressLine {
    /// The text last drawn, if the line is still open.
    drawn: Arc<Mutex<Option<String>>>,
}

impl ProgressLine {
    /// A callback for `with_progress` that redraws this line.
    pub fn callback(&self) -> impl Fn(u64, Option<u64>) + Send + Sync + 'static {
        let line = self.clone();
        move |sent, total| line.update(sent, total)
    }

    /// Redraws the line for `sent` bytes of `total`, when its text changed.
    pub fn update(&self, sent: u64, total: Option<u64>) {
        let text = describe(sent, total);
        let mut drawn = self.drawn.lock().unwrap_or_else(|e| e.into_inner());
        if drawn.as_deref() != Some(text.as_str()) {
            let mut err = std::io::stderr().lock();
            // A progress line is a nicety: a closed stderr must not fail the upload.
            let _ = write!(err, "\r{text}").and_then(|()| err.flush());
            *drawn = Some(text);
        }
    }

    /// Ends the line, if one was drawn.
    pub fn finish(&self) {
        let mut drawn = self.drawn.lock().unwrap_or_else(|e| e.into_inner());
        if drawn.take().is_some() {
            eprintln!();
        }
    }
}

/// `uploaded 1.2 MiB / 4.0 MiB (30%)`, or `uploaded 1.2 MiB` when the total
/// is unknown. The percentage is rounded down, so 100% means done.
fn describe(sent: u64, total: Option<u64>) -> String {
    match total {
        Some(total) => {
            let percent = (sent.min(total) * 100).checked_div(total).unwrap_or(100);
            format!("uploaded {} / {} ({percent}%)", size(sent), size(total))
        }
        None => format!("uploaded {}", size(sent)),
    }
}

/// A byte count in B, KiB, MiB or GiB, with one decimal above bytes.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn describes_sizes_and_percentages() {
        assert_eq!(
            describe(1_258_292, Some(4 * 1024 * 1024)),
            "uploaded 1.2 MiB / 4.0 MiB (30%)"
        );
        assert_eq!(describe(0, Some(500)), "uploaded 0 B / 500 B (0%)");
        assert_eq!(
            describe(2048, Some(2048)),
            "uploaded 2.0 KiB / 2.0 KiB (100%)"
        );
        assert_eq!(describe(0, Some(0)), "uploaded 0 B / 0 B (100%)");
        assert_eq!(describe(3 * 1024 * 1024 * 1024, None), "uploaded 3.0 GiB");
    }
}
