//! One run: composes the data, the network and its learning rule, and the information measures
//! into a state machine advanced by `step(n)`; the caller sets the pace.

mod analysis;
mod summary;
mod diagnostics;
mod evaluate;
mod lesion;
mod memory;
mod metrics;
mod probe;
mod runner;
mod sampler;

pub use analysis::{receptive_field_columns, LayerAnalysis, RDM_IMAGES_PER_CLASS, TILE_GAP};
pub use summary::{AnalysisSummary, AnalysisTrack, Distribution, LayerSummary, MAX_SUMMARIES, SUMMARY_BINS};
pub use diagnostics::LayerDiagnostics;
pub use lesion::{LesionPoint, LesionResult, LesionSpec, LesionUnits};
pub use metrics::{csv_field, csv_rows, metrics_csv, seeded_csv_header_line, summary_csv_fields, Metrics, SeedHistory, SettingHistories, MAX_CSV_LAYERS};
pub use probe::{ImageCode, ProbeError, Reconstructions, MAX_RECONSTRUCTIONS};
pub use memory::{check_memory, memory_bytes, MemoryBytes};
pub use runner::{Experiment, MAX_HISTORY};

use diagnostics::{is_saturated, DiagnosticSums};
use evaluate::Evaluator;
use sampler::BatchSampler;
