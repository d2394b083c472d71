//! The fixed part of a conformance driver, the same for every API but for the
//! client crate's name and credentials: reading the command line, one client
//! per call, judging a call's outcome, and the tally that prints the results.
//!
//! A driver calls each operation `--calls N` times (default 1). With
//! `--seed S`, call `i` asks Prism (by its `Prefer` header) for the random
//! answer of seed `S-i` with one of the operation's documented statuses (even
//! calls a success, odd calls an error, each in turn), so a dynamic mock gives
//! each call another answer, error answers are decoded too, and a run can be
//! repeated exactly.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The items every driver holds: `Options`, `Clients`, `outcome` and `Tally`.
/// `credentials` are the builder calls that set a placeholder key per scheme.
pub(super) fn support(krate: &Ident, credentials: &[TokenStream]) -> TokenStream {
    quote! {
        /// Longest part of a response body a failure shows.
        const BODY_SHOWN: usize = 4000;

        /// The command line: `<base-url> [--calls N] [--seed S]`.
        struct Options {
            base: ::std::string::String,
            calls: usize,
            seed: ::std::option::Option<::std::string::String>,
        }

        impl Options {
            fn parse() -> ::std::result::Result<Self, ::std::string::String> {
                let usage = "usage: conformance <base-url> [--calls N] [--seed S]";
                let mut args = ::std::env::args().skip(1);
                let base = args.next().ok_or(usage)?;
                let mut options = Options { base, calls: 1, seed: ::std::option::Option::None };
                while let ::std::option::Option::Some(arg) = args.next() {
                    match (arg.as_str(), args.next()) {
                        ("--calls", ::std::option::Option::Some(n)) => {
                            options.calls = n.parse().ok().filter(|n| *n > 0).ok_or(usage)?;
                        }
                        ("--seed", ::std::option::Option::Some(s)) => {
                            options.seed = ::std::option::Option::Some(s);
                        }
                        _ => return ::std::result::Result::Err(usage.into()),
                    }
                }
                ::std::result::Result::Ok(options)
            }

            /// The seed of call `i`, when the run has one.
            fn seed_of(&self, i: usize) -> ::std::option::Option<::std::string::String> {
                self.seed.as_ref().map(|s| ::std::format!("{s}-{i}"))
            }
        }

        /// The clients of a run, one per `Prefer` header the mock is sent.
        #[derive(Default)]
        struct Clients {
            built: ::std::collections::BTreeMap<::std::string::String, #krate::Client>,
        }

        impl Clients {
            /// The client for call `i` of an operation that documents the
            /// statuses `successes` and `errors`, with the status the call
            /// asks for. In a seeded run even calls ask for the successes in
            /// turn and odd calls for the errors (so error answers are decoded
            /// too); without a seed a call takes what the mock picks.
            fn get(
                &mut self,
                options: &Options,
                i: usize,
                successes: &[u16],
                errors: &[u16],
            ) -> ::std::result::Result<(&#krate::Client, ::std::option::Option<u16>, ::std::string::String), ::std::string::String> {
                let statuses = if i % 2 == 1 && !errors.is_empty() { errors } else { successes };
                let (prefer, expected) = match (options.seed_of(i), statuses.get((i / 2) % statuses.len().max(1))) {
                    (::std::option::Option::None, _) => (::std::string::String::new(), ::std::option::Option::None),
                    (::std::option::Option::Some(seed), ::std::option::Option::Some(code)) => {
                        (::std::format!("code={code}, seed={seed}"), ::std::option::Option::Some(*code))
                    }
                    (::std::option::Option::Some(seed), ::std::option::Option::None) => {
                        (::std::format!("seed={seed}"), ::std::option::Option::None)
                    }
                };
                let client = match self.built.entry(prefer.clone()) {
                    ::std::collections::btree_map::Entry::Occupied(built) => built.into_mut(),
                    ::std::collections::btree_map::Entry::Vacant(slot) => slot.insert(client(&options.base, &prefer)?),
                };
                ::std::result::Result::Ok((client, expected, prefer))
            }
        }

        /// A client of the mock at `base` that sends `prefer` (unless empty) as
        /// its `Prefer` header. It never retries: each call is one exchange,
        /// and a 429 or 503 asked for is an answer to decode, not to wait out.
        /// It keeps no idle connection, which the mock could close just as
        /// the next call (maybe seconds later) sends on it.
        fn client(base: &str, prefer: &str) -> ::std::result::Result<#krate::Client, ::std::string::String> {
            let mut headers = ::reqwest::header::HeaderMap::new();
            if !prefer.is_empty() {
                let value = ::reqwest::header::HeaderValue::from_str(prefer)
                    .map_err(|_| ::std::format!("`{prefer}` does not fit in a header"))?;
                headers.insert("prefer", value);
            }
            let http = ::reqwest::Client::builder()
                .default_headers(headers)
                .pool_max_idle_per_host(0)
                .timeout(::std::time::Duration::from_secs(60))
                .build()
                .map_err(|e| e.to_string())?;
            #krate::Client::builder()
                .base_url(base.to_owned())
                .retry_policy(#krate::runtime::RetryPolicy::none())
                .http_client(http)
                #(#credentials)*
                .build()
                .map_err(|e| e.to_string())
        }

        /// Parses an example into the argument type the method expects.
        fn parse<T: ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<T, ::std::string::String> {
            ::serde_json::from_str(json).map_err(|e| ::std::format!("the example does not fit the argument type: {e}"))
        }

        /// A response body for a failure message, cut at `BODY_SHOWN` characters.
        fn shown(body: &[u8]) -> ::std::string::String {
            let text = ::std::string::String::from_utf8_lossy(body);
            match text.char_indices().nth(BODY_SHOWN) {
                ::std::option::Option::Some((end, _)) => ::std::format!("{}… ({} bytes)", &text[..end], body.len()),
                ::std::option::Option::None => text.into_owned(),
            }
        }

        /// Pass when the answer decoded, had the status asked for (if any;
        /// a documented error status then decodes as the operation's error)
        /// and the mock flagged nothing. A failure names the status and shows
        /// the body it got.
        fn outcome<T, E: ::std::fmt::Debug>(
            result: ::std::result::Result<#krate::ResponseValue<T>, #krate::Error<E>>,
            expected: ::std::option::Option<u16>,
        ) -> ::std::result::Result<(), ::std::string::String> {
            let flagged = |value: &[u8]| ::std::format!("the mock flagged the exchange: {}", ::std::string::String::from_utf8_lossy(value));
            let unexpected = |status: u16| match expected {
                ::std::option::Option::Some(code) if code != status => ::std::option::Option::Some(::std::format!("asked for status {code}, got {status}")),
                _ => ::std::option::Option::None,
            };
            match result {
                ::std::result::Result::Ok(value) => {
                    let status = value.status();
                    match (value.headers().get("sl-violations"), unexpected(status.as_u16())) {
                        (::std::option::Option::Some(v), _) => ::std::result::Result::Err(::std::format!("{status}; {}", flagged(v.as_bytes()))),
                        (::std::option::Option::None, ::std::option::Option::Some(wrong)) => ::std::result::Result::Err(wrong),
                        (::std::option::Option::None, ::std::option::Option::None) => ::std::result::Result::Ok(()),
                    }
                }
                ::std::result::Result::Err(e) => {
                    let violations = e.headers().and_then(|h| h.get("sl-violations"));
                    let documented = e.api_error().is_some() && expected.is_some();
                    let wrong = e.status().and_then(|s| unexpected(s.as_u16()));
                    if documented && violations.is_none() && wrong.is_none() {
                        return ::std::result::Result::Ok(());
                    }
                    let mut message = e.to_string();
                    // The message shows the direct cause; add the causes behind it.
                    let mut source = ::std::error::Error::source(&e).and_then(|cause| cause.source());
                    while let ::std::option::Option::Some(cause) = source {
                        message = ::std::format!("{message}: {cause}");
                        source = cause.source();
                    }
                    if let ::std::option::Option::Some(wrong) = wrong {
                        message = ::std::format!("{wrong}: {message}");
                    }
                    if let ::std::option::Option::Some(v) = violations {
                        message = ::std::format!("{message}; {}", flagged(v.as_bytes()));
                    }
                    if let ::std::option::Option::Some(body) = e.body() {
                        message = ::std::format!("{message}; body: {}", shown(body));
                    }
                    ::std::result::Result::Err(message)
                }
            }
        }

        /// Counts calls and prints one line per operation, then each failed call.
        #[derive(Default)]
        struct Tally {
            operations: usize,
            passed: usize,
            failed: usize,
            /// The failed calls of the operation being called: index, `Prefer` header sent and message.
            failures: ::std::vec::Vec<(usize, ::std::string::String, ::std::string::String)>,
            calls: usize,
        }

        impl Tally {
            /// Records one call of the current operation, which sent `prefer`.
            fn record(&mut self, prefer: ::std::string::String, result: ::std::result::Result<(), ::std::string::String>) {
                if let ::std::result::Result::Err(e) = result {
                    self.failures.push((self.calls, prefer, e));
                }
                self.calls += 1;
            }

            /// Prints the current operation's result and starts the next one.
            fn report(&mut self, label: &str, route: &str) {
                let failures = ::std::mem::take(&mut self.failures);
                let calls = ::std::mem::take(&mut self.calls);
                self.operations += 1;
                self.passed += calls - failures.len();
                self.failed += failures.len();
                let count = if calls == 1 {
                    ::std::string::String::new()
                } else {
                    ::std::format!(": {} of {calls} calls passed", calls - failures.len())
                };
                if failures.is_empty() {
                    ::std::println!("ok    {label} ({route}){count}");
                    return;
                }
                ::std::println!("FAIL  {label} ({route}){count}");
                for (i, prefer, e) in failures {
                    if prefer.is_empty() {
                        ::std::println!("      {e}");
                    } else {
                        ::std::println!("      call {} (Prefer: {prefer}): {e}", i + 1);
                    }
                }
            }

            /// The closing line, `K operations × C calls: N passed, M failed`, counting calls.
            fn close(&self, options: &Options) -> ::std::process::ExitCode {
                let calls = if options.calls == 1 { "call" } else { "calls" };
                ::std::println!(
                    "{} operations × {} {calls}: {} passed, {} failed",
                    self.operations, options.calls, self.passed, self.failed
                );
                if self.failed == 0 {
                    ::std::process::ExitCode::SUCCESS
                } else {
                    ::std::process::ExitCode::FAILURE
                }
            }
        }
    }
}
