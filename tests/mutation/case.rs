//! One case: a seed, the mutations stacked on it, and the text they give.
//! Case `i` depends only on the base seed and `i`, so it reproduces.

use crate::mutate::Mutator;
use crate::odd;
use crate::rng::{mix, Rng};
use crate::seeds::Seeds;
use serde_json::{Map, Value};

/// Paths a case keeps of a sliced seed.
const SLICE_PATHS: usize = 4;

pub struct Case {
    pub index: u64,
    /// The seed of this case's random stream.
    pub seed: u64,
    /// Where the text came from (a seed file, or an empty document).
    pub origin: String,
    /// The mutations applied, in order.
    pub steps: Vec<String>,
    pub text: String,
    pub json: bool,
}

pub fn build(index: u64, base: u64, seeds: &Seeds) -> Case {
    let seed = mix(base ^ mix(index));
    let mut rng = Rng::new(seed);
    let plain = |origin: &str, text: String| Case {
        index,
        seed,
        origin: origin.to_string(),
        steps: Vec::new(),
        json: false,
        text,
    };
    match rng.below(100) {
        0..=2 => {
            return plain(
                "an empty document",
                rng.pick(odd::EMPTY_DOCUMENTS).to_string(),
            )
        }
        3 if rng.one_in(4) => return plain("an alias bomb", odd::alias_bomb()),
        _ => {}
    }
    // Seeds that take long to generate get less than their fair share.
    let source = loop {
        let s = rng.pick(&seeds.seeds);
        if s.rarity <= 1 || rng.one_in(s.rarity) {
            break s;
        }
    };
    let Some(doc) = &source.doc else {
        let mut steps = Vec::new();
        let text = text_mutation(&mut rng, source.text.clone(), &mut steps);
        return Case {
            steps,
            ..plain(&source.name, text)
        };
    };
    let mut doc = doc.clone();
    let mut m = Mutator::new(rng, &seeds.pool);
    if source.sliced {
        m.log.push(slice(&mut m.rng, &mut doc));
    }
    let count = match m.rng.below(10) {
        0..=3 => 1,
        4..=6 => 2,
        7..=8 => 3,
        _ => m.rng.range(4, 8),
    };
    for _ in 0..count {
        m.mutate(&mut doc);
    }
    let json = m.rng.one_in(2);
    let text = if json {
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    } else {
        serde_yaml::to_string(&doc).unwrap_or_default()
    };
    let mut text = splice_numbers(text, &m.raw);
    let mut steps = std::mem::take(&mut m.log);
    if m.rng.one_in(20) {
        text = text_mutation(&mut m.rng, text, &mut steps);
    }
    Case {
        index,
        seed,
        origin: source.name.clone(),
        steps,
        text,
        json,
    }
}

/// Keeps [`SLICE_PATHS`] paths of a big document, picked at random, and
/// the components they reach through `$ref`s; drops its webhooks. Says what
/// it kept.
fn slice(rng: &mut Rng, doc: &mut Value) -> String {
    if let Some(root) = doc.as_object_mut() {
        root.remove("webhooks");
    }
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return "slice: no paths".into();
    };
    let total = paths.len();
    let mut keys: Vec<String> = paths.keys().cloned().collect();
    let mut kept = Map::new();
    while kept.len() < SLICE_PATHS && !keys.is_empty() {
        let k = keys.swap_remove(rng.below(keys.len()));
        if let Some(v) = paths.remove(&k) {
            kept.insert(k, v);
        }
    }
    let names: Vec<String> = kept.keys().cloned().collect();
    *paths = kept;
    let reached = reached_components(doc);
    for place in COMPONENT_PLACES {
        let Some(Value::Object(items)) = doc.pointer_mut(place) else {
            continue;
        };
        items.retain(|name, _| {
            let at = format!("#{place}/{}", escape(name));
            let inside = format!("{at}/");
            reached.iter().any(|r| *r == at || r.starts_with(&inside))
        });
    }
    format!(
        "slice: {} of {total} paths ({})",
        names.len(),
        names.join(", ")
    )
}

/// Where a document keeps components a `$ref` can reach (3.x, then 2.0).
const COMPONENT_PLACES: [&str; 8] = [
    "/components/schemas",
    "/components/parameters",
    "/components/responses",
    "/components/requestBodies",
    "/components/headers",
    "/definitions",
    "/parameters",
    "/responses",
];

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The `$ref` targets reachable from the document outside its components.
fn reached_components(doc: &Value) -> std::collections::BTreeSet<String> {
    let mut reached = std::collections::BTreeSet::new();
    let mut stack: Vec<&Value> = doc
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "components" | "definitions" | "parameters" | "responses"
            )
        })
        .map(|(_, v)| v)
        .collect();
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    if reached.insert(target.clone()) {
                        if let Some(next) = target.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                            stack.push(next);
                        }
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    reached
}

/// Replaces each number marker, quoted or not, by its raw text.
fn splice_numbers(mut text: String, raw: &[String]) -> String {
    for (i, number) in raw.iter().enumerate() {
        let marker = format!("__RAW{i}__");
        for quoted in [format!("\"{marker}\""), format!("'{marker}'"), marker] {
            text = text.replace(&quoted, number);
        }
    }
    text
}

/// Damage no tree mutation can do: truncation, stray bytes, line endings.
fn text_mutation(rng: &mut Rng, text: String, steps: &mut Vec<String>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let line = if lines.is_empty() {
        0
    } else {
        rng.below(lines.len())
    };
    let with_line = |f: &dyn Fn(&str) -> String| -> String {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        if let Some(l) = out.get_mut(line) {
            *l = f(l);
        }
        out.join("\n")
    };
    let (what, out) = match rng.below(8) {
        0 => {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            ("truncate", text[..at].to_string())
        }
        1 => ("duplicate a line", with_line(&|l| format!("{l}\n{l}"))),
        2 => ("delete a line", with_line(&|_| String::new())),
        3 => (
            "tab indentation",
            with_line(&|l| format!("\t{}", l.trim_start())),
        ),
        4 => ("CRLF line endings", text.replace('\n', "\r\n")),
        5 => ("byte order mark", format!("\u{feff}{text}")),
        6 => ("second document", format!("{text}\n---\n{text}")),
        _ => ("NUL byte", with_line(&|l| format!("{l}\u{0}"))),
    };
    steps.push(format!("text: {what} (line {})", line + 1));
    out
}
