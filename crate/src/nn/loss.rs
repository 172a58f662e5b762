//! The loss of each task, per image, in one place: the trainer's training loss and gradient and
//! the evaluator's test loss both come from here.
//!
//! Classifier: e = Σ_k (ŷ_k − y_k)² over the 10 outputs against the one-hot label y, a hit when
//! argmax ŷ = label. Autoencoder: e = (1/P) Σ_p (x̂_p − x_p)² over the P pixels against the
//! input x itself; no hits. Reported losses are the mean of e over images in both conventions,
//! so curves compare. The training gradient is ∂L/∂ŷ = s · ∂e/∂ŷ with s = 1 (coursework: loss
//! summed over the batch) or 1/B (standard: mean).

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

/// What one image's outputs are compared with: its label and its (scaled) input.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub label: u8,
    pub input: &'a [f32],
}

impl Task {
    /// (e, hit) of one image's outputs.
    pub fn image_loss(self, outputs: &[f32], target: Target) -> (f32, bool) {
        match self {
            Task::Classify => {
                let label = usize::from(target.label);
                (squared_error(outputs, label), argmax(outputs) == label)
            }
            Task::Autoencode => (squared_error_dense(outputs, target.input) * per_pixel(outputs), false),
        }
    }

    /// Writes s · ∂e/∂ŷ for one image into `grad`: 2 (ŷ − y) · s for a classifier,
    /// 2 (x̂ − x) · (s/P) for an autoencoder.
    pub fn image_gradient(self, outputs: &[f32], target: Target, scale: f32, grad: &mut [f32]) {
        match self {
            Task::Classify => squared_error_gradient(outputs, usize::from(target.label), scale, grad),
            Task::Autoencode => squared_error_dense_gradient(outputs, target.input, scale * per_pixel(outputs), grad),
        }
    }
}

/// 1/P, the autoencoder's weight of each pixel.
fn per_pixel(outputs: &[f32]) -> f32 {
    1.0 / outputs.len() as f32
}

/// Squared error of one image's outputs against the one-hot target `label`.
fn squared_error(outputs: &[f32], label: usize) -> f32 {
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
fn squared_error_gradient(outputs: &[f32], label: usize, scale: f32, grad: &mut [f32]) {
    for (k, (g, &o)) in grad.iter_mut().zip(outputs).enumerate() {
        *g = 2.0 * (o - if k == label { 1.0 } else { 0.0 }) * scale;
    }
}

/// Squared error of outputs against a dense target, Σ_k (ŷ_k − x_k)².
fn squared_error_dense(outputs: &[f32], target: &[f32]) -> f32 {
    outputs.iter().zip(target).map(|(&o, &t)| (o - t) * (o - t)).sum()
}

/// Writes ∂L/∂ŷ = 2 (ŷ − x) · scale against a dense target into `grad`.
fn squared_error_dense_gradient(outputs: &[f32], target: &[f32], scale: f32, grad: &mut [f32]) {
    for ((g, &o), &t) in grad.iter_mut().zip(outputs).zip(target) {
        *g = 2.0 * (o - t) * scale;
    }
}

/// Index of the largest output (the lowest index on ties).
fn argmax(outputs: &[f32]) -> usize {
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

    #[test]
    fn each_task_scores_an_image() {
        let none: &[f32] = &[];
        assert_eq!(Task::Classify.image_loss(&[0.5, 0.0, 1.0], Target { label: 2, input: none }), (0.25, true));
        assert!(!Task::Classify.image_loss(&[0.5, 0.0, 0.2], Target { label: 2, input: none }).1);
        // Mean over the 2 pixels: (0.25 + 0) / 2.
        let t = Target { label: 0, input: &[0.0, 1.0] };
        assert_eq!(Task::Autoencode.image_loss(&[0.5, 1.0], t), (0.125, false));
        let mut g = [0.0; 2];
        Task::Autoencode.image_gradient(&[0.5, 1.0], t, 1.0, &mut g);
        assert_eq!(g, [0.5, 0.0]);
        Task::Classify.image_gradient(&[0.5, 1.0], t, 1.0, &mut g);
        assert_eq!(g, [-1.0, 2.0]);
    }
}
