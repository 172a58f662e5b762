//! The network: dense layers, input side first. Hidden layers apply the activation; the last
//! layer is linear. Row-major throughout: a batch is B×n_in, a weight matrix n_in×n_out, so a
//! layer computes Z = U·W (+ b), as in the coursework.

use crate::nn::Activation;
use crate::rng::Rng;

use super::kernels::matmul;

#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    pub n_in: usize,
    pub n_out: usize,
    /// n_in×n_out, row-major.
    pub w: Vec<f32>,
    /// n_out biases, when the network has them.
    pub b: Option<Vec<f32>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    pub layers: Vec<Dense>,
    pub activation: Activation,
    /// The output layer's activation; None for linear outputs (the classifier's).
    pub output_activation: Option<Activation>,
}

impl Mlp {
    /// A network with layer widths `sizes` (input first, outputs last), weights drawn from
    /// N(0, σ = `init_std`) layer by layer in row-major order, biases (if any) zero, linear
    /// outputs.
    pub fn new(sizes: &[usize], activation: Activation, bias: bool, init_std: f64, rng: &mut Rng) -> Self {
        assert!(sizes.len() >= 2, "a network needs an input and an output size");
        let layers = sizes
            .windows(2)
            .map(|pair| {
                let (n_in, n_out) = (pair[0], pair[1]);
                let w = (0..n_in * n_out).map(|_| (rng.normal() * init_std) as f32).collect();
                Dense { n_in, n_out, w, b: bias.then(|| vec![0.0; n_out]) }
            })
            .collect();
        Self { layers, activation, output_activation: None }
    }

    /// The same network with `output` applied to the last layer.
    pub fn with_output_activation(mut self, output: Option<Activation>) -> Self {
        self.output_activation = output;
        self
    }

    pub fn input_len(&self) -> usize {
        self.layers[0].n_in
    }

    pub fn output_len(&self) -> usize {
        self.layers[self.layers.len() - 1].n_out
    }

    /// Allocates one activation buffer per layer for batches of `batch` inputs.
    pub fn activation_buffers(&self, batch: usize) -> Vec<Vec<f32>> {
        self.layers.iter().map(|l| vec![0.0; batch * l.n_out]).collect()
    }

    /// Forward pass of `batch` inputs `x` (batch×n_in): `acts[l]` receives layer l's output
    /// (after the activation for hidden layers; the linear outputs ŷ for the last).
    pub fn forward(&self, x: &[f32], batch: usize, acts: &mut [Vec<f32>]) {
        let last = self.layers.len() - 1;
        for (l, layer) in self.layers.iter().enumerate() {
            let (before, after) = acts.split_at_mut(l);
            let input: &[f32] = if l == 0 { x } else { &before[l - 1] };
            let out = &mut after[0][..batch * layer.n_out];
            matmul(input, &layer.w, out, batch, layer.n_in, layer.n_out);
            if let Some(b) = &layer.b {
                for row in out.chunks_exact_mut(layer.n_out) {
                    row.iter_mut().zip(b).for_each(|(o, bi)| *o += bi);
                }
            }
            if l < last {
                self.activation.apply(out);
            } else if let Some(f) = self.output_activation {
                f.apply(out);
            }
        }
    }

    /// True when every weight and bias is finite.
    pub fn is_finite(&self) -> bool {
        self.layers.iter().all(|l| {
            l.w.iter().all(|v| v.is_finite()) && l.b.as_ref().is_none_or(|b| b.iter().all(|v| v.is_finite()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn init_has_the_requested_spread() {
        let mut rng = Rng::new(1, Stream::Init);
        let m = Mlp::new(&[784, 120, 10], Activation::Sigmoid, false, 0.01, &mut rng);
        let w = &m.layers[0].w;
        let mean = w.iter().map(|&v| f64::from(v)).sum::<f64>() / w.len() as f64;
        let std = (w.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / w.len() as f64).sqrt();
        assert!((std - 0.01).abs() < 2e-4, "std {std}");
        assert!(m.layers.iter().all(|l| l.b.is_none()));
        assert_eq!((m.input_len(), m.output_len()), (784, 10));
    }

    #[test]
    fn forward_matches_hand_computation() {
        let m = Mlp {
            layers: vec![
                Dense { n_in: 2, n_out: 2, w: vec![1.0, 0.0, 0.0, -1.0], b: Some(vec![0.0, 1.0]) },
                Dense { n_in: 2, n_out: 1, w: vec![2.0, 3.0], b: None },
            ],
            activation: Activation::Relu,
            output_activation: None,
        };
        let mut acts = m.activation_buffers(1);
        m.forward(&[2.0, 0.5], 1, &mut acts);
        // hidden = relu([2, -0.5 + 1]) = [2, 0.5]; out = 2·2 + 3·0.5
        assert_eq!(acts[0], vec![2.0, 0.5]);
        assert_eq!(acts[1], vec![5.5]);
    }
}
