//! Predictive coding, `predictive_coding` (Whittington & Bogacz 2017, "An approximation of the
//! error backpropagation algorithm in a predictive coding network with local Hebbian synaptic
//! plasticity", Neural Computation 29:1229–1262), in the lab's row-vector convention.
//!
//! Each weight layer l has value nodes x_l (B×n_out(l), the pre-activations: the layer's output
//! is f(x_l), and the network's Ŷ = f_out(x_L)) and prediction-error nodes
//!   ε_l = x_l − μ_l,  μ_l = f(x_{l−1})·W_l (+ b_l),  with f(x_0) ≡ X the clamped input
//! (the paper's ε_l = x_l − W_l f(x_{l−1}), its eq. 2.2, transposed). The energy is
//!   F = Σ_l ½‖ε_l‖² + β·e(f_out(x_L), Y),
//! e the task's per-image loss (c·Σ_k (ŷ_k − y_k)²): the output is weakly nudged toward the
//! target with strength β = `pc_nudge` (the paper clamps it, x_L = Y; its §2.3 shows that
//! as the output's error gets small the errors ε_l approach backprop's δ_l).
//!
//! Inference relaxes the value nodes by Euler steps dt = `settle_step` down the energy,
//! dx_l/dt = −∂F/∂x_l (the paper's eq. 2.5):
//!   hidden: dx_l/dt = −ε_l + f′(x_l) ⊙ (ε_{l+1}·W_{l+1}ᵀ),
//!   output: dx_L/dt = −ε_L − β·f_out′(x_L) ⊙ ∂e/∂ŷ,
//! from the feed-forward pass (where every ε_l = 0), until no value changes by
//! `settle_tolerance` in an iteration (at most `settle_iterations`). At the equilibrium
//! ε_L = −β·δ_L and ε_l = f′(x_l) ⊙ ε_{l+1}W_{l+1}ᵀ, so ε_l → −β·δ_l as β → 0.
//!
//! Learning is local, prediction error times presynaptic activity (the paper's eq. 2.7):
//!   ΔW_l = −(s/β)·f(x_{l−1})ᵀ·ε_l,  Δb_l = −(s/β)·Σ_batch ε_l,
//! s the convention's loss scale (`grad_scale`), so that ΔW_l → ∂L/∂W_l as β → 0 and the
//! update W ← W − η·ΔW uses backprop's learning rate. The test-time answer is the feed-forward
//! pass: with no target, every ε_l = 0 is the equilibrium.
//!
//! Trace: per iteration, each layer's ½‖ε_l‖² (mean per image; 0 at the feed-forward start) and
//! its largest value-node change |Δx_l|.

use ndarray::{Array2, ArrayView2};

use crate::nn::kernels::{matmul, matmul_a_bt, matmul_at_b, zip_update};
use crate::nn::{Activation, Mlp};

use super::settle::{ensure_rows, outcome, rows, rows_mut, sum_sq};
use super::{FromSettings, Gradients, LearningRule, LocalBatch, RuleSettings, SettleTrace, Settled, Unsettled, Upstream};

/// The default β of the weak output nudge (config `pc_nudge`).
pub const DEFAULT_PC_NUDGE: f64 = 0.01;

pub struct PredictiveCoding {
    iterations: usize,
    step: f32,
    tolerance: f64,
    nudge: f32,
    /// x_l, value nodes, per weight layer.
    x: Vec<Array2<f32>>,
    /// f(x_l) (hidden layers; the output's f_out(x_L)).
    fx: Vec<Array2<f32>>,
    /// μ_l, then ε_l = x_l − μ_l.
    eps: Vec<Array2<f32>>,
    /// ε_{l+1}·W_{l+1}ᵀ, per hidden layer (the output's entry is unused).
    back: Vec<Array2<f32>>,
    /// μ_1 = X·W_1 (+ b_1): the clamped input's prediction, fixed during inference.
    mu_in: Array2<f32>,
    /// The largest |Δx| of each layer's value nodes in the last iteration (the trace's `change`).
    changes: Vec<f64>,
    recording: bool,
    trace: Option<SettleTrace>,
}

impl PredictiveCoding {
    fn activation(model: &Mlp, l: usize) -> Option<Activation> {
        if l + 1 == model.layers.len() { model.output_activation } else { Some(model.activation) }
    }

    /// f(x_l) into fx_l for every layer.
    fn outputs(&mut self, model: &Mlp, b: usize) {
        for l in 0..model.layers.len() {
            let (x, fx) = (rows(&self.x[l], b), rows_mut(&mut self.fx[l], b));
            let f = Self::activation(model, l);
            zip_update("pc f(x)", fx, x, |o, v| *o = v);
            if let (Some(f), Some(z)) = (f, rows_mut(&mut self.fx[l], b).into_slice()) {
                f.apply(z);
            }
        }
    }

    /// ε_l = x_l − μ_l for every layer, from f(x) (computed by `outputs`).
    fn errors(&mut self, model: &Mlp, b: usize) {
        for (l, layer) in model.layers.iter().enumerate() {
            if l == 0 {
                let (mu, eps) = (rows(&self.mu_in, b), rows_mut(&mut self.eps[0], b));
                zip_update("pc μ", eps, mu, |e, m| *e = m);
            } else {
                matmul(rows(&self.fx[l - 1], b), layer.w.view(), rows_mut(&mut self.eps[l], b));
                if let Some(bias) = &layer.b {
                    for mut row in rows_mut(&mut self.eps[l], b).rows_mut() {
                        zip_update("pc bias", row.view_mut(), bias.view(), |e, c| *e += c);
                    }
                }
            }
            zip_update("pc ε", rows_mut(&mut self.eps[l], b), rows(&self.x[l], b), |e, x| *e = x - *e);
        }
    }

    /// One Euler step of every value node; returns the largest change (each layer's in `changes`).
    fn euler(&mut self, model: &Mlp, b: usize, target: ArrayView2<f32>, weight: f32) -> f64 {
        let last = model.layers.len() - 1;
        for l in 0..last {
            matmul_a_bt(rows(&self.eps[l + 1], b), model.layers[l + 1].w.view(), rows_mut(&mut self.back[l], b));
        }
        let (dt, beta) = (self.step, self.nudge);
        let mut largest = 0.0f32;
        let f = model.activation;
        for l in 0..last {
            let (x, fx, eps, back) = (&mut self.x[l], &self.fx[l], &self.eps[l], &self.back[l]);
            let (x, fx, eps, back) = (rows_mut(x, b), rows(fx, b), rows(eps, b), rows(back, b));
            let mut moved = 0.0f32;
            ndarray::Zip::from(x).and(fx).and(eps).and(back).for_each(|x, &h, &e, &g| {
                let dx = dt * (-e + f.derivative_from_output(h) * g);
                *x += dx;
                moved = moved.max(dx.abs());
            });
            largest = largest.max(moved);
            self.changes[l] = f64::from(moved);
        }
        let out_f = model.output_activation;
        let (x, fx, eps) = (rows_mut(&mut self.x[last], b), rows(&self.fx[last], b), rows(&self.eps[last], b));
        let mut moved = 0.0f32;
        ndarray::Zip::from(x).and(fx).and(eps).and(target).for_each(|x, &y, &e, &t| {
            let slope = out_f.map_or(1.0, |f| f.derivative_from_output(y));
            let dx = dt * (-e - beta * slope * 2.0 * weight * (y - t));
            *x += dx;
            moved = moved.max(dx.abs());
        });
        self.changes[last] = f64::from(moved);
        if let Some(trace) = self.trace.as_mut() {
            trace.push_change(&self.changes);
        }
        f64::from(largest.max(moved))
    }

    fn record(&mut self, b: usize) {
        if let Some(trace) = self.trace.as_mut() {
            let energies: Vec<f64> = self.eps.iter().map(|e| 0.5 * sum_sq(rows(e, b)) / b.max(1) as f64).collect();
            trace.push(&energies);
        }
    }
}

impl LearningRule for PredictiveCoding {
    /// Not used: the rule learns from its own dynamics ([`LearningRule::local_update`]).
    fn send_back(&self, _up: &Upstream, _error: ndarray::ArrayViewMut2<f32>) {}

    fn local_update(&mut self, batch: &LocalBatch, grads: &mut Gradients) -> Option<Result<Settled, Unsettled>> {
        let model = batch.model;
        let b = batch.input.nrows();
        ensure_rows(&mut self.x, model, b);
        ensure_rows(&mut self.fx, model, b);
        ensure_rows(&mut self.eps, model, b);
        ensure_rows(&mut self.back, model, b);
        if self.mu_in.nrows() < b || self.mu_in.ncols() != model.layers[0].n_out() {
            self.mu_in = Array2::zeros((b, model.layers[0].n_out()));
        }
        if self.changes.len() != model.layers.len() {
            self.changes = vec![0.0; model.layers.len()];
        }
        // μ_1 = X·W_1 (+ b_1), and every x_l from the feed-forward pass: x_l = μ_l.
        let first = &model.layers[0];
        matmul(batch.input, first.w.view(), rows_mut(&mut self.mu_in, b));
        if let Some(bias) = &first.b {
            for mut row in rows_mut(&mut self.mu_in, b).rows_mut() {
                zip_update("pc bias", row.view_mut(), bias.view(), |m, c| *m += c);
            }
        }
        zip_update("pc x_1", rows_mut(&mut self.x[0], b), rows(&self.mu_in, b), |x, m| *x = m);
        // x_l = 0 first, so that x_l −= (x_l − μ_l) below gives μ_l exactly: nothing of the
        // last batch's state (an evaluation's probe, say) leaks into this one's by rounding.
        for x in &mut self.x[1..] {
            rows_mut(x, b).fill(0.0);
        }
        for l in 1..model.layers.len() {
            // x_l = μ_l = f(x_{l−1})·W_l (+ b_l), the pre-activation of the feed-forward pass.
            self.outputs(model, b);
            self.errors(model, b);
            let (x, eps) = (rows_mut(&mut self.x[l], b), rows(&self.eps[l], b));
            zip_update("pc x_l", x, eps, |x, e| *x -= e);
        }
        self.trace = self.recording.then(SettleTrace::default);
        if let Some(t) = self.trace.as_mut() {
            t.begin("inference");
        }
        let mut residual = f64::INFINITY;
        let mut done = 0;
        while done < self.iterations {
            self.outputs(model, b);
            self.errors(model, b);
            self.record(b);
            residual = self.euler(model, b, batch.target, batch.output_weight);
            done += 1;
            if residual < self.tolerance {
                break;
            }
        }
        self.outputs(model, b);
        self.errors(model, b);
        self.record(b);
        let result = outcome(done, residual, self.tolerance);
        // ΔW_l = −(s/β)·f(x_{l−1})ᵀ·ε_l, Δb_l = −(s/β)·Σ ε_l.
        let scale = -batch.grad_scale / self.nudge;
        for l in 0..model.layers.len() {
            let pre = if l == 0 { batch.input.view() } else { rows(&self.fx[l - 1], b) };
            matmul_at_b(pre, rows(&self.eps[l], b), grads.w[l].view_mut());
            grads.w[l].iter_mut().for_each(|g| *g *= scale);
            if model.layers[l].b.is_some() {
                let gb = &mut grads.b[l];
                gb.fill(0.0);
                for row in rows(&self.eps[l], b).rows() {
                    zip_update("pc bias update", gb.view_mut(), row, |g, e| *g += scale * e);
                }
            }
        }
        Some(result)
    }

    fn settle_trace(&self) -> Option<&SettleTrace> {
        self.trace.as_ref()
    }

    fn record_trace(&mut self, on: bool) {
        self.recording = on;
    }
}

impl FromSettings for PredictiveCoding {
    const BACKWARD_PASS: bool = false;

    fn from_settings(_model: &Mlp, settings: &RuleSettings) -> Self {
        Self {
            iterations: settings.settle_iterations,
            step: settings.settle_step as f32,
            tolerance: settings.settle_tolerance,
            nudge: settings.param("pc_nudge") as f32,
            x: Vec::new(),
            fx: Vec::new(),
            eps: Vec::new(),
            back: Vec::new(),
            mu_in: Array2::zeros((0, 0)),
            changes: Vec::new(),
            recording: false,
            trace: None,
        }
    }

    /// Its batch buffers are allocated on the first step (four B×units and one B×n_1, the
    /// trainer's size again) and are not counted.
    fn state_bytes(_sizes: &[usize]) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures::load_tiny_batch;
    use crate::nn::loss::Task;
    use crate::nn::rules::Backprop;
    use crate::nn::Trainer;
    use crate::rng::{Rng, Stream};

    /// cos of the angle between two sets of matrices, taken as one vector.
    fn cosine(a: &[Array2<f32>], b: &[Array2<f32>]) -> f64 {
        let dot: f64 = a.iter().zip(b).flat_map(|(a, b)| a.iter().zip(b)).map(|(&x, &y)| f64::from(x) * f64::from(y)).sum();
        let norm = |m: &[Array2<f32>]| m.iter().flat_map(|m| m.iter()).map(|&v| f64::from(v).powi(2)).sum::<f64>().sqrt();
        dot / (norm(a) * norm(b))
    }

    fn settings(nudge: f64, tolerance: f64) -> RuleSettings {
        RuleSettings { settle_tolerance: tolerance, settle_iterations: 20_000, settle_step: 0.2, ..RuleSettings::new(1.0, 1) }.with_param("pc_nudge", nudge)
    }

    /// PC's update and backprop's gradient on the tiny batch, on a 9-6-4-10 sigmoid net.
    fn updates(nudge: f64, bias: bool, grad_scale: f32) -> (Vec<Array2<f32>>, Vec<Array2<f32>>, Settled) {
        let mut model = Mlp::new(&[9, 6, 4, 10], Activation::Sigmoid, bias, 1.0, &mut Rng::new(4, Stream::Init));
        if let Some(b) = model.layers[1].b.as_mut() {
            b.iter_mut().enumerate().for_each(|(i, v)| *v = 0.3 * i as f32 - 0.5);
        }
        let mut t = Trainer::new(&model, 6, Task::Classify);
        load_tiny_batch(&mut t);
        t.compute_gradients(&model, grad_scale, &mut Backprop);
        let exact = t.gradients().w.clone();
        let mut pc = PredictiveCoding::from_settings(&model, &settings(nudge, 1e-6));
        t.compute_gradients(&model, grad_scale, &mut pc);
        let settled = t.settled().unwrap().unwrap();
        (t.gradients().w.clone(), exact, settled)
    }

    #[test]
    fn with_a_weak_nudge_and_converged_inference_its_update_is_backprops_gradient() {
        for (bias, scale) in [(false, 1.0), (true, 1.0 / 6.0)] {
            let (pc, bp, settled) = updates(1e-3, bias, scale);
            let all = cosine(&pc, &bp);
            let per_layer: Vec<f64> = (0..3).map(|l| cosine(&pc[l..=l], &bp[l..=l])).collect();
            eprintln!("predictive coding vs backprop (bias {bias}): cosine {all:.6}, per layer {per_layer:?}, {settled:?}");
            assert!(all >= 0.99 && per_layer.iter().all(|&c| c >= 0.99), "cosine {all}, per layer {per_layer:?} ({settled:?})");
            // The same size too: the 1/β makes it the gradient, not a multiple of it.
            let norm = |m: &[Array2<f32>]| m.iter().flat_map(|m| m.iter()).map(|&v| f64::from(v).powi(2)).sum::<f64>().sqrt();
            let ratio = norm(&pc) / norm(&bp);
            assert!((0.95..1.05).contains(&ratio), "norm ratio {ratio}");
        }
    }

    #[test]
    fn a_strong_nudge_departs_from_the_gradient() {
        // The check above can fail: far from the small-error limit the update is not the gradient.
        let (weak, bp, _) = updates(1e-3, false, 1.0);
        let (strong, _, _) = updates(3.0, false, 1.0);
        assert!(cosine(&strong, &bp) < cosine(&weak, &bp) - 1e-3, "{} vs {}", cosine(&strong, &bp), cosine(&weak, &bp));
    }

    #[test]
    fn inference_lowers_the_prediction_errors_and_an_unconverged_batch_says_so() {
        let model = Mlp::new(&[9, 6, 4, 10], Activation::Sigmoid, false, 1.0, &mut Rng::new(4, Stream::Init));
        let mut t = Trainer::new(&model, 6, Task::Classify);
        load_tiny_batch(&mut t);
        let mut pc = PredictiveCoding::from_settings(&model, &settings(0.5, 1e-6));
        pc.record_trace(true);
        t.compute_gradients(&model, 1.0, &mut pc);
        let trace = pc.settle_trace().unwrap();
        assert_eq!(trace.phases.len(), 1);
        let energy = &trace.phases[0].energy;
        let total = |k: usize| energy[k].iter().sum::<f64>();
        assert!(energy.len() > 3 && energy[0].len() == 3);
        // From the feed-forward pass every ε is 0; the nudge raises the energy, which then settles.
        assert_eq!(total(0), 0.0);
        let (n, last) = (energy.len(), total(energy.len() - 1));
        assert!(total(n - 2) > 0.0 && (last - total(n - 2)).abs() < 1e-6 * last.max(1e-12) + 1e-12);
        // Each iteration's largest value-node change per layer: one row per iteration, falling
        // below the tolerance at the last.
        let change = &trace.phases[0].change;
        assert_eq!(change.len(), n - 1);
        let largest = |k: usize| change[k].iter().copied().fold(0.0, f64::max);
        assert!(change.iter().all(|c| c.len() == 3) && largest(0) > 0.0 && largest(n - 2) < 1e-6 && largest(n - 2) < largest(0));
        let mut hasty = PredictiveCoding::from_settings(&model, &RuleSettings { settle_iterations: 2, ..settings(0.5, 1e-6) });
        t.compute_gradients(&model, 1.0, &mut hasty);
        let u = t.settled().unwrap().unwrap_err();
        assert_eq!((u.iterations, u.tolerance), (2, 1e-6));
        assert!(u.residual >= 1e-6);
    }
}
