//! Feedback of the forward weights' signs scaled by random magnitudes, B_l = |R_l| ⊙ sign(W_l)
//! with R_l ~ N(0, σ) (Moskovitz et al. 2018; biotorch's `brsf` and `frsf`): shared by the
//! rule that redraws R every batch (`brsf`, [`SignConcordant<true>`]) and the one that keeps
//! it fixed (`frsf`, [`SignConcordant<false>`]). The signs follow the weights at every backward
//! pass, as `usf`'s do; e_{l−1} = δ_l·B_lᵀ.

use ndarray::ArrayViewMut2;

use crate::nn::kernels::zip_combine;
use crate::nn::Mlp;
use crate::rng::Rng;

use super::layer_feedback::LayerFeedback;
use super::usf::sign;
use super::{FromSettings, LearningRule, RuleSettings, Upstream};

/// |R_l| and the feedback B_l = |R_l| ⊙ sign(W_l) built from it, for every l ≥ 1.
pub struct RandomSigns {
    /// |R_l|, W_l's shape.
    magnitudes: LayerFeedback,
    /// B_l as of the last backward pass.
    pub feedback: LayerFeedback,
    rng: Rng,
    sigma: f64,
}

impl RandomSigns {
    /// |R_l| drawn from the seed's feedback stream (R_1, …, R_L in turn, row-major), B_l set.
    pub fn new(model: &Mlp, settings: &RuleSettings) -> Self {
        let mut rng = settings.feedback_rng();
        let mut magnitudes = LayerFeedback::zeros(model);
        for (m, _) in magnitudes.with_layers_mut(model) {
            m.iter_mut().for_each(|v| *v = (rng.normal() * settings.feedback_std).abs() as f32);
        }
        let mut signs = Self { magnitudes, feedback: LayerFeedback::zeros(model), rng, sigma: settings.feedback_std };
        signs.follow(model);
        signs
    }

    /// Draws new |R_l| from the same stream, in place (no allocation).
    pub fn redraw(&mut self, model: &Mlp) {
        let (rng, sigma) = (&mut self.rng, self.sigma);
        for (m, _) in self.magnitudes.with_layers_mut(model) {
            m.iter_mut().for_each(|v| *v = (rng.normal() * sigma).abs() as f32);
        }
    }

    /// B_l = |R_l| ⊙ sign(W_l) for the weights as they are now.
    pub fn follow(&mut self, model: &Mlp) {
        for ((b, layer), (r, _)) in self.feedback.with_layers_mut(model).zip(self.magnitudes.with_layers_mut(model)) {
            zip_combine("random signs", b.view_mut(), r.view(), layer.w.view(), |r, w| r * sign(w));
        }
    }

    /// |R_l|.
    #[cfg(test)]
    pub fn magnitudes(&self, l: usize) -> &ndarray::Array2<f32> {
        self.magnitudes.matrix(l)
    }

    /// Bytes: |R_l| and B_l.
    pub fn bytes(sizes: &[usize]) -> u64 {
        2 * LayerFeedback::bytes(sizes)
    }
}

/// The sign-concordant rule with random magnitudes, redrawn every batch when `REDRAW`.
pub struct SignConcordant<const REDRAW: bool> {
    b: RandomSigns,
    /// Whether an update has used the current |R_l| (then the next backward pass draws new
    /// ones). A backward pass that no update follows (the evaluation's update-angle probe)
    /// draws the next batch's |R_l| early and leaves them for it: a run's draws, and so its
    /// numbers, do not depend on how often it is evaluated.
    spent: bool,
}

impl<const REDRAW: bool> LearningRule for SignConcordant<REDRAW> {
    /// Draws new magnitudes |R_l| if `REDRAW` and the last ones were used by an update, then
    /// B_l = |R_l| ⊙ sign(W_l).
    fn before_backward(&mut self, model: &Mlp) {
        if REDRAW && self.spent {
            self.b.redraw(model);
            self.spent = false;
        }
        self.b.follow(model);
    }

    fn after_update(&mut self, _model: &Mlp, _grads: &super::Gradients, _learning_rate: f32) {
        self.spent = true;
    }

    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        self.b.feedback.send_back(up, error);
    }

    /// The angle between B_{h+1} (as of the last backward pass) and W_{h+1}.
    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        self.b.feedback.angle_deg(model, h)
    }
}

impl<const REDRAW: bool> FromSettings for SignConcordant<REDRAW> {
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        Self { b: RandomSigns::new(model, settings), spent: true }
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        RandomSigns::bytes(sizes)
    }
}
