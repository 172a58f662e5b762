//! What an evaluation reports.

use serde::{Deserialize, Serialize};

/// One evaluation. Losses are the mean over images of Σ_k (ŷ_k − y_k)² (the same measure in both
/// conventions); accuracies are fractions in [0, 1].
///
/// Test figures come from the whole test set. Train figures are the mean over the mini-batches
/// trained since the previous evaluation, each measured by its forward pass before its update;
/// at step 0 they come from the whole training subset.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub step: usize,
    pub train_loss: f64,
    pub train_acc: f64,
    pub test_loss: f64,
    pub test_acc: f64,
}

impl Metrics {
    pub const CSV_HEADER: &'static str = "step,train_loss,train_acc,test_loss,test_acc";

    pub fn csv_row(&self) -> String {
        format!("{},{},{},{},{}", self.step, self.train_loss, self.train_acc, self.test_loss, self.test_acc)
    }
}
