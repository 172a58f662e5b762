//! Statistics over seeds: the mean of K runs' values and the half-width of its 95% confidence
//! interval (Student's t), and the per-evaluation summary of K runs' histories that the charts
//! draw as a mean with a band. Pure statistics over plain values: a history is any list of
//! evaluations, read through a function that gives each one's [`StepFigures`]
//! (`experiment::Metrics::step_figures` for a run's).
//!
//! For K values x_1…x_K: mean x̄ = Σx/K, sample standard deviation s = √(Σ(x − x̄)²/(K − 1)),
//! and the interval x̄ ± t(0.975, K − 1)·s/√K.

use serde::{Deserialize, Serialize};

/// t(0.975, ν), the two-sided 95% quantile of Student's t with ν = K − 1 = 1, …, 9 degrees of
/// freedom (NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2, "Critical values of
/// the Student's t distribution", column 0.975). Index ν − 1.
pub const T_975: [f64; 9] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262];

/// Most values the table covers (K − 1 ≤ 9).
pub const MAX_SAMPLES: usize = T_975.len() + 1;

/// The mean of K values and the half-width of its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanCi {
    pub mean: f64,
    /// t(0.975, K − 1)·s/√K; None for a single value (no spread to estimate) or more than
    /// [`MAX_SAMPLES`].
    pub half_width: Option<f64>,
    /// K.
    pub n: usize,
}

impl MeanCi {
    /// The interval's ends, x̄ ∓ half-width (None without a half-width).
    pub fn bounds(&self) -> Option<(f64, f64)> {
        self.half_width.map(|h| (self.mean - h, self.mean + h))
    }
}

/// x̄ (NaN for no values).
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// s = √(Σ(x − x̄)²/(K − 1)); None for fewer than two values.
pub fn sample_sd(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values);
    let ss: f64 = values.iter().map(|x| (x - m) * (x - m)).sum();
    Some(libm::sqrt(ss / (values.len() - 1) as f64))
}

/// t(0.975, ν) for ν = 1..=9.
pub fn t_975(dof: usize) -> Option<f64> {
    dof.checked_sub(1).and_then(|i| T_975.get(i).copied())
}

/// x̄ and t(0.975, K − 1)·s/√K of `values`.
pub fn mean_ci(values: &[f64]) -> MeanCi {
    let n = values.len();
    let half_width = sample_sd(values).zip(t_975(n.saturating_sub(1))).map(|(s, t)| t * s / libm::sqrt(n as f64));
    MeanCi { mean: mean(values), half_width, n }
}

/// The mean and 95% interval of `values` when every one is present (None if one is missing:
/// an accuracy of the autoencoder).
fn summary_of(values: impl Iterator<Item = Option<f64>>) -> Option<MeanCi> {
    let v: Option<Vec<f64>> = values.collect();
    v.map(|v| mean_ci(&v))
}

/// The four figures of one evaluation step that a summary averages, each a `T`: plain values
/// for one run ([`StepFigures`]), a mean and interval over runs ([`StepSummary`]). None where
/// there is no value: an autoencoder's accuracy, a loss that is not finite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PerStep<T> {
    pub step: usize,
    pub test_acc: Option<T>,
    pub test_loss: Option<T>,
    pub train_acc: Option<T>,
    pub train_loss: Option<T>,
}

/// One evaluation of one run as plain values.
pub type StepFigures = PerStep<f64>;

/// One evaluation step summarised over K runs: every figure the charts draw as mean and band.
pub type StepSummary = PerStep<MeanCi>;

/// Per evaluation step, the mean and 95% half-width over `histories` (one per seed, runs of one
/// setting), each evaluation read by `figures`. Steps are matched by number: a step is
/// summarised when every history has it (runs of one setting evaluate at the same steps; a run
/// still going has a shorter history); a figure, when every run at that step has a value.
pub fn summarise<T>(histories: &[Vec<T>], figures: impl Fn(&T) -> StepFigures) -> Vec<StepSummary> {
    let histories: Vec<Vec<StepFigures>> = histories.iter().map(|h| h.iter().map(&figures).collect()).collect();
    let Some(first) = histories.first() else { return Vec::new() };
    first
        .iter()
        .filter_map(|m| {
            let at: Option<Vec<&StepFigures>> = histories.iter().map(|h| h.iter().find(|x| x.step == m.step)).collect();
            let at = at?;
            Some(StepSummary {
                step: m.step,
                test_acc: summary_of(at.iter().map(|x| x.test_acc)),
                test_loss: summary_of(at.iter().map(|x| x.test_loss)),
                train_acc: summary_of(at.iter().map(|x| x.train_acc)),
                train_loss: summary_of(at.iter().map(|x| x.train_loss)),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_half_width_is_t_times_s_over_root_k() {
        // Five values: mean 0.8, Σ(x − x̄)² = 0.0010, s = √(0.0010/4) = 0.0158114, t(0.975, 4)
        // = 2.776, half-width = 2.776·0.0158114/√5 = 0.0196291.
        let v = [0.78, 0.79, 0.80, 0.81, 0.82];
        let ci = mean_ci(&v);
        assert!((ci.mean - 0.8).abs() < 1e-12);
        assert!((sample_sd(&v).unwrap() - 0.015_811_388).abs() < 1e-8);
        assert!((ci.half_width.unwrap() - 0.019_629_1).abs() < 1e-6, "{ci:?}");
        // Every K the table covers.
        for k in 2..=MAX_SAMPLES {
            let v: Vec<f64> = (0..k).map(|i| (i * i) as f64 * 0.1).collect();
            let m = v.iter().sum::<f64>() / k as f64;
            let s = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (k - 1) as f64).sqrt();
            let expected = T_975[k - 2] * s / (k as f64).sqrt();
            assert!((mean_ci(&v).half_width.unwrap() - expected).abs() < 1e-12, "K = {k}");
        }
        assert_eq!(mean_ci(&[0.5]).half_width, None);
        assert_eq!(mean_ci(&[0.5]).bounds(), None);
        let (low, high) = ci.bounds().unwrap();
        assert!((low - (0.8 - 0.019_629_1)).abs() < 1e-6 && (high - (0.8 + 0.019_629_1)).abs() < 1e-6);
        assert_eq!(t_975(0), None);
        assert_eq!(t_975(10), None);
    }

    #[test]
    fn histories_are_summarised_step_by_step() {
        // A history of (step, test accuracy) pairs, read through a closure.
        let figures = |&(step, acc): &(usize, f64)| StepFigures { step, test_acc: Some(acc), test_loss: Some(1.0 - acc), train_acc: None, train_loss: Some(2.0) };
        let a = vec![(0, 0.1), (100, 0.5), (200, 0.7)];
        let b = vec![(0, 0.1), (100, 0.7)];
        let s = summarise(&[a, b], figures);
        assert_eq!(s.len(), 2, "step 200 is not in every history");
        let acc = s[1].test_acc.unwrap();
        assert!((acc.mean - 0.6).abs() < 1e-12);
        // K = 2: s = 0.1414, t = 12.706, half-width = 12.706·0.1414/√2 = 1.2706.
        assert!((acc.half_width.unwrap() - 1.2706).abs() < 1e-9);
        assert_eq!(s[0].test_acc.unwrap().half_width, Some(0.0));
        assert_eq!(s[1].train_acc, None);
        assert_eq!(s[1].train_loss.unwrap().mean, 2.0);
        assert!(summarise(&[] as &[Vec<(usize, f64)>], figures).is_empty());
        // One run without a value at a step leaves that figure out of the step's summary.
        let c = vec![(0, f64::NAN)];
        let partial = |x: &(usize, f64)| StepFigures { test_acc: x.1.is_finite().then_some(x.1), ..figures(x) };
        let s = summarise(&[vec![(0, 0.1)], c], partial);
        assert_eq!((s.len(), s[0].test_acc), (1, None));
        assert_eq!(s[0].train_loss.unwrap().n, 2);
    }
}
