//! Batch-wise random-magnitude sign-concordant feedback, `brsf` (Moskovitz et al. 2018; named as
//! in biotorch): the error travels back through B_l = |R_l| ⊙ sign(W_l), e_{l−1} = δ_l·B_lᵀ,
//! R_l ~ N(0, σ) redrawn every batch from the seed's feedback stream. The signs follow the weights at every backward
//! pass, as `usf`'s do. The rule itself is `random_signs::SignConcordant`.

use super::random_signs::SignConcordant;

pub type Brsf = SignConcordant<true>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::rules::random_signs::RandomSigns;
    use crate::nn::rules::{FromSettings, LearningRule};
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
        let grads = crate::nn::rules::Gradients { w: Vec::new(), b: Vec::new() };
        rule.before_backward(&m);
        let first = hand::send_back(&rule, &m, 1, &[1.0], &[1.0]);
        // A backward pass that no update follows (the evaluation's probe) draws nothing new.
        rule.before_backward(&m);
        assert_eq!(hand::send_back(&rule, &m, 1, &[1.0], &[1.0]), first);
        rule.after_update(&m, &grads, 0.1);
        rule.before_backward(&m);
        let second = hand::send_back(&rule, &m, 1, &[1.0], &[1.0]);
        assert_ne!(first, second);
        // The signs stay those of W2 = [0.5, −2].
        assert!(first[0] > 0.0 && first[1] < 0.0 && second[0] > 0.0 && second[1] < 0.0);
    }
}
