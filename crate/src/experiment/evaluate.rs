//! Loss and accuracy of a model over a whole data set, in chunks, with buffers reused across
//! evaluations.

use crate::config::Task;
use crate::data::{Dataset, N_CLASSES};
use crate::nn::loss::{argmax, squared_error, squared_error_dense};
use crate::nn::Mlp;

/// Images per forward pass in an evaluation.
const CHUNK: usize = 500;

pub struct Evaluator {
    task: Task,
    x: Vec<f32>,
    acts: Vec<Vec<f32>>,
    /// Every layer's output for every image of the last evaluation that kept it
    /// (images×units, row-major): the activity that diagnostics and information measures read.
    activity: Vec<Vec<f32>>,
}

impl Evaluator {
    pub fn new(model: &Mlp, task: Task) -> Self {
        Self {
            task,
            x: vec![0.0; CHUNK * model.input_len()],
            acts: model.activation_buffers(CHUNK),
            activity: vec![Vec::new(); model.layers.len()],
        }
    }

    /// Layer `l`'s output for every image of the last evaluation with `keep`.
    pub fn activity(&self, l: usize) -> &[f32] {
        &self.activity[l]
    }

    /// Every layer's output for every image of the last evaluation with `keep`.
    pub fn activities(&self) -> &[Vec<f32>] {
        &self.activity
    }

    /// (mean per-image loss, accuracy) of `model` on the first `count` images of `data`, inputs
    /// times `scale`. The loss is Σ_k (ŷ_k − y_k)² over the 10 outputs for a classifier, and the
    /// mean squared error per pixel for an autoencoder (whose accuracy is 0: it has none). With
    /// `keep`, every layer's output is kept (see [`Evaluator::activity`]).
    pub fn evaluate(&mut self, model: &Mlp, data: &Dataset, count: usize, scale: f32, keep: bool) -> (f64, f64) {
        let total = count.min(data.len());
        if keep {
            for (a, layer) in self.activity.iter_mut().zip(&model.layers) {
                a.resize(total * layer.n_out, 0.0);
            }
        }
        let n = data.image_len();
        let last = model.layers.len() - 1;
        let mut loss_sum = 0.0f64;
        let mut correct = 0usize;
        for start in (0..total).step_by(CHUNK) {
            let chunk_len = CHUNK.min(total - start);
            let src = &data.pixels[start * n..(start + chunk_len) * n];
            self.x[..chunk_len * n].iter_mut().zip(src).for_each(|(d, &p)| *d = f32::from(p) * scale);
            model.forward(&self.x, chunk_len, &mut self.acts);
            if keep {
                for ((a, acts), layer) in self.activity.iter_mut().zip(&self.acts).zip(&model.layers) {
                    let w = layer.n_out;
                    a[start * w..(start + chunk_len) * w].copy_from_slice(&acts[..chunk_len * w]);
                }
            }
            let out = &self.acts[last];
            match self.task {
                Task::Classify => {
                    for i in 0..chunk_len {
                        let o = &out[i * N_CLASSES..(i + 1) * N_CLASSES];
                        let label = data.labels[start + i] as usize;
                        loss_sum += f64::from(squared_error(o, label));
                        correct += usize::from(argmax(o) == label);
                    }
                }
                Task::Autoencode => {
                    for i in 0..chunk_len {
                        let (o, x) = (&out[i * n..(i + 1) * n], &self.x[i * n..(i + 1) * n]);
                        loss_sum += f64::from(squared_error_dense(o, x) * (1.0 / n as f32));
                    }
                }
            }
        }
        let images = total.max(1) as f64;
        (loss_sum / images, correct as f64 / images)
    }
}
