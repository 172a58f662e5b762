//! The information a layer's code T carries about the class X and the brightest quadrant Q (the
//! coursework's "W"), on a fixed set of samples (the test images), with shuffled-label baselines.
//!
//! H(T|X) = H(T,X) − H(X), I(X;T) = H(T) − H(T|X) = H(X) + H(T) − H(X,T), and likewise for Q.
//! The baselines are the same estimates with X (resp. Q) permuted across samples by a seeded
//! permutation, which destroys any real dependence: what remains is estimator bias, and for a
//! layer that gives nearly every sample its own code it is about H(X), so then I(X;T) says
//! nothing about learning: the code is `undersampled` (N samples cannot show more than log₂ N
//! bits).

use serde::{Deserialize, Serialize};

use crate::nn::Activation;
use crate::data::Dataset;
use crate::rng::{Rng, Stream};

use super::codes::Codes;
use super::discretise::{discretise, Binning, Discretisation, LayerKind};
use super::error::InfoError;
use super::estimate::{Estimator, Tally};
use super::groups::Groups;
use super::quadrant::brightest_quadrants;

/// A layer's code is undersampled when its plug-in H(T) is within this many bits of log₂ N.
pub const UNDERSAMPLED_MARGIN_BITS: f64 = 0.5;

/// How layers are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InfoSettings {
    pub discretisation: Discretisation,
    pub estimator: Estimator,
}

impl InfoSettings {
    /// The settings a run's config asks for: `binning` with `bins` bins per unit (threshold
    /// codes have two, whatever `bins` says), and the Miller–Madow estimator when
    /// `bias_correction` (the plug-in one otherwise). `bins` is checked when a layer is measured.
    /// Under `kde` the binned quantities are the threshold codes' (the KDE bounds are reported
    /// beside them, see `experiment::Metrics::kde`), so every run keeps the coursework's measures.
    pub fn new(binning: Binning, bins: usize, bias_correction: bool) -> Self {
        let discretisation = match binning {
            Binning::Threshold | Binning::Kde => Discretisation::Threshold,
            Binning::Uniform => Discretisation::Uniform { bins },
            Binning::Adaptive => Discretisation::Adaptive { bins },
        };
        let estimator = if bias_correction { Estimator::MillerMadow } else { Estimator::PlugIn };
        Self { discretisation, estimator }
    }
}

/// The data's own quantities: H(X), H(Q) and I(X;Q) in bits, over `n` samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DataInfo {
    pub h_x_bits: f64,
    pub h_q_bits: f64,
    pub i_x_q_bits: f64,
    pub n: usize,
}

/// What one layer's code T tells about X (class) and Q (brightest quadrant), in bits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LayerInfo {
    pub h_t_bits: f64,
    pub h_t_given_x_bits: f64,
    pub i_x_t_bits: f64,
    pub i_t_q_bits: f64,
    /// I(X;T) with X permuted: the estimate's value when there is nothing to find.
    pub i_x_t_shuffled_bits: f64,
    /// I(T;Q) with Q permuted.
    pub i_t_q_shuffled_bits: f64,
    /// The plug-in H(T) is within `undersampled_margin_bits` of `max_entropy_bits`: nearly
    /// every sample has its own code, so I(X;T) ≈ H(X) whatever the layer has learned.
    pub undersampled: bool,
    /// log₂ N: the most H(T) that N samples can show.
    pub max_entropy_bits: f64,
    /// [`UNDERSAMPLED_MARGIN_BITS`], the margin of `undersampled`.
    pub undersampled_margin_bits: f64,
    /// Number of distinct codes.
    pub distinct_codes: usize,
    /// Bits per code (units × bits per unit).
    pub code_bits: usize,
    /// Number of samples, N.
    pub n: usize,
}

/// The data-side variables of the measurements: X and Q of each sample, and both permuted by
/// one seeded permutation π (X_π(i), Q_π(i)) for the baselines. Built once per data set and
/// reused for every layer and evaluation.
#[derive(Debug, Clone)]
pub struct DataVariables {
    x: Vec<u8>,
    q: Vec<u8>,
    x_shuffled: Vec<u8>,
    q_shuffled: Vec<u8>,
    x_tally: Tally,
    q_tally: Tally,
    xq_tally: Tally,
}

impl DataVariables {
    /// From labels X and quadrants Q (any symbols 0..=255), one each per sample. The
    /// permutation is drawn from `Rng::new(seed, Stream::Shuffle)` (rand's Fisher–Yates,
    /// integer operations only), so it is the same natively and in wasm.
    pub fn new(labels: &[u8], quadrants: &[u8], seed: u32) -> Result<Self, InfoError> {
        let n = labels.len();
        if n == 0 {
            return Err(InfoError::Empty);
        }
        if quadrants.len() != n {
            return Err(InfoError::LengthMismatch { what: "quadrants", expected: n, found: quadrants.len() });
        }
        if u32::try_from(n).is_err() {
            return Err(InfoError::TooManySamples { n });
        }
        let mut perm: Vec<u32> = (0..n as u32).collect();
        Rng::new(seed, Stream::Shuffle).shuffle(&mut perm);
        let permute = |v: &[u8]| perm.iter().map(|&p| v[p as usize]).collect::<Vec<u8>>();
        let histogram = |v: &[u8]| {
            let mut counts = [0u64; 256];
            v.iter().for_each(|&s| counts[s as usize] += 1);
            Tally::of_counts(counts)
        };
        let mut joint = vec![0u64; 256 * 256];
        labels.iter().zip(quadrants).for_each(|(&x, &q)| joint[(x as usize) << 8 | q as usize] += 1);
        Ok(Self {
            x_shuffled: permute(labels),
            q_shuffled: permute(quadrants),
            x_tally: histogram(labels),
            q_tally: histogram(quadrants),
            xq_tally: Tally::of_counts(joint),
            x: labels.to_vec(),
            q: quadrants.to_vec(),
        })
    }

    /// From the first `count` items of a data set (all of them if it has fewer): its labels and
    /// their brightest quadrants.
    pub fn from_dataset(data: &Dataset, count: usize, seed: u32) -> Result<Self, InfoError> {
        let data = data.first(count);
        Self::new(&data.labels, &brightest_quadrants(&data), seed)
    }

    /// Number of samples, N.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// X, one per sample.
    pub fn labels(&self) -> &[u8] {
        &self.x
    }

    /// Q, one per sample.
    pub fn quadrants(&self) -> &[u8] {
        &self.q
    }

    /// H(X), H(Q) and I(X;Q).
    pub fn data_info(&self, estimator: Estimator) -> DataInfo {
        let (h_x, h_q) = (self.x_tally.bits(estimator), self.q_tally.bits(estimator));
        DataInfo {
            h_x_bits: h_x,
            h_q_bits: h_q,
            i_x_q_bits: h_x + h_q - self.xq_tally.bits(estimator),
            n: self.len(),
        }
    }
}

/// Measures a layer already discretised into `codes` (one per sample of `vars`, same order).
pub fn layer_info_of_codes(
    codes: &Codes,
    vars: &DataVariables,
    estimator: Estimator,
) -> Result<LayerInfo, InfoError> {
    if codes.len() != vars.len() {
        return Err(InfoError::LengthMismatch { what: "layer codes", expected: vars.len(), found: codes.len() });
    }
    let groups = Groups::of_codes(codes);
    let t = groups.tally();
    let h_t = t.bits(estimator);
    let h_x = vars.x_tally.bits(estimator);
    let h_q = vars.q_tally.bits(estimator);
    // I(A;T) = H(A) + H(T) − H(A,T); a permutation of A keeps H(A).
    let info = |v: &[u8], h_v: f64| h_v + h_t - groups.joint_tally(v).bits(estimator);
    let i_x_t = info(&vars.x, h_x);
    let n = codes.len();
    let max_entropy_bits = libm::log2(n as f64);
    Ok(LayerInfo {
        h_t_bits: h_t,
        h_t_given_x_bits: h_t - i_x_t,
        i_x_t_bits: i_x_t,
        i_t_q_bits: info(&vars.q, h_q),
        i_x_t_shuffled_bits: info(&vars.x_shuffled, h_x),
        i_t_q_shuffled_bits: info(&vars.q_shuffled, h_q),
        undersampled: t.plug_in_bits() >= max_entropy_bits - UNDERSAMPLED_MARGIN_BITS,
        max_entropy_bits,
        undersampled_margin_bits: UNDERSAMPLED_MARGIN_BITS,
        distinct_codes: groups.len(),
        code_bits: codes.code_bits(),
        n,
    })
}

/// Discretises one layer's activity (n × `units`, row-major, n = `vars.len()`) and measures it.
pub fn layer_info(
    activity: &[f32],
    units: usize,
    kind: LayerKind,
    settings: InfoSettings,
    vars: &DataVariables,
) -> Result<LayerInfo, InfoError> {
    let codes = discretise(activity, units, kind, settings.discretisation)?;
    layer_info_of_codes(&codes, vars, settings.estimator)
}

/// Measures every layer of a network: `acts[l]` is layer l's activity on the samples of `vars`
/// (n × width, row-major, width = len / n), the hidden layers (which apply `hidden`) first, the
/// output layer (which applies `output`, None: linear) last; see [`LayerKind::in_network`].
pub fn network_info(
    acts: &[ndarray::Array2<f32>],
    hidden: Activation,
    output: Option<Activation>,
    settings: InfoSettings,
    vars: &DataVariables,
) -> Result<Vec<LayerInfo>, InfoError> {
    let n = vars.len();
    acts.iter()
        .enumerate()
        .map(|(l, a)| {
            let Some(values) = a.as_slice().filter(|v| v.len() % n == 0 && !v.is_empty()) else {
                return Err(InfoError::LayerLength { layer: l, len: a.len(), n });
            };
            let kind = LayerKind::in_network(l, acts.len(), hidden, output);
            layer_info(values, values.len() / n, kind, settings, vars)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::info::estimate::mutual_information_bits;

    const SIG: LayerKind = LayerKind::Activated(Activation::Sigmoid);

    /// `values` as a matrix of `n` rows.
    fn rows(values: Vec<f32>, n: usize) -> ndarray::Array2<f32> {
        let cols = values.len() / n;
        ndarray::Array2::from_shape_vec((n, cols), values).unwrap()
    }

    fn random_symbols(seed: u32, n: usize, symbols: u32) -> Vec<u8> {
        let mut rng = Rng::new(seed, Stream::Init);
        (0..n).map(|_| rng.below(symbols) as u8).collect()
    }

    /// One-hot rows (0.0 / 1.0) of `symbols` units.
    fn one_hot(values: &[u8], units: usize) -> Vec<f32> {
        values.iter().flat_map(|&v| (0..units).map(move |u| f32::from(u == v as usize))).collect()
    }

    #[test]
    fn data_info_known_answers() {
        // X uniform on 0..8, Q = X mod 4: H(X) = 3, H(Q) = 2, I(X;Q) = H(Q).
        let x: Vec<u8> = (0..1024).map(|i| (i % 8) as u8).collect();
        let q: Vec<u8> = x.iter().map(|v| v % 4).collect();
        let d = DataVariables::new(&x, &q, 1).unwrap().data_info(Estimator::PlugIn);
        assert_eq!((d.h_x_bits, d.h_q_bits, d.i_x_q_bits, d.n), (3.0, 2.0, 2.0, 1024));
        let mm = DataVariables::new(&x, &q, 1).unwrap().data_info(Estimator::MillerMadow);
        let bias = |m: f64| (m - 1.0) / (2.0 * 1024.0 * std::f64::consts::LN_2);
        assert!((mm.h_x_bits - 3.0 - bias(8.0)).abs() < 1e-12);
        assert!((mm.i_x_q_bits - (2.0 + bias(4.0))).abs() < 1e-12);
    }

    #[test]
    fn a_layer_that_copies_the_label() {
        let n = 10_000;
        let x = random_symbols(1, n, 10);
        let q = random_symbols(2, n, 4);
        let vars = DataVariables::new(&x, &q, 7).unwrap();
        let info = layer_info(&one_hot(&x, 10), 10, SIG, InfoSettings::default(), &vars).unwrap();
        let h_x = vars.data_info(Estimator::PlugIn).h_x_bits;
        assert!((info.i_x_t_bits - h_x).abs() < 1e-12 && (info.h_t_bits - h_x).abs() < 1e-12, "{info:?}");
        assert!(info.h_t_given_x_bits.abs() < 1e-12);
        assert_eq!((info.distinct_codes, info.code_bits, info.n, info.undersampled), (10, 10, n, false));
        // Q is independent of X: plug-in bias (10 − 1)(4 − 1)/(2N ln 2) ≈ 0.002 bits.
        // Shuffled X: (10 − 1)² / (2N ln 2) ≈ 0.006 bits.
        let bias = |a: f64, b: f64| (a - 1.0) * (b - 1.0) / (2.0 * n as f64 * std::f64::consts::LN_2);
        assert!(info.i_t_q_bits < 4.0 * bias(10.0, 4.0), "{info:?}");
        assert!(info.i_x_t_shuffled_bits < 4.0 * bias(10.0, 10.0), "{info:?}");
        assert!(info.i_t_q_shuffled_bits < 4.0 * bias(10.0, 4.0), "{info:?}");
        // Deterministic for a seed; another seed gives another permutation.
        let again = layer_info(&one_hot(&x, 10), 10, SIG, InfoSettings::default(), &vars).unwrap();
        assert_eq!(again, info);
        let vars_again = DataVariables::new(&x, &q, 7).unwrap();
        assert_eq!(vars_again.x_shuffled, vars.x_shuffled);
        let other = DataVariables::new(&x, &q, 8).unwrap();
        let info_other = layer_info(&one_hot(&x, 10), 10, SIG, InfoSettings::default(), &other).unwrap();
        assert_ne!(info_other.i_x_t_shuffled_bits, info.i_x_t_shuffled_bits);
        assert_eq!(info_other.i_x_t_bits, info.i_x_t_bits);
    }

    #[test]
    fn the_shuffled_permutation_is_pinned() {
        // The same on every platform: pin the first items of a seed's permutation of 0..10.
        let x: Vec<u8> = (0..10).collect();
        let vars = DataVariables::new(&x, &x, 1).unwrap();
        let mut perm = vars.x_shuffled.clone();
        assert_eq!(vars.q_shuffled, perm);
        perm.sort_unstable();
        assert_eq!(perm, x);
        assert_ne!(vars.x_shuffled, x);
        // A change here changes every recorded baseline.
        assert_eq!(vars.x_shuffled, [7, 1, 6, 4, 3, 5, 8, 0, 9, 2]);
    }

    #[test]
    fn undersampled_when_every_sample_has_its_own_code() {
        let n = 1000;
        let x = random_symbols(3, n, 10);
        let vars = DataVariables::new(&x, &random_symbols(4, n, 4), 1).unwrap();
        // Sample i's code is i in binary over 10 units: all distinct.
        let act: Vec<f32> = (0..n).flat_map(|i| (0..10).map(move |u| ((i >> u) & 1) as f32)).collect();
        let info = layer_info(&act, 10, SIG, InfoSettings::default(), &vars).unwrap();
        assert!(info.undersampled && info.distinct_codes == n, "{info:?}");
        assert_eq!(info.h_t_bits, (n as f64).log2());
        assert_eq!((info.max_entropy_bits, info.undersampled_margin_bits), ((n as f64).log2(), UNDERSAMPLED_MARGIN_BITS));
        // Then I(X;T) = H(X), and so is the baseline: the measure says nothing.
        let h_x = vars.data_info(Estimator::PlugIn).h_x_bits;
        assert!((info.i_x_t_bits - h_x).abs() < 1e-9 && (info.i_x_t_shuffled_bits - h_x).abs() < 1e-9);
        // Undersampled under Miller–Madow too (the flag uses the plug-in H(T)).
        let mm = InfoSettings { estimator: Estimator::MillerMadow, ..Default::default() };
        assert!(layer_info(&act, 10, SIG, mm, &vars).unwrap().undersampled);
        // Few codes: not undersampled.
        let info = layer_info(&one_hot(&x, 10), 10, SIG, InfoSettings::default(), &vars).unwrap();
        assert!(!info.undersampled);
        // 2^9 = 512 codes among 1000 samples: H(T) ≤ 9 < log2 1000 − 0.5 ≈ 9.47.
        let act: Vec<f32> =
            (0..n).flat_map(|i| (0..10).map(move |u| ((i >> u) & 1) as f32 * f32::from(u < 9))).collect();
        assert!(!layer_info(&act, 10, SIG, InfoSettings::default(), &vars).unwrap().undersampled);
    }

    #[test]
    fn agrees_with_the_generic_estimators_on_whole_codes() {
        let mut rng = Rng::new(9, Stream::Init);
        for trial in 0..12 {
            let n = 500 + rng.below(1500) as usize;
            let units = [3, 10, 64, 70, 120, 300][trial % 6];
            let x = random_symbols(100 + trial as u32, n, 10);
            let q = random_symbols(200 + trial as u32, n, 4);
            let vars = DataVariables::new(&x, &q, trial as u32).unwrap();
            // Activity depends on the label, with noise; a fraction of units are near threshold.
            let act: Vec<f32> = (0..n * units)
                .map(|k| ((x[k / units] as usize * 7 + k % units) % 11) as f32 / 10.0 - 0.5)
                .map(|v| v + (rng.below(5) as f32 - 2.0) * 0.03)
                .collect();
            for discretisation in [
                Discretisation::Threshold,
                Discretisation::Uniform { bins: 3 },
                Discretisation::Adaptive { bins: 5 },
            ] {
                for estimator in [Estimator::PlugIn, Estimator::MillerMadow] {
                    let settings = InfoSettings { discretisation, estimator };
                    let codes = discretise(&act, units, LayerKind::Activated(Activation::Tanh), discretisation).unwrap();
                    let info = layer_info_of_codes(&codes, &vars, estimator).unwrap();
                    let direct = layer_info(&act, units, LayerKind::Activated(Activation::Tanh), settings, &vars);
                    assert_eq!(direct.unwrap(), info);
                    let rows: Vec<Vec<u8>> =
                        (0..n).map(|i| (0..units).map(|u| codes.bin(i, u).unwrap()).collect()).collect();
                    let mi = |v: &[u8]| mutual_information_bits(&rows, v, estimator).unwrap();
                    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
                    let ctx = format!("trial {trial}, {settings:?}: {info:?}");
                    assert!(close(info.i_x_t_bits, mi(&x)), "{ctx}");
                    assert!(close(info.i_t_q_bits, mi(&q)), "{ctx}");
                    assert!(close(info.i_x_t_shuffled_bits, mi(&vars.x_shuffled)), "{ctx}");
                    assert!(close(info.i_t_q_shuffled_bits, mi(&vars.q_shuffled)), "{ctx}");
                    assert!(close(info.h_t_bits, crate::info::entropy_bits(&rows, estimator).unwrap()), "{ctx}");
                }
            }
        }
    }

    #[test]
    fn network_layers_use_their_own_thresholds() {
        // Hidden ReLU units at 0.3 are on (> 0); output units at 0.3 are off (> 0.5).
        let x: Vec<u8> = (0..4).collect();
        let vars = DataVariables::new(&x, &[0, 1, 2, 3], 1).unwrap();
        let hidden: Vec<f32> = (0..4).flat_map(|i| [if i % 2 == 0 { 0.3 } else { 0.0 }, 0.0]).collect();
        let output: Vec<f32> = (0..4).flat_map(|i| [if i % 2 == 0 { 0.3 } else { 0.0 }, 0.0, 0.0]).collect();
        let all = network_info(&[rows(hidden, 4), rows(output, 4)], Activation::Relu, None, InfoSettings::default(), &vars).unwrap();
        assert_eq!((all[0].distinct_codes, all[0].code_bits), (2, 2));
        assert_eq!((all[1].distinct_codes, all[1].code_bits), (1, 3));
        assert_eq!(all[0].i_x_t_bits, 1.0);
        let e = network_info(&[rows(vec![0.0; 6], 1)], Activation::Relu, None, InfoSettings::default(), &vars).unwrap_err();
        assert_eq!(e, InfoError::LayerLength { layer: 0, len: 6, n: 4 });
    }

    #[test]
    fn sigmoid_outputs_are_binned_over_0_to_1_and_linear_ones_over_their_range() {
        // One output unit at 0.3 or 0.4: under 4 uniform bins both are in bin 1 of [0, 1] for
        // sigmoid outputs (one code, H(T) = 0), and bins 0 and 3 of [0.3, 0.4] for linear ones.
        let x: Vec<u8> = (0..4).collect();
        let vars = DataVariables::new(&x, &[0, 1, 2, 3], 1).unwrap();
        let hidden: Vec<f32> = vec![0.0; 4];
        let output: Vec<f32> = vec![0.3, 0.4, 0.3, 0.4];
        let uniform = InfoSettings::new(Binning::Uniform, 4, false);
        let acts = [rows(hidden, 4), rows(output, 4)];
        let sigmoid = network_info(&acts, Activation::Relu, Some(Activation::Sigmoid), uniform, &vars).unwrap();
        assert_eq!((sigmoid[1].distinct_codes, sigmoid[1].h_t_bits), (1, 0.0));
        let linear = network_info(&acts, Activation::Relu, None, uniform, &vars).unwrap();
        assert_eq!((linear[1].distinct_codes, linear[1].h_t_bits), (2, 1.0));
    }

    #[test]
    fn settings_from_a_runs_binning_bins_and_bias_correction() {
        let s = InfoSettings::new(Binning::Threshold, 30, false);
        assert_eq!(s, InfoSettings { discretisation: Discretisation::Threshold, estimator: Estimator::PlugIn });
        assert_eq!(s, InfoSettings::default());
        let s = InfoSettings::new(Binning::Uniform, 30, true);
        assert_eq!(s, InfoSettings { discretisation: Discretisation::Uniform { bins: 30 }, estimator: Estimator::MillerMadow });
        let s = InfoSettings::new(Binning::Adaptive, 8, false);
        assert_eq!(s.discretisation, Discretisation::Adaptive { bins: 8 });
        // Bins are checked where a layer is measured.
        let vars = DataVariables::new(&[1, 2, 3], &[0, 0, 1], 1).unwrap();
        let bad = InfoSettings::new(Binning::Adaptive, 300, false);
        assert_eq!(layer_info(&[0.1; 3], 1, SIG, bad, &vars).unwrap_err(), InfoError::Bins { bins: 300 });
    }

    #[test]
    fn mismatched_input_is_an_error() {
        assert_eq!(DataVariables::new(&[], &[], 1).unwrap_err(), InfoError::Empty);
        assert!(matches!(DataVariables::new(&[1, 2], &[1], 1), Err(InfoError::LengthMismatch { .. })));
        let vars = DataVariables::new(&[1, 2, 3], &[0, 0, 1], 1).unwrap();
        let e = layer_info(&[0.1; 4], 2, SIG, InfoSettings::default(), &vars).unwrap_err();
        assert_eq!(e, InfoError::LengthMismatch { what: "layer codes", expected: 3, found: 2 });
        let bad = InfoSettings { discretisation: Discretisation::Uniform { bins: 1 }, ..Default::default() };
        assert_eq!(layer_info(&[0.1; 3], 1, SIG, bad, &vars).unwrap_err(), InfoError::Bins { bins: 1 });
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // std::time::Instant is not available there
    fn full_size_evaluation() {
        // The size of one evaluation: 10,000 test images, a 120-unit sigmoid layer and the
        // 10-unit output, every quantity and both baselines, for each discretisation. Not
        // timed as a test; the elapsed time is printed (run with --release -- --nocapture).
        let n = 10_000;
        let x = random_symbols(11, n, 10);
        let q = random_symbols(12, n, 4);
        let t0 = std::time::Instant::now();
        let vars = DataVariables::new(&x, &q, 1).unwrap();
        let setup = t0.elapsed();
        let mut rng = Rng::new(13, Stream::Init);
        let centres: Vec<f64> = (0..10 * 120).map(|_| rng.normal() * 2.0).collect();
        let hidden: Vec<f32> = (0..n)
            .flat_map(|i| (0..120).map(|u| centres[x[i] as usize * 120 + u]).collect::<Vec<_>>())
            .map(|c| (1.0 / (1.0 + (-(c + rng.normal())).exp())) as f32)
            .collect();
        let output: Vec<f32> =
            x.iter().flat_map(|&xi| (0..10).map(move |u| f32::from(u == xi as usize) * 0.8 + 0.1)).collect();
        let acts = vec![rows(hidden, x.len()), rows(output, x.len())];
        for discretisation in [
            Discretisation::Threshold,
            Discretisation::Uniform { bins: 30 },
            Discretisation::Adaptive { bins: 30 },
        ] {
            let settings = InfoSettings { discretisation, estimator: Estimator::PlugIn };
            // The fastest of five runs (the machine may be busy).
            let mut elapsed = std::time::Duration::MAX;
            let mut layers = Vec::new();
            for _ in 0..5 {
                let t0 = std::time::Instant::now();
                layers = network_info(&acts, Activation::Sigmoid, None, settings, &vars).unwrap();
                elapsed = elapsed.min(t0.elapsed());
            }
            println!(
                "info: {discretisation:?}: {:.2} ms for 10k × (120 + 10) units (data variables {:.2} ms); \
                 hidden: {} codes, I(X;T) {:.3}, shuffled {:.3}; output: I(X;T) {:.3}",
                elapsed.as_secs_f64() * 1e3,
                setup.as_secs_f64() * 1e3,
                layers[0].distinct_codes,
                layers[0].i_x_t_bits,
                layers[0].i_x_t_shuffled_bits,
                layers[1].i_x_t_bits,
            );
            assert_eq!(layers.len(), 2);
            assert!((layers[1].i_x_t_bits - layers[1].h_t_bits).abs() < 1e-12);
        }
    }
}
