//! Finds the source line of a JSON pointer by walking the text key by key.
//! It reads block YAML and JSON alike and is approximate by design: when a
//! key cannot be found it returns the line of the deepest key that was.

/// The 1-based line of the construct at `pointer` (`#/a/b`), if found.
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    let path = pointer.strip_prefix('#').unwrap_or(pointer);
    let mut offset = 0usize;
    let mut found = None;
    for raw in path.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        if let Ok(index) = segment.parse::<usize>() {
            if let Some(at) = yaml_item(text, offset, index) {
                offset = at;
                found = Some(at);
                continue;
            }
            if !is_key_at(text, offset, &segment) {
                // A JSON array index: not worth the cost of counting.
                continue;
            }
        }
        match find_key(text, offset, &segment) {
            Some(at) => {
                offset = at + segment.len();
                found = Some(at);
            }
            None => break,
        }
    }
    found.map(|at| text[..at].matches('\n').count() + 1)
}

/// Offset of the `index`-th `- ` item of the block sequence starting after `from`.
fn yaml_item(text: &str, from: usize, index: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    // Skip the remainder of the line holding the parent key.
    let start = from + rest.find('\n')? + 1;
    let mut item_indent = None;
    let mut seen = 0;
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        let blank = body.trim().is_empty() || body.starts_with('#');
        let is_item = body.starts_with("- ") || body.trim_end() == "-";
        if !blank {
            match item_indent {
                None if is_item => item_indent = Some(indent),
                None => return None,
                Some(i) if indent < i => return None,
                Some(_) => {}
            }
            if is_item && Some(indent) == item_indent {
                if seen == index {
                    return Some(pos + indent);
                }
                seen += 1;
            }
        }
        pos += line.len();
    }
    None
}

fn is_key_at(text: &str, offset: usize, segment: &str) -> bool {
    find_key(text, offset, segment).is_some()
}

/// Byte offset of the next occurrence of `key` written as a mapping key.
fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let hay = text.get(from..)?;
    let mut best: Option<usize> = None;
    for needle in [
        format!("\"{key}\":"),
        format!("\"{key}\" :"),
        format!("'{key}':"),
    ] {
        if let Some(i) = hay.find(&needle) {
            best = Some(best.map_or(i, |b| b.min(i)));
        }
    }
    // Plain YAML key: at the start of a line (after indentation or `- `).
    let plain = format!("{key}:");
    let mut search = 0;
    while let Some(i) = hay[search..].find(&plain) {
        let at = search + i;
        let line_start = hay[..at].rfind('\n').map_or(0, |n| n + 1);
        let before = hay[line_start..at].trim_start_matches([' ', '\t', '-']);
        let after = hay[at + plain.len()..].chars().next();
        if before.is_empty() && after.is_none_or(|c| c == ' ' || c == '\n' || c == '\r') {
            best = Some(best.map_or(at, |b| b.min(at)));
            break;
        }
        search = at + plain.len();
    }
    best.map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::line_of;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /pets/{id}:\n    get:\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n    Pet:\n      type: object\n";

    #[test]
    fn finds_yaml_keys() {
        assert_eq!(line_of(YAML, "#/paths/~1pets~1{id}/get"), Some(4));
        assert_eq!(
            line_of(YAML, "#/paths/~1pets~1{id}/get/responses/200"),
            Some(6)
        );
        assert_eq!(line_of(YAML, "#/components/schemas/Pet"), Some(10));
    }

    #[test]
    fn finds_yaml_sequence_items() {
        let yaml = "paths:\n  /a:\n    get:\n      parameters:\n        - name: a\n          in: query\n        - name: b\n          in: path\n";
        assert_eq!(line_of(yaml, "#/paths/~1a/get/parameters/0"), Some(5));
        assert_eq!(line_of(yaml, "#/paths/~1a/get/parameters/1"), Some(7));
        assert_eq!(line_of(yaml, "#/paths/~1a/get/parameters/1/in"), Some(8));
    }

    #[test]
    fn finds_json_keys() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}\n";
        assert_eq!(line_of(json, "#/paths/~1a/get"), Some(4));
    }

    #[test]
    fn falls_back_to_deepest_found() {
        assert_eq!(line_of(YAML, "#/components/schemas/Missing"), Some(9));
        assert_eq!(line_of(YAML, "#/nothing"), None);
    }
}
