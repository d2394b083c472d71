//! Emission: the IR becomes one token stream (or text) per output file.

mod builders;
mod cfg;
mod client;
mod crate_files;
pub use crate_files::declared_features;
pub mod docs;
mod examples;
mod flows;
mod headers;
mod mock;
mod operations;
mod pagination;
mod types;
pub(crate) mod tyref;
mod validation;

use crate::ir::Api;
use crate::Settings;
pub(crate) use crate_files::{toml_string, REQWEST_VERSION};
use proc_macro2::TokenStream;
use std::ops::Range;

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

/// A part of a Rust file that can be built on its own, so that the parts
/// of a large crate can be built and printed on several threads. The parts
/// of one file, printed in order and joined, are the file.
#[derive(Debug, Clone)]
pub enum Piece {
    Lib,
    Client,
    Operations,
    Mock,
    /// `api.types[range]`; the first part opens the file, the last closes it.
    Types {
        range: Range<usize>,
        last: bool,
    },
}

/// How many types a part of `types.rs` holds at most: enough that each part
/// costs far more than the thread hand-off, few enough to balance the threads.
const TYPES_PER_PIECE: usize = 256;

/// Builds a crate's Rust files, part by part.
pub struct Emitter<'a> {
    api: &'a Api,
    settings: &'a Settings,
    validated: validation::Validated,
}

impl<'a> Emitter<'a> {
    pub fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Self {
            api,
            settings,
            validated: validation::Validated::of(api),
        }
    }

    /// Every part of every Rust file, in file order: `(path, part)`.
    pub fn plan(&self) -> Vec<(&'static str, Piece)> {
        let mut plan = vec![
            ("src/lib.rs", Piece::Lib),
            ("src/client.rs", Piece::Client),
            ("src/operations.rs", Piece::Operations),
            ("src/mock.rs", Piece::Mock),
        ];
        let n = self.api.types.len();
        let mut start = 0;
        loop {
            let end = (start + TYPES_PER_PIECE).min(n);
            plan.push((
                "src/types.rs",
                Piece::Types {
                    range: start..end,
                    last: end == n,
                },
            ));
            if end == n {
                return plan;
            }
            start = end;
        }
    }

    /// The tokens of one part.
    pub fn piece(&self, piece: &Piece) -> TokenStream {
        match piece {
            Piece::Lib => crate_files::lib_rs(self.api, self.settings),
            Piece::Client => client::client_rs(self.api),
            Piece::Operations => operations::operations_rs(self.api, &self.validated),
            Piece::Mock => mock::mock_rs(self.api, &self.validated),
            Piece::Types { range, last } => {
                types::types_rs(self.api, &self.validated, range.clone(), *last)
            }
        }
    }

    /// The one file that is not Rust built from tokens: the manifest.
    pub fn manifest(&self) -> Emitted {
        Emitted::Verbatim {
            path: "Cargo.toml".into(),
            contents: crate_files::cargo_toml(self.api, self.settings),
            comment: "#",
        }
    }
}
