//! Entropy and mutual information of discrete samples, in bits.
//!
//! For N items with c_s of them equal to symbol s, the plug-in (maximum-likelihood) entropy is
//!
//!   Ĥ = −Σ_s (c_s/N) log₂(c_s/N) = log₂ N − (1/N) Σ_s c_s log₂ c_s   bits.
//!
//! It is biased low, by about (m − 1)/(2N ln 2) bits where m is the number of symbols seen
//! (count > 0); the Miller–Madow estimate adds that back: Ĥ_MM = Ĥ + (m − 1)/(2N ln 2).
//! Everything else follows from entropies of the same estimator:
//! H(A|B) = H(A,B) − H(B) and I(A;B) = H(A) + H(B) − H(A,B).
//!
//! Logarithms come from `libm`, and sums run in a fixed order, so results are identical
//! natively and in wasm.

use serde::{Deserialize, Serialize};

use super::error::InfoError;

/// How an entropy is estimated from counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// Ĥ = −Σ p̂ log₂ p̂ with p̂ the observed frequencies.
    #[default]
    PlugIn,
    /// The plug-in estimate plus (m − 1)/(2N ln 2) bits, m the number of symbols seen.
    MillerMadow,
}

/// What an entropy estimate needs from a histogram: N = Σ c, m = #{c > 0} and Σ c log₂ c.
/// Counts are added one symbol at a time, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Tally {
    n: u64,
    distinct: u64,
    sum_c_log2_c: f64,
}

impl Tally {
    /// Adds one symbol seen `count` times (0 adds nothing).
    #[inline]
    pub(crate) fn add(&mut self, count: u64) {
        if count == 0 {
            return;
        }
        self.n += count;
        self.distinct += 1;
        if count > 1 {
            let c = count as f64;
            self.sum_c_log2_c += c * libm::log2(c);
        }
    }

    /// The tally of a histogram.
    pub(crate) fn of_counts(counts: impl IntoIterator<Item = u64>) -> Self {
        let mut t = Self::default();
        counts.into_iter().for_each(|c| t.add(c));
        t
    }

    /// The tally of a sample: sorts it and counts runs of equal items.
    pub(crate) fn of_sample<T: Ord>(mut items: Vec<T>) -> Self {
        items.sort_unstable();
        let mut t = Self::default();
        let mut run = 0u64;
        for i in 0..items.len() {
            run += 1;
            if i + 1 == items.len() || items[i + 1] != items[i] {
                t.add(run);
                run = 0;
            }
        }
        t
    }

    /// N, the sample size.
    pub(crate) fn n(&self) -> u64 {
        self.n
    }

    /// m, the number of distinct symbols seen.
    #[cfg(test)]
    pub(crate) fn distinct(&self) -> u64 {
        self.distinct
    }

    /// Ĥ = log₂ N − (1/N) Σ c log₂ c bits (0 for an empty tally; never below 0 by rounding).
    pub(crate) fn plug_in_bits(&self) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let n = self.n as f64;
        (libm::log2(n) - self.sum_c_log2_c / n).max(0.0)
    }

    /// The entropy in bits by `estimator`.
    pub(crate) fn bits(&self, estimator: Estimator) -> f64 {
        let plug_in = self.plug_in_bits();
        match estimator {
            Estimator::PlugIn => plug_in,
            Estimator::MillerMadow if self.n == 0 => 0.0,
            Estimator::MillerMadow => {
                plug_in + (self.distinct - 1) as f64 / (2.0 * self.n as f64 * std::f64::consts::LN_2)
            }
        }
    }
}

fn check_pair(a: usize, b: usize) -> Result<(), InfoError> {
    if a == 0 {
        return Err(InfoError::Empty);
    }
    if a != b {
        return Err(InfoError::LengthMismatch { what: "the second variable", expected: a, found: b });
    }
    Ok(())
}

/// H(C) in bits of a histogram: `counts[s]` items had symbol s. Empty if the counts sum to 0.
pub fn entropy_from_counts_bits(counts: &[u64], estimator: Estimator) -> Result<f64, InfoError> {
    let t = Tally::of_counts(counts.iter().copied());
    if t.n() == 0 {
        return Err(InfoError::Empty);
    }
    Ok(t.bits(estimator))
}

/// H(A) in bits of a sample, one symbol per item (any ordered type: labels, packed codes).
pub fn entropy_bits<A: Ord + Clone>(a: &[A], estimator: Estimator) -> Result<f64, InfoError> {
    if a.is_empty() {
        return Err(InfoError::Empty);
    }
    Ok(Tally::of_sample(a.to_vec()).bits(estimator))
}

/// H(A,B) in bits: the entropy of the pairs (aᵢ, bᵢ).
pub fn joint_entropy_bits<A: Ord + Clone, B: Ord + Clone>(
    a: &[A],
    b: &[B],
    estimator: Estimator,
) -> Result<f64, InfoError> {
    check_pair(a.len(), b.len())?;
    let pairs: Vec<(A, B)> = a.iter().cloned().zip(b.iter().cloned()).collect();
    Ok(Tally::of_sample(pairs).bits(estimator))
}

/// H(A|B) = H(A,B) − H(B) bits.
pub fn conditional_entropy_bits<A: Ord + Clone, B: Ord + Clone>(
    a: &[A],
    b: &[B],
    estimator: Estimator,
) -> Result<f64, InfoError> {
    Ok(joint_entropy_bits(a, b, estimator)? - entropy_bits(b, estimator)?)
}

/// I(A;B) = H(A) + H(B) − H(A,B) bits. With [`Estimator::MillerMadow`] it comes from the three
/// corrected entropies, and may then be slightly negative for independent variables.
pub fn mutual_information_bits<A: Ord + Clone, B: Ord + Clone>(
    a: &[A],
    b: &[B],
    estimator: Estimator,
) -> Result<f64, InfoError> {
    let joint = joint_entropy_bits(a, b, estimator)?;
    Ok(entropy_bits(a, estimator)? + entropy_bits(b, estimator)? - joint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};
    use std::f64::consts::LN_2;

    const PI: Estimator = Estimator::PlugIn;
    const MM: Estimator = Estimator::MillerMadow;

    fn uniform_sample(rng: &mut Rng, n: usize, symbols: u32) -> Vec<u32> {
        (0..n).map(|_| rng.below(symbols)).collect()
    }

    #[test]
    fn k_equally_likely_symbols_give_log2_k() {
        for k in 1..=64usize {
            let reps = 7;
            let sample: Vec<usize> = (0..k * reps).map(|i| i % k).collect();
            let h = entropy_bits(&sample, PI).unwrap();
            assert!((h - (k as f64).log2()).abs() < 1e-12, "k = {k}: {h}");
        }
        // Powers of two are exact.
        let sample: Vec<u8> = (0..1024).map(|i| (i % 16) as u8).collect();
        assert_eq!(entropy_bits(&sample, PI).unwrap(), 4.0);
        assert_eq!(entropy_bits(&[5u8; 9], PI).unwrap(), 0.0);
    }

    #[test]
    fn a_copy_has_all_its_information() {
        let mut rng = Rng::new(11, Stream::Init);
        for symbols in [1, 2, 5, 40, 1000] {
            let t = uniform_sample(&mut rng, 3000, symbols);
            let h = entropy_bits(&t, PI).unwrap();
            assert_eq!(mutual_information_bits(&t, &t, PI).unwrap(), h);
            assert_eq!(conditional_entropy_bits(&t, &t, PI).unwrap(), 0.0);
        }
    }

    #[test]
    fn independent_variables_share_only_the_plug_in_bias() {
        // For independent uniform A (a symbols) and B (b symbols), 2N ln 2 · Î(A;B) is
        // approximately χ² with d = (a − 1)(b − 1) degrees of freedom: mean d, sd √(2d).
        let mut rng = Rng::new(3, Stream::Init);
        for &(a, b, n) in &[(2u32, 2u32, 500usize), (4, 5, 2000), (10, 4, 10_000)] {
            let d = f64::from((a - 1) * (b - 1));
            let trials = 200;
            let mut mean = 0.0;
            for _ in 0..trials {
                let x = uniform_sample(&mut rng, n, a);
                let y = uniform_sample(&mut rng, n, b);
                let i = mutual_information_bits(&x, &y, PI).unwrap();
                let scaled = 2.0 * n as f64 * LN_2 * i;
                assert!(i >= -1e-12 && scaled < d + 8.0 * (2.0 * d).sqrt(), "{a}x{b}, N {n}: I = {i}");
                mean += scaled / f64::from(trials);
            }
            // The mean of 200 trials has sd √(2d/200) ≤ 0.5 here.
            assert!((mean - d).abs() < 0.25 * d + 0.5, "{a}x{b}, N {n}: mean {mean}, expected {d}");
        }
    }

    #[test]
    fn mutual_information_is_bounded_and_symmetric() {
        let mut rng = Rng::new(8, Stream::Init);
        for trial in 0..50 {
            let n = 50 + rng.below(2000) as usize;
            let symbols = 1 + rng.below(30);
            let a = uniform_sample(&mut rng, n, symbols);
            // B depends on A through a random many-to-one map plus noise.
            let modulus = 1 + rng.below(10);
            let b: Vec<u32> = a.iter().map(|&v| if rng.below(4) == 0 { rng.below(7) } else { v % modulus }).collect();
            for est in [PI, MM] {
                let i_ab = mutual_information_bits(&a, &b, est).unwrap();
                let i_ba = mutual_information_bits(&b, &a, est).unwrap();
                assert!((i_ab - i_ba).abs() < 1e-12, "trial {trial}: {i_ab} vs {i_ba}");
                if est == PI {
                    let (ha, hb) = (entropy_bits(&a, PI).unwrap(), entropy_bits(&b, PI).unwrap());
                    assert!(i_ab >= -1e-12 && i_ab <= ha.min(hb) + 1e-12, "trial {trial}: {i_ab}, {ha}, {hb}");
                    let h_a_given_b = conditional_entropy_bits(&a, &b, PI).unwrap();
                    assert!((ha - h_a_given_b - i_ab).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn miller_madow_matches_its_formula_on_a_hand_made_table() {
        // Counts 3, 1, 0, 4: N = 8, m = 3, p = (3/8, 1/8, 1/2).
        let plug_in = 0.375 * (8.0f64 / 3.0).log2() + 0.125 * 3.0 + 0.5;
        assert!((plug_in - 1.405_639_062_229_566_5).abs() < 1e-15);
        let h = entropy_from_counts_bits(&[3, 1, 0, 4], PI).unwrap();
        assert!((h - plug_in).abs() < 1e-12, "{h}");
        let mm = entropy_from_counts_bits(&[3, 1, 0, 4], MM).unwrap();
        assert!((mm - (plug_in + 2.0 / (16.0 * LN_2))).abs() < 1e-12, "{mm}");
        assert!((mm - 1.585_975_942_340_687).abs() < 1e-12);
        // The same table as a sample, and MI from corrected entropies.
        let sample = [0u8, 0, 0, 1, 3, 3, 3, 3];
        assert_eq!(entropy_bits(&sample, MM).unwrap(), mm);
        let other = [1u8, 1, 0, 0, 1, 0, 1, 1];
        let expected = entropy_bits(&sample, MM).unwrap() + entropy_bits(&other, MM).unwrap()
            - joint_entropy_bits(&sample, &other, MM).unwrap();
        assert_eq!(mutual_information_bits(&sample, &other, MM).unwrap(), expected);
        // One symbol: no correction (m − 1 = 0).
        assert_eq!(entropy_from_counts_bits(&[0, 5], MM).unwrap(), 0.0);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert_eq!(entropy_bits::<u8>(&[], PI), Err(InfoError::Empty));
        assert_eq!(entropy_from_counts_bits(&[0, 0], PI), Err(InfoError::Empty));
        assert_eq!(mutual_information_bits::<u8, u8>(&[], &[], PI), Err(InfoError::Empty));
        assert!(matches!(
            mutual_information_bits(&[1u8, 2], &[1u8], PI),
            Err(InfoError::LengthMismatch { expected: 2, found: 1, .. })
        ));
    }
}
