//! The rules that settle (issue 14) on real data: each learns Fashion-MNIST above chance in a
//! short run, and a batch that does not settle stops the run with its step and residual.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use brainlab::cli::{load_data, DEBIAN_DATA_DIR};
use brainlab::{Config, Convention, Dataset, Error, Experiment, Rule};

fn data() -> &'static (Arc<Dataset>, Arc<Dataset>) {
    static DATA: OnceLock<(Arc<Dataset>, Arc<Dataset>)> = OnceLock::new();
    DATA.get_or_init(|| {
        let dir = std::env::var("BRAINLAB_DATA").unwrap_or_else(|_| DEBIAN_DATA_DIR.to_string());
        let (train, test) = load_data(Path::new(&dir)).expect("Fashion-MNIST (make data installs it)");
        (Arc::new(train), Arc::new(test.first(2_000)))
    })
}

/// 120 hidden units, 400 steps of 100 images, evaluated on the first 2,000 test images.
fn short(rule: Rule, convention: Convention) -> Config {
    Config { rule, hidden: vec![120], steps: 400, eval_interval: 400, ..Config::defaults(convention) }
}

fn final_accuracy(config: Config) -> f64 {
    let (train, test) = data();
    let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
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
