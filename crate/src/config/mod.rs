//! A run's configuration: defaults, the two input/loss conventions, and validation.
//!
//! Every way in (a JS object, CLI flags, later a URL) fills a [`ConfigInput`], whose missing
//! fields take the defaults of the chosen convention; [`ConfigInput::resolve`] validates it into
//! a [`Config`]. A value out of range is refused with a [`ConfigError`] naming the field.

mod count;
pub mod schema;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::ConfigError;
use count::{Count, Counts};

pub use crate::info::Binning;
pub use crate::nn::loss::Task;
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
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Sizes of the hidden layers, input side first (1 to 3 layers).
    pub hidden: Vec<usize>,
    pub activation: Activation,
    /// Whether layers have biases (the coursework's do not).
    pub bias: bool,
    pub convention: Convention,
    pub learning_rate: f64,
    /// Mini-batch size in images.
    pub batch_size: usize,
    /// Training on the first `train_size` training images.
    pub train_size: usize,
    /// Steps between evaluations on the test set.
    pub eval_interval: usize,
    pub seed: u32,
    /// Total training steps (mini-batches).
    pub steps: usize,
    /// Standard deviation σ of the N(0, σ) initial weights.
    pub init_std: f64,
    /// How the error travels back.
    pub rule: Rule,
    /// σ of the fixed random feedback matrices, N(0, σ) (1 in the coursework).
    pub feedback_std: f64,
    /// Probability per step of the stochastic backward pass (0 = never).
    pub stochastic_p: f64,
    pub stochastic_mode: StochasticMode,
    /// Discretisation of layer activity for the information measures.
    pub binning: Binning,
    /// Bins per unit for uniform and adaptive binning (2 to 256).
    pub bins: usize,
    /// Miller–Madow bias correction of the entropies.
    pub bias_correction: bool,
    /// Classification, or an autoencoder.
    pub task: Task,
    pub output_activation: OutputActivation,
}

/// A configuration as given, every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigInput {
    pub hidden: Option<Vec<usize>>,
    pub activation: Option<Activation>,
    pub bias: Option<bool>,
    pub convention: Option<Convention>,
    pub learning_rate: Option<f64>,
    pub batch_size: Option<usize>,
    pub train_size: Option<usize>,
    pub eval_interval: Option<usize>,
    pub seed: Option<u32>,
    pub steps: Option<usize>,
    pub init_std: Option<f64>,
    pub rule: Option<Rule>,
    pub feedback_std: Option<f64>,
    pub stochastic_p: Option<f64>,
    pub stochastic_mode: Option<StochasticMode>,
    pub binning: Option<Binning>,
    pub bins: Option<usize>,
    pub bias_correction: Option<bool>,
    pub task: Option<Task>,
    pub output_activation: Option<OutputActivation>,
}

pub const MAX_HIDDEN_LAYERS: usize = 3;
/// Most runs trained side by side (a sweep in the page or the CLI): with [`MAX_RUN_BYTES`]
/// each, a tab stays under about 800 MB in the worst case; the coursework's runs take about
/// 10 MB each.
pub const MAX_RUNS: usize = 8;
pub const MAX_LAYER_WIDTH: usize = 4096;
pub const MAX_BATCH: usize = 10_000;
pub const MAX_TRAIN_SIZE: usize = 1_000_000;
pub const MAX_STEPS: usize = 10_000_000;
pub const MAX_LEARNING_RATE: f64 = 100.0;
pub const MAX_INIT_STD: f64 = 10.0;
pub const MAX_FEEDBACK_STD: f64 = 100.0;
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
        Self {
            hidden: vec![120],
            activation: Activation::Sigmoid,
            bias: false,
            convention,
            learning_rate: convention.default_learning_rate(),
            batch_size: 100,
            train_size: 10_000,
            eval_interval: 100,
            seed: 1,
            steps: 10_000,
            init_std: 0.01,
            rule: Rule::Backprop,
            feedback_std: 1.0,
            stochastic_p: 0.0,
            stochastic_mode: StochasticMode::Corrupt,
            binning: Binning::Threshold,
            bins: 30,
            bias_correction: false,
            task: Task::Classify,
            output_activation: OutputActivation::Linear,
        }
    }

    /// The autoencoder's defaults: 784 → 50 sigmoid units → 784 sigmoid outputs, standard
    /// convention (with raw pixels its sigmoid units saturate and it does not learn).
    pub fn autoencoder_defaults() -> Self {
        Self {
            hidden: vec![50],
            task: Task::Autoencode,
            output_activation: OutputActivation::Sigmoid,
            learning_rate: AUTOENCODER_LEARNING_RATE,
            init_std: 0.1,
            ..Self::defaults(Convention::Standard)
        }
    }

    /// Checks every field, returning the first out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = ConfigError::new;
        if self.hidden.is_empty() || self.hidden.len() > MAX_HIDDEN_LAYERS {
            return Err(err("hidden", format!("{} hidden layers given, 1 to {MAX_HIDDEN_LAYERS} allowed", self.hidden.len())));
        }
        if let Some(&w) = self.hidden.iter().find(|&&w| w == 0 || w > MAX_LAYER_WIDTH) {
            return Err(err("hidden", format!("a layer of {w} units; widths must be 1 to {MAX_LAYER_WIDTH}")));
        }
        let lr = self.learning_rate;
        if !(lr.is_finite() && lr > 0.0 && lr <= MAX_LEARNING_RATE) {
            return Err(err("learning_rate", format!("{lr} is not in (0, {MAX_LEARNING_RATE}]")));
        }
        if !(1..=MAX_TRAIN_SIZE).contains(&self.train_size) {
            return Err(err("train_size", format!("{} is not in 1..={MAX_TRAIN_SIZE}", self.train_size)));
        }
        if !(1..=MAX_BATCH).contains(&self.batch_size) {
            return Err(err("batch_size", format!("{} is not in 1..={MAX_BATCH}", self.batch_size)));
        }
        if self.batch_size > self.train_size {
            return Err(err("batch_size", format!("{} is larger than train_size {}", self.batch_size, self.train_size)));
        }
        if !(1..=MAX_STEPS).contains(&self.steps) {
            return Err(err("steps", format!("{} is not in 1..={MAX_STEPS}", self.steps)));
        }
        if !(1..=MAX_STEPS).contains(&self.eval_interval) {
            return Err(err("eval_interval", format!("{} is not in 1..={MAX_STEPS}", self.eval_interval)));
        }
        let s = self.init_std;
        if !(s.is_finite() && s > 0.0 && s <= MAX_INIT_STD) {
            return Err(err("init_std", format!("{s} is not in (0, {MAX_INIT_STD}]")));
        }
        let f = self.feedback_std;
        if !(f.is_finite() && f > 0.0 && f <= MAX_FEEDBACK_STD) {
            return Err(err("feedback_std", format!("{f} is not in (0, {MAX_FEEDBACK_STD}]")));
        }
        let p = self.stochastic_p;
        if !(0.0..=1.0).contains(&p) {
            return Err(err("stochastic_p", format!("{p} is not a probability in [0, 1]")));
        }
        if self.task == Task::Autoencode && self.convention != Convention::Standard {
            return Err(err(
                "convention",
                "the autoencoder needs inputs in [0, 1] (standard): with raw pixels 0..255 its sigmoid units saturate and it does not learn"
                    .to_string(),
            ));
        }
        if !(crate::info::MIN_BINS..=crate::info::MAX_BINS).contains(&self.bins) {
            return Err(err("bins", format!("{} is not in {}..={}", self.bins, crate::info::MIN_BINS, crate::info::MAX_BINS)));
        }
        Ok(())
    }

    /// About how many bytes a run of this config takes, for images of `input_len` pixels, 10
    /// outputs and `test_len` test images: weights and their working copies (gradient,
    /// feedback, snapshot, probe), the batch buffers, and the evaluation's kept activity.
    /// Returns (bytes for the weights, bytes for batch and evaluation buffers).
    pub fn memory_bytes(&self, input_len: usize, test_len: usize) -> (u64, u64) {
        let sizes = self.layer_sizes(input_len, self.outputs(input_len));
        let weights: u64 = sizes.windows(2).map(|p| (p[0] * p[1]) as u64).sum();
        let units: u64 = sizes[1..].iter().map(|&n| n as u64).sum();
        let f32_bytes = 4;
        let weight_bytes = weights * 5 * f32_bytes;
        let batch = self.batch_size as u64;
        let buffers = (batch * (3 * units + input_len as u64) + test_len as u64 * units + 500 * (units + input_len as u64))
            * f32_bytes
            + self.train_size as u64 * 8;
        (weight_bytes, buffers)
    }

    /// Refuses a config whose run would take more than [`MAX_RUN_BYTES`] (see
    /// [`Config::memory_bytes`]), naming the field that weighs most.
    pub fn check_memory(&self, input_len: usize, test_len: usize) -> Result<(), ConfigError> {
        let (weights, buffers) = self.memory_bytes(input_len, test_len);
        let total = weights + buffers;
        if total <= MAX_RUN_BYTES {
            return Ok(());
        }
        let field = if weights >= buffers { "hidden" } else { "batch_size" };
        Err(ConfigError::new(
            field,
            format!(
                "this run would need about {} MB, more than the {} MB one run may use: use fewer or narrower hidden layers or a smaller batch",
                total >> 20,
                MAX_RUN_BYTES >> 20
            ),
        ))
    }

    /// The information measures' settings.
    pub fn info_settings(&self) -> crate::info::InfoSettings {
        use crate::info::{Discretisation, Estimator};
        crate::info::InfoSettings {
            discretisation: match self.binning {
                Binning::Threshold => Discretisation::Threshold,
                Binning::Uniform => Discretisation::Uniform { bins: self.bins },
                Binning::Adaptive => Discretisation::Adaptive { bins: self.bins },
            },
            estimator: if self.bias_correction { Estimator::MillerMadow } else { Estimator::PlugIn },
        }
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

impl ConfigInput {
    /// Fills missing fields with the defaults of the chosen convention (coursework if none)
    /// and validates.
    pub fn resolve(&self) -> Result<Config, ConfigError> {
        let d = match self.task.unwrap_or_default() {
            Task::Classify => Config::defaults(self.convention.unwrap_or_default()),
            Task::Autoencode => Config::autoencoder_defaults(),
        };
        let c = Config {
            hidden: self.hidden.clone().unwrap_or(d.hidden),
            activation: self.activation.unwrap_or(d.activation),
            bias: self.bias.unwrap_or(d.bias),
            convention: self.convention.unwrap_or(d.convention),
            learning_rate: self.learning_rate.unwrap_or(d.learning_rate),
            batch_size: self.batch_size.unwrap_or(d.batch_size),
            train_size: self.train_size.unwrap_or(d.train_size),
            eval_interval: self.eval_interval.unwrap_or(d.eval_interval),
            seed: self.seed.unwrap_or(d.seed),
            steps: self.steps.unwrap_or(d.steps),
            init_std: self.init_std.unwrap_or(d.init_std),
            rule: self.rule.unwrap_or(d.rule),
            feedback_std: self.feedback_std.unwrap_or(d.feedback_std),
            stochastic_p: self.stochastic_p.unwrap_or(d.stochastic_p),
            stochastic_mode: self.stochastic_mode.unwrap_or(d.stochastic_mode),
            binning: self.binning.unwrap_or(d.binning),
            bins: self.bins.unwrap_or(d.bins),
            bias_correction: self.bias_correction.unwrap_or(d.bias_correction),
            task: d.task,
            output_activation: self.output_activation.unwrap_or(d.output_activation),
        };
        c.validate()?;
        Ok(c)
    }
}

impl ConfigInput {
    /// Sets the field `key` from any serde value (a JS value, JSON, a CLI or URL string). An
    /// unknown key or a value of the wrong type is an error naming the field.
    pub fn set<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), ConfigError> {
        fn parse<'de, T: Deserialize<'de>, D: Deserializer<'de>>(field: &'static str, value: D) -> Result<Option<T>, ConfigError> {
            T::deserialize(value).map(Some).map_err(|e| {
                let text = e.to_string();
                ConfigError::new(field, text.strip_prefix("Error: ").unwrap_or(&text).to_string())
            })
        }
        fn whole<'de, D: Deserializer<'de>>(field: &'static str, value: D) -> Result<Option<usize>, ConfigError> {
            let c: Option<Count> = parse(field, value)?;
            c.map(Count::to_usize).transpose().map_err(|m| ConfigError::new(field, m))
        }
        match key {
            "hidden" => {
                let list: Option<Counts> = parse("hidden", value)?;
                self.hidden = list
                    .map(|l| l.0.into_iter().map(Count::to_usize).collect::<Result<Vec<_>, _>>())
                    .transpose()
                    .map_err(|m| ConfigError::new("hidden", m))?;
            }
            "activation" => self.activation = parse("activation", value)?,
            "bias" => self.bias = parse("bias", value)?,
            "convention" => self.convention = parse("convention", value)?,
            "learning_rate" => self.learning_rate = parse("learning_rate", value)?,
            "batch_size" => self.batch_size = whole("batch_size", value)?,
            "train_size" => self.train_size = whole("train_size", value)?,
            "eval_interval" => self.eval_interval = whole("eval_interval", value)?,
            "seed" => {
                let c: Option<Count> = parse("seed", value)?;
                self.seed = c.map(Count::to_u32).transpose().map_err(|m| ConfigError::new("seed", m))?;
            }
            "steps" => self.steps = whole("steps", value)?,
            "init_std" => self.init_std = parse("init_std", value)?,
            "rule" => self.rule = parse("rule", value)?,
            "feedback_std" => self.feedback_std = parse("feedback_std", value)?,
            "stochastic_p" => self.stochastic_p = parse("stochastic_p", value)?,
            "stochastic_mode" => self.stochastic_mode = parse("stochastic_mode", value)?,
            "binning" => self.binning = parse("binning", value)?,
            "bins" => self.bins = whole("bins", value)?,
            "bias_correction" => self.bias_correction = parse("bias_correction", value)?,
            "task" => self.task = parse("task", value)?,
            "output_activation" => self.output_activation = parse("output_activation", value)?,
            other => {
                let known: Vec<&str> = schema::FIELDS.iter().map(|f| f.name).collect();
                return Err(ConfigError::new("config", format!("unknown field '{other}' (known: {})", known.join(", "))));
            }
        }
        Ok(())
    }

    /// These fields, with those that `over` sets replaced by its values.
    pub fn overlaid(&self, over: &ConfigInput) -> ConfigInput {
        ConfigInput {
            hidden: over.hidden.clone().or_else(|| self.hidden.clone()),
            activation: over.activation.or(self.activation),
            bias: over.bias.or(self.bias),
            convention: over.convention.or(self.convention),
            learning_rate: over.learning_rate.or(self.learning_rate),
            batch_size: over.batch_size.or(self.batch_size),
            train_size: over.train_size.or(self.train_size),
            eval_interval: over.eval_interval.or(self.eval_interval),
            seed: over.seed.or(self.seed),
            steps: over.steps.or(self.steps),
            init_std: over.init_std.or(self.init_std),
            rule: over.rule.or(self.rule),
            feedback_std: over.feedback_std.or(self.feedback_std),
            stochastic_p: over.stochastic_p.or(self.stochastic_p),
            stochastic_mode: over.stochastic_mode.or(self.stochastic_mode),
            binning: over.binning.or(self.binning),
            bins: over.bins.or(self.bins),
            bias_correction: over.bias_correction.or(self.bias_correction),
            task: over.task.or(self.task),
            output_activation: over.output_activation.or(self.output_activation),
        }
    }
}

impl From<&Config> for ConfigInput {
    fn from(c: &Config) -> Self {
        Self {
            hidden: Some(c.hidden.clone()),
            activation: Some(c.activation),
            bias: Some(c.bias),
            convention: Some(c.convention),
            learning_rate: Some(c.learning_rate),
            batch_size: Some(c.batch_size),
            train_size: Some(c.train_size),
            eval_interval: Some(c.eval_interval),
            seed: Some(c.seed),
            steps: Some(c.steps),
            init_std: Some(c.init_std),
            rule: Some(c.rule),
            feedback_std: Some(c.feedback_std),
            stochastic_p: Some(c.stochastic_p),
            stochastic_mode: Some(c.stochastic_mode),
            binning: Some(c.binning),
            bins: Some(c.bins),
            bias_correction: Some(c.bias_correction),
            task: Some(c.task),
            output_activation: Some(c.output_activation),
        }
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
    fn memory_budget_names_what_weighs_most() {
        let fig2 = Config::default();
        assert!(fig2.check_memory(784, 10_000).is_ok());
        let (w, b) = fig2.memory_bytes(784, 10_000);
        assert!(w + b < 16 << 20, "the coursework network is small: {} bytes", w + b);
        let wide = Config { hidden: vec![4096, 4096, 4096], ..Config::default() };
        assert_eq!(wide.check_memory(784, 10_000).unwrap_err().field, "hidden");
        let big_batch = Config { hidden: vec![2000], batch_size: 10_000, train_size: 60_000, ..Config::default() };
        assert_eq!(big_batch.check_memory(784, 10_000).unwrap_err().field, "batch_size");
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
}
