//! Losses and optimizers end to end, natively: momentum 0 is SGD bit for bit, and Adam and
//! momentum with cross-entropy learn real Fashion-MNIST in a few hundred steps.
#![cfg(not(target_arch = "wasm32"))]

mod common;


use brainlab::config::{Loss, Optimizer};
use brainlab::{Config, ConfigInput, Convention, Experiment, Task};

/// Every weight and bias as bits, and every evaluation's test loss as bits.
fn fingerprint(exp: &Experiment) -> (Vec<u32>, Vec<u64>) {
    let weights = exp
        .model()
        .layers
        .iter()
        .flat_map(|l| l.w.iter().chain(l.b.iter().flatten()).map(|v| v.to_bits()).collect::<Vec<_>>())
        .collect();
    (weights, exp.history().iter().map(|m| m.test_loss.to_bits()).collect())
}

#[test]
fn momentum_zero_is_sgd_bit_for_bit() {
    let (train, test) = common::synthetic();
    for (convention, bias, loss) in [(Convention::Standard, true, Loss::SquaredError), (Convention::Coursework, false, Loss::CrossEntropy)] {
        let run = |optimizer: Optimizer, momentum: f64| {
            let c = ConfigInput {
                hidden: Some(vec![20, 10]),
                convention: Some(convention),
                bias: Some(bias),
                loss: Some(loss),
                optimizer: Some(optimizer),
                momentum: Some(momentum),
                train_size: Some(300),
                batch_size: Some(25),
                steps: Some(120),
                eval_interval: Some(40),
                ..Default::default()
            };
            let mut exp = Experiment::new(c.resolve().unwrap(), train.clone(), test.clone()).unwrap();
            exp.step(120).unwrap();
            fingerprint(&exp)
        };
        let sgd = run(Optimizer::Sgd, 0.9);
        assert_eq!(run(Optimizer::Momentum, 0.0), sgd, "{convention:?}: momentum 0 against SGD");
        assert_ne!(run(Optimizer::Momentum, 0.5), sgd, "{convention:?}: momentum 0.5 differs");
    }
}

#[test]
fn adam_and_momentum_with_cross_entropy_learn_fashion_mnist() {
    let (train, test) = common::real_data_short_test();
    for (optimizer, learning_rate) in [(Optimizer::Adam, 1e-3), (Optimizer::Momentum, 0.05)] {
        let config = Config {
            hidden: vec![64],
            activation: brainlab::Activation::Relu,
            bias: true,
            init_std: 0.05,
            loss: Loss::CrossEntropy,
            optimizer,
            learning_rate,
            train_size: 5_000,
            steps: 300,
            eval_interval: 300,
            ..Config::defaults(Convention::Standard)
        };
        let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
        exp.step(300).unwrap();
        let h = exp.history();
        let (first, last) = (&h[0], h.last().unwrap());
        // Chance is 0.1 and ln 10 = 2.30 nats.
        assert!(last.test_acc.unwrap() > 0.7, "{optimizer:?}: test accuracy {} after 300 steps", last.test_acc.unwrap());
        assert!(last.test_loss < 0.5 * first.test_loss && last.test_loss < 1.0, "{optimizer:?}: test loss {} -> {}", first.test_loss, last.test_loss);
    }
}

#[test]
fn the_autoencoder_refuses_cross_entropy_naming_the_field() {
    let input = ConfigInput { task: Some(Task::Autoencode), loss: Some(Loss::CrossEntropy), ..Default::default() };
    let e = input.resolve().unwrap_err();
    assert_eq!(e.field, "loss", "{e}");
    let ok = ConfigInput { task: Some(Task::Autoencode), optimizer: Some(Optimizer::Adam), ..Default::default() };
    assert_eq!(ok.resolve().unwrap().loss, Loss::SquaredError);
}

#[test]
fn the_cli_takes_the_names_with_dashes() {
    let args: Vec<String> = "train --loss cross-entropy --optimizer adam --adam-beta2 0.99".split(' ').map(String::from).collect();
    let brainlab::cli::Command::Train { config, .. } = brainlab::cli::parse_args(&args).unwrap() else { panic!() };
    let c = config.resolve().unwrap();
    assert_eq!((c.loss, c.optimizer, c.adam_beta2, c.momentum), (Loss::CrossEntropy, Optimizer::Adam, 0.99, 0.9));
    let bad: Vec<String> = "train --optimizer rmsprop".split(' ').map(String::from).collect();
    assert!(brainlab::cli::parse_args(&bad).is_err());
    let bad: Vec<String> = "train --momentum 1.5".split(' ').map(String::from).collect();
    let brainlab::cli::Command::Train { config, .. } = brainlab::cli::parse_args(&bad).unwrap() else { panic!() };
    assert_eq!(config.resolve().unwrap_err().field, "momentum");
}
