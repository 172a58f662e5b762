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
    /// `info_plane`, `reconstructions`, `receptive_fields`, `tuning`, `rsa`, `lesions`, `arena`.
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
            description: "For each run, how differently its hidden layer responds to every pair of classes and to every pair of 200 fixed test images (20 per class): 1 minus the correlation of the activity patterns, a representational dissimilarity matrix. Two representations are then compared by the rank correlation of their matrices (RSA, Kriegeskorte et al. 2008), the way a model is compared with recordings or fMRI of a brain area without matching neuron to neuron. A high similarity between a rule and backprop means the plausible rule arrives at the same geometry of categories, so a brain using it could hold the representation that backprop-trained models predict; a low one means models trained by backprop are a poor proxy for what such a brain would hold, however close the accuracy. Similarity to the pixels measures how much of the layer is still the image; similarity to the labels, how purely it codes the class. The lesion curve asks the same question by damage: silencing the most selective units first hurts more than silencing at random when the code relies on single selective units.",
            runs: rules_compared(),
            panels: vec!["rsa", "lesions", "accuracy"],
        },
    ]
}

/// The arena preset's seeds per rule and steps per run (see `arena`'s doc for the budget).
pub const ARENA_SEEDS: usize = 3;
pub const ARENA_STEPS: usize = 3_000;

/// One run per registered rule, each with `seeds` seeds, labelled by the rule's name.
fn arena_runs(base: Config, seeds: usize, steps: usize) -> Vec<PresetRun> {
    Rule::ALL
        .iter()
        .map(|&rule| PresetRun {
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
/// (the Chromium time is still to be measured once the page runs it).
/// Not listed in [`all`] yet: the page loads at most 8 runs and has no arena view, so the page's
/// arena view (issue 13) will run it itself; `brainlab arena` takes the same settings as flags.
pub fn arena() -> Preset {
    Preset {
        id: "arena",
        title: "The credit-assignment arena: every rule, several seeds, one table",
        description: "Every learning rule trains the same network (120 sigmoid hidden units, coursework convention) from the same seeds: seed k gives every rule the same initial weights, the same batches and the same random feedback draws. The table gives each rule's final test accuracy as the mean over seeds with a 95% confidence interval (Student's t), and two gaps. The gap to shallow is the one to read first: shallow trains only the output layer on a hidden layer left at its random start, and with raw pixels most hidden units are saturated from the first step, so a fixed random layer with a learned read-out already classifies well. A rule's gain over shallow is therefore what its hidden layer actually learned; a gap whose interval contains 0 means no evidence that it learned anything there. The gap to backprop says how much of the exact gradient's gain the rule keeps. Gaps are paired by seed (the mean of per-seed differences), which removes the luck the seeds share. The update angle is between the rule's hidden update and the true gradient: below 90 degrees it still descends the loss.",
        runs: arena_runs(coursework_120(), ARENA_SEEDS, ARENA_STEPS),
        panels: vec!["arena", "accuracy"],
    }
}

/// The arena on two hidden layers (120x60), where the rules that send the error layer by layer
/// (feedback alignment) and straight from the output (direct feedback alignment) differ.
/// Not listed in [`all`] yet, like [`arena`].
pub fn arena_deep() -> Preset {
    Preset {
        id: "arena-deep",
        title: "The arena, two hidden layers: where direct feedback alignment parts from feedback alignment",
        description: "The arena on a deeper network: 120 then 60 sigmoid units, coursework convention, the same seeds for every rule. With one hidden layer feedback alignment and direct feedback alignment are the same rule (the only matrix is the one from the output); with two, feedback alignment carries the error down one random matrix per layer while direct feedback alignment sends the output error to each layer through its own matrix, and the first hidden layer's update angle shows how far each path strays from the gradient. Read the gap to shallow as in the arena: shallow now keeps two random layers fixed, so the gap is what both hidden layers learned together; an interval that contains 0 is no evidence of hidden learning.",
        runs: arena_runs(Config { hidden: vec![120, 60], ..coursework_120() }, ARENA_SEEDS, ARENA_STEPS),
        panels: vec!["arena", "accuracy"],
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
/// Not listed in [`all`] yet: the page serves 10,000 training images until the full set is
/// (issue 17); [`find`] finds it for the CLI (`brainlab train --preset standard`).
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

/// Presets the CLI runs that the page cannot load yet: found by [`find`], not listed by
/// [`all`] (`standard` needs the full training set, which the page does not serve yet).
fn cli_only() -> Vec<Preset> {
    vec![standard()]
}

/// Every preset, in menu order.
pub fn all() -> Vec<Preset> {
    let mut presets = vec![fig1(), fig2(), fig3()];
    presets.extend(fig5_presets());
    presets.extend(info_presets());
    presets.push(saxe());
    presets.extend(autoencoder_presets());
    presets.extend(analysis_presets());
    presets
}

/// The preset with this id (also those the page cannot load yet: [`standard`]).
pub fn find(id: &str) -> Option<Preset> {
    all().into_iter().chain(cli_only()).find(|p| p.id == id)
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
        assert_eq!(ids, ["fig1", "fig2", "fig3", "fig5", "fig5-skip", "fig5-noise", "fig7", "fig8", "fig9", "fig10", "info-plane", "saxe", "fig11", "fig12", "receptive-fields", "rsa-rules"]);
        let saxe = find("saxe").unwrap();
        let activations: Vec<Activation> = saxe.runs.iter().map(|r| r.config.activation).collect();
        assert_eq!(activations, [Activation::Tanh, Activation::Relu]);
        assert!(saxe.runs.iter().all(|r| r.config.binning == Binning::Kde && r.config.kde_noise().is_some()));
        for p in [arena(), arena_deep()] {
            let id = p.id;
            assert_eq!(p.runs.iter().map(|r| r.config.rule).collect::<Vec<_>>(), Rule::ALL, "{id}: every rule");
            assert!(p.runs.iter().all(|r| r.config.seeds == ARENA_SEEDS && r.config.convention == Convention::Coursework));
        }
        assert_eq!(arena_deep().runs[0].config.hidden, [120, 60]);
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
