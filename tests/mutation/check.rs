//! Runs the generator on one text and judges the result: `Ok` with files
//! that are sound Rust (see [`crate::rust`]), or diagnostics that are about the spec. A panic,
//! invalid Rust or a malformed failure is a problem, described in the `Err`.

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
    }
}

/// One run of the generator; `parsed` remembers files already known to parse.
pub fn check(text: &str, parsed: &mut HashSet<u64>) -> Result<Outcome, String> {
    install_hook();
    IN_CASE.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| judge(text, parsed)));
    IN_CASE.with(|c| c.set(false));
    result.unwrap_or_else(|_| {
        let message = LAST_PANIC.with(|p| p.borrow_mut().take());
        Err(format!("panic: {}", message.unwrap_or_default()))
    })
}

fn judge(text: &str, parsed: &mut HashSet<u64>) -> Result<Outcome, String> {
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
            if let Some(d) = diags.iter().find(|d| !d.pointer.starts_with('#')) {
                return Err(format!("diagnostic without a JSON pointer: {d}"));
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
            for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                let mut h = DefaultHasher::new();
                file.contents.hash(&mut h);
                if parsed.contains(&h.finish()) {
                    continue;
                }
                crate::rust::check(&file.path, &file.contents)?;
                parsed.insert(h.finish());
            }
            Ok(Outcome::Generated)
        }
    }
}
