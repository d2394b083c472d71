//! Finds the source line of a JSON pointer by walking the text key by key.
//! It reads block YAML and JSON alike and is approximate by design: when a
//! key cannot be found it returns the line of the deepest key that was.

/// A document's text with the offsets where its lines start, counted once
/// so that locating many diagnostics costs a search each, not a rescan.
pub struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, line_starts }
    }

    /// The 1-based line of the construct at `pointer` (`#/a/b`), if found.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let at = offset_of(self.text, pointer)?;
        Some(self.line_starts.partition_point(|&start| start <= at))
    }
}

/// The byte offset of the construct at `pointer`, or of the deepest key on
/// its way that was found.
fn offset_of(text: &str, pointer: &str) -> Option<usize> {
    let path = pointer.strip_prefix('#').unwrap_or(pointer);
    let mut offset = 0usize;
    let mut found = None;
    for raw in path.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        let index = segment.parse::<usize>().ok();
        if let Some(at) = index.and_then(|i| yaml_item(text, offset, i)) {
            offset = at;
            found = Some(at);
            continue;
        }
        match find_key(text, offset, &segment) {
            Some(at) => {
                offset = at + segment.len();
                found = Some(at);
            }
            // A JSON array index: not worth the cost of counting.
            None if index.is_some() => continue,
            None => break,
        }
    }
    found
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

/// Byte offset of the next occurrence of `key` written as a mapping key:
/// `"key":`, `"key" :`, `'key':`, or plain `key:` at the start of a line
/// (after indentation or `- `). One pass that stops at the first match, so a
/// key near `from` costs little however long the document is.
fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let hay = text.get(from..)?;
    if key.is_empty() {
        return None;
    }
    for (at, _) in hay.match_indices(key) {
        let before = &hay[..at];
        let after = &hay[at + key.len()..];
        let quote = before
            .chars()
            .next_back()
            .filter(|&c| c == '"' || c == '\'');
        let found = match quote {
            Some(q) => after
                .strip_prefix(q)
                .is_some_and(|a| a.trim_start_matches(' ').starts_with(':'))
                .then(|| at - q.len_utf8()),
            None => {
                let line_start = before.rfind('\n').map_or(0, |n| n + 1);
                let indent = before[line_start..].trim_start_matches([' ', '\t', '-']);
                let rest = after.strip_prefix(':');
                (indent.is_empty()
                    && rest.is_some_and(|r| {
                        r.chars()
                            .next()
                            .is_none_or(|c| c == ' ' || c == '\n' || c == '\r')
                    }))
                .then_some(at)
            }
        };
        if let Some(at) = found {
            return Some(from + at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Locator;

    fn line_of(text: &str, pointer: &str) -> Option<usize> {
        Locator::new(text).line_of(pointer)
    }

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
