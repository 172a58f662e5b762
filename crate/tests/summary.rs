//! The analyses kept over training (`Experiment::track_analysis`): one summary per evaluation
//! from the moment tracking starts, each equal to the analysis of that evaluation, and keeping
//! them changes nothing of the training run.
#![cfg(not(target_arch = "wasm32"))]

mod common;


use brainlab::analysis::{histogram, rsa_upper};
use brainlab::experiment::SUMMARY_BINS;
use brainlab::{Activation, Config, ConfigInput, Convention, Experiment};

fn config(hidden: Vec<usize>, activation: Activation) -> Config {
    ConfigInput {
        hidden: Some(hidden),
        activation: Some(activation),
        steps: Some(40),
        train_size: Some(300),
        batch_size: Some(25),
        eval_interval: Some(10),
        convention: Some(Convention::Standard),
        seed: Some(3),
        ..Default::default()
    }
    .resolve()
    .unwrap()
}

#[test]
fn one_summary_per_evaluation_equal_to_that_evaluations_analysis() {
    let (train, test) = common::synthetic_with_test(500); // at least the image RDM's 20 of every class
    for (hidden, act) in [(vec![16], Activation::Sigmoid), (vec![12, 8], Activation::Tanh)] {
        let mut exp = Experiment::new(config(hidden.clone(), act), train.clone(), test.clone()).unwrap();
        exp.step(10).unwrap();
        assert!(exp.analysis_summaries().is_empty());
        exp.track_analysis().unwrap();
        exp.track_analysis().unwrap(); // twice: still one summary of step 10
        assert_eq!(exp.analysis_summaries().iter().map(|s| s.step).collect::<Vec<_>>(), [10]);
        for done in [20, 30, 40] {
            exp.step(10).unwrap();
            let last = exp.analysis_summaries().last().unwrap();
            assert_eq!(last.step, done);
            for (l, layer) in last.layers.iter().enumerate() {
                let a = exp.analysis(l).unwrap();
                assert_eq!(layer.rsa_pixels, a.rsa_pixels);
                assert_eq!(layer.rsa_labels, a.rsa_labels);
                assert_eq!(layer.rsa_layers, a.rsa_layers);
                let upper: Vec<f32> = a.image_rdm.upper_triangle().iter().map(|&d| d as f32).collect();
                assert_eq!(layer.image_rdm_upper, upper);
                // Selectivity's distribution recomputed from the analysis' per-unit index.
                let n = a.selectivity.index.len() as f64;
                let counts = histogram(&a.selectivity.index, 0.0, 1.0, SUMMARY_BINS).unwrap().counts;
                let fractions: Vec<f64> = counts.iter().map(|&c| f64::from(c) / n).collect();
                assert_eq!(layer.selectivity.fractions, fractions);
                let mean = a.selectivity.index.iter().sum::<f64>() / n;
                assert!((layer.selectivity.mean.unwrap() - mean).abs() < 1e-12);
                let defined: Vec<f64> = a.lifetime_sparseness.iter().flatten().copied().collect();
                let lifetime = defined.iter().sum::<f64>() / defined.len() as f64;
                assert!((layer.lifetime_sparseness.mean.unwrap() - lifetime).abs() < 1e-12);
                assert_eq!(layer.lifetime_sparseness.undefined, a.lifetime_sparseness.len() - defined.len());
                // A layer against itself.
                assert_eq!(rsa_upper(&layer.image_rdm_upper, &layer.image_rdm_upper).unwrap(), 1.0);
            }
        }
        assert_eq!(exp.analysis_summaries().len(), 4);
    }
}

#[test]
fn tracking_changes_nothing_of_the_training_run() {
    let (train, test) = common::synthetic_with_test(500); // at least the image RDM's 20 of every class
    let mut plain = Experiment::new(config(vec![12, 8], Activation::Relu), train.clone(), test.clone()).unwrap();
    let mut tracked = Experiment::new(config(vec![12, 8], Activation::Relu), train, test).unwrap();
    tracked.track_analysis().unwrap();
    plain.step(40).unwrap();
    tracked.step(40).unwrap();
    assert_eq!(serde_json::to_string(plain.history()).unwrap(), serde_json::to_string(tracked.history()).unwrap());
    assert_eq!(plain.activities(), tracked.activities());
    assert_eq!(tracked.analysis_summaries().len(), 5);
    assert!(tracked.analysis_track_failure().is_none());
}

#[test]
fn a_test_set_too_small_for_the_image_rdm_is_refused_and_training_goes_on() {
    let (train, test) = common::synthetic(); // 200 test images: a class has fewer than 20
    let mut exp = Experiment::new(config(vec![8], Activation::Sigmoid), train, test).unwrap();
    let err = exp.track_analysis().unwrap_err().to_string();
    assert!(err.contains("class_sorted_subset"), "{err}");
    assert!(exp.analysis_summaries().is_empty());
    exp.step(40).unwrap();
    assert_eq!(exp.steps_done(), 40);
}
