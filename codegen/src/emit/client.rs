//! `src/client.rs`: the `Client`, its builder and its credentials.

use super::docs::{code_span, doc_attrs, lines_to_attrs};
use super::tyref::ident;
use crate::ir::{Api, SecurityKind, SecurityScheme};
use crate::names::screaming_snake_case;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn client_rs(api: &Api) -> TokenStream {
    let (template, variables) = match api.servers.first() {
        Some(s) => (
            s.url.clone(),
            s.variables
                .iter()
                .map(|v| (v.name.clone(), v.default.clone()))
                .collect::<Vec<_>>(),
        ),
        None => ("/".to_string(), Vec::new()),
    };
    let default_url = default_base_url(api);
    let send_gate = super::cfg::of_any_operation(api);
    let var_names = variables.iter().map(|(k, _)| k);
    let var_values = variables.iter().map(|(_, v)| v);
    let scheme_count = Literal::usize_unsuffixed(api.security_schemes.len());
    let user_agent = format!("{}/{} (rust)", api.crate_name, api.crate_version);
    let server_docs = {
        let mut lines = vec![
            " The first server of the spec, with its variables at their defaults.".to_string(),
        ];
        if api.servers.len() > 1 {
            lines.push(String::new());
            lines.push(" Other servers in the spec:".into());
            for s in &api.servers[1..] {
                lines.push(format!(" - `{}`", code_span(&s.url)));
            }
        }
        lines
    };

    let setters = api.security_schemes.iter().enumerate().map(|(i, s)| {
        let index = Literal::usize_unsuffixed(i);
        let setter = ident(&s.setter);
        let what = match &s.kind {
            SecurityKind::Bearer => "a bearer token, sent as `Authorization: Bearer …`".to_string(),
            SecurityKind::Basic => "HTTP basic credentials".to_string(),
            SecurityKind::ApiKeyHeader(n) => format!("an API key, sent in the `{n}` header"),
            SecurityKind::ApiKeyQuery(n) => format!("an API key, sent as the `{n}` query parameter"),
            SecurityKind::ApiKeyCookie(n) => format!("an API key, sent as the `{n}` cookie"),
        };
        let head = format!("Sets {what} (security scheme `{}`).", s.wire_name);
        let docs = doc_attrs(&[Some(&head), s.description.as_deref()]);
        match &s.kind {
            SecurityKind::Basic => quote! {
                #docs
                pub fn #setter(mut self, username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.config.set_credential(#index, crate::runtime::Credential::Basic {
                        username: username.into(),
                        password: crate::runtime::Secret::new(password),
                    });
                    self
                }
            },
            kind => {
                let credential = match kind {
                    SecurityKind::Bearer => quote!(crate::runtime::Credential::Bearer(crate::runtime::Secret::new(key))),
                    SecurityKind::ApiKeyHeader(n) => {
                        let n = n.to_ascii_lowercase();
                        quote!(crate::runtime::Credential::ApiKeyHeader { name: #n, key: crate::runtime::Secret::new(key) })
                    }
                    SecurityKind::ApiKeyQuery(n) => quote!(crate::runtime::Credential::ApiKeyQuery { name: #n, key: crate::runtime::Secret::new(key) }),
                    SecurityKind::ApiKeyCookie(n) => quote!(crate::runtime::Credential::ApiKeyCookie { name: #n, key: crate::runtime::Secret::new(key) }),
                    SecurityKind::Basic => quote!(),
                };
                quote! {
                    #docs
                    pub fn #setter(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.config.set_credential(#index, #credential);
                        self
                    }
                }
            }
        }
    });

    let chosen = shortcut_scheme(api);
    let env = chosen.map(|s| env_var_of(api, s));
    let requirement = required_credentials(api, chosen.map(|s| s.setter.as_str()), env.as_deref());
    let shortcuts = chosen.zip(env).map(|(s, env)| {
        let setter = ident(&s.setter);
        let env_doc = format!(" A client with the key from the `{env}` environment variable; a clear error when it is unset.");
        quote! {
            /// A client for the default server with the given API key.
            pub fn new(api_key: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, crate::runtime::BuildError> {
                Self::builder().#setter(api_key).build()
            }

            /// Name of the environment variable [`Client::from_env`] reads.
            pub const API_KEY_ENV: &'static str = #env;

            #[doc = #env_doc]
            pub fn from_env() -> ::std::result::Result<Self, crate::runtime::BuildError> {
                Self::new(crate::runtime::env_var(Self::API_KEY_ENV)?)
            }
        }
    });
    let base_url_docs = lines_to_attrs(&base_url_docs(api, &default_url));
    let title_doc = format!(" A client for {}.", api.title.replace('\n', " "));

    let headers_trait = super::headers::headers_trait(api);
    quote! {
        //! The client and its builder.

        #(#[doc = #server_docs])*
        pub const DEFAULT_BASE_URL: &str = #default_url;

        const SERVER_TEMPLATE: &str = #template;

        const SERVER_VARIABLES: &[(&str, &str)] = &[#((#var_names, #var_values)),*];

        #[doc = #title_doc]
        ///
        /// Cheap to clone: clones share one connection pool. `Debug` never shows credentials.
        #[derive(Clone, Debug)]
        pub struct Client {
            core: ::std::sync::Arc<crate::runtime::ClientCore>,
            options: crate::runtime::CallOptions,
        }

        impl Client {
            /// A builder starting from the spec's default server, a 60 s request
            /// timeout and a 10 s connect timeout.
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    config: crate::runtime::ClientConfig::new(SERVER_TEMPLATE, SERVER_VARIABLES, #scheme_count, #user_agent)#requirement,
                }
            }

            #shortcuts

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// A client whose calls time out after `timeout` instead of the
            /// builder's setting; it shares the connection pool with `self`.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                let mut client = self.clone();
                client.options.set_timeout(timeout);
                client
            }

            /// A client whose calls retry by `policy` instead of the builder's
            /// setting; it shares the connection pool with `self`.
            pub fn with_retry(&self, policy: crate::runtime::RetryPolicy) -> Self {
                let mut client = self.clone();
                client.options.set_retry(policy);
                client
            }

            #send_gate
            pub(crate) async fn send<E>(
                &self,
                request: crate::runtime::Request,
                security: &[&[usize]],
            ) -> ::std::result::Result<::reqwest::Response, crate::runtime::Error<E>> {
                self.core.execute(request, security, &self.options).await
            }
        }

        /// Configures a [`Client`].
        #[derive(Debug)]
        pub struct ClientBuilder {
            config: crate::runtime::ClientConfig,
        }

        impl ClientBuilder {
            #base_url_docs
            pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.config.set_base_url(url.into());
                self
            }

            /// Sets a variable of the spec's server URL template.
            pub fn server_variable(mut self, name: &str, value: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, crate::runtime::BuildError> {
                self.config.set_server_variable(name, value.into())?;
                ::std::result::Result::Ok(self)
            }

            /// Total time allowed for each request; `None` waits forever.
            pub fn timeout(mut self, timeout: ::std::option::Option<::std::time::Duration>) -> Self {
                self.config.set_timeout(timeout);
                self
            }

            /// Time allowed to connect; `None` waits forever.
            pub fn connect_timeout(mut self, timeout: ::std::option::Option<::std::time::Duration>) -> Self {
                self.config.set_connect_timeout(timeout);
                self
            }

            /// When and how often failed requests are sent again (default:
            /// [`RetryPolicy::default`](crate::runtime::RetryPolicy), two retries;
            /// [`RetryPolicy::none`](crate::runtime::RetryPolicy::none) turns retries off).
            pub fn retry_policy(mut self, policy: crate::runtime::RetryPolicy) -> Self {
                self.config.set_retry(policy);
                self
            }

            /// The largest response body read into memory (default 64 MiB); a larger
            /// one fails with `Error::ResponseTooLarge`.
            pub fn max_response_bytes(mut self, limit: u64) -> Self {
                self.config.set_max_response_bytes(limit);
                self
            }

            /// The `User-Agent` header sent with every request.
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.config.set_user_agent(user_agent.into());
                self
            }

            /// Sends through the caller's `reqwest::Client` (its timeouts and user agent apply).
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.config.set_http_client(client);
                self
            }

            /// Answers every call from `mock`, in process, instead of over
            /// HTTP (feature `mock`): for tests of code that uses this crate.
            /// The credentials are then optional, and the request timeout
            /// applies to the mock's delays.
            #[cfg(feature = "mock")]
            pub fn mock(mut self, mock: &crate::mock::Mock) -> Self {
                self.config.set_mock(::std::clone::Clone::clone(&mock.rules));
                self
            }

            #(#setters)*

            /// Checks the settings and creates the client.
            pub fn build(self) -> ::std::result::Result<Client, crate::runtime::BuildError> {
                ::std::result::Result::Ok(Client {
                    core: ::std::sync::Arc::new(self.config.build()?),
                    options: ::std::default::Default::default(),
                })
            }
        }

        #headers_trait
    }
}

/// The call making `build` fail without the credentials every
/// operation sent to the base URL needs; nothing when a client without
/// credentials can still send some. Its message names the builder methods
/// to call and, when `from_env` (setting `env_setter` from `env`) is enough,
/// that shortcut and its environment variable.
fn required_credentials(api: &Api, env_setter: Option<&str>, env: Option<&str>) -> TokenStream {
    if api.required_credentials.is_empty() {
        return quote!();
    }
    let setter = |i: &usize| {
        api.security_schemes
            .get(*i)
            .map_or_else(String::new, |s| format!("`ClientBuilder::{}`", s.setter))
    };
    let alternatives: Vec<String> = api
        .required_credentials
        .iter()
        .map(|set| or_and(&set.iter().map(setter).collect::<Vec<_>>(), "and"))
        .collect();
    let single = api.required_credentials.iter().all(|set| set.len() == 1);
    let mut message = if single {
        "every operation of this API needs a credential and none was given: call ".to_string()
    } else {
        "every operation of this API needs credentials and those given do not suffice: call "
            .to_string()
    };
    message.push_str(&or_and(&alternatives, "or"));
    let from_env_suffices = env_setter.is_some_and(|name| {
        api.required_credentials.iter().any(|set| {
            set.len() == 1
                && api
                    .security_schemes
                    .get(set[0])
                    .is_some_and(|s| s.setter == name)
        })
    });
    if let (true, Some(env)) = (from_env_suffices, env) {
        message.push_str(&format!(
            ", or build the client with `Client::from_env`, which reads the `{env}` environment variable"
        ));
    }
    let sets = api.required_credentials.iter().map(|set| {
        let set = set.iter().map(|i| Literal::usize_unsuffixed(*i));
        quote!(&[#(#set),*])
    });
    quote! {
        .require_credentials(&[#(#sets),*], #message)
    }
}

/// `a`, `a <word> b`, or `a, b <word> c`.
fn or_and(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// The first server's URL with its variables at their defaults; `/` when
/// the spec names no server.
pub(crate) fn default_base_url(api: &Api) -> String {
    match api.servers.first() {
        Some(s) => s.variables.iter().fold(s.url.clone(), |url, v| {
            url.replace(&format!("{{{}}}", v.name), &v.default)
        }),
        None => "/".to_string(),
    }
}

/// The path part of an absolute URL (`/api` of `https://app.loops.so/api`),
/// without a trailing `/`; empty for a URL without one or a relative URL.
fn url_path(url: &str) -> &str {
    let Some((_, rest)) = url.split_once("://") else {
        return "";
    };
    rest.find('/')
        .map_or("", |i| &rest[i..])
        .trim_end_matches('/')
}

/// The first operation sent to the base URL, as `METHOD /path`.
fn example_operation(api: &Api) -> Option<(&str, String)> {
    api.operations
        .iter()
        .find(|o| o.absolute_url_param.is_none())
        .map(|o| (o.method.as_str(), code_span(&o.path)))
}

/// What the base URL is, for `ClientBuilder::base_url` and the crate docs:
/// it replaces the spec's whole server URL (path prefix included), and an
/// operation's path is appended to it.
pub(crate) fn base_url_meaning(api: &Api, default_url: &str) -> Vec<String> {
    let shown = code_span(default_url);
    let absolute = default_url.starts_with("http://") || default_url.starts_with("https://");
    let mut lines = Vec::new();
    if absolute {
        lines.push(format!(
            "The base URL replaces the spec's whole server URL, path included, and each operation's path is appended to it. The default is `{shown}` ([`DEFAULT_BASE_URL`])."
        ));
    } else {
        lines.push(format!(
            "The base URL replaces the spec's whole server URL, path included, and each operation's path is appended to it. The spec's server, `{shown}`, is not an absolute URL, so give the API's full URL."
        ));
    }
    if let Some((method, path)) = example_operation(api) {
        let base = if absolute {
            shown.trim_end_matches('/')
        } else {
            "https://api.example.com"
        };
        lines.push(String::new());
        lines.push(format!(
            "For example `{method} {path}` goes to `{base}{path}`."
        ));
    }
    let prefix = code_span(url_path(default_url));
    if absolute {
        lines.push(String::new());
        lines.push(if prefix.is_empty() {
            "A mock server or proxy is given as its own URL, such as `http://127.0.0.1:8080`.".to_string()
        } else {
            format!(
                "A mock server or proxy is given with the same path, such as `http://127.0.0.1:8080{prefix}`; without `{prefix}` every request would go to the wrong path."
            )
        });
    }
    lines
}

/// Docs of `ClientBuilder::base_url`.
fn base_url_docs(api: &Api, default_url: &str) -> Vec<String> {
    let mut lines = vec![
        "Sends requests to this base URL instead of the spec's server.".to_string(),
        String::new(),
    ];
    lines.extend(base_url_meaning(api, default_url));
    lines.push(String::new());
    lines.push(
        "It must be an absolute `http` or `https` URL without a query or fragment; [`build`](Self::build) fails otherwise."
            .to_string(),
    );
    lines
}

/// The scheme `Client::new` and `Client::from_env` take a key for: a
/// token-like scheme with an environment variable, else the only scheme
/// when it is token-like. `None`: the client has no such shortcuts.
pub(super) fn shortcut_scheme(api: &Api) -> Option<&SecurityScheme> {
    let token_schemes: Vec<&SecurityScheme> = api
        .security_schemes
        .iter()
        .filter(|s| !matches!(s.kind, SecurityKind::Basic))
        .collect();
    token_schemes
        .iter()
        .find(|s| s.env_var.is_some())
        .or_else(|| {
            (api.security_schemes.len() == 1)
                .then(|| token_schemes.first())
                .flatten()
        })
        .copied()
}

/// The environment variable `Client::from_env` reads for `scheme`: the
/// spec's `x-env-var`, else `<CRATE>_API_KEY`.
pub(super) fn env_var_of(api: &Api, scheme: &SecurityScheme) -> String {
    scheme
        .env_var
        .clone()
        .unwrap_or_else(|| format!("{}_API_KEY", screaming_snake_case(&api.crate_name)))
}

#[cfg(test)]
mod tests {
    use super::url_path;

    #[test]
    fn the_path_prefix_of_a_server_url() {
        assert_eq!(url_path("https://app.loops.so/api"), "/api");
        assert_eq!(url_path("https://app.loops.so/api/"), "/api");
        assert_eq!(url_path("https://us.api.example.com/v2/x"), "/v2/x");
        assert_eq!(url_path("https://api.loomta.com"), "");
        assert_eq!(url_path("/"), "");
    }
}
