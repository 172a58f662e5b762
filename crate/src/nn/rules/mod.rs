//! Learning rules: how the error travels back to the hidden layers.

use serde::{Deserialize, Serialize};

/// How the error travels back through the network. Every rule shares the forward pass and the
/// update W ← W − η·ΔW; they differ only in the error δ each hidden layer receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Exact gradients: ∂L/∂H_l = δ_{l+1}·W_{l+1}ᵀ, δ_l = f′(Z_l) ⊙ ∂L/∂H_l.
    #[default]
    Backprop,
    /// Feedback alignment (Lillicrap et al. 2016): W_{l+1}ᵀ replaced by a fixed random Bᵀ.
    FeedbackAlignment,
    /// Backprop without the activation's derivative: δ_l = ∂L/∂H_l.
    NoDerivative,
    /// Both of the above.
    FeedbackAlignmentNoDerivative,
    /// Direct feedback alignment (Nøkland 2016): the output error δ_L goes straight to every
    /// hidden layer through its own fixed random matrix, ∂L/∂H_l = δ_L·D_lᵀ.
    DirectFeedbackAlignment,
    /// Sign symmetry (Liao et al. 2016): W_{l+1}ᵀ replaced by sign(W_{l+1})ᵀ.
    SignSymmetry,
}

impl Rule {
    /// Whether the rule multiplies by f′(Z).
    pub fn uses_derivative(self) -> bool {
        !matches!(self, Rule::NoDerivative | Rule::FeedbackAlignmentNoDerivative)
    }
}

/// What the stochastic backward pass does on the steps it strikes (probability `stochastic_p`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StochasticMode {
    /// The coursework's: every hidden layer's error δ replaced by ones, so the first layer's
    /// update becomes the column sums of the inputs.
    #[default]
    Corrupt,
    /// No update of the hidden layers that step (the output layer still learns).
    Skip,
    /// Each hidden layer's δ replaced by Gaussian noise of the same root-mean-square.
    Noise,
}
