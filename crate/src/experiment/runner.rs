//! An experiment: one network, its data and its training state, advanced by [`Experiment::step`].

use std::sync::Arc;

use crate::config::Config;
use crate::data::{Dataset, N_CLASSES};
use crate::error::{ConfigError, DataError, Error};
use crate::nn::{BatchStats, Mlp, Trainer};
use crate::rng::{Rng, Stream};

use super::{BatchSampler, Evaluator, Metrics};

pub struct Experiment {
    config: Config,
    model: Mlp,
    train: Arc<Dataset>,
    test: Arc<Dataset>,
    trainer: Trainer,
    evaluator: Evaluator,
    sampler: BatchSampler,
    steps_done: usize,
    /// Batch statistics since the last evaluation.
    running: BatchStats,
    history: Vec<Metrics>,
    /// How many of `history` the caller has been given.
    reported: usize,
    /// Set once the run has diverged; every later step returns it.
    failure: Option<Error>,
}

impl Experiment {
    /// Builds the network from the config's seed and evaluates it at step 0. Trains on the first
    /// `config.train_size` images of `train`.
    pub fn new(config: Config, train: Arc<Dataset>, test: Arc<Dataset>) -> Result<Self, Error> {
        config.validate()?;
        if config.train_size > train.len() {
            return Err(ConfigError::new(
                "train_size",
                format!("{} is more than the {} training images loaded", config.train_size, train.len()),
            )
            .into());
        }
        if (train.rows, train.cols) != (test.rows, test.cols) {
            return Err(DataError::ShapeMismatch {
                train_rows: train.rows,
                train_cols: train.cols,
                test_rows: test.rows,
                test_cols: test.cols,
            }
            .into());
        }
        let sizes = config.layer_sizes(train.image_len(), N_CLASSES);
        let mut init_rng = Rng::new(config.seed, Stream::Init);
        let model = Mlp::new(&sizes, config.activation, config.bias, config.init_std, &mut init_rng);
        let mut exp = Self {
            trainer: Trainer::new(&model, config.batch_size),
            evaluator: Evaluator::new(&model),
            sampler: BatchSampler::new(config.seed, config.train_size, config.batch_size),
            model,
            train,
            test,
            steps_done: 0,
            running: BatchStats::default(),
            history: Vec::new(),
            reported: 0,
            failure: None,
            config,
        };
        let scale = exp.config.convention.input_scale();
        let (train_loss, train_acc) = exp.evaluator.evaluate(&exp.model, &exp.train, exp.config.train_size, scale);
        let (test_loss, test_acc) = exp.evaluator.evaluate(&exp.model, &exp.test, exp.test.len(), scale);
        exp.history.push(Metrics { step: 0, train_loss, train_acc, test_loss, test_acc });
        Ok(exp)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn model(&self) -> &Mlp {
        &self.model
    }

    pub fn steps_done(&self) -> usize {
        self.steps_done
    }

    pub fn is_done(&self) -> bool {
        self.steps_done >= self.config.steps
    }

    /// Every evaluation so far, step 0 first.
    pub fn history(&self) -> &[Metrics] {
        &self.history
    }

    /// Trains up to `n` mini-batches (never past `config.steps`), evaluating every
    /// `eval_interval` steps and at the last step. Returns the evaluations not yet returned by
    /// an earlier call (the first call includes step 0). A diverging run (a non-finite loss)
    /// stops before the update that would use it and returns [`Error::Diverged`] from then on.
    pub fn step(&mut self, n: usize) -> Result<&[Metrics], Error> {
        if let Some(e) = &self.failure {
            return Err(e.clone());
        }
        let scale = self.config.convention.input_scale();
        let grad_scale = self.config.convention.gradient_scale(self.config.batch_size);
        for _ in 0..n {
            if self.is_done() {
                break;
            }
            let batch = self.sampler.next_batch();
            self.trainer.load_batch(&self.train, batch, scale);
            let stats = self.trainer.compute_gradients(&self.model, grad_scale);
            if !stats.loss_sum.is_finite() {
                return Err(self.fail("training loss", stats.loss_sum as f32));
            }
            self.trainer.apply_update(&mut self.model, self.config.learning_rate as f32);
            self.steps_done += 1;
            self.running.loss_sum += stats.loss_sum;
            self.running.correct += stats.correct;
            self.running.images += stats.images;
            if self.steps_done % self.config.eval_interval == 0 || self.is_done() {
                let m = self.evaluate();
                self.running = BatchStats::default();
                if !m.test_loss.is_finite() {
                    return Err(self.fail("test loss", m.test_loss as f32));
                }
                self.history.push(m);
            }
        }
        let new = &self.history[self.reported..];
        self.reported = self.history.len();
        Ok(new)
    }

    /// Evaluates now on the whole test set; the train figures are the running mean since the
    /// last evaluation (or the last evaluation's, if no batch has run since).
    pub fn evaluate(&mut self) -> Metrics {
        let scale = self.config.convention.input_scale();
        let (test_loss, test_acc) = self.evaluator.evaluate(&self.model, &self.test, self.test.len(), scale);
        let (train_loss, train_acc) = if self.running.images > 0 {
            let n = self.running.images as f64;
            (self.running.loss_sum / n, self.running.correct as f64 / n)
        } else {
            let last = self.history.last().expect("step 0 is evaluated at construction");
            (last.train_loss, last.train_acc)
        };
        Metrics { step: self.steps_done, train_loss, train_acc, test_loss, test_acc }
    }

    fn fail(&mut self, what: &'static str, value: f32) -> Error {
        let e = Error::Diverged { step: self.steps_done, what, value };
        self.failure = Some(e.clone());
        e
    }
}
