//! Feedback alignment (Lillicrap et al. 2016): the error travels back through fixed random
//! matrices B_l of the forward weights' shape, e_{l−1} = δ_l·B_lᵀ, B_l ~ N(0, σ) drawn once;
//! the forward weights come to align with them.

use ndarray::ArrayViewMut2;

use crate::nn::Mlp;

use super::layer_feedback::LayerFeedback;
use super::{FromSettings, LearningRule, RuleSettings, Upstream};

pub struct FeedbackAlignment {
    b: LayerFeedback,
}

impl LearningRule for FeedbackAlignment {
    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        self.b.send_back(up, error);
    }

    /// The angle between B_{h+1} and W_{h+1}.
    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        self.b.angle_deg(model, h)
    }
}

impl FromSettings for FeedbackAlignment {
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        Self { b: LayerFeedback::random(model, settings) }
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        LayerFeedback::bytes(sizes)
    }
}

#[cfg(test)]
impl FeedbackAlignment {
    /// B_l.
    pub fn matrix(&self, l: usize) -> &ndarray::Array2<f32> {
        self.b.matrix(l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::angle::angle_deg;
    use crate::nn::fixtures as hand;

    #[test]
    fn sends_back_through_its_fixed_matrix() {
        let m = hand::two_layer_net();
        let settings = RuleSettings::new(1.0, 9);
        let fa = FeedbackAlignment::from_settings(&m, &settings);
        // 2·B2, B2 drawn from the seed, the same each time.
        let b2 = fa.matrix(1).clone();
        assert_eq!(hand::send_back(&fa, &m, 1, &[2.0], &[2.0]), [2.0 * b2[[0, 0]], 2.0 * b2[[1, 0]]]);
        assert_eq!(&b2, FeedbackAlignment::from_settings(&m, &settings).matrix(1));
        assert_eq!(fa.feedback_angle_deg(&m, 0), Some(angle_deg(b2.view(), m.layers[1].w.view())));
    }

    #[test]
    fn matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        let mut fa = FeedbackAlignment::from_settings(&h.model, &hand::SETTINGS);
        let expected = h.through(fa.matrix(1));
        h.check(&mut fa, expected);
    }
}
