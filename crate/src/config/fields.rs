//! The config fields: one entry each (see `table.rs` for what follows from an entry), then the
//! checks that involve more than one field. Adding a field is one entry here.

use super::bounds::{hidden_widths, probability, within, Bounds};
use super::schema::Field;
use super::value::FieldValue;
use super::*;
use crate::error::ConfigError;

config_fields! {
    /// Sizes of the hidden layers, input side first (1 to 3 layers).
    hidden: Vec<usize> {
        default: |_, task| match task {
            Task::Classify => vec![120],
            Task::Autoencode => vec![50],
        },
        bounds: Bounds::list(1.0, MAX_LAYER_WIDTH as f64, MAX_HIDDEN_LAYERS),
        check: |widths, b| hidden_widths(widths, b),
        flag: "hidden",
        help: "Hidden layer widths, input side first",
    },
    activation: Activation {
        default: |_, _| Activation::Sigmoid,
        flag: "activation",
        help: "Hidden-layer non-linearity",
    },
    /// Whether layers have biases (the coursework's do not).
    bias: bool {
        default: |_, _| false,
        flag: "bias",
        help: "Give layers biases (the coursework's have none)",
    },
    convention: Convention {
        default: |convention, _| convention,
        flag: "convention",
        help: "coursework: raw pixels, summed loss; standard: pixels in [0,1], mean loss",
    },
    learning_rate: f64 {
        default: |convention, task| match task {
            Task::Classify => convention.default_learning_rate(),
            Task::Autoencode => AUTOENCODER_LEARNING_RATE,
        },
        bounds: Bounds::above(0.0, MAX_LEARNING_RATE),
        flag: "learning-rate",
        aliases: ["lr"],
        help: "SGD step size",
    },
    /// Mini-batch size in images.
    batch_size: usize {
        default: |_, _| 100,
        bounds: Bounds::closed(1.0, MAX_BATCH as f64),
        flag: "batch-size",
        help: "Images per mini-batch (at most train_size)",
    },
    /// Training on the first `train_size` training images.
    train_size: usize {
        default: |_, _| 10_000,
        bounds: Bounds::closed(1.0, MAX_TRAIN_SIZE as f64),
        flag: "train-size",
        help: "Train on the first N training images",
    },
    /// Steps between evaluations on the test set.
    eval_interval: usize {
        default: |_, _| 100,
        bounds: Bounds::closed(1.0, MAX_STEPS as f64),
        flag: "eval-interval",
        help: "Steps between evaluations on the test set",
    },
    seed: u32 {
        default: |_, _| 1,
        bounds: Bounds::closed(0.0, u32::MAX as f64),
        flag: "seed",
        help: "The seed of every random draw: the same seed, the same run",
    },
    /// Total training steps (mini-batches).
    steps: usize {
        default: |_, _| 10_000,
        bounds: Bounds::closed(1.0, MAX_STEPS as f64),
        flag: "steps",
        help: "Training steps (mini-batches)",
    },
    /// Standard deviation σ of the N(0, σ) initial weights.
    init_std: f64 {
        default: |_, task| match task {
            Task::Classify => 0.01,
            Task::Autoencode => 0.1,
        },
        bounds: Bounds::above(0.0, MAX_INIT_STD),
        flag: "init-std",
        help: "σ of the N(0, σ) initial weights",
    },
    /// How the error travels back.
    rule: Rule {
        default: |_, _| Rule::Backprop,
        flag: "rule",
        help: "How the error travels back to the hidden layers",
    },
    /// σ of the fixed random feedback matrices, N(0, σ) (1 in the coursework).
    feedback_std: f64 {
        default: |_, _| 1.0,
        bounds: Bounds::above(0.0, MAX_FEEDBACK_STD),
        flag: "feedback-std",
        help: "σ of the fixed random feedback matrices",
    },
    /// Probability per step of the stochastic backward pass (0 = never).
    stochastic_p: f64 {
        default: |_, _| 0.0,
        bounds: Bounds::closed(0.0, 1.0),
        check: probability,
        flag: "stochastic-p",
        aliases: ["p"],
        help: "Probability per step of the stochastic backward pass",
    },
    stochastic_mode: StochasticMode {
        default: |_, _| StochasticMode::Corrupt,
        flag: "stochastic-mode",
        help: "What a struck step does: corrupt (errors become ones), skip, or noise",
    },
    /// Discretisation of layer activity for the information measures.
    binning: Binning {
        default: |_, _| Binning::Threshold,
        flag: "binning",
        help: "Codes: a bit per unit (threshold), k equal-width or equal-mass bins; kde adds KDE bounds",
    },
    /// Bins per unit for uniform and adaptive binning (2 to 256).
    bins: usize {
        default: |_, _| 30,
        bounds: Bounds::closed(crate::info::MIN_BINS as f64, crate::info::MAX_BINS as f64),
        flag: "bins",
        help: "Bins per unit for uniform and adaptive binning",
    },
    /// Miller–Madow bias correction of the entropies.
    bias_correction: bool {
        default: |_, _| false,
        flag: "bias-correction",
        help: "Miller–Madow correction of the entropies",
    },
    /// σ² of the Gaussian noise the KDE bounds add to each layer's activity (binning `kde`),
    /// squared activity units; Saxe et al. used 0.1.
    kde_noise_var: f64 {
        default: |_, _| 0.1,
        bounds: Bounds::above(0.0, crate::info::MAX_KDE_NOISE_VAR),
        flag: "kde-noise-var",
        help: "σ² of the noise the kde bounds add to each layer's activity",
    },
    /// The KDE bounds are measured on the first `kde_samples` test images (at most the test
    /// set, checked when the run is built).
    kde_samples: usize {
        default: |_, _| 500,
        bounds: Bounds::closed(2.0, crate::info::MAX_KDE_SAMPLES as f64),
        flag: "kde-samples",
        help: "The kde bounds use the first N test images (2 to the test set's size)",
    },
    /// Scale σ² to each layer's activity range: σ² = kde_noise_var · (range/2)² (after
    /// Chelombiev et al. 2019).
    kde_adaptive: bool {
        default: |_, _| false,
        flag: "kde-adaptive",
        help: "Scale the kde noise to each layer's range: σ² = kde_noise_var·(range/2)²",
    },
    /// Classification, or an autoencoder.
    task: Task {
        default: |_, task| task,
        flag: "task",
        help: "classify the image, or autoencode it: redraw it through a bottleneck",
    },
    output_activation: OutputActivation {
        default: |_, task| match task {
            Task::Classify => OutputActivation::Linear,
            Task::Autoencode => OutputActivation::Sigmoid,
        },
        flag: "output-activation",
        help: "The output layer: linear, or sigmoid like the pixels",
    },
    /// λ, the weight decay per step of the forward weights (and of Kolen–Pollack's feedback
    /// weights): W ← W − η·ΔW − λ·W (Akrout et al. 2019). 0 for every rule by default.
    weight_decay: f64 {
        default: |_, _| 0.0,
        bounds: Bounds::closed(0.0, MAX_WEIGHT_DECAY),
        flag: "weight-decay",
        help: "λ: every step W ← W − η·ΔW − λ·W (0 = none)",
    },
    /// Target propagation (`dtp`): the output target is Ŷ − step·δ_L, δ_L the output error as
    /// the convention scales it (∂L/∂Ŷ for linear outputs).
    target_step: f64 {
        default: |_, _| crate::nn::rules::dtp::DEFAULT_TARGET_STEP,
        bounds: Bounds::above(0.0, MAX_TARGET_STEP),
        rule: true,
        flag: "target-step",
        help: "Target propagation: the output target's step down the loss gradient",
    },
    /// Networks trained per setting, seeds seed, seed + 1, …: results are their mean and 95%
    /// confidence interval.
    seeds: usize {
        default: |_, _| 1,
        bounds: Bounds::closed(1.0, MAX_SEEDS as f64),
        flag: "seeds",
        help: "Networks trained per setting (seed, seed+1, …), reported as mean ± 95% CI",
    },
    /// Rules that settle (predictive coding, equilibrium propagation, the microcircuit): the
    /// most inner iterations of the network's relaxation per batch (issue 14).
    settle_iterations: usize {
        default: |_, _| crate::nn::rules::DEFAULT_SETTLE_ITERATIONS,
        bounds: Bounds::closed(1.0, MAX_SETTLE_ITERATIONS as f64),
        flag: "settle-iterations",
        help: "Rules that settle: most inner iterations of the relaxation per batch",
    },
    /// Rules that settle: dt, the Euler step of the relaxation's dynamics (in units of the
    /// neurons' time constant).
    settle_step: f64 {
        default: |_, _| crate::nn::rules::DEFAULT_SETTLE_STEP,
        bounds: Bounds::above(0.0, 1.0),
        flag: "settle-step",
        help: "Rules that settle: dt, the Euler step of the relaxation (0 < dt ≤ 1)",
    },
    /// Rules that settle: the relaxation has converged when the largest change of a state in an
    /// iteration is below this (state units); a batch that does not get there stops the run.
    settle_tolerance: f64 {
        default: |_, _| crate::nn::rules::DEFAULT_SETTLE_TOLERANCE,
        bounds: Bounds::above(0.0, 1.0),
        flag: "settle-tolerance",
        help: "Rules that settle: converged when no state changes by more than this in an iteration",
    },
    /// Equilibrium propagation: β, the strength of the nudged phase's pull toward the target.
    ep_beta: f64 {
        default: |_, _| crate::nn::rules::equilibrium_propagation::DEFAULT_EP_BETA,
        bounds: Bounds::above(0.0, 10.0),
        rule: true,
        flag: "ep-beta",
        help: "Equilibrium propagation: β, the nudge toward the target",
    },
    /// Equilibrium propagation: nudge by +β and −β and take the difference (Laborieux et al.
    /// 2021), rather than the free phase and +β (Scellier & Bengio 2017).
    ep_symmetric: bool {
        default: |_, _| true,
        rule: true,
        flag: "ep-symmetric",
        help: "Equilibrium propagation: symmetric ±β nudging (Laborieux et al. 2021)",
    },
    /// Predictive coding: β of the weak output nudge, the weight of the loss in the energy
    /// (the update is divided by it, so it is the gradient's scale whatever β).
    pc_nudge: f64 {
        default: |_, _| crate::nn::rules::predictive_coding::DEFAULT_PC_NUDGE,
        bounds: Bounds::above(0.0, 10.0),
        rule: true,
        flag: "pc-nudge",
        help: "Predictive coding: β, the weak nudge of the output toward the target",
    },
    /// Dendritic microcircuit: λ, how far the output's somatic potential is pulled toward the
    /// target, u_N = v̂_N + λ(Y − Ŷ) (the paper's g_som/(g_lk + g_B + g_som)).
    micro_nudging: f64 {
        default: |_, _| crate::nn::rules::dendritic_microcircuit::MicroSettings::DEFAULT.nudging,
        bounds: Bounds::above(0.0, 1.0),
        rule: true,
        flag: "micro-nudging",
        help: "Dendritic microcircuit: how far the output is nudged toward the target (0..1]",
    },
    /// Dendritic microcircuit: the first steps only the lateral weights learn (the
    /// self-predicting phase: no target, apical potentials driven to zero).
    micro_self_predicting_steps: usize {
        default: |_, _| crate::nn::rules::dendritic_microcircuit::MicroSettings::DEFAULT.self_predicting_steps,
        bounds: Bounds::closed(0.0, MAX_STEPS as f64),
        rule: true,
        flag: "micro-self-predicting-steps",
        help: "Dendritic microcircuit: steps in which only the lateral weights learn",
    },
    /// Dendritic microcircuit: η of the lateral weights W_IP and B_PI, per step, a fraction of
    /// the least-squares step (the paper's gradient preconditioned by the inverse of the
    /// presynaptic rates' running second moment, then the batch's line minimum: 1).
    micro_lateral_rate: f64 {
        default: |_, _| crate::nn::rules::dendritic_microcircuit::MicroSettings::DEFAULT.lateral_rate,
        bounds: Bounds::above(0.0, 2.0),
        rule: true,
        flag: "micro-lateral-rate",
        help: "Dendritic microcircuit: lateral weights' least-squares step fraction (0..2]",
    },
    /// The loss the network is trained on and evaluated by (`nn::loss`): squared error (the
    /// coursework's) or softmax cross-entropy (classification only).
    loss: Loss {
        default: |_, _| Loss::SquaredError,
        flag: "loss",
        help: "squared-error (the coursework's) or cross-entropy (softmax; classification only)",
    },
    /// How each step's ΔW becomes the update (`nn::optimizer`): plain SGD (the coursework's),
    /// SGD with momentum, or Adam. Adam's step is about η per weight whatever the gradient's
    /// scale: give it a learning rate near 1e-3.
    optimizer: Optimizer {
        default: |_, _| Optimizer::Sgd,
        flag: "optimizer",
        help: "sgd (the coursework's), momentum, or adam (give it a learning rate near 1e-3)",
    },
    /// μ of the momentum optimizer: V ← μ·V + ΔW, W ← W − η·V (0: plain SGD).
    momentum: f64 {
        default: |_, _| crate::nn::optimizer::DEFAULT_MOMENTUM,
        bounds: Bounds::closed(0.0, MAX_MOMENTUM),
        flag: "momentum",
        help: "μ of the momentum optimizer: V ← μ·V + ΔW (0 = plain SGD)",
    },
    /// Adam's β₁, the decay of its running mean of ΔW.
    adam_beta1: f64 {
        default: |_, _| crate::nn::optimizer::DEFAULT_ADAM_BETA1,
        bounds: Bounds::closed(0.0, MAX_ADAM_BETA),
        flag: "adam-beta1",
        help: "β₁ of adam: the decay of its running mean of ΔW",
    },
    /// Adam's β₂, the decay of its running mean of ΔW².
    adam_beta2: f64 {
        default: |_, _| crate::nn::optimizer::DEFAULT_ADAM_BETA2,
        bounds: Bounds::closed(0.0, MAX_ADAM_BETA),
        flag: "adam-beta2",
        help: "β₂ of adam: the decay of its running mean of ΔW²",
    },
    /// Adam's ε, added to √Ŝ below the step.
    adam_epsilon: f64 {
        default: |_, _| crate::nn::optimizer::DEFAULT_ADAM_EPSILON,
        bounds: Bounds::above(0.0, MAX_ADAM_EPSILON),
        flag: "adam-epsilon",
        help: "ε of adam: added to the root of its running mean of ΔW²",
    },
}

/// A check that involves more than one field.
type CrossCheck = fn(&Config) -> Result<(), ConfigError>;

/// Checks that involve more than one field, run after each field's own.
const CROSS_CHECKS: &[CrossCheck] = &[
    |c| match c.batch_size > c.train_size {
        true => Err(ConfigError::new("batch_size", format!("{} is larger than train_size {}", c.batch_size, c.train_size))),
        false => Ok(()),
    },
    |c| match c.task == Task::Autoencode && c.convention != Convention::Standard {
        true => Err(ConfigError::new(
            "convention",
            "the autoencoder needs inputs in [0, 1] (standard): with raw pixels 0..255 its sigmoid units saturate and it does not learn",
        )),
        false => Ok(()),
    },
    |c| match c.rule == Rule::EquilibriumPropagation && c.activation != Activation::Sigmoid {
        true => Err(ConfigError::new(
            "activation",
            "equilibrium_propagation has its own hard-sigmoid units (in place of the sigmoid): set activation to sigmoid",
        )),
        false => Ok(()),
    },
    |c| match c.task == Task::Autoencode && c.loss == Loss::CrossEntropy {
        true => Err(ConfigError::new(
            "loss",
            "cross_entropy is the classifier's (a softmax over the 10 classes): the autoencoder redraws pixels, use squared_error",
        )),
        false => Ok(()),
    },
];

impl Config {
    /// Checks every field, returning the first out of range: each field's own check in table
    /// order, then those across fields.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.check_fields()?;
        CROSS_CHECKS.iter().try_for_each(|check| check(self))
    }
}

impl ConfigInput {
    /// Fills missing fields with the defaults of the chosen convention (coursework if none; the
    /// autoencoder's standard) and task, and validates.
    pub fn resolve(&self) -> Result<Config, ConfigError> {
        let task = self.task.unwrap_or_default();
        let c = self.filled(self.convention.unwrap_or(Convention::default_for(task)), task);
        c.validate()?;
        Ok(c)
    }
}
