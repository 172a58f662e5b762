//! Tuning curves and class selectivity: each unit's mean activity per class with its standard
//! error, and a selectivity index per unit.
//!
//! Layout: class-major, `values[c * units + u]`, so row c is class c's mean activity pattern
//! (what the class RDM compares) and unit u's tuning curve is column u.
//!
//! **Rates and the floor.** Selectivity (and sparseness, `sparseness.rs`) are defined for
//! non-negative firing rates. A unit's rate is its activity above the activation's floor, the
//! value of a silent unit: r = a − floor, with floor 0 for sigmoid and ReLU and −1 for tanh
//! (tanh's negative activity is a rate below its midpoint, not a negative rate). Shifting by
//! each unit's own minimum instead would make every unit's weakest class silent and inflate
//! its selectivity, so the floor is the activation's, the same for every unit.

use super::activity::{check_labels, Activity, Scalar};
use super::error::AnalysisError;
use super::CLASSES;

/// Each unit's mean activity per class: `mean(c, u) = Σ_{i: label i = c} a_iu / n_c`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassMeans {
    pub units: usize,
    /// n_c, the number of images of each class.
    pub counts: [usize; CLASSES],
    /// CLASSES × units, class-major.
    pub values: Vec<f64>,
}

impl ClassMeans {
    /// Unit u's mean activity on class c.
    pub fn mean(&self, class: usize, unit: usize) -> f64 {
        self.values[class * self.units + unit]
    }

    /// Class c's mean activity pattern (one value per unit).
    pub fn pattern(&self, class: usize) -> &[f64] {
        &self.values[class * self.units..(class + 1) * self.units]
    }
}

/// Tuning curves with error bars: the class means and their standard errors
/// SEM(c, u) = s_cu / √n_c, with s_cu² = Σ_{i: label i = c} (a_iu − mean(c, u))² / (n_c − 1)
/// (the sample variance).
#[derive(Debug, Clone, PartialEq)]
pub struct Tuning {
    pub means: ClassMeans,
    /// CLASSES × units, class-major, like `means.values`.
    pub sem: Vec<f64>,
}

impl Tuning {
    pub fn sem(&self, class: usize, unit: usize) -> f64 {
        self.sem[class * self.means.units + unit]
    }
}

/// Each unit's mean activity per class. Sums in f64 in image order. Every class 0..=9 needs at
/// least one image.
pub fn class_means<T: Scalar>(activity: &Activity<T>, labels: &[u8]) -> Result<ClassMeans, AnalysisError> {
    means_with_at_least("class_means", activity, labels, 1)
}

/// Class means and their standard errors (two passes: the means, then the squared deviations,
/// each in image order). Every class needs at least two images (a standard error of one image
/// is undefined).
pub fn tuning<T: Scalar>(activity: &Activity<T>, labels: &[u8]) -> Result<Tuning, AnalysisError> {
    let means = means_with_at_least("tuning", activity, labels, 2)?;
    let units = activity.units();
    let mut squares = vec![0.0f64; CLASSES * units];
    for (i, &label) in labels.iter().enumerate() {
        let c = usize::from(label);
        let mean = means.pattern(c);
        let acc = &mut squares[c * units..(c + 1) * units];
        for ((s, &a), &m) in acc.iter_mut().zip(activity.row(i)).zip(mean) {
            let d = a.to_f64() - m;
            *s += d * d;
        }
    }
    let sem = squares
        .iter()
        .enumerate()
        .map(|(k, &ss)| {
            let n = means.counts[k / units] as f64;
            libm::sqrt(ss / (n - 1.0) / n)
        })
        .collect();
    Ok(Tuning { means, sem })
}

fn means_with_at_least<T: Scalar>(
    op: &'static str,
    activity: &Activity<T>,
    labels: &[u8],
    needed: usize,
) -> Result<ClassMeans, AnalysisError> {
    check_labels(op, labels, activity.images())?;
    let units = activity.units();
    let mut counts = [0usize; CLASSES];
    labels.iter().for_each(|&l| counts[usize::from(l)] += 1);
    if let Some(class) = (0..CLASSES).find(|&c| counts[c] < needed) {
        return Err(AnalysisError::TooFewImages { op, class, found: counts[class], needed });
    }
    let mut values = vec![0.0f64; CLASSES * units];
    for (i, &label) in labels.iter().enumerate() {
        let c = usize::from(label);
        let acc = &mut values[c * units..(c + 1) * units];
        acc.iter_mut().zip(activity.row(i)).for_each(|(s, &a)| *s += a.to_f64());
    }
    for (k, v) in values.iter_mut().enumerate() {
        *v /= counts[k / units] as f64;
    }
    Ok(ClassMeans { units, counts, values })
}

/// Per unit: the class selectivity index and the preferred class.
#[derive(Debug, Clone, PartialEq)]
pub struct Selectivity {
    /// SI per unit, in [0, 1].
    pub index: Vec<f64>,
    /// The class of the largest mean rate (the lowest such class on a tie).
    pub preferred: Vec<u8>,
}

/// The class selectivity index of Morcos, Barrett, Rabinowitz & Botvinick (2018, "On the
/// importance of single directions for generalization", ICLR), per unit:
///
/// SI = (r_max − r̄_others) / (r_max + r̄_others),
///
/// with r_c = mean(c, u) − floor the unit's mean rate on class c (see the module's note on the
/// floor), r_max = max_c r_c and r̄_others the unweighted mean of the other nine classes' r_c.
/// SI is 0 when every class drives the unit equally and 1 when only one class drives it at all.
/// A unit silent on every class (r_max = 0) has no preference: SI = 0 (the numerator is 0).
/// A class mean below `floor` is an error (the floor does not belong to this activation).
pub fn selectivity(means: &ClassMeans, floor: f64) -> Result<Selectivity, AnalysisError> {
    let op = "selectivity";
    if !floor.is_finite() {
        return Err(AnalysisError::NonFinite { op, what: "floor", index: 0, value: floor });
    }
    if let Some(index) = means.values.iter().position(|&m| m < floor) {
        return Err(AnalysisError::BelowFloor { op, index, value: means.values[index], floor });
    }
    let units = means.units;
    let mut index = Vec::with_capacity(units);
    let mut preferred = Vec::with_capacity(units);
    for u in 0..units {
        let rate = |c: usize| means.mean(c, u) - floor;
        let best = (1..CLASSES).fold(0, |b, c| if rate(c) > rate(b) { c } else { b });
        let others = (0..CLASSES).filter(|&c| c != best).map(rate).sum::<f64>() / (CLASSES - 1) as f64;
        let r_max = rate(best);
        let si = if r_max == 0.0 { 0.0 } else { ((r_max - others) / (r_max + others)).clamp(0.0, 1.0) };
        index.push(si);
        preferred.push(best as u8);
    }
    Ok(Selectivity { index, preferred })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 30 images, labels 0..9 cycling (3 of each class); units 0..9: unit j fires 0.5, 0.6, 0.7
    /// on the 1st, 2nd, 3rd image of class j and 0 otherwise; unit 10 fires 0.3 on everything;
    /// unit 11 fires 0.8 on class 0, 0.2 on class 1 and 0 otherwise.
    fn synthetic() -> (Vec<f32>, Vec<u8>, usize) {
        let units = 12;
        let labels: Vec<u8> = (0..30).map(|i| (i % 10) as u8).collect();
        let mut values = vec![0.0f32; 30 * units];
        for (i, &l) in labels.iter().enumerate() {
            let k = i / 10;
            values[i * units + usize::from(l)] = [0.5, 0.6, 0.7][k];
            values[i * units + 10] = 0.3;
            values[i * units + 11] = match l {
                0 => 0.8,
                1 => 0.2,
                _ => 0.0,
            };
        }
        (values, labels, units)
    }

    #[test]
    fn class_matrix_and_errors_are_what_the_construction_says() {
        let (values, labels, units) = synthetic();
        let t = tuning(&Activity::new(&values, 30, units).unwrap(), &labels).unwrap();
        assert_eq!(t.means.counts, [3; 10]);
        let mean_fire = (0.5f32 as f64 + 0.6f32 as f64 + 0.7f32 as f64) / 3.0;
        // Sample sd of {0.5, 0.6, 0.7} is 0.1; SEM = 0.1/√3.
        let sem_fire = 0.1 / 3f64.sqrt();
        for c in 0..10 {
            for j in 0..10 {
                let (m, s) = if c == j { (mean_fire, sem_fire) } else { (0.0, 0.0) };
                assert!((t.means.mean(c, j) - m).abs() < 1e-12, "mean({c},{j})");
                assert!((t.sem(c, j) - s).abs() < 1e-7, "sem({c},{j}) = {}", t.sem(c, j));
            }
            assert!((t.means.mean(c, 10) - 0.3f32 as f64).abs() < 1e-15);
            assert_eq!(t.sem(c, 10), 0.0);
        }
        assert_eq!(t.means.mean(0, 11), 0.8f32 as f64);
        assert_eq!(t.means.mean(1, 11), 0.2f32 as f64);
    }

    #[test]
    fn selectivity_is_maximal_for_the_one_class_units() {
        let (values, labels, units) = synthetic();
        let m = class_means(&Activity::new(&values, 30, units).unwrap(), &labels).unwrap();
        let s = selectivity(&m, 0.0).unwrap();
        for j in 0..10 {
            assert_eq!(s.index[j], 1.0, "unit {j}");
            assert_eq!(s.preferred[j], j as u8);
        }
        assert_eq!(s.index[10], 0.0);
        // Unit 11: r_max = 0.8, others = 0.2/9: SI = (0.8 − 0.2/9)/(0.8 + 0.2/9) = 7/7.4.
        let (hi, lo) = (0.8f32 as f64, 0.2f32 as f64 / 9.0);
        assert!((s.index[11] - (hi - lo) / (hi + lo)).abs() < 1e-12);
        assert!((s.index[11] - 7.0 / 7.4).abs() < 1e-7);
        assert!(s.index[11] < s.index[0]);
    }

    #[test]
    fn tanh_floor_shifts_rates_and_wrong_floors_are_refused() {
        // A tanh unit at −1 (silent) everywhere but class 3 (0): rates 0 and 1, SI = 1.
        let labels: Vec<u8> = (0..20).map(|i| (i % 10) as u8).collect();
        let values: Vec<f32> = labels.iter().map(|&l| if l == 3 { 0.0 } else { -1.0 }).collect();
        let m = class_means(&Activity::new(&values, 20, 1).unwrap(), &labels).unwrap();
        let s = selectivity(&m, -1.0).unwrap();
        assert_eq!((s.index[0], s.preferred[0]), (1.0, 3));
        assert!(matches!(selectivity(&m, 0.0), Err(AnalysisError::BelowFloor { .. })));
        // A silent unit has no preference.
        let zeros = vec![0.0f32; 20];
        let z = class_means(&Activity::new(&zeros, 20, 1).unwrap(), &labels).unwrap();
        assert_eq!(selectivity(&z, 0.0).unwrap().index[0], 0.0);
    }

    #[test]
    fn missing_classes_are_errors() {
        let labels = [0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        let values = [0.0f32; 10];
        let a = Activity::new(&values, 10, 1).unwrap();
        assert!(class_means(&a, &labels).is_ok());
        assert!(matches!(
            tuning(&a, &labels),
            Err(AnalysisError::TooFewImages { op: "tuning", class: 0, found: 1, needed: 2 })
        ));
        let nine = [0u8, 1, 2, 3, 4, 5, 6, 7, 8, 8];
        assert!(matches!(class_means(&a, &nine), Err(AnalysisError::TooFewImages { class: 9, found: 0, .. })));
    }
}
