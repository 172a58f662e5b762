//! What a learning rule is: the trait every rule implements ([`LearningRule`]), what the
//! backward pass hands it ([`Upstream`]), the gradients it may learn from ([`Gradients`]), and
//! how a registered rule is built ([`FromSettings`], [`RuleSettings`]) and the figures it
//! reports per hidden layer ([`DiagnosticSpec`]), and the hook by which
//! a rule whose neurons settle computes its own update ([`LocalBatch`], [`Settled`],
//! [`Unsettled`], [`SettleTrace`]).

use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2};

use crate::nn::kernels::{zip_combine, zip_update};
use crate::nn::Mlp;
use crate::rng::{Rng, Stream};

/// What the backward pass knows when weight layer `layer` (≥ 1) sends its error down to the
/// layer below it: the deltas above, and the whole forward pass.
pub struct Upstream<'a> {
    pub model: &'a Mlp,
    /// l: the error goes from layer l's pre-activation to layer l−1's output.
    pub layer: usize,
    /// δ_l = ∂L/∂Z_l, B×n_out(l).
    pub delta: ArrayView2<'a, f32>,
    /// δ_L, the output layer's (the same as `delta` when l = L).
    pub delta_out: ArrayView2<'a, f32>,
    /// The batch's inputs X, B×n_in (the input of weight layer 0).
    pub input: ArrayView2<'a, f32>,
    /// Every layer's output in this forward pass: `acts[k]` is weight layer k's
    /// (`model.layers[k]`), the input of layer k + 1; the last is Ŷ.
    pub acts: &'a [Array2<f32>],
}

impl Upstream<'_> {
    /// A_{l−1}, the output of the layer that receives the error, B×n_in(l).
    pub fn below(&self) -> ArrayView2<'_, f32> {
        self.acts[self.layer - 1].view()
    }
}

/// The gradients (as the rule computed them) of the last backward pass, per weight layer.
pub struct Gradients {
    /// ΔW_l = A_{l−1}ᵀ·δ_l, n_in×n_out.
    pub w: Vec<Array2<f32>>,
    /// Δb_l = Σ_batch δ_l.
    pub b: Vec<Array1<f32>>,
}

/// One figure a rule reports per hidden layer at each evaluation (the rule's
/// [`FromSettings::DIAGNOSTICS`]; its values come from [`LearningRule::diagnostics`]): it appears
/// in the evaluation's JSON as `layers[h].<name>` and in the CSV as the column `l{n}_<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiagnosticSpec {
    /// snake_case, with the unit where it has one (`_deg`, `_bits`): a JSON key and a CSV column.
    pub name: &'static str,
    /// One line: what the figure measures.
    pub doc: &'static str,
}

/// A learning rule: the error each hidden layer receives, the rule's own state and learning,
/// and its diagnostics.
pub trait LearningRule {
    /// Called at the start of every backward pass, before any error is sent back: matrices
    /// that follow the weights (sign symmetry) are brought up to date here.
    fn before_backward(&mut self, _model: &Mlp) {}

    /// Writes e_{l−1} = ∂L/∂A_{l−1} (B×n_in(l)) into `error`, for l = `up.layer`.
    fn send_back(&self, up: &Upstream, error: ArrayViewMut2<f32>);

    /// Whether δ_{l−1} = f′(Z_{l−1}) ⊙ e_{l−1} (true) or e_{l−1}.
    fn uses_derivative(&self) -> bool {
        true
    }

    /// Whether the hidden layers learn this step (false: only the output layer does).
    fn trains_hidden_layers(&self) -> bool {
        true
    }

    /// Writes e_{l−1} into `error` and δ_{l−1} into `delta`. The default is `send_back` and
    /// then f′ (see [`LearningRule::uses_derivative`]); wrappers override it to change them.
    fn hidden_delta(&mut self, up: &Upstream, mut error: ArrayViewMut2<f32>, delta: ArrayViewMut2<f32>) {
        self.send_back(up, error.view_mut());
        apply_derivative(self.uses_derivative(), up, error.view(), delta);
    }

    /// Called after every update of the forward weights with the directions it applied (the
    /// optimizer's U_l; the gradients themselves under SGD) and the learning rate: matrices that
    /// follow the weights, or that learn, change here.
    fn after_update(&mut self, _model: &Mlp, _grads: &Gradients, _learning_rate: f32) {}

    /// For hidden layer `h` (0-based): the angle in degrees between the matrix that carries the
    /// error into it and the one backprop would use; None where the rule has none.
    fn feedback_angle_deg(&self, _model: &Mlp, _h: usize) -> Option<f64> {
        None
    }

    /// For hidden layer `h` (0-based): the figures the rule declares in
    /// [`FromSettings::DIAGNOSTICS`], written into `out` (as long as the declaration) in the
    /// declared order; a figure left None is absent from that layer's evaluation. The default
    /// reports nothing.
    fn diagnostics(&self, _h: usize, _out: &mut [Option<f64>]) {}

    /// True for the rule whose update is the exact gradient (backprop): it is the reference
    /// the others' update angles are measured against, so it has none of its own.
    fn is_exact_gradient(&self) -> bool {
        false
    }

    /// A rule whose network answers with its free equilibrium rather than the feed-forward
    /// pass (equilibrium propagation): writes every layer's free state for the inputs `x`
    /// (B×n_in) into the first B rows of `acts` (as [`Mlp::forward`] would) and returns true.
    /// The trainer and the evaluation then read the network's output from it. None (false, the
    /// default): the feed-forward pass is the network's answer.
    fn infer(&mut self, _model: &Mlp, _x: ArrayView2<f32>, _acts: &mut [Array2<f32>]) -> bool {
        false
    }

    /// A rule whose neurons settle (predictive coding, equilibrium propagation, the dendritic
    /// microcircuit): writes ΔW_l and Δb_l into `grads` (the update is W ← W − η·ΔW, as every
    /// rule's) from its own dynamics, in place of the backward pass. None (the default): the rule
    /// learns through the backward pass.
    fn local_update(&mut self, _batch: &LocalBatch, _grads: &mut Gradients) -> Option<Result<Settled, Unsettled>> {
        None
    }

    /// The trace recorded at the last settling since [`LearningRule::record_trace`] turned
    /// recording on (None: the rule does not settle, or nothing is recorded).
    fn settle_trace(&self) -> Option<&SettleTrace> {
        None
    }

    /// Turns the recording of the settling trace on or off (a rule that does not settle
    /// ignores it). Recording allocates; training leaves it off.
    fn record_trace(&mut self, _on: bool) {}
}

/// What a rule that settles receives for a batch (the trainer has done the free pass and the
/// output's loss already).
pub struct LocalBatch<'a> {
    pub model: &'a Mlp,
    /// X, B×n_in, already scaled by the convention.
    pub input: ArrayView2<'a, f32>,
    /// The target the output is compared with, B×n_out (one-hot label, or the input itself).
    pub target: ArrayView2<'a, f32>,
    /// Every layer's output in the free pass (as `Upstream::acts`): the feed-forward pass, or
    /// the rule's free equilibrium when it has one ([`LearningRule::infer`]).
    pub acts: &'a [Array2<f32>],
    /// The convention's loss scaling of the output delta (what `compute_gradients` gets): 1 for
    /// the summed loss, 1/B for the mean.
    pub grad_scale: f32,
    /// c, the loss's weight per output: an image's loss is c·Σ_k (ŷ_k − y_k)² (1 for the
    /// classifier, 1/P for the autoencoder), so ∂L/∂Ŷ = 2c·grad_scale·(Ŷ − Y).
    pub output_weight: f32,
}

/// How a batch settled: the inner iterations it took and the residual at the last one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settled {
    pub iterations: usize,
    pub residual: f64,
}

/// A settling that did not converge: at which training step (filled by the runner), after how
/// many iterations, with what residual (the largest state change of the last iteration) and
/// tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unsettled {
    pub iterations: usize,
    pub residual: f64,
    pub tolerance: f64,
}

/// Every layer's energy (or squared prediction error) at every inner iteration of one batch's
/// settling, per phase (equilibrium propagation's free and nudged phases are two).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SettleTrace {
    pub phases: Vec<Phase>,
}

/// One phase of a settling: its name, `energy[i][layer]` at the start (i = 0) and after each
/// inner iteration i, and `change[i − 1][layer]`, the largest |Δ| of any of the layer's states
/// (over the batch) in iteration i: the residual the tolerance judges is its largest over the
/// layers, so `change` has one row fewer than `energy`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Phase {
    pub name: String,
    pub energy: Vec<Vec<f64>>,
    pub change: Vec<Vec<f64>>,
}

impl SettleTrace {
    /// Starts a phase named `name` (the iterations that follow are pushed to it).
    pub fn begin(&mut self, name: &str) {
        self.phases.push(Phase { name: name.to_string(), energy: Vec::new(), change: Vec::new() });
    }

    /// Appends one iteration's per-layer energies to the phase begun last.
    pub fn push(&mut self, energies: &[f64]) {
        if let Some(p) = self.phases.last_mut() {
            p.energy.push(energies.to_vec());
        }
    }

    /// Appends one iteration's per-layer largest state change to the phase begun last.
    pub fn push_change(&mut self, changes: &[f64]) {
        if let Some(p) = self.phases.last_mut() {
            p.change.push(changes.to_vec());
        }
    }
}

/// δ_{l−1} from e_{l−1}: f′(Z_{l−1}) ⊙ e_{l−1} with f′ read from A_{l−1} = f(Z_{l−1}), or e_{l−1}.
pub fn apply_derivative(use_derivative: bool, up: &Upstream, error: ArrayView2<f32>, delta: ArrayViewMut2<f32>) {
    if use_derivative {
        let f = up.model.activation;
        zip_combine("δ", delta, error, up.below(), |e, h| e * f.derivative_from_output(h));
    } else {
        zip_update("δ", delta, error, |d, e| *d = e);
    }
}

/// What a rule is built from besides the network: the settings several rules share, typed, and
/// the rule's own settings by name ([`RuleSettings::param`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSettings {
    /// σ of the fixed random feedback matrices, N(0, σ).
    pub feedback_std: f64,
    /// The run's seed; random matrices come from its feedback stream.
    pub seed: u32,
    /// λ, the weight decay per step of the forward weights, which a rule's learned feedback
    /// weights share (Kolen–Pollack).
    pub weight_decay: f64,
    /// Most inner iterations of a settling per batch (rules that settle).
    pub settle_iterations: usize,
    /// dt, the Euler step of a settling's dynamics.
    pub settle_step: f64,
    /// A settling has converged when the largest state change of an iteration is below it.
    pub settle_tolerance: f64,
    /// The rules' own settings, (config field name, value): the config fields marked
    /// `rule: true` (`Config::rule_settings`), a bool as 0 or 1, a count as its value.
    pub params: Vec<(&'static str, f64)>,
}

impl RuleSettings {
    /// The coursework's σ = 1, no weight decay, the default settling, and no rule's own
    /// settings (a test of a rule that reads one gives it with [`RuleSettings::with_param`]).
    pub const fn new(feedback_std: f64, seed: u32) -> Self {
        Self {
            feedback_std,
            seed,
            weight_decay: 0.0,
            settle_iterations: DEFAULT_SETTLE_ITERATIONS,
            settle_step: DEFAULT_SETTLE_STEP,
            settle_tolerance: DEFAULT_SETTLE_TOLERANCE,
            params: Vec::new(),
        }
    }

    /// The rule's own setting `name` (a config field marked `rule: true`), read when the rule
    /// is built. A name the settings lack is a defect of the rule, not of the user's input:
    /// `Config::rule_settings` hands over every marked field, and the config's test
    /// `every_setting_a_rule_reads_is_a_rule_field` builds every rule from it, so a rule that
    /// reads a name the table lacks fails that test (here it panics, naming the field).
    pub fn param(&self, name: &str) -> f64 {
        match self.params.iter().find(|(n, _)| *n == name) {
            Some(&(_, value)) => value,
            None => panic!("rule setting '{name}' is not a config field marked `rule: true` (config/fields.rs)"),
        }
    }

    /// These settings with `name` set to `value` (replacing it if present).
    pub fn with_param(mut self, name: &'static str, value: f64) -> Self {
        match self.params.iter_mut().find(|(n, _)| *n == name) {
            Some(p) => p.1 = value,
            None => self.params.push((name, value)),
        }
        self
    }
}

/// The default most inner iterations of a settling.
pub const DEFAULT_SETTLE_ITERATIONS: usize = 500;
/// The default Euler step dt of a settling.
pub const DEFAULT_SETTLE_STEP: f64 = 0.5;
/// The default convergence tolerance of a settling (largest state change per iteration).
pub const DEFAULT_SETTLE_TOLERANCE: f64 = 1e-4;

impl RuleSettings {
    /// The generator of the rule's random matrices.
    pub fn feedback_rng(&self) -> Rng {
        Rng::new(self.seed, Stream::Feedback)
    }

    /// A rows×cols matrix of N(0, σ = feedback_std) draws from `rng`, in row-major order.
    pub fn random_matrix(&self, rng: &mut Rng, rows: usize, cols: usize) -> Array2<f32> {
        Array2::from_shape_simple_fn((rows, cols), || (rng.normal() * self.feedback_std) as f32)
    }
}

/// How a registered rule is made, and what it allocates (for the memory budget, before it is).
pub trait FromSettings: LearningRule + Sized {
    /// The figures the rule reports per hidden layer ([`LearningRule::diagnostics`] writes
    /// their values in this order); none by default.
    const DIAGNOSTICS: &'static [DiagnosticSpec] = &[];

    /// Whether the rule learns through the backward pass (true, the default) or computes its
    /// update from its own dynamics in [`LearningRule::local_update`] (false: the rules that
    /// settle, and the dendritic microcircuit). The arena presets compare the rules with one.
    const BACKWARD_PASS: bool = true;

    /// The rule built for `model`; it reads its own settings ([`RuleSettings::param`]) here.
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self;

    /// Bytes of state the rule allocates for a network of widths `sizes` (input first).
    fn state_bytes(sizes: &[usize]) -> u64;
}

/// Bytes of `floats` f32 values.
pub(crate) fn f32_bytes(floats: usize) -> u64 {
    (floats * size_of::<f32>()) as u64
}
