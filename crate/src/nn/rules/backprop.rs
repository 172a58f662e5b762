//! Backprop: the error travels back through the forward weights themselves,
//! e_{l−1} = δ_l·W_lᵀ, so every update is the exact gradient of the loss.

use ndarray::ArrayViewMut2;

use crate::nn::kernels::matmul_a_bt;
use crate::nn::Mlp;

use super::{FromSettings, LearningRule, RuleSettings, Upstream};

/// Backprop: no state of its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct Backprop;

impl LearningRule for Backprop {
    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        matmul_a_bt(up.delta, up.model.layers[up.layer].w.view(), error);
    }

    fn is_exact_gradient(&self) -> bool {
        true
    }
}

impl FromSettings for Backprop {
    fn from_settings(_model: &Mlp, _settings: &RuleSettings) -> Self {
        Backprop
    }

    fn state_bytes(_sizes: &[usize]) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures as hand;

    #[test]
    fn sends_back_through_the_forward_weights() {
        let m = hand::two_layer_net();
        // δ·W2ᵀ = 2·[0.5, −2].
        assert_eq!(hand::send_back(&Backprop, &m, 1, &[2.0], &[2.0]), [1.0, -4.0]);
        assert!(Backprop.feedback_angle_deg(&m, 0).is_none());
    }

    #[test]
    fn matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        // ∂L/∂W1 = x·h(1 − h)·Σ_k e_k v_k.
        h.check(&mut Backprop, h.x * h.h * (1.0 - h.h) * h.dh(&h.v));
    }
}
