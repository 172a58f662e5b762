//! Loss and accuracy of a model over a whole data set, in chunks, with buffers reused across
//! evaluations, keeping every layer's activity for the diagnostics and information measures.
//! Under a rule whose network answers with its free equilibrium (equilibrium propagation,
//! [`LearningRule::infer`]) the pass is that rule's ([`Evaluator::evaluate_with`]).

use ndarray::{s, Array2};

use crate::analysis::AnalysisError;
use crate::data::Dataset;
use crate::nn::loss::{Loss, Target, Task};
use crate::nn::kernels::zip_update;
use crate::nn::rules::LearningRule;
use crate::nn::Mlp;

/// Images per forward pass in an evaluation.
const CHUNK: usize = 500;

pub struct Evaluator {
    task: Task,
    /// The loss images are scored by: the run's training loss.
    loss: Loss,
    /// A chunk's inputs, CHUNK×n_in, and labels.
    x: Array2<f32>,
    labels: Vec<u8>,
    acts: Vec<Array2<f32>>,
    /// Every layer's output for every image of the last evaluation that kept it
    /// (images×units): the activity that diagnostics and information measures read.
    activity: Vec<Array2<f32>>,
}

impl Evaluator {
    pub fn new(model: &Mlp, task: Task, loss: Loss) -> Self {
        Self {
            task,
            loss,
            x: Array2::zeros((CHUNK, model.input_len())),
            labels: vec![0; CHUNK],
            acts: model.activation_buffers(CHUNK),
            activity: model.layers.iter().map(|l| Array2::zeros((0, l.n_out()))).collect(),
        }
    }

    /// Bytes an evaluator allocates for a network of widths `sizes` (input first) that keeps
    /// the activity of `kept` images: a chunk's inputs, labels and layer outputs, and the kept
    /// activity.
    pub fn bytes(sizes: &[usize], kept: usize) -> u64 {
        let units: usize = sizes[1..].iter().sum();
        let floats = CHUNK * (sizes[0] + units) + kept * units;
        (floats * size_of::<f32>() + CHUNK) as u64
    }

    /// Layer `l`'s output for every image of the last evaluation with `keep` (images×units).
    pub fn activity(&self, l: usize) -> &Array2<f32> {
        &self.activity[l]
    }

    /// Every layer's output for every image of the last evaluation with `keep`.
    pub fn activities(&self) -> &[Array2<f32>] {
        &self.activity
    }

    /// (mean per-image loss, accuracy) of `model` on the first `count` images of `data`, inputs
    /// times `scale`, each image scored by the task and the evaluator's loss (`nn::loss`; an autoencoder's
    /// accuracy is 0: it has none). With `keep`, every layer's output is kept (see
    /// [`Evaluator::activity`]). Each chunk's pass is made by `rule` when it has its own ([`LearningRule::infer`]), the
    /// feed-forward pass otherwise.
    pub fn evaluate_with(&mut self, model: &Mlp, data: &Dataset, count: usize, scale: f32, keep: bool, rule: &mut dyn LearningRule) -> (f64, f64) {
        self.run(model, data, count, scale, keep, Pass::Rule(rule)).unwrap_or((f64::NAN, f64::NAN))
    }

    /// [`Evaluator::evaluate_with`] of the lesioned network: with `lesion = Some((layer, silenced))`
    /// the forward pass is [`Mlp::forward_masked`] (the silenced units of hidden layer `layer`
    /// output 0); with None it is the normal one.
    pub fn evaluate_masked(
        &mut self,
        model: &Mlp,
        data: &Dataset,
        count: usize,
        scale: f32,
        keep: bool,
        lesion: Option<(usize, &[bool])>,
    ) -> Result<(f64, f64), AnalysisError> {
        let pass = match lesion {
            None => Pass::Forward,
            Some((layer, silenced)) => Pass::Masked(layer, silenced),
        };
        self.run(model, data, count, scale, keep, pass)
    }

    fn run(&mut self, model: &Mlp, data: &Dataset, count: usize, scale: f32, keep: bool, mut pass: Pass) -> Result<(f64, f64), AnalysisError> {
        let total = count.min(data.len());
        if keep {
            for (a, layer) in self.activity.iter_mut().zip(&model.layers) {
                if a.nrows() != total {
                    *a = Array2::zeros((total, layer.n_out()));
                }
            }
        }
        let (n, width) = (model.input_len(), model.output_len());
        let last = model.layers.len() - 1;
        let mut loss_sum = 0.0f64;
        let mut correct = 0usize;
        for start in (0..total).step_by(CHUNK) {
            let chunk_len = CHUNK.min(total - start);
            data.write_scaled(start..start + chunk_len, scale, self.x.view_mut(), &mut self.labels);
            let x = self.x.slice(s![..chunk_len, ..]);
            match &mut pass {
                Pass::Forward => model.forward(x, &mut self.acts),
                Pass::Masked(layer, silenced) => model.forward_masked(x, &mut self.acts, *layer, silenced)?,
                Pass::Rule(rule) => {
                    if !rule.infer(model, x, &mut self.acts) {
                        model.forward(x, &mut self.acts);
                    }
                }
            }
            if keep {
                for (a, acts) in self.activity.iter_mut().zip(&self.acts) {
                    zip_update("kept activity", a.slice_mut(s![start..start + chunk_len, ..]), acts.slice(s![..chunk_len, ..]), |k, v| *k = v);
                }
            }
            let out = self.acts[last].as_slice().expect("buffers are row-major");
            let x = self.x.as_slice().expect("buffers are row-major");
            let images = out.chunks_exact(width).zip(x.chunks_exact(n)).zip(&self.labels[..chunk_len]);
            for ((o, input), &label) in images {
                let (loss, hit) = self.task.image_loss(self.loss, o, Target { label, input });
                loss_sum += f64::from(loss);
                correct += usize::from(hit);
            }
        }
        let images = total.max(1) as f64;
        Ok((loss_sum / images, correct as f64 / images))
    }
}

/// How an evaluation makes each chunk's pass.
enum Pass<'a> {
    Forward,
    /// The lesioned forward pass: hidden layer, silenced units.
    Masked(usize, &'a [bool]),
    /// The rule's own pass when it has one.
    Rule(&'a mut dyn LearningRule),
}
