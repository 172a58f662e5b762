//! Lesions of a running experiment: a copy of the network evaluated on the test set with some
//! units of one hidden layer silenced (their outputs set to 0 after the activation, see
//! `analysis::lesion` for why 0), at any moment of training. The copy has its own evaluator,
//! allocated on demand, so training, its buffers and its history are never touched.

use serde::{Deserialize, Serialize};

use crate::analysis::{class_means, lesion_masks, selectivity, standard_fractions, Activity, AnalysisError, LesionOrder};
use crate::error::Error;
use crate::info::{network_info, LayerInfo};

use super::{Evaluator, Experiment};

/// Which units of the layer to silence. In JSON `{kind: "list", units: [..]}`,
/// `{kind: "random", fraction}` or `{kind: "most_selective_first", fraction}` (read through
/// [`LesionUnitsJson`]: serde's internally tagged enums buffer their input and cost the wasm
/// about 20 KB of code, a plain struct does not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LesionUnitsJson", into = "LesionUnitsJson")]
pub enum LesionUnits {
    /// These units (indices into the layer).
    List { units: Vec<usize> },
    /// round(fraction · U) units in a random order drawn from the run's seed.
    Random { fraction: f64 },
    /// round(fraction · U) units, the most selective first (the selectivity index at the last
    /// evaluation).
    MostSelectiveFirst { fraction: f64 },
}

/// The names of [`LesionUnits`]' kinds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LesionKind {
    List,
    Random,
    MostSelectiveFirst,
}

/// [`LesionUnits`] as JSON has it: the kind, and the field that kind needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LesionUnitsJson {
    kind: LesionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    units: Option<Vec<usize>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fraction: Option<f64>,
}

impl TryFrom<LesionUnitsJson> for LesionUnits {
    type Error = String;

    fn try_from(j: LesionUnitsJson) -> Result<Self, String> {
        let kind = match j.kind {
            LesionKind::List => "list",
            LesionKind::Random => "random",
            LesionKind::MostSelectiveFirst => "most_selective_first",
        };
        let fraction = || j.fraction.ok_or_else(|| format!("missing field `fraction` (kind {kind})"));
        Ok(match (j.kind, j.units, j.fraction) {
            (LesionKind::List, Some(units), None) => LesionUnits::List { units },
            (LesionKind::List, None, _) => return Err("missing field `units` (kind list)".into()),
            (LesionKind::List, Some(_), Some(_)) => return Err("field `fraction` is not for kind list".into()),
            (_, Some(_), _) => return Err(format!("field `units` is not for kind {kind}")),
            (LesionKind::Random, None, _) => LesionUnits::Random { fraction: fraction()? },
            (LesionKind::MostSelectiveFirst, None, _) => LesionUnits::MostSelectiveFirst { fraction: fraction()? },
        })
    }
}

impl From<LesionUnits> for LesionUnitsJson {
    fn from(u: LesionUnits) -> Self {
        match u {
            LesionUnits::List { units } => Self { kind: LesionKind::List, units: Some(units), fraction: None },
            LesionUnits::Random { fraction } => Self { kind: LesionKind::Random, units: None, fraction: Some(fraction) },
            LesionUnits::MostSelectiveFirst { fraction } => {
                Self { kind: LesionKind::MostSelectiveFirst, units: None, fraction: Some(fraction) }
            }
        }
    }
}

/// A lesion: units of hidden layer `layer` (0 = the first hidden layer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LesionSpec {
    pub layer: usize,
    pub units: LesionUnits,
}

/// The lesioned copy's test figures at the step of the last evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LesionResult {
    pub layer: usize,
    /// The silenced units, ascending.
    pub silenced: Vec<usize>,
    pub test_loss: f64,
    /// None for a task without accuracy (the autoencoder).
    pub test_acc: Option<f64>,
    /// The information measures of every layer of the copy (the lesioned layer's count the zeros).
    pub info: Vec<LayerInfo>,
}

/// One point of a lesion curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LesionPoint {
    pub fraction: f64,
    /// `random` or `most_selective_first` ([`LesionOrder::name`]).
    pub order: &'static str,
    pub silenced: usize,
    pub test_loss: f64,
    pub test_acc: Option<f64>,
}

impl Experiment {
    /// The test loss, accuracy and information measures of a copy of the network with the
    /// units of `spec` silenced. Training is untouched.
    pub fn lesioned(&self, spec: &LesionSpec) -> Result<LesionResult, Error> {
        let silenced = self.lesion_mask(spec)?;
        let mut evaluator = Evaluator::new(self.model(), self.config().task, self.config().loss);
        let (test_loss, test_acc) = self.evaluate_lesioned(&mut evaluator, spec.layer, &silenced, true)?;
        let model = self.model();
        let info = network_info(evaluator.activities(), model.activation, model.output_activation, self.config().info_settings(), self.data_variables())?;
        let units = silenced.iter().enumerate().filter(|(_, &s)| s).map(|(u, _)| u).collect();
        Ok(LesionResult { layer: spec.layer, silenced: units, test_loss, test_acc: self.task_accuracy(test_acc), info })
    }

    /// Every layer's output on every test image of the lesioned copy (images × units), as
    /// [`Experiment::activities`] is for the network itself.
    pub fn lesioned_activities(&self, spec: &LesionSpec) -> Result<Vec<ndarray::Array2<f32>>, Error> {
        let silenced = self.lesion_mask(spec)?;
        let mut evaluator = Evaluator::new(self.model(), self.config().task, self.config().loss);
        self.evaluate_lesioned(&mut evaluator, spec.layer, &silenced, true)?;
        Ok(evaluator.activities().to_vec())
    }

    /// The lesion curve of hidden layer `layer`: test accuracy (and loss) against the fraction
    /// silenced, 0, 0.1, …, 1, for the random order (the run's seed) and then most selective
    /// first; the masks of one order are nested.
    pub fn lesion_curve(&self, layer: usize) -> Result<Vec<LesionPoint>, Error> {
        let sel = self.layer_selectivity(layer)?;
        let mut evaluator = Evaluator::new(self.model(), self.config().task, self.config().loss);
        let mut points = Vec::new();
        for order in [LesionOrder::Random { seed: self.config().seed }, LesionOrder::MostSelectiveFirst] {
            for mask in lesion_masks(&order.order(&sel)?, &standard_fractions())? {
                let (test_loss, test_acc) = self.evaluate_lesioned(&mut evaluator, layer, &mask.silenced, false)?;
                points.push(LesionPoint {
                    fraction: mask.fraction,
                    order: order.name(),
                    silenced: mask.silenced_count(),
                    test_loss,
                    test_acc: self.task_accuracy(test_acc),
                });
            }
        }
        Ok(points)
    }

    /// The class selectivity index of every unit of hidden layer `layer` at the last
    /// evaluation (`analysis::selectivity`, rates above the activation's floor).
    pub fn layer_selectivity(&self, layer: usize) -> Result<Vec<f64>, Error> {
        let values = self.hidden_activity(layer)?;
        let a = self.activities()[layer].view();
        let activity = Activity::new(values, a.nrows(), a.ncols())?;
        let means = class_means(&activity, &self.test_set().labels)?;
        Ok(selectivity(&means, self.model().activation.floor())?.index)
    }

    /// Hidden layer `layer`'s activity at the last evaluation, row-major.
    pub(super) fn hidden_activity(&self, layer: usize) -> Result<&[f32], AnalysisError> {
        let hidden = self.model().layers.len() - 1;
        if layer >= hidden {
            return Err(AnalysisError::OutOfRange { op: "lesion", what: "hidden layer", index: layer, len: hidden });
        }
        self.activities()[layer].as_slice().ok_or(AnalysisError::Empty { op: "lesion", what: "the kept activity" })
    }

    /// One flag per unit of the spec's layer, true = silenced.
    fn lesion_mask(&self, spec: &LesionSpec) -> Result<Vec<bool>, Error> {
        let op = "lesion";
        let hidden = self.model().layers.len() - 1;
        if spec.layer >= hidden {
            return Err(AnalysisError::OutOfRange { op, what: "hidden layer", index: spec.layer, len: hidden }.into());
        }
        let units = self.model().layers[spec.layer].n_out();
        let (order, fraction) = match &spec.units {
            LesionUnits::List { units: list } => {
                let mut silenced = vec![false; units];
                for &u in list {
                    *silenced.get_mut(u).ok_or(AnalysisError::OutOfRange { op, what: "unit", index: u, len: units })? = true;
                }
                return Ok(silenced);
            }
            LesionUnits::Random { fraction } => (LesionOrder::Random { seed: self.config().seed }.order(&vec![0.0; units])?, *fraction),
            LesionUnits::MostSelectiveFirst { fraction } => (LesionOrder::MostSelectiveFirst.order(&self.layer_selectivity(spec.layer)?)?, *fraction),
        };
        let mut masks = lesion_masks(&order, &[fraction])?;
        Ok(masks.pop().map(|m| m.silenced).unwrap_or_default())
    }

    /// (test loss, test accuracy fraction) of the copy with `silenced` units of `layer` off.
    fn evaluate_lesioned(&self, evaluator: &mut Evaluator, layer: usize, silenced: &[bool], keep: bool) -> Result<(f64, f64), Error> {
        let scale = self.config().convention.input_scale();
        let test = self.test_set();
        Ok(evaluator.evaluate_masked(self.model(), test, test.len(), scale, keep, Some((layer, silenced)))?)
    }

    fn task_accuracy(&self, fraction: f64) -> Option<f64> {
        (self.config().task == crate::config::Task::Classify).then_some(fraction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesion_units_read_and_write_the_tagged_json_and_name_a_missing_or_stray_field() {
        for (text, units) in [
            (r#"{"kind":"list","units":[0,3]}"#, LesionUnits::List { units: vec![0, 3] }),
            (r#"{"kind":"random","fraction":0.5}"#, LesionUnits::Random { fraction: 0.5 }),
            (r#"{"kind":"most_selective_first","fraction":0.25}"#, LesionUnits::MostSelectiveFirst { fraction: 0.25 }),
        ] {
            assert_eq!(serde_json::from_str::<LesionUnits>(text).unwrap(), units, "{text}");
            assert_eq!(serde_json::to_string(&units).unwrap(), text);
        }
        for (text, says) in [
            (r#"{"kind":"list"}"#, "`units`"),
            (r#"{"kind":"random"}"#, "`fraction`"),
            (r#"{"kind":"random","units":[1]}"#, "`units` is not for kind random"),
            (r#"{"kind":"list","units":[1],"fraction":0.5}"#, "`fraction` is not for kind list"),
            (r#"{"kind":"half"}"#, "half"),
            (r#"{"kind":"list","units":[1],"layer":2}"#, "layer"),
        ] {
            let e = serde_json::from_str::<LesionUnits>(text).unwrap_err().to_string();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
