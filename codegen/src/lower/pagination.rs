//! Cursor pagination: list operations whose pages link by a cursor. The
//! usual shape is found without help: an optional `cursor` query parameter,
//! and a JSON page holding `pagination.nextCursor` beside one array of items.
//! `x-pagination` on an operation names the parts where they are called
//! otherwise, or turns detection off (`false`). Each paged operation gets a
//! [`Pagination`]; a malformed extension is an error at its pointer, and a
//! list that looks paged but does not fit is a warning.

use crate::diag::{join, Diagnostics};
use crate::ir::{
    Field, FieldStep, Operation, Pagination, Param, ParamLocation, ResponseBody, TypeDef, TypeKind,
    TypeRef,
};
use crate::names::UniqueNames;
use serde_json::Value;

/// The parts of the usual shape, and the extension's keys that rename them.
const CURSOR_PARAM: &str = "cursor";
const NEXT_CURSOR: &str = "pagination.nextCursor";
const KEYS: &[&str] = &["cursorParam", "nextCursor", "items"];

/// Decides which operations are paged, and names their stream methods.
/// `extensions` holds each operation's `x-pagination`, in the order of `ops`.
pub fn lower_pagination(
    ops: &mut [Operation],
    extensions: &[Option<&Value>],
    types: &[TypeDef],
    methods: &mut UniqueNames,
    diags: &mut Diagnostics,
) {
    for (op, extension) in ops.iter_mut().zip(extensions) {
        let found = match extension {
            Some(Value::Bool(false)) => continue,
            Some(value) => explicit(op, value, types, diags),
            None => detected(op, types, diags),
        };
        if let Some(mut pagination) = found {
            let stem = op.rust_name.trim_end_matches('_');
            pagination.pages_method = methods.claim(&format!("{stem}_pages"));
            pagination.items_method = methods.claim(&format!("{stem}_items"));
            op.pagination = Some(pagination);
        }
    }
}

/// Where a page's parts are, by wire name; `items: None` takes the page's one array.
struct Parts<'v> {
    cursor_param: &'v str,
    next_cursor: &'v str,
    items: Option<&'v str>,
}

/// An operation with `x-pagination`: every problem is an error at the extension.
fn explicit(
    op: &Operation,
    value: &Value,
    types: &[TypeDef],
    diags: &mut Diagnostics,
) -> Option<Pagination> {
    let mut cx = Cx::new(op, types);
    let found = parts(value, &mut cx.errors).and_then(|parts| cx.pagination(&parts));
    let pointer = join(&op.pointer, &["x-pagination"]);
    for e in &cx.errors {
        diags.error(&pointer, format!("`x-pagination`: {e}"));
    }
    found.filter(|_| cx.errors.is_empty())
}

/// An operation without the extension: paged when it has the usual shape. One
/// that has its marks (a `cursor` query parameter and a `pagination` property)
/// but not the rest gets a warning saying why it is not paged.
fn detected(op: &Operation, types: &[TypeDef], diags: &mut Diagnostics) -> Option<Pagination> {
    let mut cx = Cx::new(op, types);
    let has_cursor = op
        .params
        .iter()
        .any(|p| p.wire_name == CURSOR_PARAM && is_query(p));
    let page = cx.page();
    let has_pagination = page.is_some_and(|fields| {
        let root = NEXT_CURSOR.split('.').next().unwrap_or_default();
        fields.iter().any(|f| f.wire_name == root)
    });
    if !has_cursor || !has_pagination {
        return None;
    }
    let found = cx.pagination(&Parts {
        cursor_param: CURSOR_PARAM,
        next_cursor: NEXT_CURSOR,
        items: None,
    });
    for e in &cx.errors {
        diags.warning(
            &op.pointer,
            format!(
                "looks cursor-paged (`{CURSOR_PARAM}`, `{NEXT_CURSOR}`) but {e}; no page streams \
                 are generated (`x-pagination` can name the parts, or be `false`)"
            ),
        );
    }
    found.filter(|_| cx.errors.is_empty())
}

/// The extension's value as [`Parts`], defaults filled in.
fn parts<'v>(value: &'v Value, errors: &mut Vec<String>) -> Option<Parts<'v>> {
    let Some(obj) = value.as_object() else {
        errors.push("must be an object, or `false`".into());
        return None;
    };
    for k in obj.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        let known: Vec<String> = KEYS.iter().map(|k| format!("`{k}`")).collect();
        errors.push(format!("unknown key `{k}` (known: {})", known.join(", ")));
    }
    let mut text = |k: &str| match obj.get(k) {
        None => Some(None),
        Some(Value::String(s)) => Some(Some(s.as_str())),
        Some(_) => {
            errors.push(format!("`{k}` must be a string"));
            None
        }
    };
    let (cursor_param, next_cursor, items) =
        (text("cursorParam"), text("nextCursor"), text("items"));
    Some(Parts {
        cursor_param: cursor_param?.unwrap_or(CURSOR_PARAM),
        next_cursor: next_cursor?.unwrap_or(NEXT_CURSOR),
        items: items?,
    })
}

struct Cx<'c> {
    op: &'c Operation,
    types: &'c [TypeDef],
    errors: Vec<String>,
}

impl<'c> Cx<'c> {
    fn new(op: &'c Operation, types: &'c [TypeDef]) -> Self {
        Self {
            op,
            types,
            errors: Vec::new(),
        }
    }

    /// The operation's pagination by `parts`; `None`, with a reason, when it does not fit.
    fn pagination(&mut self, parts: &Parts<'_>) -> Option<Pagination> {
        let param = self.cursor_param(parts.cursor_param);
        if self.op.body.is_some() {
            self.errors
                .push("a paged operation cannot take a request body".into());
        }
        let page = self.page();
        if page.is_none() {
            self.errors
                .push("every success response must be the same JSON object (the page)".into());
        }
        let page = page?;
        let next = self.path(page, parts.next_cursor, "nextCursor");
        let items = match parts.items {
            Some(path) => self.path(page, path, "items"),
            None => self.only_array(page),
        };
        if let (Some(param), Some((_, cursor_ty))) = (param, &next) {
            let same = *cursor_ty == resolve(self.types, &param.ty).1;
            if !same || !(**cursor_ty == TypeRef::String || cursor_ty.is_integer()) {
                self.errors.push(format!(
                    "the next cursor `{}` must be a string or an integer, of the type of the parameter `{}`",
                    parts.next_cursor, param.wire_name
                ));
            }
        }
        let item_type = match &items {
            Some((_, TypeRef::Vec(item_type))) => Some(&**item_type),
            Some(_) => {
                self.errors.push(format!(
                    "`items`: `{}` is not an array",
                    parts.items.unwrap_or_default()
                ));
                None
            }
            None => None,
        };
        let (param, (next_cursor, cursor_ty), (items, _), item_type) =
            (param?, next?, items?, item_type?);
        Some(Pagination {
            pages_method: String::new(),
            items_method: String::new(),
            cursor_field: param.rust_name.clone(),
            cursor_wire_name: param.wire_name.clone(),
            next_cursor,
            cursor_is_string: *cursor_ty == TypeRef::String,
            items,
            item_type: item_type.clone(),
        })
    }

    /// The optional query parameter the cursor is sent in.
    fn cursor_param(&mut self, wire: &str) -> Option<&'c Param> {
        let op = self.op;
        match op
            .params
            .iter()
            .find(|p| p.wire_name == wire && is_query(p))
        {
            Some(p) if !p.required => Some(p),
            Some(_) => {
                self.errors.push(format!(
                    "the cursor parameter `{wire}` must be optional (the first page is asked for without it)"
                ));
                None
            }
            None => {
                self.errors.push(format!(
                    "`cursorParam`: `{wire}` is no query parameter of the operation"
                ));
                None
            }
        }
    }

    /// The fields of the page: the one JSON object every success response has.
    fn page(&self) -> Option<&'c [Field]> {
        let mut bodies = self
            .op
            .responses
            .iter()
            .filter(|r| r.is_success)
            .map(|r| &r.body);
        let first = bodies.next()?;
        if !bodies.all(|b| b == first) {
            return None;
        }
        let ResponseBody::Json(ty) = first else {
            return None;
        };
        match resolve(self.types, ty) {
            (0, ty) => struct_fields(self.types, ty),
            _ => None,
        }
    }

    /// The fields a dotted path of wire names goes through, and the type it ends at.
    fn path(
        &mut self,
        page: &'c [Field],
        path: &str,
        role: &str,
    ) -> Option<(Vec<FieldStep>, &'c TypeRef)> {
        let names: Vec<&str> = path.split('.').collect();
        let mut fields = page;
        let mut steps = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let so_far = names[..=i].join(".");
            let Some(field) = fields.iter().find(|f| f.wire_name == *name) else {
                self.errors
                    .push(format!("`{role}`: the page has no property `{so_far}`"));
                return None;
            };
            let (step, ty) = self.step(field);
            steps.push(step);
            if i + 1 == names.len() {
                return Some((steps, ty));
            }
            let Some(inner) = struct_fields(self.types, ty) else {
                self.errors
                    .push(format!("`{role}`: `{so_far}` is not an object"));
                return None;
            };
            fields = inner;
        }
        None
    }

    /// A step through `field`, and the type it reaches (aliases followed).
    fn step(&self, field: &'c Field) -> (FieldStep, &'c TypeRef) {
        let (options, ty) = resolve(self.types, &field.ty);
        let step = FieldStep {
            rust_name: field.rust_name.clone(),
            wire_name: field.wire_name.clone(),
            options: options
                .saturating_add(u8::from(!field.required))
                .saturating_add(u8::from(field.nullable)),
        };
        (step, ty)
    }

    /// The page's one array property, holding the items.
    fn only_array(&mut self, page: &'c [Field]) -> Option<(Vec<FieldStep>, &'c TypeRef)> {
        let arrays: Vec<&Field> = page
            .iter()
            .filter(|f| matches!(resolve(self.types, &f.ty).1, TypeRef::Vec(_)))
            .collect();
        match arrays.as_slice() {
            [one] => {
                let (step, ty) = self.step(one);
                Some((vec![step], ty))
            }
            [] => {
                self.errors
                    .push("the page has no array property to take the items from".into());
                None
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|f| format!("`{}`", f.wire_name))
                    .collect();
                self.errors.push(format!(
                    "the page has several array properties ({}), and `items` must name one",
                    names.join(", ")
                ));
                None
            }
        }
    }
}

fn is_query(p: &Param) -> bool {
    matches!(p.location, ParamLocation::Query { .. })
}

/// A type with aliases followed: how many `Option`s they add, and the type
/// under them. A cycle of aliases stops at a name.
fn resolve<'t>(types: &'t [TypeDef], ty: &'t TypeRef) -> (u8, &'t TypeRef) {
    let mut options = 0u8;
    let mut ty = ty;
    for _ in 0..=2 * types.len() {
        match ty {
            TypeRef::Nullable(inner) => {
                options = options.saturating_add(1);
                ty = inner;
            }
            TypeRef::Named(n) => match types.iter().find(|t| &t.name == n).map(|t| &t.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => break,
            },
            _ => break,
        }
    }
    (options, ty)
}

/// The fields of a struct type (aliases already followed).
fn struct_fields<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t [Field]> {
    let TypeRef::Named(n) = ty else {
        return None;
    };
    match types.iter().find(|t| &t.name == n).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => Some(&s.fields),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Pagination;
    use crate::{to_ir, Diagnostic, Settings};
    use serde_json::{json, Value};

    /// Lowers a spec whose only operation is `GET /things`: its pagination and
    /// every diagnostic.
    fn lower(op: Value) -> (Option<Pagination>, Vec<Diagnostic>) {
        let spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "Things", "version": "1.0.0"},
            "paths": {"/things": {"get": op}},
            "components": {"schemas": {
                "Page": {
                    "type": "object",
                    "required": ["pagination", "data"],
                    "properties": {
                        "pagination": {
                            "type": "object",
                            "properties": {"nextCursor": {"type": "string", "nullable": true}},
                        },
                        "data": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }},
        });
        let settings = Settings {
            crate_name: "things".into(),
            source: "test".into(),
            command: "test".into(),
            deny_warnings: false,
        };
        match to_ir(&spec.to_string(), &settings) {
            Ok((api, warnings)) => (api.operations[0].pagination.clone(), warnings),
            Err(failure) => (None, failure.diagnostics),
        }
    }

    fn cursor(required: bool, ty: &str) -> Value {
        json!({"name": "cursor", "in": "query", "required": required, "schema": {"type": ty}})
    }

    fn page() -> Value {
        json!({"200": {"description": "A page.", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Page"}
        }}}})
    }

    fn messages(diags: &[Diagnostic]) -> Vec<&str> {
        diags.iter().map(|d| d.message.as_str()).collect()
    }

    #[test]
    fn the_usual_shape_is_found() {
        let (found, diags) =
            lower(json!({"parameters": [cursor(false, "string")], "responses": page()}));
        let found = found.expect("paged");
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(
            (found.pages_method.as_str(), found.items_method.as_str()),
            ("get_things_pages", "get_things_items")
        );
        let options: Vec<u8> = found.next_cursor.iter().map(|s| s.options).collect();
        assert_eq!(
            options,
            [0, 2],
            "`pagination` is required; `nextCursor` optional and nullable"
        );
        assert!(found.cursor_is_string);
    }

    #[test]
    fn a_required_cursor_is_a_warning_not_a_stream() {
        let (found, diags) =
            lower(json!({"parameters": [cursor(true, "string")], "responses": page()}));
        assert!(found.is_none());
        let messages = messages(&diags);
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(messages[0].contains("the cursor parameter `cursor` must be optional"));
    }

    #[test]
    fn a_request_body_is_a_warning_not_a_stream() {
        let (found, diags) = lower(json!({
            "parameters": [cursor(false, "string")],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": page(),
        }));
        assert!(found.is_none());
        assert!(messages(&diags)[0].contains("a paged operation cannot take a request body"));
    }

    #[test]
    fn the_cursor_must_have_the_parameters_type() {
        let (found, diags) = lower(json!({
            "x-pagination": {"items": "data"},
            "parameters": [cursor(false, "integer")],
            "responses": page(),
        }));
        assert!(found.is_none());
        assert_eq!(
            messages(&diags),
            ["`x-pagination`: the next cursor `pagination.nextCursor` must be a string or an integer, of the type of the parameter `cursor`"]
        );
    }

    #[test]
    fn a_named_page_needs_one_json_object_for_every_success() {
        let (found, diags) = lower(json!({
            "x-pagination": {},
            "parameters": [cursor(false, "string")],
            "responses": {
                "200": page()["200"].clone(),
                "203": {"description": "Text.", "content": {"text/plain": {}}},
            },
        }));
        assert!(found.is_none());
        assert_eq!(
            messages(&diags),
            ["`x-pagination`: every success response must be the same JSON object (the page)"]
        );
    }

    #[test]
    fn without_the_marks_nothing_is_said() {
        let (found, diags) = lower(json!({
            "parameters": [{"name": "after", "in": "query", "schema": {"type": "string"}}],
            "responses": page(),
        }));
        assert!(found.is_none());
        assert!(diags.is_empty(), "{diags:#?}");
    }
}
