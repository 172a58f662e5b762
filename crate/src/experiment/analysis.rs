//! A layer analysed as a neuroscientist analyses a brain area, at the last evaluation: tuning
//! curves, selectivity, sparseness, the class and image RDMs and their RSA against the pixels,
//! the labels and the other hidden layers, and the receptive-field picture. Composition only:
//! every number comes from `crate::analysis` on the kept test activity.

use serde::Serialize;

use crate::analysis::{
    class_rdm, class_sorted_subset, image_rdm, label_rdm, lifetime_sparseness, population_sparseness,
    receptive_field_grid, rsa, selectivity, spike_triggered_average, tile_grid, tuning, Activity, AnalysisError,
    ColourMap, GridLayout, Rdm, RgbaImage, Selectivity, Tiles, Tuning, Weights,
};
use crate::error::Error;

use super::Experiment;

/// Test images per class in the image RDM's fixed class-sorted subset.
pub const RDM_IMAGES_PER_CLASS: usize = 20;

/// Pixels between receptive-field tiles.
pub const TILE_GAP: usize = 1;

/// One hidden layer at the last evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerAnalysis {
    pub layer: usize,
    pub units: usize,
    /// Class means and SEMs, class-major (10 × units).
    #[serde(skip)]
    pub tuning: Tuning,
    /// Selectivity index and preferred class per unit (rates above `Activation::floor`).
    #[serde(skip)]
    pub selectivity: Selectivity,
    /// Per unit; None for a unit silent on every image.
    pub lifetime_sparseness: Vec<Option<f64>>,
    /// Per test image; None for an image that silences the layer.
    pub population_sparseness: Vec<Option<f64>>,
    /// 10 × 10, 1 − Pearson of the class-mean patterns.
    #[serde(skip)]
    pub class_rdm: Rdm,
    /// The test images of the image RDM, class-sorted ([`RDM_IMAGES_PER_CLASS`] per class).
    pub image_subset: Vec<usize>,
    #[serde(skip)]
    pub image_rdm: Rdm,
    /// Spearman RSA of the image RDM against the pixels' image RDM (None when undefined: a
    /// layer whose patterns are all alike has no ranks).
    pub rsa_pixels: Option<f64>,
    /// Against the label RDM of the subset (0 within a class, 1 across).
    pub rsa_labels: Option<f64>,
    /// Against each hidden layer's image RDM, the first hidden layer first (1 for itself).
    pub rsa_layers: Vec<Option<f64>>,
}

impl Experiment {
    /// The analysis of hidden layer `layer` (0 = the first hidden layer) at the last evaluation.
    pub fn analysis(&self, layer: usize) -> Result<LayerAnalysis, Error> {
        let activity = self.layer_activity(layer)?;
        let labels = &self.test_set().labels;
        let floor = self.model().activation.floor();
        let tuning = tuning(&activity, labels)?;
        let selectivity = selectivity(&tuning.means, floor)?;
        let image_subset = class_sorted_subset(labels, RDM_IMAGES_PER_CLASS)?;
        let image_rdm = image_rdm(&activity, &image_subset)?;
        let subset_labels: Vec<u8> = image_subset.iter().map(|&i| labels[i]).collect();
        let rsa_layers = (0..self.model().layers.len() - 1)
            .map(|other| defined(rsa(&image_rdm, &image_rdm_of(&self.layer_activity(other)?, &image_subset)?)))
            .collect::<Result<_, Error>>()?;
        Ok(LayerAnalysis {
            layer,
            units: activity.units(),
            lifetime_sparseness: lifetime_sparseness(&activity, floor)?,
            population_sparseness: population_sparseness(&activity, floor)?,
            class_rdm: class_rdm(&activity, labels)?,
            rsa_pixels: defined(rsa(&image_rdm, &self.pixel_image_rdm(&image_subset)?))?,
            rsa_labels: defined(rsa(&image_rdm, &label_rdm(&subset_labels)))?,
            rsa_layers,
            image_rdm,
            image_subset,
            tuning,
            selectivity,
        })
    }

    /// The pixels' image RDM over the test images `subset`.
    pub fn pixel_image_rdm(&self, subset: &[usize]) -> Result<Rdm, Error> {
        let test = self.test_set();
        Ok(image_rdm(&Activity::new(test.pixel_bytes(), test.len(), test.image_len())?, subset)?)
    }

    /// Hidden layer `layer`'s receptive fields, most selective unit first, ⌈√U⌉ tiles a row:
    /// for the first hidden layer each unit's input weights (column of W₁, diverging map, one
    /// scale for the layer); for a deeper layer each unit's spike-triggered average of the test
    /// images (grey, 0 to the largest average pixel).
    pub fn receptive_fields(&self, layer: usize) -> Result<RgbaImage, Error> {
        Ok(self.receptive_fields_in(layer, true)?.0)
    }

    /// As [`Experiment::receptive_fields`], the tiles most selective first when
    /// `by_selectivity`, else in the units' own order (unit 0 first); with the unit of every
    /// tile, in the tiles' order.
    pub fn receptive_fields_in(&self, layer: usize, by_selectivity: bool) -> Result<(RgbaImage, Vec<usize>), Error> {
        let activity = self.layer_activity(layer)?;
        let test = self.test_set();
        let floor = self.model().activation.floor();
        let order = if by_selectivity {
            crate::analysis::most_selective_first(&selectivity(&crate::analysis::class_means(&activity, &test.labels)?, floor)?.index)?
        } else {
            (0..activity.units()).collect()
        };
        let columns = receptive_field_columns(activity.units());
        let layout = GridLayout { columns, gap: TILE_GAP };
        if layer == 0 {
            let w = &self.model().layers[0].w;
            let values = w.as_slice().ok_or(AnalysisError::Empty { op: "receptive_fields", what: "the weights" })?;
            let weights = Weights::new(values, w.nrows(), w.ncols())?;
            return Ok((receptive_field_grid(&weights, test.rows, test.cols, &order, layout)?, order));
        }
        let pixels = Activity::new(test.pixel_bytes(), test.len(), test.image_len())?;
        let sta = spike_triggered_average(&activity, &pixels, floor)?;
        let scale = sta.values.iter().fold(0.0f64, |m, &v| m.max(v));
        Ok((tile_grid(Tiles { values: &sta.values, rows: test.rows, cols: test.cols }, &order, layout, ColourMap::Grey, scale)?, order))
    }

    /// Hidden layer `layer`'s activity at the last evaluation, checked.
    pub(super) fn layer_activity(&self, layer: usize) -> Result<Activity<'_, f32>, Error> {
        let values = self.hidden_activity(layer)?;
        let a = &self.activities()[layer];
        Ok(Activity::new(values, a.nrows(), a.ncols())?)
    }
}

/// Tiles a row of a layer's receptive-field picture: ⌈√units⌉ (at least 1).
pub fn receptive_field_columns(units: usize) -> usize {
    (1..=units).find(|c| c * c >= units).unwrap_or(1)
}

fn image_rdm_of(activity: &Activity<f32>, subset: &[usize]) -> Result<Rdm, Error> {
    Ok(image_rdm(activity, subset)?)
}

/// An RSA, or None where it is undefined (an RDM with a constant upper triangle).
pub(super) fn defined(rho: Result<f64, AnalysisError>) -> Result<Option<f64>, Error> {
    match rho {
        Ok(rho) => Ok(Some(rho)),
        Err(AnalysisError::Constant { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
