//! AutoRest's `x-ms-paths`: paths told apart by a query string (which a
//! `paths` key cannot hold), merged into `paths` without it. An operation
//! whose path and method are already there is skipped with a warning; the
//! first one stays.

use super::operation::path_item;
use super::Context;
use crate::diag::join;
use serde_json::{Map, Value};

/// Merges the `x-ms-paths` map `ms` into the converted document's `paths`.
pub fn merge(out: &mut Map<String, Value>, ms: Value, cx: &mut Context) {
    let Value::Object(ms) = ms else {
        cx.diags
            .warning("#/x-ms-paths", "`x-ms-paths` is not a map; ignored");
        return;
    };
    let paths = out
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(paths) = paths else {
        return;
    };
    for (key, item) in ms {
        let at = join("#/x-ms-paths", &[&key]);
        let path = key.split('?').next().unwrap_or(&key).to_string();
        let converted = join("#/paths", &[&path]);
        match (paths.get_mut(&path), item) {
            (None, item) => {
                cx.origins.record(converted.clone(), at.clone());
                paths.insert(path, path_item(item, &converted, &at, cx));
            }
            // Operations join those of the path; parameters of the whole
            // item would change the ones already there, so such an item
            // does not join.
            (Some(Value::Object(existing)), Value::Object(mut item))
                if !item.contains_key("parameters") =>
            {
                item.retain(|method, _| {
                    let taken = existing.contains_key(method);
                    if taken {
                        cx.diags.warning(
                            join(&at, &[method]),
                            format!("`{method} {path}` is already defined; this one is skipped"),
                        );
                    }
                    !taken
                });
                if let Value::Object(item) = path_item(Value::Object(item), &converted, &at, cx) {
                    existing.extend(item);
                }
            }
            _ => cx.diags.warning(
                at,
                format!("path `{path}` is already defined; this one is skipped"),
            ),
        }
    }
}
