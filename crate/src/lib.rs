//! brainlab: small neural networks trained step by step on Fashion-MNIST and measured as
//! brain models. The core is plain Rust with no JS types; `wasm.rs` wraps it for the browser
//! and `main.rs` wraps it as the native CLI.
//!
//! # Layering
//! Modules point one way: each uses only those on the lines below it (checked with
//! `grep -o 'crate::[a-z]*' -r crate/src/MODULE`).
//!
//! ```text
//! wasm.rs, cli/   the two front doors: JS API and native CLI   use presets, experiment, config
//! presets         named experiments (runs of configs)          uses config
//! experiment      one run, a state machine advanced by step(n) uses config, info, nn, data, rng
//! config          one table of fields; composes the enums      uses info, nn, data
//! info            entropies, codes, KDE bounds, known answers  uses nn (Activation), data, rng
//! analysis        RDMs, RSA, tuning, receptive fields, lesions uses rng
//! nn              arrays in, arrays out: layers, rules, kernels uses rng
//! data            IDX files -> data sets                       uses error
//! rng             the seeded ChaCha streams
//! error           the typed errors; `Error` gathers every module's
//! ```
//!
//! `nn` knows nothing of `Dataset` or `config`; `info` and `analysis` know nothing of `config`
//! or `experiment`; the domain enums live with their code (`Activation` in `nn::activation`,
//! `Rule` in `nn::rules`, `Task` in `nn::loss`, `Binning` in `info`) and `config` composes them.
//! The memory budget is the sum of what each owner says it allocates
//! (`experiment::memory_bytes`).

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
