//! Compiled examples for the docs: one call per operation, and the crate's
//! quick start (a client from the environment, one call, one typed error
//! matched). They are doctests (`no_run`: compiled, never sent), so a change
//! of a generated signature that breaks them fails `cargo test`.
//!
//! Arguments are built the way a user writes them: `new` with the required
//! fields, spec examples where the document gives them (a body's example
//! supplies its fields' values), else short placeholders. An argument that
//! cannot be written as a literal (a union, free-form JSON, a deep nest) is a
//! parameter of the hidden function around the example instead, so every
//! example still compiles.

use super::operations::{error_enum_name, has_params_struct, params_struct_name, success, Success};
use crate::ir::{
    Api, BodyKind, EnumDef, FormFieldKind, Operation, ParamLocation, ResponseBody, SecurityKind,
    StatusMatch, TypeDef, TypeKind, TypeRef, UploadFlow,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How deep nested constructors may go before an argument is taken as given.
const MAX_DEPTH: usize = 3;

/// Builds example code for one API.
pub struct Examples<'a> {
    api: &'a Api,
    krate: String,
    types: BTreeMap<&'a str, &'a TypeDef>,
}

/// How an expression is used.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    /// An `impl Into<T>` argument: a string literal will do.
    Into,
    /// The type itself, inferred from where it goes: `"a".to_string()`, `1`.
    Exact,
    /// The type itself, spelled so nothing is left to infer (an argument
    /// converting into `Option<T>`): `"a".to_string()`, `1_i64`.
    Typed,
}

/// How a constructor takes a field of `ty`: numbers and booleans as
/// themselves (so a literal needs no suffix), the rest by `Into`.
fn want_for(ty: &TypeRef, boxed: bool) -> Want {
    if !boxed && (ty.is_number() || *ty == TypeRef::Bool) {
        Want::Exact
    } else {
        Want::Into
    }
}

/// One call with what it needs: the imports its argument types take, and
/// the arguments it could not write out, which the hidden function receives.
#[derive(Default)]
struct Call {
    uses: BTreeSet<String>,
    given: Vec<String>,
    text: String,
}

impl<'a> Examples<'a> {
    pub fn new(api: &'a Api) -> Self {
        Self {
            api,
            krate: api.crate_name.replace('-', "_"),
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// The doc lines of an operation's example: a `# Example` heading and a
    /// compiled code block calling it.
    pub fn operation(&self, op: &Operation) -> Vec<String> {
        let call = self.call(op);
        let mut lines = vec!["# Example".to_string(), String::new(), "```no_run".into()];
        lines.extend(call.uses.iter().map(|u| format!("use {u};")));
        let mut params = vec![format!("client: &{}::Client", self.krate)];
        params.extend(call.given.iter().cloned());
        lines.push(format!(
            "# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{",
            params.join(", ")
        ));
        lines.push(format!("let reply = {}.await?;", call.text));
        lines.push("# let _ = reply;".into());
        lines.push("# Ok(())".into());
        lines.push("# }".into());
        lines.push("```".into());
        lines
    }

    /// The crate's quick start: a client, one call whose arguments are all
    /// written out, and one documented error of that call matched by type.
    pub fn quick_start(&self) -> Vec<String> {
        let mut lines = vec!["# Quick start".to_string(), String::new()];
        let pick = self.quick_start_operation();
        let mut uses = BTreeSet::new();
        let mut body = Vec::new();
        body.extend(self.client_lines());
        match pick {
            Some((op, call, variant)) => {
                uses.extend(call.uses.iter().cloned());
                let error = error_enum_name(op).to_string();
                uses.insert(format!("{}::operations::{error}", self.krate));
                body.push(format!("match {}.await {{", call.text));
                body.push("    Ok(reply) => println!(\"{:?}\", reply.into_inner()),".into());
                body.push("    Err(err) => match err.api_error() {".into());
                body.extend(error_arms(op, &error, &variant, "        "));
                body.push("        _ => return Err(err.into()),".into());
                body.push("    },".into());
                body.push("}".into());
            }
            None => body.push("println!(\"{}\", client.base_url());".to_string()),
        }
        lines.push("```no_run".into());
        lines.extend(uses.iter().map(|u| format!("use {u};")));
        lines.push(String::new());
        lines.push("# async fn quick_start() -> Result<(), Box<dyn std::error::Error>> {".into());
        lines.extend(body);
        lines.push("# Ok(())".into());
        lines.push("# }".into());
        lines.push("```".into());
        lines
    }

    /// The `mock` module's example, run as a doctest: a rule answering one
    /// operation with a typed value, the call, and what the rule saw. The
    /// operation is the first whose arguments and JSON success value can
    /// all be written out; none fits, no example.
    pub fn mock_example(&self) -> Vec<String> {
        let k = &self.krate;
        let picked = self.api.operations.iter().find_map(|op| {
            let Success::One(ResponseBody::Json(ty)) = success(op) else {
                return None;
            };
            let call = self.call(op);
            if !call.given.is_empty() {
                return None;
            }
            let mut uses = call.uses.clone();
            let value = self.value(ty, None, Want::Exact, 0, &mut uses)?;
            Some((op, call, value, uses))
        });
        let Some((op, call, value, mut uses)) = picked else {
            return Vec::new();
        };
        uses.insert(format!("{k}::mock::Mock"));
        let method = super::mock::rule_method(op);
        let mut lines = vec![
            "# Example".to_string(),
            String::new(),
            format!(
                "A rule answers `{}` with a typed value; the code under test gets it, and the rule keeps the typed call:",
                op.label()
            ),
            String::new(),
            "```".to_string(),
        ];
        lines.extend(uses.iter().map(|u| format!("use {u};")));
        lines.push(String::new());
        lines.push("# #[tokio::main(flavor = \"current_thread\")]".into());
        lines.push("# async fn main() -> Result<(), Box<dyn std::error::Error>> {".into());
        lines.push("let mock = Mock::new();".into());
        lines.push(format!("let rule = mock.{method}().ok({value});"));
        lines.push("let client = mock.client();".into());
        lines.push(String::new());
        lines.push("// The code under test calls the API as usual.".into());
        lines.push(format!("let reply = {}.await?;", call.text));
        lines.push(String::new());
        lines.push(format!("assert_eq!(reply.into_inner(), {value});"));
        lines.push("assert_eq!(rule.times(), 1);".into());
        lines.push("println!(\"{:?}\", rule.calls()[0]);".into());
        lines.push("# Ok(())".into());
        lines.push("# }".into());
        lines.push("```".into());
        lines
    }

    /// The doc lines of an upload flow's example: the whole flow in one
    /// call, with its first step's documented errors matched (a rate limit
    /// first, where the spec documents one).
    pub fn flow(&self, flow: &UploadFlow) -> Vec<String> {
        let k = &self.krate;
        let create = &self.api.operations[flow.create];
        let file = file_name(flow.content_types.first().map(String::as_str));
        let mut code = vec![format!("use {k}::runtime::Upload;")];
        let mut body = vec![format!(
            "match client.{}(Upload::from_path({file:?})).await {{",
            flow.rust_name
        )];
        body.push("    Ok(reply) => println!(\"{:?}\", reply.into_inner()),".into());
        match documented_errors(create)
            .into_iter()
            .min_by_key(|(_, c)| flow_rank(*c))
        {
            Some((variant, _)) => {
                let error = error_enum_name(create).to_string();
                code.insert(0, format!("use {k}::operations::{error};"));
                body.push("    Err(err) => match err.create_api_error() {".into());
                body.extend(error_arms(create, &error, variant, "        "));
                body.push("        _ => return Err(err.into()),".into());
                body.push("    },".into());
            }
            None => body.push("    Err(err) => return Err(err.into()),".into()),
        }
        body.push("}".into());
        let mut lines = vec!["# Example".to_string(), String::new(), "```no_run".into()];
        lines.extend(code);
        lines.push(format!(
            "# async fn example(client: &{k}::Client) -> Result<(), Box<dyn std::error::Error>> {{"
        ));
        lines.extend(body);
        lines.push("# Ok(())".into());
        lines.push("# }".into());
        lines.push("```".into());
        lines
    }

    /// `let client = …;` from the environment where the crate can, else
    /// from its builder with a placeholder credential.
    fn client_lines(&self) -> Vec<String> {
        let k = &self.krate;
        if let Some(scheme) = super::client::shortcut_scheme(self.api) {
            let env = super::client::env_var_of(self.api, scheme);
            return vec![
                format!("// Reads the key from the `{env}` environment variable."),
                format!("let client = {k}::Client::from_env()?;"),
            ];
        }
        match self.api.security_schemes.first() {
            Some(s) => {
                let args = match s.kind {
                    SecurityKind::Basic => "\"user\", \"password\"",
                    _ => "\"key\"",
                };
                vec![format!(
                    "let client = {k}::Client::builder().{}({args}).build()?;",
                    s.setter
                )]
            }
            None => vec![format!("let client = {k}::Client::builder().build()?;")],
        }
    }

    /// The first operation whose arguments can all be written out and that
    /// documents an error with a body, preferring one with a JSON request
    /// body (the call shows a value built by name) and an error other than
    /// 401 or 403 (one the caller acts on).
    fn quick_start_operation(&self) -> Option<(&'a Operation, Call, String)> {
        let mut best: Option<(u8, &'a Operation, Call, String)> = None;
        for op in &self.api.operations {
            let call = self.call(op);
            if !call.given.is_empty() || streams_events(op) {
                continue;
            }
            let errors = documented_errors(op);
            let Some(&(variant, code)) = errors.iter().min_by_key(|(_, c)| error_rank(*c)) else {
                continue;
            };
            let json_body = matches!(
                op.body.as_ref().map(|b| &b.kind),
                Some(BodyKind::Json { .. })
            );
            let actionable = !matches!(code, Some(401 | 403));
            let score = u8::from(json_body) * 2 + u8::from(actionable);
            if best.as_ref().is_none_or(|(s, ..)| score > *s) {
                best = Some((score, op, call, variant.to_string()));
            }
            if score == 3 {
                break;
            }
        }
        best.map(|(_, op, call, variant)| (op, call, variant))
    }

    /// `client.op(args…)` for an operation, with what the arguments need.
    fn call(&self, op: &Operation) -> Call {
        let mut call = Call::default();
        let mut args = Vec::new();
        for p in op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
        {
            let arg = self.path_arg(&p.rust_name, &p.ty, p.example.as_ref(), &mut call.uses);
            args.push(arg.unwrap_or_else(|| {
                call.given
                    .push(format!("{}: {}", p.rust_name, self.arg_type(&p.ty)));
                p.rust_name.clone()
            }));
        }
        if let Some(body) = &op.body {
            let example = body.example.as_ref();
            let (name, value) = match &body.kind {
                BodyKind::Json { ty, .. } | BodyKind::FormUrlEncoded { ty } => (
                    "body",
                    self.value(ty, example, Want::Exact, 0, &mut call.uses)
                        .map(|v| format!("&{v}")),
                ),
                BodyKind::Multipart { ty } => (
                    "form",
                    self.value(ty, example, Want::Exact, 0, &mut call.uses),
                ),
                BodyKind::Text { .. } => ("body", Some(text_literal(example, "text"))),
                BodyKind::Bytes { content_types } => (
                    "body",
                    Some(format!(
                        "std::fs::read(\"{}\")?",
                        file_name(content_types.first().map(String::as_str))
                    )),
                ),
            };
            let value = match (value, body.required, &body.kind) {
                (Some(v), true, _) => v,
                (Some(v), false, BodyKind::Bytes { .. }) => {
                    format!("Some({}::Body::from({v}))", self.krate)
                }
                (Some(v), false, _) => format!("Some({v})"),
                (None, required, kind) => {
                    let ty = self.body_type(kind, required);
                    call.given.push(format!("{name}: {ty}"));
                    name.to_string()
                }
            };
            args.push(value);
        }
        if has_params_struct(op) {
            let ps = params_struct_name(op).to_string();
            let mut required = Vec::new();
            let mut complete = true;
            for p in op
                .params
                .iter()
                .filter(|p| p.location != ParamLocation::Path && p.required)
            {
                let want = want_for(&p.ty, false);
                match self.value(&p.ty, p.example.as_ref(), want, 0, &mut call.uses) {
                    Some(v) => required.push(v),
                    None => complete = false,
                }
            }
            if complete {
                call.uses
                    .insert(format!("{}::operations::{ps}", self.krate));
                let mut built = format!("&{ps}::new({})", required.join(", "));
                if required.is_empty() {
                    let optional = op.params.iter().filter_map(|p| {
                        Some((p.setter.as_deref()?, &p.ty, false, p.example.as_ref()?))
                    });
                    built.push_str(&self.first_setter(optional, 0, &mut call.uses));
                }
                args.push(built);
            } else {
                call.given
                    .push(format!("params: &{}::operations::{ps}", self.krate));
                args.push("params".into());
            }
        }
        call.text = format!("client.{}({})", op.rust_name, args.join(", "));
        call
    }

    /// A path argument: strings as `&str` (the example, else the
    /// parameter's name), small values by value, others by reference.
    fn path_arg(
        &self,
        placeholder: &str,
        ty: &TypeRef,
        example: Option<&Value>,
        uses: &mut BTreeSet<String>,
    ) -> Option<String> {
        match ty {
            TypeRef::String => Some(text_literal(example, placeholder)),
            t if t.is_copy() => self.value(t, example, Want::Exact, 0, uses),
            t => self
                .value(t, example, Want::Exact, 0, uses)
                .map(|v| format!("&{v}")),
        }
    }

    /// The Rust type of an argument the hidden function takes, spelled
    /// from the crate's name.
    fn arg_type(&self, ty: &TypeRef) -> String {
        let t = super::tyref::arg_type(ty).to_string();
        self.spell(&t)
    }

    fn body_type(&self, kind: &BodyKind, required: bool) -> String {
        let t = match kind {
            BodyKind::Json { ty, .. } | BodyKind::FormUrlEncoded { ty } => {
                let t = super::tyref::rust_type(ty).to_string();
                if required {
                    format!("&{t}")
                } else {
                    format!("Option<&{t}>")
                }
            }
            BodyKind::Multipart { ty } => {
                let t = super::tyref::rust_type(ty).to_string();
                if required {
                    t
                } else {
                    format!("Option<{t}>")
                }
            }
            BodyKind::Text { .. } => "&str".into(),
            BodyKind::Bytes { .. } => "crate::runtime::Body".into(),
        };
        self.spell(&t)
    }

    /// Token text of a type, as a user writes it outside the crate.
    fn spell(&self, tokens: &str) -> String {
        tokens
            .replace("crate :: ", &format!("{}::", self.krate))
            .replace(" :: ", "::")
            .replace(":: ", "::")
            .replace(" < ", "<")
            .replace(" >", ">")
            .replace("& ", "&")
            .replace(" ,", ",")
    }

    /// A value of `ty`, or `None` when it cannot be written as a literal.
    fn value(
        &self,
        ty: &TypeRef,
        example: Option<&Value>,
        want: Want,
        depth: usize,
        uses: &mut BTreeSet<String>,
    ) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match ty {
            TypeRef::String => {
                let s = text_literal(example, "text");
                match want {
                    Want::Into => s,
                    Want::Exact | Want::Typed => format!("{s}.to_string()"),
                }
            }
            TypeRef::Bool => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
            t if t.is_integer() => {
                let n = example
                    .and_then(Value::as_i64)
                    .filter(|n| fits(*n, t))
                    .unwrap_or(1);
                match want {
                    Want::Exact => n.to_string(),
                    Want::Into | Want::Typed => format!("{n}_{}", super::tyref::rust_type(t)),
                }
            }
            TypeRef::F32 | TypeRef::F64 => {
                let n = example.and_then(Value::as_f64).unwrap_or(1.0);
                format!("{n:?}_{}", super::tyref::rust_type(ty))
            }
            TypeRef::DateTime => format!(
                "{}.parse::<chrono::DateTime<chrono::Utc>>()?",
                text_literal(example, "2024-01-02T03:04:05Z")
            ),
            TypeRef::Date => format!(
                "{}.parse::<chrono::NaiveDate>()?",
                text_literal(example, "2024-01-02")
            ),
            TypeRef::Uuid => format!(
                "{}.parse::<uuid::Uuid>()?",
                text_literal(example, "3fa85f64-5717-4562-b3fc-2c963f66afa6")
            ),
            TypeRef::Url => format!(
                "url::Url::parse({})?",
                text_literal(example, "https://example.com/")
            ),
            TypeRef::Vec(item) => {
                let first = example.and_then(Value::as_array).and_then(|a| a.first());
                match first {
                    Some(first) => {
                        let item = self.value(item, Some(first), Want::Exact, depth + 1, uses)?;
                        format!("vec![{item}]")
                    }
                    None => "Vec::new()".into(),
                }
            }
            TypeRef::Nullable(inner) => match want {
                Want::Into => self.value(inner, example, Want::Typed, depth, uses)?,
                Want::Exact | Want::Typed => {
                    format!("Some({})", self.value(inner, example, want, depth, uses)?)
                }
            },
            TypeRef::Named(name) => {
                let def = self.types.get(name.as_str())?;
                self.named(def, example, want, depth, uses)?
            }
            _ => return None,
        })
    }

    /// A value of a named type: an enum's variant (the example's, else the
    /// first), a struct or form from `new` with its required fields.
    fn named(
        &self,
        def: &TypeDef,
        example: Option<&Value>,
        want: Want,
        depth: usize,
        uses: &mut BTreeSet<String>,
    ) -> Option<String> {
        let name = &def.name;
        match &def.kind {
            TypeKind::Enum(e) => self.variant(name, e, example, uses),
            TypeKind::Struct(s) => {
                if s.fields.iter().any(|f| f.required && f.flatten) {
                    return None;
                }
                let mut args = Vec::new();
                for f in s.fields.iter().filter(|f| f.required) {
                    let ex = example.and_then(|e| e.get(&f.wire_name));
                    // A field that allows `null` is an `Option`, as its type says.
                    let ty = if f.nullable {
                        TypeRef::Nullable(Box::new(f.ty.clone()))
                    } else {
                        f.ty.clone()
                    };
                    let want = want_for(&ty, f.boxed);
                    args.push(self.value(&ty, ex, want, depth + 1, uses)?);
                }
                uses.insert(format!("{}::types::{name}", self.krate));
                let mut built = format!("{name}::new({})", args.join(", "));
                // A value with nothing required shows one field the example sets.
                if args.is_empty() {
                    let optional = s.fields.iter().filter_map(|f| {
                        let setter = f.setter.as_deref()?;
                        let ex = example.and_then(|e| e.get(&f.wire_name))?;
                        Some((setter, &f.ty, f.boxed, ex))
                    });
                    built.push_str(&self.first_setter(optional, depth, uses));
                }
                Some(built)
            }
            TypeKind::Form(form) => {
                let mut args = Vec::new();
                for f in form.fields.iter().filter(|f| f.required) {
                    let ex = example.and_then(|e| e.get(&f.wire_name));
                    args.push(match &f.kind {
                        FormFieldKind::File => self.file_part(f.content_type.as_deref()),
                        FormFieldKind::Files => {
                            format!("vec![{}]", self.file_part(f.content_type.as_deref()))
                        }
                        FormFieldKind::Value(t) => {
                            self.value(t, ex, want_for(t, false), depth + 1, uses)?
                        }
                    });
                }
                uses.insert(format!("{}::types::{name}", self.krate));
                Some(format!("{name}::new({})", args.join(", ")))
            }
            TypeKind::Alias(t) => {
                // An alias of an enum is written by its own name.
                let target = t.named().and_then(|n| self.types.get(n)).map(|d| &d.kind);
                match target {
                    Some(TypeKind::Enum(e)) => self.variant(name, e, example, uses),
                    _ => self.value(t, example, want, depth, uses),
                }
            }
            TypeKind::Union(_) => None,
        }
    }

    /// A variant of enum `e`, named through `name`: the example's, else the first.
    fn variant(
        &self,
        name: &str,
        e: &EnumDef,
        example: Option<&Value>,
        uses: &mut BTreeSet<String>,
    ) -> Option<String> {
        let wire = example.and_then(Value::as_str);
        let variant = e
            .variants
            .iter()
            .find(|v| Some(v.wire_value.as_str()) == wire)
            .or_else(|| e.variants.first())?;
        uses.insert(format!("{}::types::{name}", self.krate));
        Some(format!("{name}::{}", variant.rust_name))
    }

    /// `.setter(value)` for the first optional member whose example can be
    /// written out; empty when none can. A setter takes the value itself,
    /// without the `Option` around it.
    fn first_setter<'b>(
        &self,
        optional: impl Iterator<Item = (&'b str, &'b TypeRef, bool, &'b Value)>,
        depth: usize,
        uses: &mut BTreeSet<String>,
    ) -> String {
        for (setter, ty, boxed, example) in optional {
            let ty = ty.non_null();
            let mut tried = uses.clone();
            if let Some(v) = self.value(
                ty,
                Some(example),
                want_for(ty, boxed),
                depth + 1,
                &mut tried,
            ) {
                *uses = tried;
                return format!(".{setter}({v})");
            }
        }
        String::new()
    }

    /// A file part read from a file of the part's media type.
    fn file_part(&self, content_type: Option<&str>) -> String {
        format!(
            "{}::FilePart::from_path(\"{}\").await?",
            self.krate,
            file_name(content_type)
        )
    }
}

/// The match arm of `variant` of an operation's `error` enum and, when the
/// operation documents a rate limit with a body and `variant` is another,
/// one for that too (with the wait the server asked for).
fn error_arms(op: &Operation, error: &str, variant: &str, indent: &str) -> Vec<String> {
    let errors = documented_errors(op);
    let arm = |variant: &str, status: Option<u16>| -> Vec<String> {
        match status {
            Some(429) => vec![
                format!("{indent}Some({error}::{variant}(body)) => {{"),
                format!("{indent}    eprintln!(\"429, retry in {{:?}}: {{body:?}}\", err.retry_after())"),
                format!("{indent}}}"),
            ],
            Some(code) => vec![format!(
                "{indent}Some({error}::{variant}(body)) => eprintln!(\"{code}: {{body:?}}\"),"
            )],
            None => vec![format!(
                "{indent}Some({error}::{variant}(body)) => eprintln!(\"{{body:?}}\"),"
            )],
        }
    };
    let status = errors
        .iter()
        .find(|(v, _)| *v == variant)
        .and_then(|(_, c)| *c);
    let mut arms = arm(variant, status);
    if let Some((limit, _)) = errors
        .iter()
        .find(|(v, c)| *c == Some(429) && *v != variant)
    {
        arms.extend(arm(limit, Some(429)));
    }
    arms
}

/// The documented error responses of an operation that carry a body: their
/// variants, with their status where it is one code.
fn documented_errors(op: &Operation) -> Vec<(&str, Option<u16>)> {
    op.responses
        .iter()
        .filter(|r| !r.is_success && has_body(&r.body))
        .map(|r| {
            let code = match r.status {
                StatusMatch::Code(c) => Some(c),
                _ => None,
            };
            (r.variant.as_str(), code)
        })
        .collect()
}

/// Which documented error of an upload's first step its example matches:
/// the upload quota first, then a file too large, then as the quick start.
fn flow_rank(status: Option<u16>) -> u8 {
    match status {
        Some(429) => 0,
        Some(413) => 1,
        other => 2 + error_rank(other),
    }
}

/// Which documented error the quick start matches, lowest first: the ones a
/// caller acts on (a conflict, a missing resource, a rejected value, a rate
/// limit) before a generic 400 and the credential errors.
fn error_rank(status: Option<u16>) -> u8 {
    match status {
        Some(409) => 0,
        Some(404) => 1,
        Some(422) => 2,
        Some(429) => 3,
        Some(400) => 4,
        Some(401 | 403) => 6,
        _ => 5,
    }
}

/// Whether a response has a body a variant carries.
fn has_body(body: &ResponseBody) -> bool {
    !matches!(body, ResponseBody::Empty)
}

/// Whether an operation answers with Server-Sent Events.
fn streams_events(op: &Operation) -> bool {
    op.responses
        .iter()
        .any(|r| r.is_success && matches!(r.body, ResponseBody::EventStream(_)))
}

/// A Rust string literal: the example's text, else `fallback`.
fn text_literal(example: Option<&Value>, fallback: &str) -> String {
    let text = example.and_then(Value::as_str).unwrap_or(fallback);
    format!("{text:?}")
}

/// Whether `n` is a value of the integer type `ty` (a literal that is not
/// would not compile).
fn fits(n: i64, ty: &TypeRef) -> bool {
    let (min, max): (i64, i64) = match ty {
        TypeRef::I8 => (i8::MIN.into(), i8::MAX.into()),
        TypeRef::I16 => (i16::MIN.into(), i16::MAX.into()),
        TypeRef::I32 => (i32::MIN.into(), i32::MAX.into()),
        TypeRef::U8 => (0, u8::MAX.into()),
        TypeRef::U16 => (0, u16::MAX.into()),
        TypeRef::U32 => (0, u32::MAX.into()),
        TypeRef::U64 => (0, i64::MAX),
        _ => (i64::MIN, i64::MAX),
    };
    (min..=max).contains(&n)
}

/// A file name for an example upload of a media type.
fn file_name(content_type: Option<&str>) -> String {
    let ext = match content_type.unwrap_or("") {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        "application/json" => "json",
        "text/plain" => "txt",
        _ => "bin",
    };
    format!("upload.{ext}")
}

#[cfg(test)]
mod tests {
    use super::{error_rank, fits, flow_rank, text_literal};
    use crate::ir::TypeRef;
    use serde_json::json;

    #[test]
    fn integer_examples_that_would_not_compile_are_left_out() {
        assert!(fits(255, &TypeRef::U8));
        assert!(!fits(256, &TypeRef::U8));
        assert!(!fits(-1, &TypeRef::U64));
        assert!(fits(-1, &TypeRef::I64));
        assert!(!fits(i64::from(i32::MAX) + 1, &TypeRef::I32));
    }

    #[test]
    fn strings_become_rust_literals() {
        assert_eq!(
            text_literal(Some(&json!("a \"b\"\n")), "x"),
            "\"a \\\"b\\\"\\n\""
        );
        assert_eq!(text_literal(Some(&json!(3)), "x"), "\"x\"");
        assert_eq!(text_literal(None, "id"), "\"id\"");
    }

    #[test]
    fn errors_a_caller_acts_on_come_first() {
        let mut statuses = [Some(401), Some(400), None, Some(429), Some(409), Some(404)];
        statuses.sort_by_key(|s| error_rank(*s));
        assert_eq!(
            statuses,
            [Some(409), Some(404), Some(429), Some(400), None, Some(401)]
        );
        let mut flow = [Some(400), Some(413), Some(429)];
        flow.sort_by_key(|s| flow_rank(*s));
        assert_eq!(flow, [Some(429), Some(413), Some(400)]);
    }
}
