//! What happens inside the network while it learns, per weight layer, at each evaluation: the
//! coursework's Figure 1 (sizes of gradients, errors and weight changes) and, for rules that do
//! not transport weights, how well their feedback aligns with backprop (Lillicrap et al. 2016).

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::config::{Activation, MAX_HIDDEN_LAYERS};
use crate::nn::kernels::{zip_fold, zip_update};
use crate::nn::rules::Compartments;
use crate::nn::{Mlp, Trainer};

/// Diagnostics of weight layer l (W_l, its output A_l = f(Z_l)). Means are over elements and,
/// for the per-step figures, over the steps since the previous evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerDiagnostics {
    /// mean |∂L/∂W_l| as the rule computes it (the update is −η times it).
    pub mean_abs_grad: f64,
    /// mean |W_l(now) − W_l(previous evaluation)| / steps: the average weight change per step.
    pub mean_abs_dw_per_step: f64,
    /// mean |W_l|.
    pub mean_abs_w: f64,
    /// mean |∂L/∂A_l| as sent back by the rule (for the output layer, ∂L/∂Ŷ).
    pub mean_abs_dl_dh: f64,
    /// mean |δ_l| = |∂L/∂Z_l| as used for the update.
    pub mean_abs_dl_dz: f64,
    /// Hidden layers: fraction of (test image, unit) pairs where the unit is saturated, i.e.
    /// f′(z) < 5% of its maximum (sigmoid h < 0.0127 or > 0.9873; tanh |h| > 0.9747; ReLU h = 0).
    pub saturated_fraction: Option<f64>,
    /// Hidden layers under feedback rules: angle in degrees between the matrix carrying the
    /// error into this layer and the one backprop would use.
    pub feedback_angle_deg: Option<f64>,
    /// Hidden layers under rules other than backprop: angle in degrees between the rule's
    /// update and the true gradient on the same batch (below 90° means it still descends).
    pub update_angle_deg: Option<f64>,
    /// Hidden layers under target propagation: the mean squared error with which the learned
    /// inverse of the layer above reconstructs this layer's activity (its last update).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverse_error: Option<f64>,
    /// Hidden layers of the dendritic microcircuit: root mean square of the apical potential
    /// with no target (the self-prediction's residue, 0 when the interneurons cancel the
    /// top-down input exactly), at the last training batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apical_rms: Option<f64>,
    /// Hidden layers of the dendritic microcircuit: root mean square of the apical potential
    /// with the output nudged toward the target (the error the layer learns from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apical_nudged_rms: Option<f64>,
    /// Hidden layers of the dendritic microcircuit: ‖v̂_I − u_above‖/‖u_above‖, how far the
    /// interneurons' prediction is from the layer above's somatic potential (0: exact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interneuron_error: Option<f64>,
}

/// Whether a hidden unit with output `h` is saturated (f′ below 5% of its maximum).
pub fn is_saturated(activation: Activation, h: f32) -> bool {
    match activation {
        Activation::Sigmoid => h * (1.0 - h) < 0.05 * 0.25,
        Activation::Tanh => 1.0 - h * h < 0.05,
        Activation::Relu => h <= 0.0,
    }
}

fn mean_abs(v: &Array2<f32>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.iter().map(|&x| f64::from(x.abs())).sum::<f64>() / v.len() as f64
}

/// Running sums between evaluations, and the weights at the previous evaluation.
pub struct DiagnosticSums {
    steps: usize,
    grad: Vec<f64>,
    dl_dh: Vec<f64>,
    dl_dz: Vec<f64>,
    previous_w: Vec<Array2<f32>>,
}

impl DiagnosticSums {
    /// Bytes the sums allocate for a network of widths `sizes`: the weights at the previous
    /// evaluation.
    pub fn bytes(sizes: &[usize]) -> u64 {
        (sizes.windows(2).map(|p| p[0] * p[1]).sum::<usize>() * size_of::<f32>()) as u64
    }

    pub fn new(model: &Mlp) -> Self {
        let n = model.layers.len();
        Self {
            steps: 0,
            grad: vec![0.0; n],
            dl_dh: vec![0.0; n],
            dl_dz: vec![0.0; n],
            previous_w: model.layers.iter().map(|l| l.w.clone()).collect(),
        }
    }

    /// Adds one step's gradients and errors (after `compute_gradients`). Returns false, adding
    /// nothing, if any gradient is NaN or infinite (their mean absolute value then is too).
    pub fn add_step(&mut self, trainer: &Trainer) -> bool {
        // On the stack: no allocation per step.
        let mut grads = [0.0f64; MAX_HIDDEN_LAYERS + 1];
        let layers = self.grad.len();
        for (l, g) in grads[..layers].iter_mut().enumerate() {
            *g = mean_abs(trainer.weight_gradient(l));
        }
        if !grads[..layers].iter().all(|g| g.is_finite()) {
            return false;
        }
        self.steps += 1;
        for (l, &g) in grads[..layers].iter().enumerate() {
            self.grad[l] += g;
            self.dl_dh[l] += mean_abs(trainer.error(l));
            self.dl_dz[l] += mean_abs(trainer.delta(l));
        }
        true
    }

    /// The diagnostics since the previous call; `saturation`, `feedback_angles`,
    /// `update_angles`, `inverse_errors` and `compartments` are per hidden layer. Starts the
    /// next interval.
    pub fn finish(
        &mut self,
        model: &Mlp,
        saturation: &[f64],
        feedback_angles: &[Option<f64>],
        update_angles: &[Option<f64>],
        inverse_errors: &[Option<f64>],
        compartments: &[Option<Compartments>],
    ) -> Vec<LayerDiagnostics> {
        let steps = self.steps.max(1) as f64;
        let hidden = model.layers.len() - 1;
        let compartment = |l: usize| if l < hidden { compartments[l] } else { None };
        let out = model
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let drift = zip_fold("drift", layer.w.view(), self.previous_w[l].view(), 0.0f64, |s, a, b| s + f64::from((a - b).abs()))
                    / layer.w.len() as f64;
                LayerDiagnostics {
                    mean_abs_grad: self.grad[l] / steps,
                    mean_abs_dw_per_step: if self.steps == 0 { 0.0 } else { drift / steps },
                    mean_abs_w: mean_abs(&layer.w),
                    mean_abs_dl_dh: self.dl_dh[l] / steps,
                    mean_abs_dl_dz: self.dl_dz[l] / steps,
                    saturated_fraction: (l < hidden).then(|| saturation[l]),
                    feedback_angle_deg: if l < hidden { feedback_angles[l] } else { None },
                    update_angle_deg: if l < hidden { update_angles[l] } else { None },
                    inverse_error: if l < hidden { inverse_errors[l] } else { None },
                    apical_rms: compartment(l).map(|c| c.apical_rms),
                    apical_nudged_rms: compartment(l).and_then(|c| c.apical_nudged_rms),
                    interneuron_error: compartment(l).map(|c| c.interneuron_error),
                }
            })
            .collect();
        self.steps = 0;
        self.grad.iter_mut().chain(&mut self.dl_dh).chain(&mut self.dl_dz).for_each(|v| *v = 0.0);
        for (prev, layer) in self.previous_w.iter_mut().zip(&model.layers) {
            zip_update("weights snapshot", prev.view_mut(), layer.w.view(), |p, w| *p = w);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturation_thresholds() {
        assert!(is_saturated(Activation::Sigmoid, 0.999));
        assert!(is_saturated(Activation::Sigmoid, 0.001));
        assert!(!is_saturated(Activation::Sigmoid, 0.5));
        assert!(!is_saturated(Activation::Sigmoid, 0.98));
        assert!(is_saturated(Activation::Tanh, -0.99));
        assert!(!is_saturated(Activation::Tanh, 0.9));
        assert!(is_saturated(Activation::Relu, 0.0));
        assert!(!is_saturated(Activation::Relu, 0.1));
    }
}
