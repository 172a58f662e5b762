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
    /// The CSV header's fields for networks of up to `layers` weight layers (without the `run`
    /// column a front end appends).
    pub fn csv_header_fields(layers: usize) -> Vec<String> {
        let mut h: Vec<String> = ["step", "train_loss", "train_acc", "test_loss", "test_acc"].map(String::from).to_vec();
        for l in 1..=layers {
            h.extend(LAYER_COLUMNS.iter().map(|c| format!("l{l}_{c}")));
        }
        h
    }

    /// One CSV row's fields, padded with empty cells up to `layers` weight layers.
    pub fn csv_fields(&self, layers: usize) -> Vec<String> {
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let mut r = vec![self.step.to_string(), self.train_loss.to_string(), opt(self.train_acc), self.test_loss.to_string(), opt(self.test_acc)];
        for l in 0..layers {
            match (self.layers.get(l), self.info.get(l)) {
                (Some(d), Some(i)) => r.extend([
                    d.mean_abs_grad.to_string(),
                    d.mean_abs_dw_per_step.to_string(),
                    d.mean_abs_w.to_string(),
                    d.mean_abs_dl_dh.to_string(),
                    d.mean_abs_dl_dz.to_string(),
                    opt(d.saturated_fraction),
                    opt(d.feedback_angle_deg),
                    opt(d.update_angle_deg),
                    i.h_t_bits.to_string(),
                    i.h_t_given_x_bits.to_string(),
                    i.i_x_t_bits.to_string(),
                    i.i_t_w_bits.to_string(),
                    i.i_x_t_shuffled_bits.to_string(),
                    i.i_t_w_shuffled_bits.to_string(),
                    i.saturated.to_string(),
                    // Between this layer and the next; empty for the output layer.
                    self.data_processing.get(l).map(|c| c.holds.to_string()).unwrap_or_default(),
                ]),
                _ => r.extend(std::iter::repeat_n(String::new(), LAYER_COLUMNS.len())),
            }
        }
        r
    }

    /// The CSV header for networks of up to `layers` weight layers.
    pub fn csv_header(layers: usize) -> String {
        Self::csv_header_fields(layers).join(",")
    }

    /// One CSV row, padded with empty cells up to `layers` weight layers.
    pub fn csv_row(&self, layers: usize) -> String {
        self.csv_fields(layers).join(",")
    }
}
