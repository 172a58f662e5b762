//! The plain data the analyses read: a layer's activity (or the pixels, the input layer) as
//! images × units, row-major, and a weight matrix n_in × n_out, row-major; both checked once
//! on construction (shape, finiteness), so every analysis can trust them. Also the label check.

use super::error::AnalysisError;
use super::CLASSES;

/// A number an analysis can read: converted exactly to f64, in which all sums are made.
pub trait Scalar: Copy {
    fn to_f64(self) -> f64;
}

impl Scalar for f32 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Scalar for f64 {
    fn to_f64(self) -> f64 {
        self
    }
}

impl Scalar for u8 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// A layer's activity on `images` inputs: `values[i * units + u]` is unit u's response to image
/// i. With `T = u8` and `units` = pixels it is the input layer (the raw pixels), so every
/// analysis of a layer also applies to the images themselves.
#[derive(Debug, Clone, Copy)]
pub struct Activity<'a, T: Scalar = f32> {
    values: &'a [T],
    images: usize,
    units: usize,
}

impl<'a, T: Scalar> Activity<'a, T> {
    /// Checks that `values` is `images` × `units` (both at least 1) of finite numbers.
    pub fn new(values: &'a [T], images: usize, units: usize) -> Result<Self, AnalysisError> {
        let op = "activity";
        if images == 0 {
            return Err(AnalysisError::Empty { op, what: "the image set" });
        }
        if units == 0 {
            return Err(AnalysisError::Empty { op, what: "the layer" });
        }
        if images.checked_mul(units) != Some(values.len()) {
            return Err(AnalysisError::Shape {
                op,
                what: "the activity",
                len: values.len(),
                rows: images,
                cols: units,
            });
        }
        check_finite(op, "value", values)?;
        Ok(Self { values, images, units })
    }

    pub fn images(&self) -> usize {
        self.images
    }

    pub fn units(&self) -> usize {
        self.units
    }

    pub fn values(&self) -> &'a [T] {
        self.values
    }

    /// Image i's activity pattern (one value per unit), `i < images`.
    pub fn row(&self, i: usize) -> &'a [T] {
        &self.values[i * self.units..(i + 1) * self.units]
    }
}

/// A dense layer's weights: `values[i * n_out + j]` connects input i to unit j, so unit j's
/// input weights (its receptive field in the first layer) are column j.
#[derive(Debug, Clone, Copy)]
pub struct Weights<'a> {
    values: &'a [f32],
    n_in: usize,
    n_out: usize,
}

impl<'a> Weights<'a> {
    /// Checks that `values` is `n_in` × `n_out` (both at least 1) of finite numbers.
    pub fn new(values: &'a [f32], n_in: usize, n_out: usize) -> Result<Self, AnalysisError> {
        let op = "weights";
        if n_in == 0 || n_out == 0 {
            return Err(AnalysisError::Empty { op, what: "the weight matrix" });
        }
        if n_in.checked_mul(n_out) != Some(values.len()) {
            return Err(AnalysisError::Shape { op, what: "the weights", len: values.len(), rows: n_in, cols: n_out });
        }
        check_finite(op, "weight", values)?;
        Ok(Self { values, n_in, n_out })
    }

    pub fn n_in(&self) -> usize {
        self.n_in
    }

    pub fn n_out(&self) -> usize {
        self.n_out
    }

    /// w[i][j], the weight from input i to unit j.
    pub fn get(&self, i: usize, j: usize) -> f32 {
        self.values[i * self.n_out + j]
    }

    pub fn values(&self) -> &'a [f32] {
        self.values
    }
}

fn check_finite<T: Scalar>(op: &'static str, what: &'static str, values: &[T]) -> Result<(), AnalysisError> {
    match values.iter().position(|v| !v.to_f64().is_finite()) {
        Some(index) => Err(AnalysisError::NonFinite { op, what, index, value: values[index].to_f64() }),
        None => Ok(()),
    }
}

/// Checks one label per image, each in 0..CLASSES.
pub(crate) fn check_labels(op: &'static str, labels: &[u8], images: usize) -> Result<(), AnalysisError> {
    if labels.len() != images {
        return Err(AnalysisError::LengthMismatch { op, what: "the labels", expected: images, found: labels.len() });
    }
    match labels.iter().position(|&l| usize::from(l) >= CLASSES) {
        Some(image) => Err(AnalysisError::Label { op, image, label: labels[image] }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_values_are_checked() {
        assert!(matches!(
            Activity::new(&[0.0f32; 6], 2, 4),
            Err(AnalysisError::Shape { len: 6, rows: 2, cols: 4, .. })
        ));
        assert!(matches!(Activity::<f32>::new(&[], 0, 4), Err(AnalysisError::Empty { .. })));
        assert!(matches!(
            Activity::new(&[0.0, f32::NAN, 1.0, 2.0], 2, 2),
            Err(AnalysisError::NonFinite { index: 1, .. })
        ));
        let a = Activity::new(&[1u8, 2, 3, 4, 5, 6], 2, 3).unwrap();
        assert_eq!(a.row(1), &[4, 5, 6]);
        assert!(matches!(Weights::new(&[0.0; 5], 2, 3), Err(AnalysisError::Shape { .. })));
        let w = Weights::new(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 2, 3).unwrap();
        assert_eq!(w.get(1, 0), 4.0);
        assert!(matches!(check_labels("t", &[0, 10], 2), Err(AnalysisError::Label { image: 1, label: 10, .. })));
        assert!(matches!(check_labels("t", &[0], 2), Err(AnalysisError::LengthMismatch { .. })));
    }
}
