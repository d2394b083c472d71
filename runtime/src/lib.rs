//! Support code shared by every generated client: request building, sending,
//! retries, response decoding, errors and (feature `mock`) test doubles.
//!
//! A generated crate depends on this crate and re-exports it as its own
//! `runtime` module (`pub use ::api_runtime as runtime;`), so a user names
//! these items through the client crate (`loops::runtime::Upload`), and a
//! program that uses several generated clients compiles this code once and
//! shares one [`Error`] type among them. Its version moves in lock step with
//! the generator that writes the calls into it.

mod client;
mod error;
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
mod next_link;
mod open_enum;
mod paginate;
mod progress;
mod request;
mod response;
mod retry;
pub mod serde_helpers;
pub mod sniff;
mod sse;
mod upload;
mod validate;

pub use client::{
    env_var, CallOptions, ClientConfig, ClientCore, Credential, Redacted, Secret,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
pub use error::{ApiError, BuildError, Error, FailedCall, RawResponse, TransportError};
pub use multipart::{FilePart, FormBuilder};
pub use next_link::linked_pages;
pub use open_enum::OpenEnumVisitor;
pub use paginate::{items, pages, Paginated};
pub use progress::Progress;
pub use request::{encode_path, Body, Params, QueryStyle, Request};
pub use response::{
    decode_empty, decode_json, decode_stream, decode_text, error_empty, error_json, error_text,
    header_value, read, unexpected, ByteStream, ReadError, ResponseValue,
};
pub use retry::{new_idempotency_key, RetryPolicy};
pub use sse::{decode_event_text, decode_events, Event, EventParser, EventStream, EventTooLarge};
pub use upload::{PreparedUpload, Upload, UploadError, UploadRules};
pub use validate::{join, Check, Measure, Measured, Rules, Validate, Violation, Violations};
