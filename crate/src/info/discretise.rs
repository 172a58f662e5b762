//! From a layer's activity (n samples × units, row-major f32) to one packed code per sample.
//!
//! What a layer's outputs are ([`LayerKind`]) decides its threshold and its range; it is chosen
//! in one place, [`LayerKind::in_network`], for the measures and the exported codes alike.
//! Sigmoid outputs (hidden units, or an autoencoder's pixels) lie in [0, 1], tanh in [−1, 1],
//! ReLU in [0, ∞); the classifier's outputs are linear and approximate one-hot targets.
//!
//! Three ways, each giving every unit a bin 0..k:
//! - **threshold** (k = 2): bin = [a > θ], θ = 0.5 for sigmoid units (the middle of their
//!   range), 0 for tanh and ReLU units (the middle of tanh's range; ReLU's "on"), and 0.5 for
//!   linear outputs, so a bit is the network's vote for that class;
//! - **uniform**: k equal-width bins over a range, [0, 1] for sigmoid, [−1, 1] for tanh, and for
//!   ReLU and linear outputs the [min, max] of the whole layer's activity in this evaluation
//!   (as Shwartz-Ziv & Tishby 2017). Bin i is [lo + i·Δ, lo + (i+1)·Δ), Δ = (hi − lo)/k, with
//!   `hi` in the last bin and values outside the range clamped into the end bins;
//! - **adaptive**: k equal-mass bins per unit (as Chelombiev, Houghton & O'Donnell 2019), fitted
//!   on the unit's values in this evaluation: a value a goes to bin ⌊k·r(a)/n⌋, r(a) the number
//!   of samples whose value is below a (its rank in the sorted values). With distinct values each
//!   bin holds ⌊n/k⌋ or ⌈n/k⌉ samples; tied values share the bin of their lowest rank, because a
//!   code must be a function of the activity, so with ties some bins hold more and the top ones
//!   may be empty (a constant unit is all bin 0).
//!
//! −0 and +0 are the same value. NaN or ±∞ anywhere is an error (a diverged network).

use serde::{Deserialize, Serialize};

use crate::nn::Activation;

/// How a layer's activity becomes a discrete code for the information measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Binning {
    /// One bit per unit: on above 0.5 (sigmoid, outputs) or 0 (tanh, ReLU): the coursework's.
    #[default]
    Threshold,
    /// `bins` equal-width bins per unit (Shwartz-Ziv & Tishby 2017).
    Uniform,
    /// `bins` equal-mass bins per unit, fitted at each evaluation (Chelombiev et al. 2019).
    Adaptive,
    /// Kernel-density bounds on the noisy layer (Kolchinsky & Tracey 2017, as Saxe et al. 2018
    /// used them; see `info::kde`), computed on the first `kde_samples` test images and
    /// reported beside the binned quantities, which then come from the threshold codes.
    Kde,
}

use super::codes::Codes;
use super::error::InfoError;

/// Fewest bins per unit.
pub const MIN_BINS: usize = 2;
/// Most bins per unit (a bin fits in a byte).
pub const MAX_BINS: usize = 256;

/// How a unit's activity becomes a bin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Discretisation {
    /// One bit per unit: on or off (see the module docs for the thresholds).
    #[default]
    Threshold,
    /// `bins` equal-width bins over a fixed or observed range.
    Uniform { bins: usize },
    /// `bins` equal-mass bins per unit, fitted on the activity being measured.
    Adaptive { bins: usize },
}

impl Discretisation {
    /// Bins per unit, k.
    pub fn bins(self) -> usize {
        match self {
            Discretisation::Threshold => 2,
            Discretisation::Uniform { bins } | Discretisation::Adaptive { bins } => bins,
        }
    }

    /// Checks that k is in `MIN_BINS..=MAX_BINS`.
    pub fn validate(self) -> Result<(), InfoError> {
        let bins = self.bins();
        if (MIN_BINS..=MAX_BINS).contains(&bins) {
            Ok(())
        } else {
            Err(InfoError::Bins { bins })
        }
    }

    /// Bits per unit in a code, ⌈log₂ k⌉ (k must be valid).
    pub fn bits_per_unit(self) -> u32 {
        usize::BITS - (self.bins() - 1).leading_zeros()
    }
}

/// What a layer's outputs are, as the binning needs it: a non-linearity's, or linear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    /// Outputs of a non-linearity: hidden units, or an autoencoder's sigmoid outputs.
    Activated(Activation),
    /// Linear outputs (the classifier's).
    Linear,
}

impl LayerKind {
    /// Layer `l`'s kind (0 = the first hidden layer) in a network of `layers` weight layers whose
    /// hidden layers apply `hidden` and whose output applies `output` (None: linear). The one
    /// place this choice is made.
    pub fn in_network(l: usize, layers: usize, hidden: Activation, output: Option<Activation>) -> Self {
        let activation = if l + 1 < layers { Some(hidden) } else { output };
        activation.map_or(LayerKind::Linear, LayerKind::Activated)
    }

    /// θ of the threshold discretisation: a unit is on when its activity is > θ.
    pub fn threshold(self) -> f32 {
        match self {
            LayerKind::Activated(Activation::Sigmoid) | LayerKind::Linear => 0.5,
            LayerKind::Activated(Activation::Tanh) | LayerKind::Activated(Activation::Relu) => 0.0,
        }
    }

    /// The fixed range of uniform bins, `None` where it is the observed [min, max].
    pub fn fixed_range(self) -> Option<(f32, f32)> {
        match self {
            LayerKind::Activated(Activation::Sigmoid) => Some((0.0, 1.0)),
            LayerKind::Activated(Activation::Tanh) => Some((-1.0, 1.0)),
            LayerKind::Activated(Activation::Relu) | LayerKind::Linear => None,
        }
    }
}

/// Discretises `activity` (n × `units`, row-major) into n packed codes.
pub fn discretise(
    activity: &[f32],
    units: usize,
    kind: LayerKind,
    method: Discretisation,
) -> Result<Codes, InfoError> {
    let n = samples(activity, units, method)?;
    let mut codes = Codes::zeroed(n, units, method.bits_per_unit());
    let row = |i: usize| &activity[i * units..(i + 1) * units];
    match method {
        Discretisation::Threshold => {
            let theta = kind.threshold();
            codes.fill(|i, code| row(i).iter().for_each(|&a| code.push(threshold_bin(a, theta))));
        }
        Discretisation::Uniform { bins } => {
            let edges = UniformBins::of(activity, kind, bins);
            codes.fill(|i, code| row(i).iter().for_each(|&a| code.push(edges.bin(a))));
        }
        Discretisation::Adaptive { bins } => adaptive(activity, units, bins, &mut codes),
    }
    Ok(codes)
}

/// Sample `sample`'s bins (unit 0 first) exactly as [`discretise`] bins it among all the
/// samples of `activity`, without coding the others: from the sample's own row, and where the
/// bins depend on the whole layer (an observed range, adaptive ranks) one pass over it.
pub fn discretise_sample(
    activity: &[f32],
    units: usize,
    sample: usize,
    kind: LayerKind,
    method: Discretisation,
) -> Result<Vec<u8>, InfoError> {
    let n = samples(activity, units, method)?;
    if sample >= n {
        return Err(InfoError::NoSample { sample, n });
    }
    let own = &activity[sample * units..(sample + 1) * units];
    Ok(match method {
        Discretisation::Threshold => own.iter().map(|&a| threshold_bin(a, kind.threshold())).collect(),
        Discretisation::Uniform { bins } => {
            let edges = UniformBins::of(activity, kind, bins);
            own.iter().map(|&a| edges.bin(a)).collect()
        }
        Discretisation::Adaptive { bins } => {
            // Per unit, r(a): the samples whose value is below this one's (−0 = +0 as `<` has it).
            let mut below = vec![0u64; units];
            for row in activity.chunks_exact(units) {
                for ((r, &v), &a) in below.iter_mut().zip(row).zip(own) {
                    *r += u64::from(v < a);
                }
            }
            below.iter().map(|&r| rank_bin(r, bins, n)).collect()
        }
    })
}

/// Checks the method and the activity; the number of samples n.
fn samples(activity: &[f32], units: usize, method: Discretisation) -> Result<usize, InfoError> {
    method.validate()?;
    if units == 0 || activity.len() % units != 0 {
        return Err(InfoError::Shape { len: activity.len(), units });
    }
    if activity.is_empty() {
        return Err(InfoError::Empty);
    }
    let n = activity.len() / units;
    if u32::try_from(n).is_err() {
        return Err(InfoError::TooManySamples { n });
    }
    if let Some(k) = activity.iter().position(|v| !v.is_finite()) {
        return Err(InfoError::NonFinite { sample: k / units, unit: k % units, value: activity[k] });
    }
    Ok(n)
}

/// The threshold bin of a value: [a > θ].
#[inline]
fn threshold_bin(a: f32, theta: f32) -> u8 {
    u8::from(a > theta)
}

/// The adaptive bin of a value whose rank is `rank` among `n`: ⌊k·rank/n⌋.
#[inline]
fn rank_bin(rank: u64, bins: usize, n: usize) -> u8 {
    (rank * bins as u64 / n as u64) as u8
}

/// k equal-width bins over [lo, hi]: the fixed range of the layer's kind, or the observed one.
struct UniformBins {
    lo: f64,
    /// Bins per unit of activity; a constant layer (hi = lo) puts everything in bin 0.
    scale: f64,
    last: f64,
}

impl UniformBins {
    fn of(activity: &[f32], kind: LayerKind, bins: usize) -> Self {
        let (lo, hi) = kind.fixed_range().unwrap_or_else(|| min_max(activity));
        let (lo, hi) = (f64::from(lo), f64::from(hi));
        Self { lo, scale: if hi > lo { bins as f64 / (hi - lo) } else { 0.0 }, last: (bins - 1) as f64 }
    }

    /// Clamped to [0, k − 1], then truncated (= floor, as it is ≥ 0).
    #[inline]
    fn bin(&self, a: f32) -> u8 {
        ((f64::from(a) - self.lo) * self.scale).clamp(0.0, self.last) as u8
    }
}

fn min_max(activity: &[f32]) -> (f32, f32) {
    activity.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &a| (lo.min(a), hi.max(a)))
}

/// A key that sorts like the value as a number: IEEE total order, with −0 taken as +0.
#[inline]
fn ordered_bits(a: f32) -> u32 {
    let a = if a == 0.0 { 0.0 } else { a };
    let b = a.to_bits();
    if b & 0x8000_0000 != 0 {
        !b
    } else {
        b | 0x8000_0000
    }
}

/// Sorts `keys` by their upper 32 bits, stably: least-significant-digit radix sort, a byte per
/// pass, skipping a byte all keys share. `scratch` has the same length; the two may swap.
fn radix_sort_high(keys: &mut Vec<u64>, scratch: &mut Vec<u64>) {
    let mut counts = [[0u32; 256]; 4];
    for &k in keys.iter() {
        let v = (k >> 32) as u32;
        for (d, c) in counts.iter_mut().enumerate() {
            c[((v >> (8 * d)) & 0xff) as usize] += 1;
        }
    }
    let digit = |k: u64, d: usize| ((k >> (32 + 8 * d)) & 0xff) as usize;
    for (d, c) in counts.iter_mut().enumerate() {
        if c[digit(keys[0], d)] as usize == keys.len() {
            continue;
        }
        let mut sum = 0;
        for slot in c.iter_mut() {
            (*slot, sum) = (sum, sum + *slot);
        }
        for &k in keys.iter() {
            let slot = &mut c[digit(k, d)];
            scratch[*slot as usize] = k;
            *slot += 1;
        }
        std::mem::swap(keys, scratch);
    }
}

fn adaptive(activity: &[f32], units: usize, bins: usize, codes: &mut Codes) {
    let n = activity.len() / units;
    // (value key << 32) | sample: sorting sorts by value, and each key remembers its sample.
    let mut keys: Vec<u64> = vec![0; n];
    let mut scratch: Vec<u64> = vec![0; n];
    let mut all_bins = vec![0u8; activity.len()];
    for u in 0..units {
        for (i, key) in keys.iter_mut().enumerate() {
            *key = (u64::from(ordered_bits(activity[i * units + u])) << 32) | i as u64;
        }
        radix_sort_high(&mut keys, &mut scratch);
        // Sorted position r has rank r unless it ties with the previous value.
        let mut bin = 0u8;
        for (r, &key) in keys.iter().enumerate() {
            if r > 0 && key >> 32 != keys[r - 1] >> 32 {
                bin = rank_bin(r as u64, bins, n);
            }
            all_bins[(key as u32 as usize) * units + u] = bin;
        }
    }
    codes.fill(|i, code| all_bins[i * units..(i + 1) * units].iter().for_each(|&b| code.push(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    const SIG: LayerKind = LayerKind::Activated(Activation::Sigmoid);
    const TANH: LayerKind = LayerKind::Activated(Activation::Tanh);
    const RELU: LayerKind = LayerKind::Activated(Activation::Relu);
    const OUT: LayerKind = LayerKind::Linear;

    fn bins_of(codes: &Codes) -> Vec<u8> {
        (0..codes.len()).flat_map(|i| (0..codes.units()).map(move |u| codes.bin(i, u).unwrap())).collect()
    }

    #[test]
    fn threshold_bits_per_layer_kind() {
        let activity = [-0.3f32, 0.0, 0.2, 0.5, 0.5001, 0.9];
        let expect = |kind, bits: [u8; 6]| {
            let codes = discretise(&activity, 3, kind, Discretisation::Threshold).unwrap();
            assert_eq!((codes.len(), codes.bits_per_unit()), (2, 1));
            assert_eq!(bins_of(&codes), bits, "{kind:?}");
        };
        expect(SIG, [0, 0, 0, 0, 1, 1]);
        expect(OUT, [0, 0, 0, 0, 1, 1]);
        expect(TANH, [0, 0, 1, 1, 1, 1]);
        expect(RELU, [0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn a_layers_kind_comes_from_its_own_activation() {
        // Two tanh hidden layers, then an autoencoder's sigmoid outputs or a classifier's linear ones.
        let kind = |l, output| LayerKind::in_network(l, 3, Activation::Tanh, output);
        assert_eq!([kind(0, None), kind(1, None), kind(2, None)], [TANH, TANH, OUT]);
        assert_eq!(kind(2, Some(Activation::Sigmoid)), SIG);
        // Sigmoid outputs in [0.3, 0.45] fill one bin of four over [0, 1]; linear outputs there
        // are spread over their observed range.
        let a = [0.3f32, 0.35, 0.4, 0.45];
        let sigmoid_out = LayerKind::in_network(1, 2, Activation::Relu, Some(Activation::Sigmoid));
        let linear_out = LayerKind::in_network(1, 2, Activation::Relu, None);
        let uniform = Discretisation::Uniform { bins: 4 };
        assert_eq!(bins_of(&discretise(&a, 1, sigmoid_out, uniform).unwrap()), [1, 1, 1, 1]);
        assert_eq!(bins_of(&discretise(&a, 1, linear_out, uniform).unwrap()), [0, 1, 2, 3]);
        let a = [0.49f32, 0.51];
        assert_eq!(bins_of(&discretise(&a, 1, sigmoid_out, Discretisation::Threshold).unwrap()), [0, 1]);
    }

    #[test]
    fn uniform_bins_have_the_documented_edges() {
        // Sigmoid, k = 4 over [0, 1]: edges 0.25, 0.5, 0.75; 1.0 in the last bin.
        let a = [0.0f32, 0.24, 0.25, 0.49, 0.51, 0.74, 0.76, 1.0];
        let codes = discretise(&a, 1, SIG, Discretisation::Uniform { bins: 4 }).unwrap();
        assert_eq!(codes.bits_per_unit(), 2);
        assert_eq!(bins_of(&codes), [0, 0, 1, 1, 2, 2, 3, 3]);
        // Tanh, k = 2 over [−1, 1]: the edge is 0.
        let a = [-1.0f32, -0.01, 0.0, 0.01, 1.0, -0.0];
        let codes = discretise(&a, 1, TANH, Discretisation::Uniform { bins: 2 }).unwrap();
        assert_eq!(codes.bits_per_unit(), 1);
        assert_eq!(bins_of(&codes), [0, 0, 1, 1, 1, 1]);
        // ReLU, k = 5 over the observed [0, 10] of the whole layer (both units): edges 2, 4, 6, 8.
        let a = [0.0f32, 1.9, 2.1, 3.9, 4.1, 5.9, 6.1, 7.9, 8.1, 10.0];
        let codes = discretise(&a, 2, RELU, Discretisation::Uniform { bins: 5 }).unwrap();
        assert_eq!((codes.len(), codes.bits_per_unit()), (5, 3));
        assert_eq!(bins_of(&codes), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
        // Linear output over the observed [−2, 2], k = 256: bin ⌊(a + 2)·64⌋.
        let a = [-2.0f32, -1.0, 0.0, 1.0, 1.99, 2.0];
        let codes = discretise(&a, 1, OUT, Discretisation::Uniform { bins: 256 }).unwrap();
        assert_eq!(codes.bits_per_unit(), 8);
        assert_eq!(bins_of(&codes), [0, 64, 128, 192, 255, 255]);
        // A constant layer is all bin 0.
        let codes = discretise(&[3.0f32; 6], 2, RELU, Discretisation::Uniform { bins: 30 }).unwrap();
        assert_eq!(bins_of(&codes), [0; 6]);
    }

    #[test]
    fn adaptive_bins_hold_equal_counts() {
        let mut rng = Rng::new(6, Stream::Init);
        for &(n, k) in &[(12usize, 3usize), (1000, 10), (1000, 7), (256, 256), (10_000, 30)] {
            // Two units of distinct values in random order: unit 1 is unit 0 negated and scaled.
            let mut values: Vec<f32> = (0..n).map(|i| i as f32 * 0.01 - 3.0).collect();
            rng.shuffle(&mut values);
            let activity: Vec<f32> = values.iter().flat_map(|&v| [v, -2.0 * v]).collect();
            let codes = discretise(&activity, 2, RELU, Discretisation::Adaptive { bins: k }).unwrap();
            for u in 0..2 {
                let mut counts = vec![0usize; k];
                for i in 0..n {
                    counts[codes.bin(i, u).unwrap() as usize] += 1;
                }
                let (lo, hi) = (n / k, n.div_ceil(k));
                assert!(counts.iter().all(|&c| c == lo || c == hi), "n {n}, k {k}, unit {u}: {counts:?}");
                // Bins follow the order of the values (reversed for the negated unit).
                for i in 0..n {
                    for j in 0..n.min(50) {
                        let (vi, vj) = (activity[2 * i + u], activity[2 * j + u]);
                        if vi < vj {
                            assert!(codes.bin(i, u) <= codes.bin(j, u));
                        }
                    }
                }
            }
        }
        // n = 12, k = 3, sorted values 0..12: four per bin.
        let a: Vec<f32> = (0..12).map(|i| i as f32).collect();
        let codes = discretise(&a, 1, SIG, Discretisation::Adaptive { bins: 3 }).unwrap();
        assert_eq!(bins_of(&codes), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    }

    #[test]
    fn radix_sort_sorts_like_the_numbers() {
        let mut rng = Rng::new(10, Stream::Init);
        for n in [1usize, 2, 17, 1000] {
            // Mixed signs, ±0, ties, and a range of magnitudes.
            let values: Vec<f32> = (0..n)
                .map(|_| match rng.below(4) {
                    0 => 0.0,
                    1 => -0.0,
                    2 => (rng.below(7) as f32 - 3.0) * 0.5,
                    _ => (rng.normal() * 1e3).powi(3) as f32,
                })
                .collect();
            let mut keys: Vec<u64> =
                values.iter().enumerate().map(|(i, &v)| (u64::from(ordered_bits(v)) << 32) | i as u64).collect();
            let mut scratch = vec![0; n];
            radix_sort_high(&mut keys, &mut scratch);
            let sample = |k: u64| k as u32 as usize;
            let sorted: Vec<(f32, usize)> = keys.iter().map(|&k| (values[sample(k)], sample(k))).collect();
            let mut expected: Vec<(f32, usize)> = values.iter().copied().zip(0..).collect();
            // By value as a number (−0 = +0), ties in sample order: the radix sort is stable.
            expected.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then(a.1.cmp(&b.1)));
            assert_eq!(sorted, expected, "n = {n}");
        }
    }

    #[test]
    fn adaptive_ties_share_a_bin() {
        // Eight saturated units at 1.0 and four below: the ties cannot be split.
        let a = [0.1f32, 0.2, 0.3, 0.4, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        let codes = discretise(&a, 1, SIG, Discretisation::Adaptive { bins: 4 }).unwrap();
        assert_eq!(bins_of(&codes), [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        let a = [1.0f32, 0.1, 1.0, 0.2, 1.0, 0.3];
        let codes = discretise(&a, 1, SIG, Discretisation::Adaptive { bins: 3 }).unwrap();
        assert_eq!(bins_of(&codes), [1, 0, 1, 0, 1, 1]);
        // −0 and +0 are one value; a constant unit is all bin 0.
        let a = [-0.0f32, 0.0, -0.0, 0.0, 0.0, -0.0];
        let codes = discretise(&a, 2, RELU, Discretisation::Adaptive { bins: 2 }).unwrap();
        assert_eq!(bins_of(&codes), [0; 6]);
    }

    #[test]
    fn one_samples_bins_are_its_row_of_the_whole_layers_codes() {
        let mut rng = Rng::new(12, Stream::Init);
        for trial in 0..40 {
            let (n, units) = (1 + rng.below(300) as usize, 1 + rng.below(20) as usize);
            // Few distinct values (ties), ±0, a constant unit, and values past a fixed range.
            let activity: Vec<f32> = (0..n * units)
                .map(|k| match (k % units, rng.below(4)) {
                    (0, _) => 0.25,
                    (_, 0) => [-0.0, 0.0][rng.below(2) as usize],
                    (_, 1) => (rng.below(9) as f32 - 4.0) * 0.5,
                    _ => (rng.normal() * 0.7) as f32,
                })
                .collect();
            for kind in [SIG, TANH, RELU, OUT] {
                for method in [
                    Discretisation::Threshold,
                    Discretisation::Uniform { bins: 2 + rng.below(30) as usize },
                    Discretisation::Adaptive { bins: 2 + rng.below(255) as usize },
                ] {
                    let codes = discretise(&activity, units, kind, method).unwrap();
                    for i in 0..n {
                        let one = discretise_sample(&activity, units, i, kind, method).unwrap();
                        assert_eq!(Some(one), codes.bins(i), "trial {trial}, {kind:?}, {method:?}, sample {i}");
                    }
                    assert_eq!(discretise_sample(&activity, units, n, kind, method), Err(InfoError::NoSample { sample: n, n }));
                }
            }
        }
        let m = Discretisation::Adaptive { bins: 4 };
        // A NaN in another sample is an error here too, as the layer's codes would be.
        let e = discretise_sample(&[0.1, f32::NAN], 1, 0, SIG, m).unwrap_err();
        assert!(matches!(e, InfoError::NonFinite { sample: 1, unit: 0, .. }), "{e:?}");
        assert_eq!(discretise_sample(&[0.1; 3], 2, 0, SIG, m), Err(InfoError::Shape { len: 3, units: 2 }));
    }

    #[test]
    fn bins_are_validated_and_packed_compactly() {
        for bins in [0, 1, 257, 1000] {
            for m in [Discretisation::Uniform { bins }, Discretisation::Adaptive { bins }] {
                assert_eq!(discretise(&[0.5], 1, SIG, m), Err(InfoError::Bins { bins }));
            }
        }
        let widths = [(2, 1), (3, 2), (4, 2), (5, 3), (8, 3), (9, 4), (30, 5), (128, 7), (129, 8), (256, 8)];
        for (bins, bits) in widths {
            assert_eq!(Discretisation::Uniform { bins }.bits_per_unit(), bits, "k = {bins}");
        }
        assert_eq!(Discretisation::Threshold.bits_per_unit(), 1);
        let codes = discretise(&[0.5; 120 * 3], 120, SIG, Discretisation::Uniform { bins: 30 }).unwrap();
        assert_eq!((codes.code_bits(), codes.words_per_code()), (600, 10));
    }

    #[test]
    fn bad_activity_is_an_error() {
        let m = Discretisation::Threshold;
        assert_eq!(discretise(&[0.1; 5], 2, SIG, m), Err(InfoError::Shape { len: 5, units: 2 }));
        assert_eq!(discretise(&[0.1; 4], 0, SIG, m), Err(InfoError::Shape { len: 4, units: 0 }));
        assert_eq!(discretise(&[], 3, SIG, m), Err(InfoError::Empty));
        let e = discretise(&[0.1, 0.2, 0.3, f32::NAN], 2, RELU, Discretisation::Adaptive { bins: 4 }).unwrap_err();
        assert!(matches!(e, InfoError::NonFinite { sample: 1, unit: 1, .. }), "{e:?}");
        let e = discretise(&[f32::INFINITY, 0.0], 1, OUT, Discretisation::Uniform { bins: 4 }).unwrap_err();
        assert!(matches!(e, InfoError::NonFinite { sample: 0, unit: 0, .. }), "{e:?}");
    }
}
