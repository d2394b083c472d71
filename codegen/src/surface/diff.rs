//! What a spec edit does to a crate's callers: the items of two surfaces
//! compared, each change marked breaking or compatible, and the semver bump
//! the crate's version needs.
//!
//! Breaking: anything a caller uses removed (an operation, parameter,
//! field, type, enum value, feature, flow or stream); a new required
//! argument or field (a path parameter, a required parameter, a body, a
//! required field); a changed method, path, type or optional/required; a
//! changed success response. Compatible: anything added that no caller has
//! to give (an operation, an optional parameter or field, a type, a
//! feature), a new enum value (enums are open: unknown values already
//! arrive as the catch-all variant) and a new documented error status
//! (undocumented statuses already arrive as `Error::UnexpectedStatus`).

use super::Surface;
use std::fmt;

/// Whether a change can break a caller's build or behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    Breaking,
    Compatible,
}

/// One item that differs between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub impact: Impact,
    /// What the change is, for a caller.
    pub what: &'static str,
}

/// The changes between two surfaces, and the versions they record.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub changes: Vec<Change>,
    pub old_version: Option<String>,
    pub new_version: Option<String>,
}

/// The least version bump a set of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The kind of item a key names: its words after the owner's name.
fn kind(key: &str) -> Vec<&str> {
    let words: Vec<&str> = key.split(' ').collect();
    match words.first() {
        Some(&"operation") | Some(&"type") => words.iter().skip(2).take(1).copied().collect(),
        Some(first) => vec![first],
        None => Vec::new(),
    }
}

fn classify(key: &str, before: Option<&str>, after: Option<&str>) -> (Impact, &'static str) {
    use Impact::*;
    let owner = key.split(' ').next().unwrap_or("");
    let part = kind(key);
    let part = part.first().copied();
    let needs_giving = |v: &str| v.ends_with(" required") || v.starts_with("path ");
    match (owner, part, before, after) {
        ("operation", None, None, Some(_)) => (Compatible, "operation added"),
        ("operation", None, Some(_), None) => (Breaking, "operation removed"),
        ("operation", None, ..) => (Breaking, "operation's method, path or feature changed"),
        ("operation", Some("param"), None, Some(v)) if needs_giving(v) => {
            (Breaking, "required parameter added")
        }
        ("operation", Some("param"), None, Some(_)) => (Compatible, "optional parameter added"),
        ("operation", Some("param"), Some(_), None) => (Breaking, "parameter removed"),
        ("operation", Some("param"), ..) => (Breaking, "parameter's type or requiredness changed"),
        ("operation", Some("body"), None, Some(_)) => (Breaking, "request body added"),
        ("operation", Some("body"), Some(_), None) => (Breaking, "request body removed"),
        ("operation", Some("body"), ..) => (Breaking, "request body changed"),
        ("operation", Some("ok"), ..) => (Breaking, "success response changed"),
        ("operation", Some("error"), None, Some(_)) => (Compatible, "error status documented"),
        ("operation", Some("error"), Some(_), None) => (Breaking, "error status removed"),
        ("operation", Some("error"), ..) => (Breaking, "error body changed"),
        ("operation", Some("stream"), None, Some(_)) => (Compatible, "page stream added"),
        ("operation", Some("stream"), ..) => (Breaking, "page stream removed"),
        ("type", None, None, Some(_)) => (Compatible, "type added"),
        ("type", None, Some(_), None) => (Breaking, "type removed"),
        ("type", None, ..) => (Breaking, "type's kind, target or features changed"),
        ("type", Some("field"), None, Some(v)) if needs_giving(v) => {
            (Breaking, "required field added")
        }
        ("type", Some("field"), None, Some(_)) => (Compatible, "optional field added"),
        ("type", Some("field"), Some(_), None) => (Breaking, "field removed"),
        ("type", Some("field"), Some(b), Some(a))
            if b.ends_with(" optional") && a.ends_with(" required") =>
        {
            (Breaking, "field made required")
        }
        ("type", Some("field"), ..) => (Breaking, "field's type or requiredness changed"),
        ("type", Some("value"), None, Some(_)) => (Compatible, "enum value added"),
        ("type", Some("value"), Some(_), None) => (Breaking, "enum value removed"),
        ("type", Some("value"), ..) => (Breaking, "enum variant renamed"),
        ("type", Some("variant"), None, Some(_)) => (Breaking, "union variant added"),
        ("type", Some("variant"), Some(_), None) => (Breaking, "union variant removed"),
        ("type", Some("variant"), ..) => (Breaking, "union variant's type changed"),
        ("feature", _, None, Some(_)) => (Compatible, "feature added"),
        ("feature", _, Some(_), None) => (Breaking, "feature removed"),
        ("flow", _, None, Some(_)) => (Compatible, "upload flow added"),
        ("flow", _, Some(_), None) => (Breaking, "upload flow removed"),
        ("flow", ..) => (Breaking, "upload flow's steps changed"),
        (_, _, None, Some(_)) => (Compatible, "added"),
        _ => (Breaking, "removed or changed"),
    }
}

/// Whether `key` is a part (a field, a parameter, a value…) of an
/// operation or type that only one of the surfaces has: the owner's own
/// line says it was added or removed, and its parts go with it.
fn owner_comes_or_goes(key: &str, old: &Surface, new: &Surface) -> bool {
    let words: Vec<&str> = key.splitn(3, ' ').collect();
    let [owner @ ("operation" | "type"), name, _] = words[..] else {
        return false;
    };
    let owner = format!("{owner} {name}");
    old.items.contains_key(&owner) != new.items.contains_key(&owner)
}

/// `major.minor.patch` of a version, pre-release and build left out.
fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

impl Report {
    /// The changes from `old` to `new`, breaking ones first, then by key.
    pub fn between(old: &Surface, new: &Surface) -> Self {
        let mut changes = Vec::new();
        let keys: std::collections::BTreeSet<&String> =
            old.items.keys().chain(new.items.keys()).collect();
        for key in keys.into_iter().filter(|k| *k != "version") {
            let before = old.items.get(key).map(String::as_str);
            let after = new.items.get(key).map(String::as_str);
            if before == after || owner_comes_or_goes(key, old, new) {
                continue;
            }
            let (impact, what) = classify(key, before, after);
            changes.push(Change {
                key: key.clone(),
                before: before.map(str::to_string),
                after: after.map(str::to_string),
                impact,
                what,
            });
        }
        changes.sort_by(|a, b| (a.impact, &a.key).cmp(&(b.impact, &b.key)));
        Report {
            changes,
            old_version: old.version().map(str::to_string),
            new_version: new.version().map(str::to_string),
        }
    }

    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// The bump the changes need: major for a breaking change, minor for an
    /// addition, patch for nothing a caller sees.
    pub fn needed(&self) -> Bump {
        if self.is_breaking() {
            Bump::Major
        } else if self.changes.is_empty() {
            Bump::Patch
        } else {
            Bump::Minor
        }
    }

    /// Why the new version does not follow the changes, when it does not.
    /// Before 1.0 a breaking change needs a minor bump and an addition any
    /// bump, as Cargo reads versions.
    pub fn version_problem(&self) -> Option<String> {
        if self.changes.is_empty() {
            return None;
        }
        let (old_text, new_text) = (self.old_version.as_deref()?, self.new_version.as_deref()?);
        let (old, new) = (parse_version(old_text)?, parse_version(new_text)?);
        let (ok, least) = match (self.needed(), old.0) {
            (Bump::Major, 0) => (new.0 > 0 || new.1 > old.1, format!("0.{}.0", old.1 + 1)),
            (Bump::Major, m) => (new.0 > m, format!("{}.0.0", m + 1)),
            (_, 0) => (new > old, format!("0.{}.{}", old.1, old.2 + 1)),
            (_, m) => (
                new.0 > m || (new.0 == m && new.1 > old.1),
                format!("{m}.{}.0", old.1 + 1),
            ),
        };
        (!ok).then(|| {
            let why = if self.is_breaking() {
                "breaking changes"
            } else {
                "additions"
            };
            format!(
                "{why} need version {least} or later, but the crate's version is {new_text} (it was {old_text}): raise `info.version` in the spec (or `info.x-rust-crate-version`)"
            )
        })
    }

    /// The report for people: one line per change, marked, then the bump.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let mark = match c.impact {
                Impact::Breaking => "breaking  ",
                Impact::Compatible => "compatible",
            };
            let detail = match (&c.before, &c.after) {
                (Some(b), Some(a)) => format!(" ({b} → {a})"),
                _ => String::new(),
            };
            out.push_str(&format!("{mark} {}: {}{detail}\n", c.what, c.key));
        }
        if !self.changes.is_empty() {
            out.push_str(&format!("needs a {} version bump", self.needed()));
            if let (Some(o), Some(n)) = (&self.old_version, &self.new_version) {
                out.push_str(&format!(" ({o} → {n})"));
            }
            out.push('\n');
        }
        out
    }
}
