//! Lesions, the pure part: which units of a layer to silence. An order of the layer's units
//! (random, or most selective first), and for each fraction f the mask silencing its first
//! round(f · U) units, so the masks of one order are nested and the lesion curve (accuracy
//! against f) adds units one at a time in a fixed order.
//!
//! **How a lesion runs.** `nn::Mlp::forward_masked` (`nn` sits above `analysis` in lib.rs's layering
//! and uses of it only this and `AnalysisError`) runs the usual forward pass with, after the
//! lesioned hidden layer's activation and before the next layer reads it,
//! `silence(layer_output, units, &mask.silenced)`: the silenced units' outputs become exactly 0
//! for every image. `experiment::lesion` evaluates that pass on the trained network (training
//! never sees it); its test accuracy and information measures come from the same evaluation
//! code on the masked activities, so the lesioned layer's own I(X;T) counts the zeros. An
//! all-false mask skips nothing and changes nothing (bit for bit), and silencing every hidden
//! unit leaves the next layer only its biases (chance for the coursework's bias-free network).
//!
//! **Why 0, also for sigmoid units.** A lesioned neuron fires no spikes: its rate is 0, the
//! activation's floor for sigmoid and ReLU units (σ's output is a rate in (0, 1)). That is the
//! ablation of the unit-deletion studies in deep networks (Morcos, Barrett, Rabinowitz &
//! Botvinick 2018, "On the importance of single directions for generalization", ICLR, set
//! ablated units' activations to 0; as did Meyes, Lu, de Puiseau & Meisen 2019, "Ablation
//! studies in artificial neural networks", arXiv:1901.08644). Replacing a sigmoid unit by its
//! mean activity (≈ 0.5 at initialisation) instead is "mean ablation": it removes the
//! information the unit carries but keeps its average drive to the next layer, so it measures a
//! different thing (loss of information alone, not loss of the neuron). Zero is the lesion;
//! for tanh, whose floor is −1, 0 is its midpoint, i.e. no drive to the next layer either way.
//! The test (all hidden units silenced → the output is the biases) also needs 0.

use super::error::AnalysisError;
use crate::rng::{Rng, Stream};

/// How the units are ordered for silencing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LesionOrder {
    /// A random permutation drawn from the run's seed (stream `Shuffle`).
    Random { seed: u32 },
    /// Highest selectivity index first (`tuning::selectivity`), ties in unit order.
    MostSelectiveFirst,
}

impl LesionOrder {
    /// The name in the lesion CSV's `order` column.
    pub fn name(self) -> &'static str {
        match self {
            LesionOrder::Random { .. } => "random",
            LesionOrder::MostSelectiveFirst => "most_selective_first",
        }
    }

    /// The order of a layer's units; the layer has `selectivity.len()` units (the random order
    /// reads only that count).
    pub fn order(self, selectivity: &[f64]) -> Result<Vec<usize>, AnalysisError> {
        match self {
            LesionOrder::Random { seed } => Ok(random_order(selectivity.len(), seed)),
            LesionOrder::MostSelectiveFirst => most_selective_first(selectivity),
        }
    }
}

/// 0..units shuffled (Fisher–Yates) by `Rng::new(seed, Stream::Shuffle)`.
pub fn random_order(units: usize, seed: u32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..units).collect();
    Rng::new(seed, Stream::Shuffle).shuffle(&mut order);
    order
}

/// Units by decreasing selectivity index; equal indices keep unit order (a stable sort).
pub fn most_selective_first(selectivity: &[f64]) -> Result<Vec<usize>, AnalysisError> {
    if let Some(index) = selectivity.iter().position(|s| !s.is_finite()) {
        return Err(AnalysisError::NonFinite {
            op: "most_selective_first",
            what: "selectivity of unit",
            index,
            value: selectivity[index],
        });
    }
    Ok(super::rsa::indices_by_value(selectivity, true))
}

/// The fractions of the lesion curve: 0, 0.1, …, 1 (k/10).
pub fn standard_fractions() -> Vec<f64> {
    (0..=10).map(|k| f64::from(k) / 10.0).collect()
}

/// Which units of a layer are silenced at one fraction.
#[derive(Debug, Clone, PartialEq)]
pub struct LesionMask {
    pub fraction: f64,
    /// One flag per unit, true = silenced.
    pub silenced: Vec<bool>,
}

impl LesionMask {
    pub fn silenced_count(&self) -> usize {
        self.silenced.iter().filter(|&&s| s).count()
    }
}

/// For each fraction f in [0, 1], the mask silencing the first k = round(f · U) units of
/// `order` (a permutation of 0..U; round half away from zero, so f = 0.1 of 120 is 12 and of
/// 5 is 1).
pub fn lesion_masks(order: &[usize], fractions: &[f64]) -> Result<Vec<LesionMask>, AnalysisError> {
    let op = "lesion_masks";
    let units = order.len();
    let mut seen = vec![false; units];
    for &u in order {
        if u >= units {
            return Err(AnalysisError::NotPermutation { op, units, unit: u, problem: "is out of range" });
        }
        if std::mem::replace(&mut seen[u], true) {
            return Err(AnalysisError::NotPermutation { op, units, unit: u, problem: "appears twice" });
        }
    }
    fractions
        .iter()
        .map(|&fraction| {
            if !(0.0..=1.0).contains(&fraction) {
                return Err(AnalysisError::OutsideRange { op, what: "fraction", value: fraction, lo: 0.0, hi: 1.0 });
            }
            let k = libm::round(fraction * units as f64) as usize;
            let mut silenced = vec![false; units];
            order[..k].iter().for_each(|&u| silenced[u] = true);
            Ok(LesionMask { fraction, silenced })
        })
        .collect()
}

/// Sets the silenced units' outputs to 0 in a batch of a layer's activity (`values` is
/// batch × units, row-major; `silenced` one flag per unit). Writes nothing when no unit is
/// silenced.
pub fn silence(values: &mut [f32], units: usize, silenced: &[bool]) -> Result<(), AnalysisError> {
    let op = "silence";
    if silenced.len() != units {
        return Err(AnalysisError::LengthMismatch { op, what: "the mask", expected: units, found: silenced.len() });
    }
    if units == 0 || values.len() % units != 0 {
        return Err(AnalysisError::Shape {
            op,
            what: "the activity",
            len: values.len(),
            rows: values.len() / units.max(1),
            cols: units,
        });
    }
    let off: Vec<usize> = (0..units).filter(|&u| silenced[u]).collect();
    if off.is_empty() {
        return Ok(());
    }
    for row in values.chunks_exact_mut(units) {
        off.iter().for_each(|&u| row[u] = 0.0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_silence_the_first_round_f_u_units_and_are_nested() {
        let order = random_order(120, 1);
        assert_eq!(order, random_order(120, 1), "one seed, one order");
        assert_ne!(order, random_order(120, 2));
        let masks = lesion_masks(&order, &standard_fractions()).unwrap();
        let counts: Vec<usize> = masks.iter().map(LesionMask::silenced_count).collect();
        assert_eq!(counts, vec![0, 12, 24, 36, 48, 60, 72, 84, 96, 108, 120]);
        for (m, &k) in masks.iter().zip(&counts) {
            for (rank, &u) in order.iter().enumerate() {
                assert_eq!(m.silenced[u], rank < k, "unit {u} at rank {rank} with {k} silenced");
            }
        }
        assert_eq!(
            lesion_masks(&[2, 0, 1, 4, 3], &[0.1, 0.3, 0.5])
                .unwrap()
                .iter()
                .map(|m| m.silenced_count())
                .collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn most_selective_first_orders_by_index_with_stable_ties() {
        let order = LesionOrder::MostSelectiveFirst.order(&[0.2, 0.9, 0.2, 1.0, 0.0]).unwrap();
        assert_eq!(order, vec![3, 1, 0, 2, 4]);
        let m = lesion_masks(&order, &[0.4]).unwrap();
        assert_eq!(m[0].silenced, vec![false, true, false, true, false]);
        assert_eq!(LesionOrder::Random { seed: 9 }.order(&[0.0; 7]).unwrap(), random_order(7, 9));
        assert!(matches!(most_selective_first(&[0.1, f64::NAN]), Err(AnalysisError::NonFinite { index: 1, .. })));
    }

    #[test]
    fn bad_orders_and_fractions_are_refused() {
        assert!(matches!(lesion_masks(&[0, 0, 1], &[0.5]), Err(AnalysisError::NotPermutation { unit: 0, .. })));
        assert!(matches!(lesion_masks(&[0, 3, 1], &[0.5]), Err(AnalysisError::NotPermutation { unit: 3, .. })));
        assert!(matches!(lesion_masks(&[0, 1], &[1.5]), Err(AnalysisError::OutsideRange { .. })));
        assert!(matches!(lesion_masks(&[0, 1], &[f64::NAN]), Err(AnalysisError::OutsideRange { .. })));
    }

    #[test]
    fn silence_zeroes_exactly_the_masked_units_of_every_image() {
        let original: Vec<f32> = (0..12).map(|k| k as f32 + 0.5).collect();
        let mut v = original.clone();
        silence(&mut v, 4, &[false; 4]).unwrap();
        assert_eq!(v, original, "no lesion changes nothing");
        silence(&mut v, 4, &[false, true, false, true]).unwrap();
        assert_eq!(v, vec![0.5, 0.0, 2.5, 0.0, 4.5, 0.0, 6.5, 0.0, 8.5, 0.0, 10.5, 0.0]);
        assert!(matches!(silence(&mut v, 5, &[false; 5]), Err(AnalysisError::Shape { .. })));
        assert!(matches!(silence(&mut v, 4, &[false; 3]), Err(AnalysisError::LengthMismatch { .. })));
    }
}
