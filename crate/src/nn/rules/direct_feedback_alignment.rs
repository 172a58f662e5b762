//! Direct feedback alignment (Nøkland 2016): the output error δ_L goes straight to every
//! hidden layer through its own fixed random matrix, e_{l−1} = δ_L·D_{l−1}ᵀ with D_{l−1}
//! n_{l−1}×n_out ~ N(0, σ) drawn once. Backprop's counterpart of D_{l−1} is the product of the
//! forward weights above the layer, W_l···W_L.

use ndarray::{Array2, ArrayViewMut2};

use crate::nn::angle::angle_deg;
use crate::nn::kernels::{matmul, matmul_a_bt};
use crate::nn::Mlp;

use super::{f32_bytes, FromSettings, LearningRule, RuleSettings, Upstream};

pub struct DirectFeedbackAlignment {
    /// D_h, n_out(h)×outputs, for each hidden layer h.
    d: Vec<Array2<f32>>,
}

impl DirectFeedbackAlignment {
    /// D_h.
    #[cfg(test)]
    pub fn matrix(&self, h: usize) -> &Array2<f32> {
        &self.d[h]
    }
}

impl LearningRule for DirectFeedbackAlignment {
    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        matmul_a_bt(up.delta_out, self.d[up.layer - 1].view(), error);
    }

    /// The angle between D_h and W_{h+1}···W_L.
    fn feedback_angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        Some(angle_deg(self.d[h].view(), forward_product(model, h + 1).view()))
    }
}

impl FromSettings for DirectFeedbackAlignment {
    /// Draws D_0, D_1, … in turn, each in row-major order, from the seed's feedback stream.
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        let mut rng = settings.feedback_rng();
        let outputs = model.output_len();
        let hidden = &model.layers[..model.layers.len() - 1];
        Self { d: hidden.iter().map(|layer| settings.random_matrix(&mut rng, layer.n_out(), outputs)).collect() }
    }

    fn state_bytes(sizes: &[usize]) -> u64 {
        let outputs = sizes[sizes.len() - 1];
        f32_bytes(sizes[1..sizes.len() - 1].iter().map(|&n| n * outputs).sum())
    }
}

/// W_from·W_{from+1}···W_L: the linear map from hidden layer `from − 1`'s output to the outputs.
fn forward_product(model: &Mlp, from: usize) -> Array2<f32> {
    let mut acc = model.layers[from].w.clone();
    for layer in &model.layers[from + 1..] {
        let mut next = Array2::zeros((acc.nrows(), layer.n_out()));
        matmul(acc.view(), layer.w.view(), next.view_mut());
        acc = next;
    }
    acc
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::nn::fixtures as hand;
    use crate::nn::Dense;

    #[test]
    fn sends_the_output_error_straight_down() {
        let m = hand::two_layer_net();
        let dfa = DirectFeedbackAlignment::from_settings(&m, &RuleSettings::new(1.0, 9));
        // One hidden layer: δ_L·D0ᵀ, D0 is 2×1; δ_l itself is not used.
        let d0 = dfa.matrix(0);
        assert_eq!(hand::send_back(&dfa, &m, 1, &[0.0], &[2.0]), [2.0 * d0[[0, 0]], 2.0 * d0[[1, 0]]]);
    }

    #[test]
    fn compares_with_the_forward_product() {
        let mut m = hand::two_layer_net();
        m.layers.insert(1, Dense::new(array![[1.0, 0.0], [0.0, 1.0]]));
        // With an identity middle layer the product W2·W3 is W3.
        assert_eq!(forward_product(&m, 1), array![[0.5], [-2.0]]);
        let dfa = DirectFeedbackAlignment::from_settings(&m, &RuleSettings::new(1.0, 3));
        let expected = angle_deg(dfa.matrix(0).view(), array![[0.5], [-2.0]].view());
        assert_eq!(dfa.feedback_angle_deg(&m, 0), Some(expected));
    }

    #[test]
    fn matches_its_hand_worked_update() {
        let h = hand::Worked::new();
        let mut dfa = DirectFeedbackAlignment::from_settings(&h.model, &hand::SETTINGS);
        let expected = h.through(dfa.matrix(0));
        h.check(&mut dfa, expected);
    }
}
