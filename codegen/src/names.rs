//! Naming policy: how spec names become Rust identifiers. Every naming
//! decision goes through here, once, during lowering.
//!
//! A user may glob-import a generated crate's root, its `types` and its
//! `operations` together, so all their type names are one namespace:
//!
//! - A spec type never takes a name that is always someone else's: one the
//!   crate root re-exports ([`ROOT_EXPORTS`]), one of Rust's prelude
//!   ([`PRELUDE`], which a glob import would shadow), or an operation's or
//!   upload flow's error enum (`…Error`, known before any type is named). It
//!   takes the suffix [`TAKEN_NAME_SUFFIX`] instead (`Error` → `ErrorModel`,
//!   `Result` → `ResultModel`), and its docs say which spec name it came
//!   from. `types` is the module of the spec's models, hence that suffix:
//!   it reads as what the type is, and no runtime or generated name ends in it.
//! - The types the generator makes for only some operations (`…Params`,
//!   `…Response`, `…Form`, `ResponseHeaders`) are named after every spec
//!   type: a spec schema that already holds such a name keeps it, and the
//!   generated type is numbered (`ListMediaParams2`).

use std::collections::{BTreeMap, BTreeSet};

/// Rust keywords (strict, reserved and edition-dependent) that cannot be
/// used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether Cargo takes `s` as a package name that Rust code can name too:
/// ASCII letters, digits, `-` and `_`, a letter first, and (with `-` read
/// as `_`) no keyword.
pub fn is_crate_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !is_keyword(&s.replace('-', "_"))
}

/// Folds common Latin letters with diacritics to ASCII so `naïve` reads `naive`.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'ç' => "c",
        'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' => "n",
        'Ñ' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        _ => return None,
    })
}

/// Splits a spec name into ASCII words at separators and case changes:
/// `fooBar-baz_qux`, `HTTPServer2Go` → `foo bar baz qux`, `HTTP Server2 Go`.
pub fn split_words(input: &str) -> Vec<String> {
    let mut ascii = String::with_capacity(input.len());
    for c in input.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c);
        } else if let Some(f) = fold_char(c) {
            ascii.push_str(f);
        } else {
            ascii.push(' ');
        }
    }
    let mut words = Vec::new();
    for chunk in ascii.split(' ').filter(|s| !s.is_empty()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut current = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if i > 0 && !current.is_empty() {
                let prev = chars[i - 1];
                let next = chars.get(i + 1).copied();
                let boundary = (c.is_ascii_uppercase()
                    && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
                    || (c.is_ascii_uppercase()
                        && prev.is_ascii_uppercase()
                        && next.is_some_and(|n| n.is_ascii_lowercase()));
                if boundary {
                    words.push(std::mem::take(&mut current));
                }
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

/// Replaces a leading sign with a word so `+1` and `-1` stay distinct.
fn sign_prefix(input: &str) -> (&'static str, &str) {
    let trimmed = input.trim_start();
    if let Some(rest) = trimmed.strip_prefix('+') {
        ("plus ", rest)
    } else if let Some(rest) = trimmed.strip_prefix('-') {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            ("minus ", rest)
        } else {
            ("", input)
        }
    } else {
        ("", input)
    }
}

/// `snake_case` identifier; never empty, never a keyword, never starts with a digit.
pub fn snake_case(input: &str) -> String {
    let (prefix, rest) = sign_prefix(input);
    let words = split_words(&format!("{prefix}{rest}"));
    let mut out = words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// `PascalCase` identifier; never empty, never a keyword, never starts with a digit.
pub fn pascal_case(input: &str) -> String {
    let (prefix, rest) = sign_prefix(input);
    let words = split_words(&format!("{prefix}{rest}"));
    let mut out = String::new();
    for w in words {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// `SCREAMING_SNAKE_CASE`, for environment variable defaults and constants.
pub fn screaming_snake_case(input: &str) -> String {
    snake_case(input).trim_end_matches('_').to_ascii_uppercase()
}

/// Hands out names unique within one namespace, suffixing `2`, `3`, … on
/// collision. Reserved names are never handed out.
#[derive(Debug, Default, Clone)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claims `base`, or the first free `base2`, `base3`, ….
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        (2..)
            .map(|n| numbered(base, n))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// The suffix of a spec type whose name belongs to another item of the crate.
pub const TAKEN_NAME_SUFFIX: &str = "Model";

/// The names the crate root re-exports from the client and the runtime.
/// `emit::crate_files` re-exports exactly these (a test there checks it).
pub const ROOT_EXPORTS: &[&str] = &[
    "ApiError",
    "Body",
    "BuildError",
    "ByteStream",
    "Client",
    "ClientBuilder",
    "DEFAULT_BASE_URL",
    "DocumentedHeaders",
    "Error",
    "FilePart",
    "Progress",
    "ResponseValue",
];

/// The type, trait and value names of Rust's 2021 and 2024 preludes: a glob
/// import of a type of that name would shadow the prelude's.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// What a name a spec type cannot take belongs to, for the type's docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Re-exported by the crate root.
    Root,
    /// Rust's prelude.
    Prelude,
    /// An error enum of the `operations` module.
    Operations,
}

impl Owner {
    /// Why a spec type was renamed, as a sentence for its docs.
    pub fn note(self, spec_name: &str, rust_name: &str) -> String {
        let whose = match self {
            Owner::Root => format!("the crate root's own `crate::{spec_name}`"),
            Owner::Prelude => format!("Rust's prelude `{spec_name}`"),
            Owner::Operations => format!("the error enum `operations::{spec_name}`"),
        };
        format!(
            "The spec names this schema `{spec_name}`; it is `{rust_name}` here so as not to \
             collide with {whose} when modules are glob-imported."
        )
    }
}

/// Type names of the `types` module: unique, and never a name that
/// belongs to another item (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct TypeNames {
    taken: BTreeSet<String>,
    elsewhere: BTreeMap<String, Owner>,
}

impl TypeNames {
    /// A namespace in which the root's and the prelude's names, and `more`,
    /// belong elsewhere.
    pub fn new(more: BTreeMap<String, Owner>) -> Self {
        let mut elsewhere = more;
        for (names, owner) in [(ROOT_EXPORTS, Owner::Root), (PRELUDE, Owner::Prelude)] {
            for n in names {
                elsewhere.insert(n.to_string(), owner);
            }
        }
        Self {
            taken: BTreeSet::new(),
            elsewhere,
        }
    }

    /// Whom `name` belongs to, when it is not a spec type's to take.
    pub fn owner(&self, name: &str) -> Option<Owner> {
        self.elsewhere.get(name).copied()
    }

    /// Claims `base` for a spec type: `base` itself, or `base` with
    /// [`TAKEN_NAME_SUFFIX`] when it belongs elsewhere; then the first free
    /// of that with `2`, `3`, ….
    pub fn claim(&mut self, base: &str) -> String {
        let stem = if self.elsewhere.contains_key(base) {
            format!("{base}{TAKEN_NAME_SUFFIX}")
        } else {
            base.to_string()
        };
        self.first_free(&stem)
    }

    /// Claims `name` for a type the generator makes (an operation's form,
    /// parameters or success enum, the response headers): `name`, or the
    /// first free of it with `2`, `3`, ….
    pub fn claim_own(&mut self, name: &str) -> String {
        self.first_free(name)
    }

    fn first_free(&mut self, stem: &str) -> String {
        if !self.elsewhere.contains_key(stem) && self.taken.insert(stem.to_string()) {
            return stem.to_string();
        }
        (2..)
            .map(|n| numbered(stem, n))
            .find(|c| !self.elsewhere.contains_key(c) && self.taken.insert(c.clone()))
            .unwrap_or_default()
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// `stem` numbered `n`: `Foo2`, or `V1_2` after a digit.
fn numbered(stem: &str, n: u32) -> String {
    let stem = stem.trim_end_matches('_');
    let sep = if stem.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    format!("{stem}{sep}{n}")
}

/// Method names no by-name setter of a generated value type may take: its
/// constructor; the methods of the traits it implements or gets by blanket
/// impl, which an inherent method of the same name would shadow when called
/// on a value (`value.clone()`) or on the type (`Type::default()`); and the
/// operator method names clippy's `should_implement_trait` flags on an
/// inherent method taking `self` and one argument.
pub const TAKEN_METHODS: &[&str] = &[
    // The constructor.
    "new",
    // Derived or implemented: Clone, PartialEq, Debug, Default, Hash,
    // serde, the runtime's `Validate`.
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "default",
    "hash",
    "serialize",
    "deserialize",
    "validate",
    // Blanket impls: Into, TryInto, Borrow, BorrowMut, ToOwned, Any.
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
    "to_owned",
    "clone_into",
    "type_id",
    // Operators.
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "neg",
    "not",
    "bitand",
    "bitor",
    "bitxor",
    "shl",
    "shr",
];

/// The setter names of one value type (a struct, a params struct or a form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetterNames {
    /// One per optional field, in the order given.
    pub fields: Vec<String>,
    /// The setter inserting one additional property, when the type has a map of them.
    pub additional: Option<String>,
}

/// Names the by-name setters of one value type. An optional field's setter
/// is the field's name, or `with_<name>` when that name is in
/// [`TAKEN_METHODS`] or in `also_taken` (the type's other inherent methods);
/// the setter of additional properties is `property`, else
/// `additional_property`. No two methods of the type share a name: a name
/// still taken gets a number (`with_clone2`).
pub fn setter_names(optional: &[&str], also_taken: &[&str], additional: bool) -> SetterNames {
    let reserved: Vec<&str> = TAKEN_METHODS.iter().chain(also_taken).copied().collect();
    let mut names = UniqueNames::with_reserved(&reserved);
    // Natural names first, so a field keeps its own name even when another
    // field's prefixed one would spell it.
    let mut fields: Vec<Option<String>> = optional
        .iter()
        .map(|f| (!names.is_taken(f)).then(|| names.claim(f)))
        .collect();
    for (slot, f) in fields.iter_mut().zip(optional) {
        if slot.is_none() {
            *slot = Some(names.claim(&format!("with_{}", f.trim_end_matches('_'))));
        }
    }
    let additional = additional.then(|| {
        if names.is_taken("property") {
            names.claim("additional_property")
        } else {
            names.claim("property")
        }
    });
    SetterNames {
        fields: fields.into_iter().flatten().collect(),
        additional,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases() {
        let cases = [
            ("fooBar", "foo_bar"),
            ("foo-bar", "foo_bar"),
            ("FooBar", "foo_bar"),
            ("HTTPServer", "http_server"),
            ("contentLength", "content_length"),
            ("type", "type_"),
            ("self", "self_"),
            ("1st", "_1st"),
            ("@id", "id"),
            ("naïve", "naive"),
            ("ALL_CAPS", "all_caps"),
            ("things.list", "things_list"),
            ("", "value"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("x-ratelimit-limit", "x_ratelimit_limit"),
            ("v2Beta", "v2_beta"),
        ];
        for (input, want) in cases {
            assert_eq!(snake_case(input), want, "snake_case({input:?})");
        }
    }

    #[test]
    fn pascal_cases() {
        let cases = [
            ("user_profile", "UserProfile"),
            ("UserProfile", "UserProfile"),
            ("My.Schema Name", "MySchemaName"),
            ("image/jpeg", "ImageJpeg"),
            ("PENDING", "Pending"),
            ("Self", "Self_"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("2fa", "V2fa"),
            ("", "Value"),
            ("a.b", "AB"),
        ];
        for (input, want) in cases {
            assert_eq!(pascal_case(input), want, "pascal_case({input:?})");
        }
    }

    #[test]
    fn crate_names() {
        for ok in ["loops", "my-api", "api_v2", "A1"] {
            assert!(is_crate_name(ok), "{ok}");
        }
        for bad in [
            "", "1api", "-a", "_a", "a b", "ünï", "self", "type", "r#self", "a/b",
        ] {
            assert!(!is_crate_name(bad), "{bad}");
        }
    }

    #[test]
    fn unique_names_suffix_collisions() {
        let mut names = UniqueNames::with_reserved(&["Unknown"]);
        assert_eq!(names.claim("Foo"), "Foo");
        assert_eq!(names.claim("Foo"), "Foo2");
        assert_eq!(names.claim("Foo"), "Foo3");
        assert_eq!(names.claim("Unknown"), "Unknown2");
        assert_eq!(names.claim("V1"), "V1");
        assert_eq!(names.claim("V1"), "V1_2");
        assert_eq!(names.claim("type_"), "type_");
        assert_eq!(names.claim("type_"), "type2");
    }

    #[test]
    fn type_names_leave_other_items_their_names() {
        let mut more = BTreeMap::new();
        more.insert("ListError".to_string(), Owner::Operations);
        let mut names = TypeNames::new(more);
        assert_eq!(names.claim("Pet"), "Pet");
        assert_eq!(names.claim("Error"), "ErrorModel");
        assert_eq!(names.claim("Result"), "ResultModel");
        assert_eq!(names.claim("ListError"), "ListErrorModel");
        assert_eq!(names.claim("ListErrorModel"), "ListErrorModel2");
        assert_eq!(names.claim("ListParams"), "ListParams");
        assert_eq!(names.claim_own("ListParams"), "ListParams2");
        assert_eq!(names.claim_own("ListForm"), "ListForm");
        assert_eq!(names.owner("Client"), Some(Owner::Root));
        assert_eq!(names.owner("Vec"), Some(Owner::Prelude));
        assert_eq!(names.owner("Pet"), None);
    }

    #[test]
    fn setters_avoid_taken_method_names() {
        let named = setter_names(
            &[
                "first_name",
                "clone",
                "new",
                "with_clone",
                "default",
                "into_form",
                "property",
            ],
            &["into_form"],
            true,
        );
        assert_eq!(
            named.fields,
            [
                "first_name",
                "with_clone2",
                "with_new",
                "with_clone",
                "with_default",
                "with_into_form",
                "property"
            ]
        );
        assert_eq!(named.additional.as_deref(), Some("additional_property"));
        let plain = setter_names(&["limit"], &[], true);
        assert_eq!(plain.fields, ["limit"]);
        assert_eq!(plain.additional.as_deref(), Some("property"));
    }
}
