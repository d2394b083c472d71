//! The specs mutations start from (fixtures, specs, and the small specs of
//! both corpora), and the pool of subtrees they graft from one spec into
//! another.

use crate::rng::Rng;
use crate::tree;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Corpus specs larger than this are left out: generating them takes seconds.
const MAX_SEED_BYTES: u64 = 100_000;
/// The same for the 3.1 and 2.0 corpus, whose few documents are mostly big.
const MAX_NEXT_SEED_BYTES: u64 = 1_000_000;
/// Seeds larger than this are picked a quarter as often: they take long.
const BIG_SEED_BYTES: usize = 100_000;
/// Seeds of the 3.1 and 2.0 corpus are picked half as often again: each
/// case of them costs several of a small 3.0 seed, and the version
/// mutations give every seed 3.1 and 2.0 shapes besides.
const NEXT_RARITY: usize = 2;
/// Subtrees with more nodes than this are not grafted.
const MAX_GRAFT_NODES: usize = 400;
/// Subtrees of one kind taken from one seed, at most.
const MAX_GRAFTS_PER_KIND: usize = 25;

/// One starting document; `doc` is `None` when the text does not parse.
pub struct Seed {
    pub name: String,
    pub text: String,
    pub doc: Option<Value>,
    /// A big document of which each case keeps only a few paths (see
    /// [`crate::case::build`]), so it costs about what a small one does.
    pub sliced: bool,
    /// A case takes this seed once in `rarity` picks: 1 for most, more for
    /// the seeds that take long to generate.
    pub rarity: usize,
}

/// A subtree of some seed, by the role it played there.
pub enum Graft {
    Schema(String, Value),
    PathItem(String, Value),
    Parameter(Value),
    Response(Value),
    RequestBody(Value),
}

#[derive(Default)]
pub struct Pool {
    items: Vec<Graft>,
}

impl Pool {
    pub fn pick(&self, rng: &mut Rng) -> Option<&Graft> {
        (!self.items.is_empty()).then(|| rng.pick(&self.items))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    fn take_from(&mut self, doc: &Value) {
        let small = |v: &Value| tree::nodes(v).len() <= MAX_GRAFT_NODES;
        let entries = |pointer: &str| -> Vec<(String, Value)> {
            doc.pointer(pointer)
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter(|(_, v)| small(v))
                        .take(MAX_GRAFTS_PER_KIND)
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        for (k, v) in entries("/components/schemas")
            .into_iter()
            .chain(entries("/definitions"))
        {
            self.items.push(Graft::Schema(k, v));
        }
        for (k, v) in entries("/paths") {
            self.items.push(Graft::PathItem(k, v));
        }
        for (_, v) in entries("/components/parameters") {
            self.items.push(Graft::Parameter(v));
        }
        for (_, v) in entries("/components/responses") {
            self.items.push(Graft::Response(v));
        }
        for (_, v) in entries("/components/requestBodies") {
            self.items.push(Graft::RequestBody(v));
        }
        // Inline parameters, responses and bodies of operations.
        let mut taken = 0;
        for (path, v) in tree::nodes(doc) {
            if taken >= MAX_GRAFTS_PER_KIND || !tree::is_operation(&path, v) {
                continue;
            }
            taken += 1;
            for p in v
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.items.push(Graft::Parameter(p.clone()));
            }
            for r in v
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values())
            {
                if small(r) {
                    self.items.push(Graft::Response(r.clone()));
                }
            }
            if let Some(b) = v.get("requestBody").filter(|b| small(b)) {
                self.items.push(Graft::RequestBody(b.clone()));
            }
        }
    }
}

pub struct Seeds {
    pub seeds: Vec<Seed>,
    pub pool: Pool,
    /// What was left out, and why.
    pub notes: Vec<String>,
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"));
    out.sort();
    out
}

/// A folder of corpus specs: `var` names it, else it is `default` beside
/// the project (as in `.ci/run`).
fn corpus_dir(tests: &Path, var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| tests.join("..").join(default))
}

/// Every fixture (malformed ones too), every spec, and the small corpus specs.
pub fn load() -> Seeds {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut notes = Vec::new();
    let mut paths: Vec<PathBuf> = files(&tests.join("fixtures"));
    paths.extend(files(&tests.join("fixtures/malformed")));
    paths.extend(files(&tests.join("../spec")));
    let corpus = corpus_dir(tests, "CORPUS_DIR", "../shared/corpus");
    if corpus.is_dir() {
        for p in files(&corpus) {
            let size = p.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
            if size <= MAX_SEED_BYTES {
                paths.push(p);
            } else {
                notes.push(format!("{} left out ({size} bytes)", p.display()));
            }
        }
    } else {
        notes.push(format!(
            "no corpus at {} (set CORPUS_DIR); fixtures and specs only",
            corpus.display()
        ));
    }
    // OpenAPI 3.1 and Swagger 2.0 documents; the big ones are sliced.
    let next = corpus_dir(tests, "CORPUS_NEXT_DIR", "../shared/corpus-next");
    let mut from_next = Vec::new();
    if next.is_dir() {
        for p in files(&next) {
            let size = p.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
            if size <= MAX_NEXT_SEED_BYTES {
                from_next.push(p.clone());
                paths.push(p);
            } else {
                notes.push(format!("{} left out ({size} bytes)", p.display()));
            }
        }
    } else {
        notes.push(format!(
            "no corpus at {} (set CORPUS_NEXT_DIR); no 3.1 or 2.0 seeds",
            next.display()
        ));
    }
    let mut seeds = Vec::new();
    let mut pool = Pool::default();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else {
            notes.push(format!("{} unreadable", p.display()));
            continue;
        };
        let doc = serde_yaml::from_str::<Value>(&text).ok();
        if let Some(doc) = &doc {
            pool.take_from(doc);
        }
        let name = p
            .strip_prefix(tests)
            .or_else(|_| p.strip_prefix(tests.join("..")))
            .unwrap_or(&p)
            .display()
            .to_string();
        let big = text.len() > BIG_SEED_BYTES;
        let next = from_next.contains(&p);
        let rarity = if big { 4 } else { 1 } * if next { NEXT_RARITY } else { 1 };
        seeds.push(Seed {
            name,
            text,
            doc,
            sliced: big && next,
            rarity,
        });
    }
    Seeds { seeds, pool, notes }
}
