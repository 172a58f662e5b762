//! The tests' data, loaded in one place: small synthetic "Fashion-MNIST" IDX files the tests
//! make themselves (identical on every target: integer arithmetic only), and, natively, the real
//! Fashion-MNIST (read once per test binary).
#![allow(dead_code)]

use std::sync::Arc;

use brainlab::data::gzip::deflate;
use brainlab::data::idx::{encode_images, encode_labels};
use brainlab::{ConfigInput, Convention, Dataset};

pub const SIDE: usize = 28;

/// `count` 28×28 images whose label is drawn by an LCG from `seed`; an image of class c has a
/// bright horizontal band at rows 2c..2c+4 over background noise, so a network can learn it.
/// Returns gzipped IDX (images, labels).
pub fn synthetic_idx(count: usize, seed: u32) -> (Vec<u8>, Vec<u8>) {
    let mut state = seed.wrapping_mul(747_796_405).wrapping_add(2_891_336_453);
    let mut next = move || {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        state >> 8
    };
    let mut pixels = Vec::with_capacity(count * SIDE * SIDE);
    let mut labels = Vec::with_capacity(count);
    for _ in 0..count {
        let label = (next() % 10) as usize;
        labels.push(label as u8);
        for r in 0..SIDE {
            for _ in 0..SIDE {
                let noise = (next() % 60) as u8;
                let band = (2 * label..2 * label + 4).contains(&r);
                pixels.push(if band { 180 + noise } else if next() % 3 == 0 { 0 } else { noise });
            }
        }
    }
    (deflate(&encode_images(count, SIDE, SIDE, &pixels)), deflate(&encode_labels(&labels)))
}

/// The four files of a small synthetic data set: 300 training and 200 test images.
pub fn synthetic_files() -> [Vec<u8>; 4] {
    let (train_images, train_labels) = synthetic_idx(300, 1);
    let (test_images, test_labels) = synthetic_idx(200, 2);
    [train_images, train_labels, test_images, test_labels]
}

/// The synthetic training (300) and test (200) sets as datasets.
pub fn synthetic() -> (Arc<Dataset>, Arc<Dataset>) {
    synthetic_with_test(200)
}

/// The synthetic training set (300) and a synthetic test set of `test_images`.
pub fn synthetic_with_test(test_images: usize) -> (Arc<Dataset>, Arc<Dataset>) {
    let (tri, trl) = synthetic_idx(300, 1);
    let (tei, tel) = synthetic_idx(test_images, 2);
    (Arc::new(Dataset::from_idx("training", &tri, &trl).unwrap()), Arc::new(Dataset::from_idx("test", &tei, &tel).unwrap()))
}

/// The real Fashion-MNIST's folder: `$BRAINLAB_DATA`, else Debian's.
#[cfg(not(target_arch = "wasm32"))]
pub fn data_dir() -> String {
    std::env::var("BRAINLAB_DATA").unwrap_or_else(|_| brainlab::cli::DEBIAN_DATA_DIR.to_string())
}

/// The real Fashion-MNIST, training (60,000) and test (10,000) sets, read once per test binary.
#[cfg(not(target_arch = "wasm32"))]
pub fn real_data() -> &'static (Arc<Dataset>, Arc<Dataset>) {
    static DATA: std::sync::OnceLock<(Arc<Dataset>, Arc<Dataset>)> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let (train, test) = brainlab::cli::load_data(std::path::Path::new(&data_dir())).expect("Fashion-MNIST (make data installs it)");
        (Arc::new(train), Arc::new(test))
    })
}

/// The real training set and the first 2,000 test images (a quick evaluation).
#[cfg(not(target_arch = "wasm32"))]
pub fn real_data_short_test() -> (Arc<Dataset>, Arc<Dataset>) {
    static TEST: std::sync::OnceLock<Arc<Dataset>> = std::sync::OnceLock::new();
    let (train, test) = real_data();
    (train.clone(), TEST.get_or_init(|| Arc::new(test.first(2_000))).clone())
}

/// The configurations whose numbers are pinned in `fixtures/golden.json`: both conventions,
/// one and two hidden layers, every activation, with and without biases, and the learning
/// rules with each mode of the stochastic backward pass.
pub fn golden_configs() -> Vec<(&'static str, ConfigInput)> {
    let base = ConfigInput {
        batch_size: Some(20),
        train_size: Some(300),
        eval_interval: Some(10),
        steps: Some(30),
        seed: Some(42),
        ..Default::default()
    };
    vec![
        ("coursework-h16", ConfigInput { hidden: Some(vec![16]), ..base.clone() }),
        (
            "standard-h12-8-tanh-bias",
            ConfigInput {
                hidden: Some(vec![12, 8]),
                convention: Some(Convention::Standard),
                activation: Some(brainlab::Activation::Tanh),
                bias: Some(true),
                ..base.clone()
            },
        ),
        (
            "standard-h10-relu",
            ConfigInput {
                hidden: Some(vec![10]),
                convention: Some(Convention::Standard),
                activation: Some(brainlab::Activation::Relu),
                learning_rate: Some(0.05),
                seed: Some(7),
                ..base.clone()
            },
        ),
        (
            "coursework-h16-feedback-alignment-noise",
            ConfigInput {
                hidden: Some(vec![16]),
                rule: Some(brainlab::Rule::FeedbackAlignment),
                stochastic_p: Some(0.3),
                stochastic_mode: Some(brainlab::StochasticMode::Noise),
                ..base.clone()
            },
        ),
        (
            "standard-h12-8-direct-feedback-corrupt",
            ConfigInput {
                hidden: Some(vec![12, 8]),
                convention: Some(Convention::Standard),
                rule: Some(brainlab::Rule::DirectFeedbackAlignment),
                stochastic_p: Some(0.2),
                ..base.clone()
            },
        ),
        (
            "standard-h10-6-sign-symmetry-no-derivative-skip",
            ConfigInput {
                hidden: Some(vec![10, 6]),
                convention: Some(Convention::Standard),
                rule: Some(brainlab::Rule::Usf),
                stochastic_p: Some(0.5),
                stochastic_mode: Some(brainlab::StochasticMode::Skip),
                ..base.clone()
            },
        ),
        (
            "standard-h10-tanh-kde",
            ConfigInput {
                hidden: Some(vec![10]),
                convention: Some(Convention::Standard),
                activation: Some(brainlab::Activation::Tanh),
                learning_rate: Some(0.05),
                binning: Some(brainlab::Binning::Kde),
                kde_samples: Some(150),
                ..base.clone()
            },
        ),
        (
            "autoencoder-h8-feedback-alignment",
            ConfigInput {
                task: Some(brainlab::Task::Autoencode),
                hidden: Some(vec![8]),
                rule: Some(brainlab::Rule::FeedbackAlignment),
                binning: Some(brainlab::Binning::Adaptive),
                bins: Some(4),
                ..base
            },
        ),
    ]
}

#[cfg(target_arch = "wasm32")]
pub mod wasm_cases;
