//! The analyses kept over training: once a caller asks for them (`Experiment::track_analysis`),
//! every evaluation adds, per hidden layer, the distributions of selectivity, lifetime and
//! population sparseness (mean and the fraction of values per bin), the RSA of the layer's image
//! RDM against the pixels, the labels and every hidden layer, and that image RDM's upper
//! triangle (f32), so that the page can draw them against step and compare runs (rule against
//! rule, `analysis::rsa` of two snapshots) at the same step. Thinned like the history when it
//! grows past [`MAX_SUMMARIES`]. Composition only: every number comes from `crate::analysis`.

use serde::Serialize;

use crate::analysis::{
    class_means, class_sorted_subset, histogram, image_rdm, label_rdm, lifetime_sparseness, population_sparseness,
    rsa, selectivity, Rdm,
};
use crate::error::Error;

use super::analysis::{defined, RDM_IMAGES_PER_CLASS};
use super::Experiment;

/// Bins of the selectivity and sparseness distributions, equal width over [0, 1].
pub const SUMMARY_BINS: usize = 10;

/// Most summaries kept before every other one is dropped (the last always stays).
pub const MAX_SUMMARIES: usize = 64;

/// A distribution of per-unit or per-image values in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// The mean of the defined values; None when there are none.
    pub mean: Option<f64>,
    /// The fraction of the defined values in each of [`SUMMARY_BINS`] bins over [0, 1].
    pub fractions: Vec<f64>,
    /// How many values were undefined (a silent unit, an image that silences the layer).
    pub undefined: usize,
}

/// One hidden layer at one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerSummary {
    pub selectivity: Distribution,
    pub lifetime_sparseness: Distribution,
    pub population_sparseness: Distribution,
    pub rsa_pixels: Option<f64>,
    pub rsa_labels: Option<f64>,
    /// Against each hidden layer's image RDM at the same evaluation (1 for itself).
    pub rsa_layers: Vec<Option<f64>>,
    /// The image RDM's entries above the diagonal, row by row (`Rdm::upper_triangle`).
    #[serde(skip)]
    pub image_rdm_upper: Vec<f32>,
}

/// Every hidden layer at one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysisSummary {
    pub step: usize,
    pub layers: Vec<LayerSummary>,
}

/// The summaries kept and what every one of them reuses.
#[derive(Debug, Clone)]
pub struct AnalysisTrack {
    summaries: Vec<AnalysisSummary>,
    subset: Vec<usize>,
    pixel_rdm: Rdm,
    label_rdm: Rdm,
    /// Why tracking stopped, if an evaluation could not be summarised (training goes on).
    failure: Option<Error>,
}

impl AnalysisTrack {
    pub fn summaries(&self) -> &[AnalysisSummary] {
        &self.summaries
    }

    /// Why the summaries stopped, if they did.
    pub fn failure(&self) -> Option<&Error> {
        self.failure.as_ref()
    }

    fn push(&mut self, summary: AnalysisSummary) {
        if self.summaries.last().is_some_and(|last| last.step == summary.step) {
            self.summaries.pop(); // the same evaluation again (asked twice at one step)
        }
        self.summaries.push(summary);
        if self.summaries.len() > MAX_SUMMARIES {
            let last = self.summaries.len() - 1;
            let mut i = 0;
            self.summaries.retain(|_| {
                let keep = i % 2 == 0 || i == last;
                i += 1;
                keep
            });
        }
    }
}

/// The mean and binned fractions of values in [0, 1], None values counted apart.
pub fn distribution(values: &[Option<f64>]) -> Result<Distribution, Error> {
    let defined: Vec<f64> = values.iter().flatten().copied().collect();
    let undefined = values.len() - defined.len();
    if defined.is_empty() {
        return Ok(Distribution { mean: None, fractions: vec![0.0; SUMMARY_BINS], undefined });
    }
    let counts = histogram(&defined, 0.0, 1.0, SUMMARY_BINS)?.counts;
    let n = defined.len() as f64;
    Ok(Distribution {
        mean: Some(defined.iter().sum::<f64>() / n),
        fractions: counts.iter().map(|&c| f64::from(c) / n).collect(),
        undefined,
    })
}

impl Experiment {
    /// Starts keeping an [`AnalysisSummary`] at every evaluation, beginning with the last one
    /// made. Calling it again changes nothing.
    pub fn track_analysis(&mut self) -> Result<(), Error> {
        if self.analysis_track().is_some() {
            return Ok(());
        }
        let labels = &self.test_set().labels;
        let subset = class_sorted_subset(labels, RDM_IMAGES_PER_CLASS)?;
        let subset_labels: Vec<u8> = subset.iter().map(|&i| labels[i]).collect();
        let mut track = AnalysisTrack {
            pixel_rdm: self.pixel_image_rdm(&subset)?,
            label_rdm: label_rdm(&subset_labels),
            subset,
            summaries: Vec::new(),
            failure: None,
        };
        track.push(self.summarise(&track)?);
        self.set_analysis_track(track);
        Ok(())
    }

    /// The summaries kept so far, oldest first (none until `track_analysis`).
    pub fn analysis_summaries(&self) -> &[AnalysisSummary] {
        self.analysis_track().map_or(&[], AnalysisTrack::summaries)
    }

    /// Why the summaries stopped, if an evaluation could not be summarised.
    pub fn analysis_track_failure(&self) -> Option<&Error> {
        self.analysis_track().and_then(AnalysisTrack::failure)
    }

    /// Adds the summary of the evaluation just made, when tracking (the runner calls it). An
    /// analysis that fails stops the tracking, keeping its error, and never the training.
    pub(super) fn track_evaluation(&mut self) {
        let Some(track) = self.analysis_track() else { return };
        if track.failure.is_some() {
            return;
        }
        let summary = self.summarise(track);
        if let Some(track) = self.analysis_track_mut() {
            match summary {
                Ok(summary) => track.push(summary),
                Err(e) => track.failure = Some(e),
            }
        }
    }

    /// Every hidden layer's summary at the last evaluation.
    fn summarise(&self, track: &AnalysisTrack) -> Result<AnalysisSummary, Error> {
        let hidden = self.model().layers.len() - 1;
        let floor = self.model().activation.floor();
        let labels = &self.test_set().labels;
        let rdms = (0..hidden)
            .map(|l| Ok(image_rdm(&self.layer_activity(l)?, &track.subset)?))
            .collect::<Result<Vec<Rdm>, Error>>()?;
        let mut layers = Vec::with_capacity(hidden);
        for (l, rdm) in rdms.iter().enumerate() {
            let activity = self.layer_activity(l)?;
            let index = selectivity(&class_means(&activity, labels)?, floor)?.index;
            let index: Vec<Option<f64>> = index.into_iter().map(Some).collect();
            layers.push(LayerSummary {
                selectivity: distribution(&index)?,
                lifetime_sparseness: distribution(&lifetime_sparseness(&activity, floor)?)?,
                population_sparseness: distribution(&population_sparseness(&activity, floor)?)?,
                rsa_pixels: defined(rsa(rdm, &track.pixel_rdm))?,
                rsa_labels: defined(rsa(rdm, &track.label_rdm))?,
                rsa_layers: rdms.iter().map(|other| defined(rsa(rdm, other))).collect::<Result<_, Error>>()?,
                image_rdm_upper: rdm.upper_triangle().iter().map(|&d| d as f32).collect(),
            });
        }
        Ok(AnalysisSummary { step: self.steps_done(), layers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_counts_fractions_and_leaves_out_undefined() {
        let d = distribution(&[Some(0.0), Some(0.05), None, Some(0.95), Some(1.0)]).unwrap();
        assert_eq!(d.undefined, 1);
        assert_eq!(d.mean, Some(0.5));
        assert_eq!(d.fractions, vec![0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5]);
        let none = distribution(&[None, None]).unwrap();
        assert_eq!((none.mean, none.undefined, none.fractions.iter().sum::<f64>()), (None, 2, 0.0));
        assert!(distribution(&[Some(1.5)]).is_err());
    }
}
