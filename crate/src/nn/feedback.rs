//! The backward path of each learning rule: which matrix carries the error from a layer to
//! the one below it, and how far that matrix is from the one backprop would use.

use crate::nn::rules::Rule;
use crate::rng::{Rng, Stream};

use super::kernels::{matmul, matmul_a_bt};
use super::Mlp;

/// The matrices a rule sends errors back through. Layer l's weights W_l are n_in×n_out; the
/// error reaching the output of hidden layer l−1 is ∂L/∂H_{l−1} = δ_l·Mᵀ with M:
/// W_l (backprop), a fixed random B_l of the same shape (feedback alignment) or sign(W_l)
/// (sign symmetry); under direct feedback alignment it is δ_L·D_{l−1}ᵀ, with D_{l−1} a fixed
/// random n_{l−1}×n_out matrix.
pub struct Feedback {
    rule: Rule,
    /// Indexed by weight layer l (FA, sign symmetry: index 0 unused) or by hidden layer
    /// (DFA). Empty for backprop.
    matrices: Vec<Vec<f32>>,
}

impl Feedback {
    /// Draws the fixed matrices, N(0, σ = `std`), from the seed's feedback stream.
    pub fn new(rule: Rule, model: &Mlp, std: f64, seed: u32) -> Self {
        let mut rng = Rng::new(seed, Stream::Feedback);
        let mut draw = |len: usize| (0..len).map(|_| (rng.normal() * std) as f32).collect::<Vec<f32>>();
        let layers = &model.layers;
        let matrices = match rule {
            Rule::Backprop | Rule::NoDerivative => Vec::new(),
            Rule::FeedbackAlignment | Rule::FeedbackAlignmentNoDerivative => {
                layers.iter().enumerate().map(|(l, layer)| if l == 0 { Vec::new() } else { draw(layer.w.len()) }).collect()
            }
            Rule::SignSymmetry => layers.iter().map(|layer| vec![0.0; layer.w.len()]).collect(),
            Rule::DirectFeedbackAlignment => {
                let outputs = model.output_len();
                layers[..layers.len() - 1].iter().map(|layer| draw(layer.n_out * outputs)).collect()
            }
        };
        let mut feedback = Self { rule, matrices };
        feedback.refresh(model);
        feedback
    }

    pub fn rule(&self) -> Rule {
        self.rule
    }

    #[cfg(test)]
    pub(crate) fn matrices_for_tests(&self) -> &[Vec<f32>] {
        &self.matrices
    }

    /// Brings matrices that follow the weights up to date (sign symmetry); call before each
    /// backward pass.
    pub fn refresh(&mut self, model: &Mlp) {
        if self.rule == Rule::SignSymmetry {
            for (s, layer) in self.matrices.iter_mut().zip(&model.layers).skip(1) {
                s.iter_mut().zip(&layer.w).for_each(|(s, &w)| *s = sign(w));
            }
        }
    }

    /// Writes ∂L/∂H_{l−1} (batch×n_in of layer l) into `out`, from δ_l (`delta`) or, under
    /// direct feedback alignment, from the output error `delta_out`.
    pub fn send_back(&self, model: &Mlp, l: usize, delta: &[f32], delta_out: &[f32], batch: usize, out: &mut [f32]) {
        let layer = &model.layers[l];
        match self.rule {
            Rule::Backprop | Rule::NoDerivative => matmul_a_bt(delta, &layer.w, out, batch, layer.n_out, layer.n_in),
            Rule::FeedbackAlignment | Rule::FeedbackAlignmentNoDerivative | Rule::SignSymmetry => {
                matmul_a_bt(delta, &self.matrices[l], out, batch, layer.n_out, layer.n_in)
            }
            Rule::DirectFeedbackAlignment => {
                matmul_a_bt(delta_out, &self.matrices[l - 1], out, batch, model.output_len(), layer.n_in)
            }
        }
    }

    /// For hidden layer `h` (0-based): the angle in degrees between the matrix that carries
    /// the error into it under this rule and the one backprop would use (W_{h+1}, or for
    /// direct feedback the product W_{h+1}···W_L). None for backprop itself.
    pub fn angle_deg(&self, model: &Mlp, h: usize) -> Option<f64> {
        match self.rule {
            Rule::Backprop | Rule::NoDerivative => None,
            Rule::FeedbackAlignment | Rule::FeedbackAlignmentNoDerivative | Rule::SignSymmetry => {
                Some(angle_deg(&self.matrices[h + 1], &model.layers[h + 1].w))
            }
            Rule::DirectFeedbackAlignment => Some(angle_deg(&self.matrices[h], &forward_product(model, h + 1))),
        }
    }
}

fn sign(w: f32) -> f32 {
    if w > 0.0 {
        1.0
    } else if w < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// W_from·W_{from+1}···W_L: the linear map from hidden layer `from − 1`'s output to the outputs.
fn forward_product(model: &Mlp, from: usize) -> Vec<f32> {
    let first = &model.layers[from];
    let mut acc = first.w.clone();
    let mut cols = first.n_out;
    for layer in &model.layers[from + 1..] {
        let mut next = vec![0.0; first.n_in * layer.n_out];
        matmul(&acc, &layer.w, &mut next, first.n_in, cols, layer.n_out);
        acc = next;
        cols = layer.n_out;
    }
    acc
}

/// The angle between two vectors in degrees, arccos(a·b / (|a||b|)); 90 if either is zero.
pub fn angle_deg(a: &[f32], b: &[f32]) -> f64 {
    let (mut dot, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        return 90.0;
    }
    libm::acos((dot / libm::sqrt(aa * bb)).clamp(-1.0, 1.0)).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;
    use crate::nn::Dense;

    fn net() -> Mlp {
        Mlp {
            layers: vec![
                Dense { n_in: 2, n_out: 2, w: vec![1.0, 2.0, 3.0, 4.0], b: None },
                Dense { n_in: 2, n_out: 1, w: vec![0.5, -2.0], b: None },
            ],
            activation: Activation::Sigmoid,
            output_activation: None,
        }
    }

    #[test]
    fn angles() {
        assert!((angle_deg(&[1.0, 0.0], &[0.0, 3.0]) - 90.0).abs() < 1e-9);
        assert!(angle_deg(&[1.0, 1.0], &[2.0, 2.0]).abs() < 1e-6);
        assert!((angle_deg(&[1.0, 0.0], &[-1.0, 0.0]) - 180.0).abs() < 1e-9);
        assert!((angle_deg(&[1.0, 0.0], &[1.0, 1.0]) - 45.0).abs() < 1e-6);
    }

    #[test]
    fn each_rule_sends_back_through_its_matrix() {
        let m = net();
        let delta = [2.0f32];
        let mut out = [0.0f32; 2];
        // Backprop: δ·W2ᵀ = 2·[0.5, −2].
        Feedback::new(Rule::Backprop, &m, 1.0, 1).send_back(&m, 1, &delta, &delta, 1, &mut out);
        assert_eq!(out, [1.0, -4.0]);
        // Sign symmetry: 2·sign([0.5, −2]).
        let ss = Feedback::new(Rule::SignSymmetry, &m, 1.0, 1);
        ss.send_back(&m, 1, &delta, &delta, 1, &mut out);
        assert_eq!(out, [2.0, -2.0]);
        assert!(ss.angle_deg(&m, 0).unwrap() < 45.0);
        // Feedback alignment: 2·B2, B2 drawn from the seed, the same each time.
        let fa = Feedback::new(Rule::FeedbackAlignment, &m, 1.0, 9);
        fa.send_back(&m, 1, &delta, &delta, 1, &mut out);
        assert_eq!(out, [2.0 * fa.matrices[1][0], 2.0 * fa.matrices[1][1]]);
        assert_eq!(fa.matrices[1], Feedback::new(Rule::FeedbackAlignment, &m, 1.0, 9).matrices[1]);
        assert!(Feedback::new(Rule::Backprop, &m, 1.0, 1).angle_deg(&m, 0).is_none());
        // Direct feedback with one hidden layer: δ_L·D0ᵀ, D0 is 2×1.
        let dfa = Feedback::new(Rule::DirectFeedbackAlignment, &m, 1.0, 9);
        dfa.send_back(&m, 1, &[0.0], &delta, 1, &mut out);
        assert_eq!(out, [2.0 * dfa.matrices[0][0], 2.0 * dfa.matrices[0][1]]);
    }

    #[test]
    fn direct_feedback_compares_with_the_forward_product() {
        let mut m = net();
        m.layers.insert(1, Dense { n_in: 2, n_out: 2, w: vec![1.0, 0.0, 0.0, 1.0], b: None });
        // With an identity middle layer the product W2·W3 is W3.
        assert_eq!(forward_product(&m, 1), vec![0.5, -2.0]);
        let dfa = Feedback::new(Rule::DirectFeedbackAlignment, &m, 1.0, 3);
        let expected = angle_deg(&dfa.matrices[0], &[0.5, -2.0]);
        assert_eq!(dfa.angle_deg(&m, 0), Some(expected));
    }
}
