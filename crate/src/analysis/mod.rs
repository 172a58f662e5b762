//! The network analysed as a neuroscientist analyses a brain: tuning and selectivity,
//! sparseness, representational dissimilarity and similarity (RSA), receptive fields and
//! spike-triggered averages, and the unit masks of lesions. Pure functions over plain data — a
//! layer's activity (images × units), labels 0..=9, weight matrices (n_in × n_out) — with f64
//! sums in a fixed order and `libm` for rounding and roots, so every number and picture is
//! bit-identical natively and in wasm.
//!
//! - `activity`: the checked inputs ([`Activity`], [`Weights`]);
//! - `tuning`: class means, standard errors, the selectivity index;
//! - `sparseness`: lifetime and population sparseness (Treves–Rolls, Vinje–Gallant);
//! - `histogram`: their distributions per layer;
//! - `rdm`: class and image RDMs (1 − Pearson), the pixel and label references;
//! - `rsa`: Spearman correlation of two RDMs;
//! - `colour`, `receptive`: receptive-field and STA grids as RGBA pictures;
//! - `lesion`: unit orders, masks per fraction, and silencing a layer's output.

mod activity;
mod colour;
mod error;
mod histogram;
mod lesion;
mod rdm;
mod receptive;
mod rsa;
mod sparseness;
mod tuning;

/// The number of classes (Fashion-MNIST's ten).
pub const CLASSES: usize = 10;

pub use activity::{Activity, Scalar, Weights};
pub use colour::{ColourMap, RDBU};
pub use error::AnalysisError;
pub use histogram::{histogram, Histogram};
pub use lesion::{
    lesion_masks, most_selective_first, random_order, silence, standard_fractions, LesionMask, LesionOrder,
};
pub use rdm::{class_rdm, class_sorted_subset, image_rdm, label_rdm, pearson_rdm, Rdm};
pub use receptive::{
    receptive_field_grid, spike_triggered_average, tile_grid, GridLayout, RgbaImage, Sta, Tiles, GAP_RGBA,
};
pub use rsa::{average_ranks, rsa, rsa_upper, spearman};
pub use sparseness::{lifetime_sparseness, population_sparseness};
pub use tuning::{class_means, selectivity, tuning, ClassMeans, Selectivity, Tuning};
