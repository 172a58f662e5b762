//! One SGD step of backpropagation, with every buffer allocated once up front: nothing is
//! allocated per step.
//!
//! For layer l with input A_{l−1} (B×n_in), pre-activation Z_l = A_{l−1}·W_l (+ b_l) and output
//! A_l = f(Z_l) (the last layer is linear), given δ_L = ∂L/∂Ŷ:
//!   ∂L/∂W_l = A_{l−1}ᵀ·δ_l,  ∂L/∂b_l = Σ_batch δ_l,
//!   ∂L/∂A_{l−1} = δ_l·W_lᵀ,  δ_{l−1} = f′(Z_{l−1}) ⊙ ∂L/∂A_{l−1},
//! then W_l ← W_l − η ∂L/∂W_l.

use crate::data::{Dataset, N_CLASSES};

use super::kernels::{matmul_a_bt, matmul_at_b};
use super::loss::{argmax, squared_error, squared_error_gradient};
use super::Mlp;

/// What a batch's forward pass measured, before the update.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BatchStats {
    /// Σ over images of the per-image squared error.
    pub loss_sum: f64,
    pub correct: usize,
    pub images: usize,
}

pub struct Trainer {
    batch: usize,
    /// The batch's inputs, batch×n_in, already scaled.
    x: Vec<f32>,
    labels: Vec<u8>,
    /// Layer outputs A_l, per layer.
    acts: Vec<Vec<f32>>,
    /// δ_l = ∂L/∂Z_l, per layer.
    deltas: Vec<Vec<f32>>,
    /// ∂L/∂W_l and ∂L/∂b_l, per layer.
    grad_w: Vec<Vec<f32>>,
    grad_b: Vec<Vec<f32>>,
}

impl Trainer {
    pub fn new(model: &Mlp, batch: usize) -> Self {
        Self {
            batch,
            x: vec![0.0; batch * model.input_len()],
            labels: vec![0; batch],
            acts: model.activation_buffers(batch),
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

    /// Forward and backward pass on the loaded batch: fills the gradients, with ∂L/∂Ŷ scaled
    /// by `grad_scale` (1 for a summed loss, 1/B for a mean). Returns the batch's loss and hits.
    pub fn compute_gradients(&mut self, model: &Mlp, grad_scale: f32) -> BatchStats {
        let b = self.batch;
        model.forward(&self.x, b, &mut self.acts);
        let last = model.layers.len() - 1;
        let mut stats = BatchStats { images: b, ..Default::default() };
        {
            let out = &self.acts[last];
            let delta = &mut self.deltas[last];
            for (i, &label) in self.labels.iter().enumerate() {
                let o = &out[i * N_CLASSES..(i + 1) * N_CLASSES];
                stats.loss_sum += f64::from(squared_error(o, label as usize));
                stats.correct += usize::from(argmax(o) == label as usize);
                squared_error_gradient(o, label as usize, grad_scale, &mut delta[i * N_CLASSES..(i + 1) * N_CLASSES]);
            }
        }
        for l in (0..=last).rev() {
            let layer = &model.layers[l];
            let input: &[f32] = if l == 0 { &self.x } else { &self.acts[l - 1] };
            matmul_at_b(input, &self.deltas[l], &mut self.grad_w[l], b, layer.n_in, layer.n_out);
            if layer.b.is_some() {
                let gb = &mut self.grad_b[l];
                gb.fill(0.0);
                for row in self.deltas[l].chunks_exact(layer.n_out) {
                    gb.iter_mut().zip(row).for_each(|(g, d)| *g += d);
                }
            }
            if l > 0 {
                let (lower, upper) = self.deltas.split_at_mut(l);
                let back = &mut lower[l - 1];
                matmul_a_bt(&upper[0], &layer.w, back, b, layer.n_out, layer.n_in);
                for (d, &h) in back.iter_mut().zip(&self.acts[l - 1]) {
                    *d *= model.activation.derivative_from_output(h);
                }
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

    /// One SGD step on the loaded batch.
    pub fn step(&mut self, model: &mut Mlp, learning_rate: f32, grad_scale: f32) -> BatchStats {
        let stats = self.compute_gradients(model, grad_scale);
        self.apply_update(model, learning_rate);
        stats
    }

    /// ∂L/∂W of layer `l` from the last [`Trainer::compute_gradients`].
    pub fn weight_gradient(&self, l: usize) -> &[f32] {
        &self.grad_w[l]
    }

    /// ∂L/∂b of layer `l` from the last [`Trainer::compute_gradients`].
    pub fn bias_gradient(&self, l: usize) -> &[f32] {
        &self.grad_b[l]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Activation;
    use crate::rng::{Rng, Stream};

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
        let mut t = Trainer::new(&model, 6);
        t.load_batch(&data, &[0, 1, 2, 3, 4, 5], 1.0 / 255.0);
        t.compute_gradients(&model, 1.0);
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

    #[test]
    fn a_step_lowers_the_loss_on_its_batch() {
        let data = tiny();
        let mut model = Mlp::new(&[9, 8, 10], Activation::Sigmoid, true, 0.1, &mut Rng::new(1, Stream::Init));
        let mut t = Trainer::new(&model, 6);
        t.load_batch(&data, &[0, 1, 2, 3, 4, 5], 1.0 / 255.0);
        let before = t.step(&mut model, 0.05, 1.0).loss_sum;
        let after = t.compute_gradients(&model, 1.0).loss_sum;
        assert!(after < before, "{after} !< {before}");
    }
}
