//! The information measures end to end: the codes the lab exports, counted independently here,
//! give the numbers the lab reports; and the undersampling warning fires where it must.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashMap;

use brainlab::cli::write_codes_csv;
use brainlab::{Binning, Config, Convention, Experiment};

/// Plug-in entropy in bits of the empirical distribution of `items`.
fn entropy<T: std::hash::Hash + Eq>(items: impl Iterator<Item = T>) -> f64 {
    let mut counts: HashMap<T, usize> = HashMap::new();
    let mut n = 0usize;
    for item in items {
        *counts.entry(item).or_default() += 1;
        n += 1;
    }
    counts.values().map(|&c| c as f64 / n as f64).map(|p| -p * p.log2()).sum()
}

fn check_exported_codes(binning: Binning) {
    let (train, test) = common::synthetic();
    let config = Config {
        hidden: vec![12, 7],
        convention: Convention::Standard,
        binning,
        bins: 4,
        train_size: 300,
        batch_size: 20,
        steps: 40,
        eval_interval: 20,
        ..Config::defaults(Convention::Standard)
    };
    let mut exp = Experiment::new(config, train, test).unwrap();
    exp.step(40).unwrap();
    let mut csv = Vec::new();
    write_codes_csv(&exp, &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), "image,label,quadrant,l1,l2,l3");
    let rows: Vec<Vec<String>> = lines.map(|l| l.split(',').map(String::from).collect()).collect();
    assert_eq!(rows.len(), 200);

    let reported = &exp.history().last().unwrap().info;
    assert_eq!(reported.len(), 3);
    let h_x = entropy(rows.iter().map(|r| r[1].clone()));
    for (l, info) in reported.iter().enumerate() {
        let col = 3 + l;
        let h_t = entropy(rows.iter().map(|r| r[col].clone()));
        let h_tx = entropy(rows.iter().map(|r| (r[col].clone(), r[1].clone())));
        let h_tq = entropy(rows.iter().map(|r| (r[col].clone(), r[2].clone())));
        let h_q = entropy(rows.iter().map(|r| r[2].clone()));
        let close = |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-9, "layer {l} {what}: counted {a}, lab {b}");
        close(h_t, info.h_t_bits, "H(T)");
        close(h_tx - h_x, info.h_t_given_x_bits, "H(T|X)");
        close(h_t + h_x - h_tx, info.i_x_t_bits, "I(X;T)");
        close(h_t + h_q - h_tq, info.i_t_q_bits, "I(T;Q)");
        let distinct = rows.iter().map(|r| &r[col]).collect::<std::collections::HashSet<_>>().len();
        assert_eq!(distinct, info.distinct_codes);
        // The page's code of an image (Experiment::code) is the exported one, unit by unit.
        let units = exp.model().layers[l].n_out();
        let bits = if binning == Binning::Threshold { 1 } else { 2 };
        for (i, row) in rows.iter().enumerate() {
            let code = exp.code(l, i).unwrap().unwrap();
            assert_eq!(code.bins, bins_from_hex(&row[col], units, bits), "layer {l}, image {i}");
            assert_eq!(code.bin_count, 1 << bits);
        }
    }
}

/// The bins of a hex code (units of `bits` bits each, unit 0 in the highest bits).
fn bins_from_hex(hex: &str, units: usize, bits: usize) -> Vec<u8> {
    let bit = |k: usize| (u8::from_str_radix(&hex[k / 4..k / 4 + 1], 16).unwrap() >> (3 - k % 4)) & 1;
    (0..units).map(|u| (0..bits).fold(0, |acc, j| (acc << 1) | bit(u * bits + j))).collect()
}

#[test]
fn exported_threshold_codes_give_the_lab_numbers() {
    check_exported_codes(Binning::Threshold);
}

#[test]
fn exported_binned_codes_give_the_lab_numbers() {
    check_exported_codes(Binning::Uniform);
    check_exported_codes(Binning::Adaptive);
}

#[test]
fn a_wide_sigmoid_layer_at_step_zero_raises_the_undersampling_warning() {
    let (train, test) = common::real_data();
    let wide = Experiment::new(Config::default(), train.clone(), test.clone()).unwrap();
    let step0 = &wide.history()[0];
    assert!(step0.info[0].undersampled, "120 units at step 0: {:?}", step0.info[0]);
    assert!(step0.info[0].h_t_bits > (10_000f64).log2() - 0.5);
    assert_eq!(step0.info[0].max_entropy_bits, (10_000f64).log2());
    assert_eq!(step0.info[0].undersampled_margin_bits, brainlab::info::UNDERSAMPLED_MARGIN_BITS);
    // Near log2 N, I(X;T) is near H(X) for the data and for the shuffled labels alike.
    let data = wide.data_info();
    assert!(step0.info[0].i_x_t_shuffled_bits > data.h_x_bits - 0.6, "{:?}", step0.info[0]);
    let narrow = Experiment::new(Config { hidden: vec![5], ..Config::default() }, train.clone(), test.clone()).unwrap();
    assert!(!narrow.history()[0].info[0].undersampled, "5 units have at most 32 codes");
    assert!((data.h_x_bits - 10f64.log2()).abs() < 1e-9, "the test set is balanced");
}

#[test]
fn an_autoencoders_sigmoid_outputs_are_binned_over_their_range_0_to_1() {
    // Sigmoid outputs live in [0, 1] like sigmoid hidden units: uniform bins are quarters of
    // [0, 1] (not of the outputs' observed range), and a threshold code is "above 0.5".
    let (train, test) = common::synthetic();
    for (binning, bin) in [
        (Binning::Uniform, (|a: f32| ((f64::from(a) * 4.0).clamp(0.0, 3.0)) as u8) as fn(f32) -> u8),
        (Binning::Threshold, |a: f32| u8::from(a > 0.5)),
    ] {
        let config =
            Config { hidden: vec![6], binning, bins: 4, train_size: 300, batch_size: 20, steps: 20, eval_interval: 20, ..Config::autoencoder_defaults() };
        let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
        exp.step(20).unwrap();
        let last = exp.model().layers.len() - 1;
        let outputs = &exp.activities()[last];
        let (lo, hi) = outputs.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &a| (lo.min(a), hi.max(a)));
        assert!(hi - lo < 0.9, "{binning:?}: the outputs span [{lo}, {hi}], so their own range is not [0, 1]");
        let codes = exp.layer_codes(last).unwrap();
        let units = outputs.len() / test.len();
        for i in 0..test.len() {
            for u in 0..units {
                assert_eq!(codes.bin(i, u), Some(bin(outputs[[i, u]])), "{binning:?}: image {i}, unit {u}");
            }
        }
        // And the measures count those codes.
        let mut csv = Vec::new();
        write_codes_csv(&exp, &mut csv).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let column: Vec<String> = text.lines().skip(1).map(|l| l.split(',').nth(4).unwrap().to_string()).collect();
        let reported = &exp.history().last().unwrap().info[last];
        assert!((entropy(column.iter()) - reported.h_t_bits).abs() < 1e-9, "{binning:?}: {reported:?}");
    }
}
