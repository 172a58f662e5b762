//! Neural networks on arrays: a stack of dense layers (`mlp`), its loss per task (`loss`),
//! trained (`trainer`) with an optimizer (`optimizer`: SGD, momentum, Adam) under a learning
//! rule (`rules/`), on matrix kernels (`kernels/`).
//! Knows nothing of data sets or configs: callers fill the trainer's batch and pass settings.

pub mod activation;
pub mod angle;
#[cfg(test)]
mod fixtures;
pub mod kernels;
pub mod loss;
mod mlp;
pub mod optimizer;
pub mod rules;
mod trainer;

pub use activation::{Activation, OutputActivation};
pub use mlp::{Dense, Mlp};
pub use trainer::{BatchStats, Trainer};
