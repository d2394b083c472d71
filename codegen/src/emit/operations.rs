//! `src/operations.rs`: one async method per operation, with its parameter
//! struct, success type and error enum.

use super::builders::{allow_many_arguments, constructor_and_setters, Member};
use super::cfg;
use super::docs::{code_span, doc_attrs, lines_to_attrs, sanitize};
use super::examples::Examples;
use super::flows::{flow_error, flow_method};
use super::pagination::stream_methods;
use super::tyref::{arg_type, ident, rust_type};
use super::validation::{rules, Validated};
use crate::ir::{
    Api, BodyKind, Operation, Param, ParamLocation, QueryStyle, Response, ResponseBody,
    StatusMatch, TypeRef, UploadFlow,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub fn operations_rs(api: &Api, validated: &Validated) -> TokenStream {
    let examples = Examples::new(api);
    let methods = api.operations.iter().map(|op| {
        let own = method(op, validated, &examples);
        let streams = stream_methods(op);
        cfg::gate_methods(&cfg::of_operation(op), quote!(#own #streams))
    });
    let support = api
        .operations
        .iter()
        .map(|op| support_types(api, op, validated));
    let flow_methods = api
        .upload_flows
        .iter()
        .map(|f| cfg::gate_methods(&flow_gate(api, f), flow_method(api, f)));
    let flow_errors = api
        .upload_flows
        .iter()
        .map(|f| cfg::gate_items(&flow_gate(api, f), flow_error(api, f)));
    quote! {
        //! Operations: one method on [`Client`](crate::Client) per operation of the spec,
        //! with the parameter, success and error types each one uses.
        impl crate::Client {
            #(#methods)*
            #(#flow_methods)*
        }
        #(#support)*
        #(#flow_errors)*
    }
}

/// A flow compiles when the features of all its operations are on.
fn flow_gate(api: &Api, flow: &UploadFlow) -> TokenStream {
    let features: std::collections::BTreeSet<String> = [flow.create, flow.upload, flow.complete]
        .iter()
        .filter_map(|&i| api.operations[i].feature.clone())
        .collect();
    cfg::all_of(&features.into_iter().collect::<Vec<_>>())
}

fn query_style(style: QueryStyle) -> TokenStream {
    match style {
        QueryStyle::Form => quote!(crate::runtime::QueryStyle::Form),
        QueryStyle::SpaceDelimited => quote!(crate::runtime::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(crate::runtime::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}

/// The parameters struct; only called when the operation has one.
pub(super) fn params_struct_name(op: &Operation) -> proc_macro2::Ident {
    match &op.params_type {
        Some(name) => ident(name),
        None => format_ident!("{}Params", op.type_prefix),
    }
}

pub(super) fn error_enum_name(op: &Operation) -> proc_macro2::Ident {
    error_enum_of(&op.type_prefix)
}

/// The error enum of the operation whose types start with `type_prefix`.
pub(super) fn error_enum_of(type_prefix: &str) -> proc_macro2::Ident {
    format_ident!("{type_prefix}Error")
}

pub(super) fn success_enum_name(op: &Operation) -> proc_macro2::Ident {
    match &op.success_enum {
        Some(name) => ident(name),
        None => format_ident!("{}Response", op.type_prefix),
    }
}

pub(super) fn has_params_struct(op: &Operation) -> bool {
    op.params_type.is_some()
}

/// The success type: one type when every success response agrees, else an enum.
pub(super) enum Success<'a> {
    One(&'a ResponseBody),
    Many(Vec<&'a Response>),
}

pub(super) fn success(op: &Operation) -> Success<'_> {
    let ok: Vec<&Response> = op.responses.iter().filter(|r| r.is_success).collect();
    match ok.first() {
        None => Success::One(&ResponseBody::Empty),
        Some(first) if op.success_enum.is_none() => Success::One(&first.body),
        Some(_) => Success::Many(ok),
    }
}

fn body_type(op: &Operation, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(t) => rust_type(t),
        ResponseBody::Text => quote!(::std::string::String),
        ResponseBody::Bytes => quote!(crate::runtime::ByteStream),
        ResponseBody::EventStream(data) => {
            let data = event_data_type(data.as_ref());
            let error_enum = error_enum_name(op);
            quote!(crate::runtime::EventStream<#data, #error_enum>)
        }
    }
}

/// The type of an event stream's `data`: the schema's, or raw text.
pub(super) fn event_data_type(data: Option<&TypeRef>) -> TokenStream {
    match data {
        Some(t) => rust_type(t),
        None => quote!(::std::string::String),
    }
}

pub(super) fn success_type(op: &Operation) -> TokenStream {
    match success(op) {
        Success::One(body) => body_type(op, body),
        Success::Many(_) => {
            let name = success_enum_name(op);
            quote!(#name)
        }
    }
}

fn status_doc(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => format!("Status {c}"),
        StatusMatch::Range(r) => format!("Any {r}xx status"),
        StatusMatch::Default => "Any other status".into(),
    }
}

fn method_docs(op: &Operation, examples: &Examples) -> TokenStream {
    let mut lines = Vec::new();
    for text in [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
    {
        if text.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(text.trim()));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Sends `{} {}`.", op.method, code_span(&op.path)));
    if let Some(doc) = event_stream_doc(op) {
        lines.push(String::new());
        lines.push(doc);
    }
    let args: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    if !args.is_empty() || op.body.is_some() {
        lines.push(String::new());
        lines.push("Arguments:".into());
        for p in args {
            let doc = p
                .docs
                .as_deref()
                .map(|d| sanitize(d).join(" "))
                .unwrap_or_default();
            lines.push(
                format!("- `{}`: {}", p.rust_name, doc)
                    .trim_end()
                    .to_string(),
            );
        }
        if let Some(b) = &op.body {
            let doc = b
                .docs
                .as_deref()
                .map(|d| sanitize(d).join(" "))
                .unwrap_or_default();
            lines.push(
                format!("- `{}`: {}", body_arg_name(&b.kind), doc)
                    .trim_end()
                    .to_string(),
            );
        }
    }
    if has_params_struct(op) {
        lines.push(format!(
            "- `params`: query, header and cookie parameters (see [`{}`]).",
            params_struct_name(op)
        ));
    }
    lines.push(String::new());
    lines.extend(examples.operation(op));
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated = "deprecated in the spec"]));
    let attrs = lines_to_attrs(&lines);
    quote!(#attrs #deprecated)
}

/// What a method that answers with Server-Sent Events gives back, for its docs.
fn event_stream_doc(op: &Operation) -> Option<String> {
    let data = op.responses.iter().find_map(|r| match &r.body {
        ResponseBody::EventStream(data) if r.is_success => Some(data),
        _ => None,
    })?;
    let data = match data {
        Some(_) => {
            "its `data` decoded from JSON; an event whose data does not decode is an \
             `Error::Decode` item holding the raw text, and the stream goes on"
        }
        None => "its `data` as raw text",
    };
    Some(format!(
        "Answers with Server-Sent Events: the [`EventStream`](crate::runtime::EventStream) \
         is returned once the status is known (an error status is decoded as usual) and \
         yields each event as it arrives, {data}. A failed read ends the stream with an \
         error item. The client's timeout covers the whole stream (`Client::with_timeout`)."
    ))
}

fn body_arg_name(kind: &BodyKind) -> &'static str {
    match kind {
        BodyKind::Multipart { .. } => "form",
        _ => "body",
    }
}

fn method(op: &Operation, validated: &Validated, examples: &Examples) -> TokenStream {
    let name = ident(&op.rust_name);
    let docs = method_docs(op, examples);
    let op_id = op.label();
    let http_method = format_ident!("{}", op.method);
    let error_enum = error_enum_name(op);
    let ok_type = success_type(op);

    let mut args = Vec::new();
    let mut build = Vec::new();

    // Path parameters: positional, in template order.
    let path_params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    for p in &path_params {
        let pn = ident(&p.rust_name);
        let ty = arg_type(&p.ty);
        args.push(quote!(#pn: #ty));
    }
    let template = op.path.as_str();
    let target = match &op.absolute_url_param {
        Some(wire) => {
            let p = path_params
                .iter()
                .find(|p| &p.wire_name == wire)
                .map(|p| ident(&p.rust_name));
            let arg = p.map(|p| quote!(::std::convert::AsRef::<str>::as_ref(&#p)));
            quote!(crate::runtime::Request::absolute(#op_id, #template, ::reqwest::Method::#http_method, #arg)?)
        }
        None => {
            let mut fmt = String::new();
            let mut values = Vec::new();
            for seg in crate::path::PathTemplate::parse(&op.path)
                .map(|t| t.segments)
                .unwrap_or_default()
            {
                match seg {
                    crate::path::Segment::Literal(l) => {
                        fmt.push_str(&l.replace('{', "{{").replace('}', "}}"))
                    }
                    crate::path::Segment::Param(w) => {
                        fmt.push_str("{}");
                        let p = path_params
                            .iter()
                            .find(|p| p.wire_name == w)
                            .map(|p| ident(&p.rust_name));
                        values.push(quote!(crate::runtime::encode_path(&#p)?));
                    }
                }
            }
            let path = if values.is_empty() {
                let literal = fmt.replace("{{", "{").replace("}}", "}");
                quote!(::std::string::String::from(#literal))
            } else {
                quote!(::std::format!(#fmt #(, #values)*))
            };
            quote!(crate::runtime::Request::new(#op_id, #template, ::reqwest::Method::#http_method, #path))
        }
    };

    if let Some(accept) = accept(op) {
        build.push(quote!(request.header("accept", #accept)?;));
    }
    if let Some(b) = &op.body {
        let (arg, set) = body_arg(&b.kind, b.required);
        args.push(arg);
        build.push(set);
    }
    if has_params_struct(op) {
        let ps = params_struct_name(op);
        args.push(quote!(params: &#ps));
        build.push(quote!(crate::runtime::Params::write(params, &mut request)?;));
    }

    let checks = checks(op, validated);

    // A raw body taken by `Into` becomes a `Body` before it is checked.
    let convert = op
        .body
        .as_ref()
        .filter(|b| matches!(b.kind, BodyKind::Bytes { .. }))
        .map(|_| quote!(let body = body.into();));
    let allow = allow_many_arguments(1 + args.len());
    let security = security_arg(op);
    let receive = receive(op);
    let needs_mut = !build.is_empty();
    let binding = if needs_mut {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    quote! {
        #docs
        #allow
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<crate::runtime::ResponseValue<#ok_type>, crate::runtime::Error<#error_enum>> {
            #convert
            #checks
            #binding = #target;
            #(#build)*
            let response = self.send(request, #security).await?;
            #receive
        }
    }
}

/// Statements adding the parameters in `params` to `request`: query,
/// headers and cookies.
fn write_stmts(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            match &p.location {
                ParamLocation::Query { style, explode } => {
                    let style = query_style(*style);
                    quote!(request.query(#wire, &params.#field, #style, #explode)?;)
                }
                ParamLocation::Header if is_idempotency_key(p) => {
                    let lower = wire.to_ascii_lowercase();
                    let key = if p.required {
                        quote!(::std::option::Option::Some(params.#field.as_str()))
                    } else {
                        quote!(params.#field.as_deref())
                    };
                    quote!(request.idempotency_key(#lower, #key)?;)
                }
                ParamLocation::Header => {
                    let lower = wire.to_ascii_lowercase();
                    quote!(request.header(#lower, &params.#field)?;)
                }
                ParamLocation::Cookie => quote!(request.cookie(#wire, &params.#field)?;),
                ParamLocation::Path => quote!(),
            }
        })
        .collect()
}

/// The operation's security alternatives, as `Client::send` takes them.
pub(super) fn security_arg(op: &Operation) -> TokenStream {
    let security = op.security.iter().map(|alt| {
        let alt = alt.iter().map(|i| Literal::usize_unsuffixed(*i));
        quote!(&[#(#alt),*])
    });
    quote!(&[#(#security),*])
}

/// An `Idempotency-Key` header holding text: filled with a fresh key when
/// the caller leaves it empty, which makes the request safe to retry.
fn is_idempotency_key(p: &Param) -> bool {
    p.location == ParamLocation::Header
        && p.wire_name.eq_ignore_ascii_case("idempotency-key")
        && p.ty == crate::ir::TypeRef::String
}

/// Statements that check the arguments against the spec's limits and enums,
/// returning `Error::Validation` before anything is sent.
fn checks(op: &Operation, validated: &Validated) -> TokenStream {
    let stmts = check_stmts(op, validated, true);
    if stmts.is_empty() {
        return quote!();
    }
    quote! {
        let mut check = crate::runtime::Check::default();
        #(#stmts)*
        check.finish()?;
    }
}

/// The checks on the path parameters (`path`) or on those in `params` (the
/// others), on a `check` in scope.
fn param_checks(op: &Operation, validated: &Validated, path: bool) -> Vec<TokenStream> {
    let mut stmts = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| (p.location == ParamLocation::Path) == path)
    {
        let wire = &p.wire_name;
        let name = ident(&p.rust_name);
        let value = if path {
            quote!(&#name)
        } else {
            quote!(&params.#name)
        };
        if let Some(rules) = rules(&p.constraints, &p.ty) {
            stmts.push(quote!(check.rules(#value, #wire, #rules);));
        }
        if validated.needs(&p.ty) {
            stmts.push(quote!(check.nested(#value, #wire);));
        }
    }
    stmts
}

/// The checks on an operation's arguments, on a `check` in scope: path
/// parameters by name, the others in `params`, the body as `body` (a
/// multipart form as `form`, and a raw body's media type, only when
/// `sending`: a test double checks those on the request it received).
pub(super) fn check_stmts(
    op: &Operation,
    validated: &Validated,
    sending: bool,
) -> Vec<TokenStream> {
    let mut stmts = param_checks(op, validated, true);
    let in_params = param_checks(op, validated, false);
    if sending && !in_params.is_empty() {
        // The parameters struct's `Params` impl holds these, once for
        // every operation that shares the struct.
        stmts.push(quote!(crate::runtime::Params::check(params, &mut check);));
    } else {
        stmts.extend(in_params);
    }
    if let Some(body) = &op.body {
        let (ty, arg) = match &body.kind {
            BodyKind::Json { ty, .. } | BodyKind::FormUrlEncoded { ty } => {
                (Some(ty), quote!(&body))
            }
            BodyKind::Multipart { ty } if sending => (Some(ty), quote!(&form)),
            _ => (None, quote!()),
        };
        if ty.is_some_and(|t| validated.needs(t)) {
            stmts.push(quote!(check.nested(#arg, "");));
        }
        if let (BodyKind::Bytes { content_types }, true) = (&body.kind, sending) {
            let types = content_types.iter().map(String::as_str);
            let body = if body.required {
                quote!(::std::option::Option::Some(&body))
            } else {
                quote!(body.as_ref())
            };
            stmts.push(quote!(check.media_type(#body, &[#(#types),*]);));
        }
    }
    stmts
}

fn body_arg(kind: &BodyKind, required: bool) -> (TokenStream, TokenStream) {
    match kind {
        BodyKind::Json { ty, .. } | BodyKind::FormUrlEncoded { ty } => {
            let t = rust_type(ty);
            let call = if matches!(kind, BodyKind::Json { .. }) {
                quote!(json)
            } else {
                quote!(form_urlencoded)
            };
            if required {
                (quote!(body: &#t), quote!(request.#call(body)?;))
            } else {
                (
                    quote!(body: ::std::option::Option<&#t>),
                    quote!(if let ::std::option::Option::Some(body) = body { request.#call(body)?; }),
                )
            }
        }
        BodyKind::Multipart { ty } => {
            let t = rust_type(ty);
            if required {
                (
                    quote!(form: #t),
                    quote!(request.multipart(form.into_form()?);),
                )
            } else {
                (
                    quote!(form: ::std::option::Option<#t>),
                    quote!(if let ::std::option::Option::Some(form) = form {
                        request.multipart(form.into_form()?);
                    }),
                )
            }
        }
        BodyKind::Text { content_type } => {
            if required {
                (
                    quote!(body: &str),
                    quote!(request.text(body, #content_type);),
                )
            } else {
                (
                    quote!(body: ::std::option::Option<&str>),
                    quote!(if let ::std::option::Option::Some(body) = body { request.text(body, #content_type); }),
                )
            }
        }
        BodyKind::Bytes { content_types } => {
            let types = content_types.iter().map(String::as_str);
            let types = quote!(&[#(#types),*]);
            if required {
                (
                    quote!(body: impl ::std::convert::Into<crate::runtime::Body>),
                    quote!(request.bytes(body, #types);),
                )
            } else {
                (
                    quote!(body: impl ::std::convert::Into<::std::option::Option<crate::runtime::Body>>),
                    quote!(if let ::std::option::Option::Some(body) = body { request.bytes(body, #types); }),
                )
            }
        }
    }
}

fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn decode_success(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(crate::runtime::decode_empty(response)),
        ResponseBody::Json(_) => quote!(crate::runtime::decode_json(response)),
        ResponseBody::Text => quote!(crate::runtime::decode_text(response)),
        ResponseBody::Bytes => quote!(crate::runtime::decode_stream(response)),
        ResponseBody::EventStream(Some(_)) => quote!(crate::runtime::decode_events(response)),
        ResponseBody::EventStream(None) => quote!(crate::runtime::decode_event_text(response)),
    }
}

/// Whether a response hands its body over as a stream instead of reading it.
fn is_streamed(r: &Response) -> bool {
    r.is_success && matches!(r.body, ResponseBody::Bytes | ResponseBody::EventStream(_))
}

/// The `Accept` header of an operation that answers with Server-Sent
/// Events, which some servers send only when asked for: the event stream,
/// and JSON when a response of the operation is JSON.
pub(super) fn accept(op: &Operation) -> Option<&'static str> {
    let has = |pred: fn(&Response) -> bool| op.responses.iter().any(pred);
    if !has(|r| r.is_success && matches!(r.body, ResponseBody::EventStream(_))) {
        None
    } else if has(|r| matches!(r.body, ResponseBody::Json(_))) {
        Some("text/event-stream, application/json")
    } else {
        Some("text/event-stream")
    }
}

/// The statements that turn the sent request's response into the method's
/// result. The body is read once, with one `await`; the status then picks a
/// plain decoding function. Streamed successes are matched first and
/// returned before any of the body is read.
pub(super) fn receive(op: &Operation) -> TokenStream {
    let arms = response_arms(op);
    let read = match arms.as_slice() {
        [(None, only)] => quote! {
            let response = crate::runtime::read(response).await?;
            #only
        },
        _ => {
            let arms = arms.iter().map(|(pattern, expr)| {
                let pattern = pattern.clone().unwrap_or_else(|| quote!(_));
                quote!(#pattern => #expr,)
            });
            quote! {
                let response = crate::runtime::read(response).await?;
                match response.status.as_u16() {
                    #(#arms)*
                }
            }
        }
    };
    let ordered = statuses_in_order(op);
    let Some(last) = ordered.iter().rposition(|r| is_streamed(r)) else {
        return read;
    };
    // Each streamed arm returns early, unless an arm tried before it (an
    // exact code inside a streamed range, say) claims the status: those, and
    // every other status, fall through to reading the body.
    let mut early = Vec::new();
    let mut claimed = Vec::new();
    for r in &ordered[..=last] {
        let pattern = status_pattern(&r.status);
        if !is_streamed(r) {
            claimed.push(pattern);
            continue;
        }
        let expr = success_expr(op, r);
        let matched = (r.status != StatusMatch::Default)
            .then(|| quote!(matches!(response.status().as_u16(), #pattern)));
        // An exact code overlaps no other arm.
        let overlaps = !claimed.is_empty() && !matches!(r.status, StatusMatch::Code(_));
        let unclaimed =
            overlaps.then(|| quote!(!matches!(response.status().as_u16(), #(#claimed)|*)));
        early.push(match (matched, unclaimed) {
            // Every status left gets this arm: nothing else is reachable.
            (None, None) => return quote!(#(#early)* #expr),
            (Some(c), None) | (None, Some(c)) => quote!(if #c { return #expr; }),
            (Some(m), Some(u)) => quote!(if #m && #u { return #expr; }),
        });
    }
    quote!(#(#early)* #read)
}

/// The documented responses in the order their arms are tried: exact codes,
/// then ranges, then `default`.
fn statuses_in_order(op: &Operation) -> Vec<&Response> {
    let rank = |r: &&Response| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    };
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(rank);
    ordered
}

/// The expression that decodes one success response into the method's result.
fn success_expr(op: &Operation, r: &Response) -> TokenStream {
    let error_enum = error_enum_name(op);
    let many = matches!(success(op), Success::Many(_));
    let success_enum = success_enum_name(op);
    let variant = ident(&r.variant);
    let decode = match (&r.body, many) {
        (ResponseBody::Json(t), true) => {
            let t = rust_type(t);
            quote!(crate::runtime::decode_json::<#t, #error_enum>(response))
        }
        (ResponseBody::EventStream(Some(t)), true) => {
            let t = rust_type(t);
            quote!(crate::runtime::decode_events::<#t, #error_enum>(response))
        }
        (body, _) => decode_success(body),
    };
    if !many {
        decode
    } else if r.body == ResponseBody::Empty {
        quote!(#decode.map(|v| v.map(|()| #success_enum::#variant)))
    } else {
        quote!(#decode.map(|v| v.map(#success_enum::#variant)))
    }
}

/// The arms of the match on a read response's status: a pattern (`None`
/// for any other status) and the expression giving the method's result.
fn response_arms(op: &Operation) -> Vec<(Option<TokenStream>, TokenStream)> {
    let error_enum = error_enum_name(op);
    let mut arms = Vec::new();
    if !op.responses.iter().any(|r| r.is_success) {
        arms.push((
            Some(quote!(200..=299)),
            quote!(crate::runtime::decode_empty(response)),
        ));
    }
    for r in statuses_in_order(op) {
        if is_streamed(r) {
            // Returned before the body is read (see `receive`).
            continue;
        }
        let pattern = (r.status != StatusMatch::Default).then(|| status_pattern(&r.status));
        let variant = ident(&r.variant);
        let expr = if r.is_success {
            success_expr(op, r)
        } else {
            let error = match &r.body {
                ResponseBody::Json(_) => {
                    quote!(crate::runtime::error_json(response, #error_enum::#variant))
                }
                ResponseBody::Text | ResponseBody::EventStream(_) => {
                    quote!(crate::runtime::error_text(response, #error_enum::#variant))
                }
                ResponseBody::Empty | ResponseBody::Bytes => {
                    quote!(crate::runtime::error_empty(response, #error_enum::#variant))
                }
            };
            quote!(::std::result::Result::Err(#error))
        };
        arms.push((pattern, expr));
    }
    // A streamed `default` has returned before this match, which still
    // needs an arm for every other status.
    if arms.last().is_none_or(|(pattern, _)| pattern.is_some()) {
        arms.push((
            None,
            quote!(::std::result::Result::Err(crate::runtime::unexpected(
                response
            ))),
        ));
    }
    arms
}

fn support_types(api: &Api, op: &Operation, validated: &Validated) -> TokenStream {
    let gate = cfg::of_operation(op);
    let mut out = Vec::new();
    match (&op.params_type, &op.shares_params_with) {
        (Some(name), Some(owner)) => {
            let (name, owner_ident) = (ident(name), ident(owner));
            let doc = format!(
                " Query, header and cookie parameters of `{}`: the same as those of [`{owner}`], whose struct it shares.",
                op.label()
            );
            out.push(quote! {
                #gate
                #[doc = #doc]
                pub type #name = #owner_ident;
            });
        }
        (Some(_), None) => {
            let params_gate = cfg::of_params_struct(api, op);
            out.push(cfg::gate_items(&params_gate, params_struct(api, op)));
            out.push(cfg::gate_items(&params_gate, params_impl(op, validated)));
        }
        (None, _) => {}
    }
    let error_enum = error_enum_name(op);
    let op_label = op.label();
    let error_gate = cfg::of_error_enum(api, op);
    out.push(match &op.shares_errors_with {
        Some(owner) => {
            let owner = error_enum_of(owner);
            let doc = format!(
                " The documented error responses of `{op_label}`: the same as those of [`{owner}`], whose enum it shares."
            );
            quote! {
                #gate
                #[doc = #doc]
                pub type #error_enum = #owner;
            }
        }
        None => {
            let doc = format!(
                " The documented error responses of `{op_label}`, one variant per status."
            );
            let variants = op.responses.iter().filter(|r| !r.is_success).map(|r| {
                let docs = doc_attrs(&[Some(&status_doc(&r.status)), r.docs.as_deref()]);
                let v = ident(&r.variant);
                match &r.body {
                    ResponseBody::Json(t) => {
                        let t = rust_type(t);
                        quote!(#docs #v(#t),)
                    }
                    ResponseBody::Text | ResponseBody::EventStream(_) => {
                        quote!(#docs #v(::std::string::String),)
                    }
                    ResponseBody::Empty | ResponseBody::Bytes => quote!(#docs #v,),
                }
            });
            quote! {
                #error_gate
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #error_enum {
                    #(#variants)*
                }
            }
        }
    });
    if let Success::Many(list) = success(op) {
        let name = success_enum_name(op);
        let doc =
            format!(" The documented success responses of `{op_label}`, one variant per status.");
        let variants = list.iter().map(|r| {
            let docs = doc_attrs(&[Some(&status_doc(&r.status)), r.docs.as_deref()]);
            let v = ident(&r.variant);
            match &r.body {
                ResponseBody::Empty => quote!(#docs #v,),
                other => {
                    let t = body_type(op, other);
                    quote!(#docs #v(#t),)
                }
            }
        });
        out.push(quote! {
            #gate
            #[doc = #doc]
            #[derive(Debug)]
            pub enum #name {
                #(#variants)*
            }
        });
    }
    quote!(#(#out)*)
}

/// How a parameters struct is checked and written into a request, once for
/// every operation that shares the struct.
fn params_impl(op: &Operation, validated: &Validated) -> TokenStream {
    let name = params_struct_name(op);
    let writes = write_stmts(op);
    let checks = param_checks(op, validated, false);
    let check = (!checks.is_empty()).then(|| {
        quote! {
            fn check(&self, check: &mut crate::runtime::Check) {
                let params = self;
                #(#checks)*
            }
        }
    });
    quote! {
        impl crate::runtime::Params for #name {
            #check
            fn write(&self, request: &mut crate::runtime::Request) -> ::std::result::Result<(), crate::runtime::BuildError> {
                let params = self;
                #(#writes)*
                ::std::result::Result::Ok(())
            }
        }
    }
}

fn params_struct(api: &Api, op: &Operation) -> TokenStream {
    let name = params_struct_name(op);
    let op_label = op.label();
    let sharing = api.sharing_params_of(op).count();
    let doc = match sharing {
        0 => format!(" Query, header and cookie parameters of `{op_label}`."),
        1 => format!(" Query, header and cookie parameters of `{op_label}`, and of one other operation whose `…Params` type is an alias of this one."),
        n => format!(" Query, header and cookie parameters of `{op_label}`, and of {n} other operations whose `…Params` types are aliases of this one."),
    };
    let params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    let fields = params.iter().map(|p| {
        let where_ = match p.location {
            ParamLocation::Query { .. } => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Path => "path",
        };
        let origin = format!("`{}` ({where_}).", p.wire_name);
        let docs = doc_attrs(&[
            p.docs.as_deref(),
            Some(&origin),
            p.deprecated.then_some("**Deprecated** in the spec."),
        ]);
        let f = ident(&p.rust_name);
        let t = rust_type(&p.ty);
        let t = if p.required {
            t
        } else {
            quote!(::std::option::Option<#t>)
        };
        quote!(#docs pub #f: #t,)
    });
    let members: Vec<Member> = params
        .iter()
        .map(|p| {
            let setter = p.setter.as_deref().filter(|_| !p.required);
            Member::value(&p.rust_name, &p.wire_name, &p.ty, false, setter)
        })
        .collect();
    let no_required = params.iter().all(|p| !p.required);
    let derive_default = no_required.then(|| quote!(Default,));
    let docs = if no_required {
        " Parameters all unset."
    } else {
        " Parameters with the required ones set; optional ones start unset."
    };
    let building = constructor_and_setters(docs, &members, None, no_required);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            #building
        }
    }
}
