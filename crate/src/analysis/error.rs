//! What can be wrong with the input of an analysis: every error names the operation (`op`, the
//! public function that refused) and the dimensions or value at fault.

use thiserror::Error;

/// Input an analysis cannot use. No analysis panics on bad input; each returns one of these.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum AnalysisError {
    /// A flat buffer that is not rows × cols values.
    #[error("{op}: {what} has {len} values, which is not {rows}x{cols}")]
    Shape { op: &'static str, what: &'static str, len: usize, rows: usize, cols: usize },
    /// Something that must not be empty is.
    #[error("{op}: {what} is empty")]
    Empty { op: &'static str, what: &'static str },
    /// Two things that must describe the same items do not.
    #[error("{op}: {what} has {found}, expected {expected}")]
    LengthMismatch { op: &'static str, what: &'static str, expected: usize, found: usize },
    /// A class label outside 0..=9.
    #[error("{op}: label {label} of image {image} is outside 0..=9")]
    Label { op: &'static str, image: usize, label: u8 },
    /// NaN or ±∞ where a finite number is needed.
    #[error("{op}: {what} {index} is {value}")]
    NonFinite { op: &'static str, what: &'static str, index: usize, value: f64 },
    /// A class with too few images for the statistic.
    #[error("{op}: class {class} has {found} images, at least {needed} needed")]
    TooFewImages { op: &'static str, class: usize, found: usize, needed: usize },
    /// Too few items (units, images, pairs, bins) for the statistic.
    #[error("{op}: {what} is {found}, at least {needed} needed")]
    TooFew { op: &'static str, what: &'static str, found: usize, needed: usize },
    /// An index (a unit, an image) that does not exist.
    #[error("{op}: {what} {index} is out of range 0..{len}")]
    OutOfRange { op: &'static str, what: &'static str, index: usize, len: usize },
    /// An activity below the floor given for the activation (the floor is wrong for it).
    #[error("{op}: value {index} is {value}, below the activation floor {floor}")]
    BelowFloor { op: &'static str, index: usize, value: f64, floor: f64 },
    /// A number outside the range it must lie in.
    #[error("{op}: {what} {value} is outside [{lo}, {hi}]")]
    OutsideRange { op: &'static str, what: &'static str, value: f64, lo: f64, hi: f64 },
    /// A range [lo, hi] that is not finite with lo < hi.
    #[error("{op}: the range [{lo}, {hi}] is not finite with lo < hi")]
    BadRange { op: &'static str, lo: f64, hi: f64 },
    /// More items than the result can count.
    #[error("{op}: {found} {what}; at most {max}")]
    TooMany { op: &'static str, what: &'static str, found: usize, max: usize },
    /// A matrix that is not a dissimilarity matrix (asymmetric or a non-zero diagonal).
    #[error("{op}: entry ({row}, {col}) is {value}, {reason}")]
    NotDissimilarity { op: &'static str, row: usize, col: usize, value: f64, reason: &'static str },
    /// A correlation with a constant variable is undefined.
    #[error("{op}: the {which} is constant (all {len} values tied), so its rank correlation is undefined")]
    Constant { op: &'static str, which: &'static str, len: usize },
    /// A unit ordering that is not a permutation of the layer's units.
    #[error("{op}: the order is not a permutation of 0..{units} (unit {unit} {problem})")]
    NotPermutation { op: &'static str, units: usize, unit: usize, problem: &'static str },
}
