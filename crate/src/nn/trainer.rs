//! One SGD step under any learning rule, every buffer allocated once up front: nothing is
//! allocated per step.
//!
//! For layer l with input A_{l−1} (B×n_in; A_0 = X), pre-activation Z_l = A_{l−1}·W_l (+ b_l)
//! and output A_l = f(Z_l) (f_out for the last layer, the identity for linear outputs):
//!   δ_L = f_out′(Z_L) ⊙ ∂L/∂Ŷ (the task's loss, `loss.rs`),
//!   ∂L/∂W_l = A_{l−1}ᵀ·δ_l,  ∂L/∂b_l = Σ_batch δ_l,
//!   δ_{l−1} from δ_l (and δ_L) as the rule says (`rules/`: backprop's is
//!   f′(Z_{l−1}) ⊙ δ_l·W_lᵀ),
//! then W_l ← W_l − η·U_l, U_l the optimizer's direction from ∂L/∂W_l (`optimizer.rs`; SGD's
//! is ∂L/∂W_l itself).
//!
//! A rule whose neurons settle replaces the backward pass: after the free pass and δ_L the
//! trainer hands it a [`LocalBatch`] and it writes ΔW_l, Δb_l itself
//! ([`LearningRule::local_update`]); how it settled is kept ([`Trainer::settled`]). A rule
//! whose answer is its free equilibrium ([`LearningRule::infer`]) makes the free pass itself.

use ndarray::{Array1, Array2, ArrayViewMut2};

use crate::nn::loss::{Loss, Target, Task};
use crate::nn::optimizer::{OptimizerSettings, OptimizerState};

use super::kernels::{matmul_at_b, operand, operand_mut, zip_combine, zip_update};
use super::rules::{Gradients, LearningRule, LocalBatch, Settled, Unsettled, Upstream};
use super::Mlp;

/// What a batch's forward pass measured, before the update.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BatchStats {
    /// Σ over images of the per-image loss.
    pub loss_sum: f64,
    pub correct: usize,
    pub images: usize,
}

pub struct Trainer {
    /// What the outputs are compared with: the one-hot label, or the input itself.
    task: Task,
    /// How the outputs are scored (`loss.rs`).
    loss: Loss,
    /// The batch's inputs, B×n_in, already scaled.
    x: Array2<f32>,
    labels: Vec<u8>,
    /// Layer outputs A_l, per layer.
    acts: Vec<Array2<f32>>,
    /// ∂L/∂A_l as sent back by the rule, per layer (the output layer's is ∂L/∂Ŷ).
    errors: Vec<Array2<f32>>,
    /// δ_l = ∂L/∂Z_l as used for the update, per layer.
    deltas: Vec<Array2<f32>>,
    /// ∂L/∂W_l and ∂L/∂b_l, per layer: the rule's; after the update, the optimizer's
    /// directions U_l that it applied (the same under SGD).
    grads: Gradients,
    /// The optimizer and its state (none under SGD), allocated with the trainer.
    optimizer: OptimizerState,
    /// λ, the weight decay per step: W_l ← W_l − η·ΔW_l − λ·W_l (0: none).
    weight_decay: f32,
    /// What the output is compared with, B×n_out: the one-hot label, or the input itself.
    target: Array2<f32>,
    /// How the last batch settled, under a rule that settles (None: it learned through the
    /// backward pass).
    settled: Option<Result<Settled, Unsettled>>,
}

impl Trainer {
    /// A trainer for batches of `batch` images under squared error and SGD (see
    /// [`Trainer::with_loss`], [`Trainer::with_optimizer`]).
    pub fn new(model: &Mlp, batch: usize, task: Task) -> Self {
        let grads = Gradients {
            w: model.layers.iter().map(|l| Array2::zeros(l.w.dim())).collect(),
            b: model.layers.iter().map(|l| Array1::zeros(l.n_out())).collect(),
        };
        Self {
            task,
            loss: Loss::default(),
            x: Array2::zeros((batch, model.input_len())),
            labels: vec![0; batch],
            acts: model.activation_buffers(batch),
            errors: model.activation_buffers(batch),
            deltas: model.activation_buffers(batch),
            optimizer: OptimizerState::new(&grads, OptimizerSettings::default()),
            grads,
            weight_decay: 0.0,
            target: Array2::zeros((batch, model.output_len())),
            settled: None,
        }
    }

    /// Sets the loss the outputs are scored by.
    pub fn with_loss(mut self, loss: Loss) -> Self {
        self.loss = loss;
        self
    }

    /// Sets the optimizer, allocating its state (zero: no step taken yet).
    pub fn with_optimizer(mut self, settings: OptimizerSettings) -> Self {
        self.optimizer = OptimizerState::new(&self.grads, settings);
        self
    }

    /// Sets λ, the weight decay of every update: W_l ← W_l − η·ΔW_l − λ·W_l, as Akrout et al.
    /// (2019, §4) write it for Kolen–Pollack (the biases do not decay).
    pub fn with_weight_decay(mut self, weight_decay: f32) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Bytes of a trainer's gradients for a network of widths `sizes` (input first): one
    /// copy of the weights and biases.
    pub fn gradient_bytes(sizes: &[usize]) -> u64 {
        Mlp::bytes(sizes, true)
    }

    /// Bytes of a trainer's batch buffers for batches of `batch`: the inputs and labels, and
    /// three B×units buffers (A, ∂L/∂A, δ) and the targets (B×n_out).
    pub fn buffer_bytes(sizes: &[usize], batch: usize) -> u64 {
        let units: usize = sizes[1..].iter().sum();
        let outputs = sizes[sizes.len() - 1];
        (batch * (sizes[0] + 3 * units + outputs) * size_of::<f32>() + batch) as u64
    }

    /// The batch to train on, for the caller to fill: the inputs (B×n_in, already scaled) and
    /// their labels.
    pub fn batch_mut(&mut self) -> (ArrayViewMut2<'_, f32>, &mut [u8]) {
        (self.x.view_mut(), &mut self.labels)
    }

    /// Forward and backward pass on the loaded batch under `rule`: fills the gradients, with
    /// ∂L/∂Ŷ scaled by `grad_scale` (1 for a summed loss, 1/B for a mean). Returns the batch's
    /// loss and hits.
    /// Under a rule that settles, the rule writes the gradients from its own dynamics and the
    /// backward pass is skipped (the hidden layers' ∂L/∂A and δ are then zero); see
    /// [`Trainer::settled`] for whether it converged.
    pub fn compute_gradients(&mut self, model: &Mlp, grad_scale: f32, rule: &mut dyn LearningRule) -> BatchStats {
        if !rule.infer(model, self.x.view(), &mut self.acts) {
            model.forward(self.x.view(), &mut self.acts);
        }
        rule.before_backward(model);
        let last = model.layers.len() - 1;
        let stats = self.output_delta(model, grad_scale);
        let output_weight = match self.task {
            Task::Classify => 1.0,
            Task::Autoencode => 1.0 / model.output_len() as f32,
        };
        let batch = LocalBatch { model, input: self.x.view(), target: self.target.view(), acts: &self.acts, grad_scale, output_weight };
        self.settled = rule.local_update(&batch, &mut self.grads);
        if self.settled.is_some() {
            for (e, d) in self.errors[..last].iter_mut().zip(&mut self.deltas[..last]) {
                e.fill(0.0);
                d.fill(0.0);
            }
            return stats;
        }
        for l in (0..=last).rev() {
            if l < last && !rule.trains_hidden_layers() {
                self.grads.w[l].fill(0.0);
                self.grads.b[l].fill(0.0);
                continue;
            }
            let input = if l == 0 { self.x.view() } else { self.acts[l - 1].view() };
            matmul_at_b(input, self.deltas[l].view(), self.grads.w[l].view_mut());
            if model.layers[l].b.is_some() {
                let gb = &mut self.grads.b[l];
                gb.fill(0.0);
                for row in self.deltas[l].rows() {
                    zip_update("bias gradient", gb.view_mut(), row, |g, d| *g += d);
                }
            }
            if l == 0 {
                break;
            }
            let (lower, upper) = self.deltas.split_at_mut(l);
            let up = Upstream {
                model,
                layer: l,
                delta: upper[0].view(),
                delta_out: upper[last - l].view(),
                input: self.x.view(),
                acts: &self.acts,
            };
            rule.hidden_delta(&up, self.errors[l - 1].view_mut(), lower[l - 1].view_mut());
        }
        stats
    }

    /// How the last [`Trainer::compute_gradients`] settled: None under a rule that learns
    /// through the backward pass; an [`Unsettled`] must not be applied.
    pub fn settled(&self) -> Option<Result<Settled, Unsettled>> {
        self.settled
    }

    /// The targets of the loaded batch, B×n_out (filled by [`Trainer::compute_gradients`]).
    pub fn target(&self) -> &Array2<f32> {
        &self.target
    }

    /// The loss of the forward pass just made, ∂L/∂Ŷ (times `grad_scale`), δ_L and the targets.
    fn output_delta(&mut self, model: &Mlp, grad_scale: f32) -> BatchStats {
        let last = model.layers.len() - 1;
        let (width, n_in) = (model.output_len(), model.input_len());
        let out = operand("loss", "Ŷ", self.acts[last].view());
        let error = operand_mut("loss", "∂L/∂Ŷ", self.errors[last].view_mut());
        let x = operand("loss", "X", self.x.view());
        let targets = operand_mut("loss", "Y", self.target.view_mut());
        let mut stats = BatchStats { images: self.labels.len(), ..Default::default() };
        let rows = out.chunks_exact(width).zip(error.chunks_exact_mut(width)).zip(targets.chunks_exact_mut(width));
        for (((o, e), y), (input, &label)) in rows.zip(x.chunks_exact(n_in).zip(&self.labels)) {
            match self.task {
                Task::Classify => y.iter_mut().enumerate().for_each(|(k, v)| *v = f32::from(u8::from(k == usize::from(label)))),
                Task::Autoencode => y.copy_from_slice(input),
            }
            let target = Target { label, input };
            let (loss, hit) = self.task.image_loss(self.loss, o, target);
            stats.loss_sum += f64::from(loss);
            stats.correct += usize::from(hit);
            self.task.image_gradient(self.loss, o, target, grad_scale, e);
        }
        let (out, error, delta) = (&self.acts[last], &self.errors[last], &mut self.deltas[last]);
        match model.output_activation {
            None => zip_update("δ_L", delta.view_mut(), error.view(), |d, e| *d = e),
            Some(f) => zip_combine("δ_L", delta.view_mut(), error.view(), out.view(), |e, y| e * f.derivative_from_output(y)),
        }
        stats
    }

    /// W ← W − η·U (− λW with weight decay; the same for biases, without decay), U the
    /// optimizer's direction from ∂L/∂W (SGD: ∂L/∂W itself), then the rule's own learning
    /// ([`LearningRule::after_update`], handed the directions applied). From here until the next
    /// [`Trainer::compute_gradients`], [`Trainer::gradients`] holds U.
    pub fn apply_update(&mut self, model: &mut Mlp, rule: &mut dyn LearningRule, learning_rate: f32) {
        self.optimizer.directions(&mut self.grads);
        let decay = self.weight_decay;
        for (layer, (gw, gb)) in model.layers.iter_mut().zip(self.grads.w.iter().zip(&self.grads.b)) {
            if decay == 0.0 {
                zip_update("apply_update", layer.w.view_mut(), gw.view(), |w, g| *w -= learning_rate * g);
            } else {
                zip_update("apply_update", layer.w.view_mut(), gw.view(), |w, g| *w = *w - learning_rate * g - decay * *w);
            }
            if let Some(bias) = &mut layer.b {
                zip_update("apply_update", bias.view_mut(), gb.view(), |w, g| *w -= learning_rate * g);
            }
        }
        rule.after_update(model, &self.grads, learning_rate);
    }

    /// ∂L/∂W and ∂L/∂b of every layer from the last [`Trainer::compute_gradients`].
    pub fn gradients(&self) -> &Gradients {
        &self.grads
    }

    /// ∂L/∂W of layer `l` from the last [`Trainer::compute_gradients`].
    pub fn weight_gradient(&self, l: usize) -> &Array2<f32> {
        &self.grads.w[l]
    }

    /// ∂L/∂A_l (as sent back by the rule) of the last [`Trainer::compute_gradients`].
    pub fn error(&self, l: usize) -> &Array2<f32> {
        &self.errors[l]
    }

    /// δ_l = ∂L/∂Z_l (as used for the update) of the last [`Trainer::compute_gradients`].
    pub fn delta(&self, l: usize) -> &Array2<f32> {
        &self.deltas[l]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures::load_tiny_batch;
    use crate::nn::rules::Backprop;
    use crate::nn::Activation;
    use crate::rng::{Rng, Stream};

    fn backprop(t: &mut Trainer, model: &Mlp) -> BatchStats {
        t.compute_gradients(model, 1.0, &mut Backprop)
    }

    /// The summed loss of the loaded batch, from a forward pass alone.
    fn loss(model: &Mlp, trainer: &mut Trainer) -> f64 {
        model.forward(trainer.x.view(), &mut trainer.acts);
        trainer.output_delta(model, 1.0).loss_sum
    }

    /// Compares every analytic gradient with a central finite difference of the summed loss.
    fn check_gradients(hidden: &[usize], activation: Activation, bias: bool) {
        check_gradients_under(Loss::SquaredError, hidden, activation, bias);
    }

    /// [`check_gradients`] under `loss`.
    fn check_gradients_under(scored_by: Loss, hidden: &[usize], activation: Activation, bias: bool) {
        let mut sizes = vec![9];
        sizes.extend_from_slice(hidden);
        sizes.push(10);
        let mut model = Mlp::new(&sizes, activation, bias, 0.5, &mut Rng::new(3, Stream::Init));
        if let Some(b) = model.layers[0].b.as_mut() {
            b.iter_mut().enumerate().for_each(|(i, v)| *v = 0.1 * i as f32 - 0.2);
        }
        let mut t = Trainer::new(&model, 6, Task::Classify).with_loss(scored_by);
        load_tiny_batch(&mut t);
        backprop(&mut t, &model);
        // ReLU's kink is crossed by a large step; the smooth functions tolerate one.
        let eps = if activation == Activation::Relu { 2e-3f32 } else { 1e-2f32 };
        let mut checked = 0;
        for l in 0..model.layers.len() {
            let analytic_w = t.weight_gradient(l).clone();
            let analytic_b = t.gradients().b[l].clone();
            for (j, &a) in analytic_w.iter().enumerate() {
                let (r, c) = (j / model.layers[l].n_out(), j % model.layers[l].n_out());
                let orig = model.layers[l].w[[r, c]];
                model.layers[l].w[[r, c]] = orig + eps;
                let up = loss(&model, &mut t);
                model.layers[l].w[[r, c]] = orig - eps;
                let down = loss(&model, &mut t);
                model.layers[l].w[[r, c]] = orig;
                let numeric = (up - down) / (2.0 * f64::from(eps));
                let a = f64::from(a);
                assert!((numeric - a).abs() <= 2e-3 + 2e-2 * a.abs(), "layer {l} w[{j}]: numeric {numeric} analytic {a}");
                checked += 1;
            }
            if bias {
                for j in 0..model.layers[l].n_out() {
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
    fn gradients_cross_entropy() {
        check_gradients_under(Loss::CrossEntropy, &[5], Activation::Sigmoid, true);
        check_gradients_under(Loss::CrossEntropy, &[6, 4], Activation::Tanh, false);
        check_gradients_under(Loss::CrossEntropy, &[6, 5, 4], Activation::Relu, true);
    }

    #[test]
    fn a_step_lowers_the_loss_on_its_batch() {
        let mut model = Mlp::new(&[9, 8, 10], Activation::Sigmoid, true, 0.1, &mut Rng::new(1, Stream::Init));
        let mut t = Trainer::new(&model, 6, Task::Classify);
        load_tiny_batch(&mut t);
        let before = backprop(&mut t, &model).loss_sum;
        t.apply_update(&mut model, &mut Backprop, 0.05);
        let after = backprop(&mut t, &model).loss_sum;
        assert!(after < before, "{after} !< {before}");
    }

    #[test]
    fn bytes_count_the_buffers() {
        let model = Mlp::new(&[9, 8, 10], Activation::Sigmoid, true, 0.1, &mut Rng::new(1, Stream::Init));
        let t = Trainer::new(&model, 6, Task::Classify);
        let floats = t.x.len()
            + t.target.len()
            + [&t.acts, &t.errors, &t.deltas].iter().flat_map(|b| b.iter()).map(|a| a.len()).sum::<usize>()
            + t.grads.w.iter().map(|g| g.len()).sum::<usize>()
            + t.grads.b.iter().map(|g| g.len()).sum::<usize>();
        assert_eq!(Trainer::gradient_bytes(&[9, 8, 10]) + Trainer::buffer_bytes(&[9, 8, 10], 6), (floats * 4 + t.labels.len()) as u64);
    }
}
