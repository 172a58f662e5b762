//! Representational dissimilarity matrices (Kriegeskorte, Mur & Bandettini 2008,
//! "Representational similarity analysis – connecting the branches of systems neuroscience",
//! Front. Syst. Neurosci. 2:4): how differently a layer responds to each pair of conditions.
//!
//! d_ij = 1 − r_ij, with r_ij the Pearson correlation of the activity patterns of conditions i
//! and j across units:
//!
//! r_ij = Σ_u (x_iu − x̄_i)(x_ju − x̄_j) / (√Σ_u (x_iu − x̄_i)² · √Σ_u (x_ju − x̄_j)²).
//!
//! Conditions are the ten classes (patterns: the class-mean activity) or a fixed class-sorted
//! subset of test images (patterns: each image's activity). The pixel RDMs are the same
//! functions on the pixels (`Activity<u8>`, the input layer); the label RDM is the ideal
//! category code (0 within a class, 1 across).
//!
//! **Zero variance.** A constant pattern (every unit the same, e.g. a saturated or dead layer)
//! has no correlation. NaN-free convention: a constant and a non-constant pattern get
//! r = 0 (d = 1); two constant patterns are the same after centring (both the zero vector), so
//! d = 0; the diagonal is always 0. r is clamped to [−1, 1], so d ∈ [0, 2]. The matrix is
//! exactly symmetric (each pair computed once). Sums in f64, in unit order.

use super::activity::{check_labels, Activity, Scalar};
use super::error::AnalysisError;
use super::tuning::class_means;
use super::CLASSES;

/// A square dissimilarity matrix, row-major, symmetric with a zero diagonal.
#[derive(Debug, Clone, PartialEq)]
pub struct Rdm {
    size: usize,
    values: Vec<f64>,
}

impl Rdm {
    /// Checks `values` is size × size, finite, symmetric, with a zero diagonal.
    pub fn new(size: usize, values: Vec<f64>) -> Result<Self, AnalysisError> {
        let op = "rdm";
        if size.checked_mul(size) != Some(values.len()) {
            return Err(AnalysisError::Shape { op, what: "the matrix", len: values.len(), rows: size, cols: size });
        }
        for i in 0..size {
            for j in 0..size {
                let v = values[i * size + j];
                let reason = if !v.is_finite() {
                    "not finite"
                } else if i == j && v != 0.0 {
                    "but the diagonal must be 0"
                } else if v != values[j * size + i] {
                    "but the matrix must be symmetric"
                } else {
                    continue;
                };
                return Err(AnalysisError::NotDissimilarity { op, row: i, col: j, value: v, reason });
            }
        }
        Ok(Self { size, values })
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Row-major, size × size.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.values[i * self.size + j]
    }

    /// The entries above the diagonal, row by row: d_01, d_02, …, d_12, … (size(size−1)/2).
    pub fn upper_triangle(&self) -> Vec<f64> {
        (0..self.size).flat_map(|i| (i + 1..self.size).map(move |j| (i, j))).map(|(i, j)| self.get(i, j)).collect()
    }
}

/// The 1 − Pearson RDM between the rows of `patterns` (one pattern per row).
pub fn pearson_rdm<T: Scalar>(patterns: &Activity<T>) -> Rdm {
    let (n, len) = (patterns.images(), patterns.units());
    let mut centred = vec![0.0f64; n * len];
    let mut norm = vec![0.0f64; n];
    for i in 0..n {
        let row = patterns.row(i);
        let mean = row.iter().map(|v| v.to_f64()).sum::<f64>() / len as f64;
        let out = &mut centred[i * len..(i + 1) * len];
        out.iter_mut().zip(row).for_each(|(c, v)| *c = v.to_f64() - mean);
        norm[i] = libm::sqrt(out.iter().map(|c| c * c).sum::<f64>());
    }
    let mut values = vec![0.0f64; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let d = match (norm[i] == 0.0, norm[j] == 0.0) {
                (true, true) => 0.0,
                (true, false) | (false, true) => 1.0,
                (false, false) => {
                    let (a, b) = (&centred[i * len..(i + 1) * len], &centred[j * len..(j + 1) * len]);
                    let cross = a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
                    1.0 - (cross / (norm[i] * norm[j])).clamp(-1.0, 1.0)
                }
            };
            values[i * n + j] = d;
            values[j * n + i] = d;
        }
    }
    Rdm { size: n, values }
}

/// The class-by-class RDM (10 × 10) of the class-mean activity patterns. Every class needs an
/// image. On the pixels it is the pixel class RDM.
pub fn class_rdm<T: Scalar>(activity: &Activity<T>, labels: &[u8]) -> Result<Rdm, AnalysisError> {
    let means = class_means(activity, labels)?;
    Ok(pearson_rdm(&Activity::new(&means.values, CLASSES, means.units)?))
}

/// The fixed class-sorted subset for image RDMs: the first `per_class` images (lowest indices)
/// of class 0, then of class 1, …, of class 9, each class's in index order. Every class needs
/// `per_class` images.
pub fn class_sorted_subset(labels: &[u8], per_class: usize) -> Result<Vec<usize>, AnalysisError> {
    let op = "class_sorted_subset";
    if per_class == 0 {
        return Err(AnalysisError::TooFew { op, what: "images per class", found: 0, needed: 1 });
    }
    check_labels(op, labels, labels.len())?;
    let mut subset = Vec::with_capacity(CLASSES * per_class);
    for class in 0..CLASSES {
        let of_class: Vec<usize> = labels
            .iter()
            .enumerate()
            .filter(|&(_, &l)| usize::from(l) == class)
            .map(|(i, _)| i)
            .take(per_class)
            .collect();
        if of_class.len() < per_class {
            return Err(AnalysisError::TooFewImages { op, class, found: of_class.len(), needed: per_class });
        }
        subset.extend(of_class);
    }
    Ok(subset)
}

/// The image-by-image RDM of the images `subset` (in that order) of `activity`. On the pixels
/// it is the pixel image RDM.
pub fn image_rdm<T: Scalar>(activity: &Activity<T>, subset: &[usize]) -> Result<Rdm, AnalysisError> {
    let op = "image_rdm";
    if subset.is_empty() {
        return Err(AnalysisError::Empty { op, what: "the image subset" });
    }
    if let Some(&index) = subset.iter().find(|&&i| i >= activity.images()) {
        return Err(AnalysisError::OutOfRange { op, what: "image", index, len: activity.images() });
    }
    let units = activity.units();
    let mut rows = Vec::with_capacity(subset.len() * units);
    for &i in subset {
        rows.extend(activity.row(i).iter().map(|v| v.to_f64()));
    }
    Ok(pearson_rdm(&Activity::new(&rows, subset.len(), units)?))
}

/// The label RDM of conditions with these labels: d_ij = 0 if they share a label, else 1.
/// For the class RDM's reference pass 0..=9; for an image RDM's, the subset's labels.
pub fn label_rdm(labels: &[u8]) -> Rdm {
    let n = labels.len();
    let values = (0..n * n).map(|k| if labels[k / n] == labels[k % n] { 0.0 } else { 1.0 }).collect();
    Rdm { size: n, values }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    /// Pearson's r the textbook way, for one pair, with no shared code.
    fn naive_dissimilarity(x: &[f64], y: &[f64]) -> f64 {
        let n = x.len() as f64;
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let mut sxy = 0.0;
        let mut sxx = 0.0;
        let mut syy = 0.0;
        for k in 0..x.len() {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
            syy += (y[k] - my) * (y[k] - my);
        }
        1.0 - sxy / (sxx * syy).sqrt()
    }

    fn random_layer(images: usize, units: usize, seed: u32) -> (Vec<f32>, Vec<u8>) {
        let mut rng = Rng::new(seed, Stream::Init);
        let labels: Vec<u8> = (0..images).map(|_| rng.below(10) as u8).collect();
        // Class-dependent means so the matrix is not all near 1.
        let values = (0..images * units)
            .map(|k| (0.3 * f64::from(labels[k / units]) * ((k % units) as f64).cos() + rng.normal()) as f32)
            .collect();
        (values, labels)
    }

    #[test]
    fn class_rdm_equals_one_minus_pearson_of_class_means() {
        let (images, units) = (400, 17);
        let (values, labels) = random_layer(images, units, 11);
        let rdm = class_rdm(&Activity::new(&values, images, units).unwrap(), &labels).unwrap();
        assert_eq!(rdm.size(), 10);
        // Class means recomputed here, then each pair independently.
        let mean = |c: u8| -> Vec<f64> {
            let rows: Vec<usize> = (0..images).filter(|&i| labels[i] == c).collect();
            (0..units)
                .map(|u| rows.iter().map(|&i| f64::from(values[i * units + u])).sum::<f64>() / rows.len() as f64)
                .collect()
        };
        for i in 0..10u8 {
            assert_eq!(rdm.get(i.into(), i.into()), 0.0);
            for j in 0..10u8 {
                if i != j {
                    let d = naive_dissimilarity(&mean(i), &mean(j));
                    assert!((rdm.get(i.into(), j.into()) - d).abs() < 1e-9, "({i},{j})");
                    assert_eq!(rdm.get(i.into(), j.into()), rdm.get(j.into(), i.into()));
                }
            }
        }
    }

    #[test]
    fn image_rdm_on_a_class_sorted_subset() {
        let (images, units) = (300, 9);
        let (values, labels) = random_layer(images, units, 12);
        let subset = class_sorted_subset(&labels, 5).unwrap();
        assert_eq!(subset.len(), 50);
        for (k, &i) in subset.iter().enumerate() {
            assert_eq!(usize::from(labels[i]), k / 5, "class-sorted");
            let earlier = (0..i).filter(|&m| labels[m] == labels[i]).count();
            assert_eq!(earlier, k % 5, "the first images of each class, in order");
        }
        let rdm = image_rdm(&Activity::new(&values, images, units).unwrap(), &subset).unwrap();
        let row = |i: usize| -> Vec<f64> { values[i * units..(i + 1) * units].iter().map(|&v| f64::from(v)).collect() };
        for a in 0..50 {
            for b in 0..50 {
                let expected = if a == b { 0.0 } else { naive_dissimilarity(&row(subset[a]), &row(subset[b])) };
                assert!((rdm.get(a, b) - expected).abs() < 1e-9);
            }
        }
        assert!(matches!(class_sorted_subset(&labels, 1000), Err(AnalysisError::TooFewImages { .. })));
        let a = Activity::new(&values, images, units).unwrap();
        assert!(matches!(image_rdm(&a, &[0, 300]), Err(AnalysisError::OutOfRange { index: 300, .. })));
    }

    #[test]
    fn zero_variance_patterns_give_no_nan() {
        // Patterns: constant 0, constant 5, a ramp, the ramp reversed, the ramp scaled.
        let values = [0u8, 0, 0, 0, 5, 5, 5, 5, 1, 2, 3, 4, 4, 3, 2, 1, 2, 4, 6, 8];
        let rdm = pearson_rdm(&Activity::new(&values, 5, 4).unwrap());
        assert!(rdm.values().iter().all(|v| v.is_finite()));
        assert_eq!(rdm.get(0, 1), 0.0, "two constant patterns");
        assert_eq!(rdm.get(0, 2), 1.0, "constant against varying");
        assert_eq!(rdm.get(1, 3), 1.0);
        assert!((rdm.get(2, 3) - 2.0).abs() < 1e-15, "anti-correlated");
        assert!(rdm.get(2, 4).abs() < 1e-15, "scale-invariant");
        assert!(Rdm::new(5, rdm.values().to_vec()).is_ok());
    }

    #[test]
    fn label_and_pixel_references() {
        let l = label_rdm(&[0, 0, 1, 2]);
        assert_eq!(l.values(), &[0., 0., 1., 1., 0., 0., 1., 1., 1., 1., 0., 1., 1., 1., 1., 0.]);
        assert_eq!(label_rdm(&(0..10).collect::<Vec<u8>>()).upper_triangle(), vec![1.0; 45]);
        // Pixel class RDM: one 2-pixel image per class, so the class means are the images.
        let pixels: Vec<u8> = (0..10u8).flat_map(|c| [c, 9 - c, c * 2]).collect();
        let labels: Vec<u8> = (0..10).collect();
        let rdm = class_rdm(&Activity::new(&pixels, 10, 3).unwrap(), &labels).unwrap();
        let img = |c: usize| -> Vec<f64> { pixels[c * 3..c * 3 + 3].iter().map(|&p| f64::from(p)).collect() };
        assert!((rdm.get(2, 7) - naive_dissimilarity(&img(2), &img(7))).abs() < 1e-12);
    }

    #[test]
    fn malformed_matrices_are_refused() {
        assert!(matches!(Rdm::new(2, vec![0.0; 3]), Err(AnalysisError::Shape { .. })));
        assert!(matches!(
            Rdm::new(2, vec![0.0, 1.0, 0.5, 0.0]),
            Err(AnalysisError::NotDissimilarity { row: 0, col: 1, .. })
        ));
        assert!(matches!(
            Rdm::new(2, vec![1.0, 1.0, 1.0, 0.0]),
            Err(AnalysisError::NotDissimilarity { row: 0, col: 0, .. })
        ));
        assert_eq!(Rdm::new(3, vec![0., 1., 2., 1., 0., 3., 2., 3., 0.]).unwrap().upper_triangle(), vec![1., 2., 3.]);
    }
}
