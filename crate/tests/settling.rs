//! The rules that settle (issue 14) on real data: each learns Fashion-MNIST above chance in a
//! short run, and a batch that does not settle stops the run with its step and residual.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use brainlab::{Config, Convention, Error, Experiment, Metrics, Rule};

use common::real_data_short_test as data;

/// 120 hidden units, 400 steps of 100 images, evaluated on the first 2,000 test images.
fn short(rule: Rule, convention: Convention) -> Config {
    Config { rule, hidden: vec![120], steps: 400, eval_interval: 400, ..Config::defaults(convention) }
}

fn final_accuracy(config: Config) -> f64 {
    let (train, test) = data();
    let mut exp = Experiment::new(config, train, test).unwrap();
    exp.step(usize::MAX).unwrap();
    exp.history().last().unwrap().test_acc.unwrap()
}

const CHANCE: f64 = 0.1;

#[test]
fn predictive_coding_learns_fashion_mnist_above_chance() {
    let acc = final_accuracy(short(Rule::PredictiveCoding, Convention::Coursework));
    assert!(acc > CHANCE + 0.4, "test accuracy {acc}");
}

#[test]
fn equilibrium_propagation_learns_fashion_mnist_above_chance() {
    // dt = 1: each layer's update is the exact minimisation of the energy over it.
    let acc = final_accuracy(Config { settle_step: 1.0, ..short(Rule::EquilibriumPropagation, Convention::Standard) });
    assert!(acc > CHANCE + 0.4, "test accuracy {acc}");
}

#[test]
fn a_real_batch_that_does_not_settle_stops_the_run_naming_the_step() {
    let (train, test) = data();
    let config = Config { settle_iterations: 2, settle_tolerance: 1e-6, ..short(Rule::PredictiveCoding, Convention::Coursework) };
    let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
    let before = exp.model().clone();
    match exp.step(5) {
        Err(Error::Unsettled { step: 0, iterations: 2, residual, tolerance }) => assert!(residual >= tolerance),
        other => panic!("{other:?}"),
    }
    assert_eq!(exp.model(), &before);
}

#[test]
fn equilibrium_propagation_refuses_another_activation_naming_the_field() {
    let config = Config { activation: brainlab::Activation::Tanh, ..short(Rule::EquilibriumPropagation, Convention::Standard) };
    let err = config.validate().unwrap_err();
    assert_eq!(err.field, "activation");
}

/// The dendritic microcircuit on Fashion-MNIST (coursework convention, 120 hidden, seed 1), the
/// issue's checks: after the self-predicting phase (`fig6`'s 200 steps, the default) the apical
/// potentials with no target are below 1% of their first value (measured: 0.48 → 5.9·10⁻⁶ at
/// step 100, 4.3·10⁻⁸ at step 200); every supervised update is within 90° of backprop's
/// gradient (measured: 31.7°–82.6° at the 28 evaluations, mean 44.5°); the test accuracy at
/// 3,000 steps is at least 0.80 (measured 0.8275 on these 2,000 test images; the target
/// is 0.75).
#[test]
fn the_dendritic_microcircuit_self_predicts_then_learns_fashion_mnist_with_updates_that_descend() {
    let (train, test) = data();
    let config = Config { rule: Rule::DendriticMicrocircuit, steps: 3_000, eval_interval: 100, ..Config::default() };
    let phase = config.micro_self_predicting_steps;
    assert_eq!(phase, 200);
    let mut exp = Experiment::new(config, train, test).unwrap();
    // The apical potentials and the interneurons' error on the first batch, before any lateral
    // learning (the evaluation reports the last batch's free state).
    exp.step(1).unwrap();
    let first = exp.evaluate().unwrap().layers[0].clone();
    let (initial, initial_prediction) = (first.figure("apical_rms").unwrap(), first.figure("interneuron_error").unwrap());
    exp.step(3_000).unwrap();
    let history = exp.history();
    for m in history {
        let l = &m.layers[0];
        eprintln!("step {}: apical {:?} nudged {:?} interneurons {:?} angle {:?} test {:?}", m.step, l.figure("apical_rms"), l.figure("apical_nudged_rms"), l.figure("interneuron_error"), l.update_angle_deg, m.test_acc);
    }
    let at = |step: usize| &history.iter().find(|m| m.step == step).unwrap().layers[0];
    // Halfway through the phase the 1% already holds; at its end the apical residue is
    // below 10⁻⁴ of its first value and the interneurons predict the layer above to 10⁻³.
    let (half, end) = (at(phase / 2), at(phase));
    assert!(half.figure("apical_rms").unwrap() < 0.01 * initial, "apical rms {initial} → {:?} at step {}", half.figure("apical_rms"), phase / 2);
    assert!(end.figure("apical_rms").unwrap() < 1e-4 * initial, "apical rms {initial} → {:?} at step {phase}", end.figure("apical_rms"));
    assert!(end.figure("interneuron_error").unwrap() < 1e-3 * initial_prediction, "interneuron error {initial_prediction} → {:?}", end.figure("interneuron_error"));
    assert!(end.figure("apical_nudged_rms").is_none(), "no supervised update before step {phase}");
    // Every evaluation after the first supervised update: the update descends (the one at the
    // phase's end is the first, feedback alignment's with random top-down weights), and the
    // interneurons keep cancelling the top-down input as the forward weights learn.
    let supervised: Vec<&Metrics> = history.iter().filter(|m| m.step > phase).collect();
    assert_eq!(supervised.len(), 28);
    let angles: Vec<f64> = supervised.iter().map(|m| m.layers[0].update_angle_deg.unwrap()).collect();
    let mean = angles.iter().sum::<f64>() / angles.len() as f64;
    assert!(angles.iter().all(|&a| a < 90.0) && mean < 55.0, "update angles {angles:?}");
    for m in &supervised {
        let l = &m.layers[0];
        assert!(l.figure("apical_rms").unwrap() < 0.05 * initial, "step {}: apical rms {:?} with no target", m.step, l.figure("apical_rms"));
        assert!(l.figure("apical_nudged_rms").unwrap() > l.figure("apical_rms").unwrap(), "step {}: the nudge adds to the apical potential", m.step);
        assert!(m.layers[1].figure("apical_rms").is_none(), "the output layer has no apical dendrite");
    }
    let acc = supervised.last().unwrap().test_acc.unwrap();
    assert!(acc >= 0.80, "test accuracy {acc}");
}
