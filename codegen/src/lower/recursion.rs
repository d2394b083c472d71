//! Breaking type cycles: a field or variant that directly contains a type
//! of its own strongly connected component is boxed; alias cycles become JSON.

use crate::diag::Diagnostics;
use crate::ir::{TypeDef, TypeKind, TypeRef, Untyped};
use std::collections::BTreeMap;

/// The named type a reference holds inline (not behind `Vec` or a map).
fn direct_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Nullable(inner) => direct_target(inner),
        _ => None,
    }
}

/// The types a definition holds inline. A form is never referenced, so its
/// edges can close no cycle.
fn edges(def: &TypeDef) -> Vec<&str> {
    def.kind
        .refs()
        .into_iter()
        .filter_map(direct_target)
        .collect()
}

/// Tarjan's algorithm, iterative so deep specs cannot overflow the stack.
fn components(types: &[TypeDef]) -> Vec<usize> {
    let index_of: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let adj: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            edges(t)
                .into_iter()
                .filter_map(|n| index_of.get(n).copied())
                .collect()
        })
        .collect();
    let n = types.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((v, child)) = work.pop() {
            if child == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(child) {
                work.push((v, child + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    comp
}

/// Boxes every edge inside a cycle; replaces aliases that only point at each other.
pub fn break_cycles(types: &mut [TypeDef], diags: &mut Diagnostics, untyped: &mut Vec<Untyped>) {
    let comp = components(types);
    let comp_of: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), comp[i]))
        .collect();
    let mut alias_only: BTreeMap<usize, bool> = BTreeMap::new();
    let mut size: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, t) in types.iter().enumerate() {
        *size.entry(comp[i]).or_default() += 1;
        let entry = alias_only.entry(comp[i]).or_insert(true);
        *entry &= matches!(t.kind, TypeKind::Alias(_));
    }
    for (i, t) in types.iter_mut().enumerate() {
        let c = comp[i];
        let cyclic = |target: Option<&str>, own: &str| {
            target.is_some_and(|n| comp_of.get(n) == Some(&c) && (size[&c] > 1 || n == own))
        };
        let own = t.name.clone();
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = cyclic(direct_target(&f.ty), &own);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed =
                        v.ty.as_ref()
                            .is_some_and(|ty| cyclic(direct_target(ty), &own));
                }
            }
            TypeKind::Alias(target) => {
                if alias_only[&c] && cyclic(direct_target(target), &own) {
                    diags.warning(
                        &t.pointer,
                        "schema only refers to itself; typed as any JSON value",
                    );
                    // A schema that is only itself gives no usable type.
                    untyped.push(Untyped {
                        pointer: t.pointer.clone(),
                        reason: "schema only refers to itself".into(),
                        given_type: false,
                    });
                    *target = TypeRef::Json;
                }
            }
            TypeKind::Enum(_) | TypeKind::Form(_) => {}
        }
    }
}
