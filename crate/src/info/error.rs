//! What can be wrong with the input of an information measurement.

use thiserror::Error;

/// Input the information measures cannot use. None of them panics on bad input; each returns
/// one of these instead.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum InfoError {
    /// Entropy of nothing is undefined.
    #[error("the sample is empty")]
    Empty,
    /// Two variables (or a layer and the data) that must describe the same samples do not.
    #[error("{what}: {found} samples, expected {expected}")]
    LengthMismatch { what: &'static str, expected: usize, found: usize },
    /// A bin count outside `MIN_BINS..=MAX_BINS`.
    #[error("bins: {bins} is not in 2..=256")]
    Bins { bins: usize },
    /// A layer's activity that is not n samples × `units` values.
    #[error("the activity has {len} values, which is not a whole number of samples of {units} units")]
    Shape { len: usize, units: usize },
    /// A network layer whose activity is not a whole number of values per sample.
    #[error("layer {layer}'s activity has {len} values, which is not a whole number per sample of {n}")]
    LayerLength { layer: usize, len: usize, n: usize },
    /// NaN or ±∞ in a layer's activity (a diverged network).
    #[error("the activity of sample {sample}, unit {unit} is {value}")]
    NonFinite { sample: usize, unit: usize, value: f32 },
    /// More samples than a 32-bit index can name.
    #[error("{n} samples; at most 4294967295 can be measured")]
    TooManySamples { n: usize },
    /// A sample past the last.
    #[error("sample {sample}: there are {n} samples")]
    NoSample { sample: usize, n: usize },
    /// An image whose length is not rows × cols.
    #[error("the image has {len} pixels, expected {rows}x{cols}")]
    ImageShape { len: usize, rows: usize, cols: usize },
}
