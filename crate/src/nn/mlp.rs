//! The network: dense layers, input side first. Hidden layers apply the activation; the output
//! layer applies its own (none for the classifier's linear outputs, a sigmoid for the
//! autoencoder's pixels). Row-major throughout: a batch is B×n_in, a weight matrix n_in×n_out,
//! so a layer computes Z = U·W (+ b), as in the coursework.

use ndarray::{s, Array1, Array2, ArrayView2};

use crate::analysis::{silence, AnalysisError};
use crate::nn::Activation;
use crate::rng::Rng;

use super::kernels::{matmul, operand, operand_mut};

#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    /// W, n_in×n_out.
    pub w: Array2<f32>,
    /// n_out biases, when the network has them.
    pub b: Option<Array1<f32>>,
}

impl Dense {
    /// A layer of weights `w` (n_in×n_out), no biases.
    pub fn new(w: Array2<f32>) -> Self {
        Self { w, b: None }
    }

    pub fn n_in(&self) -> usize {
        self.w.nrows()
    }

    pub fn n_out(&self) -> usize {
        self.w.ncols()
    }
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
                let w = Array2::from_shape_simple_fn((pair[0], pair[1]), || (rng.normal() * init_std) as f32);
                Dense { w, b: bias.then(|| Array1::zeros(pair[1])) }
            })
            .collect();
        Self { layers, activation, output_activation: None }
    }

    /// The same network with `output` applied to the last layer.
    pub fn with_output_activation(mut self, output: Option<Activation>) -> Self {
        self.output_activation = output;
        self
    }

    /// Bytes of the weights and biases of a network of widths `sizes`.
    pub fn bytes(sizes: &[usize], bias: bool) -> u64 {
        let floats: usize = sizes.windows(2).map(|p| p[0] * p[1] + if bias { p[1] } else { 0 }).sum();
        (floats * size_of::<f32>()) as u64
    }

    pub fn input_len(&self) -> usize {
        self.layers[0].n_in()
    }

    pub fn output_len(&self) -> usize {
        self.layers[self.layers.len() - 1].n_out()
    }

    /// Allocates one activation buffer per layer (batch×n_out) for batches of `batch` inputs.
    pub fn activation_buffers(&self, batch: usize) -> Vec<Array2<f32>> {
        self.layers.iter().map(|l| Array2::zeros((batch, l.n_out()))).collect()
    }

    /// Forward pass of the inputs `x` (B×n_in): the first B rows of `acts[l]` receive layer l's
    /// output A_l = f(A_{l−1}·W_l (+ b_l)), f the hidden activation, or the output activation
    /// (if any) for the last layer.
    pub fn forward(&self, x: ArrayView2<f32>, acts: &mut [Array2<f32>]) {
        self.forward_with(x, acts, |_, _| {});
    }

    /// The forward pass of a lesioned network: as [`Mlp::forward`], but after hidden layer
    /// `layer`'s activation, and before the next layer reads it, the units flagged in `silenced`
    /// (one flag per unit of that layer) output exactly 0 for every input
    /// (`analysis::silence`). An all-false mask changes nothing, bit for bit.
    pub fn forward_masked(
        &self,
        x: ArrayView2<f32>,
        acts: &mut [Array2<f32>],
        layer: usize,
        silenced: &[bool],
    ) -> Result<(), AnalysisError> {
        let hidden = self.layers.len() - 1;
        if layer >= hidden {
            return Err(AnalysisError::OutOfRange { op: "forward_masked", what: "hidden layer", index: layer, len: hidden });
        }
        let units = self.layers[layer].n_out();
        if silenced.len() != units {
            return Err(AnalysisError::LengthMismatch { op: "forward_masked", what: "the mask", expected: units, found: silenced.len() });
        }
        let mut result = Ok(());
        self.forward_with(x, acts, |l, out| {
            if l == layer {
                result = silence(out, units, silenced);
            }
        });
        result
    }

    /// The forward pass, calling `after(l, A_l)` on each hidden layer's output (the batch's
    /// rows) once its activation is applied.
    fn forward_with(&self, x: ArrayView2<f32>, acts: &mut [Array2<f32>], mut after: impl FnMut(usize, &mut [f32])) {
        let batch = x.nrows();
        let last = self.layers.len() - 1;
        for (l, layer) in self.layers.iter().enumerate() {
            let (before, after_l) = acts.split_at_mut(l);
            let input = if l == 0 { x.view() } else { before[l - 1].slice(s![..batch, ..]) };
            let mut out = after_l[0].slice_mut(s![..batch, ..]);
            matmul(input, layer.w.view(), out.view_mut());
            let out = operand_mut("forward", "A", out);
            if let Some(b) = &layer.b {
                let b = operand("forward", "b", b.view());
                for row in out.chunks_exact_mut(b.len()) {
                    row.iter_mut().zip(b).for_each(|(o, bi)| *o += bi);
                }
            }
            if l < last {
                self.activation.apply(out);
                after(l, out);
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
    use ndarray::array;

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
        assert_eq!(Mlp::bytes(&[784, 120, 10], false), 4 * (784 * 120 + 1200));
    }

    #[test]
    fn forward_matches_hand_computation() {
        let m = Mlp {
            layers: vec![
                Dense { w: array![[1.0, 0.0], [0.0, -1.0]], b: Some(array![0.0, 1.0]) },
                Dense::new(array![[2.0], [3.0]]),
            ],
            activation: Activation::Relu,
            output_activation: None,
        };
        let mut acts = m.activation_buffers(1);
        m.forward(array![[2.0, 0.5]].view(), &mut acts);
        // hidden = relu([2, -0.5 + 1]) = [2, 0.5]; out = 2·2 + 3·0.5
        assert_eq!(acts[0], array![[2.0, 0.5]]);
        assert_eq!(acts[1], array![[5.5]]);
        let mut masked = m.activation_buffers(1);
        m.forward_masked(array![[2.0, 0.5]].view(), &mut masked, 0, &[false, false]).unwrap();
        assert_eq!(masked, acts, "no unit silenced changes nothing");
        m.forward_masked(array![[2.0, 0.5]].view(), &mut masked, 0, &[true, false]).unwrap();
        // hidden = [0, 0.5]; out = 3·0.5
        assert_eq!((masked[0].clone(), masked[1].clone()), (array![[0.0, 0.5]], array![[1.5]]));
        assert!(matches!(m.forward_masked(array![[2.0, 0.5]].view(), &mut masked, 1, &[true]), Err(AnalysisError::OutOfRange { .. })));
        assert!(matches!(m.forward_masked(array![[2.0, 0.5]].view(), &mut masked, 0, &[true]), Err(AnalysisError::LengthMismatch { .. })));
    }
}
