//! Difference target propagation, `dtp` (Lee, Zhang, Fischer & Bengio 2015): no error travels
//! back; targets for the layers' activity do.
//!
//! - The output's target is a small step s (`target_step`) down its loss gradient,
//!   τ_L = Ŷ − s·δ_L (δ_L as the convention scales it; for linear outputs δ_L = ∂L/∂Ŷ).
//! - Learned feedback g_l(a) = f(a·V_l + c_l) (V_l n_out(l)×n_in(l), f the hidden activation)
//!   maps layer l's activity back to layer l−1's. The target of A_{l−1} comes down with the
//!   difference correction, τ_{l−1} = A_{l−1} + g_l(τ_l) − g_l(A_l): even an imperfect inverse
//!   then sends A_{l−1} itself when τ_l = A_l, and with an exact inverse (g_l = f_l⁻¹)
//!   τ_{l−1} = f_l⁻¹(τ_l), the target propagated exactly.
//! - Forward weights learn each layer's local loss ½‖A_{l−1} − τ_{l−1}‖²/s toward its target:
//!   e_{l−1} = (A_{l−1} − τ_{l−1})/s = (g_l(A_l) − g_l(τ_l))/s and δ_{l−1} = f′ ⊙ e_{l−1}, as
//!   every rule's (dividing by s makes e_{l−1} ≈ J_g·δ_l to first order, of the gradient's
//!   scale whatever the step). The output layer learns from its loss as under every rule.
//! - g_l learns to invert layer l from noise-corrupted activity (after each forward update):
//!   h̃ = A_{l−1} + σε, ε ~ N(0, 1) from the seed's feedback stream, u = f_l(h̃·W_l + b_l),
//!   r = g_l(u); V_l ← V_l − η_g·uᵀ·((r − h̃) ⊙ f′(r))/B, c_l likewise: SGD on the mean over the
//!   batch of ½‖r − h̃‖². σ = [`NOISE_STD`] is a tenth of a sigmoid unit's range: small enough
//!   that f_l is nearly linear across it, large enough that g_l learns f_l's inverse around the
//!   activity rather than the identity on it. η_g = [`INVERSE_LEARNING_RATE`] is per image
//!   (the mean over the batch), so it does not depend on the convention's loss scaling.
//!
//! Diagnostic (`inverse_error`, per hidden layer): the inverse's reconstruction error, mean over
//! the batch and units of (r − h̃)² at its last update.

use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2};

use crate::nn::kernels::{matmul, matmul_at_b, zip_combine, zip_update};
use crate::nn::{Activation, Mlp};
use crate::rng::Rng;

use super::{apply_derivative, f32_bytes, DiagnosticSpec, FromSettings, Gradients, LearningRule, RuleSettings, Upstream};

/// The default step s of the output target down the loss gradient (config `target_step`).
pub const DEFAULT_TARGET_STEP: f64 = 0.5;
/// σ of the noise g_l learns to invert from, in units of activity.
pub const NOISE_STD: f64 = 0.1;
/// η_g, the learning rate of the inverses (per image).
pub const INVERSE_LEARNING_RATE: f32 = 0.05;

/// One weight layer's inverse g_l and its buffers (all allocated on the first step).
struct Inverse {
    /// V_l, n_out(l)×n_in(l).
    v: Array2<f32>,
    /// c_l, n_in(l).
    c: Array1<f32>,
    /// g_l(τ_l), then (learning) the noisy activity h̃; B×n_in(l).
    g_target: Array2<f32>,
    /// g_l(A_l), then (learning) the reconstruction r; B×n_in(l).
    g_now: Array2<f32>,
    /// A_{l−1} of the step's forward pass, B×n_in(l).
    below: Array2<f32>,
    /// u = f_l(h̃·W_l + b_l), B×n_out(l).
    up: Array2<f32>,
    /// ∂/∂V_l of the reconstruction loss.
    grad_v: Array2<f32>,
    /// Mean (r − h̃)² at the last update; None before the first.
    error: Option<f64>,
}

pub struct Dtp {
    /// g_l for l ≥ 1 (index l − 1).
    inverses: Vec<Inverse>,
    /// τ_k, the target of A_k, B×n_out(k), for every weight layer k.
    targets: Vec<Array2<f32>>,
    step: f32,
    rng: Rng,
    /// Whether `hidden_delta` has filled `below` since the last inverse update.
    pending: bool,
}

/// out = f(a·V + c) (f = None: linear): g_l applied to the rows of `a`.
pub(super) fn apply_inverse(v: ArrayView2<f32>, c: &Array1<f32>, f: Option<Activation>, a: ArrayView2<f32>, mut out: ArrayViewMut2<f32>) {
    matmul(a, v, out.view_mut());
    for mut row in out.rows_mut() {
        zip_update("dtp inverse", row.view_mut(), c.view(), |o, c| *o += c);
    }
    if let (Some(f), Some(z)) = (f, out.as_slice_mut()) {
        f.apply(z);
    }
}

/// τ_{l−1} = A_{l−1} + g(τ_l) − g(A_l), written into `g_target` (which holds g(τ_l)).
pub(super) fn difference_target(below: ArrayView2<f32>, g_now: ArrayView2<f32>, g_target: ArrayViewMut2<f32>) {
    let mut target = g_target;
    zip_update("dtp target", target.view_mut(), g_now, |t, g| *t -= g);
    zip_update("dtp target", target, below, |t, h| *t += h);
}

impl Dtp {
    /// Sizes every buffer for batches of `batch` (once, or when the batch size changes).
    fn ensure_batch(&mut self, model: &Mlp, batch: usize) {
        if self.targets.first().is_some_and(|t| t.nrows() == batch) {
            return;
        }
        self.targets = model.activation_buffers(batch);
        for (inv, layer) in self.inverses.iter_mut().zip(&model.layers[1..]) {
            inv.g_target = Array2::zeros((batch, layer.n_in()));
            inv.g_now = Array2::zeros((batch, layer.n_in()));
            inv.below = Array2::zeros((batch, layer.n_in()));
            inv.up = Array2::zeros((batch, layer.n_out()));
        }
    }

    /// The activation of weight layer l's output.
    fn layer_activation(model: &Mlp, l: usize) -> Option<Activation> {
        if l + 1 == model.layers.len() { model.output_activation } else { Some(model.activation) }
    }

    /// One SGD step of g_l on noise-corrupted A_{l−1} of the last forward pass, through the
    /// forward weights as they are now.
    fn learn_inverse(&mut self, model: &Mlp, l: usize) {
        let f = model.activation;
        let out_f = Self::layer_activation(model, l);
        let layer = &model.layers[l];
        let (rng, inv) = (&mut self.rng, &mut self.inverses[l - 1]);
        let batch = inv.below.nrows() as f32;
        // h̃ = A_{l−1} + σε into g_target.
        zip_update("dtp noise", inv.g_target.view_mut(), inv.below.view(), |n, h| *n = h + (rng.normal() * NOISE_STD) as f32);
        matmul(inv.g_target.view(), layer.w.view(), inv.up.view_mut());
        if let Some(b) = &layer.b {
            for mut row in inv.up.rows_mut() {
                zip_update("dtp forward", row.view_mut(), b.view(), |u, b| *u += b);
            }
        }
        if let (Some(f), Some(z)) = (out_f, inv.up.as_slice_mut()) {
            f.apply(z);
        }
        apply_inverse(inv.v.view(), &inv.c, Some(f), inv.up.view(), inv.g_now.view_mut());
        // (r − h̃) ⊙ f′(r), in g_target; Σ(r − h̃)² on the way.
        let mut sq = 0.0f64;
        zip_update("dtp reconstruction", inv.g_target.view_mut(), inv.g_now.view(), |d, r| {
            let diff = r - *d;
            sq += f64::from(diff) * f64::from(diff);
            *d = diff * f.derivative_from_output(r);
        });
        inv.error = Some(sq / inv.g_target.len().max(1) as f64);
        matmul_at_b(inv.up.view(), inv.g_target.view(), inv.grad_v.view_mut());
        let rate = INVERSE_LEARNING_RATE / batch;
        zip_update("dtp inverse update", inv.v.view_mut(), inv.grad_v.view(), |v, g| *v -= rate * g);
        for row in inv.g_target.rows() {
            zip_update("dtp inverse bias", inv.c.view_mut(), row, |c, d| *c -= rate * d);
        }
    }
}

impl LearningRule for Dtp {
    /// e_{l−1} = (g_l(A_l) − g_l(τ_l))/s, allocating its buffers: the trainer goes through
    /// [`LearningRule::hidden_delta`], which does not.
    fn send_back(&self, up: &Upstream, mut error: ArrayViewMut2<f32>) {
        let l = up.layer;
        let inv = &self.inverses[l - 1];
        let batch = up.delta.nrows();
        let mut target = up.acts[l].slice(ndarray::s![..batch, ..]).to_owned();
        if l + 1 == up.model.layers.len() {
            zip_update("dtp output target", target.view_mut(), up.delta_out, |t, d| *t -= self.step * d);
        } else {
            target.assign(&self.targets[l].slice(ndarray::s![..batch, ..]));
        }
        let f = Some(up.model.activation);
        let mut g_target = Array2::zeros(error.dim());
        apply_inverse(inv.v.view(), &inv.c, f, target.view(), g_target.view_mut());
        apply_inverse(inv.v.view(), &inv.c, f, up.acts[l].slice(ndarray::s![..batch, ..]), error.view_mut());
        let step = self.step;
        zip_update("dtp error", error, g_target.view(), |e, g| *e = (*e - g) / step);
    }

    /// Propagates τ_l to τ_{l−1} and writes e_{l−1} and δ_{l−1} (see the module's doc).
    fn hidden_delta(&mut self, up: &Upstream, mut error: ArrayViewMut2<f32>, delta: ArrayViewMut2<f32>) {
        let l = up.layer;
        self.ensure_batch(up.model, up.delta.nrows());
        let step = self.step;
        if l + 1 == up.model.layers.len() {
            zip_combine("dtp output target", self.targets[l].view_mut(), up.acts[l].view(), up.delta_out, |y, d| y - step * d);
        }
        let f = Some(up.model.activation);
        let (lower, upper) = self.targets.split_at_mut(l);
        let inv = &mut self.inverses[l - 1];
        apply_inverse(inv.v.view(), &inv.c, f, upper[0].view(), inv.g_target.view_mut());
        apply_inverse(inv.v.view(), &inv.c, f, up.acts[l].view(), inv.g_now.view_mut());
        zip_combine("dtp error", error.view_mut(), inv.g_now.view(), inv.g_target.view(), |now, t| (now - t) / step);
        zip_update("dtp below", inv.below.view_mut(), up.below(), |b, h| *b = h);
        difference_target(up.below(), inv.g_now.view(), inv.g_target.view_mut());
        zip_update("dtp target", lower[l - 1].view_mut(), inv.g_target.view(), |t, g| *t = g);
        self.pending = true;
        apply_derivative(true, up, error.view(), delta);
    }

    /// Each inverse learns from the step's activity, through the updated forward weights.
    fn after_update(&mut self, model: &Mlp, _grads: &Gradients, _learning_rate: f32) {
        if !self.pending {
            return;
        }
        self.pending = false;
        for l in 1..model.layers.len() {
            self.learn_inverse(model, l);
        }
    }

    /// For hidden layer h: g_{h+1}'s reconstruction error of A_h at its last update.
    fn diagnostics(&self, h: usize, out: &mut [Option<f64>]) {
        out[0] = self.inverse_error(h);
    }
}

impl Dtp {
    /// For hidden layer h: the mean squared error with which g_{h+1} reconstructed A_h at its
    /// last update (None before the first, and for the output layer).
    pub fn inverse_error(&self, h: usize) -> Option<f64> {
        self.inverses.get(h).and_then(|inv| inv.error)
    }
}

impl FromSettings for Dtp {
    const DIAGNOSTICS: &'static [DiagnosticSpec] = &[DiagnosticSpec {
        name: "inverse_error",
        doc: "The mean squared error with which the learned inverse of the layer above reconstructs this layer's activity (its last update)",
    }];

    /// V_1, …, V_L drawn in turn from the seed's feedback stream, N(0, σ/√n_out(l)) (so that
    /// a·V_l has the spread σ whatever the width), c_l = 0; the noise continues the stream.
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self {
        let mut rng = settings.feedback_rng();
        let inverses = model.layers[1..]
            .iter()
            .map(|layer| {
                let scale = 1.0 / (layer.n_out() as f64).sqrt();
                let v = settings.random_matrix(&mut rng, layer.n_out(), layer.n_in()) * scale as f32;
                Inverse {
                    v,
                    c: Array1::zeros(layer.n_in()),
                    g_target: Array2::zeros((0, layer.n_in())),
                    g_now: Array2::zeros((0, layer.n_in())),
                    below: Array2::zeros((0, layer.n_in())),
                    up: Array2::zeros((0, layer.n_out())),
                    grad_v: Array2::zeros((layer.n_out(), layer.n_in())),
                    error: None,
                }
            })
            .collect();
        Self { inverses, targets: Vec::new(), step: settings.param("target_step") as f32, rng, pending: false }
    }

    /// V_l, c_l and ∂/∂V_l (the batch buffers, allocated on the first step, are the
    /// trainer's size again and are not counted).
    fn state_bytes(sizes: &[usize]) -> u64 {
        f32_bytes(sizes.windows(2).skip(1).map(|p| 2 * p[0] * p[1] + p[0]).sum())
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::nn::fixtures as hand;
    use crate::nn::loss::Task;
    use crate::nn::Trainer;
    use crate::rng::{Rng, Stream};

    fn sigmoid(z: f64) -> f64 {
        1.0 / (1.0 + (-z).exp())
    }

    #[test]
    fn matches_its_hand_worked_update() {
        // τ = ŷ − s·e, e_h = (σ(ŷ·V + c) − σ(τ·V + c))/s, ∂L/∂W1 = x·h(1 − h)·e_h.
        let h = hand::Worked::new();
        let mut rule = Dtp::from_settings(&h.model, &hand::SETTINGS.with_param("target_step", DEFAULT_TARGET_STEP));
        let s = f64::from(rule.step);
        let v: Vec<f64> = rule.inverses[0].v.iter().map(|&v| f64::from(v)).collect();
        let y: Vec<f64> = h.v.iter().map(|vk| h.h * vk).collect();
        let g = |a: &[f64]| sigmoid(a.iter().zip(&v).map(|(a, v)| a * v).sum());
        let target: Vec<f64> = y.iter().zip(&h.e).map(|(y, e)| y - s * e).collect();
        let e_h = (g(&y) - g(&target)) / s;
        assert!(e_h.abs() > 1e-6, "a case that moves W1");
        h.check(&mut rule, h.x * h.h * (1.0 - h.h) * e_h);
    }

    #[test]
    fn with_an_exact_inverse_the_difference_correction_propagates_the_target_exactly() {
        // A linear layer A_l = A_{l−1}·W with its exact inverse g(a) = a·W⁻¹.
        let w = array![[2.0f32, 1.0], [1.0, 1.0]];
        let w_inv = array![[1.0f32, -1.0], [-1.0, 2.0]];
        let below = array![[0.3f32, -0.7], [1.5, 0.25]];
        let mut now = Array2::zeros((2, 2));
        matmul(below.view(), w.view(), now.view_mut());
        let target = array![[1.0f32, 0.5], [-0.25, 2.0]];
        let c = Array1::zeros(2);
        let (mut g_target, mut g_now) = (Array2::zeros((2, 2)), Array2::zeros((2, 2)));
        apply_inverse(w_inv.view(), &c, None, target.view(), g_target.view_mut());
        apply_inverse(w_inv.view(), &c, None, now.view(), g_now.view_mut());
        let exact = g_target.clone();
        difference_target(below.view(), g_now.view(), g_target.view_mut());
        // τ_{l−1} = A_{l−1} + g(τ_l) − g(A_l) = τ_l·W⁻¹, and maps forward onto τ_l.
        let mut forward = Array2::zeros((2, 2));
        matmul(g_target.view(), w.view(), forward.view_mut());
        for ((t, e), (f, want)) in g_target.iter().zip(&exact).zip(forward.iter().zip(&target)) {
            assert!((t - e).abs() < 1e-6 && (f - want).abs() < 1e-6, "{g_target} vs {exact}; {forward} vs {target}");
        }
    }

    #[test]
    fn the_inverse_reconstruction_error_falls_while_training() {
        let mut rng = Rng::new(5, Stream::Init);
        let mut model = Mlp::new(&[9, 6, 4, 10], Activation::Sigmoid, false, 1.0, &mut rng);
        let mut rule = Dtp::from_settings(&model, &RuleSettings::new(1.0, 3).with_param("target_step", DEFAULT_TARGET_STEP));
        let mut t = Trainer::new(&model, 6, Task::Classify);
        hand::load_tiny_batch(&mut t);
        let mean_error = |rule: &Dtp| (0..2).map(|h| rule.inverse_error(h).unwrap()).sum::<f64>();
        let mut first = None;
        let mut recent = 0.0;
        for step in 0..2_000 {
            t.compute_gradients(&model, 1.0, &mut rule);
            t.apply_update(&mut model, &mut rule, 0.01);
            first.get_or_insert(mean_error(&rule));
            if step >= 1_900 {
                recent += mean_error(&rule) / 100.0;
            }
        }
        let first = first.unwrap();
        assert!(recent < 0.5 * first, "reconstruction error {first} → {recent}");
        assert!(rule.inverse_error(2).is_none(), "the output layer has no inverse into it");
    }
}
