//! Representational similarity analysis: how alike two representations are, as the Spearman
//! rank correlation between the upper triangles (above the diagonal) of their RDMs
//! (Kriegeskorte et al. 2008; a rank correlation because dissimilarities of different layers or
//! models need not be linearly related, only ordered alike).
//!
//! ρ = Pearson(rank(x), rank(y)), ranks 1..n with tied values given the average of the ranks
//! they span (so the ties in a label RDM or between identical patterns are handled exactly,
//! unlike the 1 − 6Σd²/(n(n²−1)) shortcut, which assumes no ties). Sums in f64, in order; the
//! sort is stable over a total order, so the ranks are deterministic.

use super::error::AnalysisError;
use super::rdm::Rdm;

/// RSA between two RDMs of the same conditions: ρ of their upper triangles, in [−1, 1].
/// Needs at least three conditions; an RDM whose upper triangle is constant (e.g. the label
/// RDM of the ten classes, all 1) has no ranks to correlate and is an error.
pub fn rsa(a: &Rdm, b: &Rdm) -> Result<f64, AnalysisError> {
    let op = "rsa";
    if a.size() != b.size() {
        return Err(AnalysisError::LengthMismatch {
            op,
            what: "the second RDM's size",
            expected: a.size(),
            found: b.size(),
        });
    }
    if a.size() < 3 {
        return Err(AnalysisError::TooFew { op, what: "the number of conditions", found: a.size(), needed: 3 });
    }
    spearman_named(
        op,
        &a.upper_triangle(),
        &b.upper_triangle(),
        ["first RDM's upper triangle", "second RDM's upper triangle"],
    )
}

/// RSA between two RDMs given by their upper triangles (`Rdm::upper_triangle`, e.g. kept
/// snapshots as f32): the same ρ as [`rsa`] of the two matrices. The triangles must be equally
/// long, of at least three conditions (three values), finite.
pub fn rsa_upper(a: &[f32], b: &[f32]) -> Result<f64, AnalysisError> {
    let op = "rsa_upper";
    if a.len() < 3 {
        return Err(AnalysisError::TooFew { op, what: "the upper triangle's length", found: a.len(), needed: 3 });
    }
    let widen = |v: &[f32]| v.iter().map(|&d| f64::from(d)).collect::<Vec<f64>>();
    spearman_named(op, &widen(a), &widen(b), ["first upper triangle", "second upper triangle"])
}

/// Spearman's ρ of two equally long samples (at least two values each, all finite).
pub fn spearman(x: &[f64], y: &[f64]) -> Result<f64, AnalysisError> {
    spearman_named("spearman", x, y, ["first sample", "second sample"])
}

fn spearman_named(op: &'static str, x: &[f64], y: &[f64], names: [&'static str; 2]) -> Result<f64, AnalysisError> {
    if x.len() != y.len() {
        return Err(AnalysisError::LengthMismatch { op, what: "the second sample", expected: x.len(), found: y.len() });
    }
    if x.len() < 2 {
        return Err(AnalysisError::TooFew { op, what: "the sample size", found: x.len(), needed: 2 });
    }
    for (v, name) in [x, y].into_iter().zip(names) {
        if let Some(index) = v.iter().position(|t| !t.is_finite()) {
            return Err(AnalysisError::NonFinite { op, what: name, index, value: v[index] });
        }
    }
    let (rx, ry) = (average_ranks(x), average_ranks(y));
    let n = x.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0f64, 0.0f64, 0.0f64);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    for (ss, which) in [(sxx, names[0]), (syy, names[1])] {
        if ss == 0.0 {
            return Err(AnalysisError::Constant { op, which, len: x.len() });
        }
    }
    Ok((sxy / libm::sqrt(sxx * syy)).clamp(-1.0, 1.0))
}

/// The indices of `values` in increasing order of value (decreasing when `descending`), equal
/// values in index order (a stable sort, by `f64::total_cmp`). One function for every such
/// ordering: each sort the core instantiates costs the wasm kilobytes of code.
pub(crate) fn indices_by_value(values: &[f64], descending: bool) -> Vec<usize> {
    let sign = if descending { -1.0 } else { 1.0 };
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| (sign * values[a]).total_cmp(&(sign * values[b])));
    order
}

/// Ranks 1..n of finite values, ties sharing the mean of their ranks: a run of equal values at
/// sorted positions p..=q (0-based) all get (p + q)/2 + 1.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let order = indices_by_value(values, false);
    let mut ranks = vec![0.0f64; values.len()];
    let mut p = 0;
    while p < order.len() {
        let mut q = p;
        while q + 1 < order.len() && values[order[q + 1]] == values[order[p]] {
            q += 1;
        }
        let rank = (p + q) as f64 / 2.0 + 1.0;
        order[p..=q].iter().for_each(|&k| ranks[k] = rank);
        p = q + 1;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranks by counting (no sorting): 1 + #smaller + (#equal − 1)/2.
    fn counted_ranks(v: &[f64]) -> Vec<f64> {
        v.iter()
            .map(|&a| {
                let smaller = v.iter().filter(|&&b| b < a).count() as f64;
                let equal = v.iter().filter(|&&b| b == a).count() as f64;
                1.0 + smaller + (equal - 1.0) / 2.0
            })
            .collect()
    }

    fn pearson(x: &[f64], y: &[f64]) -> f64 {
        let n = x.len() as f64;
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
        let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
        cov / (vx.sqrt() * vy.sqrt())
    }

    fn rdm_from_upper(size: usize, upper: &[f64]) -> Rdm {
        let mut v = vec![0.0; size * size];
        let mut k = 0;
        for i in 0..size {
            for j in i + 1..size {
                v[i * size + j] = upper[k];
                v[j * size + i] = upper[k];
                k += 1;
            }
        }
        Rdm::new(size, v).unwrap()
    }

    #[test]
    fn a_hand_computed_case_with_ties() {
        // x ranks 1, 2.5, 2.5, 4; y ranks 1, 3, 2, 4: ρ = 4.5/√(4.5·5) = 3/√10.
        assert_eq!(average_ranks(&[1.0, 2.0, 2.0, 3.0]), vec![1.0, 2.5, 2.5, 4.0]);
        let rho = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((rho - 3.0 / 10f64.sqrt()).abs() < 1e-15, "{rho}");
    }

    #[test]
    fn rsa_with_ties_equals_an_independent_rank_correlation() {
        // Six conditions (15 pairs) with heavy ties in both RDMs, one of them a label RDM.
        let a_upper = [0.3, 0.3, 0.9, 0.1, 0.3, 0.5, 0.5, 0.9, 0.2, 0.2, 0.7, 0.3, 0.1, 0.5, 0.9];
        let labels = [0u8, 0, 1, 1, 2, 2];
        let b = super::super::rdm::label_rdm(&labels);
        let a = rdm_from_upper(6, &a_upper);
        let expected = pearson(&counted_ranks(&a_upper), &counted_ranks(&b.upper_triangle()));
        let got = rsa(&a, &b).unwrap();
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
        assert_eq!(counted_ranks(&a_upper), average_ranks(&a_upper));
    }

    #[test]
    fn identical_gives_one_and_reversed_gives_minus_one() {
        let upper: Vec<f64> = (0..45).map(|k| f64::from((k * 37 % 45) as u8) / 45.0).collect();
        let a = rdm_from_upper(10, &upper);
        assert_eq!(rsa(&a, &a).unwrap(), 1.0);
        let reversed: Vec<f64> = upper.iter().map(|d| 2.0 - d).collect();
        assert_eq!(rsa(&a, &rdm_from_upper(10, &reversed)).unwrap(), -1.0);
        // Monotone transforms do not change ρ.
        let squared: Vec<f64> = upper.iter().map(|d| d * d).collect();
        assert_eq!(rsa(&a, &rdm_from_upper(10, &squared)).unwrap(), 1.0);
    }

    #[test]
    fn rsa_of_upper_triangles_equals_rsa_of_the_matrices() {
        let a: Vec<f64> = (0..45).map(|k| f64::from((k * 37 % 45) as u8) / 64.0).collect();
        let b: Vec<f64> = (0..45).map(|k| f64::from((k * 11 % 7) as u8) / 8.0).collect(); // ties
        let narrow = |v: &[f64]| v.iter().map(|&d| d as f32).collect::<Vec<f32>>();
        let expected = rsa(&rdm_from_upper(10, &a), &rdm_from_upper(10, &b)).unwrap();
        assert_eq!(rsa_upper(&narrow(&a), &narrow(&b)).unwrap(), expected);
        assert!((expected - pearson(&counted_ranks(&a), &counted_ranks(&b))).abs() < 1e-12);
        assert!(matches!(rsa_upper(&[1.0, 2.0, 3.0], &[1.0, 2.0]), Err(AnalysisError::LengthMismatch { .. })));
        assert!(matches!(rsa_upper(&[1.0], &[1.0]), Err(AnalysisError::TooFew { .. })));
    }

    #[test]
    fn undefined_cases_are_errors() {
        let labels: Vec<u8> = (0..10).collect();
        let classes = super::super::rdm::label_rdm(&labels);
        let upper: Vec<f64> = (0..45).map(f64::from).collect();
        assert!(matches!(rsa(&rdm_from_upper(10, &upper), &classes), Err(AnalysisError::Constant { len: 45, .. })));
        let two = rdm_from_upper(2, &[1.0]);
        assert!(matches!(rsa(&two, &two), Err(AnalysisError::TooFew { .. })));
        assert!(matches!(rsa(&classes, &two), Err(AnalysisError::LengthMismatch { .. })));
        assert!(matches!(spearman(&[1.0, f64::NAN], &[1.0, 2.0]), Err(AnalysisError::NonFinite { index: 1, .. })));
    }
}
