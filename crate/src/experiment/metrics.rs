//! What an evaluation reports.

use serde::{Deserialize, Serialize};

use super::LayerDiagnostics;

/// One evaluation. Losses are the mean over images of Σ_k (ŷ_k − y_k)² (the same measure in both
/// conventions); accuracies are fractions in [0, 1].
///
/// Test figures come from the whole test set. Train figures are the mean over the mini-batches
/// trained since the previous evaluation, each measured by its forward pass before its update;
/// at step 0 they come from the whole training subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub step: usize,
    pub train_loss: f64,
    pub train_acc: f64,
    pub test_loss: f64,
    pub test_acc: f64,
    /// Per weight layer, input side first.
    pub layers: Vec<LayerDiagnostics>,
}

/// Per-layer CSV columns, each prefixed `l{n}_` with n = 1 for the first weight layer.
const LAYER_COLUMNS: [&str; 8] =
    ["grad", "dw_per_step", "w", "dl_dh", "dl_dz", "saturated", "feedback_angle_deg", "update_angle_deg"];

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
        let mut r = format!("{},{},{},{},{}", self.step, self.train_loss, self.train_acc, self.test_loss, self.test_acc);
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        for l in 0..layers {
            match self.layers.get(l) {
                Some(d) => r.push_str(&format!(
                    ",{},{},{},{},{},{},{},{}",
                    d.mean_abs_grad,
                    d.mean_abs_dw_per_step,
                    d.mean_abs_w,
                    d.mean_abs_dl_dh,
                    d.mean_abs_dl_dz,
                    opt(d.saturated_fraction),
                    opt(d.feedback_angle_deg),
                    opt(d.update_angle_deg)
                )),
                None => r.push_str(&",".repeat(LAYER_COLUMNS.len())),
            }
        }
        r
    }
}
