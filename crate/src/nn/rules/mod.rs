//! Learning rules: how the error travels back to the hidden layers. One file per rule, each
//! implementing [`LearningRule`]; one list (the `registry!` call below) names them for the
//! config, the CLI, the presets and the page.
//!
//! Every rule shares the forward pass and the update W_l ← W_l − η·ΔW_l with
//! ΔW_l = A_{l−1}ᵀ·δ_l (the trainer's). They differ in the error each hidden layer receives:
//! the output layer's δ_L = f_out′ ⊙ ∂L/∂Ŷ is the loss's, and for l = L, …, 1 the rule writes
//! e_{l−1} = ∂L/∂A_{l−1} (backprop: δ_l·W_lᵀ) from which δ_{l−1} = f′(Z_{l−1}) ⊙ e_{l−1} (or
//! e_{l−1} itself, for a rule without the derivative).
//!
//! # Adding a rule
//! 1. Write `nn/rules/my_rule.rs`: a type implementing [`LearningRule`] (at least
//!    [`LearningRule::send_back`]; the other methods have defaults) and [`FromSettings`] (how it
//!    is built from the network and [`RuleSettings`], and how many bytes of state it allocates).
//!    Put its hand-worked update test beside it (`nn::fixtures::Worked` trains a 1-1-10 net
//!    one step and compares with the update worked out by hand).
//! 2. Add one entry to the `registry!` list below: a doc comment, then the enum variant, its
//!    name in configs and links, its type and the file it lives in:
//!    `MyRule = "my_rule" => my_rule::MyRule, mod my_rule;`.
//!
//! That is all: [`Rule`] gains the variant (serde name = the name), and [`Rule::NAMES`] (the
//! config schema's options), [`Rule::ALL`], [`Rule::doc`], [`Rule::build`] and
//! [`Rule::state_bytes`] follow from the entry. A rule that needs a setting of its own (a
//! learning rate for its feedback weights) also adds a config field and a field of
//! [`RuleSettings`]. How the rules to come fit:
//! - a shallow control trains only the output layer: [`LearningRule::trains_hidden_layers`]
//!   returns false (and `send_back` writes zeros);
//! - Kolen–Pollack learns its feedback matrices B_l: it sends back through them as feedback
//!   alignment does (`layer_feedback::LayerFeedback::random`), and in
//!   [`LearningRule::after_update`] applies the weights' own update to them,
//!   B_l ← B_l − η·ΔW_l (`grads.w[l]`);
//! - target propagation and predictive coding compute the error from activity: [`Upstream`]
//!   carries the whole forward pass (X and every A_l), a rule keeps what it computes for the
//!   layer above (targets, settled states) in its own state between the calls for l = L, …, 1,
//!   and learns its inverse or lateral weights in `after_update`.
//!
//! A variant of a registered rule is a registry entry over a wrapper type (`no_derivative` is
//! [`NoDerivative`] over [`Backprop`]), without a `mod`.
//!
//! The stochastic backward pass ([`Stochastic`]) wraps whichever rule is configured.

use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2, Zip};
use serde::{Deserialize, Serialize};

use crate::nn::Mlp;
use crate::rng::{Rng, Stream};

mod layer_feedback;
mod stochastic;

pub use stochastic::{Stochastic, StochasticMode};

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
    /// The batch's inputs X = A_0, B×n_in.
    pub input: ArrayView2<'a, f32>,
    /// Every layer's output A_1, …, A_L of this forward pass (`acts[k]` is weight layer k's).
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

    /// Called after every update of the forward weights with the gradients it applied and the
    /// learning rate: matrices that follow the weights, or that learn, change here.
    fn after_update(&mut self, _model: &Mlp, _grads: &Gradients, _learning_rate: f32) {}

    /// For hidden layer `h` (0-based): the angle in degrees between the matrix that carries the
    /// error into it and the one backprop would use; None where the rule has none.
    fn feedback_angle_deg(&self, _model: &Mlp, _h: usize) -> Option<f64> {
        None
    }

    /// True for the rule whose update is the exact gradient (backprop): it is the reference
    /// the others' update angles are measured against, so it has none of its own.
    fn is_exact_gradient(&self) -> bool {
        false
    }
}

/// δ_{l−1} from e_{l−1}: f′(Z_{l−1}) ⊙ e_{l−1} with f′ read from A_{l−1} = f(Z_{l−1}), or e_{l−1}.
pub fn apply_derivative(use_derivative: bool, up: &Upstream, error: ArrayView2<f32>, mut delta: ArrayViewMut2<f32>) {
    if use_derivative {
        let f = up.model.activation;
        Zip::from(&mut delta).and(&error).and(up.below()).for_each(|d, &e, &h| *d = e * f.derivative_from_output(h));
    } else {
        delta.assign(&error);
    }
}

/// What a rule is built from besides the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSettings {
    /// σ of the fixed random feedback matrices, N(0, σ).
    pub feedback_std: f64,
    /// The run's seed; random matrices come from its feedback stream.
    pub seed: u32,
}

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

/// Declares the rules: the `Rule` enum and everything derived from the list.
macro_rules! registry {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal => $ty:ty $(, mod $file:ident)?;)+) => {
        $($(mod $file;)?)+

        /// The configured learning rule (serde and link names as in the registry). The first
        /// registered rule is the default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Rule {
            $($(#[doc = $doc])* #[serde(rename = $name)] $variant,)+
        }

        impl Rule {
            /// Every rule, in registry order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];
            /// Every rule's name, in registry order (the config schema's options).
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The rule's name in configs and links.
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)+
                }
            }

            /// The registry's description of the rule.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Rule::$variant => concat!($($doc, "\n"),*),)+
                }
            }

            /// A fresh instance of the rule for `model`.
            pub fn build(self, model: &Mlp, settings: &RuleSettings) -> Box<dyn LearningRule> {
                match self {
                    $(Rule::$variant => Box::new(<$ty as FromSettings>::from_settings(model, settings)),)+
                }
            }

            /// Bytes of state the rule allocates for a network of widths `sizes`.
            pub fn state_bytes(self, sizes: &[usize]) -> u64 {
                match self {
                    $(Rule::$variant => <$ty as FromSettings>::state_bytes(sizes),)+
                }
            }
        }
    };
}

registry! {
    /// Exact gradients: e_{l−1} = δ_l·W_lᵀ, δ_{l−1} = f′(Z_{l−1}) ⊙ e_{l−1}.
    Backprop = "backprop" => backprop::Backprop, mod backprop;
    /// Feedback alignment (Lillicrap et al. 2016): W_lᵀ replaced by a fixed random B_lᵀ.
    FeedbackAlignment = "feedback_alignment" => feedback_alignment::FeedbackAlignment, mod feedback_alignment;
    /// Backprop without the activation's derivative: δ_{l−1} = e_{l−1}.
    NoDerivative = "no_derivative" => no_derivative::NoDerivative<backprop::Backprop>, mod no_derivative;
    /// Feedback alignment without the activation's derivative.
    FeedbackAlignmentNoDerivative = "feedback_alignment_no_derivative"
        => no_derivative::NoDerivative<feedback_alignment::FeedbackAlignment>;
    /// Direct feedback alignment (Nøkland 2016): the output error δ_L goes straight to every
    /// hidden layer through its own fixed random matrix, e_{l−1} = δ_L·D_{l−1}ᵀ.
    DirectFeedbackAlignment = "direct_feedback_alignment"
        => direct_feedback_alignment::DirectFeedbackAlignment, mod direct_feedback_alignment;
    /// Sign symmetry (Liao et al. 2016): W_lᵀ replaced by sign(W_l)ᵀ.
    SignSymmetry = "sign_symmetry" => sign_symmetry::SignSymmetry, mod sign_symmetry;
}

pub use backprop::Backprop;
pub use no_derivative::NoDerivative;

impl Default for Rule {
    fn default() -> Self {
        Rule::ALL[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_names_every_rule_once_as_serde_does() {
        assert_eq!(Rule::ALL.len(), Rule::NAMES.len());
        for (&rule, &name) in Rule::ALL.iter().zip(Rule::NAMES) {
            assert_eq!(rule.name(), name);
            assert_eq!(serde_json::to_value(rule).unwrap(), serde_json::Value::String(name.into()));
            assert_eq!(serde_json::from_value::<Rule>(name.into()).unwrap(), rule);
            assert!(!rule.doc().trim().is_empty(), "{name} has no doc");
        }
        let mut names = Rule::NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len(), "a name is registered twice");
        // The names links and golden files use, first in the list in this order.
        let pinned = [
            "backprop",
            "feedback_alignment",
            "no_derivative",
            "feedback_alignment_no_derivative",
            "direct_feedback_alignment",
            "sign_symmetry",
        ];
        assert_eq!(Rule::NAMES[..pinned.len()], pinned);
        assert_eq!(Rule::default(), Rule::Backprop);
    }

    #[test]
    fn every_registered_rule_trains_a_step() {
        let mut rng = Rng::new(1, Stream::Init);
        let sizes = [9, 6, 4, 10];
        let model = Mlp::new(&sizes, crate::nn::Activation::Sigmoid, false, 0.5, &mut rng);
        let settings = RuleSettings { feedback_std: 1.0, seed: 3 };
        for &rule in Rule::ALL {
            let mut built = rule.build(&model, &settings);
            let mut t = crate::nn::Trainer::new(&model, 6, crate::nn::loss::Task::Classify);
            crate::nn::fixtures::load_tiny_batch(&mut t);
            let stats = t.compute_gradients(&model, 1.0, &mut *built);
            assert!(stats.loss_sum.is_finite() && t.gradients().w.iter().all(|g| g.iter().all(|v| v.is_finite())), "{rule:?}");
            assert_eq!(built.is_exact_gradient(), rule == Rule::Backprop, "{rule:?}");
        }
    }

    #[test]
    fn each_rule_counts_its_state() {
        let sizes = [9, 6, 4, 10];
        let above_first = f32_bytes(6 * 4 + 4 * 10);
        for (rule, bytes) in [
            (Rule::Backprop, 0),
            (Rule::NoDerivative, 0),
            (Rule::FeedbackAlignment, above_first),
            (Rule::FeedbackAlignmentNoDerivative, above_first),
            (Rule::SignSymmetry, above_first),
            (Rule::DirectFeedbackAlignment, f32_bytes((6 + 4) * 10)),
        ] {
            assert_eq!(rule.state_bytes(&sizes), bytes, "{rule:?}");
        }
    }
}
