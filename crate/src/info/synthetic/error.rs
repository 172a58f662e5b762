//! What can be wrong with a synthetic channel or an estimator check: a setting, named, or an
//! estimator's own error.

use thiserror::Error;

use super::super::error::InfoError;
use super::super::kde::KdeError;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum CheckError {
    /// A channel or check setting out of its range: `field` is its name.
    #[error("{field}: {message}")]
    Setting { field: &'static str, message: String },
    #[error(transparent)]
    Info(#[from] InfoError),
    #[error(transparent)]
    Kde(#[from] KdeError),
}

impl CheckError {
    pub(crate) fn setting(field: &'static str, message: impl Into<String>) -> Self {
        CheckError::Setting { field, message: message.into() }
    }

    /// The setting the error is about, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CheckError::Setting { field, .. } => Some(field),
            CheckError::Info(InfoError::Bins { .. }) => Some("bins"),
            CheckError::Kde(e) => e.field(),
            CheckError::Info(_) => None,
        }
    }
}
