//! Loss and accuracy of a model over a whole data set, in chunks, with buffers reused across
//! evaluations.

use crate::data::{Dataset, N_CLASSES};
use crate::nn::loss::{argmax, squared_error};
use crate::nn::Mlp;

/// Images per forward pass in an evaluation.
const CHUNK: usize = 500;

pub struct Evaluator {
    x: Vec<f32>,
    acts: Vec<Vec<f32>>,
}

impl Evaluator {
    pub fn new(model: &Mlp) -> Self {
        Self { x: vec![0.0; CHUNK * model.input_len()], acts: model.activation_buffers(CHUNK) }
    }

    /// (mean per-image squared error, accuracy) of `model` on the first `count` images of
    /// `data`, inputs times `scale`.
    pub fn evaluate(&mut self, model: &Mlp, data: &Dataset, count: usize, scale: f32) -> (f64, f64) {
        let total = count.min(data.len());
        let n = data.image_len();
        let last = model.layers.len() - 1;
        let mut loss_sum = 0.0f64;
        let mut correct = 0usize;
        for start in (0..total).step_by(CHUNK) {
            let chunk_len = CHUNK.min(total - start);
            let src = &data.pixels[start * n..(start + chunk_len) * n];
            self.x[..chunk_len * n].iter_mut().zip(src).for_each(|(d, &p)| *d = f32::from(p) * scale);
            model.forward(&self.x, chunk_len, &mut self.acts);
            let out = &self.acts[last];
            for i in 0..chunk_len {
                let o = &out[i * N_CLASSES..(i + 1) * N_CLASSES];
                let label = data.labels[start + i] as usize;
                loss_sum += f64::from(squared_error(o, label));
                correct += usize::from(argmax(o) == label);
            }
        }
        let images = total.max(1) as f64;
        (loss_sum / images, correct as f64 / images)
    }
}
