//! A run's configuration: defaults, the two input/loss conventions, and validation.
//!
//! Every field is declared once, in the table of `fields.rs`; `Config`, the all-optional
//! [`ConfigInput`], the defaults, the checks, the schema and the CLI flags follow from it.
//! Every way in (a JS object, CLI flags, a link) fills a [`ConfigInput`], whose missing fields
//! take the defaults of the chosen convention and task; [`ConfigInput::resolve`] validates it
//! into a [`Config`]. A value out of range is refused with a [`ConfigError`] naming the field.

#[macro_use]
mod table;
mod bounds;
mod count;
mod fields;
pub mod schema;
mod text;
mod value;

use serde::{Deserialize, Serialize};

pub use bounds::Bounds;
pub use fields::{Config, ConfigInput};
pub use text::Text;
pub use value::FieldValue;

pub use crate::error::ConfigError;
pub use crate::info::Binning;
pub use crate::nn::loss::{Loss, Task};
pub use crate::nn::optimizer::Optimizer;
pub use crate::nn::rules::{Rule, StochasticMode};
pub use crate::nn::{Activation, OutputActivation};

/// How inputs are scaled and how the loss is reduced over a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// The coursework's: raw pixels 0..255; L = Σ_batch Σ_outputs (ŷ − y)², gradients summed
    /// over the batch; lr 5e-6. Most sigmoid hidden units are saturated from the first step.
    #[default]
    Coursework,
    /// Pixels scaled to [0, 1]; L = (1/B) Σ_batch Σ_outputs (ŷ − y)², gradients averaged.
    Standard,
}

impl Convention {
    /// Multiplier taking a raw pixel (0..255) to a network input.
    pub fn input_scale(self) -> f32 {
        match self {
            Convention::Coursework => 1.0,
            Convention::Standard => 1.0 / 255.0,
        }
    }

    /// Multiplier on the summed batch gradient: 1 (sum) or 1/B (mean).
    pub fn gradient_scale(self, batch_size: usize) -> f32 {
        match self {
            Convention::Coursework => 1.0,
            Convention::Standard => 1.0 / batch_size as f32,
        }
    }

    pub fn default_learning_rate(self) -> f64 {
        match self {
            Convention::Coursework => 5e-6,
            Convention::Standard => 0.5,
        }
    }

    /// The convention a task takes when none is given: the autoencoder needs the standard one.
    pub fn default_for(task: Task) -> Self {
        match task {
            Task::Classify => Convention::Coursework,
            Task::Autoencode => Convention::Standard,
        }
    }
}

pub const MAX_HIDDEN_LAYERS: usize = 3;
/// Most settings (runs of the settings: a sweep's entries, a preset's runs) in one experiment,
/// in the page and the CLI alike, so that whatever one takes the other takes too. The page
/// gives each setting a colour of its palette (style.css's --run-1 … --run-12, enough for the
/// arena's every rule) and reads this limit from the core (`configLimits`). Memory does not
/// set it: the page trains at most a worker per core once more than a few networks share
/// the tab (www/runs/sweep.js), the CLI builds each run on one of rayon's threads when that
/// thread trains it, so about cores × [`MAX_RUN_BYTES`] are in use at once.
pub const MAX_RUNS: usize = 12;
pub const MAX_LAYER_WIDTH: usize = 4096;
pub const MAX_BATCH: usize = 10_000;
pub const MAX_TRAIN_SIZE: usize = 1_000_000;
pub const MAX_STEPS: usize = 10_000_000;
pub const MAX_LEARNING_RATE: f64 = 100.0;
pub const MAX_INIT_STD: f64 = 10.0;
pub const MAX_FEEDBACK_STD: f64 = 100.0;
/// Largest weight decay per step (1 would erase the weights every step).
pub const MAX_WEIGHT_DECAY: f64 = 0.1;
/// Largest step of target propagation's output target.
pub const MAX_TARGET_STEP: f64 = 100.0;
/// Most inner iterations of a settling per batch (issue 14).
pub const MAX_SETTLE_ITERATIONS: usize = 10_000;
/// Largest momentum μ and Adam β (1 would never forget a step, and Adam's bias correction
/// divides by 1 − βᵗ).
pub const MAX_MOMENTUM: f64 = 0.999;
pub const MAX_ADAM_BETA: f64 = 0.99999;
/// Largest Adam ε (above it the step is ΔW/ε-sized: no longer Adam).
pub const MAX_ADAM_EPSILON: f64 = 1.0;
/// Most seeds per setting (the t quantiles in `stats.rs` go to 9 degrees of freedom).
pub const MAX_SEEDS: usize = 10;
/// The autoencoder's default learning rate (standard convention, per-pixel mean loss).
pub const AUTOENCODER_LEARNING_RATE: f64 = 50.0;
/// Most memory one run may take, so that a tab with several runs stays within a few hundred MB.
pub const MAX_RUN_BYTES: u64 = 96 << 20;

impl Default for Config {
    fn default() -> Self {
        Self::defaults(Convention::Coursework)
    }
}

impl Config {
    /// The defaults of a convention: one hidden layer of 120 sigmoid units, no biases,
    /// batch 100, the first 10,000 training images, evaluation every 100 steps, 10,000 steps.
    pub fn defaults(convention: Convention) -> Self {
        Self::with_defaults(convention, Task::Classify)
    }

    /// The autoencoder's defaults: 784 → 50 sigmoid units → 784 sigmoid outputs, standard
    /// convention (with raw pixels its sigmoid units saturate and it does not learn).
    pub fn autoencoder_defaults() -> Self {
        Self::with_defaults(Convention::Standard, Task::Autoencode)
    }

    /// What the learning rule is built from (see [`crate::nn::rules::RuleSettings`]): the
    /// shared settings, and every field marked `rule: true` in the table by name.
    pub fn rule_settings(&self) -> crate::nn::rules::RuleSettings {
        crate::nn::rules::RuleSettings {
            feedback_std: self.feedback_std,
            seed: self.seed,
            weight_decay: self.weight_decay,
            settle_iterations: self.settle_iterations,
            settle_step: self.settle_step,
            settle_tolerance: self.settle_tolerance,
            params: self.rule_params(),
        }
    }

    /// The optimizer and its parameters (see [`crate::nn::optimizer`]).
    pub fn optimizer_settings(&self) -> crate::nn::optimizer::OptimizerSettings {
        crate::nn::optimizer::OptimizerSettings {
            optimizer: self.optimizer,
            momentum: self.momentum,
            beta1: self.adam_beta1,
            beta2: self.adam_beta2,
            epsilon: self.adam_epsilon,
        }
    }

    /// The information measures' settings.
    pub fn info_settings(&self) -> crate::info::InfoSettings {
        crate::info::InfoSettings::new(self.binning, self.bins, self.bias_correction)
    }

    /// The KDE bounds' noise when binning is `kde` (fixed σ² = kde_noise_var, or scaled to each
    /// layer's range when `kde_adaptive`); None otherwise.
    pub fn kde_noise(&self) -> Option<crate::info::KdeNoise> {
        use crate::info::KdeNoise;
        (self.binning == Binning::Kde)
            .then_some(if self.kde_adaptive { KdeNoise::Adaptive(self.kde_noise_var) } else { KdeNoise::Fixed(self.kde_noise_var) })
    }

    /// Output units: 10 classes, or one per pixel for the autoencoder.
    pub fn outputs(&self, input_len: usize) -> usize {
        match self.task {
            Task::Classify => crate::data::N_CLASSES,
            Task::Autoencode => input_len,
        }
    }

    /// Layer widths from input to output: `[input, hidden..., outputs]`.
    pub fn layer_sizes(&self, input_len: usize, outputs: usize) -> Vec<usize> {
        let mut sizes = Vec::with_capacity(self.hidden.len() + 2);
        sizes.push(input_len);
        sizes.extend_from_slice(&self.hidden);
        sizes.push(outputs);
        sizes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_convention() {
        let c = ConfigInput::default().resolve().unwrap();
        assert_eq!(c, Config::defaults(Convention::Coursework));
        assert_eq!(c.learning_rate, 5e-6);
        let s = ConfigInput { convention: Some(Convention::Standard), ..Default::default() }.resolve().unwrap();
        assert_eq!(s.learning_rate, Convention::Standard.default_learning_rate());
        let given = ConfigInput { convention: Some(Convention::Standard), learning_rate: Some(0.1), ..Default::default() };
        assert_eq!(given.resolve().unwrap().learning_rate, 0.1);
    }

    #[test]
    fn every_field_is_checked_and_named() {
        let bad: Vec<(&str, ConfigInput)> = vec![
            ("hidden", ConfigInput { hidden: Some(vec![]), ..Default::default() }),
            ("hidden", ConfigInput { hidden: Some(vec![10, 10, 10, 10]), ..Default::default() }),
            ("hidden", ConfigInput { hidden: Some(vec![0]), ..Default::default() }),
            ("hidden", ConfigInput { hidden: Some(vec![5000]), ..Default::default() }),
            ("learning_rate", ConfigInput { learning_rate: Some(0.0), ..Default::default() }),
            ("learning_rate", ConfigInput { learning_rate: Some(f64::NAN), ..Default::default() }),
            ("learning_rate", ConfigInput { learning_rate: Some(-1.0), ..Default::default() }),
            ("batch_size", ConfigInput { batch_size: Some(0), ..Default::default() }),
            ("batch_size", ConfigInput { batch_size: Some(200), train_size: Some(100), ..Default::default() }),
            ("train_size", ConfigInput { train_size: Some(0), ..Default::default() }),
            ("eval_interval", ConfigInput { eval_interval: Some(0), ..Default::default() }),
            ("steps", ConfigInput { steps: Some(0), ..Default::default() }),
            ("steps", ConfigInput { steps: Some(MAX_STEPS + 1), ..Default::default() }),
            ("init_std", ConfigInput { init_std: Some(f64::INFINITY), ..Default::default() }),
            ("feedback_std", ConfigInput { feedback_std: Some(0.0), ..Default::default() }),
            ("stochastic_p", ConfigInput { stochastic_p: Some(1.5), ..Default::default() }),
            ("stochastic_p", ConfigInput { stochastic_p: Some(f64::NAN), ..Default::default() }),
            ("bins", ConfigInput { bins: Some(1), ..Default::default() }),
            ("bins", ConfigInput { bins: Some(257), ..Default::default() }),
        ];
        for (field, input) in bad {
            let e = input.resolve().unwrap_err();
            assert_eq!(e.field, field, "{input:?}");
            assert!(e.to_string().starts_with(&format!("{field}: ")), "{e}");
        }
    }

    #[test]
    fn overlay_keeps_unset_fields() {
        let base = ConfigInput::from(&Config::default());
        let over = ConfigInput { steps: Some(7), ..Default::default() };
        let c = base.overlaid(&over).resolve().unwrap();
        assert_eq!(c, Config { steps: 7, ..Config::default() });
    }

    #[test]
    fn set_names_the_field_of_a_bad_value() {
        let mut input = ConfigInput::default();
        let json: serde_json::Value = serde_json::json!({"hidden": [60, 30], "seed": 9, "activation": "tanh"});
        for (k, v) in json.as_object().unwrap() {
            input.set(k, v.clone()).unwrap();
        }
        assert_eq!(input.hidden, Some(vec![60, 30]));
        assert_eq!((input.seed, input.steps, input.activation), (Some(9), None, Some(Activation::Tanh)));
        let cases = [
            ("steps", serde_json::json!(100.5), "steps: 100.5 is not a whole number"),
            ("steps", serde_json::json!(1e30), "steps: 1e30 is too large"),
            ("steps", serde_json::json!(null), "steps: invalid type"),
            ("seed", serde_json::json!(5_000_000_000u64), "seed: 5000000000 is not a seed"),
            ("hidden", serde_json::json!([120, -1]), "hidden: -1 is negative"),
            ("activation", serde_json::json!("softmax"), "activation: unknown variant"),
            ("hiden", serde_json::json!([3]), "config: unknown field 'hiden'"),
        ];
        for (k, v, start) in cases {
            let e = input.set(k, v).unwrap_err().to_string();
            assert!(e.starts_with(start), "{e}");
        }
        // Every serialised key is settable.
        let full = serde_json::to_value(ConfigInput::from(&Config::default())).unwrap();
        let mut back = ConfigInput::default();
        for (k, v) in full.as_object().unwrap() {
            back.set(k, v.clone()).unwrap();
        }
        assert_eq!(back.resolve().unwrap(), Config::default());
    }

    #[test]
    fn the_autoencoder_has_its_own_defaults_and_needs_the_standard_convention() {
        let ae = ConfigInput { task: Some(Task::Autoencode), ..Default::default() }.resolve().unwrap();
        assert_eq!(ae, Config::autoencoder_defaults());
        assert_eq!((ae.hidden.as_slice(), ae.convention, ae.output_activation), (&[50][..], Convention::Standard, OutputActivation::Sigmoid));
        let raw = ConfigInput { task: Some(Task::Autoencode), convention: Some(Convention::Coursework), ..Default::default() };
        assert_eq!(raw.resolve().unwrap_err().field, "convention");
        assert_eq!(ae.outputs(784), 784);
        assert_eq!(Config::default().outputs(784), 10);
    }

    #[test]
    fn round_trips_through_input() {
        let c = Config { hidden: vec![30, 20], seed: 9, ..Config::defaults(Convention::Standard) };
        assert_eq!(ConfigInput::from(&c).resolve().unwrap(), c);
    }

    #[test]
    fn every_setting_a_rule_reads_is_a_rule_field() {
        // Every field marked `rule: true`, by its name and with its value, in table order.
        let c = Config { ep_symmetric: false, micro_self_predicting_steps: 7, ..Config::default() };
        let settings = c.rule_settings();
        for &(name, value) in &settings.params {
            assert!(schema::FIELDS.iter().any(|f| f.name == name), "{name}");
            let text = ConfigInput::from(&c).texts().into_iter().find(|(n, _)| *n == name).unwrap().1;
            let expected = match text.as_str() {
                "true" => 1.0,
                "false" => 0.0,
                number => number.parse().unwrap(),
            };
            assert_eq!(value, expected, "{name}");
        }
        assert_eq!(settings.param("ep_symmetric"), 0.0);
        assert_eq!(settings.param("micro_self_predicting_steps"), 7.0);
        // Each rule reads its settings when it is built: built from these, every registered rule
        // finds every name it reads (a name the table lacks panics, naming it, here in the test).
        let model = crate::nn::Mlp::new(&[9, 6, 4, 10], Activation::Sigmoid, false, 0.5, &mut crate::rng::Rng::new(1, crate::rng::Stream::Init));
        for &rule in Rule::ALL {
            rule.build(&model, &settings);
        }
        let missing = std::panic::catch_unwind(|| settings.param("no_such_field")).unwrap_err();
        assert!(missing.downcast_ref::<String>().is_some_and(|m| m.contains("'no_such_field'")), "the panic names the field");
    }
}
