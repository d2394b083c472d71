//! Page streams of paged operations: beside the operation's own method, one
//! method streaming its pages and one streaming the items of every page,
//! built on `runtime::pages` (cursors) or `runtime::linked_pages` (next
//! links, with a private method fetching one page by its link).

use super::builders::allow_many_arguments;
use super::docs::lines_to_attrs;
use super::operations::{
    accept, error_enum_name, has_params_struct, params_struct_name, receive, security_arg,
    success_type,
};
use super::tyref::{arg_type_for, ident, rust_type};
use crate::ir::{FieldStep, Operation, PageLink, Pagination, ParamLocation};
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
    let (params_arg, params_passed) = if has_params_struct(op) {
        (quote!(params: &#params_ty), quote!(params))
    } else {
        (quote!(), quote!())
    };
    let args = quote!(#(#names: #types,)* #params_arg);
    let allow = allow_many_arguments(1 + names.len() + usize::from(has_params_struct(op)));
    let deprecated = op.deprecated.then(|| {
        quote! {
            #[deprecated = "deprecated in the spec"]
            #[allow(deprecated)]
        }
    });
    let (pages_docs, items_docs) = docs(op, p);
    let (pages, fetch_next) = match &p.link {
        PageLink::Cursor {
            cursor_field,
            next_cursor,
            cursor_is_string,
            ..
        } => {
            let cursor = ident(cursor_field);
            let next = cursor_of(next_cursor, *cursor_is_string);
            let pages = quote! {
                crate::runtime::pages(
                    ::std::clone::Clone::clone(params),
                    |params: &mut #params_ty| &mut params.#cursor,
                    |page: &#page| #next,
                    move |params| async move { self.#op_fn(#(#names,)* &params).await },
                )
            };
            (pages, quote!())
        }
        PageLink::NextLink {
            next_link,
            fetch_method,
        } => {
            let fetch_fn = ident(fetch_method);
            let next = match borrow(next_link) {
                Access::Place(e) => {
                    quote!(::std::option::Option::Some(::std::string::ToString::to_string(&#e)))
                }
                Access::Maybe(e) => quote!(#e.map(::std::string::ToString::to_string)),
            };
            let (keep, pass) = if has_params_struct(op) {
                (
                    quote!(let params = ::std::clone::Clone::clone(params);),
                    quote!(&params),
                )
            } else {
                (quote!(), quote!())
            };
            let clone = (!keep.is_empty())
                .then(|| quote!(let params = ::std::clone::Clone::clone(&params);));
            let pages = quote! {
                #keep
                crate::runtime::linked_pages(
                    self.base_url(),
                    |page: &#page| #next,
                    move |link| {
                        #clone
                        async move {
                            match link {
                                ::std::option::Option::Some(url) => self.#fetch_fn(url).await,
                                ::std::option::Option::None => self.#op_fn(#(#names,)* #pass).await,
                            }
                        }
                    },
                )
            };
            (pages, fetch_page(op, fetch_method))
        }
    };
    quote! {
        #pages_docs
        #deprecated
        #allow
        pub fn #pages_fn<'a>(&'a self, #args) -> crate::runtime::Paginated<'a, crate::runtime::ResponseValue<#page>, #error> {
            #pages
        }

        #fetch_next

        #items_docs
        #deprecated
        #allow
        pub fn #items_fn<'a>(&'a self, #args) -> crate::runtime::Paginated<'a, #item, #error> {
            crate::runtime::items(self.#pages_fn(#(#names,)* #params_passed), |page: #page| #items)
        }
    }
}

/// A value reached from `page`: surely there (a place), or an `Option` of it.
enum Access {
    Place(TokenStream),
    Maybe(TokenStream),
}

/// The private method that fetches one page of a next-link-paged operation
/// by its link: a GET with the operation's security, its responses decoded
/// as the operation's own.
fn fetch_page(op: &Operation, name: &str) -> TokenStream {
    let fetch_fn = ident(name);
    let op_id = op.label();
    let template = op.path.as_str();
    let page = success_type(op);
    let error = error_enum_name(op);
    let security = security_arg(op);
    let accept = accept(op).map(|a| quote!(request.header("accept", #a)?;));
    let binding = match accept {
        Some(_) => quote!(let mut request),
        None => quote!(let request),
    };
    let receive = receive(op);
    let doc = format!(
        " One page of `{op_id}` by the link the page before named (already checked to be on the API's host)."
    );
    quote! {
        #[doc = #doc]
        async fn #fetch_fn(&self, url: ::reqwest::Url) -> ::std::result::Result<crate::runtime::ResponseValue<#page>, crate::runtime::Error<#error>> {
            #binding = crate::runtime::Request::absolute(#op_id, #template, ::reqwest::Method::GET, url.as_str())?;
            #accept
            let response = self.send(request, #security).await?;
            #receive
        }
    }
}

/// The next cursor of `page: &Page`, as an `Option` of an owned value.
fn cursor_of(next_cursor: &[FieldStep], cursor_is_string: bool) -> TokenStream {
    let found = match borrow(next_cursor) {
        Access::Place(e) => quote!(::std::option::Option::Some(#e.clone())),
        Access::Maybe(e) => quote!(#e.cloned()),
    };
    if cursor_is_string {
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
    let (next, how, name, string, sent) = match &p.link {
        PageLink::Cursor {
            cursor_wire_name,
            next_cursor,
            cursor_is_string,
            ..
        } => (
            next_cursor,
            format!(
                "The first request is the one `params` describes; each next one sets \
                 `{cursor_wire_name}` to the `{}` of the page before.",
                wire_path(next_cursor)
            ),
            "a cursor",
            *cursor_is_string,
            "sent",
        ),
        PageLink::NextLink { next_link, .. } => (
            next_link,
            format!(
                "The first request is the operation's own; each next one is a GET of the URL in \
                 the `{}` of the page before (resolved against the base URL), with the same \
                 credentials, retries and timeout, and no parameters sent again. A link to \
                 another host, scheme or port is not followed: it ends the stream with an error, \
                 so the credentials never leave the API.",
                wire_path(next_link)
            ),
            "a link",
            true,
            "fetched",
        ),
    };
    let next_path = wire_path(next);
    let may_lack = next.iter().any(|s| s.options > 0);
    let last = match (may_lack, string) {
        (true, true) => "absent, null or empty",
        (true, false) => "absent or null",
        (false, true) => "empty",
        (false, false) => "",
    };
    let last = if last.is_empty() {
        String::new()
    } else {
        format!(" after a page whose `{next_path}` is {last},")
    };
    let pages = [
        format!("Every page of `{label}`, as a stream that requests each page as it is read."),
        String::new(),
        format!(
            "{how} The stream ends{last} after an error (its last item), or after a page \
             naming {name} that was already {sent} (instead of requesting the same pages \
             forever)."
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
