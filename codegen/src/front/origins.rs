//! Origins: where the parts of an upgraded document were in the document as
//! written. An upgrade moves things (2.0 `definitions` become
//! `components.schemas`, a body parameter becomes a `requestBody`); the
//! diagnostics of later phases name places in the upgraded document, and are
//! relocated through this map so that every pointer names the text.

use crate::diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;

/// Pointers in the upgraded document, each mapped to the pointer of the
/// same part in the document as written. A pointer below a recorded one
/// moved with it.
#[derive(Debug, Default)]
pub struct Origins {
    moved: BTreeMap<String, String>,
}

impl Origins {
    /// Records that `converted` was written at `original`.
    pub fn record(&mut self, converted: String, original: String) {
        if converted != original {
            self.moved.insert(converted, original);
        }
    }

    /// The pointer in the document as written of `pointer` in the upgraded
    /// one, if it moved: the longest recorded prefix, replaced.
    pub fn original(&self, pointer: &str) -> Option<String> {
        if self.moved.is_empty() {
            return None;
        }
        let mut prefix = pointer;
        loop {
            if let Some(original) = self.moved.get(prefix) {
                return Some(format!("{original}{}", &pointer[prefix.len()..]));
            }
            prefix = &prefix[..prefix.rfind('/')?];
        }
    }

    /// Points one diagnostic at the document as written.
    pub fn relocate_one(&self, d: &mut Diagnostic) {
        if let Some(original) = self.original(&d.pointer) {
            d.pointer = original;
        }
    }

    /// Points every diagnostic at the document as written.
    pub fn relocate(&self, diags: &mut Diagnostics) {
        if !self.moved.is_empty() {
            diags.iter_mut().for_each(|d| self.relocate_one(d));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_recorded_prefix_is_replaced() {
        let mut o = Origins::default();
        o.record("#/components/schemas".into(), "#/definitions".into());
        o.record("#/p/parameters/0".into(), "#/p/parameters/2".into());
        o.record("#/p/parameters/0/schema".into(), "#/p/parameters/2".into());
        o.record("#/same".into(), "#/same".into());
        assert_eq!(
            o.original("#/components/schemas/Pet/properties/id")
                .as_deref(),
            Some("#/definitions/Pet/properties/id")
        );
        assert_eq!(
            o.original("#/p/parameters/0/schema/items").as_deref(),
            Some("#/p/parameters/2/items")
        );
        assert_eq!(
            o.original("#/p/parameters/0").as_deref(),
            Some("#/p/parameters/2")
        );
        assert_eq!(o.original("#/p/parameters/01"), None);
        assert_eq!(o.original("#/components"), None);
        assert_eq!(o.original("#/same/x"), None);
        assert_eq!(o.original("#"), None);
    }
}
