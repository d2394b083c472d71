//! Page streams of cursor-paged operations: beside the operation's own
//! method, one method streaming its pages and one streaming the items of
//! every page, both built on `runtime::pages`.

use super::docs::lines_to_attrs;
use super::operations::{error_enum_name, params_struct_name, success_type};
use super::tyref::{arg_type_for, ident, rust_type};
use crate::ir::{FieldStep, Operation, Pagination, ParamLocation};
use proc_macro2::TokenStream;
use quote::quote;

/// The stream methods of a paged operation; nothing for any other.
pub fn stream_methods(op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return quote!();
    };
    let op_fn = ident(&op.rust_name);
    let pages_fn = ident(&p.pages_method);
    let items_fn = ident(&p.items_method);
    let page = success_type(op);
    let error = error_enum_name(op);
    let params_ty = params_struct_name(op);
    let item = rust_type(&p.item_type);
    let cursor = ident(&p.cursor_field);
    let next = next_cursor(p);
    let items = match take(&p.items) {
        Access::Place(e) => e,
        Access::Maybe(e) => quote!(#e.unwrap_or_default()),
    };

    // Path parameters come first, as in the operation's method; the stream keeps them.
    let lifetime = quote!('a);
    let (names, types): (Vec<_>, Vec<_>) = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| (ident(&p.rust_name), arg_type_for(&p.ty, &lifetime)))
        .unzip();
    let args = quote!(#(#names: #types,)* params: &#params_ty);
    let deprecated = op.deprecated.then(|| {
        quote! {
            #[deprecated = "deprecated in the spec"]
            #[allow(deprecated)]
        }
    });
    let (pages_docs, items_docs) = docs(op, p);
    quote! {
        #pages_docs
        #deprecated
        pub fn #pages_fn<'a>(&'a self, #args) -> crate::runtime::Paginated<'a, crate::runtime::ResponseValue<#page>, #error> {
            crate::runtime::pages(
                ::std::clone::Clone::clone(params),
                |params: &mut #params_ty| &mut params.#cursor,
                |page: &#page| #next,
                move |params| async move { self.#op_fn(#(#names,)* &params).await },
            )
        }

        #items_docs
        #deprecated
        pub fn #items_fn<'a>(&'a self, #args) -> crate::runtime::Paginated<'a, #item, #error> {
            crate::runtime::items(self.#pages_fn(#(#names,)* params), |page: #page| #items)
        }
    }
}

/// A value reached from `page`: surely there (a place), or an `Option` of it.
enum Access {
    Place(TokenStream),
    Maybe(TokenStream),
}

/// The next cursor of `page: &Page`, as an `Option` of an owned value.
fn next_cursor(p: &Pagination) -> TokenStream {
    let found = match borrow(&p.next_cursor) {
        Access::Place(e) => quote!(::std::option::Option::Some(#e.clone())),
        Access::Maybe(e) => quote!(#e.cloned()),
    };
    if p.cursor_is_string {
        quote!(#found.filter(|cursor| !cursor.is_empty()))
    } else {
        found
    }
}

/// Borrows along `steps` from `page`; an `Option` becomes `Option<&_>`.
fn borrow(steps: &[FieldStep]) -> Access {
    steps.iter().fold(Access::Place(quote!(page)), |at, step| {
        let f = ident(&step.rust_name);
        let (reached, more) = match (at, step.options) {
            (Access::Place(e), 0) => return Access::Place(quote!(#e.#f)),
            (Access::Maybe(e), 0) => return Access::Maybe(quote!(#e.map(|v| &v.#f))),
            (Access::Place(e), n) => (quote!(#e.#f.as_ref()), n - 1),
            (Access::Maybe(e), n) => (quote!(#e.and_then(|v| v.#f.as_ref())), n - 1),
        };
        let flatten = (0..more).map(|_| quote!(.and_then(::std::option::Option::as_ref)));
        Access::Maybe(quote!(#reached #(#flatten)*))
    })
}

/// Moves along `steps` out of `page: Page`.
fn take(steps: &[FieldStep]) -> Access {
    steps.iter().fold(Access::Place(quote!(page)), |at, step| {
        let f = ident(&step.rust_name);
        let flatten = (1..step.options).map(|_| quote!(.flatten()));
        match (at, step.options) {
            (Access::Place(e), 0) => Access::Place(quote!(#e.#f)),
            (Access::Maybe(e), 0) => Access::Maybe(quote!(#e.map(|v| v.#f))),
            (Access::Place(e), _) => Access::Maybe(quote!(#e.#f #(#flatten)*)),
            (Access::Maybe(e), _) => Access::Maybe(quote!(#e.and_then(|v| v.#f) #(#flatten)*)),
        }
    })
}

/// A path as the spec writes it (`pagination.nextCursor`).
fn wire_path(steps: &[FieldStep]) -> String {
    let names: Vec<&str> = steps.iter().map(|s| s.wire_name.as_str()).collect();
    names.join(".")
}

/// Docs of the pages method and of the items method.
fn docs(op: &Operation, p: &Pagination) -> (TokenStream, TokenStream) {
    let label = op.label();
    let (op_fn, pages_fn, items_fn) = (&op.rust_name, &p.pages_method, &p.items_method);
    let next = wire_path(&p.next_cursor);
    let cursor = &p.cursor_wire_name;
    let may_lack = p.next_cursor.iter().any(|s| s.options > 0);
    let last = match (may_lack, p.cursor_is_string) {
        (true, true) => "absent, null or empty",
        (true, false) => "absent or null",
        (false, true) => "empty",
        (false, false) => "",
    };
    let last = if last.is_empty() {
        String::new()
    } else {
        format!(" after a page whose `{next}` is {last},")
    };
    let pages = [
        format!("Every page of `{label}`, as a stream that requests each page as it is read."),
        String::new(),
        format!(
            "The first request is the one `params` describes; each next one sets `{cursor}` to \
             the `{next}` of the page before. The stream ends{last} after an error (its last \
             item), or after a page naming a cursor that was already sent (instead of \
             requesting the same pages forever)."
        ),
        String::new(),
        format!(
            "Each page is what [`{op_fn}`](Self::{op_fn}) returns; \
             [`{items_fn}`](Self::{items_fn}) streams the items instead."
        ),
    ];
    let items = [
        format!(
            "Every item of every page of `{label}` (each page's `{}`), as a stream that \
             requests the pages as it is read.",
            wire_path(&p.items)
        ),
        String::new(),
        format!(
            "Pages follow one another as in [`{pages_fn}`](Self::{pages_fn}); an error is the \
             stream's last item."
        ),
    ];
    (lines_to_attrs(&pages), lines_to_attrs(&items))
}
