//! The intermediate representation: plain data describing one client crate.
//! Every naming decision is already made here (`rust_name` beside the wire
//! name), so emitters only print. It derives `Debug` to be snapshot-tested.

/// One API: everything a generated crate is made from.
#[derive(Debug, Clone)]
pub struct Api {
    pub crate_name: String,
    pub crate_version: String,
    pub title: String,
    pub description: Option<String>,
    /// `info.version` as written in the spec.
    pub api_version: String,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// The credentials without which the client cannot send any operation to
    /// its base URL: alternatives (any one suffices), each a set of scheme
    /// indices (all needed), smallest sets first. Empty when some operation
    /// sent there needs no credential, so a client without one still works.
    pub required_credentials: Vec<Vec<usize>>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub upload_flows: Vec<UploadFlow>,
    /// Every response header the spec documents, as one typed struct.
    pub response_headers: Option<HeaderSet>,
    /// Every place a value is typed as any JSON, in document order.
    pub untyped: Vec<Untyped>,
    /// The cargo features the operations are grouped by, by name; empty when
    /// the spec turns features off (`x-rust-features: false`).
    pub features: Vec<Feature>,
}

impl Api {
    /// The operations whose error enum is an alias of `op`'s (none when
    /// `op`'s is itself an alias).
    pub fn sharing_errors_of<'a>(
        &'a self,
        op: &'a Operation,
    ) -> impl Iterator<Item = &'a Operation> {
        let owner = op
            .shares_errors_with
            .is_none()
            .then_some(op.type_prefix.as_str());
        self.naming(owner, |other| other.shares_errors_with.as_deref())
    }

    /// The operations whose parameters struct is an alias of `op`'s (none
    /// when `op`'s is itself an alias, or `op` has none).
    pub fn sharing_params_of<'a>(
        &'a self,
        op: &'a Operation,
    ) -> impl Iterator<Item = &'a Operation> {
        let owner = op
            .params_type
            .as_deref()
            .filter(|_| op.shares_params_with.is_none());
        self.naming(owner, |other| other.shares_params_with.as_deref())
    }

    /// The operations whose `link` names `owner` (none without an owner).
    fn naming<'a>(
        &'a self,
        owner: Option<&'a str>,
        link: fn(&Operation) -> Option<&str>,
    ) -> impl Iterator<Item = &'a Operation> {
        self.operations
            .iter()
            .filter(move |other| owner.is_some() && link(other) == owner)
    }
}

/// A cargo feature of the generated crate: one area of the API, whose
/// operations (and the types only they use) compile only when it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name in `Cargo.toml`.
    pub name: String,
    /// How many operations it turns on.
    pub operations: usize,
    /// Not an area but the types no operation uses (and what they use):
    /// schemas the spec defines for other purposes, such as webhook payloads.
    pub unused_types: bool,
}

/// A place where the client holds any JSON value (`serde_json::Value`, a
/// free-form object, a list of such) instead of a type of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untyped {
    /// The schema (or media type) in the document as written.
    pub pointer: String,
    /// Why no type was made.
    pub reason: String,
    /// Whether the document gives a type there. `false` when it leaves the
    /// value open (`{}`, a schema with only a description, a free-form
    /// object, an array without `items`, no schema at all, a `$ref` to
    /// nothing or to another file); `true` when the generator could not
    /// follow a type the document gives, which always comes with a warning.
    pub given_type: bool,
}

/// The documented response headers of all operations, gathered by wire name.
#[derive(Debug, Clone)]
pub struct HeaderSet {
    pub type_name: String,
    /// Scalars only: other header types are read as text.
    pub headers: Vec<ResponseHeader>,
    /// The wire name of the header that carries the server's id for a
    /// request (`x-request-id`, …), when the spec documents one.
    pub request_id: Option<String>,
}

/// A server entry, with `{variables}` and their defaults.
#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    pub allowed: Vec<String>,
}

/// A credential the client can attach to requests.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Key in `components.securitySchemes`.
    pub wire_name: String,
    /// Builder method that sets this credential.
    pub setter: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
    /// Environment variable `from_env` reads (`x-env-var`), when the scheme is token-like.
    pub env_var: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    Bearer,
    Basic,
    ApiKeyHeader(String),
    ApiKeyQuery(String),
    ApiKeyCookie(String),
}

/// A named Rust type generated from a schema.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// Where the schema sits in the spec.
    pub pointer: String,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// The features any of which makes the type compile: those of the
    /// operations that reach it. Empty: always compiled (no operation reaches
    /// it, a type outside any feature uses it, or features are off).
    pub features: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string enum; always open to values the spec does not list.
    Enum(EnumDef),
    /// `oneOf`/`anyOf`: one of several shapes.
    Union(UnionDef),
    /// A `multipart/form-data` body: text and file parts.
    Form(FormDef),
    /// Another name for an existing type.
    Alias(TypeRef),
}

impl TypeKind {
    /// The type references a definition holds directly: fields and the
    /// additional-properties value, variants, form value parts, an alias's target.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.iter().map(|a| &a.ty))
                .collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.as_ref()).collect(),
            TypeKind::Form(f) => f
                .fields
                .iter()
                .filter_map(|f| match &f.kind {
                    FormFieldKind::Value(t) => Some(t),
                    _ => None,
                })
                .collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Extra properties (`additionalProperties`), kept in a flattened map.
    pub additional: Option<Additional>,
    /// Rules on which optional fields must be given, checked before sending.
    pub required_sets: Vec<RequiredSets>,
}

/// The map of a struct's properties beyond its listed ones.
#[derive(Debug, Clone)]
pub struct Additional {
    /// The map's field.
    pub field: String,
    /// Type of each extra property's value.
    pub ty: TypeRef,
    /// The method that inserts one extra property by key.
    pub setter: String,
}

/// An `anyOf` or `oneOf` whose members only list `required` properties of
/// the object beside it: alternatives of fields to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredSets {
    /// `oneOf`: exactly one alternative may be complete; `anyOf`: at least one must.
    pub exactly_one: bool,
    /// Each alternative's fields by wire name, all of them needed.
    pub alternatives: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Boxed to break a cycle of directly contained types.
    pub boxed: bool,
    pub docs: Option<String>,
    pub deprecated: bool,
    /// The schema's `default`, as JSON text, for documentation.
    pub default: Option<String>,
    pub constraints: Constraints,
    /// Marked `x-sensitive` (a signed URL, a token): `Debug` shows `<redacted>`.
    pub sensitive: bool,
    /// The field's value is no property but a union whose properties are the
    /// struct's own too (`allOf` of a union and an object), kept with
    /// `#[serde(flatten)]`; its `wire_name` is empty.
    pub flatten: bool,
    /// The method that sets this optional field by name; `None` for a
    /// required field, which the constructor takes.
    pub setter: Option<String>,
    /// The features any of which makes this field compile; empty: always.
    /// Set on an optional field that error bodies lead to, in a type no
    /// operation sends, when its type only other areas use: see
    /// `lower::type_gates`.
    pub features: Vec<String>,
}

/// Limits a value must meet before it is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

#[derive(Debug, Clone)]
pub struct EnumDef {
    pub variants: Vec<EnumVariant>,
    /// Name of the variant holding values the spec does not list.
    pub fallback: String,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_value: String,
    /// What the value means: the description of the `oneOf` member that
    /// gave it (see `lower::unions`).
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    /// Property whose value picks the variant; `None` means untagged.
    pub discriminator: Option<String>,
    /// Variant holding discriminated values the spec does not list.
    pub fallback: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust_name: String,
    /// What the variant holds; `None` for one that is its tag alone (an
    /// object with no other property), a unit variant.
    pub ty: Option<TypeRef>,
    /// What a unit variant means (a variant with a type is documented by it).
    pub docs: Option<String>,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    pub boxed: bool,
    /// The variant's type leaves the discriminator out: the union writes its
    /// first tag when serializing and drops the property before decoding.
    pub writes_tag: bool,
    /// The features any of which makes this variant compile; empty: always.
    /// Without them its values arrive as the fallback variant, as JSON.
    pub features: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FormDef {
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub rust_name: String,
    pub wire_name: String,
    pub required: bool,
    pub docs: Option<String>,
    pub kind: FormFieldKind,
    /// Content-Type for the part, from the body's `encoding`.
    pub content_type: Option<String>,
    /// The method that sets this optional part by name; `None` for a
    /// required part, which the constructor takes.
    pub setter: Option<String>,
}

#[derive(Debug, Clone)]
pub enum FormFieldKind {
    /// One file part (`format: binary`).
    File,
    /// Several file parts under one name.
    Files,
    /// A value sent as text (scalars) or JSON (objects); arrays repeat the part.
    Value(TypeRef),
}

/// A reference to a type as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Named(String),
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    DateTime,
    Date,
    Uuid,
    Url,
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary keys and values.
    JsonObject,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// `null` is a valid value.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The named type a reference holds, through lists, maps and `null`.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }

    /// The type without a `Nullable` wrapper.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// A signed or unsigned integer of any width.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I8
                | TypeRef::I16
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U8
                | TypeRef::U16
                | TypeRef::U32
                | TypeRef::U64
        )
    }

    /// An integer or a float.
    pub fn is_number(&self) -> bool {
        self.is_integer() || matches!(self, TypeRef::F32 | TypeRef::F64)
    }

    /// A small `Copy` value, passed to methods by value rather than by reference.
    pub fn is_copy(&self) -> bool {
        self.is_number()
            || matches!(
                self,
                TypeRef::Bool | TypeRef::Uuid | TypeRef::Date | TypeRef::DateTime
            )
    }
}

/// One API operation: becomes one async method.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Method name.
    pub rust_name: String,
    /// Prefix for the operation's own types (`CreateUpload` → `CreateUploadError`).
    pub type_prefix: String,
    pub operation_id: Option<String>,
    pub method: String,
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives (any one suffices), each a set of scheme indices (all needed).
    /// Empty: no credentials are sent.
    pub security: Vec<Vec<usize>>,
    /// Path parameter holding an absolute URL that replaces base URL + path (`x-absolute-url`).
    pub absolute_url_param: Option<String>,
    /// How the operation's pages link together, when it is a cursor-paged list.
    pub pagination: Option<Pagination>,
    /// The `type_prefix` of an earlier operation with the same error
    /// responses, whose error enum this one names by an alias.
    pub shares_errors_with: Option<String>,
    /// The struct of query, header and cookie parameters, when there are any.
    pub params_type: Option<String>,
    /// The `params_type` of an earlier operation with the same parameters,
    /// whose struct this one's names by an alias.
    pub shares_params_with: Option<String>,
    /// The enum of success responses, when their bodies differ.
    pub success_enum: Option<String>,
    /// The cargo feature the operation belongs to; `None` when features are off.
    pub feature: Option<String>,
}

impl Operation {
    /// The name the spec knows the operation by: its operationId, else the method name.
    pub fn label(&self) -> &str {
        self.operation_id.as_deref().unwrap_or(&self.rust_name)
    }

    /// The types of what a call sends: its parameters and its typed body.
    pub fn sent_types(&self) -> impl Iterator<Item = &TypeRef> {
        let body = self.body.as_ref().and_then(|b| match &b.kind {
            BodyKind::Json { ty, .. }
            | BodyKind::FormUrlEncoded { ty }
            | BodyKind::Multipart { ty } => Some(ty),
            BodyKind::Text { .. } | BodyKind::Bytes { .. } => None,
        });
        self.params.iter().map(|p| &p.ty).chain(body)
    }
}

/// Pagination of a list operation: each page names the next one, by a
/// cursor sent back as a query parameter or by a link to fetch, until a page
/// names none. It becomes two methods beside the operation's own: a stream of
/// pages and a stream of the items of every page.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Method streaming the pages.
    pub pages_method: String,
    /// Method streaming the items of every page.
    pub items_method: String,
    /// How a page names the next one.
    pub link: PageLink,
    /// Fields leading from a page to its array of items.
    pub items: Vec<FieldStep>,
    /// Type of one item.
    pub item_type: TypeRef,
}

/// How a page names the page after it.
#[derive(Debug, Clone)]
pub enum PageLink {
    /// A cursor, sent back as an optional query parameter of the same request.
    Cursor {
        /// Field of the params struct holding the cursor (an optional query parameter).
        cursor_field: String,
        /// The cursor parameter's wire name.
        cursor_wire_name: String,
        /// Fields leading from a page to the next cursor.
        next_cursor: Vec<FieldStep>,
        /// The next cursor is a string, and an empty one also means "no next page".
        cursor_is_string: bool,
    },
    /// A URL (AutoRest's `nextLink`), fetched with a plain GET on the API's
    /// own host; no parameter is sent again.
    NextLink {
        /// Fields leading from a page to the next page's URL (a string).
        next_link: Vec<FieldStep>,
        /// Private method fetching one page by its URL.
        fetch_method: String,
    },
}

/// One struct field on the way from a value to a part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    pub rust_name: String,
    pub wire_name: String,
    /// How many `Option`s wrap the field's value: 0, 1 (optional or nullable), 2 (both), or more
    /// when its type is an alias of a nullable type.
    pub options: u8,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub rust_name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub constraints: Constraints,
    /// A valid value from the spec (`example`, `examples` or the schema's `example`).
    pub example: Option<serde_json::Value>,
    /// The method of the params struct that sets this optional parameter by
    /// name; `None` for a required or path parameter.
    pub setter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query { style: QueryStyle, explode: bool },
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Option<String>,
    pub kind: BodyKind,
    /// A valid body from the spec, for the chosen media type.
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
pub enum BodyKind {
    Json {
        ty: TypeRef,
        content_type: String,
    },
    /// A `Form` type definition.
    Multipart {
        ty: TypeRef,
    },
    FormUrlEncoded {
        ty: TypeRef,
    },
    Text {
        content_type: String,
    },
    /// Raw bytes in one of the listed media types (which may hold wildcards).
    Bytes {
        content_types: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusMatch,
    pub is_success: bool,
    /// Variant name in the operation's success or error enum.
    pub variant: String,
    pub docs: Option<String>,
    pub body: ResponseBody,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseBody {
    Empty,
    Json(TypeRef),
    Text,
    /// Any other media type: raw bytes, streamed on success.
    Bytes,
    /// `text/event-stream` on a success: Server-Sent Events handed over as a
    /// stream. Each event's `data` is JSON of this type, or raw text when
    /// `None` (no schema, or a string schema). Error responses of this media
    /// type are `Text`.
    EventStream(Option<TypeRef>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub docs: Option<String>,
}

/// A multi-step upload described by `x-upload-flow` on its first operation:
/// `create` declares the media type and length and answers with a URL and an
/// id; `upload` sends the bytes to that URL; `complete` finishes with the id.
/// It becomes one method that runs all three.
#[derive(Debug, Clone)]
pub struct UploadFlow {
    pub rust_name: String,
    /// Prefix for the flow's error type (`UploadImage` → `UploadImageError`).
    pub type_prefix: String,
    pub pointer: String,
    pub docs: Option<String>,
    /// Indices into `Api::operations`.
    pub create: usize,
    pub upload: usize,
    pub complete: usize,
    /// The `create` body's struct.
    pub request_type: String,
    pub content_type_field: FlowField,
    /// The enum of accepted media types; `None` when the field is a plain string.
    pub content_type_enum: Option<String>,
    pub length_field: FlowField,
    /// Optional fields of the `create` body, left unset.
    pub unset_fields: Vec<String>,
    /// Accepted media types; empty accepts any.
    pub content_types: Vec<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// The field of `create`'s response holding the URL, passed to `upload`.
    pub url_field: FlowField,
    /// The field of `create`'s response holding the id, passed to `complete`.
    pub id_field: FlowField,
}

/// A struct field a flow reads or fills, and how it is passed on.
#[derive(Debug, Clone)]
pub struct FlowField {
    pub rust_name: String,
    pub wire_name: String,
    pub pass: PassAs,
}

/// How a response field becomes another operation's argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassAs {
    /// `&value`.
    Borrow,
    /// `value` (a `Copy` type).
    Copy,
    /// `value.as_str()` (a URL given where a string is expected).
    AsStr,
}
