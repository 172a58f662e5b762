//! brainlab: small neural networks trained step by step on Fashion-MNIST and measured as
//! brain models. The core is plain Rust with no JS types; `wasm.rs` wraps it for the browser
//! and `main.rs` wraps it as the native CLI.
//!
//! # Layering
//! Modules point one way, downwards (an arrow is "uses"):
//!
//! ```text
//!            wasm.rs (the JS API)      cli/ (the native CLI)
//!                    \                  /
//!                     presets  ────────┤        named experiments: runs of configs
//!                        │             │
//!                     experiment ──────┘        one run: data + network + rule + measures,
//!                    /   │     \                a state machine advanced by step(n)
//!               config   │      \               one table of fields; composes the enums below
//!              /  │  \   │       \
//!          info   │   nn ─┴── analysis          info: entropies, codes, KDE bounds, checks
//!            │ \  │  /  \        │             nn: arrays in, arrays out (rules, kernels)
//!            │  data   rng ──────┘             analysis: RDMs, RSA, tuning, receptive fields
//!            │                                  data: IDX files → data sets; rng: ChaCha streams
//!          error (the typed errors every module returns; `Error` gathers them)
//! ```
//!
//! `nn` knows nothing of `Dataset` or `config`; `info` and `analysis` know nothing of `config`
//! or `experiment`; the domain enums live with their code (`Activation` in `nn::activation`,
//! `Rule` in `nn::rules`, `Task` in `nn::loss`, `Binning` in `info`) and `config` composes them.
//! The memory budget is the sum of what each owner says it allocates
//! (`experiment::memory_bytes`).

pub mod analysis;
pub mod config;
pub mod data;
pub mod error;
pub mod experiment;
pub mod info;
pub mod nn;
pub mod presets;
pub mod rng;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use config::{Activation, Binning, Config, ConfigInput, Convention, OutputActivation, Rule, StochasticMode, Task};
pub use data::Dataset;
pub use error::{ConfigError, DataError, Error, IdxError};
pub use experiment::{Experiment, Metrics};
