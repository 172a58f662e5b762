//! The autoencoder: the same layer stack with the input as its target (coursework §2.3).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::sync::Arc;

use brainlab::{Config, ConfigInput, Dataset, Experiment, Task};

#[test]
fn a_50_unit_bottleneck_halves_the_test_error_in_2000_steps() {
    let (train, test) = common::real_data_short_test();
    let config = Config { steps: 2_000, eval_interval: 1_000, ..Config::autoencoder_defaults() };
    assert_eq!(config.hidden, [50]);
    let mut exp = Experiment::new(config, train, test).unwrap();
    exp.step(2_000).unwrap();
    let h = exp.history();
    let (first, last) = (&h[0], h.last().unwrap());
    assert!(last.test_loss <= 0.5 * first.test_loss, "test MSE per pixel {} -> {}", first.test_loss, last.test_loss);
    assert_eq!(last.test_acc, None, "an autoencoder has no accuracy");
    // The code layer (50 units) and the output (784) are both measured.
    assert_eq!(last.info.len(), 2);
    assert_eq!(last.info[0].code_bits, 50);
}

#[test]
fn a_network_trained_on_a_constant_image_redraws_it() {
    // Eight copies of one flat grey image (value 100/255 everywhere): the reconstruction of it
    // must converge to it.
    let (rows, cols) = (4, 4);
    let grey = 100u8;
    let data = Arc::new(Dataset::from_parts(rows, cols, vec![grey; 8 * rows * cols], vec![0; 8]));
    let config = Config { hidden: vec![3], train_size: 8, batch_size: 4, steps: 3_000, eval_interval: 3_000, ..Config::autoencoder_defaults() };
    let mut exp = Experiment::new(config, data.clone(), data).unwrap();
    let before = exp.history()[0].test_loss;
    exp.step(3_000).unwrap();
    let after = exp.history().last().unwrap().test_loss;
    assert!(after < 1e-5 && after < before / 100.0, "MSE per pixel {before} -> {after}");
    let output = exp.activities().last().unwrap();
    assert_eq!(output.ncols(), rows * cols);
    for &v in output.row(0) {
        assert!((v - f32::from(grey) / 255.0).abs() < 0.01, "reconstructed {v}");
    }
}

#[test]
fn the_autoencoder_is_refused_raw_pixels() {
    let input = ConfigInput { task: Some(Task::Autoencode), convention: Some(brainlab::Convention::Coursework), ..Default::default() };
    let e = input.resolve().unwrap_err();
    assert_eq!(e.field, "convention");
    assert!(e.to_string().contains("saturate"), "{e}");
}
