//! The estimator check: every estimator of the lab run on samples of the two channels, each row
//! an estimate of I(X;T) beside the channel's truth.
//!
//! Estimators ([`ESTIMATORS`]): plug-in and Miller–Madow on threshold, uniform and adaptive bins
//! (the lab's `discretise` and `layer_info_of_codes`, with `bins` bins), and the KDE bounds on
//! I(X;T): `kde_upper`/`kde_lower` with σ² = `kde_noise_var` and `kde_adaptive_*` with the
//! range-scaled σ², both on the sample as the lab measures a layer, and, for the Gaussian
//! channel only, `kde_matched_*`: the bounds on the noiseless points μ_{x_i} with σ² = s², where
//! the KDE's mixture (1/N) Σ_i N(μ_{x_i}, s² I) *is* the channel's T (with the sample's class
//! frequencies for weights), so Kolchinsky & Tracey's bounds bracket its I(X;T).
//!
//! The discrete channel's units are measured as sigmoid units (threshold 0.5, uniform bins over
//! [0, 1]): all three binnings then give the same partition. The Gaussian channel's are measured
//! as the lab measures an unbounded hidden layer (ReLU kind: threshold 0, uniform bins over the
//! observed [min, max]). For each channel and d, one sample of the largest N is drawn and each
//! smaller N uses its first N points.

use serde::{Deserialize, Serialize};

use crate::nn::Activation;

use super::super::discretise::{discretise, Discretisation, LayerKind};
use super::super::estimate::Estimator;
use super::super::kde::{kde_information_bits, KdeNoise, Sample};
use super::super::layer::{layer_info_of_codes, DataVariables};
use super::error::CheckError;
use super::{ChannelSample, DiscreteChannel, GaussianChannel, Truth};

/// Every estimator's name, in the order of the rows.
pub const ESTIMATORS: [&str; 12] = [
    "threshold_plug_in",
    "threshold_miller_madow",
    "uniform_plug_in",
    "uniform_miller_madow",
    "adaptive_plug_in",
    "adaptive_miller_madow",
    "kde_upper",
    "kde_lower",
    "kde_adaptive_upper",
    "kde_adaptive_lower",
    "kde_matched_upper",
    "kde_matched_lower",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Discrete,
    Gaussian,
}

impl ChannelKind {
    pub fn name(self) -> &'static str {
        match self {
            ChannelKind::Discrete => "discrete",
            ChannelKind::Gaussian => "gaussian",
        }
    }
}

/// What the check runs. From JSON, a missing field takes its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckSettings {
    /// Seeds the channels' definitions, samples and Monte Carlo truths.
    pub seed: u32,
    /// Sample sizes N (each ≥ 2).
    pub sizes: Vec<usize>,
    /// Dimensions d (4 to 16: the discrete channel's enumeration).
    pub dims: Vec<usize>,
    /// ε of the discrete channel.
    pub flip_prob: f64,
    /// s of the Gaussian channel.
    pub noise_sd: f64,
    /// Bins per unit of uniform and adaptive binning.
    pub bins: usize,
    /// σ² of the fixed KDE bounds and kde_noise_var of the adaptive ones.
    pub kde_noise_var: f64,
    /// Monte Carlo draws behind the Gaussian channel's truth.
    pub truth_samples: usize,
}

impl Default for CheckSettings {
    fn default() -> Self {
        Self {
            seed: 1,
            sizes: vec![100, 1000, 10_000],
            dims: vec![4, 10, 16],
            flip_prob: 0.1,
            noise_sd: 1.0,
            bins: 30,
            kde_noise_var: 0.1,
            truth_samples: 200_000,
        }
    }
}

/// One estimate of I(X;T) on N points of a channel of dimension d, beside the truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRow {
    pub channel: ChannelKind,
    pub d: usize,
    pub n: usize,
    pub estimator: String,
    pub estimate_bits: f64,
    pub truth_bits: f64,
    pub truth_stderr_bits: f64,
    /// The plug-in entropy Ĥ(X) of the N labels: where a plug-in I(X;T) ends up when every
    /// sample has a code of its own (Î(X;T) = Ĥ(X) − Ĥ(X|T) with Ĥ(X|T) = 0).
    pub label_entropy_bits: f64,
    /// log₂ N: the most a plug-in entropy of N samples can be (every sample its own code).
    pub max_entropy_bits: f64,
}

/// Every estimator on the first `n` points of `sample` (see the module docs), as
/// (name, I(X;T) bits) in the order of [`ESTIMATORS`]; the `kde_matched_*` pair only when
/// `matched_noise_var` is given.
pub fn estimates_of_sample(
    sample: &ChannelSample,
    n: usize,
    kind: LayerKind,
    settings: &CheckSettings,
    matched_noise_var: Option<f64>,
) -> Result<Vec<(&'static str, f64)>, CheckError> {
    if n > sample.n {
        return Err(CheckError::setting("sizes", format!("{n} points asked of a sample of {}", sample.n)));
    }
    let d = sample.d;
    let (labels, activity, clean) = (&sample.labels[..n], &sample.activity[..n * d], &sample.clean[..n * d]);
    // Each estimate is named by its place in ESTIMATORS.
    let mut out: Vec<(&'static str, f64)> = Vec::with_capacity(ESTIMATORS.len());
    let push = |out: &mut Vec<(&'static str, f64)>, bits: f64| out.push((ESTIMATORS[out.len()], bits));
    let vars = DataVariables::new(labels, labels, settings.seed)?;
    let bins = settings.bins;
    for method in [Discretisation::Threshold, Discretisation::Uniform { bins }, Discretisation::Adaptive { bins }] {
        let codes = discretise(activity, d, kind, method)?;
        for estimator in [Estimator::PlugIn, Estimator::MillerMadow] {
            let info = layer_info_of_codes(&codes, &vars, estimator)?;
            push(&mut out, info.i_x_t_bits);
        }
    }
    let points = Sample::new(activity, n, d)?;
    let mut kde = |points: &Sample, noise_var: f64| -> Result<(), CheckError> {
        let b = kde_information_bits(points, labels, noise_var)?;
        push(&mut out, b.upper_bits);
        push(&mut out, b.lower_bits);
        Ok(())
    };
    kde(&points, KdeNoise::Fixed(settings.kde_noise_var).noise_var(&points)?)?;
    kde(&points, KdeNoise::Adaptive(settings.kde_noise_var).noise_var(&points)?)?;
    if let Some(noise_var) = matched_noise_var {
        kde(&Sample::new(clean, n, d)?, noise_var)?;
    }
    Ok(out)
}

fn rows_of(
    channel: ChannelKind,
    truth: Truth,
    sample: &ChannelSample,
    kind: LayerKind,
    settings: &CheckSettings,
    matched_noise_var: Option<f64>,
    rows: &mut Vec<CheckRow>,
) -> Result<(), CheckError> {
    for &n in &settings.sizes {
        let n_labels = &sample.labels[..n.min(sample.n)];
        let label_entropy_bits = DataVariables::new(n_labels, n_labels, settings.seed)?.data_info(Estimator::PlugIn).h_x_bits;
        let max_entropy_bits = libm::log2(n as f64);
        for (estimator, estimate_bits) in estimates_of_sample(sample, n, kind, settings, matched_noise_var)? {
            rows.push(CheckRow {
                channel,
                d: sample.d,
                n,
                estimator: estimator.to_string(),
                estimate_bits,
                truth_bits: truth.bits,
                truth_stderr_bits: truth.stderr_bits,
                label_entropy_bits,
                max_entropy_bits,
            });
        }
    }
    Ok(())
}

/// The whole check: for each d, the discrete channel (ε = `flip_prob`) then the Gaussian one
/// (s = `noise_sd`), each at every N, every estimator. Bad settings are refused, named, before
/// anything runs. Cost: dominated by the KDE bounds, O(N²d) each (about a second natively for
/// the default N = 10,000 at d = 16).
pub fn estimator_check(settings: &CheckSettings) -> Result<Vec<CheckRow>, CheckError> {
    validate(settings)?;
    let max_n = settings.sizes.iter().copied().max().unwrap_or(0);
    let mut rows = Vec::new();
    for &d in &settings.dims {
        let discrete = DiscreteChannel::new(d, settings.flip_prob, settings.seed)?;
        let sample = discrete.sample(max_n, settings.seed);
        let kind = LayerKind::Activated(Activation::Sigmoid);
        rows_of(ChannelKind::Discrete, discrete.information(), &sample, kind, settings, None, &mut rows)?;
        let gaussian = GaussianChannel::new(d, settings.noise_sd, settings.seed)?;
        let truth = gaussian.information(settings.truth_samples, settings.seed)?;
        let sample = gaussian.sample(max_n, settings.seed);
        let s2 = settings.noise_sd * settings.noise_sd;
        rows_of(ChannelKind::Gaussian, truth, &sample, LayerKind::Activated(Activation::Relu), settings, Some(s2), &mut rows)?;
    }
    Ok(rows)
}

fn validate(settings: &CheckSettings) -> Result<(), CheckError> {
    if settings.sizes.is_empty() || settings.dims.is_empty() {
        let field = if settings.sizes.is_empty() { "sizes" } else { "dims" };
        return Err(CheckError::setting(field, "empty: give at least one"));
    }
    if let Some(&n) = settings.sizes.iter().find(|&&n| n < 2 || u32::try_from(n).is_err()) {
        return Err(CheckError::setting("sizes", format!("{n} is not in 2..=4294967295")));
    }
    Discretisation::Uniform { bins: settings.bins }.validate()?;
    KdeNoise::Fixed(settings.kde_noise_var).noise_var(&Sample::new(&[0.0, 1.0], 2, 1)?)?;
    // The channels check dims, flip_prob, noise_sd and truth_samples themselves; build each
    // once here so that a bad one fails before any estimate runs.
    for &d in &settings.dims {
        DiscreteChannel::new(d, settings.flip_prob, settings.seed)?;
        GaussianChannel::new(d, settings.noise_sd, settings.seed)?;
    }
    if settings.truth_samples < 2 {
        return Err(CheckError::setting("truth_samples", format!("{}: at least 2 draws are needed", settings.truth_samples)));
    }
    Ok(())
}
