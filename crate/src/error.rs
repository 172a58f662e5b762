//! Typed errors. Every failure that user input can cause is one of these; none panics.

use thiserror::Error;

/// A malformed IDX file (raw or gzipped).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum IdxError {
    #[error("the gzip stream is corrupt or truncated ({0})")]
    Gzip(String),
    #[error("decompressed data exceeds the limit of {limit_bytes} bytes")]
    TooLarge { limit_bytes: usize },
    #[error("{len_bytes} bytes is too short for an IDX header")]
    TooShort { len_bytes: usize },
    #[error("wrong magic number 0x{found:08x}, expected 0x{expected:08x} ({what})")]
    WrongMagic { found: u32, expected: u32, what: &'static str },
    #[error("dimension {index} is {value}, outside 1..={max}")]
    BadDimension { index: usize, value: u32, max: u32 },
    #[error("the header promises {expected_bytes} bytes of data but the file has {actual_bytes}")]
    WrongLength { expected_bytes: usize, actual_bytes: usize },
    #[error("label {label} at index {index} is outside 0..=9")]
    LabelOutOfRange { index: usize, label: u8 },
}

/// A data set that cannot be used: which file, and what is wrong with it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DataError {
    #[error("{file}: {source}")]
    Idx { file: String, source: IdxError },
    #[error("{set} set: {images} images but {labels} labels")]
    CountMismatch { set: String, images: usize, labels: usize },
    #[error("training images are {train_rows}x{train_cols} but test images are {test_rows}x{test_cols}")]
    ShapeMismatch { train_rows: usize, train_cols: usize, test_rows: usize, test_cols: usize },
    #[error("{0}")]
    Io(String),
}

/// A configuration value out of range. `field` is the config key (also the CLI flag name).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{field}: {message}")]
pub struct ConfigError {
    pub field: &'static str,
    pub message: String,
}

impl ConfigError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

/// Any error the core reports.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("information measures: {0}")]
    Info(#[from] crate::info::InfoError),
    #[error(transparent)]
    Probe(#[from] crate::experiment::ProbeError),
    /// The KDE bounds could not measure a layer (its message names the field or the operation).
    #[error("kde bounds: {0}")]
    Kde(#[from] crate::info::KdeError),
    #[error("analysis: {0}")]
    Analysis(#[from] crate::analysis::AnalysisError),
    #[error("diverged at step {step}: the {what} is {value} (try a smaller learning_rate)")]
    Diverged { step: usize, what: &'static str, value: f32 },
    /// A rule that settles did not converge on a batch: the run stops before learning from it.
    #[error(
        "did not settle at step {step}: after {iterations} inner iterations the largest state change was {residual:e}, above settle_tolerance {tolerance:e} (raise settle_iterations, or change settle_step or settle_tolerance)"
    )]
    Unsettled { step: usize, iterations: usize, residual: f64, tolerance: f64 },
}
