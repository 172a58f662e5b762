//! Non-linearities (the hidden layers' and the output's) and their derivatives, applied in
//! place. `libm` supplies the exponential so results are identical natively and in wasm.

use serde::{Deserialize, Serialize};

/// Hidden-layer non-linearity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// σ(z) = 1 / (1 + e^(−z))
    #[default]
    Sigmoid,
    /// tanh(z)
    Tanh,
    /// max(0, z)
    Relu,
}

/// The output layer's activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OutputActivation {
    /// ŷ = Z (the classifier's, as in the coursework).
    #[default]
    Linear,
    /// ŷ = σ(Z), in (0, 1) like the pixels an autoencoder redraws.
    Sigmoid,
}

impl OutputActivation {
    pub fn activation(self) -> Option<Activation> {
        match self {
            OutputActivation::Linear => None,
            OutputActivation::Sigmoid => Some(Activation::Sigmoid),
        }
    }
}

impl Activation {
    /// The output of a silent unit, the activation's lowest value: 0 for σ and ReLU, −1 for
    /// tanh. A unit's firing rate is its output minus this floor (`analysis::tuning`).
    pub fn floor(self) -> f64 {
        match self {
            Activation::Sigmoid | Activation::Relu => 0.0,
            Activation::Tanh => -1.0,
        }
    }

    /// h = f(z), element-wise, in place.
    pub fn apply(self, z: &mut [f32]) {
        match self {
            // Four lanes at a time, bit for bit `1 / (1 + libm::expf(-z))` (kernels/math.rs).
            Activation::Sigmoid => super::kernels::sigmoid_in_place(z),
            Activation::Tanh => z.iter_mut().for_each(|v| *v = libm::tanhf(*v)),
            Activation::Relu => z.iter_mut().for_each(|v| *v = v.max(0.0)),
        }
    }

    /// f′(z) written in terms of the output h = f(z): σ′ = h(1 − h), tanh′ = 1 − h²,
    /// relu′ = [h > 0].
    #[inline]
    pub fn derivative_from_output(self, h: f32) -> f32 {
        match self {
            Activation::Sigmoid => h * (1.0 - h),
            Activation::Tanh => 1.0 - h * h,
            Activation::Relu => {
                if h > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_finite_differences() {
        for act in [Activation::Sigmoid, Activation::Tanh, Activation::Relu] {
            for &z in &[-3.0f32, -0.7, 0.4, 2.5] {
                let eps = 1e-3f32;
                let f = |x: f32| {
                    let mut v = [x];
                    act.apply(&mut v);
                    v[0]
                };
                let numeric = (f(z + eps) - f(z - eps)) / (2.0 * eps);
                let analytic = act.derivative_from_output(f(z));
                assert!((numeric - analytic).abs() < 1e-3, "{act:?} at {z}: {numeric} vs {analytic}");
            }
        }
    }

    #[test]
    fn the_floor_is_the_lowest_output() {
        for act in [Activation::Sigmoid, Activation::Tanh, Activation::Relu] {
            let mut v = [-1e4f32, -3.0, 0.0, 3.0];
            act.apply(&mut v);
            assert!(v.iter().all(|&h| f64::from(h) >= act.floor()), "{act:?}: {v:?}");
            assert_eq!(f64::from(v[0]), act.floor(), "{act:?} reaches its floor");
        }
    }

    #[test]
    fn sigmoid_saturates_without_nan() {
        let mut v = [-1e4f32, 1e4, 0.0];
        Activation::Sigmoid.apply(&mut v);
        assert_eq!(v, [0.0, 1.0, 0.5]);
    }
}
