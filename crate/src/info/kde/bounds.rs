//! The Kolchinsky–Tracey bounds in bits, from the kernel sums of [`super::pairwise`].
//!
//! With K = H(T | input) = (d/2)(ln 2πσ² + 1) nats, S_i = Σ_j exp(−D_ij/2σ²) and
//! W_i = Σ_j exp(−D_ij/8σ²) (D_ij = ‖t_i − t_j‖², self term included), the formulas of the module
//! docs reduce to
//!
//!   H_KL(T) = K + ln N − (1/N) Σ_i ln S_i,
//!   H_BD(T) = K(4σ²) + (d/2) ln(1/4) + ln N − (1/N) Σ_i ln W_i = K + ln N − (1/N) Σ_i ln W_i,
//!
//! because K(4σ²) = K + (d/2) ln 4. So I(input;T) ≤ ln N − (1/N) Σ ln S_i and
//! ≥ ln N − (1/N) Σ ln W_i: both between 0 and ln N, and the lower one never above the upper
//! one, as W_i ≥ S_i term by term. For a discrete V with n_c points of symbol c and S_i^V the sum
//! over the points sharing i's symbol, Σ_c p(c) H_KL(T | V = c) = K + (1/N) Σ_c n_c ln n_c −
//! (1/N) Σ_i ln S_i^V, so
//!
//!   I_upper(V;T) = H_KL(T) − Σ_c p(c) H_KL(T | V = c) = Ĥ(V) − (1/N) Σ_i ln(S_i / S_i^V),
//!
//! and I_lower(V;T) the same with W: Ĥ(V) = ln N − (1/N) Σ_c n_c ln n_c is the plug-in entropy
//! of the symbols, and S_i^V / S_i is the kernel estimate of p(v_i | t_i). Hence both are
//! ≤ Ĥ(V) (S_i^V ≤ S_i), tend to Ĥ(V) as σ² → 0 with distinct points (S_i = S_i^V = 1) and to 0
//! as σ² → ∞ (S_i → N, S_i^V → n_c). That they are ≥ 0 and upper ≥ lower is not proven here;
//! the property tests check it on random and adversarial points. Computing these forms instead
//! of differences of two large entropies avoids cancellation; the tests check them against the
//! literal formulas.

use serde::{Deserialize, Serialize};

use super::adaptive::KdeNoise;
use super::error::KdeError;
use super::pairwise::kernel_sums;
use super::sample::{check_count, Sample};

const BITS_PER_NAT: f64 = std::f64::consts::LOG2_E;

/// An upper and a lower value of one quantity, in bits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KdeBounds {
    pub upper_bits: f64,
    pub lower_bits: f64,
}

/// Everything the KDE bounds say about one layer, in bits: over `n` points of dimension `d`,
/// with Gaussian noise of variance `noise_var` (after the adaptive scaling, if any).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KdeInfo {
    /// σ² used, in squared activity units.
    pub noise_var: f64,
    pub n: usize,
    pub d: usize,
    /// H_KL(T).
    pub h_t_upper_bits: f64,
    /// H_BD(T).
    pub h_t_lower_bits: f64,
    /// H(T | input) = (d/2)(ln 2πσ² + 1) / ln 2.
    pub h_t_given_input_bits: f64,
    pub i_input_t_upper_bits: f64,
    pub i_input_t_lower_bits: f64,
    /// I(X;T), X the class label.
    pub i_x_t_upper_bits: f64,
    pub i_x_t_lower_bits: f64,
    /// I(T;Q), Q the brightest quadrant.
    pub i_t_q_upper_bits: f64,
    pub i_t_q_lower_bits: f64,
}

pub(crate) fn check_noise_var(noise_var: f64) -> Result<(), KdeError> {
    if noise_var.is_finite() && noise_var > 0.0 {
        Ok(())
    } else {
        Err(KdeError::NoiseVar { value: noise_var })
    }
}

fn check_symbols(op: &'static str, sample: &Sample, symbols: &[u8]) -> Result<(), KdeError> {
    if symbols.len() == sample.n() {
        Ok(())
    } else {
        Err(KdeError::Symbols { op, expected: sample.n(), found: symbols.len() })
    }
}

/// (d/2)(ln 2πσ² + 1) nats.
fn noise_entropy_nats(d: usize, noise_var: f64) -> f64 {
    0.5 * d as f64 * (libm::log(2.0 * std::f64::consts::PI * noise_var) + 1.0)
}

/// ln N − (1/N) Σ_i ln sums_i, summed in index order.
fn log_n_minus_mean_log(sums: &[f64]) -> f64 {
    let total = sums.iter().fold(0.0, |acc, &s| acc + libm::log(s));
    libm::log(sums.len() as f64) - total / sums.len() as f64
}

/// Ĥ(V) = ln N − (1/N) Σ_c n_c ln n_c nats, symbols counted in order 0..=255.
fn plug_in_entropy_nats(symbols: &[u8]) -> f64 {
    let mut counts = [0u64; 256];
    symbols.iter().for_each(|&s| counts[s as usize] += 1);
    let n = symbols.len() as f64;
    let sum_c_ln_c = counts.iter().filter(|&&c| c > 1).fold(0.0, |acc, &c| acc + c as f64 * libm::log(c as f64));
    libm::log(n) - sum_c_ln_c / n
}

/// Ĥ(V) − (1/N) Σ_i ln(total_i / within_i) nats.
fn variable_information_nats(symbols: &[u8], total: &[f64], within: &[f64]) -> f64 {
    let sum = total.iter().zip(within).fold(0.0, |acc, (&s, &w)| acc + libm::log(s / w));
    plug_in_entropy_nats(symbols) - sum / total.len() as f64
}

/// H(T | input) = (d/2)(ln 2πσ² + 1) / ln 2 bits: the entropy of the added noise alone.
pub fn kde_noise_entropy_bits(d: usize, noise_var: f64) -> Result<f64, KdeError> {
    check_noise_var(noise_var)?;
    Ok(noise_entropy_nats(d, noise_var) * BITS_PER_NAT)
}

/// H(T) of the noisy layer: upper H_KL(T), lower H_BD(T), bits (N ≥ 2).
pub fn kde_entropy_bits(sample: &Sample, noise_var: f64) -> Result<KdeBounds, KdeError> {
    let i = kde_input_information_bits(sample, noise_var)?;
    let k = noise_entropy_nats(sample.d(), noise_var) * BITS_PER_NAT;
    Ok(KdeBounds { upper_bits: k + i.upper_bits, lower_bits: k + i.lower_bits })
}

/// I(input;T) ≤ H_KL(T) − H(T|input) and ≥ H_BD(T) − H(T|input), bits (N ≥ 2).
pub fn kde_input_information_bits(sample: &Sample, noise_var: f64) -> Result<KdeBounds, KdeError> {
    check_noise_var(noise_var)?;
    check_count(sample.n())?;
    let sums = kernel_sums(sample, noise_var, &[]);
    Ok(KdeBounds {
        upper_bits: log_n_minus_mean_log(&sums.narrow) * BITS_PER_NAT,
        lower_bits: log_n_minus_mean_log(&sums.wide) * BITS_PER_NAT,
    })
}

/// I(V;T) for a discrete V with one symbol per point (class labels, quadrants): upper
/// H_KL(T) − Σ_c p(c) H_KL(T|V=c), lower the same with H_BD, bits (N ≥ 2), p(c) the symbols'
/// frequencies in the sample.
pub fn kde_information_bits(sample: &Sample, symbols: &[u8], noise_var: f64) -> Result<KdeBounds, KdeError> {
    check_noise_var(noise_var)?;
    check_count(sample.n())?;
    check_symbols("kde information", sample, symbols)?;
    let sums = kernel_sums(sample, noise_var, &[symbols]);
    let (narrow, wide) = &sums.within[0];
    Ok(KdeBounds {
        upper_bits: variable_information_nats(symbols, &sums.narrow, narrow) * BITS_PER_NAT,
        lower_bits: variable_information_nats(symbols, &sums.wide, wide) * BITS_PER_NAT,
    })
}

/// Every KDE quantity of one layer in one pass over the pairs: H(T), I(input;T), I(X;T) with
/// `labels` and I(T;Q) with `quadrants` (one per point each), with σ² from `noise`.
pub fn kde_layer_info(sample: &Sample, labels: &[u8], quadrants: &[u8], noise: KdeNoise) -> Result<KdeInfo, KdeError> {
    let noise_var = noise.noise_var(sample)?;
    check_count(sample.n())?;
    check_symbols("kde labels", sample, labels)?;
    check_symbols("kde quadrants", sample, quadrants)?;
    let sums = kernel_sums(sample, noise_var, &[labels, quadrants]);
    let k_bits = noise_entropy_nats(sample.d(), noise_var) * BITS_PER_NAT;
    let i_upper = log_n_minus_mean_log(&sums.narrow) * BITS_PER_NAT;
    let i_lower = log_n_minus_mean_log(&sums.wide) * BITS_PER_NAT;
    let info = |symbols: &[u8], within: &(Vec<f64>, Vec<f64>)| {
        (
            variable_information_nats(symbols, &sums.narrow, &within.0) * BITS_PER_NAT,
            variable_information_nats(symbols, &sums.wide, &within.1) * BITS_PER_NAT,
        )
    };
    let (x_upper, x_lower) = info(labels, &sums.within[0]);
    let (q_upper, q_lower) = info(quadrants, &sums.within[1]);
    Ok(KdeInfo {
        noise_var,
        n: sample.n(),
        d: sample.d(),
        h_t_upper_bits: k_bits + i_upper,
        h_t_lower_bits: k_bits + i_lower,
        h_t_given_input_bits: k_bits,
        i_input_t_upper_bits: i_upper,
        i_input_t_lower_bits: i_lower,
        i_x_t_upper_bits: x_upper,
        i_x_t_lower_bits: x_lower,
        i_t_q_upper_bits: q_upper,
        i_t_q_lower_bits: q_lower,
    })
}
