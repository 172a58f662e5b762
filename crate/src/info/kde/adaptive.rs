//! The noise variance σ² of a KDE measurement: fixed (Saxe et al. 2018), or scaled to the
//! layer's activity range (after Chelombiev, Houghton & O'Donnell 2019, who argued that one
//! fixed σ² measures a layer whose activity grows, as ReLU layers' does during training, ever
//! more finely, and made the noise follow each layer's activity).
//!
//! The scaling here is ours, stated exactly: with r = max − min over every value of the layer
//! in the sample (all units, all points),
//!
//!   σ² = kde_noise_var · (r / 2)²,   or σ² = kde_noise_var when r = 0 (a constant layer).
//!
//! A tanh layer spanning [−1, 1] (r = 2) gets σ² = kde_noise_var, the fixed value; a layer of
//! range r gets a kernel whose width is the same fraction of its range. Because the squared
//! distances and σ² then scale together, every adaptive bound is unchanged when the whole
//! activity is multiplied by a constant c ≠ 0 or shifted (only H(T) and H(T|input) move, by
//! d·log₂|c|, as differential entropies do).

use serde::{Deserialize, Serialize};

use super::bounds::check_noise_var;
use super::error::KdeError;
use super::sample::Sample;

/// How σ² is chosen; the value is `kde_noise_var` (> 0, finite) in both cases.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KdeNoise {
    /// σ² = kde_noise_var.
    Fixed(f64),
    /// σ² = kde_noise_var · (r/2)², r the sample's activity range (see the module docs).
    Adaptive(f64),
}

impl KdeNoise {
    /// kde_noise_var, as given.
    pub fn kde_noise_var(self) -> f64 {
        match self {
            KdeNoise::Fixed(v) | KdeNoise::Adaptive(v) => v,
        }
    }

    /// σ² for `sample`, checked: finite and > 0.
    pub fn noise_var(self, sample: &Sample) -> Result<f64, KdeError> {
        let kde_noise_var = self.kde_noise_var();
        check_noise_var(kde_noise_var)?;
        match self {
            KdeNoise::Fixed(_) => Ok(kde_noise_var),
            KdeNoise::Adaptive(_) => adaptive_noise_var(kde_noise_var, sample.range()),
        }
    }
}

/// kde_noise_var · (range/2)² (kde_noise_var itself for range 0), checked.
pub fn adaptive_noise_var(kde_noise_var: f64, range: f64) -> Result<f64, KdeError> {
    check_noise_var(kde_noise_var)?;
    let value = if range == 0.0 { kde_noise_var } else { kde_noise_var * (0.5 * range) * (0.5 * range) };
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(KdeError::AdaptiveNoiseVar { kde_noise_var, range, value })
    }
}
