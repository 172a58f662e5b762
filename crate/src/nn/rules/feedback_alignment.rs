//! Feedback alignment (Lillicrap et al. 2016): the error travels back through fixed random
//! matrices B_l of the forward weights' shape, e_{l−1} = δ_l·B_lᵀ, B_l ~ N(0, σ) drawn once;
//! the forward weights come to align with them.

use ndarray::{Array2, ArrayViewMut2};

use crate::nn::angle::angle_deg;
use crate::nn::kernels::matmul_a_bt;
use crate::nn::Mlp;

use super::{f32_bytes, FromSettings, LearningRule, RuleSettings, Upstream};

pub struct FeedbackAlignment {
    /// B_l, n_in×n_out of layer l, for l ≥ 1 (B_0, never used, is empty).
    b: Vec<Array2<f32>>,
}

impl FeedbackAlignment {
    /// B_l.
    #[cfg(test)]
    pub fn matrix(&self, l: usize) -> &Array2<f32> {
        &self.b[l]
    }
}

impl LearningRule for FeedbackAlignment {
    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        matmul_a_bt(up.delta, self.b[up.layer].view(), error);
    }

    /// The angle between B_{h+1} and W_{h+1}.
    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        Some(angle_deg(&self.b[h + 1], &model.layers[h + 1].w))
    }
}

impl FromSettings for FeedbackAlignment {
    /// Draws B_1, …, B_L in turn, each in row-major order, from the seed's feedback stream.
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        let mut rng = settings.feedback_rng();
        let b = model
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                if l == 0 {
                    Array2::zeros((0, 0))
                } else {
                    settings.random_matrix(&mut rng, layer.n_in(), layer.n_out())
                }
            })
            .collect();
        Self { b }
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        f32_bytes(sizes.windows(2).skip(1).map(|p| p[0] * p[1]).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures as hand;

    #[test]
    fn sends_back_through_its_fixed_matrix() {
        let m = hand::two_layer_net();
        let fa = FeedbackAlignment::from_settings(&m, &RuleSettings { feedback_std: 1.0, seed: 9 });
        // 2·B2, B2 drawn from the seed, the same each time.
        let b2 = fa.matrix(1).clone();
        assert_eq!(hand::send_back(&fa, &m, 1, &[2.0], &[2.0]), [2.0 * b2[[0, 0]], 2.0 * b2[[1, 0]]]);
        assert_eq!(&b2, FeedbackAlignment::from_settings(&m, &RuleSettings { feedback_std: 1.0, seed: 9 }).matrix(1));
        assert_eq!(fa.feedback_angle_deg(&m, 0), Some(angle_deg(&b2, &m.layers[1].w)));
    }

    #[test]
    fn matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        let mut fa = FeedbackAlignment::from_settings(&h.model, &hand::SETTINGS);
        let b: Vec<f64> = fa.matrix(1).iter().map(|&b| f64::from(b)).collect();
        h.check(&mut fa, h.x * h.h * (1.0 - h.h) * h.dh(&b));
    }
}
