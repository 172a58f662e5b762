//! What happens inside the network while it learns, per weight layer, at each evaluation: the
//! coursework's Figure 1 (sizes of gradients, errors and weight changes) and, for rules that do
//! not transport weights, how well their feedback aligns with backprop (Lillicrap et al. 2016);
//! and the figures a rule declares of its own ([`RuleFigures`]).

use std::borrow::Cow;
use std::fmt;

use ndarray::Array2;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::config::{Activation, MAX_HIDDEN_LAYERS};
use crate::nn::kernels::{zip_fold, zip_update};
use crate::nn::rules::LearningRule;
use crate::nn::{Mlp, Trainer};

/// Diagnostics of weight layer l (W_l, its output A_l = f(Z_l)). Means are over elements and,
/// for the per-step figures, over the steps since the previous evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerDiagnostics {
    /// mean |∂L/∂W_l| as the rule computes it (the update is −η times it).
    pub mean_abs_grad: f64,
    /// mean |W_l(now) − W_l(previous evaluation)| / steps: the average weight change per step.
    pub mean_abs_dw_per_step: f64,
    /// mean |W_l|.
    pub mean_abs_w: f64,
    /// mean |∂L/∂A_l| as sent back by the rule (for the output layer, ∂L/∂Ŷ).
    pub mean_abs_dl_dh: f64,
    /// mean |δ_l| = |∂L/∂Z_l| as used for the update.
    pub mean_abs_dl_dz: f64,
    /// Hidden layers: fraction of (test image, unit) pairs where the unit is saturated, i.e.
    /// f′(z) < 5% of its maximum (sigmoid h < 0.0127 or > 0.9873; tanh |h| > 0.9747; ReLU h = 0).
    pub saturated_fraction: Option<f64>,
    /// Hidden layers under feedback rules: angle in degrees between the matrix carrying the
    /// error into this layer and the one backprop would use.
    pub feedback_angle_deg: Option<f64>,
    /// Hidden layers under rules other than backprop: angle in degrees between the rule's
    /// update and the true gradient on the same batch (below 90° means it still descends).
    pub update_angle_deg: Option<f64>,
    /// Hidden layers: the figures the run's rule declares of its own
    /// (`FromSettings::DIAGNOSTICS`: target propagation's `inverse_error`, the dendritic
    /// microcircuit's `apical_rms`, `apical_nudged_rms` and `interneuron_error`), each a key of
    /// this layer's JSON beside the fields above, present only where the rule reports it.
    #[serde(flatten)]
    pub rule_figures: RuleFigures,
}

impl LayerDiagnostics {
    /// The rule's figure `name` for this layer (None where the rule does not report it).
    pub fn figure(&self, name: &str) -> Option<f64> {
        self.rule_figures.get(name)
    }
}

/// A layer's figures declared by its rule, (name, value) in the rule's declared order; a figure
/// without a value is absent. Serialised as a map of name → value, flattened into
/// [`LayerDiagnostics`]' JSON; read back, any key the struct does not know lands here (a null
/// value is absent, as a None is).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleFigures(pub Vec<(Cow<'static, str>, f64)>);

impl RuleFigures {
    /// Hidden layer `h`'s figures from `rule`, which declares `specs`.
    pub fn of(rule: &dyn LearningRule, specs: &'static [crate::nn::rules::DiagnosticSpec], h: usize) -> Self {
        let mut values = vec![None; specs.len()];
        rule.diagnostics(h, &mut values);
        Self(specs.iter().zip(values).filter_map(|(spec, v)| v.map(|v| (Cow::Borrowed(spec.name), v))).collect())
    }

    /// The figure `name`, if reported.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|(n, _)| n == name).map(|&(_, v)| v)
    }

    /// Sets the figure `name` to `value` (replacing it if present).
    pub fn set(&mut self, name: &'static str, value: f64) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(f) => f.1 = value,
            None => self.0.push((Cow::Borrowed(name), value)),
        }
    }
}

impl Serialize for RuleFigures {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// [`LayerDiagnostics`]' fields other than the rule's figures, in its JSON: the five means it
/// must have, then the three figures that may be absent or null.
const MEANS: [&str; 5] = ["mean_abs_grad", "mean_abs_dw_per_step", "mean_abs_w", "mean_abs_dl_dh", "mean_abs_dl_dz"];
const OPTIONAL: [&str; 3] = ["saturated_fraction", "feedback_angle_deg", "update_angle_deg"];

/// Read by hand rather than derived: serde's `flatten` (the rule's figures beside the common
/// fields) buffers the whole map to deserialise it, which costs the wasm kilobytes of code.
/// Every key that is not a common field is a rule's figure (a null one is absent).
impl<'de> Deserialize<'de> for LayerDiagnostics {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Layer;
        impl<'de> Visitor<'de> for Layer {
            type Value = LayerDiagnostics;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a layer's diagnostics: a map of names to numbers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LayerDiagnostics, A::Error> {
                let mut means = [None; MEANS.len()];
                let mut optional = [None; OPTIONAL.len()];
                let mut figures = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    let value: Option<f64> = map.next_value()?;
                    if let Some(i) = MEANS.iter().position(|&n| n == name) {
                        means[i] = Some(value.ok_or_else(|| de::Error::custom(format_args!("`{name}` is null")))?);
                    } else if let Some(i) = OPTIONAL.iter().position(|&n| n == name) {
                        optional[i] = value;
                    } else if let Some(v) = value {
                        figures.push((Cow::Owned(name), v));
                    }
                }
                let mean = |i: usize| means[i].ok_or_else(|| de::Error::missing_field(MEANS[i]));
                Ok(LayerDiagnostics {
                    mean_abs_grad: mean(0)?,
                    mean_abs_dw_per_step: mean(1)?,
                    mean_abs_w: mean(2)?,
                    mean_abs_dl_dh: mean(3)?,
                    mean_abs_dl_dz: mean(4)?,
                    saturated_fraction: optional[0],
                    feedback_angle_deg: optional[1],
                    update_angle_deg: optional[2],
                    rule_figures: RuleFigures(figures),
                })
            }
        }
        deserializer.deserialize_map(Layer)
    }
}

/// Whether a hidden unit with output `h` is saturated (f′ below 5% of its maximum).
pub fn is_saturated(activation: Activation, h: f32) -> bool {
    match activation {
        Activation::Sigmoid => h * (1.0 - h) < 0.05 * 0.25,
        Activation::Tanh => 1.0 - h * h < 0.05,
        Activation::Relu => h <= 0.0,
    }
}

fn mean_abs(v: &Array2<f32>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.iter().map(|&x| f64::from(x.abs())).sum::<f64>() / v.len() as f64
}

/// Running sums between evaluations, and the weights at the previous evaluation.
pub struct DiagnosticSums {
    steps: usize,
    grad: Vec<f64>,
    dl_dh: Vec<f64>,
    dl_dz: Vec<f64>,
    previous_w: Vec<Array2<f32>>,
}

impl DiagnosticSums {
    /// Bytes the sums allocate for a network of widths `sizes`: the weights at the previous
    /// evaluation.
    pub fn bytes(sizes: &[usize]) -> u64 {
        (sizes.windows(2).map(|p| p[0] * p[1]).sum::<usize>() * size_of::<f32>()) as u64
    }

    pub fn new(model: &Mlp) -> Self {
        let n = model.layers.len();
        Self {
            steps: 0,
            grad: vec![0.0; n],
            dl_dh: vec![0.0; n],
            dl_dz: vec![0.0; n],
            previous_w: model.layers.iter().map(|l| l.w.clone()).collect(),
        }
    }

    /// Adds one step's gradients and errors (after `compute_gradients`). Returns false, adding
    /// nothing, if any gradient is NaN or infinite (their mean absolute value then is too).
    pub fn add_step(&mut self, trainer: &Trainer) -> bool {
        // On the stack: no allocation per step.
        let mut grads = [0.0f64; MAX_HIDDEN_LAYERS + 1];
        let layers = self.grad.len();
        for (l, g) in grads[..layers].iter_mut().enumerate() {
            *g = mean_abs(trainer.weight_gradient(l));
        }
        if !grads[..layers].iter().all(|g| g.is_finite()) {
            return false;
        }
        self.steps += 1;
        for (l, &g) in grads[..layers].iter().enumerate() {
            self.grad[l] += g;
            self.dl_dh[l] += mean_abs(trainer.error(l));
            self.dl_dz[l] += mean_abs(trainer.delta(l));
        }
        true
    }

    /// The diagnostics since the previous call; `saturation`, `feedback_angles`,
    /// `update_angles` and `rule_figures` are per hidden layer. Starts the next interval.
    pub fn finish(
        &mut self,
        model: &Mlp,
        saturation: &[f64],
        feedback_angles: &[Option<f64>],
        update_angles: &[Option<f64>],
        rule_figures: Vec<RuleFigures>,
    ) -> Vec<LayerDiagnostics> {
        let steps = self.steps.max(1) as f64;
        let hidden = model.layers.len() - 1;
        let mut rule_figures = rule_figures.into_iter();
        let out = model
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let drift = zip_fold("drift", layer.w.view(), self.previous_w[l].view(), 0.0f64, |s, a, b| s + f64::from((a - b).abs()))
                    / layer.w.len() as f64;
                LayerDiagnostics {
                    mean_abs_grad: self.grad[l] / steps,
                    mean_abs_dw_per_step: if self.steps == 0 { 0.0 } else { drift / steps },
                    mean_abs_w: mean_abs(&layer.w),
                    mean_abs_dl_dh: self.dl_dh[l] / steps,
                    mean_abs_dl_dz: self.dl_dz[l] / steps,
                    saturated_fraction: (l < hidden).then(|| saturation[l]),
                    feedback_angle_deg: if l < hidden { feedback_angles[l] } else { None },
                    update_angle_deg: if l < hidden { update_angles[l] } else { None },
                    rule_figures: if l < hidden { rule_figures.next().unwrap_or_default() } else { RuleFigures::default() },
                }
            })
            .collect();
        self.steps = 0;
        self.grad.iter_mut().chain(&mut self.dl_dh).chain(&mut self.dl_dz).for_each(|v| *v = 0.0);
        for (prev, layer) in self.previous_w.iter_mut().zip(&model.layers) {
            zip_update("weights snapshot", prev.view_mut(), layer.w.view(), |p, w| *p = w);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::rules::Rule;

    fn layer(figures: &[(&'static str, f64)]) -> LayerDiagnostics {
        LayerDiagnostics {
            mean_abs_grad: 0.5,
            mean_abs_dw_per_step: 0.25,
            mean_abs_w: 1.0,
            mean_abs_dl_dh: 2.0,
            mean_abs_dl_dz: 3.0,
            saturated_fraction: Some(0.125),
            feedback_angle_deg: None,
            update_angle_deg: Some(45.0),
            rule_figures: RuleFigures(figures.iter().map(|&(n, v)| (Cow::Borrowed(n), v)).collect()),
        }
    }

    #[test]
    fn a_rules_figures_are_keys_of_the_layers_json_beside_the_common_ones() {
        let micro = layer(&[("apical_rms", 0.5), ("interneuron_error", 0.0625)]);
        let text = serde_json::to_string(&micro).unwrap();
        // The keys in order: the common fields, then the rule's figures in its declared order.
        let keys = ["mean_abs_grad", "mean_abs_dw_per_step", "mean_abs_w", "mean_abs_dl_dh", "mean_abs_dl_dz", "saturated_fraction", "feedback_angle_deg", "update_angle_deg", "apical_rms", "interneuron_error"];
        let at: Vec<usize> = keys.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} in {text}"))).collect();
        assert!(at.windows(2).all(|p| p[0] < p[1]), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json.as_object().unwrap().len(), keys.len(), "{text}");
        assert_eq!((json["apical_rms"].as_f64(), json.get("apical_nudged_rms")), (Some(0.5), None), "a figure without a value is absent");
        let back: LayerDiagnostics = serde_json::from_value(json).unwrap();
        assert_eq!(back, micro);
        assert_eq!((back.figure("interneuron_error"), back.figure("inverse_error")), (Some(0.0625), None));
        // A null (a NaN written to JSON) reads back as absent, as a None field does.
        let nulled: LayerDiagnostics = serde_json::from_str(&serde_json::to_string(&layer(&[("inverse_error", f64::NAN)])).unwrap()).unwrap();
        assert_eq!(nulled.figure("inverse_error"), None);
        // A common field missing or null is named; a missing optional one is None.
        let mut partial = serde_json::to_value(layer(&[])).unwrap();
        partial.as_object_mut().unwrap().remove("update_angle_deg");
        assert_eq!(serde_json::from_value::<LayerDiagnostics>(partial.clone()).unwrap().update_angle_deg, None);
        partial.as_object_mut().unwrap().remove("mean_abs_w");
        assert!(serde_json::from_value::<LayerDiagnostics>(partial.clone()).unwrap_err().to_string().contains("mean_abs_w"));
        partial["mean_abs_w"] = serde_json::Value::Null;
        assert!(serde_json::from_value::<LayerDiagnostics>(partial).unwrap_err().to_string().contains("`mean_abs_w` is null"));
        // No rule's figure can take the name of a common field (flattened, it would clash).
        let common = serde_json::to_value(layer(&[])).unwrap();
        for name in Rule::diagnostic_names() {
            assert!(common.get(name).is_none(), "a rule declares '{name}', a field of every layer");
        }
    }

    #[test]
    fn saturation_thresholds() {
        assert!(is_saturated(Activation::Sigmoid, 0.999));
        assert!(is_saturated(Activation::Sigmoid, 0.001));
        assert!(!is_saturated(Activation::Sigmoid, 0.5));
        assert!(!is_saturated(Activation::Sigmoid, 0.98));
        assert!(is_saturated(Activation::Tanh, -0.99));
        assert!(!is_saturated(Activation::Tanh, 0.9));
        assert!(is_saturated(Activation::Relu, 0.0));
        assert!(!is_saturated(Activation::Relu, 0.1));
    }
}
