//! Lowering operations: parameters, bodies, responses and security.

use super::flows::{lower_flows, Pending};
use super::op_names::{Named, OperationNames};
use super::pagination::{lower_pagination, PagingExtensions};
use super::schemas::{constraints_of, is_binary, Schemas, Slot};
use crate::diag::join;
use crate::ir::{
    BodyKind, Constraints, FormDef, FormField, FormFieldKind, Operation, Param, ParamLocation,
    QueryStyle, RequestBody, Response, ResponseBody, ResponseHeader, StatusMatch, TypeDef,
    TypeKind, TypeRef, UploadFlow,
};
use crate::names::{pascal_case, snake_case, TypeNames, UniqueNames};
use crate::resolve::{ref_name, unescape, Resolver};
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle as OaQueryStyle,
    ReferenceOr, Schema, SchemaKind, SecurityRequirement, StatusCode, Type,
};
use std::collections::BTreeSet;

/// Lowers every operation of the spec, in document order.
pub fn lower_operations<'a>(
    spec: &'a OpenAPI,
    schemas: &mut Schemas<'a>,
    scheme_names: &[String],
    mut names: OperationNames,
) -> (Vec<Operation>, Vec<UploadFlow>) {
    let resolver = Resolver::new(spec);
    let mut ops = Vec::new();
    let mut flows = Vec::new();
    let mut paging = Vec::new();
    for (path, item) in &spec.paths.paths {
        let item_ptr = join("#/paths", &[path]);
        let ReferenceOr::Item(item) = item else {
            schemas.diags.warning(
                &item_ptr,
                "path items given by `$ref` are not supported; skipped",
            );
            continue;
        };
        for (method, op) in item.iter() {
            let pointer = join(&item_ptr, &[method]);
            let base = match &op.operation_id {
                Some(id) => snake_case(id),
                None => snake_case(&format!("{method} {path}")),
            };
            let Named {
                rust_name,
                type_prefix,
            } = names.operation(&pointer, &base);
            let mut lower = OperationLowering {
                resolver: &resolver,
                schemas,
                prefix: type_prefix.clone(),
                pointer: pointer.clone(),
            };
            let params = lower.params(&item.parameters, &item_ptr, &op.parameters);
            let body = op.request_body.as_ref().and_then(|b| lower.body(b));
            let responses = lower.responses(&op.responses);
            let security = lower_security(
                op.security.as_ref().or(spec.security.as_ref()),
                scheme_names,
            );
            let absolute_url_param = op
                .extensions
                .get("x-absolute-url")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            if let Some(name) = &absolute_url_param {
                if !params
                    .iter()
                    .any(|p| p.wire_name == *name && p.location == ParamLocation::Path)
                {
                    schemas.diags.error(
                        join(&pointer, &["x-absolute-url"]),
                        format!("`x-absolute-url` names `{name}`, which is not a path parameter of this operation"),
                    );
                }
            }
            if let Some(value) = op.extensions.get("x-upload-flow") {
                flows.push(Pending {
                    op: ops.len(),
                    value,
                });
            }
            paging.push(PagingExtensions {
                pagination: op.extensions.get("x-pagination"),
                ms_pageable: op.extensions.get("x-ms-pageable"),
            });
            ops.push(Operation {
                rust_name,
                type_prefix,
                operation_id: op.operation_id.clone(),
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                pointer,
                summary: op.summary.clone(),
                description: op.description.clone(),
                deprecated: op.deprecated,
                tags: op.tags.clone(),
                params,
                body,
                responses,
                security,
                absolute_url_param,
                pagination: None,
                shares_errors_with: None,
                params_type: None,
                shares_params_with: None,
                success_enum: None,
                feature: None,
            });
        }
    }
    let flows = lower_flows(&flows, &ops, &schemas.types, &mut names, &mut schemas.diags);
    lower_pagination(
        &mut ops,
        &paging,
        &schemas.types,
        &mut names.methods,
        &mut schemas.diags,
    );
    name_own_types(&mut ops, &mut schemas.names);
    (ops, flows)
}

/// Names the types only some operations have, after every spec type is
/// named: a spec schema already holding the name keeps it, and the
/// operation's type is numbered.
fn name_own_types(ops: &mut [Operation], names: &mut TypeNames) {
    for op in ops {
        if op.params.iter().any(|p| p.location != ParamLocation::Path) {
            op.params_type = Some(names.claim_own(&format!("{}Params", op.type_prefix)));
        }
        let mut ok = op
            .responses
            .iter()
            .filter(|r| r.is_success)
            .map(|r| &r.body);
        if let Some(first) = ok.next() {
            if ok.any(|b| b != first) {
                op.success_enum = Some(names.claim_own(&format!("{}Response", op.type_prefix)));
            }
        }
    }
}

/// Security alternatives as indices into the scheme list. `None` (no
/// requirement anywhere) and `[]` both mean: send no credentials.
fn lower_security(
    reqs: Option<&Vec<SecurityRequirement>>,
    scheme_names: &[String],
) -> Vec<Vec<usize>> {
    let Some(reqs) = reqs else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for req in reqs {
        let set: Vec<usize> = req
            .keys()
            .filter_map(|k| scheme_names.iter().position(|n| n == k))
            .collect();
        if set.len() == req.len() {
            out.push(set);
        }
    }
    // An empty requirement (`{}`) among alternatives makes credentials optional.
    if out.iter().any(Vec::is_empty) {
        out.retain(|s| !s.is_empty());
        out.push(Vec::new());
    }
    out
}

struct OperationLowering<'r, 's, 'a> {
    resolver: &'r Resolver<'a>,
    schemas: &'s mut Schemas<'a>,
    prefix: String,
    pointer: String,
}

fn location_key(p: &Parameter) -> (&str, &'static str) {
    let loc = match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    };
    (p.parameter_data_ref().name.as_str(), loc)
}

impl<'r, 's, 'a> OperationLowering<'r, 's, 'a> {
    fn params(
        &mut self,
        shared: &'a [ReferenceOr<Parameter>],
        shared_ptr: &str,
        own: &'a [ReferenceOr<Parameter>],
    ) -> Vec<Param> {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: Vec<(&'a Parameter, String)> = Vec::new();
        for (list, owner) in [
            (shared, shared_ptr.to_string()),
            (own, self.pointer.clone()),
        ] {
            for (i, p) in list.iter().enumerate() {
                let ptr = join(&owner, &["parameters", &i.to_string()]);
                let Some(param) = self.resolver.parameter(p) else {
                    self.schemas
                        .diags
                        .warning(&ptr, "parameter reference cannot be resolved; skipped");
                    continue;
                };
                let key = location_key(param);
                merged.retain(|(q, _)| location_key(q) != key);
                merged.push((param, ptr));
            }
        }
        let mut path_names = UniqueNames::with_reserved(&["self", "body", "params", "form"]);
        let mut field_names = UniqueNames::new();
        let mut out = Vec::new();
        for (param, ptr) in merged {
            let data = param.parameter_data_ref();
            if matches!(param, Parameter::Header { .. }) && is_owned_header(&data.name) {
                continue;
            }
            let location = match param {
                Parameter::Path { style, .. } => {
                    if !matches!(style, PathStyle::Simple) {
                        self.schemas.diags.warning(
                            &ptr,
                            "only the `simple` path style is supported; sent as simple",
                        );
                    }
                    ParamLocation::Path
                }
                Parameter::Query { style, .. } => {
                    let style = match style {
                        OaQueryStyle::Form => QueryStyle::Form,
                        OaQueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        OaQueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        OaQueryStyle::DeepObject => QueryStyle::DeepObject,
                    };
                    let explode = data.explode.unwrap_or(style == QueryStyle::Form);
                    ParamLocation::Query { style, explode }
                }
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let slot = Slot::Hint(format!("{}{}", self.prefix, pascal_case(&data.name)));
            let mut example = data
                .example
                .clone()
                .or_else(|| first_example(&data.examples));
            let (ty, constraints) = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    example = example.or_else(|| {
                        self.schemas
                            .resolve(s)
                            .and_then(|s| s.schema_data.example.clone())
                    });
                    let ty = self.schemas.lower_ref(s, slot, &join(&ptr, &["schema"]));
                    let c = match s {
                        ReferenceOr::Item(s) => constraints_of(s),
                        _ => Constraints::default(),
                    };
                    (ty, c)
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.schemas.diags.warning(
                        &ptr,
                        "parameter given by `content` is sent as a plain string",
                    );
                    (TypeRef::String, Constraints::default())
                }
            };
            let is_path = location == ParamLocation::Path;
            let rust_name = if is_path {
                path_names.claim(&snake_case(&data.name))
            } else {
                field_names.claim(&snake_case(&data.name))
            };
            out.push(Param {
                rust_name,
                wire_name: data.name.clone(),
                required: data.required || is_path,
                location,
                ty: ty.non_null().clone(),
                docs: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                constraints,
                example,
                setter: None,
            });
        }
        out
    }

    fn body(&mut self, body: &'a ReferenceOr<openapiv3::RequestBody>) -> Option<RequestBody> {
        let ptr = join(&self.pointer, &["requestBody"]);
        let Some(body) = self.resolver.request_body(body) else {
            self.schemas
                .diags
                .warning(&ptr, "request body reference cannot be resolved; skipped");
            return None;
        };
        let content = &body.content;
        let pick = |pred: &dyn Fn(&str) -> bool| {
            content.iter().find(|(k, _)| pred(&k.to_ascii_lowercase()))
        };
        let slot = Slot::Hint(format!("{}Body", self.prefix));
        let mut chosen = None;
        let kind = if let Some((ct, media)) = pick(&is_json) {
            chosen = Some(media);
            let mptr = join(&ptr, &["content", ct, "schema"]);
            let ty = match &media.schema {
                Some(s) => self.schemas.lower_ref(s, slot, &mptr),
                None => {
                    self.schemas.open(&mptr, "no schema");
                    TypeRef::Json
                }
            };
            BodyKind::Json {
                ty,
                content_type: ct.clone(),
            }
        } else if let Some((ct, media)) = pick(&|c| c.starts_with("multipart/form-data")) {
            let mptr = join(&ptr, &["content", ct]);
            chosen = Some(media);
            self.form(media, &mptr)
        } else if let Some((ct, media)) =
            pick(&|c| c.starts_with("application/x-www-form-urlencoded"))
        {
            let mptr = join(&ptr, &["content", ct, "schema"]);
            chosen = Some(media);
            let ty = match &media.schema {
                Some(s) => self.schemas.lower_ref(s, slot, &mptr),
                None => {
                    self.schemas.open(&mptr, "no schema");
                    TypeRef::JsonObject
                }
            };
            BodyKind::FormUrlEncoded { ty }
        } else if let Some((ct, _)) = pick(&|c| c.starts_with("text/")) {
            BodyKind::Text {
                content_type: ct.clone(),
            }
        } else {
            BodyKind::Bytes {
                content_types: content.keys().cloned().collect(),
            }
        };
        let example = chosen.and_then(|media| {
            media
                .example
                .clone()
                .or_else(|| first_example(&media.examples))
                .or_else(|| {
                    let schema = media.schema.as_ref()?;
                    self.schemas.resolve(schema)?.schema_data.example.clone()
                })
        });
        Some(RequestBody {
            required: body.required,
            docs: body.description.clone(),
            kind,
            example,
        })
    }

    /// A multipart body: one part per property, files streamed. A schema
    /// that is not an object is the body's one part, named by the media
    /// type's one `encoding` entry, else `file`.
    fn form(&mut self, media: &'a MediaType, pointer: &str) -> BodyKind {
        let schema_ptr = join(pointer, &["schema"]);
        let schema = media.schema.as_ref().and_then(|s| self.schemas.resolve(s));
        let name = self
            .schemas
            .names
            .claim_own(&format!("{}Form", self.prefix));
        let mut fields = Vec::new();
        let mut names = UniqueNames::new();
        let content_type = |wire: &str| {
            media
                .encoding
                .get(wire)
                .and_then(|e| e.content_type.clone())
        };
        if let Some(ReferenceOr::Reference { reference }) = &media.schema {
            if let Some(key) = ref_name(reference, "schemas") {
                self.schemas.form_bodies.insert(unescape(key));
            }
        }
        if let (Some(schema), Some(whole)) = (schema, &media.schema) {
            let (props, required): (Vec<_>, BTreeSet<&str>) = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (
                    o.properties.iter().collect(),
                    o.required.iter().map(String::as_str).collect(),
                ),
                SchemaKind::Any(any) if !is_binary(schema) => (
                    any.properties.iter().collect(),
                    any.required.iter().map(String::as_str).collect(),
                ),
                _ => {
                    let wire = match media.encoding.keys().collect::<Vec<_>>()[..] {
                        [only] => only.clone(),
                        _ => "file".to_string(),
                    };
                    self.schemas.diags.warning(
                        &schema_ptr,
                        format!(
                            "multipart body schema is not an object; sent as its one part `{wire}`"
                        ),
                    );
                    let slot = Slot::Hint(format!("{name}{}", pascal_case(&wire)));
                    let kind = self.part_kind(Some(schema), &schema_ptr, |s| {
                        s.lower_ref(whole, slot, &schema_ptr)
                    });
                    fields.push(FormField {
                        rust_name: names.claim(&snake_case(&wire)),
                        content_type: content_type(&wire),
                        wire_name: wire,
                        required: true,
                        docs: None,
                        kind,
                        setter: None,
                    });
                    (Vec::new(), BTreeSet::new())
                }
            };
            for (wire, prop) in props {
                let pptr = join(&schema_ptr, &["properties", wire]);
                let resolved = self.schemas.resolve_boxed(prop);
                let slot = Slot::Hint(format!("{name}{}", pascal_case(wire)));
                let kind = self.part_kind(resolved, &pptr, |s| s.lower_boxed(prop, slot, &pptr));
                fields.push(FormField {
                    rust_name: names.claim(&snake_case(wire)),
                    wire_name: wire.clone(),
                    required: required.contains(wire.as_str()),
                    docs: resolved.and_then(|s| s.schema_data.description.clone()),
                    kind,
                    content_type: content_type(wire),
                    setter: None,
                });
            }
        }
        self.schemas.types.push(TypeDef {
            name: name.clone(),
            pointer: schema_ptr,
            docs: schema.and_then(|s| s.schema_data.description.clone()),
            deprecated: false,
            kind: TypeKind::Form(FormDef { fields }),
            features: Vec::new(),
        });
        BodyKind::Multipart {
            ty: TypeRef::Named(name),
        }
    }

    /// How a response's body is read: JSON first, then an event stream (on
    /// a success), text, nothing, or bytes.
    fn response_body(
        &mut self,
        resp: &'a openapiv3::Response,
        success: bool,
        slot: Slot,
        pointer: &str,
    ) -> ResponseBody {
        let find = |pred: &dyn Fn(&str) -> bool| {
            resp.content
                .iter()
                .find(|(k, _)| pred(&k.to_ascii_lowercase()))
        };
        let schema_ptr = |ct: &str| join(pointer, &["content", ct, "schema"]);
        if let Some((ct, media)) = find(&is_json) {
            return ResponseBody::Json(match &media.schema {
                Some(s) => self.schemas.lower_ref(s, slot, &schema_ptr(ct)),
                None => {
                    self.schemas.open(&schema_ptr(ct), "no schema");
                    TypeRef::Json
                }
            });
        }
        if let Some((ct, media)) = find(&is_event_stream) {
            let typed = media.schema.as_ref().filter(|_| !self.is_text(media));
            if success {
                let data = typed.map(|s| self.schemas.lower_ref(s, slot, &schema_ptr(ct)));
                return ResponseBody::EventStream(data);
            }
            if typed.is_some() {
                self.schemas.diags.warning(
                    schema_ptr(ct),
                    "an error response's event stream is read whole as text; its schema is not used",
                );
            }
            return ResponseBody::Text;
        }
        if find(&|k| k.starts_with("text/")).is_some() {
            ResponseBody::Text
        } else if resp.content.is_empty() {
            ResponseBody::Empty
        } else {
            ResponseBody::Bytes
        }
    }

    /// Whether a media type's schema is a string: its data is text as sent.
    fn is_text(&self, media: &MediaType) -> bool {
        media
            .schema
            .as_ref()
            .and_then(|s| self.schemas.resolve(s))
            .is_some_and(|s| matches!(s.schema_kind, SchemaKind::Type(Type::String(_))))
    }

    /// How a part holding `schema` is sent: a file for `format: binary`,
    /// files for an array of them, else a value of the type `lower` gives.
    fn part_kind(
        &mut self,
        schema: Option<&Schema>,
        pointer: &str,
        lower: impl FnOnce(&mut Schemas<'a>) -> TypeRef,
    ) -> FormFieldKind {
        let Some(schema) = schema else {
            self.schemas
                .open(pointer, "reference to no component schema");
            return FormFieldKind::Value(TypeRef::Json);
        };
        if is_binary(schema) {
            return FormFieldKind::File;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(a))
                if a.items
                    .as_ref()
                    .and_then(|i| self.schemas.resolve_boxed(i))
                    .is_some_and(is_binary) =>
            {
                FormFieldKind::Files
            }
            _ => FormFieldKind::Value(lower(self.schemas).non_null().clone()),
        }
    }

    fn responses(&mut self, responses: &'a openapiv3::Responses) -> Vec<Response> {
        let ptr = join(&self.pointer, &["responses"]);
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, String)> =
            Vec::new();
        for (code, r) in &responses.responses {
            let (status, key) = match code {
                StatusCode::Code(n) => (StatusMatch::Code(*n), n.to_string()),
                StatusCode::Range(n) => (StatusMatch::Range(*n), format!("{n}XX")),
            };
            entries.push((status, r, join(&ptr, &[&key])));
        }
        if let Some(d) = &responses.default {
            entries.push((StatusMatch::Default, d, join(&ptr, &["default"])));
        }
        let has_success = entries.iter().any(|(s, _, _)| is_success(s));
        let mut variants = UniqueNames::new();
        let mut out = Vec::new();
        for (status, r, rptr) in entries {
            let Some(resp) = self.resolver.response(r) else {
                self.schemas
                    .diags
                    .warning(&rptr, "response reference cannot be resolved; skipped");
                continue;
            };
            let success = is_success(&status) || (status == StatusMatch::Default && !has_success);
            let variant = variants.claim(&status_variant(&status));
            let slot = Slot::Hint(format!(
                "{}{}",
                self.prefix,
                status_type_suffix(&status, success)
            ));
            let body = self.response_body(resp, success, slot, &rptr);
            let mut header_names = UniqueNames::new();
            let headers = resp
                .headers
                .iter()
                .filter_map(|(name, h)| {
                    let header = self.resolver.header(h)?;
                    let ty = match &header.format {
                        ParameterSchemaOrContent::Schema(s) => {
                            let hptr = join(&rptr, &["headers", name, "schema"]);
                            self.schemas.lower_ref(
                                s,
                                Slot::Hint(format!("{}{}Header", self.prefix, pascal_case(name))),
                                &hptr,
                            )
                        }
                        ParameterSchemaOrContent::Content(_) => TypeRef::String,
                    };
                    Some(ResponseHeader {
                        rust_name: header_names.claim(&snake_case(name)),
                        wire_name: name.to_ascii_lowercase(),
                        ty: ty.non_null().clone(),
                        docs: header.description.clone(),
                    })
                })
                .collect();
            out.push(Response {
                status,
                is_success: success,
                variant,
                docs: Some(resp.description.clone()).filter(|d| !d.trim().is_empty()),
                body,
                headers,
            });
        }
        out
    }
}

/// Headers the client sets itself: OpenAPI says `Accept`, `Content-Type` and
/// `Authorization` parameters are ignored (the body and security schemes
/// decide them), and `Content-Length` belongs to the HTTP layer, which takes it
/// from the body.
/// The value of the first inline entry of an `examples` map.
fn first_example(
    examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
) -> Option<serde_json::Value> {
    examples.values().find_map(|e| match e {
        ReferenceOr::Item(e) => e.value.clone(),
        ReferenceOr::Reference { .. } => None,
    })
}

fn is_owned_header(name: &str) -> bool {
    ["accept", "content-type", "authorization", "content-length"]
        .contains(&name.to_ascii_lowercase().as_str())
}

/// Server-Sent Events: `text/event-stream`, with or without parameters.
fn is_event_stream(ct: &str) -> bool {
    ct.split(';').next().unwrap_or("").trim() == "text/event-stream"
}

/// JSON media types: `application/json`, `*/*+json`, `application/json; charset=…`.
fn is_json(ct: &str) -> bool {
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "text/json"
}

fn is_success(s: &StatusMatch) -> bool {
    match s {
        StatusMatch::Code(c) => (100..400).contains(c),
        StatusMatch::Range(r) => (1..4).contains(r),
        StatusMatch::Default => false,
    }
}

/// Variant name for a status: the reason phrase where there is a well-known one.
fn status_variant(s: &StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => match c {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            204 => "NoContent".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            402 => "PaymentRequired".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            405 => "MethodNotAllowed".into(),
            409 => "Conflict".into(),
            410 => "Gone".into(),
            412 => "PreconditionFailed".into(),
            413 => "PayloadTooLarge".into(),
            415 => "UnsupportedMediaType".into(),
            422 => "UnprocessableEntity".into(),
            425 => "TooEarly".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            502 => "BadGateway".into(),
            503 => "ServiceUnavailable".into(),
            504 => "GatewayTimeout".into(),
            other => format!("Status{other}"),
        },
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

fn status_type_suffix(s: &StatusMatch, success: bool) -> String {
    let base = match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}xx"),
        StatusMatch::Default => "Default".into(),
    };
    if success {
        format!("Response{base}")
    } else {
        format!("Error{base}")
    }
}
