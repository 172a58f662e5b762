//! Lesions of a running experiment: a lesion of no units changes nothing, silencing a whole
//! hidden layer leaves the next layer only its biases, and no lesion ever changes training.
#![cfg(not(target_arch = "wasm32"))]

mod common;


use brainlab::experiment::{LesionSpec, LesionUnits};
use brainlab::{Activation, Config, ConfigInput, Convention, Experiment};

fn config(hidden: Vec<usize>, bias: bool, activation: Activation) -> Config {
    ConfigInput {
        hidden: Some(hidden),
        bias: Some(bias),
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

fn spec(layer: usize, units: LesionUnits) -> LesionSpec {
    LesionSpec { layer, units }
}

#[test]
fn a_lesion_of_no_units_changes_nothing_bit_for_bit() {
    let (train, test) = common::synthetic();
    for (hidden, bias, act) in [(vec![16], false, Activation::Sigmoid), (vec![12, 8], true, Activation::Tanh), (vec![10, 6], true, Activation::Relu)] {
        let mut exp = Experiment::new(config(hidden.clone(), bias, act), train.clone(), test.clone()).unwrap();
        exp.step(40).unwrap();
        let last = exp.history().last().unwrap().clone();
        for layer in 0..hidden.len() {
            for units in [LesionUnits::List { units: vec![] }, LesionUnits::Random { fraction: 0.0 }, LesionUnits::MostSelectiveFirst { fraction: 0.0 }] {
                let r = exp.lesioned(&spec(layer, units.clone())).unwrap();
                assert!(r.silenced.is_empty());
                assert_eq!(r.test_loss.to_bits(), last.test_loss.to_bits(), "{hidden:?} layer {layer} {units:?}");
                assert_eq!(r.test_acc.map(f64::to_bits), last.test_acc.map(f64::to_bits));
                assert_eq!(serde_json::to_string(&r.info).unwrap(), serde_json::to_string(&last.info).unwrap());
                assert_eq!(exp.lesioned_activities(&spec(layer, units)).unwrap(), exp.activities());
            }
        }
    }
}

#[test]
fn silencing_a_whole_layer_leaves_the_next_layer_its_biases() {
    let (train, test) = common::synthetic();
    let mut exp = Experiment::new(config(vec![12, 8], true, Activation::Sigmoid), train.clone(), test.clone()).unwrap();
    exp.step(40).unwrap();
    let all = |layer: usize, n: usize| spec(layer, LesionUnits::List { units: (0..n).collect() });
    // Layer 0 silenced: layer 1 is σ(b1) on every image; layer 1 silenced: the output is b2.
    let acts = exp.lesioned_activities(&all(0, 12)).unwrap();
    let b1 = exp.model().layers[1].b.as_ref().unwrap();
    let mut expected = b1.to_vec();
    Activation::Sigmoid.apply(&mut expected);
    assert!(acts[0].iter().all(|&v| v == 0.0));
    assert!(acts[1].rows().into_iter().all(|r| r.to_vec() == expected));
    let acts = exp.lesioned_activities(&all(1, 8)).unwrap();
    let b2 = exp.model().layers[2].b.as_ref().unwrap().to_vec();
    assert!(acts[2].rows().into_iter().all(|r| r.to_vec() == b2));
    assert_eq!(exp.lesioned(&spec(1, LesionUnits::Random { fraction: 1.0 })).unwrap().silenced, (0..8).collect::<Vec<_>>());
    // The bias-free network: every output is 0, the prediction is class 0 for every image.
    let mut exp = Experiment::new(config(vec![16], false, Activation::Sigmoid), train, test.clone()).unwrap();
    exp.step(40).unwrap();
    let r = exp.lesioned(&all(0, 16)).unwrap();
    let zeros = test.labels.iter().filter(|&&l| l == 0).count() as f64 / test.len() as f64;
    assert_eq!(r.test_acc, Some(zeros));
    assert!(exp.lesioned_activities(&all(0, 16)).unwrap()[1].iter().all(|&v| v == 0.0));
}

#[test]
fn the_coursework_network_with_its_hidden_layer_silenced_is_at_chance() {
    let (train, test) = common::real_data();
    let config = Config { train_size: 1_000, steps: 50, eval_interval: 50, ..Config::defaults(Convention::Coursework) };
    let mut exp = Experiment::new(config, train.clone(), test.clone()).unwrap();
    exp.step(50).unwrap();
    let r = exp.lesioned(&spec(0, LesionUnits::List { units: (0..120).collect() })).unwrap();
    assert_eq!(r.test_acc, Some(0.1), "1,000 test images of each class, every one predicted class 0");
}

#[test]
fn lesions_never_change_the_training_run() {
    let (train, test) = common::synthetic();
    let c = config(vec![12, 8], true, Activation::Tanh);
    let mut plain = Experiment::new(c.clone(), train.clone(), test.clone()).unwrap();
    plain.step(40).unwrap();
    let mut lesioned = Experiment::new(c, train, test).unwrap();
    for _ in 0..4 {
        lesioned.lesioned(&spec(0, LesionUnits::MostSelectiveFirst { fraction: 0.5 })).unwrap();
        lesioned.lesion_curve(1).unwrap();
        lesioned.step(10).unwrap();
    }
    let json = |e: &Experiment| serde_json::to_string(e.history()).unwrap();
    assert_eq!(json(&lesioned), json(&plain));
    assert_eq!(lesioned.activities(), plain.activities());
    assert_eq!(lesioned.model(), plain.model());
}

#[test]
fn the_lesion_curve_runs_both_orders_from_nothing_to_everything() {
    let (train, test) = common::synthetic();
    let mut exp = Experiment::new(config(vec![20], false, Activation::Sigmoid), train, test).unwrap();
    exp.step(40).unwrap();
    let curve = exp.lesion_curve(0).unwrap();
    assert_eq!(curve.len(), 22);
    let last = exp.history().last().unwrap();
    for order in ["random", "most_selective_first"] {
        let points: Vec<_> = curve.iter().filter(|p| p.order == order).collect();
        assert_eq!(points.iter().map(|p| p.silenced).collect::<Vec<_>>(), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
        assert_eq!(points[0].test_acc, last.test_acc, "{order}: nothing silenced");
        assert_eq!(points[0].test_loss.to_bits(), last.test_loss.to_bits());
    }
    assert_eq!(curve[10].test_acc, curve[21].test_acc, "everything silenced is the same network");
    let half = exp.lesioned(&spec(0, LesionUnits::MostSelectiveFirst { fraction: 0.5 })).unwrap();
    assert_eq!(half.test_acc, curve[16].test_acc);
    let sel = exp.layer_selectivity(0).unwrap();
    let min_silenced = half.silenced.iter().map(|&u| sel[u]).fold(f64::INFINITY, f64::min);
    let max_kept = (0..20).filter(|u| !half.silenced.contains(u)).map(|u| sel[u]).fold(0.0, f64::max);
    assert!(min_silenced >= max_kept, "the most selective half is silenced");
    assert!(exp.lesioned(&spec(1, LesionUnits::List { units: vec![] })).unwrap_err().to_string().contains("hidden layer 1 is out of range 0..1"));
    assert!(exp.lesioned(&spec(0, LesionUnits::List { units: vec![20] })).unwrap_err().to_string().contains("lesion: unit 20 is out of range 0..20"));
    assert!(exp.lesioned(&spec(0, LesionUnits::Random { fraction: 1.5 })).unwrap_err().to_string().contains("fraction 1.5"));
}
