//! Sparseness of a layer's code, lifetime (per unit, across images) and population (per image,
//! across units), in the normalised Treves–Rolls form of Vinje & Gallant (2000):
//!
//! S = (1 − (Σ r / n)² / (Σ r² / n)) / (1 − 1/n),
//!
//! over the n rates r of one unit (lifetime, n = images) or of one image (population,
//! n = units) (Treves & Rolls 1991, "What determines the capacity of autoassociative
//! memories in the brain?", Network 2:371; Vinje & Gallant 2000, "Sparse coding and
//! decorrelation in primary visual cortex during natural vision", Science 287:1273).
//! S = 0 when all n rates are equal (dense), S = 1 when one is non-zero (sparse).
//!
//! Rates are activity above the activation's floor, r = a − floor (0 for sigmoid and ReLU, −1
//! for tanh: see `tuning.rs`). If every rate is 0 (a silent unit, or an image that silences
//! the layer) S is 0/0: it is `None`, left out of histograms, and the caller can count them.
//! By Cauchy–Schwarz S ∈ [0, 1]; rounding is clamped to that range. Sums in f64, in order.

use super::activity::{Activity, Scalar};
use super::error::AnalysisError;

/// Lifetime sparseness of each unit across the images (U values; `None` for a silent unit).
/// Needs at least two images.
pub fn lifetime_sparseness<T: Scalar>(activity: &Activity<T>, floor: f64) -> Result<Vec<Option<f64>>, AnalysisError> {
    let op = "lifetime_sparseness";
    check(op, activity, floor, "the image count", activity.images())?;
    let units = activity.units();
    let (mut sum, mut sum_sq) = (vec![0.0f64; units], vec![0.0f64; units]);
    for i in 0..activity.images() {
        for (u, &a) in activity.row(i).iter().enumerate() {
            let r = a.to_f64() - floor;
            sum[u] += r;
            sum_sq[u] += r * r;
        }
    }
    let n = activity.images() as f64;
    Ok(sum.iter().zip(&sum_sq).map(|(&s, &q)| sparseness(s, q, n)).collect())
}

/// Population sparseness of each image across the units (N values; `None` for an image on
/// which every unit is silent). Needs at least two units.
pub fn population_sparseness<T: Scalar>(activity: &Activity<T>, floor: f64) -> Result<Vec<Option<f64>>, AnalysisError> {
    let op = "population_sparseness";
    check(op, activity, floor, "the unit count", activity.units())?;
    let n = activity.units() as f64;
    Ok((0..activity.images())
        .map(|i| {
            let (mut s, mut q) = (0.0f64, 0.0f64);
            for &a in activity.row(i) {
                let r = a.to_f64() - floor;
                s += r;
                q += r * r;
            }
            sparseness(s, q, n)
        })
        .collect())
}

fn check<T: Scalar>(
    op: &'static str,
    activity: &Activity<T>,
    floor: f64,
    what: &'static str,
    n: usize,
) -> Result<(), AnalysisError> {
    if !floor.is_finite() {
        return Err(AnalysisError::NonFinite { op, what: "floor", index: 0, value: floor });
    }
    if n < 2 {
        return Err(AnalysisError::TooFew { op, what, found: n, needed: 2 });
    }
    match activity.values().iter().position(|a| a.to_f64() < floor) {
        Some(index) => Err(AnalysisError::BelowFloor { op, index, value: activity.values()[index].to_f64(), floor }),
        None => Ok(()),
    }
}

/// S from Σr, Σr² and n.
fn sparseness(sum: f64, sum_sq: f64, n: f64) -> Option<f64> {
    if sum_sq == 0.0 {
        return None;
    }
    let mean = sum / n;
    let activity_ratio = mean * mean / (sum_sq / n);
    Some(((1.0 - activity_ratio) / (1.0 - 1.0 / n)).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetime_values_equal_hand_computed_ones() {
        // Units (columns): one-hot, constant, 1..4, silent, tanh-like with floor −1 handled below.
        let values = [
            1.0f32, 2.0, 1.0, 0.0, //
            0.0, 2.0, 2.0, 0.0, //
            0.0, 2.0, 3.0, 0.0, //
            0.0, 2.0, 4.0, 0.0,
        ];
        let s = lifetime_sparseness(&Activity::new(&values, 4, 4).unwrap(), 0.0).unwrap();
        assert_eq!(s[0], Some(1.0));
        assert_eq!(s[1], Some(0.0));
        // 1..4: mean 2.5, mean square 7.5, ratio 5/6, S = (1/6)/(3/4) = 2/9.
        assert!((s[2].unwrap() - 2.0 / 9.0).abs() < 1e-15);
        assert_eq!(s[3], None);
    }

    #[test]
    fn population_values_on_a_one_hot_layer_and_with_a_floor() {
        // Image i activates only unit i % 10, with 0.5, 0.6, 0.7: every image is maximally sparse.
        let mut values = vec![0.0f32; 30 * 10];
        for i in 0..30 {
            values[i * 10 + i % 10] = [0.5, 0.6, 0.7][i / 10];
        }
        let a = Activity::new(&values, 30, 10).unwrap();
        let p = population_sparseness(&a, 0.0).unwrap();
        assert!(p.iter().all(|&s| (s.unwrap() - 1.0).abs() < 1e-12), "{p:?}");
        // Lifetime of unit j: three non-zero rates 0.5, 0.6, 0.7 among 30.
        let (s1, s2) = (0.5f32 as f64 + 0.6f32 as f64 + 0.7f32 as f64, 0.25 + 0.36 + 0.49);
        let expected = (1.0 - (s1 / 30.0) * (s1 / 30.0) / (s2 / 30.0)) / (1.0 - 1.0 / 30.0);
        let l = lifetime_sparseness(&a, 0.0).unwrap();
        for s in l {
            assert!((s.unwrap() - expected).abs() < 1e-6, "{s:?} vs {expected}");
        }
        // A tanh image: −1 is silent, so one unit at 1 (rate 2) among silent ones is S = 1.
        let tanh = [-1.0f32, 1.0, -1.0, -1.0];
        assert_eq!(population_sparseness(&Activity::new(&tanh, 1, 4).unwrap(), -1.0).unwrap(), vec![Some(1.0)]);
        assert!(matches!(
            population_sparseness(&Activity::new(&tanh, 1, 4).unwrap(), 0.0),
            Err(AnalysisError::BelowFloor { index: 0, .. })
        ));
        assert!(matches!(
            lifetime_sparseness(&Activity::new(&tanh, 1, 4).unwrap(), -1.0),
            Err(AnalysisError::TooFew { found: 1, needed: 2, .. })
        ));
    }
}
