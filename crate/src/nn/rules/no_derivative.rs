//! A rule without the activation's derivative: the hidden layers' δ_{l−1} = e_{l−1} is the
//! error the wrapped rule sends back, not multiplied by f′(Z_{l−1}) (the coursework's "no
//! derivative" variants of backprop and of feedback alignment).

use ndarray::ArrayViewMut2;

use crate::nn::Mlp;

use super::{DiagnosticSpec, FromSettings, Gradients, LearningRule, RuleSettings, Upstream};

/// Rule `R` without f′.
#[derive(Debug, Clone)]
pub struct NoDerivative<R>(pub R);

impl<R: LearningRule> LearningRule for NoDerivative<R> {
    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        self.0.send_back(up, error);
    }

    fn uses_derivative(&self) -> bool {
        false
    }

    fn trains_hidden_layers(&self) -> bool {
        self.0.trains_hidden_layers()
    }

    fn after_update(&mut self, model: &Mlp, grads: &Gradients, learning_rate: f32) {
        self.0.after_update(model, grads, learning_rate);
    }

    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        self.0.feedback_angle_deg(model, h)
    }

    fn diagnostics(&self, h: usize, out: &mut [Option<f64>]) {
        self.0.diagnostics(h, out);
    }
}

impl<R: FromSettings> FromSettings for NoDerivative<R> {
    const DIAGNOSTICS: &'static [DiagnosticSpec] = R::DIAGNOSTICS;
    const BACKWARD_PASS: bool = R::BACKWARD_PASS;

    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        NoDerivative(R::from_settings(model, settings))
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        R::state_bytes(sizes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::rules::feedback_alignment::FeedbackAlignment;
    use crate::nn::fixtures as hand;
    use crate::nn::rules::Backprop;

    #[test]
    fn backprop_without_the_derivative_matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        // ∂L/∂W1 = x·Σ_k e_k v_k: no h(1 − h).
        h.check(&mut NoDerivative(Backprop), h.x * h.dh(&h.v));
        assert!(!NoDerivative(Backprop).is_exact_gradient());
    }

    #[test]
    fn feedback_alignment_without_the_derivative_matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        let mut rule = NoDerivative(FeedbackAlignment::from_settings(&h.model, &hand::SETTINGS));
        let b = rule.0.matrix(1).iter().map(|&b| f64::from(b)).collect::<Vec<_>>();
        h.check(&mut rule, h.x * h.dh(&b));
    }
}
