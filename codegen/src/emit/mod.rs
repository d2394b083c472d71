//! Emission: the IR becomes one token stream (or text) per output file.

mod client;
mod crate_files;
pub mod docs;
mod flows;
mod headers;
mod operations;
mod pagination;
mod types;
pub(crate) mod tyref;
mod validation;

use crate::ir::Api;
use crate::Settings;
pub(crate) use crate_files::toml_string;
use proc_macro2::TokenStream;

/// One file before formatting.
pub enum Emitted {
    /// Rust code, printed by prettyplease.
    Rust { path: String, tokens: TokenStream },
    /// Text kept as written; `comment` starts the header's lines.
    Verbatim {
        path: String,
        contents: String,
        comment: &'static str,
    },
}

/// `(path in the crate, contents)` of one runtime file.
macro_rules! runtime_file {
    ($name:literal) => {
        (
            concat!("src/runtime/", $name, ".rs"),
            include_str!(concat!("../../runtime/", $name, ".rs")),
        )
    };
}

/// The runtime support files, copied into every crate as written.
const RUNTIME: &[(&str, &str)] = &[
    runtime_file!("mod"),
    runtime_file!("client"),
    runtime_file!("error"),
    runtime_file!("multipart"),
    runtime_file!("paginate"),
    runtime_file!("progress"),
    runtime_file!("request"),
    runtime_file!("response"),
    runtime_file!("retry"),
    runtime_file!("serde_helpers"),
    runtime_file!("sniff"),
    runtime_file!("upload"),
    runtime_file!("validate"),
];

/// Every file of the crate, in a fixed order.
pub fn emit(api: &Api, settings: &Settings) -> Vec<Emitted> {
    let validated = validation::Validated::of(api);
    let mut out = vec![
        Emitted::Verbatim {
            path: "Cargo.toml".into(),
            contents: crate_files::cargo_toml(api),
            comment: "#",
        },
        Emitted::Rust {
            path: "src/lib.rs".into(),
            tokens: crate_files::lib_rs(api, settings),
        },
        Emitted::Rust {
            path: "src/client.rs".into(),
            tokens: client::client_rs(api),
        },
        Emitted::Rust {
            path: "src/operations.rs".into(),
            tokens: operations::operations_rs(api, &validated),
        },
        Emitted::Rust {
            path: "src/types.rs".into(),
            tokens: types::types_rs(api, &validated),
        },
    ];
    for (path, contents) in RUNTIME {
        out.push(Emitted::Verbatim {
            path: path.to_string(),
            contents: contents.to_string(),
            comment: "//",
        });
    }
    out
}
