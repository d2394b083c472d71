use super::error::BuildError;
use super::progress::Progress;
use super::request::Body;
use reqwest::multipart::{Form, Part};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// A file sent as one part of a `multipart/form-data` body. The bytes are
/// streamed from where they are; the part always carries a file name and a
/// Content-Type. [`FilePart::with_progress`] reports how much has been sent.
pub struct FilePart {
    body: Body,
    file_name: Option<String>,
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("body", &self.body)
            .finish()
    }
}

impl FilePart {
    /// A part from bytes in memory.
    pub fn from_bytes(bytes: impl Into<bytes::Bytes>, file_name: impl Into<String>) -> Self {
        Self {
            body: Body::from_bytes(bytes),
            file_name: Some(file_name.into()),
        }
    }

    /// A part streamed from a file; its name is the file's name.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(Self {
            body: Body::from_file(path).await?,
            file_name,
        })
    }

    /// A part from any body (for example [`Body::from_stream`]).
    pub fn from_body(body: Body, file_name: impl Into<String>) -> Self {
        Self {
            body,
            file_name: Some(file_name.into()),
        }
    }

    /// Sets the part's Content-Type (otherwise the spec's encoding, then
    /// `application/octet-stream`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.body = self.body.with_content_type(content_type);
        self
    }

    /// Reports progress while the part is sent: `progress` is called with
    /// `(bytes of the file sent so far, total if known)`, ending with the
    /// file's length. See [`Progress`].
    pub fn with_progress(mut self, progress: impl Into<Progress>) -> Self {
        self.body = self.body.with_progress(progress);
        self
    }

    /// Sets the file name sent with the part.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The length in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        self.body.len()
    }

    /// Whether the part is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// The part's own Content-Type, if one was set.
    pub fn content_type(&self) -> Option<&str> {
        self.body.content_type.as_deref()
    }
}

/// Builds a multipart body part by part; used by generated form types.
pub struct FormBuilder {
    /// `None` until the first part: `Form::new` draws a random boundary,
    /// so one is made only when needed.
    form: Option<Form>,
}

impl Default for FormBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// A file name made safe for a part's `Content-Disposition` header: CR, LF
/// and `"` are percent-encoded, as browsers do for multipart/form-data, so a
/// name can never end the header line or the quoted string and add headers.
fn header_safe_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '"' => out.push_str("%22"),
            c => out.push(c),
        }
    }
    out
}

/// A single media type from an `encoding.contentType`, which may list several.
fn single_type(spec: Option<&str>) -> Option<&str> {
    spec.filter(|s| !s.contains(',') && !s.contains('*'))
        .map(str::trim)
}

impl FormBuilder {
    pub fn new() -> Self {
        Self { form: None }
    }

    /// Adds a file part.
    pub fn file(
        &mut self,
        name: &str,
        file: FilePart,
        spec_content_type: Option<&str>,
    ) -> Result<(), BuildError> {
        let content_type = file
            .body
            .content_type
            .clone()
            .or_else(|| single_type(spec_content_type).map(str::to_string))
            .or_else(|| file.body.detected.map(str::to_string))
            .unwrap_or_else(|| "application/octet-stream".to_string());
        let file_name = header_safe_file_name(&file.file_name.unwrap_or_else(|| name.to_string()));
        let (body, length) = file.body.into_reqwest();
        let part = match length {
            Some(len) => Part::stream_with_length(body, len),
            None => Part::stream(body),
        };
        let part = part
            .file_name(file_name)
            .mime_str(&content_type)
            .map_err(|_| {
                BuildError::Invalid(format!(
                    "part `{name}` has an invalid content type `{content_type}`"
                ))
            })?;
        self.push(name, part);
        Ok(())
    }

    /// Adds a value part: scalars as text, objects as JSON, arrays as one part
    /// per item; `None`/null adds nothing.
    pub fn value<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        spec_content_type: Option<&str>,
    ) -> Result<(), BuildError> {
        let value = serde_json::to_value(value)
            .map_err(|e| BuildError::Invalid(format!("part `{name}` could not be encoded: {e}")))?;
        match value {
            Value::Null => Ok(()),
            Value::Array(items) => items
                .iter()
                .try_for_each(|item| self.value(name, item, spec_content_type)),
            Value::Object(_) => self.part(
                name,
                value.to_string(),
                Some(single_type(spec_content_type).unwrap_or("application/json")),
            ),
            // Plain text goes without a Content-Type of its own, as browsers
            // and curl send it, unless the spec names one.
            Value::String(s) => self.part(name, s, single_type(spec_content_type)),
            other => self.part(name, other.to_string(), single_type(spec_content_type)),
        }
    }

    fn part(
        &mut self,
        name: &str,
        text: String,
        content_type: Option<&str>,
    ) -> Result<(), BuildError> {
        let part = match content_type {
            None => Part::text(text),
            Some(content_type) => Part::text(text).mime_str(content_type).map_err(|_| {
                BuildError::Invalid(format!(
                    "part `{name}` has an invalid content type `{content_type}`"
                ))
            })?,
        };
        self.push(name, part);
        Ok(())
    }

    fn push(&mut self, name: &str, part: Part) {
        let form = self.form.take().unwrap_or_default();
        self.form = Some(form.part(name.to_string(), part));
    }

    pub(crate) fn finish(self) -> Form {
        self.form.unwrap_or_default()
    }
}
