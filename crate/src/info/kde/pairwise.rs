//! The O(N²d) heart of the KDE bounds: for every point i, the Gaussian kernel sums
//!
//!   S_i = Σ_j exp(−‖t_i − t_j‖² / 2σ²)   and   W_i = Σ_j exp(−‖t_i − t_j‖² / 8σ²)
//!
//! over all points j (the self term j = i, exp(0) = 1, included), and the same sums restricted
//! to the points j that share i's symbol in each discrete variable (a class label, a quadrant).
//!
//! The coordinates are copied to f64 once (N·d values; the conversion is exact). Each unordered
//! pair is visited once (i < j) and its squared distance computed in f64 as Σ_k (a_k − b_k)²
//! (direct differences: no cancellation, unlike ‖a‖² + ‖b‖² − 2a·b), with eight partial sums over k ≡ 0..7 (mod 8) combined in a fixed tree,
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

/// ‖a − b‖², summed in a fixed order (a and b have the same length).
#[inline]
pub(crate) fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    const LANES: usize = 8;
    let mut acc = [0.0f64; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..LANES {
            let t = x[k] - y[k];
            acc[k] += t * t;
        }
    }
    for (k, (&x, &y)) in ra.iter().zip(rb).enumerate() {
        let t = x - y;
        acc[k] += t * t;
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

/// The kernel sums of `sample` at noise variance `noise_var` (> 0, finite: checked by the
/// caller), within the symbols of each of `variables` (each one symbol per point: checked by the
/// caller). Row by row: row i's kernels with every j > i go to a buffer, then are added to
/// point i's sums (in increasing j) and to each point j's. So every sum is S_k = 1 + (terms
/// j < k, in increasing j) + (terms j > k, in increasing j). Within a variable, a pair of
/// different symbols adds +0.0 (a mask, not a branch), which leaves the positive sums unchanged.
pub(crate) fn kernel_sums(sample: &Sample, noise_var: f64, variables: &[&[u8]]) -> KernelSums {
    let (n, d) = (sample.n(), sample.d());
    let points: Vec<f64> = sample.values().iter().map(|&v| f64::from(v)).collect();
    let point = |i: usize| &points[i * d..(i + 1) * d];
    let scale = 1.0 / (8.0 * noise_var);
    let mut narrow = vec![1.0f64; n];
    let mut wide = vec![1.0f64; n];
    let mut within: Vec<(Vec<f64>, Vec<f64>)> = variables.iter().map(|_| (vec![1.0; n], vec![1.0; n])).collect();
    // Row i's kernels exp(−D_ij/8σ²) and exp(−D_ij/2σ²) for j > i (entries ≤ i unused).
    let mut row_wide = vec![0.0f64; n];
    let mut row_narrow = vec![0.0f64; n];
    for i in 0..n {
        // Distances first, kernels second: a call to `exp` inside the distance loop would spill
        // its partial sums (measured: 1.5x slower).
        let a = point(i);
        for (j, slot) in row_wide.iter_mut().enumerate().skip(i + 1) {
            *slot = squared_distance(a, point(j));
        }
        for (w, narrow_ij) in row_wide[i + 1..].iter_mut().zip(&mut row_narrow[i + 1..]) {
            *w = libm::exp(-*w * scale);
            let squared = *w * *w;
            *narrow_ij = squared * squared;
        }
        add_row(i, &row_narrow, &row_wide, &mut narrow, &mut wide, |_| 1.0);
        for (symbols, (nar, wid)) in variables.iter().zip(within.iter_mut()) {
            let s = symbols[i];
            add_row(i, &row_narrow, &row_wide, nar, wid, |j| f64::from(u8::from(symbols[j] == s)));
        }
    }
    KernelSums { narrow, wide, within }
}

/// Adds row i's kernels (j > i), times `mask(j)` (1 or 0), to the sums of i and of each j.
#[inline]
fn add_row(i: usize, row_narrow: &[f64], row_wide: &[f64], narrow: &mut [f64], wide: &mut [f64], mask: impl Fn(usize) -> f64) {
    let (mut narrow_i, mut wide_i) = (narrow[i], wide[i]);
    for j in i + 1..narrow.len() {
        let m = mask(j);
        let (nj, wj) = (row_narrow[j] * m, row_wide[j] * m);
        narrow_i += nj;
        wide_i += wj;
        narrow[j] += nj;
        wide[j] += wj;
    }
    narrow[i] = narrow_i;
    wide[i] = wide_i;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    #[test]
    fn distances_match_the_plain_sum() {
        let mut rng = Rng::new(21, Stream::Init);
        for d in [1usize, 7, 8, 9, 16, 120, 131] {
            let a: Vec<f64> = (0..d).map(|_| rng.normal()).collect();
            let b: Vec<f64> = (0..d).map(|_| rng.normal() * 3.0).collect();
            let plain: f64 = a.iter().zip(&b).map(|(&x, &y)| (x - y).powi(2)).sum();
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
