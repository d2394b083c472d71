//! Servers: `host`, `basePath` and `schemes` (or AutoRest's
//! `x-ms-parameterized-host`) as the 3.0 `servers` list.

use serde_json::{Map, Value};

/// The servers of `host`, `basePath` and `schemes`: one per scheme, https
/// first. Without a host the base path is a relative server (or there is
/// none). AutoRest's `x-ms-parameterized-host` gives a templated host whose
/// parameters become server variables.
pub fn of(doc: &Map<String, Value>) -> Vec<Value> {
    let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base = base.trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') {
        base.to_string()
    } else {
        format!("/{base}")
    };
    let templated = doc
        .get("x-ms-parameterized-host")
        .and_then(Value::as_object);
    let template = templated
        .and_then(|t| t.get("hostTemplate"))
        .and_then(Value::as_str);
    let Some(host) = template
        .or_else(|| doc.get("host").and_then(Value::as_str))
        .filter(|h| !h.is_empty())
    else {
        return if base.is_empty() {
            Vec::new()
        } else {
            vec![server(base, Map::new())]
        };
    };
    let variables = templated.map(|t| variables(t, doc)).unwrap_or_default();
    let (written, host) = match host.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, host),
    };
    let host = host.trim_end_matches('/');
    let prefixed = templated
        .and_then(|t| t.get("useSchemePrefix"))
        .and_then(Value::as_bool)
        != Some(false);
    if template.is_some() && !prefixed {
        return vec![server(format!("{host}{base}"), variables)];
    }
    let named: Vec<&str> = doc
        .get("schemes")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let named = if named.is_empty() {
        written.into_iter().collect()
    } else {
        named
    };
    let schemes: Vec<&str> = ["https", "http"]
        .into_iter()
        .filter(|s| named.iter().any(|n| n.eq_ignore_ascii_case(s)))
        .collect();
    let schemes = if schemes.is_empty() {
        vec!["https"]
    } else {
        schemes
    };
    schemes
        .into_iter()
        .map(|s| server(format!("{s}://{host}{base}"), variables.clone()))
        .collect()
}

fn server(url: String, variables: Map<String, Value>) -> Value {
    let mut m = Map::new();
    m.insert("url".into(), Value::String(url));
    if !variables.is_empty() {
        m.insert("variables".into(), Value::Object(variables));
    }
    Value::Object(m)
}

/// The server variables of `x-ms-parameterized-host`: each parameter (or
/// reference to one in `#/parameters`) with its default, else its first
/// enum value; without either the default is the placeholder itself, for
/// the caller to set.
fn variables(templated: &Map<String, Value>, doc: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let params = templated.get("parameters").and_then(Value::as_array);
    for p in params.into_iter().flatten() {
        let p = match p.get("$ref").and_then(Value::as_str) {
            Some(target) => target
                .strip_prefix("#/parameters/")
                .and_then(|name| doc.get("parameters")?.get(name)),
            None => Some(p),
        };
        let Some(name) = p.and_then(|p| p.get("name")).and_then(Value::as_str) else {
            continue;
        };
        let default = p
            .and_then(|p| p.get("default").or_else(|| p.get("enum")?.get(0)))
            .and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| format!("{{{name}}}"));
        let mut v = Map::new();
        v.insert("default".into(), Value::String(default));
        if let Some(d) = p.and_then(|p| p.get("description")) {
            v.insert("description".into(), d.clone());
        }
        out.insert(name.to_string(), Value::Object(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::of as servers;
    use crate::front::swagger2::map;
    use serde_json::json;

    #[test]
    fn host_base_path_and_schemes_give_servers_https_first() {
        let doc = map(json!({"host": "api.example.com", "basePath": "/v2/",
            "schemes": ["http", "https", "ws"]}));
        assert_eq!(
            servers(&doc),
            vec![
                json!({"url": "https://api.example.com/v2"}),
                json!({"url": "http://api.example.com/v2"})
            ]
        );
        let doc = map(json!({"host": "api.example.com"}));
        assert_eq!(
            servers(&doc),
            vec![json!({"url": "https://api.example.com"})]
        );
    }

    #[test]
    fn a_scheme_written_in_the_host_is_read() {
        let doc = map(json!({"host": "http://api.example.com/"}));
        assert_eq!(
            servers(&doc),
            vec![json!({"url": "http://api.example.com"})]
        );
    }

    #[test]
    fn a_parameterized_host_gives_server_variables() {
        let doc = map(json!({
            "host": "management.example.com",
            "x-ms-parameterized-host": {
                "hostTemplate": "{account}.{suffix}",
                "parameters": [
                    {"$ref": "#/parameters/Account"},
                    {"name": "suffix", "in": "path", "default": "example.net"}
                ]
            },
            "parameters": {"Account": {"name": "account", "in": "path", "description": "Whose."}}
        }));
        assert_eq!(
            servers(&doc),
            vec![json!({"url": "https://{account}.{suffix}", "variables": {
                "account": {"default": "{account}", "description": "Whose."},
                "suffix": {"default": "example.net"}
            }})]
        );
        let doc = map(json!({"x-ms-parameterized-host": {
            "hostTemplate": "{endpoint}", "useSchemePrefix": false,
            "parameters": [{"name": "endpoint", "in": "path"}]
        }, "basePath": "/v1"}));
        assert_eq!(
            servers(&doc),
            vec![
                json!({"url": "{endpoint}/v1", "variables": {"endpoint": {"default": "{endpoint}"}}})
            ]
        );
    }

    #[test]
    fn without_a_host_the_base_path_is_relative() {
        assert_eq!(
            servers(&map(json!({"basePath": "/api"}))),
            vec![json!({"url": "/api"})]
        );
        assert!(servers(&map(json!({"basePath": "/"}))).is_empty());
    }
}
