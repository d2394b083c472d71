//! The names of operations and upload flows, claimed before any type is
//! named: their method names, and the prefixes of their own types
//! (`CreateUpload` → `CreateUploadError`, …); spec types leave every
//! operation's and flow's `…Error` to it (see [`crate::names`]).

use crate::diag::join;
use crate::names::{pascal_case, snake_case, Owner, UniqueNames};
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::BTreeMap;

/// A method name and a type prefix.
#[derive(Debug, Clone)]
pub struct Named {
    pub rust_name: String,
    pub type_prefix: String,
}

/// Every operation's and upload flow's names, keyed by the operation's pointer.
pub struct OperationNames {
    /// Method names of `Client`; pagination claims more later.
    pub methods: UniqueNames,
    pub prefixes: UniqueNames,
    operations: BTreeMap<String, Named>,
    flows: BTreeMap<String, Named>,
}

/// Methods of `Client` that no operation may be named after.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "http_client",
    "send",
    "clone",
    "fmt",
];

impl OperationNames {
    /// Claims the names of every operation in document order, then those of
    /// every upload flow (`x-upload-flow`'s `name`), in the same order.
    pub fn claim(spec: &OpenAPI) -> Self {
        let mut methods = UniqueNames::with_reserved(CLIENT_METHODS);
        let mut prefixes = UniqueNames::new();
        let mut operations = BTreeMap::new();
        let mut flow_names = Vec::new();
        for (path, item) in &spec.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let item_ptr = join("#/paths", &[path]);
            for (method, op) in item.iter() {
                let pointer = join(&item_ptr, &[method]);
                let base = match &op.operation_id {
                    Some(id) => snake_case(id),
                    None => snake_case(&format!("{method} {path}")),
                };
                let rust_name = methods.claim(&base);
                let type_prefix = prefixes.claim(&pascal_case(&rust_name));
                let flow = op
                    .extensions
                    .get("x-upload-flow")
                    .and_then(|v| v.get("name"))
                    .and_then(|v| v.as_str());
                if let Some(name) = flow {
                    flow_names.push((pointer.clone(), name.to_string()));
                }
                operations.insert(
                    pointer,
                    Named {
                        rust_name,
                        type_prefix,
                    },
                );
            }
        }
        let mut flows = BTreeMap::new();
        for (pointer, name) in flow_names {
            let named = Named {
                rust_name: methods.claim(&snake_case(&name)),
                type_prefix: prefixes.claim(&pascal_case(&name)),
            };
            flows.insert(pointer, named);
        }
        Self {
            methods,
            prefixes,
            operations,
            flows,
        }
    }

    /// The names of the operation at `pointer`; claimed now if it was not
    /// seen when the names were claimed.
    pub fn operation(&mut self, pointer: &str, base: &str) -> Named {
        if let Some(named) = self.operations.get(pointer) {
            return named.clone();
        }
        let rust_name = self.methods.claim(base);
        let type_prefix = self.prefixes.claim(&pascal_case(&rust_name));
        Named {
            rust_name,
            type_prefix,
        }
    }

    /// The names of the upload flow that the operation at `pointer` starts.
    pub fn flow(&self, pointer: &str) -> Option<&Named> {
        self.flows.get(pointer)
    }

    /// The type names every operation and flow has: its `…Error`.
    pub fn type_names(&self) -> BTreeMap<String, Owner> {
        let mut out = BTreeMap::new();
        for named in self.operations.values() {
            out.insert(format!("{}Error", named.type_prefix), Owner::Operations);
        }
        for named in self.flows.values() {
            out.insert(format!("{}Error", named.type_prefix), Owner::Operations);
        }
        out
    }
}
