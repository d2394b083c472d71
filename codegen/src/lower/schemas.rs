//! Lowering schemas to named Rust types and type references.

use crate::diag::{join, Diagnostics};
use crate::ir::{
    Constraints, EnumDef, EnumVariant, Field, StructDef, TypeDef, TypeKind, TypeRef, UnionDef,
    UnionVariant,
};
use crate::names::{pascal_case, snake_case, UniqueNames};
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
enum Node<'s> {
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

const MAX_NESTING: usize = 48;

/// An object schema's properties, as openapiv3 stores them.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// Lowers schemas into the type arena, naming each type once.
pub struct Schemas<'a> {
    resolver: Resolver<'a>,
    spec: &'a OpenAPI,
    pub types: Vec<TypeDef>,
    pub names: UniqueNames,
    component_names: BTreeMap<String, String>,
    nullable_components: BTreeSet<String>,
    pub diags: Diagnostics,
    depth: usize,
}

impl<'a> Schemas<'a> {
    /// Claims a name for every component schema so references resolve in any order.
    pub fn new(spec: &'a OpenAPI) -> Self {
        let mut names = UniqueNames::new();
        let mut component_names = BTreeMap::new();
        let mut nullable_components = BTreeSet::new();
        if let Some(components) = &spec.components {
            for (key, schema) in &components.schemas {
                let name = names.claim(&pascal_case(key));
                if let ReferenceOr::Item(s) = schema {
                    if s.schema_data.nullable {
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
            nullable_components,
            diags: Diagnostics::default(),
            depth: 0,
        }
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
                    ReferenceOr::Item(s) => {
                        (s.schema_data.description.clone(), s.schema_data.deprecated)
                    }
                    ReferenceOr::Reference { .. } => (None, false),
                };
                self.types.push(TypeDef {
                    name,
                    pointer,
                    docs,
                    deprecated,
                    kind: TypeKind::Alias(ty),
                });
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

    fn lower(&mut self, node: Node<'_>, slot: Slot, pointer: &str) -> TypeRef {
        match node {
            Node::Ref(reference) => self.reference(reference, pointer),
            Node::Item(schema) => self.nested(schema, pointer, |s| s.item(schema, slot, pointer)),
        }
    }

    /// Lowers an inline schema one level deeper with `lower`: past the
    /// nesting limit it is any JSON value (with a warning), and a nullable
    /// schema's type is wrapped.
    fn nested(
        &mut self,
        schema: &Schema,
        pointer: &str,
        lower: impl FnOnce(&mut Self) -> TypeRef,
    ) -> TypeRef {
        if self.depth >= MAX_NESTING {
            self.diags
                .warning(pointer, "schema nests too deeply; typed as any JSON value");
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
                self.diags.warning(
                    pointer,
                    format!(
                        "`{reference}` does not name a component schema; typed as any JSON value"
                    ),
                );
                TypeRef::Json
            }
        }
    }

    fn define(&mut self, slot: Slot, pointer: &str, data: &SchemaData, kind: TypeKind) -> TypeRef {
        let name = match slot {
            Slot::Fixed(name) => name,
            Slot::Hint(hint) => self.names.claim(&hint),
        };
        self.types.push(TypeDef {
            name: name.clone(),
            pointer: pointer.to_string(),
            docs: data.description.clone().or_else(|| data.title.clone()),
            deprecated: data.deprecated,
            kind,
        });
        TypeRef::Named(name)
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
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.object(ObjectShape::of(o), None, data, slot, pointer)
            }
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", data, slot, pointer),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", data, slot, pointer),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, data, slot, pointer),
            SchemaKind::Not { .. } => TypeRef::Json,
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
            let extra = (!any.properties.is_empty()).then_some((&any.properties, &any.required));
            return self.all_of(&any.all_of, extra, data, slot, pointer);
        }
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, "oneOf", data, slot, pointer);
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, "anyOf", data, slot, pointer);
        }
        if typ == "object" || !any.properties.is_empty() || any.additional_properties.is_some() {
            let shape = ObjectShape {
                properties: &any.properties,
                required: &any.required,
                additional: any.additional_properties.as_ref(),
            };
            return self.object(shape, None, data, slot, pointer);
        }
        if typ == "array" || any.items.is_some() {
            return match &any.items {
                Some(items) => {
                    let inner =
                        self.lower(items.into(), slot.child("Item"), &join(pointer, &["items"]));
                    TypeRef::Vec(Box::new(inner))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
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
            "null" => TypeRef::Nullable(Box::new(TypeRef::Json)),
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
            "" => TypeRef::Json,
            other => {
                self.diags.warning(
                    join(pointer, &["type"]),
                    format!("unknown schema type `{other}`; typed as any JSON value"),
                );
                TypeRef::Json
            }
        }
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
            let mut seen = BTreeSet::new();
            let mut names = UniqueNames::new();
            let mut variants = Vec::new();
            for v in values.iter().flatten() {
                if seen.insert(v.clone()) {
                    variants.push(EnumVariant {
                        rust_name: names.claim(&pascal_case(v)),
                        wire_value: v.clone(),
                    });
                }
            }
            let nullable = values.iter().any(Option::is_none);
            if variants.is_empty() {
                return TypeRef::Nullable(Box::new(TypeRef::String));
            }
            let fallback = if names.is_taken("Unknown") {
                names.claim("UnknownValue")
            } else {
                names.claim("Unknown")
            };
            let ty = self.define(
                slot,
                pointer,
                data,
                TypeKind::Enum(EnumDef { variants, fallback }),
            );
            return if nullable {
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
    /// (a union's tag, which the union writes itself).
    fn object(
        &mut self,
        shape: ObjectShape<'_>,
        omit: Option<&str>,
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
            Some(AdditionalProperties::Any(true)) if !properties.is_empty() => Some(TypeRef::Json),
            _ => None,
        };
        if properties.is_empty() {
            return match additional_ty {
                Some(v) => TypeRef::Map(Box::new(v)),
                None => TypeRef::JsonObject,
            };
        }
        let members = properties
            .iter()
            .filter(|(k, _)| omit != Some(k.as_str()))
            .map(|(k, v)| (k.clone(), v, join(pointer, &["properties", k])))
            .collect::<Vec<_>>();
        let required: BTreeSet<&str> = required.iter().map(String::as_str).collect();
        self.build_struct(&members, &required, additional_ty, data, slot, pointer)
    }

    fn build_struct(
        &mut self,
        members: &[(String, &ReferenceOr<Box<Schema>>, String)],
        required: &BTreeSet<&str>,
        additional: Option<TypeRef>,
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
                    s.schema_data
                        .description
                        .clone()
                        .or_else(|| s.schema_data.title.clone()),
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
            });
        }
        let additional = additional.map(|ty| (field_names.claim("additional_properties"), ty));
        self.types.push(TypeDef {
            name: name.clone(),
            pointer: pointer.to_string(),
            docs: data.description.clone().or_else(|| data.title.clone()),
            deprecated: data.deprecated,
            kind: TypeKind::Struct(StructDef { fields, additional }),
        });
        TypeRef::Named(name)
    }

    fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        extra: Option<(&Properties, &Vec<String>)>,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        if members.len() == 1 && extra.is_none() {
            return self.lower((&members[0]).into(), slot, &join(pointer, &["allOf", "0"]));
        }
        let mut props: Vec<(String, &ReferenceOr<Box<Schema>>, String)> = Vec::new();
        let mut required: BTreeSet<&str> = BTreeSet::new();
        let mut visited = BTreeSet::new();
        let mut object_like = true;
        for (i, m) in members.iter().enumerate() {
            let ptr = join(pointer, &["allOf", &i.to_string()]);
            object_like &= self.collect_object(m, &ptr, &mut props, &mut required, &mut visited, 0);
        }
        if let Some((p, r)) = extra {
            for (k, v) in p {
                props.retain(|(n, _, _)| n != k);
                props.push((k.clone(), v, join(pointer, &["properties", k])));
            }
            required.extend(r.iter().map(String::as_str));
        }
        if !object_like {
            self.diags.warning(
                join(pointer, &["allOf"]),
                "allOf mixes objects with other kinds of schema; typed as any JSON value",
            );
            return TypeRef::Json;
        }
        if props.is_empty() {
            return TypeRef::JsonObject;
        }
        self.build_struct(&props, &required, None, data, slot, pointer)
    }

    /// Gathers the properties an allOf member contributes; false when it is no object.
    fn collect_object<'s>(
        &self,
        member: &'s ReferenceOr<Schema>,
        pointer: &str,
        props: &mut Vec<(String, &'s ReferenceOr<Box<Schema>>, String)>,
        required: &mut BTreeSet<&'s str>,
        visited: &mut BTreeSet<String>,
        depth: usize,
    ) -> bool
    where
        'a: 's,
    {
        if depth > MAX_NESTING {
            return false;
        }
        let (schema, base) = match member {
            ReferenceOr::Reference { reference } => {
                if !visited.insert(reference.clone()) {
                    return true;
                }
                let Some(s) = self.resolver.schema(member) else {
                    return false;
                };
                let base = ref_name(reference, "schemas")
                    .map(|k| join("#/components/schemas", &[&unescape(k)]))
                    .unwrap_or_else(|| pointer.to_string());
                (s, base)
            }
            ReferenceOr::Item(s) => (s, pointer.to_string()),
        };
        let mut add = |p: &'s IndexMap<String, ReferenceOr<Box<Schema>>>, r: &'s Vec<String>| {
            for (k, v) in p {
                props.retain(|(n, _, _)| n != k);
                props.push((k.clone(), v, join(&base, &["properties", k])));
            }
            required.extend(r.iter().map(String::as_str));
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                add(&o.properties, &o.required);
                true
            }
            SchemaKind::AllOf { all_of } => all_of.iter().enumerate().all(|(i, m)| {
                self.collect_object(
                    m,
                    &join(&base, &["allOf", &i.to_string()]),
                    props,
                    required,
                    visited,
                    depth + 1,
                )
            }),
            SchemaKind::Any(any) => {
                let ok = any.all_of.iter().enumerate().all(|(i, m)| {
                    self.collect_object(
                        m,
                        &join(&base, &["allOf", &i.to_string()]),
                        props,
                        required,
                        visited,
                        depth + 1,
                    )
                });
                let is_object = any.typ.as_deref().is_none_or(|t| t == "object")
                    && any.one_of.is_empty()
                    && any.any_of.is_empty();
                if is_object {
                    props.extend(Vec::new());
                    for (k, v) in &any.properties {
                        props.retain(|(n, _, _)| n != k);
                        props.push((k.clone(), v, join(&base, &["properties", k])));
                    }
                    required.extend(any.required.iter().map(String::as_str));
                }
                ok && is_object
            }
            _ => false,
        }
    }

    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        data: &SchemaData,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let mut nullable = false;
        let mut kept: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            if let ReferenceOr::Item(s) = m {
                if is_null_schema(s) {
                    nullable = true;
                    continue;
                }
            }
            kept.push((i, m));
        }
        let wrap = |ty: TypeRef| {
            if nullable && !ty.is_nullable() {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            }
        };
        match kept.len() {
            0 => return wrap(TypeRef::Json),
            1 => {
                let (i, m) = kept[0];
                let ty = self.lower(m.into(), slot, &join(pointer, &[keyword, &i.to_string()]));
                return wrap(ty);
            }
            _ => {}
        }
        let name = match &slot {
            Slot::Fixed(n) => n.clone(),
            Slot::Hint(h) => self.names.claim(h),
        };
        let own = Slot::Fixed(name.clone());
        let tagged = data.discriminator.as_ref().filter(|_| {
            kept.iter()
                .all(|(_, m)| matches!(m, ReferenceOr::Reference { .. }))
        });
        let implied = match data.discriminator {
            None => self.implied_tag(&kept),
            Some(_) => None,
        };
        let mut variant_names = UniqueNames::new();
        let mut variants = Vec::new();
        for (k, (i, m)) in kept.iter().enumerate() {
            let ptr = join(pointer, &[keyword, &i.to_string()]);
            if let Some((property, Some(tag))) = implied.as_ref().map(|(p, v)| (p, v.get(k))) {
                let tag = tag.clone();
                let (ty, rust_name, writes_tag) = match m {
                    ReferenceOr::Item(s) => {
                        let ty = self.tagged_member(s, property, own.child(&tag), &ptr);
                        (ty, pascal_case(&tag), true)
                    }
                    ReferenceOr::Reference { .. } => {
                        let ty = self.lower((*m).into(), own.child(&tag), &ptr);
                        let rust_name = variant_name(&ty);
                        (ty, rust_name, false)
                    }
                };
                variants.push(UnionVariant {
                    rust_name: variant_names.claim(&rust_name),
                    ty,
                    tags: vec![tag],
                    boxed: false,
                    writes_tag,
                });
                continue;
            }
            let ty = self.lower((*m).into(), own.child(&format!("Variant{i}")), &ptr);
            let tags = match (tagged, m) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let key = ref_name(reference, "schemas")
                        .map(unescape)
                        .unwrap_or_default();
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || **target == key)
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if mapped.is_empty() {
                        vec![key]
                    } else {
                        mapped
                    }
                }
                _ => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name: variant_names.claim(&variant_name(&ty)),
                ty,
                tags,
                boxed: false,
                writes_tag: false,
            });
        }
        let discriminator = match (tagged, implied) {
            (Some(d), _) => Some(d.property_name.clone()),
            (None, Some((property, _))) => Some(property),
            (None, None) => None,
        };
        if discriminator.is_none() {
            // Catch-all shapes go last: untagged decoding tries variants in order.
            variants
                .sort_by_key(|v| matches!(v.ty.non_null(), TypeRef::Json | TypeRef::JsonObject));
        }
        let fallback = discriminator.as_ref().map(|_| {
            if variant_names.is_taken("Unknown") {
                variant_names.claim("UnknownValue")
            } else {
                variant_names.claim("Unknown")
            }
        });
        self.types.push(TypeDef {
            name: name.clone(),
            pointer: pointer.to_string(),
            docs: data.description.clone().or_else(|| data.title.clone()),
            deprecated: data.deprecated,
            kind: TypeKind::Union(UnionDef {
                variants,
                discriminator,
                fallback,
            }),
        });
        wrap(TypeRef::Named(name))
    }

    /// The tag property of a union written without a `discriminator`, the
    /// way dropshot writes enums: every member is an object that requires the
    /// same property, each with a distinct one-value string enum. Gives the
    /// property and each member's value.
    fn implied_tag(
        &self,
        members: &[(usize, &ReferenceOr<Schema>)],
    ) -> Option<(String, Vec<String>)> {
        let objects = members
            .iter()
            .map(|(_, m)| self.resolver.schema(m).and_then(ObjectShape::plain))
            .collect::<Option<Vec<_>>>()?;
        let first = objects.first()?;
        first.properties.keys().find_map(|property| {
            let mut values = Vec::new();
            for object in &objects {
                if !object.required.contains(property) {
                    return None;
                }
                let schema = self.resolve_boxed(object.properties.get(property)?)?;
                values.push(single_string_value(schema)?.to_string());
            }
            let distinct: BTreeSet<&String> = values.iter().collect();
            (values.len() >= 2 && distinct.len() == values.len())
                .then(|| (property.clone(), values))
        })
    }

    /// An inline member of a union tagged by `property`, lowered without
    /// that property: the union writes it.
    fn tagged_member(
        &mut self,
        schema: &Schema,
        property: &str,
        slot: Slot,
        pointer: &str,
    ) -> TypeRef {
        let Some(shape) = ObjectShape::plain(schema) else {
            return self.lower(Node::Item(schema), slot, pointer);
        };
        self.nested(schema, pointer, |s| {
            s.object(shape, Some(property), &schema.schema_data, slot, pointer)
        })
    }
}

/// The parts of an object schema that make a struct.
#[derive(Clone, Copy)]
struct ObjectShape<'s> {
    properties: &'s Properties,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
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
    fn plain(s: &'s Schema) -> Option<Self> {
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

/// The value of a string enum that admits exactly one value (and no `null`).
fn single_string_value(s: &Schema) -> Option<&str> {
    if s.schema_data.nullable {
        return None;
    }
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => match st.enumeration.as_slice() {
            [Some(value)] => Some(value),
            _ => None,
        },
        SchemaKind::Any(any)
            if matches!(any.typ.as_deref(), None | Some("string"))
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty() =>
        {
            match any.enumeration.as_slice() {
                [serde_json::Value::String(value)] => Some(value),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A schema that only admits `null`.
fn is_null_schema(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("null")
                || (any.typ.is_none()
                    && s.schema_data.nullable
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty()
                    && any.enumeration.iter().all(|v| v.is_null()))
        }
        _ => false,
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

/// A readable variant name for a union member.
fn variant_name(ty: &TypeRef) -> String {
    match ty.non_null() {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String | TypeRef::Url | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => {
            "String".into()
        }
        TypeRef::Bool => "Boolean".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Nullable(inner) => variant_name(inner),
        _ => "Integer".into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeDef, TypeKind, UnionDef};
    use crate::{to_ir, Settings};
    use serde_json::{json, Value};

    /// Lowers a spec with these component schemas and no operations.
    fn lower(schemas: Value) -> Api {
        let spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "Unions", "version": "1.0.0"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        let settings = Settings {
            crate_name: "unions".into(),
            source: "test".into(),
            command: "test".into(),
            deny_warnings: false,
        };
        match to_ir(&spec.to_string(), &settings) {
            Ok((api, _)) => api,
            Err(failure) => panic!("{failure}"),
        }
    }

    fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    }

    fn union<'a>(api: &'a Api, name: &str) -> &'a UnionDef {
        match &def(api, name).kind {
            TypeKind::Union(u) => u,
            other => panic!("{name} is no union: {other:?}"),
        }
    }

    /// An inline object member tagged `property: value`, with more properties.
    fn member(property: &str, value: &str, more: Value) -> Value {
        let mut properties = more.as_object().cloned().unwrap_or_default();
        properties.insert(property.into(), json!({"type": "string", "enum": [value]}));
        json!({"type": "object", "required": [property], "properties": properties})
    }

    fn names(u: &UnionDef) -> Vec<(&str, Vec<&str>, bool)> {
        u.variants
            .iter()
            .map(|v| {
                let tags = v.tags.iter().map(String::as_str).collect();
                (v.rust_name.as_str(), tags, v.writes_tag)
            })
            .collect()
    }

    #[test]
    fn inline_members_with_one_value_tags_make_a_tagged_union() {
        let api = lower(json!({"Range": {"oneOf": [
            member("type", "range_to", json!({"end": {"type": "number"}})),
            member("type", "range", json!({"start": {"type": "number"}, "end": {"type": "number"}})),
            {"nullable": true, "enum": [null]},
        ]}}));
        let u = union(&api, "Range");
        assert_eq!(u.discriminator.as_deref(), Some("type"));
        assert_eq!(u.fallback.as_deref(), Some("Unknown"));
        assert_eq!(
            names(u),
            [
                ("RangeTo", vec!["range_to"], true),
                ("Range", vec!["range"], true)
            ]
        );
        match &def(&api, "RangeRange").kind {
            TypeKind::Struct(s) => {
                let fields: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                assert_eq!(fields, ["start", "end"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            !api.types
                .iter()
                .any(|t| matches!(t.kind, TypeKind::Enum(_))),
            "no one-value enum is made for the tags"
        );
    }

    #[test]
    fn referenced_members_and_tag_schemas_are_resolved() {
        let api = lower(json!({
            "Kind": {"type": "string", "enum": ["b"]},
            "B": {"type": "object", "required": ["kind"], "properties": {
                "kind": {"$ref": "#/components/schemas/Kind"},
            }},
            "U": {"anyOf": [
                member("kind", "a", json!({})),
                {"$ref": "#/components/schemas/B"},
            ]},
        }));
        let u = union(&api, "U");
        assert_eq!(u.discriminator.as_deref(), Some("kind"));
        assert_eq!(names(u), [("A", vec!["a"], true), ("B", vec!["b"], false)]);
        // The component keeps its own tag property.
        match &def(&api, "B").kind {
            TypeKind::Struct(s) => assert_eq!(s.fields[0].wire_name, "kind"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tag_values_make_unique_valid_variant_names() {
        let api = lower(json!({"U": {"oneOf": [
            member("t", "a-b", json!({})),
            member("t", "a_b", json!({})),
            member("t", "unknown", json!({})),
            member("t", "self", json!({})),
            member("t", "", json!({})),
            member("t", "1st", json!({})),
        ]}}));
        let u = union(&api, "U");
        let got: Vec<&str> = u.variants.iter().map(|v| v.rust_name.as_str()).collect();
        assert_eq!(got, ["AB", "AB2", "Unknown", "Self_", "Value", "V1st"]);
        assert_eq!(u.fallback.as_deref(), Some("UnknownValue"));
    }

    #[test]
    fn other_unions_stay_untagged() {
        let cases = [
            // The same value twice.
            json!({"oneOf": [member("t", "a", json!({})), member("t", "a", json!({}))]}),
            // A member that does not require the tag.
            json!({"oneOf": [
                member("t", "a", json!({})),
                {"type": "object", "properties": {"t": {"type": "string", "enum": ["b"]}}},
            ]}),
            // A tag of two values.
            json!({"oneOf": [
                member("t", "a", json!({})),
                {"type": "object", "required": ["t"], "properties": {
                    "t": {"type": "string", "enum": ["b", "c"]},
                }},
            ]}),
            // A member that is no object.
            json!({"oneOf": [member("t", "a", json!({})), {"type": "string"}]}),
            // Different tag properties.
            json!({"oneOf": [member("t", "a", json!({})), member("u", "b", json!({}))]}),
            // An explicit discriminator over inline members keeps today's lowering.
            json!({
                "oneOf": [member("t", "a", json!({})), member("t", "b", json!({}))],
                "discriminator": {"propertyName": "t"},
            }),
        ];
        for case in cases {
            let api = lower(json!({"U": case}));
            let u = union(&api, "U");
            assert_eq!(u.discriminator, None, "{case}");
            assert!(u.variants.iter().all(|v| !v.writes_tag), "{case}");
        }
    }
}
