//! Neural networks: a stack of dense layers trained by SGD.

pub mod activation;
pub mod feedback;
pub mod kernels;
pub mod loss;
mod mlp;
mod trainer;

pub use mlp::{Dense, Mlp};
pub use feedback::Feedback;
pub use trainer::{BackwardPass, BatchStats, Trainer};
