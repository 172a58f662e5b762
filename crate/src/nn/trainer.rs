//! One SGD step with a pluggable backward pass, every buffer allocated once up front: nothing
//! is allocated per step.
//!
//! For layer l with input A_{l−1} (B×n_in), pre-activation Z_l = A_{l−1}·W_l (+ b_l) and output
//! A_l = f(Z_l) (the last layer is linear), given δ_L = ∂L/∂Ŷ:
//!   ∂L/∂W_l = A_{l−1}ᵀ·δ_l,  ∂L/∂b_l = Σ_batch δ_l,
//!   ∂L/∂A_{l−1} = δ_l·W_lᵀ (or the rule's matrix, see `Feedback`),
//!   δ_{l−1} = f′(Z_{l−1}) ⊙ ∂L/∂A_{l−1} (or without f′, by the rule),
//! then W_l ← W_l − η ∂L/∂W_l.

use crate::nn::loss::Task;
use crate::nn::rules::StochasticMode;
use crate::data::{Dataset, N_CLASSES};
use crate::rng::Rng;

use super::feedback::Feedback;
use super::kernels::matmul_at_b;
use super::loss::{argmax, squared_error, squared_error_dense, squared_error_dense_gradient, squared_error_gradient};
use super::Mlp;

/// What a batch's forward pass measured, before the update.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BatchStats {
    /// Σ over images of the per-image squared error.
    pub loss_sum: f64,
    pub correct: usize,
    pub images: usize,
}

/// What the backward pass does to the hidden layers' errors this step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackwardPass {
    /// The rule's own errors.
    Normal,
    /// The stochastic backward pass struck, in this mode.
    Struck(StochasticMode),
}

pub struct Trainer {
    batch: usize,
    /// What the outputs are compared with: the one-hot label, or the input itself.
    task: Task,
    /// The batch's inputs, batch×n_in, already scaled.
    x: Vec<f32>,
    labels: Vec<u8>,
    /// Layer outputs A_l, per layer.
    acts: Vec<Vec<f32>>,
    /// ∂L/∂A_l as sent back by the rule, per layer (the output layer's is ∂L/∂Ŷ).
    errors: Vec<Vec<f32>>,
    /// δ_l = ∂L/∂Z_l as used for the update, per layer.
    deltas: Vec<Vec<f32>>,
    /// ∂L/∂W_l and ∂L/∂b_l, per layer: the rule's, so the update is −η times them.
    grad_w: Vec<Vec<f32>>,
    grad_b: Vec<Vec<f32>>,
}

impl Trainer {
    pub fn new(model: &Mlp, batch: usize, task: Task) -> Self {
        Self {
            batch,
            task,
            x: vec![0.0; batch * model.input_len()],
            labels: vec![0; batch],
            acts: model.activation_buffers(batch),
            errors: model.activation_buffers(batch),
            deltas: model.activation_buffers(batch),
            grad_w: model.layers.iter().map(|l| vec![0.0; l.w.len()]).collect(),
            grad_b: model.layers.iter().map(|l| vec![0.0; l.n_out]).collect(),
        }
    }

    /// Copies the images `indices` (exactly one batch) into the input buffer, times `scale`.
    pub fn load_batch(&mut self, data: &Dataset, indices: &[usize], scale: f32) {
        assert_eq!(indices.len(), self.batch, "a batch has a fixed size");
        let n = data.image_len();
        for (row, &i) in indices.iter().enumerate() {
            let dst = &mut self.x[row * n..(row + 1) * n];
            dst.iter_mut().zip(data.image(i)).for_each(|(d, &p)| *d = f32::from(p) * scale);
            self.labels[row] = data.labels[i];
        }
    }

    /// Forward and backward pass on the loaded batch under `feedback`'s rule: fills the
    /// gradients, with ∂L/∂Ŷ scaled by `grad_scale` (1 for a summed loss, 1/B for a mean).
    /// `pass` may replace the hidden errors (the stochastic backward pass; `noise` draws its
    /// Gaussian noise). Returns the batch's loss and hits.
    pub fn compute_gradients(
        &mut self,
        model: &Mlp,
        grad_scale: f32,
        feedback: &Feedback,
        pass: BackwardPass,
        noise: &mut Rng,
    ) -> BatchStats {
        let b = self.batch;
        model.forward(&self.x, b, &mut self.acts);
        let last = model.layers.len() - 1;
        let mut stats = BatchStats { images: b, ..Default::default() };
        {
            let out = &self.acts[last];
            let error = &mut self.errors[last];
            let width = model.output_len();
            match self.task {
                Task::Classify => {
                    for (i, &label) in self.labels.iter().enumerate() {
                        let o = &out[i * N_CLASSES..(i + 1) * N_CLASSES];
                        stats.loss_sum += f64::from(squared_error(o, label as usize));
                        stats.correct += usize::from(argmax(o) == label as usize);
                        squared_error_gradient(o, label as usize, grad_scale, &mut error[i * N_CLASSES..(i + 1) * N_CLASSES]);
                    }
                }
                Task::Autoencode => {
                    // The loss per image is the mean over pixels: (1/P) Σ_p (x̂_p − x_p)².
                    let per_pixel = 1.0 / width as f32;
                    for i in 0..b {
                        let (o, x) = (&out[i * width..(i + 1) * width], &self.x[i * width..(i + 1) * width]);
                        stats.loss_sum += f64::from(squared_error_dense(o, x) * per_pixel);
                        squared_error_dense_gradient(o, x, grad_scale * per_pixel, &mut error[i * width..(i + 1) * width]);
                    }
                }
            }
            let delta = &mut self.deltas[last];
            match model.output_activation {
                None => delta.copy_from_slice(error),
                Some(f) => {
                    for ((d, &e), &y) in delta.iter_mut().zip(error.iter()).zip(out) {
                        *d = e * f.derivative_from_output(y);
                    }
                }
            }
        }
        let use_derivative = feedback.rule().uses_derivative();
        for l in (0..=last).rev() {
            let layer = &model.layers[l];
            if l < last && pass == BackwardPass::Struck(StochasticMode::Skip) {
                self.grad_w[l].fill(0.0);
                self.grad_b[l].fill(0.0);
                continue;
            }
            let input: &[f32] = if l == 0 { &self.x } else { &self.acts[l - 1] };
            matmul_at_b(input, &self.deltas[l], &mut self.grad_w[l], b, layer.n_in, layer.n_out);
            if layer.b.is_some() {
                let gb = &mut self.grad_b[l];
                gb.fill(0.0);
                for row in self.deltas[l].chunks_exact(layer.n_out) {
                    gb.iter_mut().zip(row).for_each(|(g, d)| *g += d);
                }
            }
            if l == 0 {
                break;
            }
            let (lower, upper) = self.deltas.split_at_mut(l);
            let error = &mut self.errors[l - 1];
            feedback.send_back(model, l, &upper[0], &upper[last - l], b, error);
            let delta = &mut lower[l - 1];
            match pass {
                BackwardPass::Struck(StochasticMode::Corrupt) => {
                    error.fill(1.0);
                    delta.fill(1.0);
                }
                _ if use_derivative => {
                    for ((d, &e), &h) in delta.iter_mut().zip(error.iter()).zip(&self.acts[l - 1]) {
                        *d = e * model.activation.derivative_from_output(h);
                    }
                }
                _ => delta.copy_from_slice(error),
            }
            if pass == BackwardPass::Struck(StochasticMode::Noise) {
                let rms = (delta.iter().map(|&d| f64::from(d) * f64::from(d)).sum::<f64>() / delta.len() as f64).sqrt();
                delta.iter_mut().for_each(|d| *d = (noise.normal() * rms) as f32);
            }
        }
        stats
    }

    /// W ← W − η ∂L/∂W (and the same for biases).
    pub fn apply_update(&self, model: &mut Mlp, learning_rate: f32) {
        for (l, layer) in model.layers.iter_mut().enumerate() {
            layer.w.iter_mut().zip(&self.grad_w[l]).for_each(|(w, g)| *w -= learning_rate * g);
            if let Some(bias) = &mut layer.b {
                bias.iter_mut().zip(&self.grad_b[l]).for_each(|(w, g)| *w -= learning_rate * g);
            }
        }
    }

    /// ∂L/∂W of layer `l` from the last [`Trainer::compute_gradients`].
    pub fn weight_gradient(&self, l: usize) -> &[f32] {
        &self.grad_w[l]
    }

    /// ∂L/∂b of layer `l` from the last [`Trainer::compute_gradients`].
    pub fn bias_gradient(&self, l: usize) -> &[f32] {
        &self.grad_b[l]
    }

    /// ∂L/∂A_l (as sent back by the rule) of the last [`Trainer::compute_gradients`].
    pub fn error(&self, l: usize) -> &[f32] {
        &self.errors[l]
    }

    /// δ_l = ∂L/∂Z_l (as used for the update) of the last [`Trainer::compute_gradients`].
    pub fn delta(&self, l: usize) -> &[f32] {
        &self.deltas[l]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::loss::Task;
    use crate::nn::rules::Rule;
    use crate::nn::Activation;
    use crate::rng::{Rng, Stream};

    fn backprop(t: &mut Trainer, model: &Mlp) -> BatchStats {
        let fb = Feedback::new(Rule::Backprop, model, 1.0, 0);
        t.compute_gradients(model, 1.0, &fb, BackwardPass::Normal, &mut Rng::new(0, Stream::Backward))
    }

    /// A tiny data set: 6 images of 3×3 pixels.
    fn tiny() -> Dataset {
        let pixels: Vec<u8> = (0..54u32).map(|i| (i * 37 % 256) as u8).collect();
        Dataset::from_parts(3, 3, pixels, vec![0, 3, 9, 1, 1, 5])
    }

    fn loss(model: &Mlp, trainer: &mut Trainer) -> f64 {
        let b = trainer.batch;
        model.forward(&trainer.x, b, &mut trainer.acts);
        let out = &trainer.acts[model.layers.len() - 1];
        trainer.labels.iter().enumerate().map(|(i, &y)| f64::from(squared_error(&out[i * 10..(i + 1) * 10], y as usize))).sum()
    }

    /// Compares every analytic gradient with a central finite difference of the summed loss.
    fn check_gradients(hidden: &[usize], activation: Activation, bias: bool) {
        let data = tiny();
        let mut sizes = vec![9];
        sizes.extend_from_slice(hidden);
        sizes.push(10);
        let mut model = Mlp::new(&sizes, activation, bias, 0.5, &mut Rng::new(3, Stream::Init));
        if let Some(b) = model.layers[0].b.as_mut() {
            b.iter_mut().enumerate().for_each(|(i, v)| *v = 0.1 * i as f32 - 0.2);
        }
        let mut t = Trainer::new(&model, 6, Task::Classify);
        t.load_batch(&data, &[0, 1, 2, 3, 4, 5], 1.0 / 255.0);
        backprop(&mut t, &model);
        // ReLU's kink is crossed by a large step; the smooth functions tolerate one.
        let eps = if activation == Activation::Relu { 2e-3f32 } else { 1e-2f32 };
        let mut checked = 0;
        for l in 0..model.layers.len() {
            let analytic_w = t.weight_gradient(l).to_vec();
            let analytic_b = t.bias_gradient(l).to_vec();
            for j in 0..model.layers[l].w.len() {
                let orig = model.layers[l].w[j];
                model.layers[l].w[j] = orig + eps;
                let up = loss(&model, &mut t);
                model.layers[l].w[j] = orig - eps;
                let down = loss(&model, &mut t);
                model.layers[l].w[j] = orig;
                let numeric = (up - down) / (2.0 * f64::from(eps));
                let a = f64::from(analytic_w[j]);
                assert!((numeric - a).abs() <= 2e-3 + 2e-2 * a.abs(), "layer {l} w[{j}]: numeric {numeric} analytic {a}");
                checked += 1;
            }
            if bias {
                for j in 0..model.layers[l].n_out {
                    let b = model.layers[l].b.as_mut().unwrap();
                    let orig = b[j];
                    b[j] = orig + eps;
                    let up = loss(&model, &mut t);
                    model.layers[l].b.as_mut().unwrap()[j] = orig - eps;
                    let down = loss(&model, &mut t);
                    model.layers[l].b.as_mut().unwrap()[j] = orig;
                    let numeric = (up - down) / (2.0 * f64::from(eps));
                    let a = f64::from(analytic_b[j]);
                    assert!((numeric - a).abs() <= 2e-3 + 2e-2 * a.abs(), "layer {l} b[{j}]: {numeric} vs {a}");
                }
            }
        }
        assert!(checked > 50);
    }

    #[test]
    fn gradients_one_hidden_layer() {
        check_gradients(&[5], Activation::Sigmoid, false);
        check_gradients(&[5], Activation::Tanh, true);
    }

    #[test]
    fn gradients_two_hidden_layers() {
        check_gradients(&[6, 4], Activation::Sigmoid, true);
        check_gradients(&[6, 4], Activation::Tanh, false);
    }

    #[test]
    fn gradients_three_hidden_layers_relu() {
        check_gradients(&[6, 5, 4], Activation::Relu, true);
    }

    /// 1 input → 1 sigmoid unit → 10 outputs, one image of value x = 2, label 0, so every
    /// rule's update can be written out by hand.
    fn hand_net() -> (Mlp, Dataset) {
        let v: Vec<f32> = (0..10).map(|k| 0.3 - 0.07 * k as f32).collect();
        let model = Mlp {
            layers: vec![
                crate::nn::Dense { n_in: 1, n_out: 1, w: vec![0.4], b: None },
                crate::nn::Dense { n_in: 1, n_out: 10, w: v, b: None },
            ],
            activation: Activation::Sigmoid,
            output_activation: None,
        };
        (model, Dataset::from_parts(1, 1, vec![2], vec![0]))
    }

    /// (∂L/∂W1, ∂L/∂W2) the trainer computes under `rule` and `pass`.
    fn rule_update(rule: Rule, pass: BackwardPass) -> (f64, Vec<f64>, Feedback) {
        let (model, data) = hand_net();
        let fb = Feedback::new(rule, &model, 1.0, 11);
        let mut t = Trainer::new(&model, 1, Task::Classify);
        t.load_batch(&data, &[0], 1.0);
        t.compute_gradients(&model, 1.0, &fb, pass, &mut Rng::new(1, Stream::Backward));
        let w2 = t.weight_gradient(1).iter().map(|&g| f64::from(g)).collect();
        (f64::from(t.weight_gradient(0)[0]), w2, fb)
    }

    #[test]
    fn each_rule_matches_its_hand_worked_update() {
        let (model, _) = hand_net();
        let x = 2.0f64;
        let h = 1.0 / (1.0 + (-x * 0.4f64).exp());
        let v: Vec<f64> = model.layers[1].w.iter().map(|&w| f64::from(w)).collect();
        // e_k = ∂L/∂ŷ_k = 2(h·v_k − y_k), y = one-hot(0).
        let e: Vec<f64> = v.iter().enumerate().map(|(k, vk)| 2.0 * (h * vk - if k == 0 { 1.0 } else { 0.0 })).collect();
        let dw2: Vec<f64> = e.iter().map(|ek| h * ek).collect();
        let dh_backprop: f64 = e.iter().zip(&v).map(|(ek, vk)| ek * vk).sum();
        let dh_sign: f64 = e.iter().zip(&v).map(|(ek, vk)| ek * vk.signum()).sum();
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-5 * (1.0 + b.abs()), "{a} vs {b}");

        let check = |rule: Rule, pass: BackwardPass, expected_dw1: &dyn Fn(&Feedback) -> f64| {
            let (dw1, w2, fb) = rule_update(rule, pass);
            close(dw1, expected_dw1(&fb));
            // The output layer always learns by the true gradient, except nothing differs there.
            w2.iter().zip(&dw2).for_each(|(&a, &b)| close(a, b));
        };
        let normal = BackwardPass::Normal;
        check(Rule::Backprop, normal, &|_| x * h * (1.0 - h) * dh_backprop);
        check(Rule::NoDerivative, normal, &|_| x * dh_backprop);
        check(Rule::SignSymmetry, normal, &|_| x * h * (1.0 - h) * dh_sign);
        let fa_dh = |fb: &Feedback| e.iter().zip(&fb.matrices_for_tests()[1]).map(|(ek, &bk)| ek * f64::from(bk)).sum::<f64>();
        check(Rule::FeedbackAlignment, normal, &|fb| x * h * (1.0 - h) * fa_dh(fb));
        check(Rule::FeedbackAlignmentNoDerivative, normal, &|fb| x * fa_dh(fb));
        let dfa_dh = |fb: &Feedback| e.iter().zip(&fb.matrices_for_tests()[0]).map(|(ek, &dk)| ek * f64::from(dk)).sum::<f64>();
        check(Rule::DirectFeedbackAlignment, normal, &|fb| x * h * (1.0 - h) * dfa_dh(fb));
        // The stochastic pass: corrupt makes δ1 = 1, so ∂L/∂W1 = x; skip leaves W1 alone.
        check(Rule::Backprop, BackwardPass::Struck(StochasticMode::Corrupt), &|_| x);
        check(Rule::Backprop, BackwardPass::Struck(StochasticMode::Skip), &|_| 0.0);
    }

    #[test]
    fn noise_keeps_the_error_scale_but_not_its_direction() {
        let data = tiny();
        let model = Mlp::new(&[9, 40, 10], Activation::Sigmoid, false, 0.5, &mut Rng::new(2, Stream::Init));
        let fb = Feedback::new(Rule::Backprop, &model, 1.0, 0);
        let mut t = Trainer::new(&model, 6, Task::Classify);
        t.load_batch(&data, &[0, 1, 2, 3, 4, 5], 1.0 / 255.0);
        let mut rng = Rng::new(4, Stream::Backward);
        t.compute_gradients(&model, 1.0, &fb, BackwardPass::Normal, &mut rng);
        let true_delta = t.delta(0).to_vec();
        t.compute_gradients(&model, 1.0, &fb, BackwardPass::Struck(StochasticMode::Noise), &mut rng);
        let rms = |v: &[f32]| (v.iter().map(|&d| f64::from(d).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
        let ratio = rms(t.delta(0)) / rms(&true_delta);
        assert!((0.7..1.3).contains(&ratio), "rms ratio {ratio}");
        let angle = crate::nn::feedback::angle_deg(t.delta(0), &true_delta);
        assert!((60.0..120.0).contains(&angle), "noise should be unrelated to the error: {angle}°");
    }

    #[test]
    fn a_step_lowers_the_loss_on_its_batch() {
        let data = tiny();
        let mut model = Mlp::new(&[9, 8, 10], Activation::Sigmoid, true, 0.1, &mut Rng::new(1, Stream::Init));
        let mut t = Trainer::new(&model, 6, Task::Classify);
        t.load_batch(&data, &[0, 1, 2, 3, 4, 5], 1.0 / 255.0);
        let before = backprop(&mut t, &model).loss_sum;
        t.apply_update(&mut model, 0.05);
        let after = backprop(&mut t, &model).loss_sum;
        assert!(after < before, "{after} !< {before}");
    }
}
