//! Kolen–Pollack (Kolen & Pollack 1994; Akrout et al. 2019, "Deep learning without weight
//! transport", §4): feedback matrices B_l of their own (W_l's shape, drawn N(0, σ) as feedback
//! alignment's), carrying the error down as e_{l−1} = δ_l·B_lᵀ and learning with the forward
//! weights' own update and the same weight decay λ. Akrout et al. write (their W is our W_lᵀ)
//!   ΔW_{l+1} = −η δ_{l+1} y_lᵀ − λ W_{l+1},   ΔB_{l+1} = −η y_l δ_{l+1}ᵀ − λ B_{l+1};
//! here, with ΔW_l = A_{l−1}ᵀ·δ_l: W_l ← W_l − η ΔW_l − λ W_l and B_l ← B_l − η ΔW_l − λ B_l.
//! So W_l − B_l ← (1 − λ)(W_l − B_l): the difference decays geometrically and B_l comes to
//! equal W_l (the angle between them falls toward 0°) without either reading the other. With
//! λ = 0 the difference stays as it was drawn, and only the growth of the shared updates
//! shrinks the angle.

use ndarray::ArrayViewMut2;

use crate::nn::kernels::zip_update;
use crate::nn::Mlp;

use super::layer_feedback::LayerFeedback;
use super::{FromSettings, Gradients, LearningRule, RuleSettings, Upstream};

pub struct KolenPollack {
    b: LayerFeedback,
    /// λ, shared with the forward weights.
    weight_decay: f32,
}

impl LearningRule for KolenPollack {
    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        self.b.send_back(up, error);
    }

    /// B_l ← B_l − η ΔW_l − λ B_l, the forward weights' update (trainer's `apply_update`; under
    /// momentum or Adam `grads` holds the optimizer's direction U_l, which W_l took, so B_l
    /// takes it too and W_l − B_l still decays as (1 − λ)).
    fn after_update(&mut self, model: &Mlp, grads: &Gradients, learning_rate: f32) {
        let decay = self.weight_decay;
        for (l, (b, _)) in self.b.with_layers_mut(model).enumerate() {
            let g = grads.w[l + 1].view();
            if decay == 0.0 {
                zip_update("kolen-pollack", b.view_mut(), g, |b, g| *b -= learning_rate * g);
            } else {
                zip_update("kolen-pollack", b.view_mut(), g, |b, g| *b = *b - learning_rate * g - decay * *b);
            }
        }
    }

    /// The angle between B_{h+1} and W_{h+1}.
    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        self.b.angle_deg(model, h)
    }
}

impl FromSettings for KolenPollack {
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        Self { b: LayerFeedback::random(model, settings), weight_decay: settings.weight_decay as f32 }
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        LayerFeedback::bytes(sizes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures as hand;
    use crate::nn::loss::Task;
    use crate::nn::{Activation, Trainer};
    use crate::rng::{Rng, Stream};

    #[test]
    fn matches_its_hand_worked_update() {
        // The first step sends back through B as drawn (feedback alignment's B).
        let h = hand::Worked::new();
        let mut kp = KolenPollack::from_settings(&h.model, &hand::SETTINGS);
        let expected = h.through(kp.b.matrix(1));
        h.check(&mut kp, expected);
    }

    #[test]
    fn its_feedback_learns_the_forward_update_with_decay() {
        // B ← B − η ΔW − λ B, worked for the 1-1-10 net: ΔW_2 = h·e_k.
        let h = hand::Worked::new();
        let settings = RuleSettings { weight_decay: 0.1, ..hand::SETTINGS };
        let mut kp = KolenPollack::from_settings(&h.model, &settings);
        let b0: Vec<f64> = kp.b.matrix(1).iter().map(|&v| f64::from(v)).collect();
        let mut t = Trainer::new(&h.model, 1, Task::Classify).with_weight_decay(0.1);
        t.batch_mut().0[[0, 0]] = h.x as f32;
        t.compute_gradients(&h.model, 1.0, &mut kp);
        let mut model = h.model.clone();
        t.apply_update(&mut model, &mut kp, 0.5);
        for (k, (&b, b0)) in kp.b.matrix(1).iter().zip(b0).enumerate() {
            let expected = b0 - 0.5 * h.h * h.e[k] - 0.1 * b0;
            assert!((f64::from(b) - expected).abs() < 1e-5, "B[{k}] = {b}, expected {expected}");
            // The forward weight decays the same way.
            let w = h.v[k] - 0.5 * h.h * h.e[k] - 0.1 * h.v[k];
            assert!((f64::from(model.layers[1].w[[0, k]]) - w).abs() < 1e-5);
        }
    }

    #[test]
    fn its_feedback_comes_to_align_with_the_forward_weights() {
        let mut rng = Rng::new(5, Stream::Init);
        let mut model = Mlp::new(&[9, 6, 4, 10], Activation::Sigmoid, false, 0.5, &mut rng);
        let settings = RuleSettings { weight_decay: 0.01, ..RuleSettings::new(1.0, 3) };
        let mut kp = KolenPollack::from_settings(&model, &settings);
        let mut t = Trainer::new(&model, 6, Task::Classify).with_weight_decay(0.01);
        hand::load_tiny_batch(&mut t);
        let before = kp.feedback_angle_deg(&model, 0).unwrap();
        assert!(before > 60.0, "drawn independently: {before}°");
        for _ in 0..400 {
            t.compute_gradients(&model, 1.0, &mut kp);
            t.apply_update(&mut model, &mut kp, 0.1);
        }
        for h in 0..2 {
            let angle = kp.feedback_angle_deg(&model, h).unwrap();
            assert!(angle < 20.0, "layer {h}: {before}° → {angle}°");
        }
    }
}
