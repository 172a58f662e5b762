//! Neural networks: a stack of dense layers trained by SGD.

pub mod activation;
pub mod feedback;
pub mod kernels;
pub mod loss;
pub mod rules;
mod mlp;
mod trainer;

pub use activation::{Activation, OutputActivation};
pub use mlp::{Dense, Mlp};
pub use feedback::Feedback;
pub use trainer::{BackwardPass, BatchStats, Trainer};
