//! The runner end to end, natively: on a small real subset of Fashion-MNIST, and on data the
//! tests make themselves.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::sync::Arc;

use brainlab::{Activation, Config, ConfigInput, Convention, Dataset, Error, Experiment};

#[test]
fn a_few_hundred_steps_on_real_data_lower_the_loss() {
    let (train, test) = common::real_data();
    assert_eq!((train.len(), test.len(), train.rows, train.cols), (60_000, 10_000, 28, 28));
    let config = Config { hidden: vec![60], train_size: 2_000, steps: 300, ..Config::defaults(Convention::Coursework) };
    let mut exp = Experiment::new(config, train.clone(), Arc::new(test.first(2_000))).unwrap();
    exp.step(300).unwrap();
    let h = exp.history();
    assert_eq!(h.iter().map(|m| m.step).collect::<Vec<_>>(), [0, 100, 200, 300]);
    let (first, last) = (&h[0], &h[3]);
    assert!(last.test_loss < 0.8 * first.test_loss, "test loss {} -> {}", first.test_loss, last.test_loss);
    assert!(last.train_loss < first.train_loss);
    assert!(last.test_acc.unwrap() > 0.5, "test accuracy {} after 300 steps", last.test_acc.unwrap());
}

#[test]
fn one_seed_gives_identical_runs_and_another_seed_does_not() {
    let (train, test) = common::synthetic();
    let run = |seed: u32| {
        let c = ConfigInput { hidden: Some(vec![20, 10]), seed: Some(seed), steps: Some(40), train_size: Some(300), batch_size: Some(25), eval_interval: Some(10), convention: Some(Convention::Standard), ..Default::default() };
        let mut exp = Experiment::new(c.resolve().unwrap(), train.clone(), test.clone()).unwrap();
        // Different chunking of the same steps must not matter.
        for n in [1, 3, 17, 100] {
            exp.step(n).unwrap();
        }
        (exp.history().to_vec(), exp.model().clone())
    };
    let (a, model_a) = run(5);
    let (b, model_b) = run(5);
    assert_eq!(a, b);
    assert_eq!(model_a, model_b);
    let (c, _) = run(6);
    assert_ne!(a, c);
}

#[test]
fn step_returns_each_evaluation_once_and_stops_at_the_end() {
    let (train, test) = common::synthetic();
    let c = Config { hidden: vec![8], steps: 25, eval_interval: 10, train_size: 300, batch_size: 30, ..Config::default() };
    let mut exp = Experiment::new(c, train, test).unwrap();
    let steps = |ms: &[brainlab::Metrics]| ms.iter().map(|m| m.step).collect::<Vec<_>>();
    assert_eq!(steps(exp.step(0).unwrap()), [0]);
    assert_eq!(steps(exp.step(15).unwrap()), [10]);
    assert_eq!(steps(exp.step(1000).unwrap()), [20, 25]);
    assert!(exp.is_done());
    assert_eq!(exp.steps_done(), 25);
    assert!(exp.step(5).unwrap().is_empty());
    assert_eq!(steps(exp.history()), [0, 10, 20, 25]);
}

/// ReLU units, large weights and a learning rate 10⁷ times the coursework's: NaN within steps.
fn diverging(eval_interval: usize) -> Config {
    Config {
        hidden: vec![32],
        activation: Activation::Relu,
        learning_rate: 50.0,
        init_std: 1.0,
        train_size: 300,
        batch_size: 30,
        steps: 500,
        eval_interval,
        ..Config::defaults(Convention::Coursework)
    }
}

#[test]
fn a_diverging_run_stops_with_a_clear_error() {
    let (train, test) = common::synthetic();
    let mut exp = Experiment::new(diverging(100), train, test).unwrap();
    let err = exp.step(500).unwrap_err();
    assert!(matches!(err, Error::Diverged { .. }), "{err:?}");
    assert!(err.to_string().starts_with("diverged at step"), "{err}");
    let at = exp.steps_done();
    assert!(at < 500);
    assert_eq!(exp.step(10).unwrap_err(), err, "a diverged run refuses further steps");
    assert_eq!(exp.steps_done(), at);
}

#[test]
fn data_and_config_mismatches_are_refused() {
    let (train, test) = common::synthetic();
    let too_many = Config { train_size: 301, batch_size: 10, ..Config::default() };
    match Experiment::new(too_many, train.clone(), test) {
        Err(Error::Config(e)) => assert_eq!(e.field, "train_size"),
        other => panic!("{:?}", other.err()),
    }
    let small = Arc::new(Dataset::from_parts(2, 2, vec![0; 4], vec![1]));
    let c = Config { train_size: 10, batch_size: 10, ..Config::default() };
    assert!(matches!(Experiment::new(c, train, small), Err(Error::Data(_))));
}

#[test]
fn a_long_run_keeps_a_bounded_history_with_its_ends() {
    let (train, test) = common::synthetic();
    let c = Config { hidden: vec![4], steps: 2_500, eval_interval: 1, train_size: 300, batch_size: 1, ..Config::default() };
    let mut exp = Experiment::new(c, train, test).unwrap();
    let mut returned = 0;
    for _ in 0..25 {
        returned += exp.step(100).unwrap().len();
    }
    assert_eq!(returned, 2_501, "every evaluation is returned once, step 0 included");
    let h = exp.history();
    assert!(h.len() <= brainlab::experiment::MAX_HISTORY, "{}", h.len());
    assert!(h.len() > brainlab::experiment::MAX_HISTORY / 2);
    assert_eq!((h[0].step, h[h.len() - 1].step), (0, 2_500));
    assert!(h.windows(2).all(|w| w[0].step < w[1].step));
}

#[test]
fn a_diverged_call_still_gives_its_finite_points() {
    let (train, test) = common::synthetic();
    let mut exp = Experiment::new(diverging(1), train, test).unwrap();
    assert!(exp.step(500).is_err());
    let finite = exp.pending();
    assert!(!finite.is_empty(), "step 0 at least");
    assert!(finite.iter().all(|m| m.test_loss.is_finite()));
    assert!(finite.last().unwrap().step <= exp.steps_done());
}

/// Counts the allocations made on threads that ask for it (the other tests run beside).
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static COUNTING: Cell<bool> = const { Cell::new(false) };
        static COUNT: Cell<usize> = const { Cell::new(0) };
    }

    pub struct Counting;

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if COUNTING.with(Cell::get) {
                COUNT.with(|c| c.set(c.get() + 1));
            }
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// How many allocations `f` makes on this thread.
    pub fn allocations(f: impl FnOnce()) -> usize {
        COUNT.with(|c| c.set(0));
        COUNTING.with(|c| c.set(true));
        f();
        COUNTING.with(|c| c.set(false));
        COUNT.with(Cell::get)
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

#[test]
fn training_steps_allocate_nothing() {
    let (train, test) = common::synthetic();
    for (k, (rule, mode, bias)) in [
        (brainlab::Rule::Backprop, brainlab::StochasticMode::Noise, true),
        (brainlab::Rule::Usf, brainlab::StochasticMode::Corrupt, false),
        (brainlab::Rule::DirectFeedbackAlignment, brainlab::StochasticMode::Skip, false),
        (brainlab::Rule::FeedbackAlignmentNoDerivative, brainlab::StochasticMode::Noise, false),
        (brainlab::Rule::Shallow, brainlab::StochasticMode::Corrupt, true),
        (brainlab::Rule::KolenPollack, brainlab::StochasticMode::Skip, false),
        (brainlab::Rule::Brsf, brainlab::StochasticMode::Corrupt, false),
        (brainlab::Rule::Frsf, brainlab::StochasticMode::Noise, true),
        (brainlab::Rule::Dtp, brainlab::StochasticMode::Skip, true),
        (brainlab::Rule::DendriticMicrocircuit, brainlab::StochasticMode::Noise, true),
        (brainlab::Rule::PredictiveCoding, brainlab::StochasticMode::Noise, true),
        (brainlab::Rule::EquilibriumPropagation, brainlab::StochasticMode::Corrupt, false),
    ]
    .into_iter()
    .enumerate()
    {
        // Each optimizer and loss under several rules: their state is allocated with the run.
        use brainlab::config::{Loss, Optimizer};
        let optimizer = [Optimizer::Sgd, Optimizer::Momentum, Optimizer::Adam][k % 3];
        let loss = [Loss::SquaredError, Loss::CrossEntropy][k % 2];
        let input = ConfigInput {
            hidden: Some(vec![12, 8]),
            rule: Some(rule),
            optimizer: Some(optimizer),
            loss: Some(loss),
            weight_decay: Some(if rule == brainlab::Rule::KolenPollack { 1e-3 } else { 0.0 }),
            stochastic_p: Some(0.5),
            stochastic_mode: Some(mode),
            bias: Some(bias),
            train_size: Some(40),
            batch_size: Some(10),
            steps: Some(1_000),
            eval_interval: Some(1_000),
            // The microcircuit's nudged steps, not only its self-predicting ones.
            micro_self_predicting_steps: Some(10),
            ..Default::default()
        };
        let mut exp = Experiment::new(input.resolve().unwrap(), train.clone(), test.clone()).unwrap();
        exp.step(1).unwrap();
        // Between evaluations, across epochs of the sampler.
        let n = counting::allocations(|| {
            exp.step(50).unwrap();
        });
        assert_eq!(n, 0, "{rule:?}, {optimizer:?}, {loss:?}: {n} allocations in 50 steps");
    }
    // The counter sees an allocation.
    assert_eq!(counting::allocations(|| drop(std::hint::black_box(vec![0u8; 10]))), 1);
}
