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
