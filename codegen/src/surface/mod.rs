//! The public surface of a generated crate: what a caller can use, one line
//! per item (`key: value`), sorted, so that a spec edit shows up as a few
//! readable lines in a review, and two surfaces can be compared
//! ([`diff`]) to say what an edit does to the crate's callers.
//!
//! Keys name an item by path (`operation create_upload param email_asset_id`,
//! `type Contact field email`, `type Status value active`); values hold what
//! a caller depends on (types, required or optional, method and path).

pub mod diff;

#[cfg(test)]
mod tests;

use crate::ir::{
    Api, BodyKind, Operation, ParamLocation, ResponseBody, StatusMatch, TypeDef, TypeKind, TypeRef,
};
use std::collections::BTreeMap;

/// A crate's surface: each item's key and value, ordered by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub items: BTreeMap<String, String>,
}

impl Surface {
    /// The surface of the crate generated from `api`.
    pub fn of(api: &Api) -> Self {
        let mut s = Surface::default();
        s.put("version", &api.crate_version);
        for f in &api.features {
            s.put(&format!("feature {}", f.name), "");
        }
        for op in &api.operations {
            operation(&mut s, op);
        }
        for flow in &api.upload_flows {
            let step = |i: usize| api.operations.get(i).map_or("?", |o| o.rust_name.as_str());
            s.put(
                &format!("flow {}", flow.rust_name),
                &format!(
                    "{}, {}, {}",
                    step(flow.create),
                    step(flow.upload),
                    step(flow.complete)
                ),
            );
        }
        for t in &api.types {
            type_def(&mut s, t);
        }
        s
    }

    fn put(&mut self, key: &str, value: &str) {
        self.items.insert(key.to_string(), value.to_string());
    }

    /// The surface as text: one `key: value` line per item (`key` alone
    /// when the value is empty), in key order.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (k, v) in &self.items {
            out.push_str(k);
            if !v.is_empty() {
                out.push_str(": ");
                out.push_str(v);
            }
            out.push('\n');
        }
        out
    }

    /// Reads what [`to_text`](Self::to_text) wrote; lines that are not
    /// items (blank ones) are skipped.
    pub fn parse(text: &str) -> Self {
        let mut s = Surface::default();
        for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
            // Values hold no `": "`; a key may (in a quoted enum value).
            match line.rsplit_once(": ") {
                Some((k, v)) => s.put(k, v),
                None => s.put(line, ""),
            }
        }
        s
    }

    /// The surface an insta snapshot file holds: the text after its
    /// `---` header (how the committed surfaces are kept).
    pub fn from_snapshot(text: &str) -> Self {
        let body = match text.strip_prefix("---\n") {
            Some(rest) => rest.split_once("\n---\n").map_or(rest, |(_, body)| body),
            None => text,
        };
        Self::parse(body)
    }

    /// The crate version the surface records.
    pub fn version(&self) -> Option<&str> {
        self.items.get("version").map(String::as_str)
    }
}

/// A type as a caller writes it, without paths: `Vec<Contact>`, `Option<i64>`.
pub fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I8 => "i8".into(),
        TypeRef::I16 => "i16".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U8 => "u8".into(),
        TypeRef::U16 => "u16".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Url => "Url".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::JsonObject => "JsonObject".into(),
        TypeRef::Vec(i) => format!("Vec<{}>", type_text(i)),
        TypeRef::Map(i) => format!("Map<{}>", type_text(i)),
        TypeRef::Nullable(i) => format!("Option<{}>", type_text(i)),
    }
}

fn required(yes: bool) -> &'static str {
    if yes {
        "required"
    } else {
        "optional"
    }
}

fn status_text(s: &StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(d) => format!("{d}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn body_text(b: &ResponseBody) -> String {
    match b {
        ResponseBody::Empty => "empty".into(),
        ResponseBody::Json(t) => type_text(t),
        ResponseBody::Text => "text".into(),
        ResponseBody::Bytes => "bytes".into(),
        ResponseBody::EventStream(t) => {
            format!("events of {}", t.as_ref().map_or("text".into(), type_text))
        }
    }
}

fn operation(s: &mut Surface, op: &Operation) {
    let name = format!("operation {}", op.rust_name);
    let mut value = format!("{} {}", op.method.to_uppercase(), op.path);
    if let Some(f) = &op.feature {
        value.push_str(&format!(" [{f}]"));
    }
    s.put(&name, &value);
    for p in &op.params {
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query { .. } => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        s.put(
            &format!("{name} param {}", p.rust_name),
            &format!(
                "{location} {} {}",
                type_text(&p.ty),
                required(p.required || p.location == ParamLocation::Path)
            ),
        );
    }
    if let Some(b) = &op.body {
        let (kind, ty) = match &b.kind {
            BodyKind::Json { ty, .. } => ("json", type_text(ty)),
            BodyKind::Multipart { ty } => ("multipart", type_text(ty)),
            BodyKind::FormUrlEncoded { ty } => ("form", type_text(ty)),
            BodyKind::Text { .. } => ("text", "String".into()),
            BodyKind::Bytes { .. } => ("bytes", "Body".into()),
        };
        s.put(
            &format!("{name} body"),
            &format!("{kind} {ty} {}", required(b.required)),
        );
    }
    for r in &op.responses {
        let status = status_text(&r.status);
        if r.is_success {
            s.put(&format!("{name} ok {status}"), &body_text(&r.body));
        } else {
            s.put(
                &format!("{name} error {status} {}", r.variant),
                &body_text(&r.body),
            );
        }
    }
    if op.pagination.is_some() {
        s.put(&format!("{name} stream pages"), "");
        s.put(&format!("{name} stream items"), "");
    }
}

fn type_def(s: &mut Surface, t: &TypeDef) {
    let name = format!("type {}", t.name);
    let value = match &t.kind {
        TypeKind::Struct(_) => "struct".to_string(),
        TypeKind::Enum(_) => "enum".to_string(),
        TypeKind::Union(_) => "union".to_string(),
        TypeKind::Form(_) => "form".to_string(),
        TypeKind::Alias(target) => format!("alias of {}", type_text(target)),
    };
    // A type's features follow from its operations', which the surface
    // shows: left out, they would make every new area look like a change.
    s.put(&name, &value);
    match &t.kind {
        TypeKind::Struct(st) => {
            for f in &st.fields {
                let ty = if f.nullable {
                    format!("Option<{}>", type_text(&f.ty))
                } else {
                    type_text(&f.ty)
                };
                s.put(
                    &format!("{name} field {}", f.rust_name),
                    &format!("{ty} {}", required(f.required)),
                );
            }
            if let Some(a) = &st.additional {
                s.put(
                    &format!("{name} field {}", a.field),
                    &format!("Map<{}> optional", type_text(&a.ty)),
                );
            }
        }
        TypeKind::Enum(e) => {
            for v in &e.variants {
                s.put(&format!("{name} value {:?}", v.wire_value), &v.rust_name);
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                s.put(
                    &format!("{name} variant {}", v.rust_name),
                    &v.ty
                        .as_ref()
                        .map_or_else(|| "(tag only)".to_string(), type_text),
                );
            }
        }
        TypeKind::Form(f) => {
            for field in &f.fields {
                let ty = match &field.kind {
                    crate::ir::FormFieldKind::File => "file".to_string(),
                    crate::ir::FormFieldKind::Files => "files".to_string(),
                    crate::ir::FormFieldKind::Value(t) => type_text(t),
                };
                s.put(
                    &format!("{name} field {}", field.rust_name),
                    &format!("{ty} {}", required(field.required)),
                );
            }
        }
        TypeKind::Alias(_) => {}
    }
}
