//! What an evaluation reports.

use serde::{Deserialize, Serialize};

use super::LayerDiagnostics;
use crate::info::{DataProcessingCheck, LayerInfo};

/// One evaluation. Losses are the mean over images of Σ_k (ŷ_k − y_k)² (the same measure in both
/// conventions) for a classifier, and the mean squared error per pixel for an autoencoder;
/// accuracies are fractions in [0, 1].
///
/// Test figures come from the whole test set. Train figures are the mean over the mini-batches
/// trained since the previous evaluation, each measured by its forward pass before its update;
/// at step 0 they come from the whole training subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub step: usize,
    pub train_loss: f64,
    /// None for an autoencoder, which has no classes to get right.
    pub train_acc: Option<f64>,
    pub test_loss: f64,
    pub test_acc: Option<f64>,
    /// Per weight layer, input side first.
    pub layers: Vec<LayerDiagnostics>,
    /// Per layer (each hidden layer, then the output), what its code tells about the label X
    /// and the brightest quadrant W, on the test set.
    pub info: Vec<LayerInfo>,
    /// Per consecutive pair of layers (Y before Z), whether I(X;Y) ≥ I(X;Z) holds for the codes.
    pub data_processing: Vec<DataProcessingCheck>,
}

/// Per-layer CSV columns, each prefixed `l{n}_` with n = 1 for the first weight layer.
const LAYER_COLUMNS: [&str; 16] = [
    "grad",
    "dw_per_step",
    "w",
    "dl_dh",
    "dl_dz",
    "saturated",
    "feedback_angle_deg",
    "update_angle_deg",
    "h_t_bits",
    "h_t_given_x_bits",
    "i_x_t_bits",
    "i_t_w_bits",
    "i_x_t_shuffled_bits",
    "i_t_w_shuffled_bits",
    "code_saturated",
    "dpi_holds",
];

impl Metrics {
    /// The CSV header for networks of up to `layers` weight layers.
    pub fn csv_header(layers: usize) -> String {
        let mut h = String::from("step,train_loss,train_acc,test_loss,test_acc");
        for l in 1..=layers {
            for c in LAYER_COLUMNS {
                h.push_str(&format!(",l{l}_{c}"));
            }
        }
        h
    }

    /// One CSV row, padded with empty cells up to `layers` weight layers.
    pub fn csv_row(&self, layers: usize) -> String {
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let mut r = format!("{},{},{},{},{}", self.step, self.train_loss, opt(self.train_acc), self.test_loss, opt(self.test_acc));
        for l in 0..layers {
            match (self.layers.get(l), self.info.get(l)) {
                (Some(d), Some(i)) => r.push_str(&format!(
                    ",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                    d.mean_abs_grad,
                    d.mean_abs_dw_per_step,
                    d.mean_abs_w,
                    d.mean_abs_dl_dh,
                    d.mean_abs_dl_dz,
                    opt(d.saturated_fraction),
                    opt(d.feedback_angle_deg),
                    opt(d.update_angle_deg),
                    i.h_t_bits,
                    i.h_t_given_x_bits,
                    i.i_x_t_bits,
                    i.i_t_w_bits,
                    i.i_x_t_shuffled_bits,
                    i.i_t_w_shuffled_bits,
                    i.saturated,
                    // Between this layer and the next; empty for the output layer.
                    self.data_processing.get(l).map(|c| c.holds.to_string()).unwrap_or_default(),
                )),
                _ => r.push_str(&",".repeat(LAYER_COLUMNS.len())),
            }
        }
        r
    }
}
