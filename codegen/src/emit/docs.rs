//! Doc comments from spec prose: one `#[doc]` per line, made safe for
//! rustdoc (no doctests from code fences, no broken links or HTML).

use proc_macro2::TokenStream;
use quote::quote;

/// Turns spec text into lines that rustdoc renders as written.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // A lone carriage return (old Mac line ends) breaks a line too.
    for line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let indent = &line[..line.len() - trimmed.len()];
            out.push(if in_fence {
                format!("{indent}```")
            } else {
                format!("{indent}```text")
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            out.push(escape_prose(line));
        }
    }
    if in_fence {
        out.push("```".into());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

/// Escapes what rustdoc would read as links or HTML, and wraps bare URLs.
fn escape_prose(line: &str) -> String {
    // Lines indented four spaces would become code blocks (and doctests).
    let line = if line.starts_with("    ") {
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
    use super::sanitize;

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
