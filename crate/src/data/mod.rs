//! Data: IDX files (the MNIST format), optionally gzipped, and the labelled image sets built
//! from them.

mod dataset;
pub mod gzip;
pub mod idx;

pub use dataset::{DataSummary, Dataset, N_CLASSES};
