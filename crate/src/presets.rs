//! Named experiments that reproduce the coursework's figures: each is a set of runs shown
//! together.

use serde::Serialize;

use crate::config::{Activation, Binning, Config, Convention, Loss, Optimizer, Rule, StochasticMode};

#[derive(Debug, Clone, Serialize)]
pub struct PresetRun {
    pub label: String,
    pub config: Config,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub runs: Vec<PresetRun>,
    /// The views the preset is about, most important first: `loss`, `accuracy`,
    /// `diagnostics`, `saturation`, `angles`, `activity`, `entropy`, `mi_label`, `mi_quadrant`,
    /// `info_plane`, `reconstructions`, `receptive_fields`, `tuning`, `rsa`, `lesions`, `arena`,
    /// `microcircuit`, `settling`.
    pub panels: Vec<&'static str>,
}

/// Hidden sizes of the coursework's Figure 2 sweep.
pub const FIG2_HIDDEN: [usize; 4] = [15, 30, 60, 120];

fn fig2() -> Preset {
    Preset {
        id: "fig2",
        title: "Figure 2: learning curves for hidden sizes 15, 30, 60 and 120",
        description: "Four one-hidden-layer sigmoid networks, trained side by side on the first 10,000 \
            Fashion-MNIST training images with the coursework's convention: raw pixels 0..255, squared \
            error summed over the batch, learning rate 5e-6, batch 100, weights N(0, 0.01). With inputs \
            this large most hidden units start saturated, so learning is slow at first. Watch the test \
            curves separate: at equal learning rate the wider networks reach a lower loss and a higher \
            accuracy sooner, ending in the order 120 > 60 > 30 > 15.",
        runs: FIG2_HIDDEN
            .iter()
            .map(|&h| PresetRun {
                label: format!("hidden {h}"),
                config: Config { hidden: vec![h], ..Config::defaults(Convention::Coursework) },
            })
            .collect(),
        panels: vec!["loss", "accuracy"],
    }
}

/// The coursework's network: one hidden layer of 120 sigmoid units, its convention.
fn coursework_120() -> Config {
    Config::defaults(Convention::Coursework)
}

fn fig1() -> Preset {
    Preset {
        id: "fig1",
        title: "Figure 1: inside backprop while it learns",
        description: "One network of 120 sigmoid hidden units trained by plain backprop, coursework \
            convention. The diagnostics charts show, per layer, the size of the error arriving at the \
            layer (dL/dH), the error after the activation's derivative (dL/dZ), the gradient, the weights \
            and the average weight change per step. Look for the output weights W2 settling early while \
            the hidden weights W1 keep moving: the network first learns to read out whatever its hidden \
            layer already says, then slowly reshapes that hidden code. The saturation chart shows why \
            learning is slow at the start: with raw pixels nearly every hidden unit sits on a flat part of \
            the sigmoid, where its derivative, and so its error, is close to zero.",
        runs: vec![PresetRun { label: "backprop".into(), config: coursework_120() }],
        panels: vec!["diagnostics", "saturation", "loss", "accuracy"],
    }
}

fn fig3() -> Preset {
    let run = |label: &str, rule: Rule| PresetRun { label: label.into(), config: Config { rule, ..coursework_120() } };
    Preset {
        id: "fig3",
        title: "Figure 3: learning without weight transport or activation derivatives",
        description: "The same network (120 sigmoid hidden units, coursework convention, seed 1) trained \
            four ways. Backprop sends the output error back through the transpose of the forward weights, \
            which a brain has no obvious way to know: the weight-transport problem. Feedback alignment \
            sends it back through a fixed random matrix instead, and still learns about as fast, because \
            the forward weights come to align with the random feedback (watch the alignment angles fall \
            below 90 degrees). Leaving out the activation's derivative, which a neuron may not be able to \
            compute for itself, still learns, but settles lower. Doing both is the most brain-like and \
            learns the least.",
        runs: vec![
            run("backprop", Rule::Backprop),
            run("feedback alignment", Rule::FeedbackAlignment),
            run("no derivative", Rule::NoDerivative),
            run("feedback alignment, no derivative", Rule::FeedbackAlignmentNoDerivative),
        ],
        panels: vec!["loss", "accuracy", "angles"],
    }
}

/// Figure 5 and its variants: the stochastic backward pass at p = 0, 0.1, 0.5 in one mode.
fn fig5(id: &'static str, mode: StochasticMode, title: &'static str, description: &'static str) -> Preset {
    let runs = [0.0, 0.1, 0.5]
        .into_iter()
        .map(|p| PresetRun {
            label: format!("p = {p}"),
            config: Config { stochastic_p: p, stochastic_mode: mode, ..coursework_120() },
        })
        .collect();
    Preset { id, title, description, runs, panels: vec!["loss", "accuracy", "saturation"] }
}

fn fig5_presets() -> Vec<Preset> {
    vec![
        fig5(
            "fig5",
            StochasticMode::Corrupt,
            "Figure 5: a stochastic backward pass that corrupts the error",
            "A brain has no clean split between a forward and a backward phase. Here, on a random \
            fraction p of the steps, the hidden layer's error is replaced by ones, as in the coursework: \
            the hidden weights then move by the column sums of the raw pixels, a huge push in one \
            direction. With the coursework's raw pixels even p = 0.1 drives every hidden unit into \
            saturation and learning stops at chance. Compare the skip and noise variants: it is the \
            corrupting error, not the missing steps, that does the damage.",
        ),
        fig5(
            "fig5-skip",
            StochasticMode::Skip,
            "Figure 5, variant: a stochastic backward pass that is sometimes skipped",
            "On a random fraction p of the steps the error does not reach the hidden layer at all, so only \
            the output weights learn that step. Learning slows roughly in proportion to the steps lost, \
            but it does not break: an occasional missing backward phase is harmless.",
        ),
        fig5(
            "fig5-noise",
            StochasticMode::Noise,
            "Figure 5, variant: a stochastic backward pass that sends noise",
            "On a random fraction p of the steps the hidden layer receives Gaussian noise of the same size \
            as its true error. Noise averages out over many steps, so learning continues, more slowly \
            and more raggedly as p grows: a noisy backward signal is tolerable where a biased one is not.",
        ),
    ]
}

/// Hidden sizes of the information-theory sweep (Figures 8 to 10 also show 5 units).
pub const INFO_HIDDEN: [usize; 5] = [5, 15, 30, 60, 120];

/// The hidden-size sweep the information figures share, coursework convention, threshold codes.
fn info_sweep() -> Vec<PresetRun> {
    INFO_HIDDEN
        .iter()
        .map(|&h| PresetRun { label: format!("hidden {h}"), config: Config { hidden: vec![h], ..coursework_120() } })
        .collect()
}

fn info_presets() -> Vec<Preset> {
    vec![
        Preset {
            id: "fig7",
            title: "Figure 7: a layer's activity as a bit string",
            description: "Pick a test image and see what each layer does with it: every hidden unit's \
                activity, and the bit it becomes when the activity is cut at 0.5. That string of bits, one \
                per unit, is the code T whose entropy and information the following figures measure. With \
                raw pixels the sigmoid units are nearly all fully on or off, so cutting at 0.5 loses little; \
                watch which bits flip as the network learns.",
            runs: vec![PresetRun { label: "hidden 120".into(), config: coursework_120() }],
            panels: vec!["activity", "entropy"],
        },
        Preset {
            id: "fig8",
            title: "Figure 8: conditional entropy H(T|X) of the hidden layer and the output",
            description: "For networks of 5 to 120 hidden units: how uncertain a layer's code remains once \
                the class X is known. It falls as each class comes to be represented by fewer codes. A wider \
                layer has far more possible codes, so its H(Y|X) stays higher; the output's H(Z|X) falls \
                towards the hidden layer's in small networks, a sign of compression. Keep an eye on the \
                saturation warning: when nearly every test image has its own code the numbers measure the \
                sample size, not the network.",
            runs: info_sweep(),
            panels: vec!["entropy", "mi_label"],
        },
        Preset {
            id: "fig9",
            title: "Figure 9: mutual information I(X;T) between the class and each layer",
            description: "How many bits about the class X each layer's code carries (at most H(X) = log2 10, \
                about 3.32 bits). The data-processing inequality says the output can know no more than the \
                hidden layer, I(X;Y) >= I(X;Z); for discretised codes that is not guaranteed, and the lab \
                marks where it fails. The dashed shuffled-label baseline shows what the estimator reports \
                when there is nothing to find: a 120-unit layer sits near H(X) from step 0 for that reason \
                alone.",
            runs: info_sweep(),
            panels: vec!["mi_label", "entropy"],
        },
        Preset {
            id: "fig10",
            title: "Figure 10: information about the brightest quadrant, I(T;W)",
            description: "W is the brightest of the image's four 14x14 quadrants, a property of the picture \
                that the label does not ask for. Early in training the hidden code tracks such simple image \
                statistics; as the network fits the labels it may drop them (compression) while the output's \
                I(Z;W) stays small. Compare each curve with its shuffled baseline before reading a rise or \
                fall as real.",
            runs: info_sweep(),
            panels: vec!["mi_quadrant", "mi_label"],
        },
        Preset {
            id: "info-plane",
            title: "The information plane",
            description: "Each layer as a point moving through the plane of I(input;T) (x; for a \
                deterministic network on distinct images this is H(T)) and I(T;X) (y), one trajectory per \
                layer coloured by step (Shwartz-Ziv & Tishby 2017). A move up is fitting: the code learns \
                the class; a move left is compression: the code forgets details of the input. Whether \
                compression happens depends on the activation and on how activity is binned (Chelombiev et \
                al. 2019): try tanh, ReLU, and uniform or adaptive bins.",
            runs: info_sweep(),
            panels: vec!["info_plane", "mi_label"],
        },
    ]
}

/// The `saxe` preset's learning rate, below the standard default 0.5, one setting for both
/// activations so that only the activation differs.
pub const SAXE_LEARNING_RATE: f64 = 0.1;

/// Saxe et al. (2018) against Shwartz-Ziv & Tishby: is compression in the information plane a
/// property of learning, or of the activation? Two networks that differ only in it, measured
/// with the KDE bounds.
fn saxe() -> Preset {
    let run = |label: &str, activation: Activation| PresetRun {
        label: label.into(),
        config: Config {
            hidden: vec![120],
            activation,
            learning_rate: SAXE_LEARNING_RATE,
            binning: Binning::Kde,
            steps: 5_000,
            ..Config::defaults(Convention::Standard)
        },
    };
    Preset {
        id: "saxe",
        title: "Does compression depend on the activation? tanh against ReLU with kernel-density bounds",
        description: "Two networks identical but for the hidden non-linearity: 120 tanh units against \
            120 ReLU units, standard convention (pixels in [0, 1], mean loss), learning rate 0.1, seed 1. \
            Binning cannot tell us much about a layer this wide (nearly every test image gets its own \
            code), so each evaluation treats the layer as if Gaussian noise of variance 0.1 were added to \
            it and bounds its information with kernel densities on the first 500 test images, as Saxe et \
            al. (2018) did with Kolchinsky and Tracey's estimators: an upper and a lower value each for \
            I(input;T) and I(T;X), beside the threshold codes' measures. Saxe et al. reported that \
            saturating tanh units move left late in training, their activity squeezed into the flat ends \
            where the noise hides differences between inputs, while ReLU units, unbounded, do not. Watch \
            whether these two runs agree, and remember what the noise is: a choice of the measurement \
            (try kde_noise_var, or kde_adaptive, which scales it to each layer's range as Chelombiev et \
            al. argued), not a property of the network.",
        runs: vec![run("tanh 120", Activation::Tanh), run("relu 120", Activation::Relu)],
        panels: vec!["info_plane", "mi_label", "entropy", "accuracy"],
    }
}

/// The estimator check (the `estimators` view runs the core's `estimator_check` in a worker of
/// its own), beside one short run of a real 120-unit layer measured with the KDE bounds: the
/// check says when an estimator can be believed, the run shows the same estimators on a layer
/// whose answer nobody knows. The page loads a preset by its runs, so this one has one.
fn estimators() -> Preset {
    Preset {
        id: "estimators",
        title: "Can this number be believed? Every estimator on data whose answer is known",
        description: "Two made-up channels whose information I(X;T) we know, and every estimator the lab \
            uses run on samples of them. In the discrete channel each of 10 classes is a fixed random string \
            of d bits and each bit flips with probability 0.1; the exact answer comes from listing every \
            possible string. In the Gaussian channel each class is a point in d dimensions blurred by unit \
            Gaussian noise; the answer comes from a large Monte Carlo sample, with its error. The estimates \
            are plotted against the truth, against the sample size N (100 to 10,000) and against d. Look for \
            where the plug-in estimate on bins runs into its ceiling (more possible codes than samples: \
            every sample its own code, so I(X;T) reads the labels' entropy whatever the truth), how much of \
            that bias Miller–Madow removes, and what the kernel-density bounds measure: the sample with \
            noise of their own added, which brackets the true answer only where that noise is the \
            channel's own (the 'matched' bounds of the Gaussian channel). Beside the check, one short run \
            of 120 tanh units measured with the KDE bounds: the same question asked of a real layer, \
            where nobody knows the answer. Ask it of every information chart in the lab.",
        runs: vec![PresetRun {
            label: "tanh 120, KDE".into(),
            config: Config {
                hidden: vec![120],
                activation: Activation::Tanh,
                learning_rate: SAXE_LEARNING_RATE,
                binning: Binning::Kde,
                steps: 1_000,
                eval_interval: 100,
                ..Config::defaults(Convention::Standard)
            },
        }],
        panels: vec!["estimators", "mi_label", "info_plane"],
    }
}

fn autoencoder_presets() -> Vec<Preset> {
    let run = || vec![PresetRun { label: "bottleneck 50".into(), config: Config::autoencoder_defaults() }];
    vec![
        Preset {
            id: "fig11",
            title: "Figure 11: an autoencoder redraws Fashion-MNIST through 50 units",
            description: "784 pixels squeezed through a bottleneck of 50 sigmoid units and redrawn as 784 \
                pixels; the network's only target is its own input. Watch the row of test images: under \
                each, its 50-unit code and its reconstruction, which starts as a grey blur and sharpens into \
                the garment's outline within a few hundred steps, then slowly gains detail. What survives the \
                squeeze is the shape and brightness; fine texture and print are the first to go. The inputs \
                are scaled to [0, 1]: with raw pixels 0..255 the sigmoid units saturate and it learns nothing.",
            runs: run(),
            panels: vec!["reconstructions", "loss"],
        },
        Preset {
            id: "fig12",
            title: "Figure 12: what the bottleneck keeps about the brightest quadrant",
            description: "The reconstruction error (mean squared error per pixel, train and test) beside \
                I(code;W), the information the 50-unit code carries about which quadrant of the image is \
                brightest, and I(code;X) about the class, with their shuffled baselines. An autoencoder has to \
                redraw where the light falls, so unlike a classifier's hidden layer it has every reason to keep \
                W: expect I(code;W) to rise and stay up while the error falls.",
            runs: run(),
            panels: vec!["mi_quadrant", "loss", "mi_label", "info_plane"],
        },
    ]
}

/// The coursework network (120 sigmoid units, coursework convention, seed 1) under each rule
/// whose representation the analysis presets compare, backprop first.
fn rules_compared() -> Vec<PresetRun> {
    let run = |label: &str, rule: Rule| PresetRun { label: label.into(), config: Config { rule, ..coursework_120() } };
    vec![
        run("backprop", Rule::Backprop),
        run("feedback alignment", Rule::FeedbackAlignment),
        run("no derivative", Rule::NoDerivative),
        run("feedback alignment, no derivative", Rule::FeedbackAlignmentNoDerivative),
        run("shallow", Rule::Shallow),
    ]
}

fn analysis_presets() -> Vec<Preset> {
    vec![
        Preset {
            id: "receptive-fields",
            title: "Receptive fields: what each rule's hidden units look at",
            description: "The same 120-unit network trained by backprop and by rules a brain could run. Each tile is one hidden unit's input weights drawn as a 28x28 picture, red where a bright pixel excites the unit and blue where it inhibits it, one colour scale for the whole layer, most class-selective unit first. A neuroscientist maps a neuron's receptive field by showing stimuli and recording; here we read it off the weights. In the coursework's convention (raw pixels up to 255, learning rate 5e-6) the tiles of every rule still look like their random start after 10,000 steps: the changes that make the network classify are small beside the initial weights at the layer's common scale, so look for structure in the deeper layers' activity-weighted averages, in the tuning curves and in the representational similarity rather than in the first layer's tiles; if a rule's tiles differ visibly from the others', its hidden layer learned differently. Beside the pictures, each unit's tuning curve (mean activity per class with its standard error) and the layer's selectivity and sparseness: a selective unit fires for one class and not the others, like a category-selective neuron in visual cortex.",
            runs: rules_compared(),
            panels: vec!["receptive_fields", "tuning", "accuracy"],
        },
        Preset {
            id: "rsa-rules",
            title: "Representational similarity: do the rules learn backprop's representation?",
            description: "For each run, how differently its hidden layer responds to every pair of classes and to every pair of 200 fixed test images (20 per class): 1 minus the correlation of the activity patterns, a representational dissimilarity matrix. Two representations are then compared by the rank correlation of their matrices (RSA, Kriegeskorte et al. 2008), the way a model is compared with recordings or fMRI of a brain area without matching neuron to neuron. A high similarity between a rule and backprop means the plausible rule arrives at the same geometry of categories, so a brain using it could hold the representation that backprop-trained models predict; a low one means models trained by backprop are a poor proxy for what such a brain would hold, however close the accuracy. The shallow run is the control: only its output layer learns, so its hidden layer keeps its random start, and its similarity to backprop is what a random projection of the images shares with a trained layer; a rule is only closer to backprop than chance if it beats that. Similarity to the pixels measures how much of the layer is still the image; similarity to the labels, how purely it codes the class. The lesion curve asks the same question by damage: silencing the most selective units first hurts more than silencing at random when the code relies on single selective units.",
            runs: rules_compared(),
            panels: vec!["rsa", "lesions", "accuracy"],
        },
    ]
}

/// The arena preset's seeds per rule and steps per run (see `arena`'s doc for the budget).
pub const ARENA_SEEDS: usize = 3;
pub const ARENA_STEPS: usize = 3_000;

/// One run per registered rule, each with `seeds` seeds, labelled by the rule's name.
/// The rules the arena presets compare: every rule that learns through a backward pass. The
/// models that settle (predictive coding, equilibrium propagation, the microcircuit) take many
/// inner iterations per batch and want their own settings (equilibrium propagation's hard
/// sigmoids stick at their walls under raw pixels); the `settling` and `fig6` presets compare
/// them with backprop, and `brainlab arena --rules …` takes any rule.
pub fn arena_rules() -> Vec<Rule> {
    Rule::ALL.iter().copied().filter(|rule| rule.has_backward_pass()).collect()
}

fn arena_runs(base: Config, seeds: usize, steps: usize) -> Vec<PresetRun> {
    arena_rules()
        .into_iter()
        .map(|rule| PresetRun {
            label: rule.name().replace('_', " "),
            config: Config { rule, seeds, steps, eval_interval: steps / 10, ..base.clone() },
        })
        .collect()
}

/// The arena: every rule, coursework convention, 120 hidden units, [`ARENA_SEEDS`] seeds of
/// [`ARENA_STEPS`] steps each: 11 rules × 3 seeds × 3,000 steps = 99,000 steps. Budget: natively
/// `brainlab arena` with these settings took 147 s of CPU time (2m27s user, evaluations
/// included; 6 min wall on a shared machine), about 670 steps/s per core; at 0.8 of that in
/// wasm on 2 cores, about 1,100 steps/s, the page needs about 95 s, well inside 5 minutes
/// (the Chromium time: see the README's arena section). The page trains its 33 networks through
/// one scheduler over a pool of workers, one per core (www/runs/sweep.js), and fills the
/// `arena` view's table; `brainlab arena` takes the same settings as flags.
pub fn arena() -> Preset {
    Preset {
        id: "arena",
        title: "The credit-assignment arena: every rule, several seeds, one table",
        description: "Every learning rule trains the same network (120 sigmoid hidden units, coursework convention) from the same seeds: seed k gives every rule the same initial weights, the same batches and the same random feedback draws. The table gives each rule's final test accuracy as the mean over seeds with a 95% confidence interval (Student's t), and two gaps. The gap to shallow is the one to read first: shallow trains only the output layer on a hidden layer left at its random start, and with raw pixels most hidden units are saturated from the first step, so a fixed random layer with a learned read-out already classifies well. A rule's gain over shallow is therefore what its hidden layer actually learned; a gap whose interval contains 0 means no evidence that it learned anything there. The gap to backprop says how much of the exact gradient's gain the rule keeps. Gaps are paired by seed (the mean of per-seed differences), which removes the luck the seeds share. The update angle is between the rule's hidden update and the true gradient: below 90 degrees it still descends the loss.",
        runs: arena_runs(coursework_120(), ARENA_SEEDS, ARENA_STEPS),
        panels: vec!["arena", "accuracy"],
    }
}

/// arena-deep's learning rate and initial weights' spread (standard convention). In the
/// coursework's convention backprop barely learns at this depth (28 ± 15 % after 3,000 steps,
/// 3 seeds): the raw pixels saturate the first layer and the gradient fades through two
/// sigmoid layers. In the standard one with its defaults (lr 0.5, init 0.01) the random-feedback
/// rules and shallow diverge and backprop stays at chance; init 0.1 lets backprop's gradient
/// through, and lr 0.02 keeps every rule finite (`brainlab arena --convention standard
/// --learning-rate 0.02 --init-std 0.1 --hidden 120x60 --steps 3000`, 1 seed: backprop 72.8 %,
/// feedback alignment 82.5 %, direct feedback alignment 82.2 %, shallow 57.9 %; at lr 0.05 the
/// feedback-alignment rules diverged).
pub const ARENA_DEEP_LEARNING_RATE: f64 = 0.02;
pub const ARENA_DEEP_INIT_STD: f64 = 0.1;

/// The arena on two hidden layers (120x60), where the rules that send the error layer by layer
/// (feedback alignment) and straight from the output (direct feedback alignment) differ; in the
/// standard convention (see [`ARENA_DEEP_LEARNING_RATE`] for why).
pub fn arena_deep() -> Preset {
    Preset {
        id: "arena-deep",
        title: "The arena, two hidden layers: where direct feedback alignment parts from feedback alignment",
        description: "The arena on a deeper network: 120 then 60 sigmoid units, the same seeds for every rule, in the standard convention (inputs in [0, 1], mean loss) with learning rate 0.02 and initial weights of spread 0.1: with the coursework's raw pixels backprop barely learns through two saturated sigmoid layers, and with the standard defaults the random-feedback rules diverge. With one hidden layer feedback alignment and direct feedback alignment are the same rule (the only matrix is the one from the output); with two, feedback alignment carries the error down one random matrix per layer while direct feedback alignment sends the output error to each layer through its own matrix, and the first hidden layer's update angle shows how far each path strays from the gradient. Read the gap to shallow as in the arena: shallow now keeps two random layers fixed, so the gap is what both hidden layers learned together; an interval that contains 0 is no evidence of hidden learning.",
        runs: arena_runs(
            Config {
                hidden: vec![120, 60],
                learning_rate: ARENA_DEEP_LEARNING_RATE,
                init_std: ARENA_DEEP_INIT_STD,
                ..Config::defaults(Convention::Standard)
            },
            ARENA_SEEDS,
            ARENA_STEPS,
        ),
        panels: vec!["arena", "accuracy"],
    }
}

/// The coursework's Figure 6 made live: the dendritic cortical microcircuit (Sacramento et al.
/// 2018) learning Fashion-MNIST beside backprop on the same network.
fn fig6() -> Preset {
    let micro = Config { rule: Rule::DendriticMicrocircuit, ..coursework_120() };
    Preset {
        id: "fig6",
        title: "Figure 6: dendritic cortical microcircuits, learning without a backward pass",
        description: "Each hidden unit is a pyramidal neuron with three compartments: a basal dendrite that sums the layer below through the forward weights, an apical dendrite that gets the layer above through fixed random top-down weights, and a soma between them; beside each layer sits a population of interneurons that learn to predict the layer above from this layer's activity and feed that prediction to the apical dendrites with the opposite sign. For the first steps there is no target and only these lateral weights learn, until the interneurons cancel the top-down input: the apical potentials fall toward zero (the faded lines). Then the output is nudged toward the label. The interneurons still predict the un-nudged output, so what is left on each apical dendrite is the difference: the error lives there, as a local mismatch, and nowhere else. It shifts the soma away from what the basal dendrite predicts, and each forward weight changes by that difference times its input, with no second pass carrying errors backward. The angle chart shows how far each update strays from backprop's gradient on the same batch: below 90 degrees it still goes downhill (in our runs it was below 90 at every evaluation after the first supervised step, which starts where feedback alignment starts: the top-down weights are random). The compartments are taken at their steady state, one sweep down per batch, not simulated in time.",
        runs: vec![
            PresetRun { label: "dendritic microcircuit".into(), config: micro },
            PresetRun { label: "backprop".into(), config: coursework_120() },
        ],
        panels: vec!["microcircuit", "accuracy", "loss", "angles"],
    }
}

/// The `settling` preset's learning rate (every run but the microcircuit's). With the standard
/// default, lr 0.5, backprop stayed at chance in 3,000 steps. Measured with `brainlab train
/// --convention standard --steps 3000 --rule R --lr X [--init-std S]` (seed 1, 120 units), test
/// accuracy at step 3,000: backprop 0.8060 at lr 0.05 (init 0.01, the default), 0.7932 at lr 0.02
/// and 0.6321 at lr 0.1 (both init 0.1), 0.8091 at lr 0.05 init 0.1; predictive coding 0.8051
/// and equilibrium propagation 0.8540 at lr 0.05 init 0.01. Init 0.1 is not used: under it
/// equilibrium propagation stopped unsettled at step 2,177.
pub const SETTLING_LEARNING_RATE: f64 = 0.05;
/// The microcircuit's own learning rate in `settling`: at 0.05 it diverged at step 247 (just
/// after its self-predicting phase); at 0.01 it reached 0.7779 at step 3,000.
pub const SETTLING_MICRO_LEARNING_RATE: f64 = 0.01;
/// Equilibrium propagation's most inner iterations per phase in `settling`: with the default
/// 500 one batch at step 2,459 still moved by 2.4e-4 (above the tolerance 1e-4) and the run
/// stopped unsettled.
pub const SETTLING_EP_ITERATIONS: usize = 1_000;
/// Steps of every `settling` run: 10 evaluations 300 steps apart.
pub const SETTLING_STEPS: usize = 3_000;

/// Networks whose neurons settle beside backprop (issue 14): the same 120 sigmoid hidden units,
/// standard convention (equilibrium propagation's hard sigmoids saturate under raw pixels), the
/// same seed and data, learning rate [`SETTLING_LEARNING_RATE`] (the microcircuit's own,
/// [`SETTLING_MICRO_LEARNING_RATE`]).
pub fn settling() -> Preset {
    let base = Config {
        hidden: vec![120],
        learning_rate: SETTLING_LEARNING_RATE,
        steps: SETTLING_STEPS,
        eval_interval: SETTLING_STEPS / 10,
        ..Config::defaults(Convention::Standard)
    };
    let run = |label: &str, rule: Rule| PresetRun { label: label.into(), config: Config { rule, ..base.clone() } };
    let ep = Config { rule: Rule::EquilibriumPropagation, settle_step: 1.0, settle_iterations: SETTLING_EP_ITERATIONS, ..base.clone() };
    let micro = Config { rule: Rule::DendriticMicrocircuit, learning_rate: SETTLING_MICRO_LEARNING_RATE, ..base.clone() };
    Preset {
        id: "settling",
        title: "Learning by settling: predictive coding, equilibrium propagation and the microcircuit beside backprop",
        description: "The same network (120 sigmoid hidden units, inputs in [0, 1], mean loss, seed 1) trained by backprop and by models that have no backward pass, all at learning rate 0.05 but the microcircuit (0.01: at 0.05 it diverged just after its self-predicting phase). Backprop computes each layer's error explicitly and sends it down through the transposed weights. Predictive coding keeps the error in its own neurons: every layer has error units that report how far the layer's activity is from what the layer below predicts. Nudge the output a little toward the label, let the network settle, and the mismatch spreads down until every layer's error units hold (a small multiple of) backprop's error; each weight then changes by its error unit times the activity feeding it, a purely local rule. Equilibrium propagation has no error units at all: the error is the difference between two settled states of the same neurons. The network first settles freely to the answer it gives, then settles again with the output gently pulled toward the label (here twice: pulled toward it, and pushed away from it); each synapse compares the product of the activities it joins in the two states. The smaller the pull, the closer that difference is to the gradient. The settling view shows one batch's relaxation: each layer's energy and how much its neurons still move at each inner iteration, phase after phase. The dendritic microcircuit keeps the error in the apical dendrites of its pyramidal neurons (see Figure 6); its compartments are taken at their steady state, so it does not settle in time and the settling view has nothing to draw for it. The arena table compares the four: final accuracy, the gap to backprop, and the angle between each model's update of the hidden weights and backprop's gradient on the same batch (equilibrium propagation's network is one of hard sigmoids at equilibrium, so its angle is to the gradient of the feed-forward network with its weights, which it only approximates). Where the error lives: in dedicated error neurons (predictive coding), in the change of activity between two phases (equilibrium propagation), in the apical dendrites (the microcircuit).",
        runs: vec![
            run("backprop", Rule::Backprop),
            run("predictive coding", Rule::PredictiveCoding),
            PresetRun { label: "equilibrium propagation".into(), config: ep },
            PresetRun { label: "dendritic microcircuit".into(), config: micro },
        ],
        panels: vec!["settling", "accuracy", "loss", "angles", "arena"],
    }
}

/// The `standard` preset's settings: a well-tuned MLP as the published Fashion-MNIST baselines
/// train it (784-256-10 ReLU with biases, softmax cross-entropy, Adam with its usual β₁, β₂, ε,
/// inputs in [0, 1] and the mean loss, all 60,000 training images).
pub const STANDARD_HIDDEN: usize = 256;
pub const STANDARD_LEARNING_RATE: f64 = 1e-3;
pub const STANDARD_BATCH: usize = 100;
/// 10 epochs of the 60,000 images at batch 100.
pub const STANDARD_STEPS: usize = 6_000;
/// σ of the initial weights, √(2/784) ≈ 0.05 (He et al. 2015's for ReLU on the first layer).
pub const STANDARD_INIT_STD: f64 = 0.05;

/// A standard MLP on all of Fashion-MNIST: the figure a student compares the lab with.
/// On the page, choosing it fetches all 60,000 training images first (www/dataset/full.js:
/// its train_size is above the 10,000 the site loads at start-up); natively
/// `brainlab train --preset standard`.
pub fn standard() -> Preset {
    Preset {
        id: "standard",
        title: "A standard MLP on all 60,000 images: the baseline to compare with",
        description: "The network a machine-learning course would train, not the coursework's: 784 \
            inputs scaled to [0, 1], 256 ReLU hidden units with biases, 10 outputs read through a \
            softmax and trained on the cross-entropy (the mean over each batch of 100), with Adam \
            (learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-8), on all 60,000 training images for 10 \
            epochs (6,000 steps). Published MLP baselines on Fashion-MNIST reach about 88% test \
            accuracy, and so does this one. Set beside the coursework's figures it shows what the \
            choices of the coursework cost (raw pixels, saturated sigmoid units, squared error, \
            plain SGD at 5e-6, 10,000 images) and what they do not: the information measures and \
            the analysis views read this network as they read the others. The test loss is the \
            cross-entropy in nats (ln 10 = 2.30 at chance); watch the train loss keep falling after \
            the test loss has flattened: the network starts to memorise.",
        runs: vec![PresetRun {
            label: "784-256-10 adam".into(),
            config: Config {
                hidden: vec![STANDARD_HIDDEN],
                activation: Activation::Relu,
                bias: true,
                init_std: STANDARD_INIT_STD,
                loss: Loss::CrossEntropy,
                optimizer: Optimizer::Adam,
                learning_rate: STANDARD_LEARNING_RATE,
                batch_size: STANDARD_BATCH,
                train_size: 60_000,
                steps: STANDARD_STEPS,
                eval_interval: 500,
                ..Config::defaults(Convention::Standard)
            },
        }],
        panels: vec!["loss", "accuracy", "receptive_fields"],
    }
}

/// Every preset, in menu order.
pub fn all() -> Vec<Preset> {
    let mut presets = vec![fig1(), fig2(), fig3()];
    presets.extend(fig5_presets());
    presets.extend(info_presets());
    presets.push(saxe());
    presets.extend(autoencoder_presets());
    presets.extend(analysis_presets());
    presets.push(estimators());
    presets.push(fig6());
    presets.push(arena());
    presets.push(arena_deep());
    presets.push(standard());
    presets.push(settling());
    presets
}

/// The preset with this id.
pub fn find(id: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid() {
        for p in all() {
            assert!(!p.runs.is_empty(), "{}", p.id);
            for r in &p.runs {
                r.config.validate().unwrap();
            }
        }
        let ids: Vec<&str> = all().iter().map(|p| p.id).collect();
        assert_eq!(ids, ["fig1", "fig2", "fig3", "fig5", "fig5-skip", "fig5-noise", "fig7", "fig8", "fig9", "fig10", "info-plane", "saxe", "fig11", "fig12", "receptive-fields", "rsa-rules", "estimators", "fig6", "arena", "arena-deep", "standard", "settling"]);
        let saxe = find("saxe").unwrap();
        let activations: Vec<Activation> = saxe.runs.iter().map(|r| r.config.activation).collect();
        assert_eq!(activations, [Activation::Tanh, Activation::Relu]);
        assert!(saxe.runs.iter().all(|r| r.config.binning == Binning::Kde && r.config.kde_noise().is_some()));
        for p in [arena(), arena_deep()] {
            let id = p.id;
            assert_eq!(p.runs.iter().map(|r| r.config.rule).collect::<Vec<_>>(), arena_rules(), "{id}: every rule with a backward pass");
            assert!(p.runs.iter().all(|r| r.config.seeds == ARENA_SEEDS && r.config.steps == ARENA_STEPS), "{id}");
        }
        assert!(arena().runs.iter().all(|r| r.config.convention == Convention::Coursework && r.config.hidden == [120]));
        let deep = arena_deep();
        assert!(deep.runs.iter().all(|r| r.config.hidden == [120, 60] && r.config.convention == Convention::Standard));
        assert!(deep.runs.iter().all(|r| r.config.learning_rate == ARENA_DEEP_LEARNING_RATE && r.config.init_std == ARENA_DEEP_INIT_STD));
        let settling = settling();
        let rules: Vec<Rule> = settling.runs.iter().map(|r| r.config.rule).collect();
        assert_eq!(rules, [Rule::Backprop, Rule::PredictiveCoding, Rule::EquilibriumPropagation, Rule::DendriticMicrocircuit], "backprop is the reference");
        for r in &settling.runs {
            r.config.validate().unwrap();
            let c = &r.config;
            assert_eq!((c.hidden.as_slice(), c.convention, c.seed, c.steps, c.eval_interval), ([120].as_slice(), Convention::Standard, 1, SETTLING_STEPS, 300), "{}", r.label);
            let lr = if c.rule == Rule::DendriticMicrocircuit { SETTLING_MICRO_LEARNING_RATE } else { SETTLING_LEARNING_RATE };
            assert_eq!(c.learning_rate, lr, "{}", r.label);
        }
        assert_eq!(settling.panels, ["settling", "accuracy", "loss", "angles", "arena"]);
        assert!(all().iter().all(|p| !p.panels.is_empty()));
        let f3 = find("fig3").unwrap();
        assert_eq!(f3.runs.len(), 4);
        assert!(f3.runs.iter().all(|r| r.config.hidden == [120] && r.config.convention == Convention::Coursework));
        let f = find("fig2").unwrap();
        assert_eq!(f.runs.iter().map(|r| r.config.hidden[0]).collect::<Vec<_>>(), FIG2_HIDDEN);
        assert!(find("nope").is_none());
        for id in ["receptive-fields", "rsa-rules"] {
            let p = find(id).unwrap();
            assert_eq!(p.runs[0].config.rule, Rule::Backprop, "{id}: backprop is the reference");
            assert!(p.runs.iter().all(|r| r.config.hidden == [120] && r.config.seed == coursework_120().seed));
        }
        assert_eq!(find("receptive-fields").unwrap().panels[..2], ["receptive_fields", "tuning"]);
        assert_eq!(find("rsa-rules").unwrap().panels[..2], ["rsa", "lesions"]);
        let standard = find("standard").unwrap().runs[0].config.clone();
        standard.validate().unwrap();
        assert_eq!((standard.loss, standard.optimizer, standard.train_size), (Loss::CrossEntropy, Optimizer::Adam, 60_000));
        assert!(crate::experiment::check_memory(&standard, 784, 10_000).is_ok());
    }
}
