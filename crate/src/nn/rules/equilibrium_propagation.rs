//! Equilibrium propagation, `equilibrium_propagation` (Scellier & Bengio 2017, "Equilibrium
//! Propagation: Bridging the Gap between Energy-Based Models and Backpropagation", Front.
//! Comput. Neurosci. 11:24), with the symmetric nudge of Laborieux et al. 2021 ("Scaling
//! Equilibrium Propagation to Deep ConvNets by Drastically Reducing Its Gradient Estimator
//! Bias", Front. Neurosci. 15:633674), on the lab's network and weights.
//!
//! The network is a layered Hopfield-like energy model: every weight layer l has a state s_l
//! (B×n_out(l), the output's last), the input s_0 ≡ X is clamped, and the units are hard
//! sigmoids ρ(s) = min(max(s, 0), 1). The states are kept in [0, 1] (the box where ρ(s) = s),
//! so the energy (Scellier & Bengio's eq. 1, layered, row vectors)
//!   E = Σ_l ½‖s_l‖² − Σ_l ρ(s_{l−1})·W_l·ρ(s_l)ᵀ − Σ_l b_l·ρ(s_l)ᵀ
//! is, inside the box, E = Σ_l (½‖s_l‖² − s_{l−1}W_l s_lᵀ − b_l s_lᵀ), and the total energy
//! F = E + β·C adds the cost C = e(s_L, Y) = c·Σ_k (s_{L,k} − y_k)², the task's per-image loss.
//!
//! Dynamics: ds/dt = −∂F/∂s projected onto the box, by Euler steps dt = `settle_step`, one layer
//! after the other (Gauss–Seidel, input side first):
//!   s_l ← clamp(s_l + dt·(h_l − s_l), 0, 1),  h_l = s_{l−1}W_l + b_l + s_{l+1}W_{l+1}ᵀ
//! (the output's step is −∂F/∂s_L = s_{L−1}W_L + b_L − s_L − β·2c(s_L − Y), divided by F's
//! curvature 1 + 2βc there). With dt = 1 each update is the exact minimisation of F over that
//! layer (F is quadratic in s_l with the others fixed), so F never rises.
//! - Free phase (β = 0), from a feed-forward sweep s_l = clamp(s_{l−1}W_l + b_l): its
//!   equilibrium s⁰ is the network's answer ([`LearningRule::infer`]: the trainer's loss and the
//!   evaluation read Ŷ = s⁰_L).
//! - Nudged phase(s), from s⁰: β (and −β when `ep_symmetric`), each to its equilibrium s^{±β}.
//! - Update (Scellier & Bengio's eq. 11; Laborieux et al.'s symmetric estimate), local: each
//!   synapse sees only the states of the two units it joins,
//!   ΔW_l = −(s_c/β)·(s^β_{l−1}ᵀs^β_l − s⁰_{l−1}ᵀs⁰_l)       (0/+β),
//!   ΔW_l = −(s_c/2β)·(s^β_{l−1}ᵀs^β_l − s^{−β}_{l−1}ᵀs^{−β}_l)  (±β),
//!   Δb_l likewise with Σ_batch s_l, s_c the convention's loss scale (`grad_scale`):
//!   as β → 0, ΔW → ∂L/∂W of L = s_c·Σ_images C(s⁰_L), the loss at the free equilibrium.
//!
//! Conventions: it has its own hard-sigmoid units, so the network's `activation` must be the
//! sigmoid (the default; ρ takes its place, with the same range) and `output_activation` is
//! ignored (its outputs are hard sigmoids too); [`Config::validate`](crate::Config) refuses
//! another activation, naming the field. Its units saturate under the coursework's raw pixels
//! (inputs 0..255 drive every state to the box's walls, where nothing moves): it learns in the
//! standard convention (inputs in [0, 1]).
//!
//! Trace: per iteration, each layer's energy E_l = ½‖s_l‖² − s_{l−1}W_l s_lᵀ − b_l s_lᵀ (mean
//! per image; the output's adds β·C; signed, near −½‖s_l‖² at an equilibrium) and its largest
//! state change |Δs_l|, phases "free", "nudged +β" and (symmetric) "nudged −β".

use ndarray::{Array2, ArrayView2};

use crate::nn::kernels::{matmul, matmul_a_bt, matmul_at_b, zip_update};
use crate::nn::Mlp;

use super::settle::{ensure_rows, outcome, rows, rows_mut};
use super::{f32_bytes, FromSettings, Gradients, LearningRule, LocalBatch, RuleSettings, SettleTrace, Settled, Unsettled, Upstream};

/// The default nudge β (config `ep_beta`).
pub const DEFAULT_EP_BETA: f64 = 0.1;

/// The least curvature the output's step is divided by (a −β nudge stronger than 1/2c makes
/// F concave in s_L, whose minimum over the box is then at a wall).
const MIN_CURVATURE: f32 = 0.05;

pub struct EquilibriumPropagation {
    iterations: usize,
    step: f32,
    tolerance: f64,
    beta: f32,
    symmetric: bool,
    /// X·W_1 (+ b_1), the clamped input's drive of the first layer.
    drive_in: Array2<f32>,
    /// The bottom-up drive s_{l−1}W_l + b_l, per layer.
    up: Vec<Array2<f32>>,
    /// The top-down drive s_{l+1}W_{l+1}ᵀ, per layer (the output's unused).
    down: Vec<Array2<f32>>,
    /// s^{+β}, then s^{−β}: the nudged states.
    plus: Vec<Array2<f32>>,
    minus: Vec<Array2<f32>>,
    /// s⁻_{l−1}ᵀs⁻_l, per layer.
    outer: Vec<Array2<f32>>,
    /// How the last free phase ([`LearningRule::infer`]) settled, for the update that follows.
    free: Option<Result<Settled, Unsettled>>,
    /// The largest |Δs| of each layer's states in the last iteration (the trace's `change`).
    changes: Vec<f64>,
    recording: bool,
    trace: Option<SettleTrace>,
}

/// What a relaxation pulls the output toward: the target, the strength β and c.
#[derive(Clone, Copy)]
struct Nudge<'a> {
    target: ArrayView2<'a, f32>,
    beta: f32,
    weight: f32,
}

impl EquilibriumPropagation {
    /// Buffers for batches of `b`.
    fn ensure(&mut self, model: &Mlp, b: usize) {
        ensure_rows(&mut self.up, model, b);
        ensure_rows(&mut self.down, model, b);
        if self.drive_in.nrows() < b || self.drive_in.ncols() != model.layers[0].n_out() {
            self.drive_in = Array2::zeros((b, model.layers[0].n_out()));
        }
        if self.changes.len() != model.layers.len() {
            self.changes = vec![0.0; model.layers.len()];
        }
    }

    /// h_l's bottom-up part, s_{l−1}W_l + b_l (l = 0: the input's drive), into `up[l]`.
    fn bottom_up(model: &Mlp, l: usize, b: usize, states: &[Array2<f32>], drive_in: &Array2<f32>, up: &mut Array2<f32>) {
        if l == 0 {
            zip_update("ep drive", rows_mut(up, b), rows(drive_in, b), |u, d| *u = d);
            return;
        }
        let layer = &model.layers[l];
        matmul(rows(&states[l - 1], b), layer.w.view(), rows_mut(up, b));
        if let Some(bias) = &layer.b {
            for mut row in rows_mut(up, b).rows_mut() {
                zip_update("ep bias", row.view_mut(), bias.view(), |u, c| *u += c);
            }
        }
    }

    /// Relaxes `states` (first `b` rows) to equilibrium under `nudge` (None: the free phase);
    /// returns how it settled.
    fn relax(&mut self, model: &Mlp, b: usize, states: &mut [Array2<f32>], nudge: Option<Nudge>, phase: &str) -> Result<Settled, Unsettled> {
        if let Some(t) = self.trace.as_mut() {
            t.begin(phase);
        }
        self.record(model, b, states, nudge);
        let last = model.layers.len() - 1;
        let dt = self.step;
        let (mut done, mut residual) = (0, f64::INFINITY);
        while done < self.iterations {
            let mut largest = 0.0f32;
            for l in 0..=last {
                let mut moved = 0.0f32;
                Self::bottom_up(model, l, b, states, &self.drive_in, &mut self.up[l]);
                let up = rows(&self.up[l], b);
                if l < last {
                    matmul_a_bt(rows(&states[l + 1], b), model.layers[l + 1].w.view(), rows_mut(&mut self.down[l], b));
                    let down = rows(&self.down[l], b);
                    ndarray::Zip::from(rows_mut(&mut states[l], b)).and(up).and(down).for_each(|s, &u, &d| {
                        let next = (*s + dt * (u + d - *s)).clamp(0.0, 1.0);
                        moved = moved.max((next - *s).abs());
                        *s = next;
                    });
                } else {
                    let (target, beta, weight) = nudge.map_or((None, 0.0, 0.0), |n| (Some(n.target), n.beta, n.weight));
                    let mut out = rows_mut(&mut states[l], b);
                    // F's curvature in s_L is 1 + 2βc: the step is divided by it, so that dt = 1
                    // is still the exact minimisation over the layer (a strong nudge would
                    // otherwise overshoot and oscillate).
                    let rate = dt / (1.0 + 2.0 * beta * weight).max(MIN_CURVATURE);
                    let mut step = |s: &mut f32, u: f32, t: f32| {
                        let force = u - *s - beta * 2.0 * weight * (*s - t);
                        let next = (*s + rate * force).clamp(0.0, 1.0);
                        moved = moved.max((next - *s).abs());
                        *s = next;
                    };
                    match target {
                        Some(t) => ndarray::Zip::from(out.view_mut()).and(up).and(t).for_each(|s, &u, &t| step(s, u, t)),
                        None => ndarray::Zip::from(out.view_mut()).and(up).for_each(|s, &u| step(s, u, 0.0)),
                    }
                }
                largest = largest.max(moved);
                self.changes[l] = f64::from(moved);
            }
            done += 1;
            residual = f64::from(largest);
            if let Some(t) = self.trace.as_mut() {
                t.push_change(&self.changes);
            }
            self.record(model, b, states, nudge);
            if residual < self.tolerance {
                break;
            }
        }
        outcome(done, residual, self.tolerance)
    }

    /// Appends each layer's energy E_l (mean per image) to the trace, when recording.
    fn record(&mut self, model: &Mlp, b: usize, states: &[Array2<f32>], nudge: Option<Nudge>) {
        if self.trace.is_none() {
            return;
        }
        let last = model.layers.len() - 1;
        let mut energies = Vec::with_capacity(last + 1);
        for l in 0..=last {
            Self::bottom_up(model, l, b, states, &self.drive_in, &mut self.up[l]);
            let mut e = 0.0f64;
            ndarray::Zip::from(rows(&states[l], b)).and(rows(&self.up[l], b)).for_each(|&s, &u| {
                e += 0.5 * f64::from(s) * f64::from(s) - f64::from(s) * f64::from(u);
            });
            if let (true, Some(n)) = (l == last, nudge) {
                ndarray::Zip::from(rows(&states[l], b)).and(n.target).for_each(|&s, &t| {
                    e += f64::from(n.beta) * f64::from(n.weight) * f64::from(s - t).powi(2);
                });
            }
            energies.push(e / b.max(1) as f64);
        }
        if let Some(t) = self.trace.as_mut() {
            t.push(&energies);
        }
    }
}

impl LearningRule for EquilibriumPropagation {
    /// Not used: the rule learns from its own dynamics ([`LearningRule::local_update`]).
    fn send_back(&self, _up: &Upstream, _error: ndarray::ArrayViewMut2<f32>) {}

    /// The free phase: from a feed-forward sweep of hard sigmoids to the free equilibrium s⁰,
    /// written into `acts`.
    fn infer(&mut self, model: &Mlp, x: ArrayView2<f32>, acts: &mut [Array2<f32>]) -> bool {
        let b = x.nrows();
        self.ensure(model, b);
        let first = &model.layers[0];
        matmul(x, first.w.view(), rows_mut(&mut self.drive_in, b));
        if let Some(bias) = &first.b {
            for mut row in rows_mut(&mut self.drive_in, b).rows_mut() {
                zip_update("ep bias", row.view_mut(), bias.view(), |u, c| *u += c);
            }
        }
        for l in 0..model.layers.len() {
            Self::bottom_up(model, l, b, acts, &self.drive_in, &mut self.up[l]);
            zip_update("ep sweep", rows_mut(&mut acts[l], b), rows(&self.up[l], b), |s, u| *s = u.clamp(0.0, 1.0));
        }
        self.trace = self.recording.then(SettleTrace::default);
        self.free = Some(self.relax(model, b, acts, None, "free"));
        true
    }

    fn local_update(&mut self, batch: &LocalBatch, grads: &mut Gradients) -> Option<Result<Settled, Unsettled>> {
        let model = batch.model;
        let b = batch.input.nrows();
        // The free phase is the trainer's pass through `infer`, just made on this batch.
        let free = match self.free.take() {
            Some(Ok(free)) => free,
            Some(Err(u)) => return Some(Err(u)),
            None => return Some(Err(Unsettled { iterations: 0, residual: f64::INFINITY, tolerance: self.tolerance })),
        };
        ensure_rows(&mut self.plus, model, b);
        ensure_rows(&mut self.minus, model, b);
        if self.outer.len() != model.layers.len() {
            self.outer = model.layers.iter().map(|l| Array2::zeros(l.w.dim())).collect();
        }
        let nudge = |beta: f32| Some(Nudge { target: batch.target, beta, weight: batch.output_weight });
        let mut plus = std::mem::take(&mut self.plus);
        let mut minus = std::mem::take(&mut self.minus);
        for (p, a) in plus.iter_mut().zip(batch.acts) {
            zip_update("ep s⁰", rows_mut(p, b), rows(a, b), |p, a| *p = a);
        }
        let mut result = self.relax(model, b, &mut plus, nudge(self.beta), "nudged +β");
        let (low, span) = if self.symmetric {
            for (m, a) in minus.iter_mut().zip(batch.acts) {
                zip_update("ep s⁰", rows_mut(m, b), rows(a, b), |m, a| *m = a);
            }
            let second = self.relax(model, b, &mut minus, nudge(-self.beta), "nudged −β");
            result = result.and_then(|p| second.map(|m| Settled { iterations: p.iterations + m.iterations, residual: p.residual.max(m.residual) }));
            (&minus[..], 2.0 * self.beta)
        } else {
            (batch.acts, self.beta)
        };
        let result = result.map(|n| Settled { iterations: free.iterations + n.iterations, residual: free.residual.max(n.residual) });
        let scale = -batch.grad_scale / span;
        for l in 0..model.layers.len() {
            let (pre_hi, pre_lo) = if l == 0 { (batch.input.view(), batch.input.view()) } else { (rows(&plus[l - 1], b), rows(&low[l - 1], b)) };
            matmul_at_b(pre_hi, rows(&plus[l], b), grads.w[l].view_mut());
            matmul_at_b(pre_lo, rows(&low[l], b), self.outer[l].view_mut());
            zip_update("ep update", grads.w[l].view_mut(), self.outer[l].view(), |g, o| *g = scale * (*g - o));
            if model.layers[l].b.is_some() {
                let gb = &mut grads.b[l];
                gb.fill(0.0);
                for (hi, lo) in rows(&plus[l], b).rows().into_iter().zip(rows(&low[l], b).rows()) {
                    ndarray::Zip::from(gb.view_mut()).and(hi).and(lo).for_each(|g, &h, &o| *g += scale * (h - o));
                }
            }
        }
        self.plus = plus;
        self.minus = minus;
        Some(result)
    }

    fn settle_trace(&self) -> Option<&SettleTrace> {
        self.trace.as_ref()
    }

    fn record_trace(&mut self, on: bool) {
        self.recording = on;
    }
}

impl FromSettings for EquilibriumPropagation {
    const BACKWARD_PASS: bool = false;

    fn from_settings(_model: &Mlp, settings: &RuleSettings) -> Self {
        Self {
            iterations: settings.settle_iterations,
            step: settings.settle_step as f32,
            tolerance: settings.settle_tolerance,
            beta: settings.param("ep_beta") as f32,
            symmetric: settings.param("ep_symmetric") != 0.0,
            drive_in: Array2::zeros((0, 0)),
            up: Vec::new(),
            down: Vec::new(),
            plus: Vec::new(),
            minus: Vec::new(),
            outer: Vec::new(),
            free: None,
            changes: Vec::new(),
            recording: false,
            trace: None,
        }
    }

    /// One weight-sized buffer per layer (the outer products of the second phase); the batch
    /// buffers, allocated on the first step, are not counted.
    fn state_bytes(sizes: &[usize]) -> u64 {
        f32_bytes(sizes.windows(2).map(|p| p[0] * p[1]).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::fixtures::load_tiny_batch;
    use crate::nn::loss::Task;
    use crate::nn::{Activation, Trainer};
    use crate::rng::{Rng, Stream};

    fn settings(beta: f64, symmetric: bool) -> RuleSettings {
        RuleSettings { settle_step: 1.0, settle_tolerance: 1e-7, settle_iterations: 5_000, ..RuleSettings::new(1.0, 1) }
            .with_param("ep_beta", beta)
            .with_param("ep_symmetric", f64::from(u8::from(symmetric)))
    }

    /// A 9-6-4-10 network whose hidden states sit inside the box on the tiny batch.
    fn model() -> Mlp {
        let mut m = Mlp::new(&[9, 6, 4, 10], Activation::Sigmoid, true, 0.4, &mut Rng::new(7, Stream::Init));
        for (l, layer) in m.layers.iter_mut().enumerate() {
            let b = layer.b.as_mut().unwrap();
            b.iter_mut().enumerate().for_each(|(i, v)| *v = if l < 2 { 0.5 } else { 0.2 } + 0.02 * i as f32);
        }
        m
    }

    /// The summed loss at the free equilibrium, and the rule's update.
    fn loss_and_update(model: &Mlp, t: &mut Trainer, rule: &mut EquilibriumPropagation) -> (f64, Vec<Array2<f32>>) {
        let stats = t.compute_gradients(model, 1.0, rule);
        t.settled().unwrap().unwrap();
        (stats.loss_sum, t.gradients().w.clone())
    }

    #[test]
    fn as_beta_goes_to_zero_its_update_is_the_gradient_of_the_free_equilibriums_loss() {
        let mut model = model();
        let mut t = Trainer::new(&model, 6, Task::Classify);
        load_tiny_batch(&mut t);
        let mut probe = EquilibriumPropagation::from_settings(&model, &settings(1e-3, true));
        // Central finite differences of L(θ) = Σ_images C(s⁰_L(θ)) (a small step: a larger one
        // carries units across the box's walls).
        let eps = 1e-3f32;
        let mut numeric: Vec<Array2<f32>> = model.layers.iter().map(|l| Array2::zeros(l.w.dim())).collect();
        for l in 0..model.layers.len() {
            for j in 0..model.layers[l].w.len() {
                let (r, c) = (j / model.layers[l].n_out(), j % model.layers[l].n_out());
                let orig = model.layers[l].w[[r, c]];
                model.layers[l].w[[r, c]] = orig + eps;
                let up = loss_and_update(&model, &mut t, &mut probe).0;
                model.layers[l].w[[r, c]] = orig - eps;
                let down = loss_and_update(&model, &mut t, &mut probe).0;
                model.layers[l].w[[r, c]] = orig;
                numeric[l][[r, c]] = ((up - down) / (2.0 * f64::from(eps))) as f32;
            }
        }
        let cos = |a: &[Array2<f32>], b: &[Array2<f32>]| {
            let dot: f64 = a.iter().zip(b).flat_map(|(a, b)| a.iter().zip(b)).map(|(&x, &y)| f64::from(x) * f64::from(y)).sum();
            let n = |m: &[Array2<f32>]| m.iter().flat_map(|m| m.iter()).map(|&v| f64::from(v).powi(2)).sum::<f64>().sqrt();
            dot / (n(a) * n(b))
        };
        for symmetric in [true, false] {
            let mut rule = EquilibriumPropagation::from_settings(&model, &settings(1e-3, symmetric));
            let (_, update) = loss_and_update(&model, &mut t, &mut rule);
            let all = cos(&update, &numeric);
            let per_layer: Vec<f64> = (0..3).map(|l| cos(&update[l..=l], &numeric[l..=l])).collect();
            eprintln!("equilibrium propagation (symmetric {symmetric}) vs finite differences: cosine {all:.6}, per layer {per_layer:?}, {:?}", t.settled());
            assert!(all >= 0.99, "cosine {all}, per layer {per_layer:?}");
        }
        // A strong nudge is further from the gradient (the check can fail).
        let mut strong = EquilibriumPropagation::from_settings(&model, &settings(2.0, false));
        let mut weak = EquilibriumPropagation::from_settings(&model, &settings(1e-3, false));
        let (s, w) = (loss_and_update(&model, &mut t, &mut strong).1, loss_and_update(&model, &mut t, &mut weak).1);
        assert!(cos(&s, &numeric) < cos(&w, &numeric) - 1e-3, "{} vs {}", cos(&s, &numeric), cos(&w, &numeric));
    }

    #[test]
    fn its_trace_draws_the_free_phase_and_the_two_nudged_phases_with_the_energy_falling() {
        let model = model();
        let mut t = Trainer::new(&model, 6, Task::Classify);
        load_tiny_batch(&mut t);
        let mut rule = EquilibriumPropagation::from_settings(&model, &RuleSettings { settle_step: 0.5, ..settings(0.5, true) });
        rule.record_trace(true);
        loss_and_update(&model, &mut t, &mut rule);
        let trace = rule.settle_trace().unwrap();
        let names: Vec<&str> = trace.phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["free", "nudged +β", "nudged −β"]);
        for phase in &trace.phases {
            let total: Vec<f64> = phase.energy.iter().map(|e| e.iter().sum()).collect();
            assert!(total.len() > 2 && phase.energy[0].len() == 3);
            assert!(total.windows(2).all(|w| w[1] <= w[0] + 1e-5), "{}: energy rises {total:?}", phase.name);
            // One change row per iteration, each layer's; the last is below the tolerance.
            assert_eq!(phase.change.len(), phase.energy.len() - 1, "{}", phase.name);
            assert!(phase.change.iter().all(|c| c.len() == 3 && c.iter().all(|&v| v >= 0.0)));
            let last = phase.change.last().unwrap().iter().copied().fold(0.0, f64::max);
            let first = phase.change[0].iter().copied().fold(0.0, f64::max);
            assert!(last < 1e-4 && last < first, "{}: change {first} to {last}", phase.name);
        }
        rule.record_trace(false);
        loss_and_update(&model, &mut t, &mut rule);
        assert!(rule.settle_trace().is_none());
        let mut hasty = EquilibriumPropagation::from_settings(&model, &RuleSettings { settle_iterations: 1, ..settings(0.5, true) });
        t.compute_gradients(&model, 1.0, &mut hasty);
        assert_eq!(t.settled().unwrap().unwrap_err().iterations, 1);
    }
}
