//! An experiment: one network, its data and its training state, advanced by [`Experiment::step`].

use std::sync::Arc;

use ndarray::Array2;

use crate::config::{Config, Task};
use crate::data::{DataSummary, Dataset};
use crate::error::{ConfigError, Error};
use crate::info::{data_processing_checks, kde_layer_info, network_info, DataInfo, DataVariables, KdeInfo, Sample};
use crate::nn::angle::angle_deg;
use crate::nn::kernels::zip_update;
use crate::nn::rules::{Backprop, LearningRule, SettleTrace, Stochastic};
use crate::nn::{BatchStats, Mlp, Trainer};
use crate::rng::{Rng, Stream};

use super::diagnostics::RuleFigures;
use super::{is_saturated, BatchSampler, DiagnosticSums, Evaluator, Metrics};

/// Most evaluations kept in the history before it is thinned.
pub const MAX_HISTORY: usize = 2_000;

pub struct Experiment {
    config: Config,
    model: Mlp,
    train: Arc<Dataset>,
    test: Arc<Dataset>,
    trainer: Trainer,
    evaluator: Evaluator,
    sampler: BatchSampler,
    /// The configured rule under the stochastic backward pass (which draws, from the seed's
    /// backward stream, which steps it strikes).
    rule: Stochastic,
    /// Backprop, to measure how far the rule's updates are from the gradient.
    exact: Backprop,
    /// The label X and brightest quadrant Q of every test image, for the information measures.
    variables: DataVariables,
    steps_done: usize,
    /// Batch statistics since the last evaluation.
    running: BatchStats,
    diagnostics: DiagnosticSums,
    /// The rule's hidden-layer updates on the probe batch (buffers for the update angles).
    probe_updates: Vec<Array2<f32>>,
    /// Evaluations kept, thinned as they grow (see [`MAX_HISTORY`]).
    history: Vec<Metrics>,
    /// Evaluations made in the last `step` call (before the first call: step 0's).
    pending: Vec<Metrics>,
    /// Whether a `step` call has returned `pending` since it was last cleared.
    delivered: bool,
    /// Set once the run has diverged; every later step returns it.
    failure: Option<Error>,
    /// The analyses kept at every evaluation, once asked for (summary.rs).
    analysis_track: Option<super::AnalysisTrack>,
    /// Inner iterations of every training step's settling so far (rules that settle; 0 under
    /// the others): the bench's inner iterations per step and per second (issue 14).
    inner_iterations: u64,
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
        DataSummary::of(&train, &test)?;
        if config.kde_noise().is_some() && config.kde_samples > test.len() {
            return Err(ConfigError::new(
                "kde_samples",
                format!("{} is more than the {} test images loaded", config.kde_samples, test.len()),
            )
            .into());
        }
        super::check_memory(&config, train.image_len(), test.len())?;
        let sizes = config.layer_sizes(train.image_len(), config.outputs(train.image_len()));
        let mut init_rng = Rng::new(config.seed, Stream::Init);
        let model = Mlp::new(&sizes, config.activation, config.bias, config.init_std, &mut init_rng)
            .with_output_activation(config.output_activation.activation());
        let hidden = model.layers.len() - 1;
        let variables = DataVariables::from_dataset(&test, test.len(), config.seed)?;
        let mut exp = Self {
            variables,
            trainer: Trainer::new(&model, config.batch_size, config.task)
                .with_weight_decay(config.weight_decay as f32)
                .with_loss(config.loss)
                .with_optimizer(config.optimizer_settings()),
            evaluator: Evaluator::new(&model, config.task, config.loss),
            sampler: BatchSampler::new(config.seed, config.train_size, config.batch_size),
            rule: Stochastic::new(
                config.rule.build(&model, &config.rule_settings()),
                config.stochastic_p,
                config.stochastic_mode,
                config.seed,
            ),
            exact: Backprop,
            diagnostics: DiagnosticSums::new(&model),
            probe_updates: model.layers[..hidden].iter().map(|l| Array2::zeros(l.w.dim())).collect(),
            model,
            train,
            test,
            steps_done: 0,
            running: BatchStats::default(),
            history: Vec::new(),
            pending: Vec::new(),
            delivered: false,
            failure: None,
            analysis_track: None,
            inner_iterations: 0,
            config,
        };
        let scale = exp.config.convention.input_scale();
        let (train_loss, train_acc) =
            exp.evaluator.evaluate_with(&exp.model, &exp.train, exp.config.train_size, scale, false, &mut exp.rule);
        let mut first = exp.evaluate()?;
        (first.train_loss, first.train_acc) = (train_loss, exp.accuracy(train_acc));
        exp.record(first);
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

    /// The inner iterations the rule's settlings took over the training steps so far (0 under
    /// a rule that learns through a backward pass; the evaluations' settlings not counted).
    /// Equilibrium propagation's count is its free phase plus its nudged phases; the dendritic
    /// microcircuit's steady state is one iteration per step.
    pub fn inner_iterations(&self) -> u64 {
        self.inner_iterations
    }

    pub fn is_done(&self) -> bool {
        self.steps_done >= self.config.steps
    }

    /// H(X), H(Q) and I(X;Q) of the test set, the reference for the layers' measures.
    pub fn data_info(&self) -> DataInfo {
        self.variables.data_info(self.config.info_settings().estimator)
    }

    /// The label X and brightest quadrant Q of every test image (for measures of a copy).
    pub(super) fn data_variables(&self) -> &DataVariables {
        &self.variables
    }

    /// The test set.
    pub fn test_set(&self) -> &Dataset {
        &self.test
    }

    /// The evaluations so far, step 0 first and the latest last; past [`MAX_HISTORY`] the
    /// older ones are thinned to every other one, so memory stays flat however long the run.
    pub fn history(&self) -> &[Metrics] {
        &self.history
    }

    /// Trains up to `n` mini-batches (never past `config.steps`), evaluating every
    /// `eval_interval` steps and at the last step. Returns the evaluations not yet returned by
    /// an earlier call (the first call includes step 0). A diverging run (a non-finite loss)
    /// stops before the update that would use it and returns [`Error::Diverged`] from then on;
    /// a batch on which a settling rule did not converge stops the run the same way, before its
    /// update, with [`Error::Unsettled`].
    pub fn step(&mut self, n: usize) -> Result<&[Metrics], Error> {
        if let Some(e) = &self.failure {
            return Err(e.clone());
        }
        // The caller has had the earlier ones (or the error that ended the previous call).
        if self.delivered {
            self.pending.clear();
        }
        self.delivered = true;
        let scale = self.config.convention.input_scale();
        let grad_scale = self.config.convention.gradient_scale(self.config.batch_size);
        for _ in 0..n {
            if self.is_done() {
                break;
            }
            let (x, labels) = self.trainer.batch_mut();
            self.train.write_scaled(self.sampler.next_batch().iter().copied(), scale, x, labels);
            let stats = self.trainer.compute_gradients(&self.model, grad_scale, &mut self.rule);
            match self.trainer.settled() {
                Some(Err(u)) => {
                    let e = Error::Unsettled { step: self.steps_done, iterations: u.iterations, residual: u.residual, tolerance: u.tolerance };
                    self.failure = Some(e.clone());
                    return Err(e);
                }
                Some(Ok(settled)) => self.inner_iterations += settled.iterations as u64,
                None => {}
            }
            if !stats.loss_sum.is_finite() {
                return Err(self.fail("training loss", stats.loss_sum as f32));
            }
            if !self.diagnostics.add_step(&self.trainer) {
                return Err(self.fail("gradient", f32::NAN));
            }
            self.trainer.apply_update(&mut self.model, &mut self.rule, self.config.learning_rate as f32);
            self.steps_done += 1;
            self.running.loss_sum += stats.loss_sum;
            self.running.correct += stats.correct;
            self.running.images += stats.images;
            if self.steps_done % self.config.eval_interval == 0 || self.is_done() {
                if !self.model.is_finite() {
                    return Err(self.fail("a weight", f32::NAN));
                }
                let m = self.evaluate()?;
                self.running = BatchStats::default();
                self.record(m);
                self.track_evaluation();
            }
        }
        Ok(&self.pending)
    }

    pub(super) fn analysis_track(&self) -> Option<&super::AnalysisTrack> {
        self.analysis_track.as_ref()
    }

    pub(super) fn analysis_track_mut(&mut self) -> Option<&mut super::AnalysisTrack> {
        self.analysis_track.as_mut()
    }

    pub(super) fn set_analysis_track(&mut self, track: super::AnalysisTrack) {
        self.analysis_track = Some(track);
    }

    /// The evaluations of the last `step` call, also when it returned an error (the finite
    /// points made before the run diverged).
    pub fn pending(&self) -> &[Metrics] {
        &self.pending
    }

    fn record(&mut self, m: Metrics) {
        self.pending.push(m.clone());
        self.history.push(m);
        if self.history.len() > MAX_HISTORY {
            let last = self.history.len() - 1;
            let mut i = 0;
            self.history.retain(|_| {
                let keep = i % 2 == 0 || i == last;
                i += 1;
                keep
            });
        }
    }

    /// Evaluates now on the whole test set, with the diagnostics since the last evaluation and
    /// the information measures of every layer; the train figures are the running mean since
    /// then (or the last evaluation's, if no batch has run since). Starts a new diagnostics
    /// interval. A non-finite test loss is a divergence.
    pub fn evaluate(&mut self) -> Result<Metrics, Error> {
        let scale = self.config.convention.input_scale();
        let (test_loss, test_acc) = self.evaluator.evaluate_with(&self.model, &self.test, self.test.len(), scale, true, &mut self.rule);
        if !test_loss.is_finite() {
            return Err(self.fail("test loss", test_loss as f32));
        }
        let (train_loss, train_acc) = if self.running.images > 0 {
            let n = self.running.images as f64;
            (self.running.loss_sum / n, self.accuracy(self.running.correct as f64 / n))
        } else {
            self.history.last().map_or((f64::NAN, None), |last| (last.train_loss, last.train_acc))
        };
        let test_acc = self.accuracy(test_acc);
        let hidden = self.model.layers.len() - 1;
        let saturation: Vec<f64> = (0..hidden).map(|h| self.saturated_fraction(h)).collect();
        let feedback_angles: Vec<Option<f64>> = (0..hidden).map(|h| self.rule.feedback_angle_deg(&self.model, h)).collect();
        let specs = self.config.rule.diagnostics();
        let rule_figures: Vec<RuleFigures> = (0..hidden).map(|h| RuleFigures::of(&self.rule, specs, h)).collect();
        let update_angles = self.update_angles();
        let layers = self.diagnostics.finish(&self.model, &saturation, &feedback_angles, &update_angles, rule_figures);
        let info = network_info(self.evaluator.activities(), self.model.activation, self.model.output_activation, self.config.info_settings(), &self.variables)?;
        let data_processing = data_processing_checks(&info);
        let kde = self.kde_info()?;
        Ok(Metrics { step: self.steps_done, train_loss, train_acc, test_loss, test_acc, layers, info, data_processing, kde })
    }

    /// Under binning `kde`, each layer's KDE bounds on its activity for the first `kde_samples`
    /// test images, with their labels and quadrants (empty otherwise).
    fn kde_info(&self) -> Result<Vec<KdeInfo>, Error> {
        let Some(noise) = self.config.kde_noise() else { return Ok(Vec::new()) };
        let n = self.config.kde_samples;
        let (labels, quadrants) = (&self.variables.labels()[..n], &self.variables.quadrants()[..n]);
        self.evaluator
            .activities()
            .iter()
            .map(|a| {
                let (rows, units) = a.dim();
                let sample = Sample::new(a.as_slice().unwrap_or_default(), rows, units)?.first(n)?;
                Ok(kde_layer_info(&sample, labels, quadrants, noise)?)
            })
            .collect()
    }

    /// Every layer's output on every test image at the last evaluation (images×units).
    pub fn activities(&self) -> &[Array2<f32>] {
        self.evaluator.activities()
    }

    /// The class the network predicted for test image `image` at the last evaluation: the
    /// largest output (lowest index on ties), as the accuracy counts it (a run is evaluated at
    /// step 0 as it is made). None for an autoencoder or an image out of range.
    pub fn predicted_class(&self, image: usize) -> Option<usize> {
        let out = self.activities().last()?;
        (self.config.task == crate::config::Task::Classify && image < out.nrows()).then(|| {
            let row = out.row(image);
            crate::nn::loss::argmax(row.as_slice().unwrap_or(&row.to_vec()))
        })
    }

    /// An accuracy, for a task that has one.
    fn accuracy(&self, fraction: f64) -> Option<f64> {
        (self.config.task == Task::Classify).then_some(fraction)
    }

    /// Fraction of saturated (test image, unit) pairs of hidden layer `h` in the last evaluation.
    fn saturated_fraction(&self, h: usize) -> f64 {
        let a = self.evaluator.activity(h);
        let saturated = a.iter().filter(|&&v| is_saturated(self.config.activation, v)).count();
        saturated as f64 / a.len().max(1) as f64
    }

    /// Per hidden layer, the angle between the rule's update and the true gradient on a fixed
    /// probe batch (the first `batch_size` training images); None under backprop and under a rule
    /// whose hidden layers do not learn (the shallow control).
    fn update_angles(&mut self) -> Vec<Option<f64>> {
        let hidden = self.probe_updates.len();
        if self.rule.is_exact_gradient() || !self.rule.rule_mut().trains_hidden_layers() {
            return vec![None; hidden];
        }
        let scale = self.config.convention.input_scale();
        let grad_scale = self.config.convention.gradient_scale(self.config.batch_size);
        let (x, labels) = self.trainer.batch_mut();
        self.train.write_scaled(0..self.config.batch_size, scale, x, labels);
        // The rule itself, not under the stochastic pass: nothing is drawn.
        self.trainer.compute_gradients(&self.model, grad_scale, self.rule.rule_mut());
        for (h, buffer) in self.probe_updates.iter_mut().enumerate() {
            zip_update("probe update", buffer.view_mut(), self.trainer.weight_gradient(h).view(), |b, g| *b = g);
        }
        self.trainer.compute_gradients(&self.model, grad_scale, &mut self.exact);
        (0..hidden).map(|h| Some(angle_deg(self.probe_updates[h].view(), self.trainer.weight_gradient(h).view()))).collect()
    }

    /// Under a rule that settles, every layer's energy at every inner iteration of one batch's
    /// settling (per phase), on the probe batch (the first `batch_size` training images) under
    /// the weights as they are now; None under a rule that does not settle. Nothing of the run
    /// changes: no update is applied, and the next step loads its own batch.
    pub fn settle_trace(&mut self) -> Option<SettleTrace> {
        let scale = self.config.convention.input_scale();
        let grad_scale = self.config.convention.gradient_scale(self.config.batch_size);
        let (x, labels) = self.trainer.batch_mut();
        self.train.write_scaled(0..self.config.batch_size, scale, x, labels);
        let rule = self.rule.rule_mut();
        rule.record_trace(true);
        self.trainer.compute_gradients(&self.model, grad_scale, rule);
        rule.record_trace(false);
        rule.settle_trace().cloned()
    }

    fn fail(&mut self, what: &'static str, value: f32) -> Error {
        let e = Error::Diverged { step: self.steps_done, what, value };
        self.failure = Some(e.clone());
        e
    }
}

#[cfg(test)]
mod tests {
    use ndarray::ArrayViewMut2;

    use super::*;
    use crate::nn::rules::{Gradients, LocalBatch, Settled, StochasticMode, Unsettled, Upstream};
    use crate::Dataset;

    /// A rule whose settling never converges: it writes a large update (which must not be
    /// applied) and reports 7 iterations with residual 0.5 against tolerance 1e-3.
    struct NeverSettles;

    impl LearningRule for NeverSettles {
        fn send_back(&self, _up: &Upstream, _error: ArrayViewMut2<f32>) {}

        fn local_update(&mut self, _batch: &LocalBatch, grads: &mut Gradients) -> Option<Result<Settled, Unsettled>> {
            grads.w.iter_mut().for_each(|g| g.fill(1e3));
            Some(Err(Unsettled { iterations: 7, residual: 0.5, tolerance: 1e-3 }))
        }
    }

    /// Twelve 4×4 images, labels i mod 10.
    fn tiny() -> Arc<Dataset> {
        let pixels = (0..12 * 16).map(|k| ((k / 16) * 20 + k % 16) as u8).collect();
        Arc::new(Dataset::from_parts(4, 4, pixels, (0..12).map(|i| i % 10).collect()))
    }

    #[test]
    fn a_batch_that_does_not_settle_stops_the_run_before_its_update() {
        let config = Config { hidden: vec![5], train_size: 12, batch_size: 4, steps: 10, eval_interval: 5, ..Config::default() };
        let mut exp = Experiment::new(config, tiny(), tiny()).unwrap();
        exp.step(2).unwrap();
        exp.rule = Stochastic::new(Box::new(NeverSettles), 0.0, StochasticMode::Corrupt, 1);
        let before = exp.model.clone();
        let err = exp.step(3).unwrap_err();
        assert_eq!(err, Error::Unsettled { step: 2, iterations: 7, residual: 0.5, tolerance: 1e-3 });
        let text = err.to_string();
        for part in ["step 2", "7 inner iterations", "5e-1", "settle_tolerance 1e-3"] {
            assert!(text.contains(part), "{text:?} should name {part:?}");
        }
        assert_eq!(exp.model, before, "no update from an unsettled state");
        assert_eq!(exp.steps_done(), 2);
        // The run stays stopped.
        assert_eq!(exp.step(1).unwrap_err(), err);
        assert_eq!(exp.model, before);
    }

    #[test]
    fn the_predicted_classes_are_the_ones_the_accuracy_counts() {
        let config = Config { hidden: vec![5], train_size: 12, batch_size: 4, steps: 20, eval_interval: 20, convention: crate::Convention::Standard, learning_rate: 0.5, ..Config::default() };
        let mut exp = Experiment::new(config, tiny(), tiny()).unwrap();
        exp.step(20).unwrap();
        let test = exp.test_set().clone();
        let right = (0..test.len()).filter(|&i| exp.predicted_class(i) == Some(usize::from(test.labels[i]))).count();
        let acc = exp.history().last().unwrap().test_acc.unwrap();
        assert_eq!(right as f64 / test.len() as f64, acc);
        assert!(right > 0, "a test that counts something");
        assert_eq!(exp.predicted_class(test.len()), None);
    }

    #[test]
    fn a_settle_trace_changes_nothing_of_the_run() {
        let config = |rule| Config { rule, hidden: vec![5], train_size: 12, batch_size: 4, steps: 10, eval_interval: 5, ..Config::defaults(crate::Convention::Standard) };
        for rule in [crate::Rule::PredictiveCoding, crate::Rule::EquilibriumPropagation] {
            let mut plain = Experiment::new(config(rule), tiny(), tiny()).unwrap();
            let mut traced = Experiment::new(config(rule), tiny(), tiny()).unwrap();
            plain.step(3).unwrap();
            traced.step(3).unwrap();
            let trace = traced.settle_trace().expect("a rule that settles has a trace");
            assert!(!trace.phases.is_empty() && trace.phases.iter().all(|p| !p.energy.is_empty() && p.energy[0].len() == 2));
            plain.step(7).unwrap();
            traced.step(7).unwrap();
            assert_eq!(plain.model, traced.model, "{rule:?}");
            assert_eq!(plain.history().last().unwrap().test_loss, traced.history().last().unwrap().test_loss);
        }
        let mut bp = Experiment::new(config(crate::Rule::Backprop), tiny(), tiny()).unwrap();
        assert!(bp.settle_trace().is_none());
    }

    #[test]
    fn how_often_a_run_is_evaluated_changes_nothing_of_its_training() {
        // Every rule: evaluating after every step (update-angle probes, settle inference, the
        // information measures) leaves the weights bit-identical to evaluating only at the end.
        let config = |rule, eval_interval| Config {
            rule,
            hidden: vec![5, 4],
            train_size: 12,
            batch_size: 4,
            steps: 8,
            eval_interval,
            ..Config::defaults(crate::Convention::Standard)
        };
        for &rule in crate::Rule::ALL {
            let mut often = Experiment::new(config(rule, 1), tiny(), tiny()).unwrap();
            let mut once = Experiment::new(config(rule, 8), tiny(), tiny()).unwrap();
            often.step(8).unwrap();
            once.step(8).unwrap();
            assert_eq!(often.history().len(), 9, "{rule:?}");
            assert_eq!(often.model, once.model, "{rule:?}: the evaluations changed the training");
            assert_eq!(often.history().last().unwrap().test_loss, once.history().last().unwrap().test_loss, "{rule:?}");
        }
    }

    #[test]
    fn inner_iterations_add_up_every_training_steps_settling() {
        // No evaluation in the 6 steps: its update angles leave the backprop probe in the trainer.
        let config = |rule| Config { rule, hidden: vec![5], train_size: 12, batch_size: 4, steps: 10, eval_interval: 10, ..Config::defaults(crate::Convention::Standard) };
        for rule in [crate::Rule::PredictiveCoding, crate::Rule::EquilibriumPropagation, crate::Rule::DendriticMicrocircuit] {
            let mut exp = Experiment::new(config(rule), tiny(), tiny()).unwrap();
            assert_eq!(exp.inner_iterations(), 0, "{rule:?}: the step-0 evaluation is not training");
            let mut each = Vec::new();
            for _ in 0..6 {
                exp.step(1).unwrap();
                each.push(exp.trainer.settled().unwrap().unwrap().iterations as u64);
            }
            assert_eq!(exp.inner_iterations(), each.iter().sum::<u64>(), "{rule:?}");
            exp.step(4).unwrap();
            assert!(exp.inner_iterations() > each.iter().sum::<u64>(), "{rule:?}: the steps around the evaluation count too");
            if rule == crate::Rule::DendriticMicrocircuit {
                assert_eq!(each, [1; 6], "its steady state is one iteration a step");
            } else {
                assert!(each.iter().all(|&n| n > 1), "{rule:?} relaxes over several iterations: {each:?}");
            }
        }
        let mut bp = Experiment::new(config(crate::Rule::Backprop), tiny(), tiny()).unwrap();
        bp.step(4).unwrap();
        assert_eq!(bp.inner_iterations(), 0);
    }
}
