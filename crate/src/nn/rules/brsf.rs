//! Batch-wise random-magnitude sign-concordant feedback, `brsf`: the error travels back through B_l = |R_l| ⊙ sign(W_l), e_{l−1} = δ_l·B_lᵀ,
//! with R_l ~ N(0, σ) redrawn every batch from the
//! seed's feedback stream (Moskovitz et al. 2018; named as in biotorch). The signs follow the
//! weights at every backward pass, as `usf`'s do.

use ndarray::ArrayViewMut2;

use crate::nn::Mlp;

use super::random_signs::RandomSigns;
use super::{FromSettings, LearningRule, RuleSettings, Upstream};

pub struct Brsf {
    b: RandomSigns,
}

impl LearningRule for Brsf {
    /// Draws new magnitudes |R_l| (every batch), then B_l = |R_l| ⊙ sign(W_l).
    fn before_backward(&mut self, model: &Mlp) {
        self.b.redraw(model);
        self.b.follow(model);
    }

    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        self.b.feedback.send_back(up, error);
    }

    /// The angle between B_{h+1} (as of the last backward pass) and W_{h+1}.
    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        self.b.feedback.angle_deg(model, h)
    }
}

impl FromSettings for Brsf {
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        Self { b: RandomSigns::new(model, settings) }
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        RandomSigns::bytes(sizes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures as hand;

    #[test]
    fn matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        let mut rule = Brsf::from_settings(&h.model, &hand::SETTINGS);
        // The step's backward pass redraws R first: B = |R| ⊙ sign(v) with R the stream's second draw.
        let mut r = RandomSigns::new(&h.model, &hand::SETTINGS);
        r.redraw(&h.model);
        let b: Vec<f64> = r.magnitudes(1).iter().zip(&h.v).map(|(&m, v)| f64::from(m) * v.signum()).collect();
        assert!(b.iter().all(|&v| v != 0.0));
        h.check(&mut rule, h.x * h.h * (1.0 - h.h) * h.dh(&b));
    }

    #[test]
    fn redraws_its_magnitudes_every_batch() {
        let m = hand::two_layer_net();
        let mut rule = Brsf::from_settings(&m, &hand::SETTINGS);
        rule.before_backward(&m);
        let first = hand::send_back(&rule, &m, 1, &[1.0], &[1.0]);
        rule.before_backward(&m);
        let second = hand::send_back(&rule, &m, 1, &[1.0], &[1.0]);
        assert_ne!(first, second);
        // The signs stay those of W2 = [0.5, −2].
        assert!(first[0] > 0.0 && first[1] < 0.0 && second[0] > 0.0 && second[1] < 0.0);
    }
}
