//! Support code shared by every generated client: request building, sending,
//! response decoding and errors. It is the same in every generated crate.

mod client;
mod error;
mod multipart;
mod request;
mod response;
pub mod serde_helpers;
pub mod sniff;
mod upload;
mod validate;

pub use client::{
    env_var, ClientConfig, ClientCore, Credential, Secret, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
pub use error::{ApiError, BuildError, Error, RawResponse};
pub use multipart::{FilePart, FormBuilder};
pub use request::{encode_path, Body, QueryStyle, Request};
pub use response::{
    decode_empty, decode_json, decode_stream, decode_text, error_empty, error_json, error_text,
    unexpected, ByteStream, ResponseValue,
};
pub use upload::{PreparedUpload, Upload, UploadError, UploadRules};
pub use validate::{join, Check, Measure, Measured, Rules, Validate, Violation, Violations};
