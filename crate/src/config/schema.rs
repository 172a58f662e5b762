//! A description of every config field (kind, allowed values, range, a line of help) for front
//! ends: the page builds its controls from it, and the URL and config-file readers their checks.

use serde::Serialize;

use super::{MAX_BATCH, MAX_FEEDBACK_STD, MAX_HIDDEN_LAYERS, MAX_INIT_STD, MAX_LAYER_WIDTH, MAX_LEARNING_RATE, MAX_STEPS, MAX_TRAIN_SIZE};
use crate::info::{MAX_BINS, MIN_BINS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Int,
    Float,
    Bool,
    Enum,
    /// A list of whole numbers (the hidden layer widths).
    List,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// The allowed values of an enum field.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub options: &'static [&'static str],
    /// Bounds of a number (of each entry, for a list); a float's lower bound is exclusive when
    /// `min_exclusive`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub min_exclusive: bool,
    /// Most entries of a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    pub help: &'static str,
}

const fn field(name: &'static str, kind: Kind, help: &'static str) -> Field {
    Field { name, kind, options: &[], min: None, max: None, min_exclusive: false, max_len: None, help }
}

const fn range(mut f: Field, min: f64, max: f64, min_exclusive: bool) -> Field {
    f.min = Some(min);
    f.max = Some(max);
    f.min_exclusive = min_exclusive;
    f
}

const fn options(mut f: Field, options: &'static [&'static str]) -> Field {
    f.options = options;
    f
}

/// Every field, in the order a form shows them.
pub const FIELDS: [Field; 20] = [
    {
        let mut f = range(field("hidden", Kind::List, "Hidden layer widths, input side first"), 1.0, MAX_LAYER_WIDTH as f64, false);
        f.max_len = Some(MAX_HIDDEN_LAYERS);
        f
    },
    options(field("activation", Kind::Enum, "Hidden-layer non-linearity"), &["sigmoid", "tanh", "relu"]),
    field("bias", Kind::Bool, "Give layers biases (the coursework's have none)"),
    options(
        field("convention", Kind::Enum, "coursework: raw pixels, summed loss; standard: pixels in [0,1], mean loss"),
        &["coursework", "standard"],
    ),
    range(field("learning_rate", Kind::Float, "SGD step size"), 0.0, MAX_LEARNING_RATE, true),
    range(field("batch_size", Kind::Int, "Images per mini-batch (at most train_size)"), 1.0, MAX_BATCH as f64, false),
    range(field("train_size", Kind::Int, "Train on the first N training images"), 1.0, MAX_TRAIN_SIZE as f64, false),
    range(field("eval_interval", Kind::Int, "Steps between evaluations on the test set"), 1.0, MAX_STEPS as f64, false),
    range(field("seed", Kind::Int, "The seed of every random draw: the same seed, the same run"), 0.0, u32::MAX as f64, false),
    range(field("steps", Kind::Int, "Training steps (mini-batches)"), 1.0, MAX_STEPS as f64, false),
    range(field("init_std", Kind::Float, "σ of the N(0, σ) initial weights"), 0.0, MAX_INIT_STD, true),
    options(
        field("rule", Kind::Enum, "How the error travels back to the hidden layers"),
        &[
            "backprop",
            "feedback_alignment",
            "no_derivative",
            "feedback_alignment_no_derivative",
            "direct_feedback_alignment",
            "sign_symmetry",
        ],
    ),
    range(field("feedback_std", Kind::Float, "σ of the fixed random feedback matrices"), 0.0, MAX_FEEDBACK_STD, true),
    range(field("stochastic_p", Kind::Float, "Probability per step of the stochastic backward pass"), 0.0, 1.0, false),
    options(
        field("stochastic_mode", Kind::Enum, "What a struck step does: corrupt (errors become ones), skip, or noise"),
        &["corrupt", "skip", "noise"],
    ),
    options(
        field("binning", Kind::Enum, "How layer activity becomes codes: one bit per unit, or k equal-width or equal-mass bins"),
        &["threshold", "uniform", "adaptive"],
    ),
    range(field("bins", Kind::Int, "Bins per unit for uniform and adaptive binning"), MIN_BINS as f64, MAX_BINS as f64, false),
    field("bias_correction", Kind::Bool, "Miller–Madow correction of the entropies"),
    options(
        field("task", Kind::Enum, "classify the image, or autoencode it: redraw it through a bottleneck"),
        &["classify", "autoencode"],
    ),
    options(field("output_activation", Kind::Enum, "The output layer: linear, or sigmoid like the pixels"), &["linear", "sigmoid"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, ConfigInput};

    #[test]
    fn describes_every_field_and_only_those() {
        let json = serde_json::to_value(ConfigInput::from(&Config::default())).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let mut names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(names, sorted_keys);
    }

    #[test]
    fn every_option_is_accepted_and_bounds_are_the_validators() {
        for f in &FIELDS {
            for &o in f.options {
                let mut input = ConfigInput::default();
                input.set(f.name, serde_json::json!(o)).unwrap_or_else(|e| panic!("{}={o}: {e}", f.name));
                input.resolve().unwrap();
            }
            if let (Some(_), Some(max)) = (f.min, f.max) {
                if f.kind == Kind::Int && f.name != "batch_size" && f.name != "train_size" {
                    let mut at_max = ConfigInput::default();
                    at_max.set(f.name, serde_json::json!(max)).unwrap();
                    assert!(at_max.resolve().is_ok(), "{} at its max", f.name);
                    let mut past = ConfigInput::default();
                    if past.set(f.name, serde_json::json!(max + 1.0)).is_ok() {
                        assert_eq!(past.resolve().unwrap_err().field, f.name, "{} past its max", f.name);
                    }
                }
            }
        }
    }
}
