//! Kernel-density (KDE) bounds on the information of a noisy layer: the Kolchinsky–Tracey
//! bounds as Saxe et al. used them in the information-bottleneck debate.
//!
//! - A. Kolchinsky & B. D. Tracey, "Estimating mixture entropy with pairwise distances",
//!   Entropy 19(7):361 (2017): for a mixture of Gaussians, pairwise-distance estimators built on
//!   the Kullback–Leibler divergence bound its entropy from above, and on the Bhattacharyya
//!   distance from below.
//! - A. M. Saxe, Y. Bansal, J. Dapello, M. Advani, A. Kolchinsky, B. D. Tracey & D. D. Cox,
//!   "On the information bottleneck theory of deep learning", ICLR 2018: a layer's activity T is
//!   taken with isotropic Gaussian noise of variance σ², so that over a sample of N inputs T is
//!   the mixture (1/N) Σ_i N(t_i, σ² I) and the bounds apply; their code (artemyk/ibsgd,
//!   ComputeMI.ipynb) uses σ² = 0.1.
//!
//! Over N points t₁…t_N of dimension d (a [`Sample`]), with D_ij = ‖t_i − t_j‖², in nats:
//!
//! - upper bound H_KL(T) = d/2 + (d/2) ln(2πσ²) − (1/N) Σ_i ln[(1/N) Σ_j exp(−D_ij / 2σ²)];
//! - lower bound H_BD(T) = H_KL(T) evaluated with 4σ², plus (d/2) ln(1/4);
//! - H(T | input) = (d/2)(ln(2πσ²) + 1), the noise's entropy, so
//!   H_BD − H(T|input) ≤ I(input;T) ≤ H_KL − H(T|input);
//! - for a discrete X (the class, or the quadrant Q) with p(c) its frequencies in the sample:
//!   I(X;T) upper = H_KL(T) − Σ_c p(c) H_KL(T | X = c), lower = H_BD(T) − Σ_c p(c) H_BD(T | X = c),
//!   each conditional entropy over the points of class c only. (As in Saxe et al. Each is a
//!   difference of two bounds on the same side, so in general neither is a proven bound on
//!   I(X;T); when each class's points coincide, H(T | X = c) is exact and the pair does bracket
//!   it, which the tests check on a Gaussian mixture.)
//!
//! All results are reported in bits. The inner sum is a log-sum-exp whose largest term is known:
//! the self term j = i has D_ii = 0, so max_j(−D_ij/2σ²) = 0 and the stable form
//! ln Σ_j exp(−D_ij/2σ²) − 0 is summed directly, every term in (0, 1], the sum in [1, N]: no
//! overflow, and no logarithm of 0 however small σ² is. [`bounds`] gives the algebra.
//!
//! The adaptive variant ([`KdeNoise::Adaptive`], after Chelombiev, Houghton & O'Donnell,
//! "Adaptive estimators show information compression in deep neural networks", ICLR 2019)
//! scales σ² to the layer's activity range: σ² = kde_noise_var · (r/2)², see [`adaptive`].
//!
//! Cost: O(N²d) time for the N(N−1)/2 squared distances, plus one `exp` per pair, and O(N)
//! memory; every quantity of a layer (H, I(input;T), I(X;T), I(T;Q), both bounds) comes from one
//! pass over the pairs ([`kde_layer_info`]). Results are bit-identical natively and in wasm
//! (fixed summation order, `libm`, no threads): see [`pairwise`].

mod adaptive;
mod bounds;
mod error;
mod pairwise;
mod sample;

#[cfg(test)]
mod tests;

pub use adaptive::{adaptive_noise_var, KdeNoise};
pub use bounds::{
    kde_entropy_bits, kde_information_bits, kde_input_information_bits, kde_layer_info, kde_noise_entropy_bits,
    KdeBounds, KdeInfo,
};
pub use error::KdeError;
pub use sample::Sample;

/// Most `kde_samples` a run may ask for (the test set has 10,000 images): O(N²) pairs per
/// layer and evaluation.
pub const MAX_KDE_SAMPLES: usize = 10_000;
/// Largest `kde_noise_var` a run may ask for, in squared activity units (far past where every
/// bound is 0).
pub const MAX_KDE_NOISE_VAR: f64 = 1e6;
