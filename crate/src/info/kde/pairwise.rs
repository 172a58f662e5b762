//! The O(N²d) heart of the KDE bounds: for every point i, the Gaussian kernel sums
//!
//!   S_i = Σ_j exp(−‖t_i − t_j‖² / 2σ²)   and   W_i = Σ_j exp(−‖t_i − t_j‖² / 8σ²)
//!
//! over all points j (the self term j = i, exp(0) = 1, included), and the same sums restricted
//! to the points j that share i's symbol in each discrete variable (a class label, a quadrant).
//!
//! Each unordered pair is visited once (i < j) and its squared distance computed in f64 from the
//! f32 coordinates, as Σ_k (a_k − b_k)² (direct differences: no cancellation, unlike
//! ‖a‖² + ‖b‖² − 2a·b), with eight partial sums over k ≡ 0..7 (mod 8) combined in a fixed tree,
//! so the order of every addition is fixed and independent of the platform. One `libm::exp` per
//! pair gives the wide kernel w = exp(−D/8σ²); the narrow one is w⁴ = exp(−D/2σ²) by two
//! squarings. No allocation per pair, no hashing, no threads: the sums are bit-identical
//! natively and in wasm. Cost: N(N−1)/2 distances of d terms and as many `exp` calls.

use super::sample::Sample;

/// The kernel sums of every point (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KernelSums {
    /// S_i, over all points, at σ².
    pub narrow: Vec<f64>,
    /// W_i, over all points, at 4σ².
    pub wide: Vec<f64>,
    /// For each variable: S_i and W_i over the points with i's symbol.
    pub within: Vec<(Vec<f64>, Vec<f64>)>,
}

/// ‖a − b‖² in f64, summed in a fixed order (a and b have the same length).
#[inline]
pub(crate) fn squared_distance(a: &[f32], b: &[f32]) -> f64 {
    const LANES: usize = 8;
    let mut acc = [0.0f64; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..LANES {
            let t = f64::from(x[k]) - f64::from(y[k]);
            acc[k] += t * t;
        }
    }
    for (k, (&x, &y)) in ra.iter().zip(rb).enumerate() {
        let t = f64::from(x) - f64::from(y);
        acc[k] += t * t;
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

/// The kernel sums of `sample` at noise variance `noise_var` (> 0, finite: checked by the
/// caller), within the symbols of each of `variables` (each one symbol per point: checked by the
/// caller). Sums run over j in increasing order for every i: S_i = 1 + Σ_{j<i} + Σ_{j>i}.
pub(crate) fn kernel_sums(sample: &Sample, noise_var: f64, variables: &[&[u8]]) -> KernelSums {
    let n = sample.n();
    let scale = 1.0 / (8.0 * noise_var);
    let mut narrow = vec![1.0f64; n];
    let mut wide = vec![1.0f64; n];
    let mut within: Vec<(Vec<f64>, Vec<f64>)> = variables.iter().map(|_| (vec![1.0; n], vec![1.0; n])).collect();
    for i in 0..n {
        let a = sample.point(i);
        for j in i + 1..n {
            let wide_ij = libm::exp(-squared_distance(a, sample.point(j)) * scale);
            let squared = wide_ij * wide_ij;
            let narrow_ij = squared * squared;
            narrow[i] += narrow_ij;
            narrow[j] += narrow_ij;
            wide[i] += wide_ij;
            wide[j] += wide_ij;
            for (symbols, (nar, wid)) in variables.iter().zip(within.iter_mut()) {
                if symbols[i] == symbols[j] {
                    nar[i] += narrow_ij;
                    nar[j] += narrow_ij;
                    wid[i] += wide_ij;
                    wid[j] += wide_ij;
                }
            }
        }
    }
    KernelSums { narrow, wide, within }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    #[test]
    fn distances_match_the_plain_sum() {
        let mut rng = Rng::new(21, Stream::Init);
        for d in [1usize, 7, 8, 9, 16, 120, 131] {
            let a: Vec<f32> = (0..d).map(|_| rng.normal() as f32).collect();
            let b: Vec<f32> = (0..d).map(|_| (rng.normal() * 3.0) as f32).collect();
            let plain: f64 = a.iter().zip(&b).map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2)).sum();
            let fast = squared_distance(&a, &b);
            assert!((fast - plain).abs() <= 1e-13 * plain, "d {d}: {fast} vs {plain}");
            assert_eq!(squared_distance(&a, &a), 0.0);
        }
    }

    #[test]
    fn sums_are_symmetric_and_restricted_by_symbol() {
        // Three points on a line at 0, 1, 3; σ² = 1/2 so the narrow kernel is exp(−D).
        let values = [0.0f32, 1.0, 3.0];
        let sample = Sample::new(&values, 3, 1).unwrap();
        let classes = [0u8, 1, 0];
        let s = kernel_sums(&sample, 0.5, &[&classes]);
        let e = |d: f64| (-d).exp();
        let expect_narrow = [1.0 + e(1.0) + e(9.0), 1.0 + e(1.0) + e(4.0), 1.0 + e(9.0) + e(4.0)];
        let expect_wide = [1.0 + e(0.25) + e(2.25), 1.0 + e(0.25) + e(1.0), 1.0 + e(2.25) + e(1.0)];
        for i in 0..3 {
            assert!((s.narrow[i] - expect_narrow[i]).abs() < 1e-15, "{i}");
            assert!((s.wide[i] - expect_wide[i]).abs() < 1e-15, "{i}");
        }
        let (nar, wid) = &s.within[0];
        assert!((nar[0] - (1.0 + e(9.0))).abs() < 1e-15 && (nar[2] - (1.0 + e(9.0))).abs() < 1e-15);
        assert_eq!((nar[1], wid[1]), (1.0, 1.0));
        assert!((wid[0] - (1.0 + e(2.25))).abs() < 1e-15);
    }
}
