//! Uniform sign-concordant feedback, `usf` (Liao, Leibo & Poggio 2016, "sign symmetry"; named
//! as in biotorch): the error travels back through the signs of the forward weights,
//! e_{l−1} = δ_l·sign(W_l)ᵀ: the feedback follows the weights but carries one bit each.
//! Its relatives scale the signs by random magnitudes: `brsf` and `frsf`.

use ndarray::ArrayViewMut2;

use crate::nn::kernels::zip_update;
use crate::nn::Mlp;

use super::layer_feedback::LayerFeedback;
use super::{FromSettings, LearningRule, RuleSettings, Upstream};

pub struct Usf {
    /// sign(W_l) as of the last backward pass.
    signs: LayerFeedback,
}

/// sign(w): 1, −1, or 0.
pub(super) fn sign(w: f32) -> f32 {
    if w > 0.0 {
        1.0
    } else if w < 0.0 {
        -1.0
    } else {
        0.0
    }
}

impl LearningRule for Usf {
    /// Brings sign(W_l) up to date.
    fn before_backward(&mut self, model: &Mlp) {
        for (s, layer) in self.signs.with_layers_mut(model) {
            zip_update("usf", s.view_mut(), layer.w.view(), |s, w| *s = sign(w));
        }
    }

    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        self.signs.send_back(up, error);
    }

    /// The angle between sign(W_{h+1}) (as of the last backward pass) and W_{h+1}.
    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        self.signs.angle_deg(model, h)
    }
}

impl FromSettings for Usf {
    fn from_settings(model: &Mlp, _settings: &RuleSettings) -> Self {
        let mut rule = Self { signs: LayerFeedback::zeros(model) };
        rule.before_backward(model);
        rule
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        LayerFeedback::bytes(sizes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures as hand;

    #[test]
    fn sends_back_through_the_signs_of_the_weights() {
        let mut m = hand::two_layer_net();
        let mut ss = Usf::from_settings(&m, &hand::SETTINGS);
        // 2·sign([0.5, −2]).
        assert_eq!(hand::send_back(&ss, &m, 1, &[2.0], &[2.0]), [2.0, -2.0]);
        assert!(ss.feedback_angle_deg(&m, 0).unwrap() < 45.0);
        // The signs follow the weights at each backward pass.
        m.layers[1].w[[0, 0]] = -0.5;
        ss.before_backward(&m);
        assert_eq!(hand::send_back(&ss, &m, 1, &[2.0], &[2.0]), [-2.0, -2.0]);
    }

    #[test]
    fn matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        let signs: Vec<f64> = h.v.iter().map(|v| v.signum()).collect();
        h.check(&mut Usf::from_settings(&h.model, &hand::SETTINGS), h.x * h.h * (1.0 - h.h) * h.dh(&signs));
    }
}
