//! The untyped report of `cargo xtask generate --report-untyped`: every
//! place a client holds any JSON value instead of a type of its own, first
//! those the document does give a type (each also a warning), then those it
//! leaves open, grouped by reason, each with its pointer and line.

use codegen::ir::Untyped;
use codegen::locate::Locator;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The report as text, ending in a newline.
pub fn report(spec_text: &str, places: &[Untyped]) -> String {
    let given = places.iter().filter(|u| u.given_type).count();
    let mut out = format!(
        "untyped: {} place(s) ({} the document leaves untyped, {given} it types)\n",
        places.len(),
        places.len() - given,
    );
    let locator = Locator::new(spec_text);
    for (given_type, heading) in [
        (
            true,
            "the document gives a type (a generator limit; each is also a warning)",
        ),
        (false, "the document gives no type"),
    ] {
        let mut by_reason: BTreeMap<&str, Vec<&Untyped>> = BTreeMap::new();
        for u in places.iter().filter(|u| u.given_type == given_type) {
            by_reason.entry(u.reason.as_str()).or_default().push(u);
        }
        if by_reason.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {heading}:");
        for (reason, list) in by_reason {
            let _ = writeln!(out, "    {reason}: {}", list.len());
            for u in list {
                match locator.line_of(&u.pointer) {
                    Some(line) => {
                        let _ = writeln!(out, "      {} (line {line})", u.pointer);
                    }
                    None => {
                        let _ = writeln!(out, "      {}", u.pointer);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(pointer: &str, reason: &str, given_type: bool) -> Untyped {
        Untyped {
            pointer: pointer.into(),
            reason: reason.into(),
            given_type,
        }
    }

    #[test]
    fn groups_by_whether_the_document_types_it_then_by_reason() {
        let text = "components:\n  schemas:\n    A: {}\n    B:\n      not: {}\n";
        let report = report(
            text,
            &[
                place("#/components/schemas/A", "no type given", false),
                place("#/components/schemas/B", "`not` has no Rust form", true),
            ],
        );
        assert_eq!(
            report,
            "untyped: 2 place(s) (1 the document leaves untyped, 1 it types)\n\
             \x20 the document gives a type (a generator limit; each is also a warning):\n\
             \x20   `not` has no Rust form: 1\n\
             \x20     #/components/schemas/B (line 4)\n\
             \x20 the document gives no type:\n\
             \x20   no type given: 1\n\
             \x20     #/components/schemas/A (line 3)\n"
        );
    }
}
