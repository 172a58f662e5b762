//! The optimizers: how the trainer turns the rule's ΔW into the step it takes. Every rule
//! computes ΔW_l = A_{l−1}ᵀ·δ_l (and Δb_l) its own way; the optimizer maps it, element by
//! element, to a direction U, and the trainer applies W ← W − η·U − λ·W (biases without the
//! decay, which stays decoupled from the optimizer, as in AdamW).
//!
//! - SGD (the default): U = ΔW.
//! - Momentum (heavy ball, as PyTorch's SGD with momentum): V ← μ·V + ΔW, U = V (V starts at 0).
//!   With μ = 0, V = ΔW and the step is SGD's, bit for bit.
//! - Adam (Kingma & Ba 2015): with t the step (from 1),
//!   M ← β₁·M + (1 − β₁)·ΔW,  S ← β₂·S + (1 − β₂)·ΔW²,
//!   U = M̂ / (√Ŝ + ε),  M̂ = M / (1 − β₁ᵗ),  Ŝ = S / (1 − β₂ᵗ).
//!   U is about ±1 per element whatever the scale of ΔW, so η is the step size per weight
//!   (1e-3 is the usual choice) and the convention's sum or mean over the batch hardly matters.
//!
//! The optimizer acts on whatever ΔW the rule produced, so it applies to every rule. Where a
//! rule learns matrices of its own, they follow the rule's own update: Kolen–Pollack's feedback
//! B_l receives the same step U as W_l (so W_l − B_l still decays as (1 − λ)), and target
//! propagation's inverses keep their own plain SGD (η_g, `rules/dtp.rs`). A step whose hidden
//! layers do not learn (the shallow control, a skipped stochastic step) has ΔW = 0 there: under
//! momentum or Adam the hidden weights still move by the momentum of earlier steps (the shallow
//! control's never do: their ΔW is always 0).
//!
//! The state (V, or M and S) has the shape of the gradients and is allocated once, when the
//! trainer is built; a step allocates nothing. β₁ᵗ and β₂ᵗ are kept as running products in f64,
//! and every operation is a plain IEEE one (√ included), so a run is the same natively and in
//! wasm.

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::kernels::operand_mut;
use super::rules::Gradients;
use super::Mlp;

/// The configured optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Optimizer {
    /// U = ΔW: the coursework's plain stochastic gradient descent.
    #[default]
    Sgd,
    /// U = V, V ← μ·V + ΔW.
    Momentum,
    /// U = M̂ / (√Ŝ + ε), bias-corrected moving averages of ΔW and ΔW².
    Adam,
}

impl Optimizer {
    /// How many copies of the gradients the optimizer keeps: 0, 1 (V) or 2 (M and S).
    pub fn moments(self) -> usize {
        match self {
            Optimizer::Sgd => 0,
            Optimizer::Momentum => 1,
            Optimizer::Adam => 2,
        }
    }
}

/// The usual momentum μ.
pub const DEFAULT_MOMENTUM: f64 = 0.9;
/// Adam's usual β₁, β₂ and ε (Kingma & Ba 2015).
pub const DEFAULT_ADAM_BETA1: f64 = 0.9;
pub const DEFAULT_ADAM_BETA2: f64 = 0.999;
pub const DEFAULT_ADAM_EPSILON: f64 = 1e-8;

/// The optimizer and its parameters (each used by the optimizer it names).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptimizerSettings {
    pub optimizer: Optimizer,
    /// μ (momentum).
    pub momentum: f64,
    /// β₁, β₂ and ε (Adam).
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
}

impl OptimizerSettings {
    /// `optimizer` with the usual parameters.
    pub const fn new(optimizer: Optimizer) -> Self {
        Self { optimizer, momentum: DEFAULT_MOMENTUM, beta1: DEFAULT_ADAM_BETA1, beta2: DEFAULT_ADAM_BETA2, epsilon: DEFAULT_ADAM_EPSILON }
    }
}

impl Default for OptimizerSettings {
    fn default() -> Self {
        Self::new(Optimizer::Sgd)
    }
}

/// An optimizer's state for one network, allocated once.
pub struct OptimizerState {
    settings: OptimizerSettings,
    /// V (momentum) or M (Adam); None under SGD.
    first: Option<Gradients>,
    /// S (Adam); None otherwise.
    second: Option<Gradients>,
    /// β₁ᵗ and β₂ᵗ after the steps taken (Adam).
    beta1_power: f64,
    beta2_power: f64,
}

/// Zeros of the shapes of `grads`.
fn zeros_like(grads: &Gradients) -> Gradients {
    Gradients {
        w: grads.w.iter().map(|g| Array2::zeros(g.dim())).collect(),
        b: grads.b.iter().map(|g| Array1::zeros(g.dim())).collect(),
    }
}

impl OptimizerState {
    /// The state for gradients of the shapes of `grads`, all zero, before the first step.
    pub fn new(grads: &Gradients, settings: OptimizerSettings) -> Self {
        let moments = settings.optimizer.moments();
        Self {
            settings,
            first: (moments >= 1).then(|| zeros_like(grads)),
            second: (moments >= 2).then(|| zeros_like(grads)),
            beta1_power: 1.0,
            beta2_power: 1.0,
        }
    }

    pub fn settings(&self) -> OptimizerSettings {
        self.settings
    }

    /// Bytes of `optimizer`'s state for a network of widths `sizes` (input first): a copy of
    /// the gradients (weights and biases) per moment.
    pub fn bytes(optimizer: Optimizer, sizes: &[usize]) -> u64 {
        optimizer.moments() as u64 * Mlp::bytes(sizes, true)
    }

    /// Replaces each ΔW (and Δb) in `grads` by the direction U of this step, in place (SGD:
    /// leaves them as they are), advancing the state.
    pub fn directions(&mut self, grads: &mut Gradients) {
        let s = self.settings;
        match (s.optimizer, &mut self.first, &mut self.second) {
            (Optimizer::Momentum, Some(v), _) => {
                let mu = s.momentum as f32;
                for (g, v) in slices("momentum", grads).zip(slices("momentum", v)) {
                    for (g, v) in g.iter_mut().zip(v) {
                        *v = mu * *v + *g;
                        *g = *v;
                    }
                }
            }
            (Optimizer::Adam, Some(m), Some(sq)) => {
                self.beta1_power *= s.beta1;
                self.beta2_power *= s.beta2;
                let (b1, b2, eps) = (s.beta1 as f32, s.beta2 as f32, s.epsilon as f32);
                let (c1, c2) = ((1.0 - self.beta1_power) as f32, (1.0 - self.beta2_power) as f32);
                for ((g, m), sq) in slices("adam", grads).zip(slices("adam", m)).zip(slices("adam", sq)) {
                    for ((g, m), sq) in g.iter_mut().zip(m).zip(sq) {
                        *m = b1 * *m + (1.0 - b1) * *g;
                        *sq = b2 * *sq + (1.0 - b2) * *g * *g;
                        *g = (*m / c1) / ((*sq / c2).sqrt() + eps);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every array of `g` as a slice, in one order: the weights layer by layer, then the biases.
fn slices<'a>(op: &'a str, g: &'a mut Gradients) -> impl Iterator<Item = &'a mut [f32]> + 'a {
    let w = g.w.iter_mut().map(move |a| operand_mut(op, "ΔW", a.view_mut()));
    w.chain(g.b.iter_mut().map(move |b| operand_mut(op, "Δb", b.view_mut())))
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::nn::fixtures::load_tiny_batch;
    use crate::nn::loss::{Loss, Task};
    use crate::nn::rules::{Backprop, Rule, RuleSettings};
    use crate::nn::{Activation, Trainer};
    use crate::rng::{Rng, Stream};

    /// One layer's gradients: ΔW (1×3) and Δb (3).
    fn grads(w: [f32; 3], b: [f32; 3]) -> Gradients {
        Gradients { w: vec![array![[w[0], w[1], w[2]]]], b: vec![array![b[0], b[1], b[2]]] }
    }

    fn close(found: f32, expected: f64) {
        assert!((f64::from(found) - expected).abs() <= 1e-6 + 1e-5 * expected.abs(), "{found} vs {expected}");
    }

    #[test]
    fn sgd_keeps_the_gradient() {
        let mut g = grads([0.5, -1.0, 2.0], [1.0, 0.0, -3.0]);
        let mut state = OptimizerState::new(&g, OptimizerSettings::default());
        state.directions(&mut g);
        assert_eq!((g.w[0].clone(), g.b[0].clone()), (array![[0.5, -1.0, 2.0]], array![1.0, 0.0, -3.0]));
        assert_eq!(OptimizerState::bytes(Optimizer::Sgd, &[9, 8, 10]), 0);
    }

    #[test]
    fn momentum_matches_its_hand_worked_steps() {
        // μ = 0.9. Step 1: V = ΔW₁. Step 2: V = 0.9·ΔW₁ + ΔW₂.
        let settings = OptimizerSettings { momentum: 0.9, ..OptimizerSettings::new(Optimizer::Momentum) };
        let mut g = grads([0.5, -1.0, 2.0], [1.0, 0.0, -3.0]);
        let mut state = OptimizerState::new(&g, settings);
        state.directions(&mut g);
        assert_eq!(g.w[0], array![[0.5, -1.0, 2.0]]);
        let mut g2 = grads([0.25, 2.0, -1.8], [0.0, 1.0, 2.7]);
        state.directions(&mut g2);
        // 0.9·0.5 + 0.25 = 0.7; 0.9·(−1) + 2 = 1.1; 0.9·2 − 1.8 = 0; biases 0.9, 1, 0.
        for (&u, e) in g2.w[0].iter().zip([0.7, 1.1, 0.0]) {
            close(u, e);
        }
        for (&u, e) in g2.b[0].iter().zip([0.9, 1.0, 0.0]) {
            close(u, e);
        }
    }

    #[test]
    fn adam_matches_its_hand_worked_first_two_steps() {
        // β₁ = 0.9, β₂ = 0.999, ε = 1e-8. Element 0: ΔW = 0.5 then −0.25.
        //   t = 1: M = 0.1·0.5 = 0.05, S = 0.001·0.25 = 2.5e-4; M̂ = 0.05/0.1 = 0.5,
        //          Ŝ = 2.5e-4/0.001 = 0.25; U = 0.5/(0.5 + 1e-8) = 0.99999998.
        //   t = 2: M = 0.9·0.05 + 0.1·(−0.25) = 0.02, S = 0.999·2.5e-4 + 0.001·0.0625 = 3.1225e-4;
        //          M̂ = 0.02/(1 − 0.81) = 0.1052632, Ŝ = 3.1225e-4/(1 − 0.998001) = 0.1562031;
        //          U = 0.1052632/(0.3952253 + 1e-8) = 0.2663370.
        // Element 1: ΔW = −2e-3 then 4e-3.
        //   t = 1: M̂ = −2e-3, Ŝ = 4e-6; U = −2e-3/(2e-3 + 1e-8) = −0.9999950.
        //   t = 2: M = 0.9·(−2e-4) + 0.1·4e-3 = 2.2e-4, S = 0.999·4e-9 + 0.001·1.6e-5 = 1.9996e-8;
        //          M̂ = 2.2e-4/0.19 = 1.157895e-3, Ŝ = 1.9996e-8/0.001999 = 1.000300e-5;
        //          U = 1.157895e-3/(3.162752e-3 + 1e-8) = 0.3661024.
        // Element 2: ΔW = 1e-8 both times, where ε counts: M̂ = 1e-8 and √Ŝ = 1e-8, so U = 0.5.
        // Biases: Δb = 0 both times: U = 0.
        let mut state = OptimizerState::new(&grads([0.0; 3], [0.0; 3]), OptimizerSettings::new(Optimizer::Adam));
        let mut g = grads([0.5, -2e-3, 1e-8], [0.0; 3]);
        state.directions(&mut g);
        for (&u, e) in g.w[0].iter().zip([0.99999998, -0.9999950, 0.5]) {
            close(u, e);
        }
        let mut g = grads([-0.25, 4e-3, 1e-8], [0.0; 3]);
        state.directions(&mut g);
        for (&u, e) in g.w[0].iter().zip([0.2663370, 0.3661024, 0.5]) {
            close(u, e);
        }
        assert!(g.b[0].iter().all(|&u| u == 0.0));
        assert_eq!(OptimizerState::bytes(Optimizer::Adam, &[9, 8, 10]), 2 * 4 * (9 * 8 + 8 + 8 * 10 + 10));
        assert_eq!(OptimizerState::bytes(Optimizer::Momentum, &[9, 8, 10]), 4 * (9 * 8 + 8 + 8 * 10 + 10));
    }

    #[test]
    fn the_trainer_applies_the_optimizers_direction() {
        // One Adam step moves every weight whose gradient is not tiny by about η, against the
        // sign of its gradient: W₁ = W₀ − η·ΔW/(|ΔW| + ε).
        let mut model = Mlp::new(&[9, 8, 10], Activation::Sigmoid, true, 0.5, &mut Rng::new(1, Stream::Init));
        let before = model.clone();
        let mut t = Trainer::new(&model, 6, Task::Classify).with_loss(Loss::CrossEntropy).with_optimizer(OptimizerSettings::new(Optimizer::Adam));
        load_tiny_batch(&mut t);
        t.compute_gradients(&model, 1.0, &mut Backprop);
        let g = t.gradients().w[1].clone();
        t.apply_update(&mut model, &mut Backprop, 0.01);
        let mut checked = 0;
        for ((&w1, &w0), &g) in model.layers[1].w.iter().zip(&before.layers[1].w).zip(&g) {
            let expected = f64::from(w0) - 0.01 * f64::from(g) / (f64::from(g.abs()) + 1e-8);
            assert!((f64::from(w1) - expected).abs() < 1e-6, "{w1} vs {expected}");
            checked += usize::from(g.abs() > 1e-4);
        }
        assert!(checked > 60, "{checked} weights with a gradient");
        // What the trainer now holds (and hands the rule) is U, about ±1.
        assert!(t.gradients().w[1].iter().zip(&g).all(|(&u, &g)| g.abs() < 1e-4 || (u.abs() - 1.0).abs() < 1e-3));
    }

    #[test]
    fn kolen_pollack_feedback_follows_the_weights_under_adam_and_momentum() {
        // B_l takes the weights' own step U_l, so W_l − B_l decays as (1 − λ) per step and the
        // angle between them falls as under SGD (rules/kolen_pollack.rs).
        for (optimizer, learning_rate) in [(Optimizer::Adam, 0.01), (Optimizer::Momentum, 0.02)] {
            let mut model = Mlp::new(&[9, 6, 4, 10], Activation::Sigmoid, false, 0.5, &mut Rng::new(5, Stream::Init));
            let settings = RuleSettings { weight_decay: 0.01, ..RuleSettings::new(1.0, 3) };
            let mut kp = Rule::KolenPollack.build(&model, &settings);
            let mut t = Trainer::new(&model, 6, Task::Classify).with_weight_decay(0.01).with_optimizer(OptimizerSettings::new(optimizer));
            load_tiny_batch(&mut t);
            let before = kp.feedback_angle_deg(&model, 0).unwrap();
            assert!(before > 60.0, "drawn independently: {before}°");
            for _ in 0..400 {
                t.compute_gradients(&model, 1.0, &mut *kp);
                t.apply_update(&mut model, &mut *kp, learning_rate);
            }
            for h in 0..2 {
                let angle = kp.feedback_angle_deg(&model, h).unwrap();
                assert!(angle < 20.0, "{optimizer:?} layer {h}: {before}° → {angle}°");
            }
        }
    }
}
