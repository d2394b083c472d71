//! Pagination: list operations whose pages name the next one, by a cursor
//! or by a link. The usual cursor shape is found without help: an optional
//! `cursor` query parameter, and a JSON page holding `pagination.nextCursor`
//! beside one array of items. `x-pagination` on an operation names the parts
//! where they are called otherwise (`nextLink` asks for a link instead of a
//! cursor), or turns detection off (`false`); AutoRest's `x-ms-pageable`
//! (`nextLinkName`, `itemName`) asks for a link. Each paged operation gets a
//! [`Pagination`]; a malformed extension is an error at its pointer, and a
//! list that looks paged but does not fit is a warning.

use crate::diag::{join, Diagnostics};
use crate::ir::{
    Field, FieldStep, Operation, PageLink, Pagination, Param, ParamLocation, ResponseBody, TypeDef,
    TypeKind, TypeRef,
};
use crate::names::UniqueNames;
use serde_json::Value;

/// The parts of the usual shape, and the extension's keys that rename them.
const CURSOR_PARAM: &str = "cursor";
const NEXT_CURSOR: &str = "pagination.nextCursor";
const KEYS: &[&str] = &["cursorParam", "nextCursor", "nextLink", "items"];
/// AutoRest's `x-ms-pageable` keys, and the items' default name there.
const MS_KEYS: &[&str] = &["nextLinkName", "itemName", "operationName"];
const MS_ITEMS: &str = "value";

/// An operation's extensions that speak of pagination.
#[derive(Clone, Copy, Default)]
pub struct PagingExtensions<'v> {
    /// `x-pagination`, which wins when both are given.
    pub pagination: Option<&'v Value>,
    /// AutoRest's `x-ms-pageable`.
    pub ms_pageable: Option<&'v Value>,
}

/// Decides which operations are paged, and names their stream methods.
/// `extensions` holds each operation's extensions, in the order of `ops`.
pub fn lower_pagination(
    ops: &mut [Operation],
    extensions: &[PagingExtensions<'_>],
    types: &[TypeDef],
    methods: &mut UniqueNames,
    diags: &mut Diagnostics,
) {
    for (op, extension) in ops.iter_mut().zip(extensions) {
        let found = match (extension.pagination, extension.ms_pageable) {
            (Some(Value::Bool(false)), _) => continue,
            (Some(value), _) => explicit(op, "x-pagination", value, parts, types, diags),
            (None, Some(value)) => explicit(op, "x-ms-pageable", value, ms_parts, types, diags),
            (None, None) => detected(op, types, diags),
        };
        if let Some(mut pagination) = found {
            let stem = op.rust_name.trim_end_matches('_');
            pagination.pages_method = methods.claim(&format!("{stem}_pages"));
            pagination.items_method = methods.claim(&format!("{stem}_items"));
            if let PageLink::NextLink { fetch_method, .. } = &mut pagination.link {
                *fetch_method = methods.claim(&format!("{stem}_next_page"));
            }
            op.pagination = Some(pagination);
        }
    }
}

/// Where a page's parts are, by wire name; `items: None` takes the page's one array.
struct Parts<'v> {
    next: Next<'v>,
    items: Option<&'v str>,
    /// The extension's keys for the link and the items, for messages.
    keys: [&'static str; 2],
}

/// How a page names the next one, by wire names.
enum Next<'v> {
    /// The cursor parameter, and the dotted path of the next cursor in the page.
    Cursor { param: &'v str, next: &'v str },
    /// The dotted path of the next page's URL in the page.
    Link(&'v str),
}

/// Reads an extension's value into [`Parts`]: `Ok(None)` when it asks for no
/// streams, `Err(())` when it is malformed (the reasons pushed).
type ReadParts = for<'v> fn(&'v Value, &mut Vec<String>) -> Result<Option<Parts<'v>>, ()>;

/// An operation with an extension named `name`: every problem is an error at the extension.
fn explicit(
    op: &Operation,
    name: &str,
    value: &Value,
    read: ReadParts,
    types: &[TypeDef],
    diags: &mut Diagnostics,
) -> Option<Pagination> {
    let mut cx = Cx::new(op, types);
    let found = match read(value, &mut cx.errors) {
        Ok(Some(parts)) => cx.pagination(&parts),
        Ok(None) | Err(()) => None,
    };
    let pointer = join(&op.pointer, &[name]);
    for e in &cx.errors {
        diags.error(&pointer, format!("`{name}`: {e}"));
    }
    // `x-ms-pageable` is written for AutoRest, which pages operations this
    // client does not: such a list keeps its method and gets no streams.
    for e in &cx.misfits {
        let message = format!("`{name}`: {e}");
        match name {
            "x-ms-pageable" => diags.warning(
                &pointer,
                format!("{message}; no page streams are generated"),
            ),
            _ => diags.error(&pointer, message),
        }
    }
    found.filter(|_| cx.errors.is_empty() && cx.misfits.is_empty())
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
        next: Next::Cursor {
            param: CURSOR_PARAM,
            next: NEXT_CURSOR,
        },
        items: None,
        keys: ["nextLink", "items"],
    });
    for e in cx.errors.iter().chain(&cx.misfits) {
        diags.warning(
            &op.pointer,
            format!(
                "looks cursor-paged (`{CURSOR_PARAM}`, `{NEXT_CURSOR}`) but {e}; no page streams \
                 are generated (`x-pagination` can name the parts, or be `false`)"
            ),
        );
    }
    found.filter(|_| cx.errors.is_empty() && cx.misfits.is_empty())
}

/// `x-pagination` as [`Parts`], defaults filled in.
fn parts<'v>(value: &'v Value, errors: &mut Vec<String>) -> Result<Option<Parts<'v>>, ()> {
    let obj = object(value, KEYS, "must be an object, or `false`", errors)?;
    let texts = ["cursorParam", "nextCursor", "nextLink", "items"].map(|k| text(obj, k, errors));
    let [cursor_param, next_cursor, next_link, items] = texts;
    let next = match next_link? {
        Some(link) => {
            if obj.contains_key("cursorParam") || obj.contains_key("nextCursor") {
                errors.push(
                    "`nextLink` names a link to the next page, so `cursorParam` and `nextCursor` have no place beside it"
                        .into(),
                );
            }
            Next::Link(link)
        }
        None => Next::Cursor {
            param: cursor_param?.unwrap_or(CURSOR_PARAM),
            next: next_cursor?.unwrap_or(NEXT_CURSOR),
        },
    };
    Ok(Some(Parts {
        next,
        items: items?,
        keys: ["nextLink", "items"],
    }))
}

/// AutoRest's `x-ms-pageable` as [`Parts`]: a null `nextLinkName` (one page
/// holds every item) asks for no streams; `itemName` defaults to `value`.
/// `operationName` (the operation AutoRest would call for the next page) is
/// not needed: the next page is a plain GET of the link.
fn ms_parts<'v>(value: &'v Value, errors: &mut Vec<String>) -> Result<Option<Parts<'v>>, ()> {
    let obj = object(value, MS_KEYS, "must be an object", errors)?;
    let texts = ["nextLinkName", "itemName", "operationName"].map(|k| text(obj, k, errors));
    let [next_link, items, _] = texts;
    let (next_link, items) = (next_link?, items?);
    Ok(next_link.map(|link| Parts {
        next: Next::Link(link),
        items: Some(items.unwrap_or(MS_ITEMS)),
        keys: ["nextLinkName", "itemName"],
    }))
}

/// An extension's object, each key not in `known` an error.
fn object<'v>(
    value: &'v Value,
    known: &[&str],
    not_object: &str,
    errors: &mut Vec<String>,
) -> Result<&'v serde_json::Map<String, Value>, ()> {
    let Some(obj) = value.as_object() else {
        errors.push(not_object.into());
        return Err(());
    };
    for k in obj.keys().filter(|k| !known.contains(&k.as_str())) {
        let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        errors.push(format!("unknown key `{k}` (known: {})", list.join(", ")));
    }
    Ok(obj)
}

/// The text at key `k`: `Ok(None)` when absent or null, an error when not a string.
fn text<'v>(
    obj: &'v serde_json::Map<String, Value>,
    k: &str,
    errors: &mut Vec<String>,
) -> Result<Option<&'v str>, ()> {
    match obj.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => {
            errors.push(format!("`{k}` must be a string"));
            Err(())
        }
    }
}

struct Cx<'c> {
    op: &'c Operation,
    types: &'c [TypeDef],
    /// Problems with what the extension names.
    errors: Vec<String>,
    /// Problems with the operation itself: it is not a list this client can page.
    misfits: Vec<String>,
}

impl<'c> Cx<'c> {
    fn new(op: &'c Operation, types: &'c [TypeDef]) -> Self {
        Self {
            op,
            types,
            errors: Vec::new(),
            misfits: Vec::new(),
        }
    }

    /// The operation's pagination by `parts`; `None`, with a reason, when it does not fit.
    fn pagination(&mut self, parts: &Parts<'_>) -> Option<Pagination> {
        if self.op.body.is_some() {
            self.misfits
                .push("a paged operation cannot take a request body".into());
        }
        let page = self.page();
        if page.is_none() {
            self.misfits
                .push("every success response must be the same JSON object (the page)".into());
        }
        let page = page?;
        let link = match parts.next {
            Next::Cursor { param, next } => self.cursor(page, param, next),
            Next::Link(path) => self.link(page, path, parts.keys[0]),
        };
        let items = match parts.items {
            Some(path) => self.path(page, path, parts.keys[1]),
            None => self.only_array(page),
        };
        let item_type = match &items {
            Some((_, TypeRef::Vec(item_type))) => Some(&**item_type),
            Some(_) => {
                self.errors.push(format!(
                    "`{}`: `{}` is not an array",
                    parts.keys[1],
                    parts.items.unwrap_or_default()
                ));
                None
            }
            None => None,
        };
        let (link, (items, _), item_type) = (link?, items?, item_type?);
        Some(Pagination {
            pages_method: String::new(),
            items_method: String::new(),
            link,
            items,
            item_type: item_type.clone(),
        })
    }

    /// A cursor sent in the query parameter `wire`, named by the page at `next`.
    fn cursor(&mut self, page: &'c [Field], wire: &str, next: &str) -> Option<PageLink> {
        let param = self.cursor_param(wire);
        let found = self.path(page, next, "nextCursor");
        let (param, (next_cursor, cursor_ty)) = (param?, found?);
        let same = cursor_ty == resolve(self.types, &param.ty).1;
        if !same || !(*cursor_ty == TypeRef::String || cursor_ty.is_integer()) {
            self.errors.push(format!(
                "the next cursor `{next}` must be a string or an integer, of the type of the parameter `{}`",
                param.wire_name
            ));
            return None;
        }
        Some(PageLink::Cursor {
            cursor_field: param.rust_name.clone(),
            cursor_wire_name: param.wire_name.clone(),
            next_cursor,
            cursor_is_string: *cursor_ty == TypeRef::String,
        })
    }

    /// A link to the next page, named by the page at `path`: a string or a URL.
    fn link(&mut self, page: &'c [Field], path: &str, key: &str) -> Option<PageLink> {
        let (next_link, ty) = self.path(page, path, key)?;
        if !matches!(ty, TypeRef::String | TypeRef::Url) {
            self.errors
                .push(format!("`{key}`: `{path}` is not a string"));
            return None;
        }
        Some(PageLink::NextLink {
            next_link,
            fetch_method: String::new(),
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
        // A property whose own name has dots (`@odata.nextLink`) is taken whole.
        if let Some(field) = page.iter().find(|f| f.wire_name == path) {
            let (step, ty) = self.step(field);
            return Some((vec![step], ty));
        }
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
    use crate::ir::{PageLink, Pagination};
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
            runtime: "../../runtime".into(),
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
        let PageLink::Cursor {
            next_cursor,
            cursor_is_string,
            ..
        } = &found.link
        else {
            panic!("a cursor: {found:#?}");
        };
        let options: Vec<u8> = next_cursor.iter().map(|s| s.options).collect();
        assert_eq!(
            options,
            [0, 2],
            "`pagination` is required; `nextCursor` optional and nullable"
        );
        assert!(cursor_is_string);
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

    /// A spec whose page holds a link beside its items.
    fn linked(extensions: Value) -> (Option<Pagination>, Vec<Diagnostic>) {
        let mut op = json!({"responses": {"200": {"description": "A page.", "content": {
            "application/json": {"schema": {
                "type": "object",
                "properties": {
                    "value": {"type": "array", "items": {"type": "string"}},
                    "nextLink": {"type": "string", "nullable": true},
                },
            }}
        }}}});
        if let (Some(op), Some(extensions)) = (op.as_object_mut(), extensions.as_object()) {
            op.extend(extensions.clone());
        }
        lower(op)
    }

    #[test]
    fn x_ms_pageable_asks_for_next_links() {
        let (found, diags) = linked(json!({"x-ms-pageable": {"nextLinkName": "nextLink"}}));
        assert!(diags.is_empty(), "{diags:#?}");
        let found = found.expect("paged");
        let PageLink::NextLink {
            next_link,
            fetch_method,
        } = &found.link
        else {
            panic!("a next link: {found:#?}");
        };
        assert_eq!(next_link[0].wire_name, "nextLink");
        assert_eq!(fetch_method, "get_things_next_page");
        assert_eq!(
            found.items[0].wire_name, "value",
            "`itemName` defaults to `value`"
        );
    }

    #[test]
    fn a_null_next_link_name_is_one_page() {
        let (found, diags) = linked(json!({"x-ms-pageable": {"nextLinkName": null}}));
        assert!(found.is_none());
        assert!(diags.is_empty(), "{diags:#?}");
    }

    #[test]
    fn x_ms_pageable_naming_no_property_is_an_error_at_it() {
        let (found, diags) = linked(json!({
            "x-ms-pageable": {"nextLinkName": "next", "itemName": "items"}
        }));
        assert!(found.is_none());
        assert_eq!(
            messages(&diags),
            [
                "`x-ms-pageable`: `nextLinkName`: the page has no property `next`",
                "`x-ms-pageable`: `itemName`: the page has no property `items`",
            ]
        );
        assert!(diags
            .iter()
            .all(|d| d.pointer == "#/paths/~1things/get/x-ms-pageable"));
    }

    #[test]
    fn x_pagination_can_name_a_next_link() {
        let (found, diags) = linked(json!({"x-pagination": {"nextLink": "nextLink"}}));
        assert!(diags.is_empty(), "{diags:#?}");
        assert!(matches!(
            found.expect("paged").link,
            PageLink::NextLink { .. }
        ));
        let (found, diags) = linked(json!({
            "x-pagination": {"nextLink": "nextLink", "nextCursor": "nextLink"}
        }));
        assert!(found.is_none());
        assert!(messages(&diags)[0].contains("have no place beside it"));
    }

    #[test]
    fn an_x_ms_pageable_list_with_a_body_is_a_warning_not_a_stream() {
        let (found, diags) = linked(json!({
            "x-ms-pageable": {"nextLinkName": "nextLink"},
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
        }));
        assert!(found.is_none());
        assert_eq!(
            messages(&diags),
            ["`x-ms-pageable`: a paged operation cannot take a request body; no page streams are generated"]
        );
        assert_eq!(diags[0].severity, crate::diag::Severity::Warning);
    }
}
