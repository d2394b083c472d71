use super::request::Body;
use std::collections::BTreeMap;
use std::fmt;

/// One rule of the spec that an argument breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where the value sits, by wire names: `contentLength`, `items[2].name`.
    pub field: String,
    /// The rule, with the offending value: `must be at most 4000000 (got 5000000)`.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.rule)
    }
}

/// Every rule the arguments of one call break; the request was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The broken rules, in argument order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// The violation for a field, if there is one.
    pub fn field(&self, field: &str) -> Option<&Violation> {
        self.0.iter().find(|v| v.field == field)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// The limits the spec puts on one value (`minimum`, `maxLength`, ...).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Rules {
    /// No limits; the base the generated code fills in.
    pub const NONE: Rules = Rules {
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
    };
}

/// A size that [`Rules`] can be checked against.
#[derive(Debug, Clone, Copy)]
pub enum Measure {
    /// A number's value.
    Number(f64),
    /// A string's length in characters.
    Length(usize),
    /// An array's number of items.
    Items(usize),
}

/// A value with a size: numbers, strings, arrays; absent values have none.
pub trait Measured {
    fn measure(&self) -> Option<Measure>;
}

macro_rules! measured_numbers {
    ($($t:ty),*) => {$(
        impl Measured for $t {
            fn measure(&self) -> Option<Measure> {
                Some(Measure::Number(*self as f64))
            }
        }
    )*};
}
measured_numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl Measured for str {
    fn measure(&self) -> Option<Measure> {
        Some(Measure::Length(self.chars().count()))
    }
}

impl Measured for String {
    fn measure(&self) -> Option<Measure> {
        self.as_str().measure()
    }
}

impl<T> Measured for Vec<T> {
    fn measure(&self) -> Option<Measure> {
        Some(Measure::Items(self.len()))
    }
}

impl<T: Measured + ?Sized> Measured for &T {
    fn measure(&self) -> Option<Measure> {
        (**self).measure()
    }
}

impl<T: Measured + ?Sized> Measured for Box<T> {
    fn measure(&self) -> Option<Measure> {
        (**self).measure()
    }
}

impl<T: Measured> Measured for Option<T> {
    fn measure(&self) -> Option<Measure> {
        self.as_ref().and_then(Measured::measure)
    }
}

/// A type whose values can break rules of the spec: generated for every
/// model a request can carry that has limits or enums somewhere inside it.
pub trait Validate {
    /// Adds each broken rule to `check`, naming fields under `path`.
    fn validate(&self, path: &str, check: &mut Check);
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, path: &str, check: &mut Check) {
        (**self).validate(path, check)
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &str, check: &mut Check) {
        (**self).validate(path, check)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &str, check: &mut Check) {
        if let Some(value) = self {
            value.validate(path, check)
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &str, check: &mut Check) {
        for (i, item) in self.iter().enumerate() {
            item.validate(&format!("{path}[{i}]"), check)
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &str, check: &mut Check) {
        for (key, value) in self {
            value.validate(&join(path, key), check)
        }
    }
}

/// `parent.child`, or `child` at the top.
pub fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

/// Collects the rules broken by the arguments of one call.
#[derive(Debug, Default)]
pub struct Check {
    violations: Vec<Violation>,
}

impl Check {
    /// Records a broken rule.
    pub fn fail(&mut self, field: impl Into<String>, rule: impl Into<String>) {
        self.violations.push(Violation {
            field: field.into(),
            rule: rule.into(),
        });
    }

    /// Checks one value against its limits.
    pub fn rules<T: Measured + ?Sized>(&mut self, value: &T, field: &str, rules: &Rules) {
        match value.measure() {
            Some(Measure::Number(n)) => self.number(n, field, rules),
            Some(Measure::Length(n)) => {
                self.count(n, field, rules.min_length, rules.max_length, "character")
            }
            Some(Measure::Items(n)) => {
                self.count(n, field, rules.min_items, rules.max_items, "item")
            }
            None => {}
        }
    }

    fn number(&mut self, n: f64, field: &str, rules: &Rules) {
        if let Some(min) = rules.minimum {
            if rules.exclusive_minimum && n <= min {
                self.fail(field, format!("must be greater than {min} (got {n})"));
            } else if n < min {
                self.fail(field, format!("must be at least {min} (got {n})"));
            }
        }
        if let Some(max) = rules.maximum {
            if rules.exclusive_maximum && n >= max {
                self.fail(field, format!("must be less than {max} (got {n})"));
            } else if n > max {
                self.fail(field, format!("must be at most {max} (got {n})"));
            }
        }
    }

    fn count(&mut self, n: usize, field: &str, min: Option<usize>, max: Option<usize>, unit: &str) {
        if let Some(min) = min.filter(|min| n < *min) {
            self.fail(
                field,
                format!("must have at least {} (got {n})", counted(min, unit)),
            );
        }
        if let Some(max) = max.filter(|max| n > *max) {
            self.fail(
                field,
                format!("must have at most {} (got {n})", counted(max, unit)),
            );
        }
    }

    /// Checks a value that validates itself (a model, or a list of them).
    pub fn nested<T: Validate + ?Sized>(&mut self, value: &T, field: &str) {
        value.validate(field, self)
    }

    /// Checks that a value is one the spec lists.
    pub fn one_of(&mut self, value: &str, field: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.fail(
                field,
                format!("must be one of {} (got `{value}`)", quoted(allowed)),
            );
        }
    }

    /// Checks which alternatives of fields of an object at `path` are
    /// given (`complete[i]`: every field of `alternatives[i]` is): at least
    /// one must be, and with `exactly_one` no more than one. The violation is
    /// named by the first field: `` `email` or `userId` must be given ``.
    pub fn required_sets(
        &mut self,
        path: &str,
        alternatives: &[&[&str]],
        complete: &[bool],
        exactly_one: bool,
    ) {
        let count = complete.iter().filter(|c| **c).count();
        let rule = match count {
            0 => "must be given".to_string(),
            n if exactly_one && n > 1 => format!("must be given, only one of them (got {n})"),
            _ => return,
        };
        let Some(first) = alternatives.iter().flat_map(|a| a.iter()).next() else {
            return;
        };
        let alternative = |names: &&[&str]| {
            names
                .iter()
                .map(|n| format!("`{}`", join(path, n)))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let phrase = alternatives
            .iter()
            .map(alternative)
            .collect::<Vec<_>>()
            .join(" or ");
        let field = join(path, first);
        // The first name is the violation's field, which `Display` quotes.
        let rest = phrase.get(field.len() + 2..).unwrap_or("").trim_start();
        let rule = if rest.is_empty() {
            rule
        } else {
            format!("{rest} {rule}")
        };
        self.fail(field, rule);
    }

    /// Checks a raw body's own Content-Type against the media types the spec
    /// lists (`image/*` and `*/*` match a whole family). A body without one
    /// gets the spec's default when sent.
    pub fn media_type(&mut self, body: Option<&Body>, allowed: &[&str]) {
        let Some(given) = body.and_then(Body::content_type) else {
            return;
        };
        if !allowed.is_empty() && !allowed.iter().any(|a| media_type_matches(a, given)) {
            self.fail(
                "Content-Type",
                format!("must be one of {} (got `{given}`)", quoted(allowed)),
            );
        }
    }

    /// `Ok` when no rule was broken.
    pub fn finish(self) -> Result<(), Violations> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Violations(self.violations))
        }
    }
}

/// `` `a`, `b`, `c` ``.
pub(crate) fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `given` (parameters ignored, case-insensitive) is within `pattern`.
pub(crate) fn media_type_matches(pattern: &str, given: &str) -> bool {
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let (pattern, given) = (essence(pattern), essence(given));
    match pattern.split_once('/') {
        _ if pattern == "*/*" || pattern == given => true,
        Some((family, "*")) => given.split_once('/').is_some_and(|(f, _)| f == family),
        _ => false,
    }
}

/// `1 item`, `2 items`.
fn counted(n: usize, unit: &str) -> String {
    if n == 1 {
        format!("{n} {unit}")
    } else {
        format!("{n} {unit}s")
    }
}
