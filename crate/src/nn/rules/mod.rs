//! Learning rules: how the error travels back to the hidden layers. One file per rule, each
//! implementing [`LearningRule`]; one list (the `registry!` call below) names them for the
//! config, the CLI, the presets and the page.
//!
//! Every rule shares the forward pass and the update W_l ← W_l − η·ΔW_l with
//! ΔW_l = A_{l−1}ᵀ·δ_l (the trainer's; under momentum or Adam, ΔW_l becomes the optimizer's
//! direction first: `nn/optimizer.rs`). They differ in the error each hidden layer receives:
//! the output layer's δ_L = f_out′ ⊙ ∂L/∂Ŷ is the loss's, and for l = L, …, 1 the rule writes
//! e_{l−1} = ∂L/∂A_{l−1} (backprop: δ_l·W_lᵀ) from which δ_{l−1} = f′(Z_{l−1}) ⊙ e_{l−1} (or
//! e_{l−1} itself, for a rule without the derivative).
//!
//! # Adding a rule
//! A rule is its file, one registry line and, for each setting of its own, one config field:
//! 1. Write `nn/rules/my_rule.rs`: a type implementing [`LearningRule`] (at least
//!    [`LearningRule::send_back`]; the other methods have defaults) and [`FromSettings`] (how it
//!    is built from the network and [`RuleSettings`], and how many bytes of state it allocates).
//!    Put its hand-worked update test beside it (`nn::fixtures::Worked` trains a 1-1-10 net
//!    one step and compares with the update worked out by hand).
//!    - Figures it reports per hidden layer at each evaluation: declare them in
//!      [`FromSettings::DIAGNOSTICS`] (a [`DiagnosticSpec`] each: a snake_case name, with its
//!      unit where it has one, and a one-line doc) and write their values, in that order, in
//!      [`LearningRule::diagnostics`]. Each becomes a key of the evaluation's JSON
//!      (`metrics.layers[h].<name>`, present where the rule reports it) and a CSV column
//!      (`l{n}_<name>`, after `update_angle_deg`): nothing else to write.
//!    - Settings of its own (a step size, a nudge): read each in `from_settings` by its config
//!      field's name, `settings.param("my_rule_step")` (an f64; a bool is 0 or 1, a count its
//!      value). The settings several rules share (`feedback_std`, `seed`, `weight_decay`, the
//!      `settle_*` fields) are typed fields of [`RuleSettings`].
//! 2. Add one entry to the `registry!` list below: a doc comment, then the enum variant, its
//!    name in configs and links (then, if it had others before, `| "old_name"` for each: serde
//!    aliases, so old links and files still load), its type and the file it lives in:
//!    `MyRule = "my_rule" => my_rule::MyRule, mod my_rule;`.
//! 3. For each setting of its own, one entry at the end of the table in `config/fields.rs`
//!    marked `rule: true` (its default may name a constant of the rule's file,
//!    `crate::nn::rules::my_rule::DEFAULT_STEP`): `Config::rule_settings` hands every marked
//!    field to the rules by name, and the config's test `every_setting_a_rule_reads_is_a_rule_field`
//!    builds every registered rule from them, so a name the table lacks fails a test.
//!
//! That is all: [`Rule`] gains the variant (serde name = the name), and [`Rule::NAMES`] (the
//! config schema's options), [`Rule::ALL`], [`Rule::doc`], [`Rule::build`],
//! [`Rule::state_bytes`] and [`Rule::diagnostics`] follow from the entry; the CSV header's
//! rule columns are [`Rule::diagnostic_names`], and the field's flag, help, schema, link and
//! range check follow from its table entry. How the rules fit:
//! - the shallow control (`shallow.rs`) trains only the output layer:
//!   [`LearningRule::trains_hidden_layers`] returns false (and `send_back` writes zeros);
//! - Kolen–Pollack (`kolen_pollack.rs`) learns its feedback matrices B_l: it sends back through
//!   them as feedback alignment does (`layer_feedback::LayerFeedback::random`), and in
//!   [`LearningRule::after_update`] applies the weights' own update and decay to them;
//! - target propagation (`dtp.rs`) computes the error from activity: [`Upstream`] carries the
//!   whole forward pass, the rule keeps the targets for the layer above in its own state
//!   between the calls for l = L, …, 1 (overriding [`LearningRule::hidden_delta`], which may
//!   use `&mut self`), learns its inverses in `after_update`, and reports their error as its
//!   figure `inverse_error` ([`LearningRule::diagnostics`]);
//! - the rules that settle (`predictive_coding.rs`, `equilibrium_propagation.rs`,
//!   `dendritic_microcircuit.rs`) compute their own update in [`LearningRule::local_update`]
//!   (with [`LearningRule::settle_trace`] for the settling view), and may answer with their free
//!   equilibrium ([`LearningRule::infer`]); the microcircuit reports its compartments as three
//!   figures (`apical_rms`, `apical_nudged_rms`, `interneuron_error`);
//! - a rule's helper shared by several rules (`random_signs.rs`, for `brsf` and `frsf`) is a
//!   plain `mod` line beside `layer_feedback`.
//!
//! A variant of a registered rule is a registry entry over a wrapper type (`no_derivative` is
//! [`NoDerivative`] over [`Backprop`]), without a `mod`.
//!
//! The stochastic backward pass ([`Stochastic`]) wraps whichever rule is configured.

use serde::{Deserialize, Serialize};

use crate::nn::Mlp;

mod layer_feedback;
mod learning_rule;
mod random_signs;
mod settle;
mod stochastic;

pub use learning_rule::{apply_derivative, DiagnosticSpec, FromSettings, Gradients, LearningRule, RuleSettings, Upstream};
pub use learning_rule::{LocalBatch, Phase, SettleTrace, Settled, Unsettled};
pub use learning_rule::{DEFAULT_SETTLE_ITERATIONS, DEFAULT_SETTLE_STEP, DEFAULT_SETTLE_TOLERANCE};
pub(crate) use learning_rule::f32_bytes;
pub use stochastic::{Stochastic, StochasticMode};

/// Declares the rules: the `Rule` enum and everything derived from the list.
macro_rules! registry {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal $(| $alias:literal)* => $ty:ty $(, mod $file:ident)?;)+) => {
        $($(pub mod $file;)?)+

        /// The configured learning rule (serde and link names as in the registry). The first
        /// registered rule is the default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Rule {
            $($(#[doc = $doc])* #[serde(rename = $name $(, alias = $alias)*)] $variant,)+
        }

        impl Rule {
            /// Every rule, in registry order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];
            /// Every rule's name, in registry order (the config schema's options).
            pub const NAMES: &'static [&'static str] = &[$($name),+];
            /// Old names still accepted, each with the rule's name: `(alias, name)`.
            pub const ALIASES: &'static [(&'static str, &'static str)] = &[$($(($alias, $name),)*)+];

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

            /// The figures the rule reports per hidden layer, in the order its
            /// [`LearningRule::diagnostics`] writes them.
            pub fn diagnostics(self) -> &'static [DiagnosticSpec] {
                match self {
                    $(Rule::$variant => <$ty as FromSettings>::DIAGNOSTICS,)+
                }
            }

            /// Whether the rule learns through the backward pass ([`FromSettings::BACKWARD_PASS`]).
            pub fn has_backward_pass(self) -> bool {
                match self {
                    $(Rule::$variant => <$ty as FromSettings>::BACKWARD_PASS,)+
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
    /// Uniform sign-concordant feedback (Liao, Leibo & Poggio 2016's sign symmetry): W_lᵀ
    /// replaced by sign(W_l)ᵀ. Old links and files name it "sign_symmetry".
    Usf = "usf" | "sign_symmetry" => usf::Usf, mod usf;
    /// The control: only the output layer learns, the hidden layers keep their initial weights.
    Shallow = "shallow" => shallow::Shallow, mod shallow;
    /// Kolen–Pollack (1994; Akrout et al. 2019): learned feedback B_l, updated with the forward
    /// weights' update and the same weight decay, so that B_l → W_l without weight transport.
    KolenPollack = "kolen_pollack" => kolen_pollack::KolenPollack, mod kolen_pollack;
    /// Batch-wise random-magnitude sign-concordant feedback (Moskovitz et al. 2018):
    /// B_l = |R_l| ⊙ sign(W_l), R_l ~ N(0, σ) redrawn every batch.
    Brsf = "brsf" => brsf::Brsf, mod brsf;
    /// Fixed random-magnitude sign-concordant feedback (Moskovitz et al. 2018):
    /// B_l = |R_l| ⊙ sign(W_l), R_l ~ N(0, σ) drawn once.
    Frsf = "frsf" => frsf::Frsf, mod frsf;
    /// Difference target propagation (Lee et al. 2015): targets, not errors, come down through
    /// learned inverses g_l with the difference correction τ_{l−1} = A_{l−1} + g_l(τ_l) − g_l(A_l).
    Dtp = "dtp" => dtp::Dtp, mod dtp;
    /// The dendritic cortical microcircuit (Sacramento et al. 2018): the error is the apical
    /// dendrites' mismatch between top-down input and the interneurons' prediction of it; no
    /// backward pass (a steady-state approximation, see the file).
    DendriticMicrocircuit = "dendritic_microcircuit" | "dendritic-microcircuit"
        => dendritic_microcircuit::DendriticMicrocircuit, mod dendritic_microcircuit;
    /// Predictive coding (Whittington & Bogacz 2017): value and prediction-error nodes relax
    /// with the output weakly nudged to the target; ΔW_l = −f(x_{l−1})ᵀ·ε_l, local.
    PredictiveCoding = "predictive_coding" => predictive_coding::PredictiveCoding, mod predictive_coding;
    /// Equilibrium propagation (Scellier & Bengio 2017; symmetric ±β of Laborieux et al. 2021):
    /// hard-sigmoid states settle freely, then nudged toward the target;
    /// ΔW_l = −(1/β)·(ρ(s^β_{l−1})ᵀρ(s^β_l) − ρ(s⁰_{l−1})ᵀρ(s⁰_l)).
    EquilibriumPropagation = "equilibrium_propagation" => equilibrium_propagation::EquilibriumPropagation, mod equilibrium_propagation;
}

pub use backprop::Backprop;
pub use no_derivative::NoDerivative;

impl Default for Rule {
    fn default() -> Self {
        Rule::ALL[0]
    }
}

impl Rule {
    /// Every registered rule's figure names ([`Rule::diagnostics`]), in registry order, each
    /// once: the per-layer CSV columns of the rules' figures, one header for any mix of rules.
    pub fn diagnostic_names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for spec in Rule::ALL.iter().flat_map(|r| r.diagnostics()) {
            if !names.contains(&spec.name) {
                names.push(spec.name);
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

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
            (Rule::Backprop, "backprop"),
            (Rule::FeedbackAlignment, "feedback_alignment"),
            (Rule::NoDerivative, "no_derivative"),
            (Rule::FeedbackAlignmentNoDerivative, "feedback_alignment_no_derivative"),
            (Rule::DirectFeedbackAlignment, "direct_feedback_alignment"),
            (Rule::Usf, "usf"),
        ];
        // The old name of `usf` still loads.
        assert_eq!(serde_json::from_value::<Rule>("sign_symmetry".into()).unwrap(), Rule::Usf);
        for (k, (rule, name)) in pinned.into_iter().enumerate() {
            assert_eq!((Rule::ALL[k], Rule::NAMES[k]), (rule, name));
        }
        assert_eq!(Rule::default(), Rule::Backprop);
    }

    #[test]
    fn every_registered_rule_trains_a_step_and_reports_its_figures() {
        let mut rng = Rng::new(1, Stream::Init);
        let sizes = [9, 6, 4, 10];
        let initial = Mlp::new(&sizes, crate::nn::Activation::Sigmoid, false, 0.5, &mut rng);
        // Every rule's own settings at their defaults, as a run hands them over.
        let settings = crate::config::Config { feedback_std: 1.0, seed: 3, ..Default::default() }.rule_settings();
        for &rule in Rule::ALL {
            let mut model = initial.clone();
            let mut built = rule.build(&model, &settings);
            let mut t = crate::nn::Trainer::new(&model, 6, crate::nn::loss::Task::Classify);
            crate::nn::fixtures::load_tiny_batch(&mut t);
            let stats = t.compute_gradients(&model, 1.0, &mut *built);
            // A rule without a backward pass is one that computed its own update.
            assert_eq!(t.settled().is_none(), rule.has_backward_pass(), "{rule:?}: BACKWARD_PASS says otherwise");
            assert!(stats.loss_sum.is_finite() && t.gradients().w.iter().all(|g| g.iter().all(|v| v.is_finite())), "{rule:?}");
            assert_eq!(built.is_exact_gradient(), rule == Rule::Backprop, "{rule:?}");
            t.apply_update(&mut model, &mut *built, 0.01);
            // After a step, a rule that declares figures reports them for every hidden layer
            // (the microcircuit's nudged apical potential only after its self-predicting phase).
            for h in 0..sizes.len() - 2 {
                let mut out = vec![None; rule.diagnostics().len()];
                built.diagnostics(h, &mut out);
                assert!(out.iter().all(|v| v.is_none_or(f64::is_finite)), "{rule:?} layer {h}: {out:?}");
                let reported = out.iter().filter(|v| v.is_some()).count();
                assert!(rule.diagnostics().is_empty() || reported > 0, "{rule:?} declares {:?} and reports none", rule.diagnostics());
            }
        }
    }

    #[test]
    fn each_rule_declares_its_figures_once_in_snake_case() {
        let snake = |n: &str| n.starts_with(|c: char| c.is_ascii_lowercase()) && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        for &rule in Rule::ALL {
            let names: Vec<&str> = rule.diagnostics().iter().map(|d| d.name).collect();
            for d in rule.diagnostics() {
                assert!(snake(d.name), "{rule:?}: figure '{}' is not snake_case", d.name);
                assert!(!d.doc.trim().is_empty(), "{rule:?}: figure '{}' has no doc", d.name);
                assert_eq!(names.iter().filter(|&&n| n == d.name).count(), 1, "{rule:?} declares '{}' twice", d.name);
                assert!(Rule::diagnostic_names().contains(&d.name));
            }
        }
        // The union, registry order: target propagation's column first, where it has always been,
        // then the microcircuit's three (a rule registered later adds its own after them).
        assert_eq!(Rule::diagnostic_names()[..4], ["inverse_error", "apical_rms", "apical_nudged_rms", "interneuron_error"]);
        assert_eq!(Rule::FeedbackAlignmentNoDerivative.diagnostics(), Rule::FeedbackAlignment.diagnostics(), "a wrapper reports its rule's");
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
            (Rule::Usf, above_first),
            (Rule::Shallow, 0),
            (Rule::KolenPollack, above_first),
            (Rule::Brsf, 2 * above_first),
            (Rule::Frsf, 2 * above_first),
            (Rule::Dtp, 2 * above_first + f32_bytes(6 + 4)),
            (Rule::DirectFeedbackAlignment, f32_bytes((6 + 4) * 10)),
        ] {
            assert_eq!(rule.state_bytes(&sizes), bytes, "{rule:?}");
        }
    }
}
