//! Lowering schemas to named Rust types and type references.

use super::all_of::{described, says_nullable};
use super::required_sets;
use crate::diag::{join, Diagnostics};
use crate::ir::{
    Additional, Constraints, EnumDef, EnumVariant, Field, RequiredSets, StructDef, TypeDef,
    TypeKind, TypeRef, Untyped,
};
use crate::names::{pascal_case, snake_case, Owner, TypeNames, UniqueNames};
use crate::resolve::{ref_name, unescape, Resolver};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ObjectType, OpenAPI, ReferenceOr, Schema,
    SchemaData, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// Where a lowered schema's type name comes from.
#[derive(Debug, Clone)]
pub enum Slot {
    /// A component: the name was claimed up front.
    Fixed(String),
    /// An inline schema: named from its position, made unique on use.
    Hint(String),
}

impl Slot {
    fn base(&self) -> &str {
        match self {
            Slot::Fixed(n) | Slot::Hint(n) => n,
        }
    }

    /// The hint for a schema nested under this one.
    pub fn child(&self, suffix: &str) -> Slot {
        Slot::Hint(format!("{}{}", self.base(), pascal_case(suffix)))
    }
}

/// A schema position: a reference or an inline schema.
#[derive(Clone, Copy)]
pub(super) enum Node<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for Node<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for Node<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

pub(super) const MAX_NESTING: usize = 48;

/// An object schema's properties, as openapiv3 stores them.
pub(super) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// Lowers schemas into the type arena, naming each type once.
pub struct Schemas<'a> {
    pub(super) resolver: Resolver<'a>,
    spec: &'a OpenAPI,
    pub types: Vec<TypeDef>,
    pub names: TypeNames,
    component_names: BTreeMap<String, String>,
    /// Components whose name belongs to another item: key → its owner.
    renamed: BTreeMap<String, Owner>,
    /// Keys of the components that an operation's form type replaced as
    /// its `multipart/form-data` body.
    pub form_bodies: BTreeSet<String>,
    nullable_components: BTreeSet<String>,
    pub diags: Diagnostics,
    /// Every place typed as any JSON value (see [`Untyped`]).
    pub untyped: Vec<Untyped>,
    depth: usize,
}

impl<'a> Schemas<'a> {
    /// Claims a name for every component schema so references resolve in
    /// any order; `names` already knows the names that belong elsewhere.
    /// Components whose own name is free claim first, so a renamed one
    /// (`Error` → `ErrorModel`) never displaces a spec name.
    pub fn new(spec: &'a OpenAPI, mut names: TypeNames) -> Self {
        let mut component_names = BTreeMap::new();
        let mut nullable_components = BTreeSet::new();
        let mut renamed = BTreeMap::new();
        if let Some(components) = &spec.components {
            let owned = |key: &String| names.owner(&pascal_case(key));
            let (free, taken): (Vec<_>, Vec<_>) = components
                .schemas
                .iter()
                .partition(|(key, _)| owned(key).is_none());
            for (key, _) in &taken {
                if let Some(owner) = owned(key) {
                    renamed.insert(key.to_string(), owner);
                }
            }
            for (key, schema) in free.into_iter().chain(taken) {
                let name = names.claim(&pascal_case(key));
                if let ReferenceOr::Item(s) = schema {
                    if says_nullable(s) {
                        nullable_components.insert(name.clone());
                    }
                }
                component_names.insert(key.clone(), name);
            }
        }
        Self {
            resolver: Resolver::new(spec),
            spec,
            types: Vec::new(),
            names,
            component_names,
            renamed,
            form_bodies: BTreeSet::new(),
            nullable_components,
            diags: Diagnostics::default(),
            untyped: Vec::new(),
            depth: 0,
        }
    }

    /// The component keys, in document order.
    pub fn component_keys(&self) -> Vec<String> {
        self.spec
            .components
            .iter()
            .flat_map(|c| c.schemas.keys().cloned())
            .collect()
    }

    /// Lowers every component schema into a named type.
    pub fn lower_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let name = self.component_names[key].clone();
            let pointer = join("#/components/schemas", &[key]);
            let ty = self.lower(schema.into(), Slot::Fixed(name.clone()), &pointer);
            let ty = ty.non_null().clone();
            if ty != TypeRef::Named(name.clone()) {
                let (docs, deprecated) = match schema {
                    ReferenceOr::Item(s) => (described(s), s.schema_data.deprecated),
                    ReferenceOr::Reference { .. } => (None, false),
                };
                self.types.push(TypeDef {
                    name: name.clone(),
                    pointer,
                    docs,
                    deprecated,
                    kind: TypeKind::Alias(ty),
                    features: Vec::new(),
                });
            }
            if let Some(owner) = self.renamed.get(key) {
                let note = owner.note(&pascal_case(key), &name);
                if let Some(def) = self.types.iter_mut().rev().find(|t| t.name == name) {
                    add_doc(&mut def.docs, &note);
                }
            }
        }
    }

    /// Lowers a schema given by reference or inline.
    pub fn lower_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        self.lower(schema.into(), slot, pointer)
    }

    /// Lowers a boxed schema reference (as used inside schemas).
    pub fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        self.lower(schema.into(), slot, pointer)
    }

    /// Resolves a boxed schema reference to the schema it names.
    pub fn resolve_boxed<'s>(&self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        self.resolver.schema_boxed(schema)
    }

    pub fn resolve<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        self.resolver.schema(schema)
    }

    /// Records a place the document leaves untyped (`{}`, a free-form
    /// object, no schema at all, …): the client holds any JSON value there.
    pub fn open(&mut self, pointer: &str, reason: &str) {
        self.record(pointer, reason, false);
    }

    /// Records a place where the document gives a type the generator cannot
    /// follow, with a warning: the client holds any JSON value there.
    pub(super) fn lost(&mut self, pointer: &str, reason: &str) {
        self.diags
            .warning(pointer, format!("{reason}; typed as any JSON value"));
        self.record(pointer, reason, true);
    }

    fn record(&mut self, pointer: &str, reason: &str, given_type: bool) {
        self.untyped.push(Untyped {
            pointer: pointer.to_string(),
            reason: reason.to_string(),
            given_type,
        });
    }

    pub(super) fn lower(&mut self, node: Node<'_>, slot: Slot, pointer: &str) -> TypeRef {
        match node {
            Node::Ref(reference) => self.reference(reference, pointer),
            Node::Item(schema) => self.nested(schema, pointer, |s| s.item(schema, slot, pointer)),
        }
    }

    /// Lowers an inline schema one level deeper with `lower`: past the
    /// nesting limit it is any JSON value (with a warning), and a nullable
    /// schema's type is wrapped.
    pub(super) fn nested(
        &mut self,
        schema: &Schema,
        pointer: &str,
        lower: impl FnOnce(&mut Self) -> TypeRef,
    ) -> TypeRef {
        if self.depth >= MAX_NESTING {
            self.lost(pointer, "schema nests too deeply");
            return TypeRef::Json;
        }
        self.depth += 1;
        let ty = lower(self);
        self.depth -= 1;
        if schema.schema_data.nullable && !ty.is_nullable() {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let target = ref_name(reference, "schemas")
            .map(unescape)
            .and_then(|key| self.component_names.get(&key).cloned());
        match target {
            Some(name) if self.nullable_components.contains(&name) => {
                TypeRef::Nullable(Box::new(TypeRef::Named(name)))
            }
            Some(name) => TypeRef::Named(name),
            None => {
                // A reference to nothing (or to another file) gives no usable
                // type: it is repaired, warned about, and counted as open.
                self.diags.warning(
                    pointer,
                    format!(
                        "`{reference}` does not name a component schema; typed as any JSON value"
                    ),
                );
                self.open(pointer, "reference to no component schema");
                TypeRef::Json
            }
        }
    }

    fn define(&mut self, slot: Slot, pointer: &str, data: &SchemaData, kind: TypeKind) -> TypeRef {
        let name = match slot {
            Slot::Fixed(name) => name,
            Slot::Hint(hint) => self.names.claim(&hint),
        };
        self.push_type(name.clone(), pointer, data, kind);
        TypeRef::Named(name)
    }

    /// Adds the type the schema at `pointer` defines, documented by its
    /// description, else its title.
    pub(super) fn push_type(
        &mut self,
        name: String,
        pointer: &str,
        data: &SchemaData,
        kind: TypeKind,
    ) {
        self.types.push(TypeDef {
            name,
            pointer: pointer.to_string(),
            docs: data.description.clone().or_else(|| data.title.clone()),
            deprecated: data.deprecated,
            kind,
            features: Vec::new(),
        });
    }

    fn item(&mut self, schema: &Schema, slot: Slot, pointer: &str) -> TypeRef {
        let data = &schema.schema_data;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let format = string_format(&s.format);
                self.string(format, &s.enumeration, data, slot, pointer)
            }
            SchemaKind::Type(Type::Integer(i)) => integer(match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => "int32",
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => "int64",
                VariantOrUnknownOrEmpty::Unknown(s) => s.as_str(),
                VariantOrUnknownOrEmpty::Empty => "",
            }),
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let inner =
                        self.lower(items.into(), slot.child("Item"), &join(pointer, &["items"]));
                    TypeRef::Vec(Box::new(inner))
                }
                None => {
                    self.open(pointer, "array without `items`");
                    TypeRef::Vec(Box::new(TypeRef::Json))
                }
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.object(ObjectShape::of(o), None, Vec::new(), data, slot, pointer)
            }
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", data, slot, pointer),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", data, slot, pointer),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, data, slot, pointer),
            SchemaKind::Not { .. } => {
                self.lost(pointer, "`not` has no Rust type");
                TypeRef::Json
            }
            SchemaKind::Any(any) => self.any(any, data, slot, pointer),
        }
    }

    /// Schemas openapiv3 could not classify: read their intent from the keys present.
    fn any(
        &mut self,
        any: &openapiv3::AnySchema,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let typ = any.typ.as_deref().unwrap_or("");
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, Some(any), data, slot, pointer);
        }
        // `anyOf`/`oneOf` lists of `required` fields beside the properties
        // are rules on the object, not alternative shapes.
        let sets = required_sets::beside(any);
        if sets.is_none() {
            if !any.one_of.is_empty() {
                return self.union(&any.one_of, "oneOf", data, slot, pointer);
            }
            if !any.any_of.is_empty() {
                return self.union(&any.any_of, "anyOf", data, slot, pointer);
            }
        }
        if typ == "object"
            || !any.properties.is_empty()
            || any.additional_properties.is_some()
            || sets.is_some()
        {
            let shape = ObjectShape {
                properties: &any.properties,
                required: &any.required,
                additional: any.additional_properties.as_ref(),
            };
            let sets = sets.unwrap_or_default();
            return self.object(shape, None, sets, data, slot, pointer);
        }
        if typ == "array" || any.items.is_some() {
            return match &any.items {
                Some(items) => {
                    let inner =
                        self.lower(items.into(), slot.child("Item"), &join(pointer, &["items"]));
                    TypeRef::Vec(Box::new(inner))
                }
                None => {
                    self.open(pointer, "array without `items`");
                    TypeRef::Vec(Box::new(TypeRef::Json))
                }
            };
        }
        let format = any.format.as_deref().unwrap_or("");
        match typ {
            "string" => {
                let values: Vec<Option<String>> = any
                    .enumeration
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                self.string(format, &values, data, slot, pointer)
            }
            "integer" => integer(format),
            "number" => {
                if format == "float" {
                    TypeRef::F32
                } else {
                    TypeRef::F64
                }
            }
            "boolean" => TypeRef::Bool,
            "null" => {
                self.open(pointer, "a value that can only be `null`");
                TypeRef::Nullable(Box::new(TypeRef::Json))
            }
            "" if !any.enumeration.is_empty()
                && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
            {
                let values: Vec<Option<String>> = any
                    .enumeration
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                self.string(format, &values, data, slot, pointer)
            }
            "" => {
                self.open(pointer, "schema gives no type");
                TypeRef::Json
            }
            other => {
                self.lost(
                    &join(pointer, &["type"]),
                    &format!("unknown schema type `{other}`"),
                );
                TypeRef::Json
            }
        }
    }

    /// An open string enum of `values` (each with what it means, if the
    /// document says), the first of repeated values kept; a string when
    /// there are none.
    pub(super) fn string_enum<'v>(
        &mut self,
        values: impl IntoIterator<Item = (&'v str, Option<&'v str>)>,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let mut seen = BTreeSet::new();
        let mut names = UniqueNames::new();
        let mut variants = Vec::new();
        for (v, docs) in values {
            if seen.insert(v) {
                variants.push(EnumVariant {
                    rust_name: names.claim(&pascal_case(v)),
                    wire_value: v.to_string(),
                    docs: docs.map(str::to_string),
                });
            }
        }
        if variants.is_empty() {
            return TypeRef::String;
        }
        let fallback = if names.is_taken("Unknown") {
            names.claim("UnknownValue")
        } else {
            names.claim("Unknown")
        };
        self.define(
            slot,
            pointer,
            data,
            TypeKind::Enum(EnumDef { variants, fallback }),
        )
    }

    fn string(
        &mut self,
        format: &str,
        values: &[Option<String>],
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        if !values.is_empty() {
            let listed = values.iter().flatten().map(|v| (v.as_str(), None));
            let ty = self.string_enum(listed, data, slot, pointer);
            return if values.iter().any(Option::is_none) {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            };
        }
        match format {
            "date-time" => TypeRef::DateTime,
            "date" => TypeRef::Date,
            "uuid" => TypeRef::Uuid,
            "uri" | "url" => TypeRef::Url,
            _ => TypeRef::String,
        }
    }

    /// An object schema; `omit` names a property left out of the struct
    /// (a union's tag, which the union writes itself); `sets` are its rules
    /// on which fields to give.
    pub(super) fn object(
        &mut self,
        shape: ObjectShape<'_>,
        omit: Option<&str>,
        sets: Vec<RequiredSets>,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let ObjectShape {
            properties,
            required,
            additional,
        } = shape;
        let additional_ty = match additional {
            Some(AdditionalProperties::Schema(s)) => Some(self.lower(
                s.as_ref().into(),
                slot.child("Value"),
                &join(pointer, &["additionalProperties"]),
            )),
            Some(AdditionalProperties::Any(true)) if !properties.is_empty() => {
                let at = join(pointer, &["additionalProperties"]);
                self.open(&at, "`additionalProperties: true`");
                Some(TypeRef::Json)
            }
            _ => None,
        };
        if properties.is_empty() {
            return match additional_ty {
                Some(v) => TypeRef::Map(Box::new(v)),
                None => {
                    self.open(pointer, "object without properties");
                    TypeRef::JsonObject
                }
            };
        }
        let members = properties
            .iter()
            .filter(|(k, _)| omit != Some(k.as_str()))
            .map(|(k, v)| (k.clone(), v, join(pointer, &["properties", k])))
            .collect::<Vec<_>>();
        let required: BTreeSet<&str> = required.iter().map(String::as_str).collect();
        self.build_struct(
            &members,
            &required,
            &[],
            additional_ty,
            sets,
            data,
            slot,
            pointer,
        )
    }

    /// A struct of `members` (wire name, schema, pointer), and of the
    /// `flattened` unions (schema, pointer) whose properties are its own too.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn build_struct(
        &mut self,
        members: &[(String, &ReferenceOr<Box<Schema>>, String)],
        required: &BTreeSet<&str>,
        flattened: &[(Node<'_>, String)],
        additional: Option<TypeRef>,
        required_sets: Vec<RequiredSets>,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        // Claim the struct's name before its fields so inline children nest under it.
        let name = match &slot {
            Slot::Fixed(n) => n.clone(),
            Slot::Hint(h) => self.names.claim(h),
        };
        let own = Slot::Fixed(name.clone());
        let mut field_names = UniqueNames::new();
        let mut fields = Vec::new();
        for (wire, schema, ptr) in members {
            let ty = self.lower((*schema).into(), own.child(wire), ptr);
            let resolved = self.resolve_boxed(schema);
            let sensitive = resolved.is_some_and(|s| {
                s.schema_data.extensions.get("x-sensitive") == Some(&serde_json::Value::Bool(true))
            });
            let (docs, deprecated, default, constraints) = match schema {
                ReferenceOr::Item(s) => (
                    described(s).or_else(|| s.schema_data.title.clone()),
                    s.schema_data.deprecated,
                    s.schema_data.default.as_ref().map(|d| d.to_string()),
                    constraints_of(s),
                ),
                ReferenceOr::Reference { .. } => (
                    resolved.and_then(|s| s.schema_data.description.clone()),
                    false,
                    None,
                    Constraints::default(),
                ),
            };
            fields.push(Field {
                rust_name: field_names.claim(&snake_case(wire)),
                wire_name: wire.clone(),
                nullable: ty.is_nullable(),
                ty: ty.non_null().clone(),
                required: required.contains(wire.as_str()),
                boxed: false,
                docs,
                deprecated,
                default,
                constraints,
                sensitive,
                flatten: false,
                setter: None,
                features: Vec::new(),
            });
        }
        for (i, (node, ptr)) in flattened.iter().enumerate() {
            let hint = if i == 0 {
                "Union".to_string()
            } else {
                format!("Union{i}")
            };
            let ty = self.lower(*node, own.child(&hint), ptr);
            let rust_name = match ty.non_null() {
                TypeRef::Named(n) => snake_case(n),
                _ => "value".into(),
            };
            fields.push(Field {
                rust_name: field_names.claim(&rust_name),
                wire_name: String::new(),
                nullable: false,
                ty: ty.non_null().clone(),
                required: true,
                boxed: false,
                docs: None,
                deprecated: false,
                default: None,
                constraints: Constraints::default(),
                sensitive: false,
                flatten: true,
                setter: None,
                features: Vec::new(),
            });
        }
        let additional = additional.map(|ty| Additional {
            field: field_names.claim("additional_properties"),
            ty,
            setter: String::new(),
        });
        self.push_type(
            name.clone(),
            pointer,
            data,
            TypeKind::Struct(StructDef {
                fields,
                additional,
                required_sets,
            }),
        );
        TypeRef::Named(name)
    }
}

/// Adds a paragraph to a type's docs.
pub(super) fn add_doc(docs: &mut Option<String>, paragraph: &str) {
    *docs = Some(match docs.take() {
        Some(d) if !d.trim().is_empty() => format!("{}\n\n{paragraph}", d.trim_end()),
        _ => paragraph.to_string(),
    });
}

/// The parts of an object schema that make a struct.
#[derive(Clone, Copy)]
pub(super) struct ObjectShape<'s> {
    pub(super) properties: &'s Properties,
    pub(super) required: &'s [String],
    pub(super) additional: Option<&'s AdditionalProperties>,
}

impl<'s> ObjectShape<'s> {
    fn of(o: &'s ObjectType) -> Self {
        ObjectShape {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }
    }

    /// The shape of a schema that is a plain object (not a combination of
    /// schemas), if it is one.
    pub(super) fn plain(s: &'s Schema) -> Option<Self> {
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Some(Self::of(o)),
            SchemaKind::Any(any)
                if any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && (any.typ.as_deref() == Some("object")
                        || (any.typ.is_none() && !any.properties.is_empty())) =>
            {
                Some(ObjectShape {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                })
            }
            _ => None,
        }
    }
}

fn string_format(f: &VariantOrUnknownOrEmpty<StringFormat>) -> &str {
    match f {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => "password",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "byte",
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "binary",
        VariantOrUnknownOrEmpty::Unknown(s) => s,
        VariantOrUnknownOrEmpty::Empty => "",
    }
}

/// Whether a schema is `type: string, format: binary` (a file in a form).
pub fn is_binary(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => string_format(&st.format) == "binary",
        SchemaKind::Any(any) => any.format.as_deref() == Some("binary"),
        _ => false,
    }
}

fn integer(format: &str) -> TypeRef {
    match format {
        "int8" => TypeRef::I8,
        "int16" => TypeRef::I16,
        "int32" => TypeRef::I32,
        "uint8" => TypeRef::U8,
        "uint16" => TypeRef::U16,
        "uint32" => TypeRef::U32,
        "uint64" | "uint" => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// The limits a schema places on a value.
pub fn constraints_of(s: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) if st.enumeration.is_empty() => {
            c.min_length = st.min_length;
            c.max_length = st.max_length;
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.minimum = i.minimum.map(|v| v as f64);
            c.maximum = i.maximum.map(|v| v as f64);
            c.exclusive_minimum = i.exclusive_minimum;
            c.exclusive_maximum = i.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.minimum = n.minimum;
            c.maximum = n.maximum;
            c.exclusive_minimum = n.exclusive_minimum;
            c.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
        }
        _ => {}
    }
    c
}
