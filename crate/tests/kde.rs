//! Binning `kde` in a run: the bounds an evaluation reports are `kde_layer_info` on the layer
//! activity the experiment exposes (its first `kde_samples` rows), in the metrics and the CSV,
//! and bad KDE parameters are refused with the field's name.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::sync::Arc;

use brainlab::info::{brightest_quadrants, kde_layer_info, KdeNoise, Sample};
use brainlab::{Activation, Binning, ConfigInput, Convention, Dataset, Error, Experiment, Metrics};

fn synthetic() -> (Arc<Dataset>, Arc<Dataset>) {
    let [tri, trl, tei, tel] = common::synthetic_files();
    (Arc::new(Dataset::from_idx("training", &tri, &trl).unwrap()), Arc::new(Dataset::from_idx("test", &tei, &tel).unwrap()))
}

fn kde_run(adaptive: bool, activation: Activation) -> ConfigInput {
    ConfigInput {
        hidden: Some(vec![12, 6]),
        convention: Some(Convention::Standard),
        activation: Some(activation),
        learning_rate: Some(0.05),
        batch_size: Some(20),
        train_size: Some(300),
        eval_interval: Some(10),
        steps: Some(20),
        binning: Some(Binning::Kde),
        kde_samples: Some(120),
        kde_noise_var: Some(0.05),
        kde_adaptive: Some(adaptive),
        ..Default::default()
    }
}

#[test]
fn the_reported_bounds_are_kde_layer_info_on_the_first_kde_samples_rows() {
    let (train, test) = synthetic();
    for (adaptive, activation) in [(false, Activation::Tanh), (true, Activation::Relu)] {
        let config = kde_run(adaptive, activation).resolve().unwrap();
        let mut exp = Experiment::new(config.clone(), train.clone(), test.clone()).unwrap();
        exp.step(20).unwrap();
        let last = exp.history().last().unwrap().clone();
        assert_eq!(last.kde.len(), 3, "both hidden layers and the output");
        let n = config.kde_samples;
        let labels = &test.labels[..n];
        let quadrants = &brightest_quadrants(&test.first(n))[..];
        let noise = if adaptive { KdeNoise::Adaptive(0.05) } else { KdeNoise::Fixed(0.05) };
        for (l, a) in exp.activities().iter().enumerate() {
            let units = a.ncols();
            let rows: Vec<f32> = a.rows().into_iter().take(n).flat_map(|r| r.to_vec()).collect();
            let expected = kde_layer_info(&Sample::new(&rows, n, units).unwrap(), labels, quadrants, noise).unwrap();
            let got = last.kde[l];
            assert_eq!((got.n, got.d), (n, units));
            let pairs = [
                (got.h_t_upper_bits, expected.h_t_upper_bits),
                (got.h_t_lower_bits, expected.h_t_lower_bits),
                (got.i_x_t_upper_bits, expected.i_x_t_upper_bits),
                (got.i_x_t_lower_bits, expected.i_x_t_lower_bits),
                (got.i_t_q_upper_bits, expected.i_t_q_upper_bits),
                (got.i_t_q_lower_bits, expected.i_t_q_lower_bits),
                (got.i_input_t_upper_bits, expected.i_input_t_upper_bits),
                (got.noise_var, expected.noise_var),
            ];
            for (k, (g, e)) in pairs.into_iter().enumerate() {
                assert!((g - e).abs() <= 1e-6, "layer {l}, quantity {k}: {g} vs {e}");
            }
            assert!(got.i_x_t_upper_bits >= got.i_x_t_lower_bits - 1e-12, "layer {l}: {got:?}");
        }
        // The binned quantities stay the threshold codes' (the same as a threshold run's).
        let threshold = ConfigInput { binning: Some(Binning::Threshold), ..kde_run(adaptive, activation) };
        let mut plain = Experiment::new(threshold.resolve().unwrap(), train.clone(), test.clone()).unwrap();
        plain.step(20).unwrap();
        let plain_last = plain.history().last().unwrap();
        assert_eq!(plain_last.info, last.info);
        assert!(plain_last.kde.is_empty());
    }
}

#[test]
fn the_csv_has_the_kde_columns_filled_under_kde_and_empty_otherwise() {
    let (train, test) = synthetic();
    let header = Metrics::csv_header_fields(3);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    for name in ["upper_h_t", "lower_h_t", "upper_i_x_t", "lower_i_x_t", "upper_i_t_q", "lower_i_t_q"] {
        col(&format!("l2_kde_{name}_bits"));
    }
    let mut exp = Experiment::new(kde_run(false, Activation::Tanh).resolve().unwrap(), train.clone(), test.clone()).unwrap();
    exp.step(10).unwrap();
    let m = exp.history().last().unwrap();
    let row = m.csv_fields(3);
    assert_eq!(row[col("l1_kde_upper_i_x_t_bits")], m.kde[0].i_x_t_upper_bits.to_string());
    assert_eq!(row[col("l3_kde_lower_i_t_q_bits")], m.kde[2].i_t_q_lower_bits.to_string());
    assert_eq!(row[col("l2_kde_noise_var")], "0.05");
    let plain = ConfigInput { binning: Some(Binning::Uniform), ..kde_run(false, Activation::Tanh) };
    let exp = Experiment::new(plain.resolve().unwrap(), train, test).unwrap();
    let row = exp.history()[0].csv_fields(3);
    assert_eq!(row[col("l1_kde_upper_h_t_bits")], "");
    assert_eq!(row[col("l1_kde_noise_var")], "");
}

#[test]
fn bad_kde_parameters_are_refused_with_the_field_name() {
    for (input, field) in [
        (ConfigInput { kde_noise_var: Some(0.0), ..kde_run(false, Activation::Tanh) }, "kde_noise_var"),
        (ConfigInput { kde_noise_var: Some(-0.1), ..kde_run(false, Activation::Tanh) }, "kde_noise_var"),
        (ConfigInput { kde_noise_var: Some(f64::NAN), ..kde_run(false, Activation::Tanh) }, "kde_noise_var"),
        (ConfigInput { kde_samples: Some(1), ..kde_run(false, Activation::Tanh) }, "kde_samples"),
        (ConfigInput { kde_samples: Some(0), ..kde_run(false, Activation::Tanh) }, "kde_samples"),
    ] {
        let e = input.resolve().unwrap_err();
        assert_eq!(e.field, field, "{e}");
    }
    // More samples than the 200 test images: refused when the run meets its data.
    let (train, test) = synthetic();
    let too_many = ConfigInput { kde_samples: Some(201), ..kde_run(false, Activation::Tanh) }.resolve().unwrap();
    match Experiment::new(too_many.clone(), train.clone(), test.clone()) {
        Err(Error::Config(e)) => assert_eq!(e.field, "kde_samples", "{e}"),
        other => panic!("expected a kde_samples error, got {:?}", other.err()),
    }
    // ...but only when binning is kde: the default 500 does not stop another run.
    let threshold = brainlab::Config { binning: Binning::Threshold, ..too_many };
    assert!(Experiment::new(threshold, train.clone(), test.clone()).is_ok());
    let all = ConfigInput { kde_samples: Some(200), ..kde_run(false, Activation::Tanh) }.resolve().unwrap();
    assert!(Experiment::new(all, train, test).is_ok());
}
