//! brainlab: small neural networks trained step by step on Fashion-MNIST and measured as
//! brain models. The core is plain Rust with no JS types; `wasm.rs` wraps it for the browser
//! and `main.rs` wraps it as the native CLI.
//!
//! # Layering
//! Modules point one way: the code of each uses only modules on lines below its own (its tests
//! may use more). `error` is the one exception: its `Error` gathers the error types of the
//! modules it names, while the errors of `data` and `config` are its own. The test
//! crate/tests/layering.rs enforces this diagram, which it reads as its table: it reads every
//! file under crate/src for its `crate::` paths (test items aside), and fails on a use the
//! diagram does not give, on a use it gives but no code makes, on a row that uses a row above
//! it, and when a module of this file is not drawn.
//!
//! ```text
//! module      owns                                                     uses
//! wasm        the JS API (wasm32 only; the one file that knows JS)     analysis, arena, config, data, experiment, info, presets, rng, stats
//! cli         the native CLI: subcommands, flags from the field table  analysis, arena, config, data, error, experiment, info, presets, rng, stats
//! arena       rules compared over seeds, paired by seed                config, experiment, stats
//! presets     named experiments (runs of configs)                      config
//! experiment  one run, a state machine advanced by step(n)             analysis, config, data, error, info, nn, rng, stats
//! config      one table of fields; composes the enums                  data, error, info, nn
//! info        entropies, codes, KDE bounds, known answers              data, nn, rng
//! nn          arrays in, arrays out: layers, rules, kernels            analysis, rng
//! analysis    RDMs, RSA, tuning, receptive fields, lesion masks        rng
//! data        IDX files -> data sets                                   error
//! stats       mean and 95% interval over seeds, per-step summaries     -
//! rng         the seeded ChaCha streams                                -
//! error       the typed errors; `Error` gathers those of               analysis, experiment, info
//! ```
//!
//! `nn` knows nothing of `Dataset` or `config`; `info` and `analysis` know nothing of `config`
//! or `experiment`; the domain enums live with their code (`Activation` in `nn::activation`,
//! `Rule` in `nn::rules`, `Task` in `nn::loss`, `Binning` in `info`) and `config` composes them.
//! `analysis` sits below `nn`: pure functions over plain arrays (activity, labels, weights) that
//! know no network; the lesioned forward pass (`nn::Mlp::forward_masked`) applies its lesion
//! (`analysis::silence`) and reports its `AnalysisError`. `stats` is statistics over plain
//! values; a run's evaluation reaches it as `experiment::Metrics::step_figures`. The memory
//! budget is the sum of what each owner says it allocates (`experiment::memory_bytes`).

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
