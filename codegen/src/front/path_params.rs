//! Path template variables that no parameter declares: `/things/{id}` with no
//! `id` path parameter at the path item or the operation. The intent is
//! clear, the URL needs a value there, so each such variable becomes a
//! required `string` path parameter of the operations that lack it, with a
//! located warning.
//!
//! Runs on the raw document once it fits the model, so lowering and
//! validation see an ordinary declared parameter.

use crate::diag::{join, Diagnostics};
use crate::front::METHODS;
use crate::path::PathTemplate;
use serde_json::{json, Value};

/// How many `$ref` hops are followed to reach a parameter.
const MAX_HOPS: usize = 16;

/// Operations lacking a declaration for a variable of their path.
struct Missing {
    path: String,
    variable: String,
    methods: Vec<&'static str>,
    /// How many operations the path item has.
    of: usize,
}

/// Declares every undeclared path template variable; says whether any was.
pub fn declare(raw: &mut Value, diags: &mut Diagnostics) -> bool {
    let missing = find(raw);
    for m in &missing {
        let item_ptr = join("#/paths", &[&m.path]);
        let message = format!(
            "path template variable `{{{}}}` is declared by no parameter; taken as a required string path parameter",
            m.variable
        );
        if m.methods.len() == m.of {
            diags.warning(&item_ptr, message);
        } else {
            for method in &m.methods {
                diags.warning(join(&item_ptr, &[method]), message.clone());
            }
        }
        for method in &m.methods {
            add(raw, &m.path, method, &m.variable);
        }
    }
    !missing.is_empty()
}

/// Every variable, per path, that some operation of the path does not declare.
fn find(raw: &Value) -> Vec<Missing> {
    let mut out = Vec::new();
    let Some(Value::Object(paths)) = raw.get("paths") else {
        return out;
    };
    for (path, item) in paths {
        let Value::Object(item) = item else {
            continue;
        };
        if item.contains_key("$ref") {
            continue;
        }
        let Ok(template) = PathTemplate::parse(path) else {
            continue;
        };
        let operations: Vec<(&'static str, &Value)> = METHODS
            .iter()
            .filter_map(|m| Some((*m, item.get(*m).filter(|o| o.is_object())?)))
            .collect();
        for variable in template.params() {
            if declares(raw, item.get("parameters"), variable) {
                continue;
            }
            let methods: Vec<&'static str> = operations
                .iter()
                .filter(|(_, op)| !declares(raw, op.get("parameters"), variable))
                .map(|(m, _)| *m)
                .collect();
            if !methods.is_empty() {
                out.push(Missing {
                    path: path.clone(),
                    variable: variable.to_string(),
                    methods,
                    of: operations.len(),
                });
            }
        }
    }
    out
}

/// Whether a `parameters` list holds a path parameter named `name`.
fn declares(raw: &Value, parameters: Option<&Value>, name: &str) -> bool {
    let Some(Value::Array(parameters)) = parameters else {
        return false;
    };
    parameters.iter().any(|p| {
        let p = follow(raw, p);
        p.get("in").and_then(Value::as_str) == Some("path")
            && p.get("name").and_then(Value::as_str) == Some(name)
    })
}

/// The parameter a value stands for, through local `$ref`s (itself when
/// there is none, or when one cannot be followed).
fn follow<'a>(raw: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..MAX_HOPS {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match crate::validate::resolve_pointer(raw, target) {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// Appends a required string path parameter to one operation.
fn add(raw: &mut Value, path: &str, method: &str, variable: &str) {
    let Some(Value::Object(op)) = raw
        .get_mut("paths")
        .and_then(|p| p.get_mut(path))
        .and_then(|i| i.get_mut(method))
    else {
        return;
    };
    let parameters = op
        .entry("parameters")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = parameters {
        list.push(json!({
            "name": variable,
            "in": "path",
            "required": true,
            "schema": { "type": "string" },
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mut raw: Value) -> (Value, Vec<(String, String)>) {
        let mut diags = Diagnostics::default();
        declare(&mut raw, &mut diags);
        let found = diags
            .into_vec()
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect();
        (raw, found)
    }

    fn id_param() -> Value {
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}})
    }

    #[test]
    fn an_undeclared_variable_is_added_to_each_operation() {
        let (raw, found) = run(json!({"paths": {"/a/{id}": {
            "get": {"responses": {}},
            "delete": {"parameters": [{"name": "q", "in": "query"}], "responses": {}},
        }}}));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "#/paths/~1a~1{id}");
        let added =
            json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}});
        assert_eq!(raw["paths"]["/a/{id}"]["get"]["parameters"], json!([added]));
        assert_eq!(raw["paths"]["/a/{id}"]["delete"]["parameters"][1], added);
    }

    #[test]
    fn declarations_at_the_path_item_or_through_a_ref_count() {
        let raw = json!({
            "paths": {
                "/a/{id}": {"parameters": [id_param()], "get": {"responses": {}}},
                "/b/{id}": {"get": {"parameters": [{"$ref": "#/components/parameters/Id"}], "responses": {}}},
            },
            "components": {"parameters": {"Id": id_param()}},
        });
        let (after, found) = run(raw.clone());
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(after, raw);
    }

    #[test]
    fn only_the_operations_that_lack_it_are_named() {
        let (raw, found) = run(json!({"paths": {"/a/{id}": {
            "get": {"parameters": [id_param()], "responses": {}},
            "put": {"parameters": [{"name": "id", "in": "query"}], "responses": {}},
        }}}));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "#/paths/~1a~1{id}/put");
        assert_eq!(
            raw["paths"]["/a/{id}"]["get"]["parameters"],
            json!([id_param()])
        );
        assert_eq!(
            raw["paths"]["/a/{id}"]["put"]["parameters"][1]["in"],
            "path"
        );
    }
}
