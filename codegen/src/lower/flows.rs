//! `x-upload-flow`: an operation that starts a create → upload → complete
//! sequence names its partners and the fields that link them. Each flow is
//! checked against the lowered operations and types and becomes an
//! [`UploadFlow`]; anything that does not fit is an error at the extension.

use super::op_names::OperationNames;
use crate::diag::{join, Diagnostics};
use crate::ir::{
    BodyKind, Field, FlowField, Operation, ParamLocation, PassAs, ResponseBody, TypeDef, TypeKind,
    TypeRef, UploadFlow,
};
use crate::names::{pascal_case, snake_case};
use serde_json::Value;

/// An `x-upload-flow` value found on the operation at `op` (an index).
pub struct Pending<'a> {
    pub op: usize,
    pub value: &'a Value,
}

pub fn lower_flows(
    pending: &[Pending<'_>],
    ops: &[Operation],
    types: &[TypeDef],
    names: &mut OperationNames,
    diags: &mut Diagnostics,
) -> Vec<UploadFlow> {
    let mut flows = Vec::new();
    for p in pending {
        let pointer = join(&ops[p.op].pointer, &["x-upload-flow"]);
        let mut cx = Cx {
            ops,
            types,
            pointer: &pointer,
            errors: Vec::new(),
        };
        let flow = cx.flow(p);
        if !cx.errors.is_empty() {
            for e in cx.errors {
                diags.error(&pointer, format!("`x-upload-flow`: {e}"));
            }
            continue;
        }
        if let Some(mut flow) = flow {
            match names.flow(&ops[p.op].pointer) {
                Some(named) => {
                    flow.rust_name = named.rust_name.clone();
                    flow.type_prefix = named.type_prefix.clone();
                }
                None => {
                    flow.rust_name = names.methods.claim(&flow.rust_name);
                    flow.type_prefix = names.prefixes.claim(&flow.type_prefix);
                }
            }
            flows.push(flow);
        }
    }
    flows
}

struct Cx<'c> {
    ops: &'c [Operation],
    types: &'c [TypeDef],
    pointer: &'c str,
    errors: Vec<String>,
}

impl<'c> Cx<'c> {
    fn flow(&mut self, p: &Pending<'_>) -> Option<UploadFlow> {
        let Some(obj) = p.value.as_object() else {
            self.errors.push("must be an object".into());
            return None;
        };
        let mut key = |k: &str| match obj.get(k).and_then(Value::as_str) {
            Some(v) => Some(v.to_string()),
            None => {
                self.errors.push(format!("`{k}` must be a string"));
                None
            }
        };
        let name = key("name");
        let upload = key("upload");
        let complete = key("complete");
        let ct_field = key("contentTypeField");
        let len_field = key("contentLengthField");
        let url_field = key("urlField");
        let id_field = key("idField");
        let id_param = key("completeIdParameter");
        let (
            Some(name),
            Some(upload),
            Some(complete),
            Some(ct_field),
            Some(len_field),
            Some(url_field),
            Some(id_field),
            Some(id_param),
        ) = (
            name, upload, complete, ct_field, len_field, url_field, id_field, id_param,
        )
        else {
            return None;
        };
        let create_op = &self.ops[p.op];
        let upload_idx = self.op_by_id("upload", &upload);
        let complete_idx = self.op_by_id("complete", &complete);

        // The create call: no parameters, a JSON struct body, a JSON struct answer.
        if !create_op.params.is_empty() {
            self.errors
                .push("the operation that starts the flow must take no parameters".into());
        }
        let request_type = match create_op.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Json {
                ty: TypeRef::Named(n),
                ..
            }) => n.clone(),
            _ => {
                self.errors
                    .push("the operation that starts the flow must take a JSON object body".into());
                return None;
            }
        };
        let request = self.struct_fields(&request_type)?;
        let ct = self.field(request, &ct_field, "contentTypeField");
        let len = self.field(request, &len_field, "contentLengthField");
        let (Some(ct), Some(len)) = (ct, len) else {
            return None;
        };
        let content_type_enum = match ct.ty.non_null() {
            TypeRef::Named(n) if self.enum_values(n).is_some() => Some(n.clone()),
            TypeRef::String => None,
            _ => {
                self.errors
                    .push(format!("`{ct_field}` must be a string or a string enum"));
                None
            }
        };
        let content_types = content_type_enum
            .as_deref()
            .and_then(|n| self.enum_values(n))
            .unwrap_or_default();
        if !len.ty.non_null().is_integer() {
            self.errors
                .push(format!("`{len_field}` must be an integer"));
        }
        let (min_length, max_length) = length_bounds(len);
        let mut unset_fields = Vec::new();
        for f in request {
            if f.wire_name == ct_field || f.wire_name == len_field {
                continue;
            }
            if f.required {
                self.errors.push(format!(
                    "the request field `{}` is required, and the flow cannot fill it",
                    f.wire_name
                ));
            }
            unset_fields.push(f.rust_name.clone());
        }
        let successes: Vec<&ResponseBody> = create_op
            .responses
            .iter()
            .filter(|r| r.is_success)
            .map(|r| &r.body)
            .collect();
        let created_type = match successes.as_slice() {
            [ResponseBody::Json(TypeRef::Named(n)), rest @ ..]
                if rest.iter().all(|b| *b == successes[0]) =>
            {
                Some(n.clone())
            }
            _ => None,
        };
        let Some(created_type) = created_type else {
            self.errors.push(
                "every success of the operation that starts the flow must be the same JSON object"
                    .into(),
            );
            return None;
        };
        let created = self.struct_fields(&created_type)?;
        let url = self.field(created, &url_field, "urlField");
        let id = self.field(created, &id_field, "idField");
        let (Some(upload_idx), Some(complete_idx), Some(url), Some(id)) =
            (upload_idx, complete_idx, url, id)
        else {
            return None;
        };

        // The upload call: only the absolute URL, and a raw body.
        let upload_op = &self.ops[upload_idx];
        let url_param = upload_op.absolute_url_param.as_ref().and_then(|w| {
            upload_op
                .params
                .iter()
                .find(|p| &p.wire_name == w && p.location == ParamLocation::Path)
        });
        let url_pass = match url_param {
            Some(param) if upload_op.params.len() == 1 => self.pass(url, &param.ty),
            _ => {
                self.errors.push(format!(
                    "`{upload}` must take only an `x-absolute-url` path parameter"
                ));
                None
            }
        };
        if !matches!(
            upload_op.body.as_ref(),
            Some(b) if b.required && matches!(b.kind, BodyKind::Bytes { .. })
        ) {
            self.errors
                .push(format!("`{upload}` must take a required raw (binary) body"));
        }

        // The complete call: only the id as a path parameter.
        let complete_op = &self.ops[complete_idx];
        let id_pass = match complete_op.params.as_slice() {
            [param] if param.wire_name == id_param && param.location == ParamLocation::Path => {
                self.pass(id, &param.ty)
            }
            _ => {
                self.errors.push(format!(
                    "`{complete}` must take only the path parameter `{id_param}`"
                ));
                None
            }
        };
        if complete_op.body.as_ref().is_some_and(|b| b.required) {
            self.errors
                .push(format!("`{complete}` must not require a body"));
        }

        Some(UploadFlow {
            rust_name: snake_case(&name),
            type_prefix: pascal_case(&name),
            pointer: self.pointer.to_string(),
            docs: obj
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            create: p.op,
            upload: upload_idx,
            complete: complete_idx,
            request_type,
            content_type_field: flow_field(ct, PassAs::Borrow),
            content_type_enum,
            length_field: flow_field(len, PassAs::Copy),
            unset_fields,
            content_types,
            min_length,
            max_length,
            url_field: flow_field(url, url_pass?),
            id_field: flow_field(id, id_pass?),
        })
    }

    fn op_by_id(&mut self, role: &str, id: &str) -> Option<usize> {
        let found = self
            .ops
            .iter()
            .position(|o| o.operation_id.as_deref() == Some(id));
        if found.is_none() {
            self.errors
                .push(format!("`{role}` names `{id}`, which is no operationId"));
        }
        found
    }

    fn struct_fields(&mut self, name: &str) -> Option<&'c [Field]> {
        let types = self.types;
        match types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => Some(&s.fields),
            _ => {
                self.errors
                    .push(format!("`{name}` must be an object with properties"));
                None
            }
        }
    }

    fn enum_values(&self, name: &str) -> Option<Vec<String>> {
        match self.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => {
                Some(e.variants.iter().map(|v| v.wire_value.clone()).collect())
            }
            _ => None,
        }
    }

    fn field(&mut self, fields: &'c [Field], wire: &str, role: &str) -> Option<&'c Field> {
        match fields.iter().find(|f| f.wire_name == wire) {
            Some(f) if f.required && !f.nullable => Some(f),
            Some(_) => {
                self.errors.push(format!(
                    "`{role}` names `{wire}`, which must be required and not nullable"
                ));
                None
            }
            None => {
                self.errors.push(format!(
                    "`{role}` names `{wire}`, which is no such property"
                ));
                None
            }
        }
    }

    /// How a response field is handed to a parameter of type `param`.
    fn pass(&mut self, field: &Field, param: &TypeRef) -> Option<PassAs> {
        let ty = field.ty.non_null();
        match (ty, param) {
            (a, b) if a == b && a.is_copy() => Some(PassAs::Copy),
            (a, b) if a == b => Some(PassAs::Borrow),
            (TypeRef::Url, TypeRef::String) => Some(PassAs::AsStr),
            _ => {
                self.errors.push(format!(
                    "the response field `{}` does not have the type of the parameter it is passed to",
                    field.wire_name
                ));
                None
            }
        }
    }
}

fn flow_field(f: &Field, pass: PassAs) -> FlowField {
    FlowField {
        rust_name: f.rust_name.clone(),
        wire_name: f.wire_name.clone(),
        pass,
    }
}

/// Whole-byte bounds from the length field's `minimum`/`maximum`.
fn length_bounds(f: &Field) -> (Option<u64>, Option<u64>) {
    let c = &f.constraints;
    let min = c.minimum.filter(|v| v.is_finite()).map(|v| {
        let v = if c.exclusive_minimum {
            v.floor() + 1.0
        } else {
            v.ceil()
        };
        v.max(0.0) as u64
    });
    let max = c.maximum.filter(|v| v.is_finite() && *v >= 0.0).map(|v| {
        if c.exclusive_maximum {
            (v.ceil() - 1.0).max(0.0) as u64
        } else {
            v.floor() as u64
        }
    });
    (min, max)
}
