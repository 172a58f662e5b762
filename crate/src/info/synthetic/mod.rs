//! Data whose information is known, and every estimator of the lab run on it: where the plug-in
//! estimate saturates at log₂ N, how far Miller–Madow corrects it, where the KDE bounds bracket
//! the truth.
//!
//! - `discrete`: X uniform over 10 classes, each a fixed random d-bit codeword, each bit flipped
//!   with probability ε; I(X;T) exact, by enumerating all 2^d codes (d ≤ 16);
//! - `gaussian`: T = μ_X + N(0, s² I), X uniform over 10 classes with random means; I(X;T) by
//!   Monte Carlo with the exact mixture density, with its standard error;
//! - `check`: the estimator check, one row per channel, d, N and estimator.
//!
//! Randomness: rng.rs belongs to another branch, so instead of new streams the synthetic data use
//! the existing ones, one purpose each (see [`definition_rng`], [`sample_rng`], [`truth_rng`]).

mod check;
mod discrete;
mod error;
mod gaussian;

use crate::rng::{Rng, Stream};

pub use check::{estimates_of_sample, estimator_check, ChannelKind, CheckRow, CheckSettings, ESTIMATORS};
pub use discrete::DiscreteChannel;
pub use error::CheckError;
pub use gaussian::GaussianChannel;

/// Number of classes of both channels.
pub const CLASSES: usize = 10;

/// The true I(X;T) of a channel, bits, with the standard error of its estimate (0 when exact).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Truth {
    pub bits: f64,
    pub stderr_bits: f64,
}

/// N draws (x_i, t_i) of a channel: `activity` is N × d row-major, `clean` the same shape with
/// each point's noiseless value (its class's codeword or mean).
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSample {
    pub labels: Vec<u8>,
    pub activity: Vec<f32>,
    pub clean: Vec<f32>,
    pub n: usize,
    pub d: usize,
}

/// The channel's fixed parameters (codewords, means): `Stream::Init`, as a network's weights.
pub(crate) fn definition_rng(seed: u32) -> Rng {
    Rng::new(seed, Stream::Init)
}

/// The samples the estimators see: `Stream::Batches`, as the data a network sees.
pub(crate) fn sample_rng(seed: u32) -> Rng {
    Rng::new(seed, Stream::Batches)
}

/// The Monte Carlo draws behind a truth: `Stream::Backward`, unused elsewhere by the channels.
pub(crate) fn truth_rng(seed: u32) -> Rng {
    Rng::new(seed, Stream::Backward)
}

#[cfg(test)]
mod tests;
