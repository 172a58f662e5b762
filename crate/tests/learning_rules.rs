//! The learning rules on real data (coursework convention, 120 hidden units, 3,000 steps), as
//! the coursework's Figures 3 and 5 show them.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use brainlab::cli::{load_data, DEBIAN_DATA_DIR};
use brainlab::{Config, Dataset, Experiment, Metrics, Rule, StochasticMode};

fn data() -> &'static (Arc<Dataset>, Arc<Dataset>) {
    static DATA: OnceLock<(Arc<Dataset>, Arc<Dataset>)> = OnceLock::new();
    DATA.get_or_init(|| {
        let dir = std::env::var("BRAINLAB_DATA").unwrap_or_else(|_| DEBIAN_DATA_DIR.to_string());
        let (train, test) = load_data(Path::new(&dir)).expect("Fashion-MNIST (make data installs it)");
        (Arc::new(train), Arc::new(test))
    })
}

fn run(rule: Rule, p: f64, mode: StochasticMode) -> Vec<Metrics> {
    let (train, test) = data();
    let config = Config { rule, stochastic_p: p, stochastic_mode: mode, steps: 3_000, eval_interval: 500, ..Config::default() };
    let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
    exp.step(3_000).unwrap();
    exp.history().to_vec()
}

const CHANCE: f64 = 0.1;

#[test]
fn feedback_alignment_learns_as_its_feedback_aligns() {
    let h = run(Rule::FeedbackAlignment, 0.0, StochasticMode::Corrupt);
    let (first, last) = (&h[0], h.last().unwrap());
    assert!(last.test_acc.unwrap() >= 0.75, "test accuracy {}", last.test_acc.unwrap());
    let angle = |m: &Metrics| m.layers[0].update_angle_deg.unwrap();
    assert!(angle(last) < 90.0 && angle(last) < angle(first), "update angle {} -> {}", angle(first), angle(last));
    let fb = |m: &Metrics| m.layers[0].feedback_angle_deg.unwrap();
    assert!(fb(last) < fb(first), "feedback angle {} -> {}", fb(first), fb(last));
    assert!(last.layers[1].feedback_angle_deg.is_none(), "the output layer has no feedback");
}

#[test]
fn no_derivative_learns_but_less_than_backprop() {
    let nd = run(Rule::NoDerivative, 0.0, StochasticMode::Corrupt);
    let bp = run(Rule::Backprop, 0.0, StochasticMode::Corrupt);
    let (nd, bp) = (nd.last().unwrap().test_acc.unwrap(), bp.last().unwrap().test_acc.unwrap());
    assert!(nd > CHANCE + 0.2, "no-derivative accuracy {nd}");
    assert!(nd < bp, "no-derivative {nd} should end below backprop {bp}");
}

#[test]
fn corrupting_half_the_backward_passes_stops_learning() {
    let last = run(Rule::Backprop, 0.5, StochasticMode::Corrupt).last().unwrap().clone();
    assert!((last.test_acc.unwrap() - CHANCE).abs() <= 0.02, "test accuracy {}", last.test_acc.unwrap());
    assert!(last.layers[0].saturated_fraction.unwrap() > 0.99, "the hidden layer is driven into saturation");
}

#[test]
fn skipping_half_the_backward_passes_still_learns() {
    let last = run(Rule::Backprop, 0.5, StochasticMode::Skip).last().unwrap().clone();
    assert!(last.test_acc.unwrap() > 0.6, "test accuracy {}", last.test_acc.unwrap());
}

/// The final test accuracy of `rule` under the coursework convention, 120 hidden, 3,000 steps.
fn final_accuracy(rule: Rule) -> f64 {
    run(rule, 0.0, StochasticMode::Corrupt).last().unwrap().test_acc.unwrap()
}

#[test]
fn shallow_learns_only_its_output_layer_above_chance_and_below_backprop() {
    let (train, test) = data();
    let config = Config { rule: Rule::Shallow, steps: 3_000, eval_interval: 1_000, ..Config::default() };
    let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
    let initial = exp.model().clone();
    exp.step(3_000).unwrap();
    let (before, after) = (&initial.layers, &exp.model().layers);
    let bits = |a: &ndarray::Array2<f32>| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&before[0].w), bits(&after[0].w), "a hidden weight moved");
    assert_ne!(bits(&before[1].w), bits(&after[1].w), "the output weights did not move");
    let shallow = exp.history().last().unwrap();
    assert!(shallow.layers[0].update_angle_deg.is_none(), "no hidden update to measure");
    let (shallow, bp) = (shallow.test_acc.unwrap(), final_accuracy(Rule::Backprop));
    assert!(shallow > CHANCE + 0.2, "shallow accuracy {shallow}");
    assert!(shallow < bp, "shallow {shallow} should end below backprop {bp}");
}

#[test]
fn the_new_rules_learn_above_chance() {
    for rule in [Rule::Usf, Rule::Brsf, Rule::Frsf, Rule::Dtp] {
        let acc = final_accuracy(rule);
        assert!(acc > CHANCE + 0.2, "{rule:?}: test accuracy {acc}");
    }
}

#[test]
fn kolen_pollack_learns_and_its_feedback_aligns_with_weight_decay() {
    let (train, test) = data();
    let config = Config { rule: Rule::KolenPollack, weight_decay: 1e-3, steps: 3_000, eval_interval: 500, ..Config::default() };
    let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
    exp.step(3_000).unwrap();
    let h = exp.history();
    let (first, last) = (&h[0], h.last().unwrap());
    assert!(last.test_acc.unwrap() > CHANCE + 0.2, "test accuracy {}", last.test_acc.unwrap());
    let fb = |m: &Metrics| m.layers[0].feedback_angle_deg.unwrap();
    assert!(fb(last) < fb(first), "feedback angle {} -> {}", fb(first), fb(last));
}

#[test]
fn the_dendritic_microcircuit_self_predicts_then_learns_above_chance_with_updates_that_descend() {
    let (train, test) = data();
    let phase = 300;
    let config = Config { rule: Rule::DendriticMicrocircuit, micro_self_predicting_steps: phase, steps: 3_000, eval_interval: 100, ..Config::default() };
    let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
    // The apical potentials with no target at the first batch, before any lateral learning.
    exp.step(1).unwrap();
    let initial = exp.evaluate().unwrap().layers[0].apical_rms.unwrap();
    exp.step(3_000).unwrap();
    let history = exp.history();
    for m in history {
        let l = &m.layers[0];
        eprintln!("step {}: apical {:?} nudged {:?} interneurons {:?} angle {:?} test {:?}", m.step, l.apical_rms, l.apical_nudged_rms, l.interneuron_error, l.update_angle_deg, m.test_acc);
    }
    // On Fashion-MNIST (raw pixels, saturated hidden rates) the lateral regression is slow:
    // the self-predicting phase alone does not reach 1% (that check is the unit test's, on a
    // small network); the apical residue and the interneurons' error keep falling as training
    // goes on.
    let at = |step: usize| history.iter().find(|m| m.step == step).unwrap();
    let l = &at(phase).layers[0];
    assert!(l.update_angle_deg.is_some() && l.apical_nudged_rms.is_none(), "no supervised update yet");
    let (first_prediction, last) = (at(100).layers[0].interneuron_error.unwrap(), &history.last().unwrap().layers[0]);
    assert!(last.interneuron_error.unwrap() < 0.1 * first_prediction, "interneuron error {first_prediction} → {:?}", last.interneuron_error);
    assert!(last.apical_rms.unwrap() < 0.25 * initial, "apical rms {initial} → {:?}", last.apical_rms);
    // The top-down weights are fixed and random: feedback alignment's update, about 90° from
    // the gradient at first; after 100 supervised steps it descends.
    let supervised: Vec<&Metrics> = history.iter().filter(|m| m.step >= phase + 100).collect();
    assert!(supervised.len() >= 20);
    let angles: Vec<f64> = supervised.iter().map(|m| m.layers[0].update_angle_deg.unwrap()).collect();
    let mean = angles.iter().sum::<f64>() / angles.len() as f64;
    let below = angles.iter().filter(|&&a| a < 90.0).count();
    assert!(mean < 75.0 && below * 10 >= angles.len() * 9, "update angles {angles:?}");
    for m in &supervised {
        assert!(m.layers[0].apical_nudged_rms.unwrap() > 0.0 && m.layers[0].interneuron_error.is_some());
        assert!(m.layers[1].apical_rms.is_none(), "the output layer has no apical dendrite");
    }
    let acc = supervised.last().unwrap().test_acc.unwrap();
    assert!(acc > CHANCE + 0.2, "test accuracy {acc}");
}
