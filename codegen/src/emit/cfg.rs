//! `#[cfg(feature = …)]` gates: which cargo features make an item compile.

use crate::ir::{Api, Operation};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// `#[cfg(feature = "a")]`, or `#[cfg(any(…))]` for several; nothing for none.
pub fn any_of(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `#[cfg(all(…))]`: compiled only when every one of `features` is on.
pub fn all_of(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(all(#(feature = #many),*))]),
    }
}

/// The docs of a field or variant that only some features compile: which,
/// naming at most four, and what happens to its value without them (`absent`).
pub fn member_note(features: &[String], absent: &str) -> Option<String> {
    const NAMED: usize = 4;
    if features.is_empty() {
        return None;
    }
    let mut names: Vec<String> = features
        .iter()
        .take(NAMED)
        .map(|f| format!("`{f}`"))
        .collect();
    if features.len() > NAMED {
        names.push(format!("{} more", features.len() - NAMED));
    }
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("one of the features {}, {last}", rest.join(", "))
        }
        _ => format!("the feature {}", names.concat()),
    };
    Some(format!(
        "Only with {list} (whose operations use its type); without, {absent}."
    ))
}

/// The gate of an operation's own items: its method and its parameter and success types.
pub fn of_operation(op: &Operation) -> TokenStream {
    any_of(op.feature.as_slice())
}

/// The gate of an operation's error enum, which the operations sharing it
/// (`shares_errors_with`) name too.
pub fn of_error_enum(api: &Api, op: &Operation) -> TokenStream {
    of_shared(op, api.sharing_errors_of(op))
}

/// The gate of an operation's parameters struct, which the operations
/// sharing it (`shares_params_with`) name too.
pub fn of_params_struct(api: &Api, op: &Operation) -> TokenStream {
    of_shared(op, api.sharing_params_of(op))
}

/// Any feature of an operation or of those naming its type by an alias.
fn of_shared<'a>(op: &'a Operation, sharing: impl Iterator<Item = &'a Operation>) -> TokenStream {
    let features: BTreeSet<&String> = op
        .feature
        .iter()
        .chain(sharing.flat_map(|other| other.feature.iter()))
        .collect();
    let features: Vec<String> = features.into_iter().cloned().collect();
    any_of(&features)
}

/// The gate of code any operation calls: any feature of an area.
pub fn of_any_operation(api: &Api) -> TokenStream {
    let names: Vec<String> = api
        .features
        .iter()
        .filter(|f| !f.unused_types)
        .map(|f| f.name.clone())
        .collect();
    any_of(&names)
}

/// `items` (Rust items), each with `gate` before it.
pub fn gate_items(gate: &TokenStream, items: TokenStream) -> TokenStream {
    if gate.is_empty() {
        return items;
    }
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items.iter().map(|item| quote!(#gate #item));
            quote!(#(#items)*)
        }
        // Only our own code is parsed here; should it not parse, the
        // compiler will say why, so the item is left as it was.
        Err(_) => items,
    }
}

/// Associated items (methods of an `impl`), each with `gate` before it.
pub fn gate_methods(gate: &TokenStream, methods: TokenStream) -> TokenStream {
    if gate.is_empty() {
        return methods;
    }
    match syn::parse2::<syn::ItemImpl>(quote!(impl X { #methods })) {
        Ok(block) => {
            let items = block.items.iter().map(|item| quote!(#gate #item));
            quote!(#(#items)*)
        }
        Err(_) => methods,
    }
}
