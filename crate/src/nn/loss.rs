//! The loss of each task, per image, in one place: the trainer's training loss and gradient and
//! the evaluator's test loss both come from here.
//!
//! Squared error (the coursework's, the default). Classifier: e = Σ_k (ŷ_k − y_k)² over the 10
//! outputs against the one-hot label y. Autoencoder: e = (1/P) Σ_p (x̂_p − x_p)² over the P
//! pixels against the input x itself; no hits.
//!
//! Softmax cross-entropy (classifier only): p = softmax(ŷ), p_k = e^(ŷ_k − m) / Σ_j e^(ŷ_j − m)
//! with m = max ŷ (the same p, without overflow), and e = −ln p_label = ln Σ_j e^(ŷ_j − m) + m −
//! ŷ_label, in nats; ∂e/∂ŷ_k = p_k − y_k. The softmax is taken over the outputs as the output
//! layer gives them (linear by default: the logits). The autoencoder has no cross-entropy: its
//! pixels are not classes, and a per-pixel binary cross-entropy would need its outputs to stay
//! strictly inside (0, 1), which neither a linear output nor a sigmoid saturated in f32 does, so
//! the config refuses `loss = cross_entropy` with `task = autoencode` (field `loss`); should a
//! caller of these functions pair them anyway, the autoencoder is scored by squared error.
//!
//! Either way a hit is argmax ŷ = label (the softmax keeps the order). Reported losses are the
//! mean of e over images in both conventions, so curves compare. The training gradient is
//! ∂L/∂ŷ = s · ∂e/∂ŷ with s = 1 (coursework: loss summed over the batch) or 1/B (standard: mean).
//! `libm` supplies exp and ln, so the numbers are the same natively and in wasm.

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

/// How the outputs are scored against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Σ (ŷ − y)² (per pixel, the mean, for the autoencoder): the coursework's.
    #[default]
    SquaredError,
    /// −ln softmax(ŷ)_label, in nats: the classifier's usual loss (not the autoencoder's).
    CrossEntropy,
}

/// What one image's outputs are compared with: its label and its (scaled) input.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub label: u8,
    pub input: &'a [f32],
}

impl Task {
    /// (e, hit) of one image's outputs under `loss`.
    pub fn image_loss(self, loss: Loss, outputs: &[f32], target: Target) -> (f32, bool) {
        match self {
            Task::Classify => {
                let label = usize::from(target.label);
                let e = match loss {
                    Loss::SquaredError => squared_error(outputs, label),
                    Loss::CrossEntropy => cross_entropy(outputs, label),
                };
                (e, argmax(outputs) == label)
            }
            Task::Autoencode => (squared_error_dense(outputs, target.input) * per_pixel(outputs), false),
        }
    }

    /// Writes s · ∂e/∂ŷ for one image under `loss` into `grad`: 2 (ŷ − y) · s for a classifier
    /// under squared error, (softmax(ŷ) − y) · s under cross-entropy, 2 (x̂ − x) · (s/P) for an
    /// autoencoder.
    pub fn image_gradient(self, loss: Loss, outputs: &[f32], target: Target, scale: f32, grad: &mut [f32]) {
        match (self, loss) {
            (Task::Classify, Loss::SquaredError) => squared_error_gradient(outputs, usize::from(target.label), scale, grad),
            (Task::Classify, Loss::CrossEntropy) => cross_entropy_gradient(outputs, usize::from(target.label), scale, grad),
            (Task::Autoencode, _) => squared_error_dense_gradient(outputs, target.input, scale * per_pixel(outputs), grad),
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

/// The largest output and ln Σ_k e^(ŷ_k − max): the softmax's shift and log-normaliser.
fn log_normaliser(outputs: &[f32]) -> (f32, f32) {
    let max = outputs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = outputs.iter().map(|&o| libm::expf(o - max)).sum();
    (max, libm::logf(sum))
}

/// Softmax cross-entropy of one image's outputs against the class `label`:
/// ln Σ_k e^(ŷ_k − m) + m − ŷ_label (m = max ŷ), in nats.
fn cross_entropy(outputs: &[f32], label: usize) -> f32 {
    let (max, log_sum) = log_normaliser(outputs);
    log_sum + max - outputs[label]
}

/// Writes ∂e/∂ŷ = (softmax(ŷ) − y) · scale for one image into `grad`.
fn cross_entropy_gradient(outputs: &[f32], label: usize, scale: f32, grad: &mut [f32]) {
    let (max, log_sum) = log_normaliser(outputs);
    for (k, (g, &o)) in grad.iter_mut().zip(outputs).enumerate() {
        let p = libm::expf(o - max - log_sum);
        *g = (p - if k == label { 1.0 } else { 0.0 }) * scale;
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

/// Index of the largest output (the lowest index on ties): the class a classifier predicts,
/// the one its accuracy counts.
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

    #[test]
    fn each_task_scores_an_image() {
        let none: &[f32] = &[];
        let se = Loss::SquaredError;
        assert_eq!(Task::Classify.image_loss(se, &[0.5, 0.0, 1.0], Target { label: 2, input: none }), (0.25, true));
        assert!(!Task::Classify.image_loss(se, &[0.5, 0.0, 0.2], Target { label: 2, input: none }).1);
        // Mean over the 2 pixels: (0.25 + 0) / 2.
        let t = Target { label: 0, input: &[0.0, 1.0] };
        assert_eq!(Task::Autoencode.image_loss(se, &[0.5, 1.0], t), (0.125, false));
        let mut g = [0.0; 2];
        Task::Autoencode.image_gradient(se, &[0.5, 1.0], t, 1.0, &mut g);
        assert_eq!(g, [0.5, 0.0]);
        Task::Classify.image_gradient(se, &[0.5, 1.0], t, 1.0, &mut g);
        assert_eq!(g, [-1.0, 2.0]);
        // The cross-entropy's hit is the squared error's: the softmax keeps the order.
        let ce = Loss::CrossEntropy;
        assert!(Task::Classify.image_loss(ce, &[0.5, 0.0, 1.0], Target { label: 2, input: none }).1);
        assert!(!Task::Classify.image_loss(ce, &[0.5, 0.0, 0.2], Target { label: 2, input: none }).1);
    }

    #[test]
    fn cross_entropy_gradient_matches_central_differences() {
        let none: &[f32] = &[];
        let o = [0.3f32, -1.2, 2.0, 0.0, 0.7, -0.4, 1.1, 0.2, -2.5, 0.9];
        for label in [0u8, 2, 8] {
            let target = Target { label, input: none };
            let mut g = [0.0; 10];
            Task::Classify.image_gradient(Loss::CrossEntropy, &o, target, 1.0, &mut g);
            for k in 0..10 {
                let eps = 1e-2f32;
                let (mut up, mut down) = (o, o);
                up[k] += eps;
                down[k] -= eps;
                let e = |x: &[f32]| f64::from(Task::Classify.image_loss(Loss::CrossEntropy, x, target).0);
                let numeric = (e(&up) - e(&down)) / (2.0 * f64::from(eps));
                assert!((numeric - f64::from(g[k])).abs() < 2e-4, "label {label} k {k}: {numeric} vs {}", g[k]);
            }
        }
    }

    #[test]
    fn cross_entropy_by_hand() {
        // ŷ = (0, ln 3): softmax = (1/4, 3/4); label 1: e = −ln(3/4) = ln(4/3).
        let o = [0.0, 3.0f32.ln()];
        let none: &[f32] = &[];
        let (e, hit) = Task::Classify.image_loss(Loss::CrossEntropy, &o, Target { label: 1, input: none });
        assert!((f64::from(e) - (4.0f64 / 3.0).ln()).abs() < 1e-6 && hit, "{e}");
        let mut g = [0.0; 2];
        Task::Classify.image_gradient(Loss::CrossEntropy, &o, Target { label: 1, input: none }, 0.5, &mut g);
        assert!((g[0] - 0.125).abs() < 1e-6 && (g[1] + 0.125).abs() < 1e-6, "{g:?}");
        // Large outputs neither overflow nor lose the loss: ŷ = (1000, 0), label 1: e = 1000.
        let (big, _) = Task::Classify.image_loss(Loss::CrossEntropy, &[1000.0, 0.0], Target { label: 1, input: none });
        assert_eq!(big, 1000.0);
        Task::Classify.image_gradient(Loss::CrossEntropy, &[1000.0, 0.0], Target { label: 1, input: none }, 1.0, &mut g);
        assert_eq!(g, [1.0, -1.0]);
        // The gradient sums to 0 over the outputs (the softmax sums to 1).
        let o = [0.3, -1.2, 2.0, 0.0, 0.7];
        let mut g = [0.0; 5];
        Task::Classify.image_gradient(Loss::CrossEntropy, &o, Target { label: 3, input: none }, 1.0, &mut g);
        assert!(g.iter().sum::<f32>().abs() < 1e-6 && g[3] < 0.0 && g.iter().enumerate().all(|(k, &v)| k == 3 || v > 0.0), "{g:?}");
    }
}
