//! Doc comments from spec prose: one `#[doc]` per line, made safe for
//! rustdoc (no doctests from code fences, no broken links or HTML).

use proc_macro2::TokenStream;
use quote::quote;

/// Turns spec text into lines that rustdoc renders as written. Spec prose
/// never becomes a doctest: every code block in it, fenced (with any
/// language or none) or indented, is emitted as a ```` ```text ```` block.
pub fn sanitize(text: &str) -> Vec<String> {
    // A lone carriage return (old Mac line ends) breaks a line too.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    // Whether a line indented four columns here would start a code block:
    // at the start, after a blank line or after a code block, not inside a
    // paragraph (where it only continues the paragraph).
    let mut block_start = true;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(fence) = Fence::open(line) {
            i = fence.emit(&lines, i, &mut out);
            block_start = true;
            continue;
        }
        if line.trim().is_empty() {
            out.push(String::new());
            block_start = true;
            i += 1;
            continue;
        }
        if block_start && indent_columns(line) >= 4 {
            i = indented_block(&lines, i, &mut out);
            block_start = true;
            continue;
        }
        out.push(escape_prose(line));
        block_start = false;
        i += 1;
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

/// An opening code fence: its character (`` ` `` or `~`), its length and
/// its indentation as written.
struct Fence<'a> {
    marker: char,
    len: usize,
    indent: &'a str,
}

impl<'a> Fence<'a> {
    /// The fence `line` opens, if it is one (CommonMark: three or more
    /// backticks or tildes; a backtick fence's info string has no backtick).
    fn open(line: &'a str) -> Option<Self> {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
        let len = trimmed.chars().take_while(|c| *c == marker).count();
        let info = &trimmed[len..];
        if len < 3 || (marker == '`' && info.contains('`')) {
            return None;
        }
        Some(Self {
            marker,
            len,
            indent: &line[..line.len() - trimmed.len()],
        })
    }

    /// Whether `line` closes this fence. Any indentation is taken, which
    /// closes at least wherever rustdoc would, so no line emitted inside
    /// the block can end it early.
    fn closes(&self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let run = trimmed.chars().take_while(|c| *c == self.marker).count();
        run >= self.len && trimmed[run..].trim().is_empty()
    }

    /// Emits the block opened at `lines[start]` as a `text` block and
    /// returns the index after it; a fence left open is closed at the end.
    /// The fence keeps up to three columns of indentation (so it stays in
    /// a list item); more would make the fence line itself a code block.
    fn emit(&self, lines: &[&str], start: usize, out: &mut Vec<String>) -> usize {
        let indent = if indent_columns(self.indent) <= 3 {
            self.indent
        } else {
            ""
        };
        let marker = self.marker.to_string().repeat(self.len);
        out.push(format!("{indent}{marker}text"));
        let mut i = start + 1;
        while i < lines.len() && !self.closes(lines[i]) {
            out.push(lines[i].to_string());
            i += 1;
        }
        out.push(format!("{indent}{marker}"));
        if i < lines.len() {
            i + 1
        } else {
            i
        }
    }
}

/// Emits the indented code block starting at `lines[start]` as a fenced
/// `text` block, four columns of indentation removed, and returns the
/// index of the first line after it (blank lines after it stay outside).
fn indented_block(lines: &[&str], start: usize, out: &mut Vec<String>) -> usize {
    let mut end = start;
    let mut last_code = start;
    while end < lines.len() && (lines[end].trim().is_empty() || indent_columns(lines[end]) >= 4) {
        if !lines[end].trim().is_empty() {
            last_code = end;
        }
        end += 1;
    }
    let body: Vec<String> = lines[start..=last_code]
        .iter()
        .map(|l| strip_columns(l, 4))
        .collect();
    // A fence longer than any backtick run that starts a line of the block.
    let longest = body
        .iter()
        .map(|l| l.trim_start().chars().take_while(|c| *c == '`').count())
        .max()
        .unwrap_or(0);
    let marker = "`".repeat(longest.max(2) + 1);
    out.push(format!("{marker}text"));
    out.extend(body);
    out.push(marker);
    last_code + 1
}

/// Columns of leading whitespace, a tab reaching the next multiple of four.
fn indent_columns(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// `line` without its first `n` columns of indentation (tabs expanded).
fn strip_columns(line: &str, n: usize) -> String {
    let mut col = 0;
    let mut rest = line;
    while col < n {
        match rest.chars().next() {
            Some(' ') => col += 1,
            Some('\t') => col += 4 - col % 4,
            _ => break,
        }
        rest = &rest[1..];
    }
    format!("{}{rest}", " ".repeat(col.saturating_sub(n)))
}

/// Escapes what rustdoc would read as links or HTML, and wraps bare URLs.
fn escape_prose(line: &str) -> String {
    // A line indented four columns continues a paragraph here; kept
    // indented after a list or heading it could start a code block.
    let line = if indent_columns(line) >= 4 {
        line.trim_start()
    } else {
        line
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = bare_url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push('`'),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn bare_url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

/// Text safe inside a one-line code span: no backtick, no line break.
pub fn code_span(text: &str) -> String {
    text.replace('`', "'").replace(['\r', '\n'], " ")
}

/// `#[doc = " …"]` attributes for a list of paragraphs (empty ones skipped).
pub fn doc_attrs(paragraphs: &[Option<&str>]) -> TokenStream {
    lines_to_attrs(&paragraph_lines(paragraphs))
}

/// Sanitized lines of several paragraphs, a blank line between them.
pub fn paragraph_lines(paragraphs: &[Option<&str>]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs.iter().flatten() {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(p));
    }
    lines
}

/// `#[doc]` attributes for lines already sanitized.
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

#[cfg(test)]
mod tests {
    use super::{code_span, sanitize};

    #[test]
    fn code_spans_stay_on_one_line() {
        // A value with a blank line and an indent would otherwise open an
        // indented code block, which rustdoc runs as a doctest.
        assert_eq!(code_span("a`b\n\n    c\r"), "a'b      c ");
    }

    #[test]
    fn fences_become_text_blocks() {
        let got = sanitize("Example:\n```json\n{\"a\": [1]}\n```\nDone");
        assert_eq!(
            got,
            vec!["Example:", "```text", "{\"a\": [1]}", "```", "Done"]
        );
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(sanitize("```\ncode"), vec!["```text", "code", "```"]);
    }

    #[test]
    fn every_fence_becomes_text_whatever_its_language() {
        for open in ["```", "```json", "```rust", "``` no_run", "```ignore"] {
            let got = sanitize(&format!("{open}\nlet x = 1;\n```"));
            assert_eq!(got, vec!["```text", "let x = 1;", "```"], "{open}");
        }
        assert_eq!(
            sanitize("~~~~\n```\nx\n~~~~\nafter"),
            vec!["~~~~text", "```", "x", "~~~~", "after"]
        );
        assert_eq!(
            sanitize("- item\n  ```\n  x\n  ```"),
            vec!["- item", "  ```text", "  x", "  ```"]
        );
    }

    #[test]
    fn a_fence_indented_four_columns_is_not_left_as_code() {
        assert_eq!(
            sanitize("Example:\n\n    ```\n    x\n    ```"),
            vec!["Example:", "", "```text", "    x", "```"]
        );
    }

    #[test]
    fn backticks_with_a_backtick_after_them_are_no_fence() {
        assert_eq!(sanitize("```a``` inline"), vec!["```a``` inline"]);
    }

    #[test]
    fn indented_blocks_become_text_blocks() {
        assert_eq!(
            sanitize("Call it:\n\n    client.call()?;\n\n      nested\n\nDone."),
            vec![
                "Call it:",
                "",
                "```text",
                "client.call()?;",
                "",
                "  nested",
                "```",
                "",
                "Done."
            ]
        );
        assert_eq!(
            sanitize("\tlet x = 1;\n  \tlet y = 2;"),
            vec!["```text", "let x = 1;", "let y = 2;", "```"]
        );
        assert_eq!(
            sanitize("    x\n    ```"),
            vec!["````text", "x", "```", "````"]
        );
    }

    #[test]
    fn indented_lines_inside_a_paragraph_stay_prose() {
        assert_eq!(
            sanitize("A paragraph\n    goes on\n# Heading\n    not code"),
            vec!["A paragraph", "goes on", "# Heading", "not code"]
        );
    }

    #[test]
    fn carriage_returns_break_lines() {
        assert_eq!(sanitize("a\rb\r\nc"), vec!["a", "b", "c"]);
    }

    #[test]
    fn prose_is_escaped() {
        assert_eq!(
            sanitize("See [docs] at https://example.com/x. Use <b>"),
            vec!["See \\[docs\\] at <https://example.com/x>. Use &lt;b&gt;"]
        );
    }
}
