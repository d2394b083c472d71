//! Path templates: `/users/{id}/posts` parsed into literal and parameter parts.

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as written.
    Literal(String),
    /// A `{name}` placeholder, by its wire name.
    Param(String),
}

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub segments: Vec<Segment>,
}

impl PathTemplate {
    /// Parses a template; the error says what is malformed.
    pub fn parse(template: &str) -> Result<Self, String> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut chars = template.chars();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        if c == '{' {
                            return Err(format!("nested `{{` in path template `{template}`"));
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(format!("unclosed `{{` in path template `{template}`"));
                    }
                    if name.is_empty() {
                        return Err(format!("empty `{{}}` in path template `{template}`"));
                    }
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Param(name));
                }
                '}' => return Err(format!("unmatched `}}` in path template `{template}`")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok(Self { segments })
    }

    /// Wire names of the parameters, in template order, without repeats.
    pub fn params(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &self.segments {
            if let Segment::Param(p) = s {
                if !out.contains(&p.as_str()) {
                    out.push(p);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Segment {
        Segment::Literal(s.into())
    }
    fn param(s: &str) -> Segment {
        Segment::Param(s.into())
    }

    #[test]
    fn parses_templates() {
        let cases: Vec<(&str, Vec<Segment>)> = vec![
            ("/pets", vec![lit("/pets")]),
            ("/pets/{id}", vec![lit("/pets/"), param("id")]),
            (
                "/users/{userId}/posts/{postId}",
                vec![
                    lit("/users/"),
                    param("userId"),
                    lit("/posts/"),
                    param("postId"),
                ],
            ),
            ("/{a}{b}", vec![lit("/"), param("a"), param("b")]),
            (
                "/files/{name}.json",
                vec![lit("/files/"), param("name"), lit(".json")],
            ),
            (
                "//x/////{adjacent}",
                vec![lit("//x/////"), param("adjacent")],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                PathTemplate::parse(input).unwrap().segments,
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn lists_params_once_in_order() {
        let t = PathTemplate::parse("/{b}/{a}/{b}").unwrap();
        assert_eq!(t.params(), vec!["b", "a"]);
    }

    #[test]
    fn rejects_malformed_templates() {
        for bad in ["/pets/{id", "/pets/id}", "/pets/{}", "/a/{b{c}}"] {
            assert!(
                PathTemplate::parse(bad).is_err(),
                "{bad} should be rejected"
            );
        }
    }
}
