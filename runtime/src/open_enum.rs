//! The trait impls every open enum of a crate shares. An open enum has one
//! variant per listed value and a catch-all for values the spec does not
//! list; the generated code gives it `as_str` and `From<&str>`, and this
//! macro derives the rest from those two, so the crate stays small to build.

/// Implements `FromStr`, `Display`, `Serialize` and `Deserialize` (as a
/// string) for an enum that has `as_str` and `From<&str>`. Generated crates
/// call it as `crate::runtime::open_enum!`; it names nothing of theirs but
/// `serde`, a dependency every generated crate has.
#[macro_export]
#[doc(hidden)]
macro_rules! open_enum {
    ($name:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str($crate::OpenEnumVisitor::new())
            }
        }
    };
}

/// Reads an open enum from a string in place: a listed value costs no
/// allocation. One generic visitor serves every enum of the crate.
pub struct OpenEnumVisitor<T>(::std::marker::PhantomData<fn() -> T>);

impl<T> OpenEnumVisitor<T> {
    pub fn new() -> Self {
        OpenEnumVisitor(::std::marker::PhantomData)
    }
}

impl<T> Default for OpenEnumVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: for<'a> From<&'a str>> ::serde::de::Visitor<'de> for OpenEnumVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}
