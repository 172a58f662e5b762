//! What a learning rule is: the trait every rule implements ([`LearningRule`]), what the
//! backward pass hands it ([`Upstream`]), the gradients it may learn from ([`Gradients`]), and
//! how a registered rule is built ([`FromSettings`], [`RuleSettings`]).

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

    /// For hidden layer `h` (0-based), a rule with learned inverses (target propagation): the
    /// mean squared error with which the inverse of layer h + 1 reconstructs h's activity.
    fn inverse_error(&self, _h: usize) -> Option<f64> {
        None
    }

    /// True for the rule whose update is the exact gradient (backprop): it is the reference
    /// the others' update angles are measured against, so it has none of its own.
    fn is_exact_gradient(&self) -> bool {
        false
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

/// What a rule is built from besides the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSettings {
    /// σ of the fixed random feedback matrices, N(0, σ).
    pub feedback_std: f64,
    /// The run's seed; random matrices come from its feedback stream.
    pub seed: u32,
    /// λ, the weight decay per step of the forward weights, which a rule's learned feedback
    /// weights share (Kolen–Pollack).
    pub weight_decay: f64,
    /// Target propagation's step of the output target down the loss gradient.
    pub target_step: f64,
}

impl RuleSettings {
    /// The coursework's σ = 1, no weight decay, and target propagation's default step.
    pub const fn new(feedback_std: f64, seed: u32) -> Self {
        Self { feedback_std, seed, weight_decay: 0.0, target_step: DEFAULT_TARGET_STEP }
    }
}

/// Target propagation's default step of the output target down the loss gradient.
pub const DEFAULT_TARGET_STEP: f64 = 0.5;

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
    fn from_settings(model: &Mlp, settings: &RuleSettings) -> Self;

    /// Bytes of state the rule allocates for a network of widths `sizes` (input first).
    fn state_bytes(sizes: &[usize]) -> u64;
}

/// Bytes of `floats` f32 values.
pub(crate) fn f32_bytes(floats: usize) -> u64 {
    (floats * size_of::<f32>()) as u64
}
