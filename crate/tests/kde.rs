//! Binning `kde` in a run: the bounds an evaluation reports are `kde_layer_info` on the layer
//! activity the experiment exposes (its first `kde_samples` rows), in the metrics and the CSV,
//! and bad KDE parameters are refused with the field's name.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use brainlab::info::{brightest_quadrants, kde_layer_info, KdeNoise, Sample};
use brainlab::{Activation, Binning, ConfigInput, Convention, Error, Experiment, Metrics};

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
    let (train, test) = common::synthetic();
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
    let (train, test) = common::synthetic();
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
    let (train, test) = common::synthetic();
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

/// The Kolchinsky–Tracey entropy bound of the test's own writing (nats), straight from the
/// formula: d/2 + (d/2) ln(2πσ²) − (1/N) Σ_i ln[(1/N) Σ_j exp(−‖t_i − t_j‖² / 2σ²)], the inner
/// sum as a log-sum-exp about its largest term, over `points` (rows of length d).
fn direct_h_kl_nats(points: &[Vec<f64>], noise_var: f64) -> f64 {
    let (n, d) = (points.len() as f64, points[0].len() as f64);
    let mut outer = 0.0;
    for a in points {
        let exponents: Vec<f64> = points.iter().map(|b| -a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>() / (2.0 * noise_var)).collect();
        let top = exponents.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let lse = top + exponents.iter().map(|e| (e - top).exp()).sum::<f64>().ln();
        outer += lse - n.ln();
    }
    d / 2.0 + d / 2.0 * (2.0 * std::f64::consts::PI * noise_var).ln() - outer / n
}

/// H_BD: H_KL at 4σ² plus (d/2) ln(1/4).
fn direct_h_bd_nats(points: &[Vec<f64>], noise_var: f64) -> f64 {
    direct_h_kl_nats(points, 4.0 * noise_var) + points[0].len() as f64 / 2.0 * 0.25f64.ln()
}

/// I(V;T) bound: H(T) − Σ_v p(v) H(T | V = v), with `h` one of the two bounds above; bits.
fn direct_mi_bits(points: &[Vec<f64>], values: &[u8], noise_var: f64, h: fn(&[Vec<f64>], f64) -> f64) -> f64 {
    let mut conditional = 0.0;
    for v in 0..=u8::MAX {
        let class: Vec<Vec<f64>> = points.iter().zip(values).filter(|(_, &x)| x == v).map(|(p, _)| p.clone()).collect();
        if !class.is_empty() {
            conditional += class.len() as f64 / points.len() as f64 * h(&class, noise_var);
        }
    }
    (h(points, noise_var) - conditional) / std::f64::consts::LN_2
}

fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

#[test]
fn the_cli_bounds_equal_a_direct_implementation_on_the_activity_the_cli_exports() {
    // The data as files, for the CLI.
    let dir = std::env::temp_dir().join(format!("brainlab-kde-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
    for (name, bytes) in names.iter().zip(common::synthetic_files()) {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let (kde_samples, noise_var) = (150usize, 0.05f64);
    let config = format!(
        "--hidden 12 --convention standard --activation tanh --learning-rate 0.05 --batch-size 20 --train-size 300 \
         --steps 20 --eval-interval 10 --binning kde --kde-samples {kde_samples} --kde-noise-var {noise_var} --seed 3 --quiet"
    );
    let cli = |args: String| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_brainlab"))
            .args(args.split_whitespace())
            .arg("--data")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "brainlab {args}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let metrics = dir.join("metrics.csv");
    cli(format!("train {config} --csv {}", metrics.display()));
    let (header, rows) = read_csv(&metrics);
    let last = rows.last().expect("the metrics CSV has rows");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    assert_eq!(last[col("step")], "20");
    // Layer 1 is the hidden layer, 2 the output: both exported and checked.
    for layer in [1, 2] {
        let activity = dir.join(format!("activity_l{layer}.csv"));
        cli(format!("activity {config} --layer {layer} --csv {}", activity.display()));
        let (act_header, act_rows) = read_csv(&activity);
        let units: Vec<usize> = (0..act_header.len()).filter(|&i| act_header[i].starts_with('u')).collect();
        let first = &act_rows[..kde_samples];
        let points: Vec<Vec<f64>> = first.iter().map(|r| units.iter().map(|&u| r[u].parse::<f32>().unwrap() as f64).collect()).collect();
        let labels: Vec<u8> = first.iter().map(|r| r[1].parse().unwrap()).collect();
        let quadrants: Vec<u8> = first.iter().map(|r| r[2].parse().unwrap()).collect();
        let got = |name: &str| -> f64 { last[col(&format!("l{layer}_kde_{name}"))].parse().unwrap_or_else(|e| panic!("l{layer}_kde_{name}: {e}")) };
        assert_eq!(got("noise_var"), noise_var);
        let expected = [
            ("upper_h_t_bits", direct_h_kl_nats(&points, noise_var) / std::f64::consts::LN_2),
            ("lower_h_t_bits", direct_h_bd_nats(&points, noise_var) / std::f64::consts::LN_2),
            ("upper_i_x_t_bits", direct_mi_bits(&points, &labels, noise_var, direct_h_kl_nats)),
            ("lower_i_x_t_bits", direct_mi_bits(&points, &labels, noise_var, direct_h_bd_nats)),
            ("upper_i_t_q_bits", direct_mi_bits(&points, &quadrants, noise_var, direct_h_kl_nats)),
            ("lower_i_t_q_bits", direct_mi_bits(&points, &quadrants, noise_var, direct_h_bd_nats)),
        ];
        for (name, want) in expected {
            let have = got(name);
            assert!((have - want).abs() <= 1e-6, "layer {layer} {name}: CLI {have} vs direct {want}");
        }
        assert!(got("upper_i_x_t_bits") > 0.0, "layer {layer}: a trained layer knows something of the class");
    }
    std::fs::remove_dir_all(&dir).ok();
}
