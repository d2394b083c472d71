//! `$ref` resolution against `components`, following chains with a bound.

use openapiv3::{
    Header, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
};

/// Looks references up in one document's components.
pub struct Resolver<'a> {
    spec: &'a OpenAPI,
}

const MAX_CHAIN: usize = 32;

/// The component name a `#/components/<kind>/<name>` reference points at.
pub fn ref_name<'r>(reference: &'r str, kind: &str) -> Option<&'r str> {
    reference
        .strip_prefix("#/components/")?
        .strip_prefix(kind)?
        .strip_prefix('/')
}

/// Unescapes a JSON pointer segment.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

macro_rules! resolver_fn {
    ($fn_name:ident, $ty:ty, $kind:literal, $field:ident) => {
        /// Follows references to the item, or `None` when one dangles.
        pub fn $fn_name<'s>(&self, item: &'s ReferenceOr<$ty>) -> Option<&'s $ty>
        where
            'a: 's,
        {
            let mut current = item;
            for _ in 0..MAX_CHAIN {
                match current {
                    ReferenceOr::Item(v) => return Some(v),
                    ReferenceOr::Reference { reference } => {
                        let name = unescape(ref_name(reference, $kind)?);
                        current = self.spec.components.as_ref()?.$field.get(&name)?;
                    }
                }
            }
            None
        }
    };
}

impl<'a> Resolver<'a> {
    pub fn new(spec: &'a OpenAPI) -> Self {
        Self { spec }
    }

    resolver_fn!(parameter, Parameter, "parameters", parameters);
    resolver_fn!(request_body, RequestBody, "requestBodies", request_bodies);
    resolver_fn!(response, Response, "responses", responses);
    resolver_fn!(header, Header, "headers", headers);
    resolver_fn!(
        security_scheme,
        SecurityScheme,
        "securitySchemes",
        security_schemes
    );

    /// Follows schema references (possibly boxed) to the schema they name.
    pub fn schema<'s>(&self, item: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        let mut current = item;
        for _ in 0..MAX_CHAIN {
            match current {
                ReferenceOr::Item(v) => return Some(v),
                ReferenceOr::Reference { reference } => {
                    let name = unescape(ref_name(reference, "schemas")?);
                    current = self.spec.components.as_ref()?.schemas.get(&name)?;
                }
            }
        }
        None
    }

    /// Same as [`Resolver::schema`] for the boxed references openapiv3 uses inside schemas.
    pub fn schema_boxed<'s>(&self, item: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match item {
            ReferenceOr::Item(v) => Some(v),
            ReferenceOr::Reference { reference } => self.schema_ref(reference),
        }
    }

    /// The schema a `#/components/schemas/..` reference names.
    pub fn schema_ref(&self, reference: &str) -> Option<&'a Schema> {
        let name = unescape(ref_name(reference, "schemas")?);
        let item = self.spec.components.as_ref()?.schemas.get(&name)?;
        self.schema(item)
    }
}
