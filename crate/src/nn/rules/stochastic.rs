//! The stochastic backward pass, around any rule: each backward pass is struck with
//! probability p, and a struck pass replaces the hidden layers' errors by its mode (the
//! coursework's corrupted backward pass, a skipped one, or noise of the same size). A rule that
//! settles has no backward pass to strike: its update and inference go through untouched.

use ndarray::{Array2, ArrayView2, ArrayViewMut2};
use serde::{Deserialize, Serialize};

use crate::nn::kernels::operand_mut;
use crate::nn::Mlp;
use crate::rng::{Rng, Stream};

use super::{Gradients, LearningRule, LocalBatch, SettleTrace, Settled, Unsettled, Upstream};

/// What the stochastic backward pass does on the steps it strikes (probability `stochastic_p`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StochasticMode {
    /// The coursework's: every hidden layer's error δ replaced by ones, so the first layer's
    /// update becomes the column sums of the inputs.
    #[default]
    Corrupt,
    /// No update of the hidden layers that step (the output layer still learns).
    Skip,
    /// Each hidden layer's δ replaced by Gaussian noise of the same root-mean-square.
    Noise,
}

/// A rule under the stochastic backward pass. Every backward pass through it (one per
/// training step) draws whether it strikes, from the seed's backward stream, which also
/// draws the noise; with p = 0 nothing is drawn and the rule runs as it is.
pub struct Stochastic {
    rule: Box<dyn LearningRule>,
    p: f64,
    mode: StochasticMode,
    rng: Rng,
    struck: bool,
}

impl Stochastic {
    pub fn new(rule: Box<dyn LearningRule>, p: f64, mode: StochasticMode, seed: u32) -> Self {
        Self { rule, p, mode, rng: Rng::new(seed, Stream::Backward), struck: false }
    }

    /// The wrapped rule itself, never struck (for measuring the rule's own update).
    pub fn rule_mut(&mut self) -> &mut dyn LearningRule {
        &mut *self.rule
    }
}

impl LearningRule for Stochastic {
    fn before_backward(&mut self, model: &Mlp) {
        self.rule.before_backward(model);
        self.struck = self.p > 0.0 && self.rng.strike(self.p);
    }

    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        self.rule.send_back(up, error);
    }

    fn uses_derivative(&self) -> bool {
        self.rule.uses_derivative()
    }

    fn trains_hidden_layers(&self) -> bool {
        self.rule.trains_hidden_layers() && !(self.struck && self.mode == StochasticMode::Skip)
    }

    /// The rule's δ_{l−1}, then on a struck pass: corrupt sets e_{l−1} and δ_{l−1} to ones;
    /// noise replaces δ_{l−1} by N(0, rms(δ_{l−1})) draws.
    fn hidden_delta(&mut self, up: &Upstream, mut error: ArrayViewMut2<f32>, mut delta: ArrayViewMut2<f32>) {
        self.rule.hidden_delta(up, error.view_mut(), delta.view_mut());
        if !self.struck {
            return;
        }
        match self.mode {
            StochasticMode::Corrupt => {
                error.fill(1.0);
                delta.fill(1.0);
            }
            StochasticMode::Skip => {}
            StochasticMode::Noise => {
                let delta = operand_mut("stochastic noise", "δ", delta);
                let rms = (delta.iter().map(|&d| f64::from(d) * f64::from(d)).sum::<f64>() / delta.len() as f64).sqrt();
                delta.iter_mut().for_each(|d| *d = (self.rng.normal() * rms) as f32);
            }
        }
    }

    fn after_update(&mut self, model: &Mlp, grads: &Gradients, learning_rate: f32) {
        self.rule.after_update(model, grads, learning_rate);
    }

    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        self.rule.feedback_angle_deg(model, h)
    }

    fn diagnostics(&self, h: usize, out: &mut [Option<f64>]) {
        self.rule.diagnostics(h, out);
    }

    fn is_exact_gradient(&self) -> bool {
        self.rule.is_exact_gradient()
    }

    fn infer(&mut self, model: &Mlp, x: ArrayView2<f32>, acts: &mut [Array2<f32>]) -> bool {
        self.rule.infer(model, x, acts)
    }

    fn local_update(&mut self, batch: &LocalBatch, grads: &mut Gradients) -> Option<Result<Settled, Unsettled>> {
        self.rule.local_update(batch, grads)
    }

    fn settle_trace(&self) -> Option<&SettleTrace> {
        self.rule.settle_trace()
    }

    fn record_trace(&mut self, on: bool) {
        self.rule.record_trace(on);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::angle::angle_deg;
    use crate::nn::fixtures::{self, Worked};
    use crate::nn::loss::Task;
    use crate::nn::rules::Backprop;
    use crate::nn::{Activation, Trainer};

    fn always(mode: StochasticMode) -> Stochastic {
        Stochastic::new(Box::new(Backprop), 1.0, mode, 1)
    }

    #[test]
    fn a_struck_pass_matches_its_hand_worked_update() {
        let h = Worked::new();
        // Corrupt makes δ1 = 1, so ∂L/∂W1 = x; skip leaves W1 alone.
        h.check(&mut always(StochasticMode::Corrupt), h.x);
        h.check(&mut always(StochasticMode::Skip), 0.0);
        // Never struck: the rule's own update.
        let mut never = Stochastic::new(Box::new(Backprop), 0.0, StochasticMode::Corrupt, 1);
        h.check(&mut never, h.x * h.h * (1.0 - h.h) * h.dh(&h.v));
    }

    #[test]
    fn noise_keeps_the_error_scale_but_not_its_direction() {
        let mut rng = Rng::new(2, Stream::Init);
        let model = Mlp::new(&[9, 40, 10], Activation::Sigmoid, false, 0.5, &mut rng);
        let mut t = Trainer::new(&model, 6, Task::Classify);
        fixtures::load_tiny_batch(&mut t);
        let mut noise = Stochastic::new(Box::new(Backprop), 1.0, StochasticMode::Noise, 4);
        t.compute_gradients(&model, 1.0, noise.rule_mut());
        let true_delta = t.delta(0).clone();
        t.compute_gradients(&model, 1.0, &mut noise);
        let rms = |v: &ndarray::Array2<f32>| (v.iter().map(|&d| f64::from(d).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
        let ratio = rms(t.delta(0)) / rms(&true_delta);
        assert!((0.7..1.3).contains(&ratio), "rms ratio {ratio}");
        let angle = angle_deg(t.delta(0).view(), true_delta.view());
        assert!((60.0..120.0).contains(&angle), "noise should be unrelated to the error: {angle}°");
    }
}
