//! What a generated Rust file must be: it parses, and no name is defined
//! twice where rustc would refuse it (items of a module, fields, variants,
//! methods of a type, parameters of a function). Names that collide after
//! case conversion show up here, not only as compile errors later.

use std::collections::{BTreeMap, BTreeSet};
use syn::{Fields, FnArg, ImplItem, Item, Pat, Type};

pub fn check(path: &str, contents: &str) -> Result<(), String> {
    let file = syn::parse_file(contents).map_err(|e| format!("`{path}` does not parse: {e}"))?;
    let mut problems = Vec::new();
    module(&file.items, &mut problems);
    match problems.first() {
        Some(p) => Err(format!("`{path}`: {p}")),
        None => Ok(()),
    }
}

/// Inserts `name` into `seen`, noting a problem when it was already there.
fn unique(seen: &mut BTreeSet<String>, name: String, what: &str, problems: &mut Vec<String>) {
    if !seen.insert(name.clone()) {
        problems.push(format!("{what} `{name}` is defined twice"));
    }
}

fn module(items: &[Item], problems: &mut Vec<String>) {
    let (mut types, mut values) = (BTreeSet::new(), BTreeSet::new());
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in items {
        match item {
            Item::Struct(s) => {
                unique(&mut types, s.ident.to_string(), "type", problems);
                if let Fields::Named(named) = &s.fields {
                    let mut fields = BTreeSet::new();
                    for f in named.named.iter().filter_map(|f| f.ident.as_ref()) {
                        unique(
                            &mut fields,
                            f.to_string(),
                            &format!("field of `{}`", s.ident),
                            problems,
                        );
                    }
                }
            }
            Item::Enum(e) => {
                unique(&mut types, e.ident.to_string(), "type", problems);
                let mut variants = BTreeSet::new();
                for v in &e.variants {
                    unique(
                        &mut variants,
                        v.ident.to_string(),
                        &format!("variant of `{}`", e.ident),
                        problems,
                    );
                }
            }
            Item::Type(t) => unique(&mut types, t.ident.to_string(), "type", problems),
            Item::Trait(t) => unique(&mut types, t.ident.to_string(), "trait", problems),
            Item::Mod(m) => {
                unique(&mut types, m.ident.to_string(), "module", problems);
                if let Some((_, inner)) = &m.content {
                    module(inner, problems);
                }
            }
            Item::Fn(f) => {
                unique(&mut values, f.sig.ident.to_string(), "function", problems);
                params(&f.sig, problems);
            }
            Item::Const(c) => unique(&mut values, c.ident.to_string(), "constant", problems),
            Item::Static(s) => unique(&mut values, s.ident.to_string(), "static", problems),
            Item::Impl(i) if i.trait_.is_none() => {
                let Type::Path(ty) = &*i.self_ty else {
                    continue;
                };
                let Some(last) = ty.path.segments.last() else {
                    continue;
                };
                let seen = methods.entry(last.ident.to_string()).or_default();
                for member in &i.items {
                    let (name, what) = match member {
                        ImplItem::Fn(f) => {
                            params(&f.sig, problems);
                            (f.sig.ident.to_string(), "method")
                        }
                        ImplItem::Const(c) => (c.ident.to_string(), "associated constant"),
                        _ => continue,
                    };
                    unique(seen, name, &format!("{what} of `{}`", last.ident), problems);
                }
            }
            _ => {}
        }
    }
}

fn params(sig: &syn::Signature, problems: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for arg in &sig.inputs {
        if let FnArg::Typed(t) = arg {
            if let Pat::Ident(p) = &*t.pat {
                unique(
                    &mut seen,
                    p.ident.to_string(),
                    &format!("parameter of `{}`", sig.ident),
                    problems,
                );
            }
        }
    }
}

#[test]
fn names_defined_twice_are_found() {
    for (src, what) in [
        ("struct A; enum A {}", "type `A`"),
        ("struct S { a: u8, a: u8 }", "field of `S`"),
        ("enum E { X, X }", "variant of `E`"),
        ("fn f() {} const f: u8 = 0;", "constant `f`"),
        ("impl T { fn m() {} } impl T { fn m() {} }", "method of `T`"),
        ("fn f(a: u8, a: u8) {}", "parameter of `f`"),
        ("mod m { struct A; struct A; }", "type `A`"),
    ] {
        let got = check("x.rs", src).expect_err(src);
        assert!(got.contains(what), "{src}: {got}");
    }
    assert!(check(
        "x.rs",
        "struct A { a: u8 } impl A { fn a() {} } impl Tr for A { fn a() {} }"
    )
    .is_ok());
}
