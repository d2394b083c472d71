//! Runs the generator on one text and judges the result: `Ok` with files
//! that are sound Rust (see [`crate::rust`]), the same on a second run, or
//! diagnostics about the spec, each with a pointer and a line in the text.
//! A panic, invalid Rust or a malformed failure is a problem, described in
//! the `Err`.

use codegen::Severity;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

pub enum Outcome {
    Generated,
    /// Refused, with the first error's message.
    Refused(String),
}

thread_local! {
    static IN_CASE: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Records panics inside a case quietly (they are reported with the case);
/// any other panic goes to the hook that was there before.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if IN_CASE.with(Cell::get) {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into());
                let at = info.location().map(|l| l.to_string()).unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message} at {at}")));
            } else {
                previous(info);
            }
        }));
    });
}

fn settings() -> codegen::Settings {
    codegen::Settings {
        crate_name: "mutant".into(),
        source: "mutant.yaml".into(),
        command: "test".into(),
        deny_warnings: true,
        runtime: api_tests::RUNTIME.into(),
    }
}

/// One run of the generator (two when `twice`, to compare them); `parsed`
/// remembers files already known to be sound.
pub fn check(text: &str, twice: bool, parsed: &mut HashSet<u64>) -> Result<Outcome, String> {
    install_hook();
    IN_CASE.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| judge(text, twice, parsed)));
    IN_CASE.with(|c| c.set(false));
    result.unwrap_or_else(|_| {
        let message = LAST_PANIC.with(|p| p.borrow_mut().take());
        Err(format!("panic: {}", message.unwrap_or_default()))
    })
}

/// A diagnostic's pointer and line that cannot be right.
fn misplaced(d: &codegen::Diagnostic, text: &str) -> Option<String> {
    let lines = text.lines().count() + 1;
    let bad = !d.pointer.starts_with('#') || d.line.is_some_and(|l| l == 0 || l > lines);
    bad.then(|| format!("diagnostic misplaced ({lines} lines): {d}"))
}

fn judge(text: &str, twice: bool, parsed: &mut HashSet<u64>) -> Result<Outcome, String> {
    match codegen::generate(text, &settings()) {
        Err(failure) => {
            let diags = &failure.diagnostics;
            if let Some(d) = diags
                .iter()
                .find(|d| d.message.starts_with("internal error"))
            {
                return Err(format!("invalid Rust: {d}"));
            }
            if !diags.iter().any(|d| d.severity == Severity::Error) {
                return Err(format!("refused without an error diagnostic: {diags:?}"));
            }
            if let Some(wrong) = diags.iter().find_map(|d| misplaced(d, text)) {
                return Err(wrong);
            }
            let first = diags.iter().find(|d| d.severity == Severity::Error);
            Ok(Outcome::Refused(
                first.map(|d| d.message.clone()).unwrap_or_default(),
            ))
        }
        Ok(generated) => {
            if let Some(d) = generated
                .warnings
                .iter()
                .find(|d| d.severity != Severity::Warning)
            {
                return Err(format!("generated despite an error: {d}"));
            }
            if let Some(wrong) = generated.warnings.iter().find_map(|d| misplaced(d, text)) {
                return Err(wrong);
            }
            sound(&generated.files, parsed)?;
            if twice {
                let again = codegen::generate(text, &settings())
                    .map_err(|f| format!("refused on a second run: {f}"))?;
                if again.files != generated.files {
                    return Err("a second run gave other files".into());
                }
            }
            // The conformance driver is generated from the same spec text.
            match codegen::conformance::driver(text, &settings(), "../client") {
                Ok(files) => sound(&files, parsed)?,
                Err(failure) => {
                    return Err(format!(
                        "the driver was refused where the client was not: {failure}"
                    ))
                }
            }
            Ok(Outcome::Generated)
        }
    }
}

/// Every Rust file passes [`crate::rust::check`]; `parsed` skips files seen before.
fn sound(files: &[codegen::OutputFile], parsed: &mut HashSet<u64>) -> Result<(), String> {
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        let mut h = DefaultHasher::new();
        file.contents.hash(&mut h);
        let hash = h.finish();
        if !parsed.contains(&hash) {
            crate::rust::check(&file.path, &file.contents)?;
            parsed.insert(hash);
        }
    }
    Ok(())
}
