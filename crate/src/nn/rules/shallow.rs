//! The shallow control: only the output layer learns; every hidden weight stays at its random
//! initialisation. A fixed random hidden layer with a learned read-out already classifies (in
//! the coursework's convention most hidden units saturate at step 0), so a rule's gain over
//! `shallow` is what its hidden layers actually learned.

use ndarray::ArrayViewMut2;

use crate::nn::Mlp;

use super::{FromSettings, LearningRule, RuleSettings, Upstream};

pub struct Shallow;

impl LearningRule for Shallow {
    /// Nothing travels back: e_{l−1} = 0 (the trainer does not even ask, see
    /// [`LearningRule::trains_hidden_layers`]).
    fn send_back(&self, _up: &Upstream, mut error: ArrayViewMut2<f32>) {
        error.fill(0.0);
    }

    fn trains_hidden_layers(&self) -> bool {
        false
    }
}

impl FromSettings for Shallow {
    fn from_settings(_model: &Mlp, _settings: &RuleSettings) -> Self {
        Shallow
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
    fn matches_its_hand_worked_update() {
        // ∂L/∂W1 = 0; the output layer's is the true gradient h·e_k.
        let h = hand::Worked::new();
        h.check(&mut Shallow, 0.0);
    }

    #[test]
    fn sends_back_nothing() {
        let m = hand::two_layer_net();
        assert_eq!(hand::send_back(&Shallow, &m, 1, &[2.0], &[2.0]), [0.0, 0.0]);
    }
}
