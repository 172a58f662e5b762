//! Squared error against one-hot targets.
//!
//! Per image, e = Σ_k (ŷ_k − y_k)² over the 10 outputs; reported losses are the mean of e over
//! images in both conventions, so curves compare. The training gradient is
//! ∂L/∂ŷ = 2 (ŷ − y) · s with s = 1 (coursework: summed over the batch) or 1/B (standard).

use serde::{Deserialize, Serialize};

/// What the network learns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// The class of the image: 10 outputs against one-hot targets.
    #[default]
    Classify,
    /// The image itself: as many outputs as pixels, trained to redraw the input through the
    /// hidden layers (the narrowest is the bottleneck); the loss is the mean squared error per
    /// pixel.
    Autoencode,
}

/// Squared error of one image's outputs against the one-hot target `label`.
pub fn squared_error(outputs: &[f32], label: usize) -> f32 {
    outputs
        .iter()
        .enumerate()
        .map(|(k, &o)| {
            let d = o - if k == label { 1.0 } else { 0.0 };
            d * d
        })
        .sum()
}

/// Writes ∂L/∂ŷ = 2 (ŷ − y) · scale for one image into `grad`.
pub fn squared_error_gradient(outputs: &[f32], label: usize, scale: f32, grad: &mut [f32]) {
    for (k, (g, &o)) in grad.iter_mut().zip(outputs).enumerate() {
        *g = 2.0 * (o - if k == label { 1.0 } else { 0.0 }) * scale;
    }
}

/// Squared error of outputs against a dense target, Σ_k (ŷ_k − x_k)².
pub fn squared_error_dense(outputs: &[f32], target: &[f32]) -> f32 {
    outputs.iter().zip(target).map(|(&o, &t)| (o - t) * (o - t)).sum()
}

/// Writes ∂L/∂ŷ = 2 (ŷ − x) · scale against a dense target into `grad`.
pub fn squared_error_dense_gradient(outputs: &[f32], target: &[f32], scale: f32, grad: &mut [f32]) {
    for ((g, &o), &t) in grad.iter_mut().zip(outputs).zip(target) {
        *g = 2.0 * (o - t) * scale;
    }
}

/// Index of the largest output (the lowest index on ties).
pub fn argmax(outputs: &[f32]) -> usize {
    let mut best = 0;
    for (k, &o) in outputs.iter().enumerate() {
        if o > outputs[best] {
            best = k;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_and_gradient() {
        let o = [0.5, 0.0, 1.0];
        assert_eq!(squared_error(&o, 2), 0.25);
        let mut g = [0.0; 3];
        squared_error_gradient(&o, 2, 0.5, &mut g);
        assert_eq!(g, [0.5, 0.0, 0.0]);
        assert_eq!(argmax(&[0.1, 0.3, 0.3]), 1);
        assert_eq!(squared_error_dense(&[0.5, 1.0], &[0.0, 1.0]), 0.25);
        let mut g2 = [0.0; 2];
        squared_error_dense_gradient(&[0.5, 1.0], &[0.0, 1.0], 0.5, &mut g2);
        assert_eq!(g2, [0.5, 0.0]);
    }
}
