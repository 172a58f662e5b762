//! Information theory of the layers: each layer's activity on a fixed set of images (the test
//! set), discretised into one code per image, is a random variable T; we estimate H(T), H(T|X),
//! I(X;T) with X the class label and I(T;Q) with Q the brightest quadrant of the image (the
//! coursework's "W"), with shuffled-label baselines, and H(X), H(Q), I(X;Q) of the data for
//! reference. All in bits. This module knows nothing of the config: a run's binning, bins and
//! bias correction become [`InfoSettings::new`].
//!
//! The usual path: build [`DataVariables`] once from the test set, then at each evaluation call
//! [`network_info`] (or [`layer_info`] per layer) on the layers' activities.
//!
//! - `estimate`: plug-in and Miller–Madow entropy, joint and conditional entropy, mutual
//!   information of discrete samples;
//! - `discretise`: threshold, uniform-bin and adaptive-bin codes of a layer's activity, and a
//!   layer's kind (what its outputs are: the one place that is chosen);
//! - `codes`: the packed codes (exact, ⌈log₂ k⌉ bits per unit) and their hex form;
//! - `groups`: exact grouping of samples by code, and the counts behind every estimate;
//! - `quadrant`: Q of an image;
//! - `layer`: the per-layer and data-level quantities;
//! - `dpi`: the data-processing check between two layers.

mod codes;
mod discretise;
mod dpi;
mod error;
mod estimate;
mod groups;
mod kde;
mod layer;
mod quadrant;
mod synthetic;

pub use codes::{code_text, Codes};
pub use discretise::{discretise, discretise_sample, Binning, Discretisation, LayerKind, MAX_BINS, MIN_BINS};
pub use dpi::{data_processing_check, data_processing_checks, DataProcessingCheck, DPI_TOLERANCE_BITS};
pub use error::InfoError;
pub use estimate::{
    conditional_entropy_bits, entropy_bits, entropy_from_counts_bits, joint_entropy_bits,
    mutual_information_bits, Estimator,
};
pub use kde::{
    adaptive_noise_var, kde_entropy_bits, kde_information_bits, kde_input_information_bits, kde_layer_info,
    kde_noise_entropy_bits, KdeBounds, KdeError, KdeInfo, KdeNoise, Sample, MAX_KDE_NOISE_VAR, MAX_KDE_SAMPLES,
};
pub use layer::{
    layer_info, layer_info_of_codes, network_info, DataInfo, DataVariables, InfoSettings, LayerInfo,
    UNDERSAMPLED_MARGIN_BITS,
};
pub use quadrant::{brightest_quadrant, brightest_quadrants};
pub use synthetic::{
    estimates_of_sample, estimator_check, ChannelKind, ChannelSample, CheckError, CheckRow, CheckSettings, DiscreteChannel,
    GaussianChannel, Truth, CLASSES, ESTIMATORS,
};
