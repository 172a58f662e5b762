//! brainlab: small neural networks trained step by step on Fashion-MNIST and measured as
//! brain models. The core is plain Rust with no JS types; `wasm.rs` wraps it for the browser
//! and `main.rs` wraps it as the native CLI.

pub mod analysis;
pub mod arena;
pub mod config;
pub mod data;
pub mod error;
pub mod experiment;
pub mod info;
pub mod nn;
pub mod presets;
pub mod rng;
pub mod stats;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use config::{Activation, Binning, Config, ConfigInput, Convention, OutputActivation, Rule, StochasticMode, Task};
pub use data::Dataset;
pub use error::{ConfigError, DataError, Error, IdxError};
pub use experiment::{Experiment, Metrics};
