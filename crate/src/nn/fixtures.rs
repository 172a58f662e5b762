//! Test fixtures shared by the trainer's and the rules' tests: a tiny batch, a 2-2-1 network
//! to see which matrix a rule sends its error through, and a 1-1-10 network whose every rule's
//! update is worked out by hand.

use ndarray::{array, Array2, ArrayView2};

use crate::nn::loss::Task;
use crate::nn::rules::{LearningRule, RuleSettings, Upstream};
use crate::nn::{Activation, Dense, Mlp, Trainer};

/// The settings the hand-worked checks draw their random matrices with.
pub const SETTINGS: RuleSettings = RuleSettings::new(1.0, 11);

/// Fills a 6-image trainer with a tiny batch: 6 images of 3×3 pixels, (37·i mod 256)/255, and
/// labels 0, 3, 9, 1, 1, 5.
pub fn load_tiny_batch(t: &mut Trainer) {
    let (mut x, labels) = t.batch_mut();
    for (i, v) in x.iter_mut().enumerate() {
        *v = f32::from((i as u32 * 37 % 256) as u8) * (1.0 / 255.0);
    }
    labels.copy_from_slice(&[0, 3, 9, 1, 1, 5]);
}

/// 2 inputs → 2 sigmoid units (W1 = [[1, 2], [3, 4]]) → 1 output (W2 = [[0.5], [−2]]).
pub fn two_layer_net() -> Mlp {
    Mlp {
        layers: vec![Dense::new(array![[1.0, 2.0], [3.0, 4.0]]), Dense::new(array![[0.5], [-2.0]])],
        activation: Activation::Sigmoid,
        output_activation: None,
    }
}

/// The error `rule` sends back from weight layer `l` of `model` for one image with δ_l =
/// `delta` and δ_L = `delta_out`.
pub fn send_back(rule: &dyn LearningRule, model: &Mlp, l: usize, delta: &[f32], delta_out: &[f32]) -> Vec<f32> {
    let n_in = model.layers[l].n_in();
    let acts = model.activation_buffers(1);
    let input = Array2::zeros((1, model.input_len()));
    let up = Upstream {
        model,
        layer: l,
        delta: ArrayView2::from_shape((1, delta.len()), delta).unwrap(),
        delta_out: ArrayView2::from_shape((1, delta_out.len()), delta_out).unwrap(),
        input: input.view(),
        acts: &acts,
    };
    let mut error = Array2::zeros((1, n_in));
    rule.send_back(&up, error.view_mut());
    error.iter().copied().collect()
}

/// 1 input → 1 sigmoid unit (weight 0.4) → 10 linear outputs v_k = 0.3 − 0.07k, one image of
/// value x = 2 and label 0, so every rule's update can be written out by hand.
pub struct Worked {
    pub model: Mlp,
    pub x: f64,
    /// The hidden unit's output h = σ(0.4x).
    pub h: f64,
    /// The output weights v_k.
    pub v: Vec<f64>,
    /// e_k = ∂L/∂ŷ_k = 2(h·v_k − y_k), y = one-hot(0).
    pub e: Vec<f64>,
}

impl Worked {
    pub fn new() -> Self {
        let v: Vec<f32> = (0..10).map(|k| 0.3 - 0.07 * k as f32).collect();
        let model = Mlp {
            layers: vec![
                Dense::new(array![[0.4]]),
                Dense::new(Array2::from_shape_vec((1, 10), v.clone()).unwrap()),
            ],
            activation: Activation::Sigmoid,
            output_activation: None,
        };
        let x = 2.0f64;
        let h = 1.0 / (1.0 + (-x * 0.4f64).exp());
        let v: Vec<f64> = v.iter().map(|&w| f64::from(w)).collect();
        let e = v.iter().enumerate().map(|(k, vk)| 2.0 * (h * vk - if k == 0 { 1.0 } else { 0.0 })).collect();
        Self { model, x, h, v, e }
    }

    /// Σ_k e_k·b_k: the error reaching the hidden unit through the feedback weights `b`.
    pub fn dh(&self, b: &[f64]) -> f64 {
        self.e.iter().zip(b).map(|(ek, bk)| ek * bk).sum()
    }

    /// ∂L/∂W1 = x·h(1 − h)·Σ_k e_k·b_k for the error sent through the 1×10 matrix `b`.
    pub fn through(&self, b: &Array2<f32>) -> f64 {
        let b: Vec<f64> = b.iter().map(|&v| f64::from(v)).collect();
        self.x * self.h * (1.0 - self.h) * self.dh(&b)
    }

    /// Trains one step under `rule`; checks ∂L/∂W1 against `dw1` and ∂L/∂W2 against the true
    /// gradient h·e (the output layer learns the same way under every rule).
    pub fn check(&self, rule: &mut dyn LearningRule, dw1: f64) {
        let mut t = Trainer::new(&self.model, 1, Task::Classify);
        {
            let (mut x, labels) = t.batch_mut();
            x[[0, 0]] = self.x as f32;
            labels[0] = 0;
        }
        t.compute_gradients(&self.model, 1.0, rule);
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-5 * (1.0 + b.abs()), "{a} vs {b}");
        close(f64::from(t.weight_gradient(0)[[0, 0]]), dw1);
        for (&g, ek) in t.weight_gradient(1).iter().zip(&self.e) {
            close(f64::from(g), self.h * ek);
        }
    }
}
