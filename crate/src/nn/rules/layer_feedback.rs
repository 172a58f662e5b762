//! Feedback matrices in place of the forward weights: one M_l of W_l's shape (n_in×n_out) per
//! weight layer l ≥ 1, carrying the error down as e_{l−1} = δ_l·M_lᵀ. Feedback alignment's are
//! fixed and random, sign symmetry's follow the weights; a rule that learns its feedback
//! (Kolen–Pollack) changes them in its `after_update`.

use ndarray::{Array2, ArrayViewMut2};

use crate::nn::angle::angle_deg;
use crate::nn::kernels::matmul_a_bt;
use crate::nn::{Dense, Mlp};

use super::{f32_bytes, RuleSettings, Upstream};

pub struct LayerFeedback {
    /// M_l for l ≥ 1 (M_0, never used, is empty).
    m: Vec<Array2<f32>>,
}

impl LayerFeedback {
    /// M_l = `fill(l, W_l)` for every l ≥ 1.
    fn new(model: &Mlp, mut fill: impl FnMut(&Dense) -> Array2<f32>) -> Self {
        let mut m = vec![Array2::zeros((0, 0))];
        m.extend(model.layers[1..].iter().map(&mut fill));
        Self { m }
    }

    /// Zeros, for a rule that sets them itself.
    pub fn zeros(model: &Mlp) -> Self {
        Self::new(model, |layer| Array2::zeros(layer.w.dim()))
    }

    /// M_1, …, M_L drawn in turn, each N(0, σ) in row-major order, from the seed's feedback
    /// stream.
    pub fn random(model: &Mlp, settings: &RuleSettings) -> Self {
        let mut rng = settings.feedback_rng();
        Self::new(model, |layer| settings.random_matrix(&mut rng, layer.n_in(), layer.n_out()))
    }

    /// Bytes of the matrices for a network of widths `sizes`.
    pub fn bytes(sizes: &[usize]) -> u64 {
        f32_bytes(sizes.windows(2).skip(1).map(|p| p[0] * p[1]).sum())
    }

    /// M_l.
    #[cfg(test)]
    pub fn matrix(&self, l: usize) -> &Array2<f32> {
        &self.m[l]
    }

    /// Each M_l (l ≥ 1) with its layer, to update.
    pub fn with_layers_mut<'a>(&'a mut self, model: &'a Mlp) -> impl Iterator<Item = (&'a mut Array2<f32>, &'a Dense)> {
        self.m.iter_mut().zip(&model.layers).skip(1)
    }

    /// e_{l−1} = δ_l·M_lᵀ.
    pub fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>) {
        matmul_a_bt(up.delta, self.m[up.layer].view(), error);
    }

    /// The angle between M_{h+1} and W_{h+1}: how far hidden layer h's feedback is from
    /// backprop's.
    pub fn angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        Some(angle_deg(self.m[h + 1].view(), model.layers[h + 1].w.view()))
    }
}
