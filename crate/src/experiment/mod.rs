//! The step-wise runner: a state machine advanced by `step(n)`; the caller sets the pace.

mod diagnostics;
mod evaluate;
mod metrics;
mod probe;
mod runner;
mod sampler;

pub use diagnostics::{is_saturated, DiagnosticSums, LayerDiagnostics};
pub use evaluate::Evaluator;
pub use metrics::{csv_field, csv_rows, Metrics, MAX_CSV_LAYERS};
pub use probe::{ImageCode, ProbeError, Reconstructions, MAX_RECONSTRUCTIONS};
pub use runner::{Experiment, MAX_HISTORY};
pub use sampler::BatchSampler;
