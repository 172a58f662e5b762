//! What can be wrong with the input of a kernel-density (KDE) measurement: each error names the
//! config field (`kde_noise_var`, `kde_samples`) or the operation and the dimensions involved.

use thiserror::Error;

/// Input the KDE bounds cannot use. None of them panics on bad input; each returns one of these.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum KdeError {
    /// σ² ≤ 0, NaN or ±∞.
    #[error("kde_noise_var: {value} is not a finite variance > 0")]
    NoiseVar { value: f64 },
    /// The adaptive σ² = kde_noise_var · (range / 2)² came out 0 or ∞ (an extreme range).
    #[error(
        "kde_noise_var: {kde_noise_var} scaled by the layer's range {range} gives {value}, which is not a finite variance > 0"
    )]
    AdaptiveNoiseVar { kde_noise_var: f64, range: f64, value: f64 },
    /// Fewer than two points: no pairwise distance to measure.
    #[error("kde_samples: {requested}; at least 2 samples are needed")]
    TooFewSamples { requested: usize },
    /// More points requested than the activity holds.
    #[error("kde_samples: {requested}, but only {available} samples are available")]
    TooManySamples { requested: usize, available: usize },
    /// Values that are not n points × d dimensions (or d = 0).
    #[error("{op}: {len} values are not {n} samples x {d} dimensions (d >= 1)")]
    Shape { op: &'static str, len: usize, n: usize, d: usize },
    /// NaN or ±∞ in the activity (a diverged network).
    #[error("{op}: sample {sample}, dimension {dim} is {value}")]
    NonFinite { op: &'static str, sample: usize, dim: usize, value: f32 },
    /// A discrete variable (labels, quadrants) with a symbol count other than the sample's n.
    #[error("{op}: {found} symbols for {expected} samples")]
    Symbols { op: &'static str, expected: usize, found: usize },
}

impl KdeError {
    /// The config field the error is about, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            KdeError::NoiseVar { .. } | KdeError::AdaptiveNoiseVar { .. } => Some("kde_noise_var"),
            KdeError::TooFewSamples { .. } | KdeError::TooManySamples { .. } => Some("kde_samples"),
            _ => None,
        }
    }
}
