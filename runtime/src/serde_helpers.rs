//! Serde helpers used by generated models.

/// Keeps "absent" and "null" apart for optional nullable fields:
/// absent is `None`, `null` is `Some(None)`, a value is `Some(Some(v))`.
/// Serde writes such a field as wanted by itself (`Some(None)` as `null`,
/// with `None` skipped), so only reading needs help.
pub mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}
