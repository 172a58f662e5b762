//! The learning rules on real data (coursework convention, 120 hidden units, 3,000 steps), as
//! the coursework's Figures 3 and 5 show them.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use brainlab::{Config, Experiment, Metrics, Rule, StochasticMode};

use common::real_data as data;

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
