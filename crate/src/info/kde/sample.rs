//! The points a KDE measurement runs on: N samples × d dimensions of a layer's activity,
//! row-major `f32`, borrowed (no copy), with the shape checked once.

use super::error::KdeError;

/// N points t₁…t_N in d dimensions: `values[i·d + k]` is coordinate k of point i.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample<'a> {
    values: &'a [f32],
    n: usize,
    d: usize,
}

impl<'a> Sample<'a> {
    /// Checks that `values` holds `n` × `d` finite numbers, d ≥ 1. (N ≥ 2 is checked by the
    /// measurements, and by [`Sample::first`].)
    pub fn new(values: &'a [f32], n: usize, d: usize) -> Result<Self, KdeError> {
        if d == 0 || n.checked_mul(d) != Some(values.len()) {
            return Err(KdeError::Shape { op: "kde sample", len: values.len(), n, d });
        }
        if let Some(k) = values.iter().position(|v| !v.is_finite()) {
            return Err(KdeError::NonFinite { op: "kde sample", sample: k / d, dim: k % d, value: values[k] });
        }
        Ok(Self { values, n, d })
    }

    /// The first `kde_samples` points, 2 ≤ `kde_samples` ≤ N: the fixed sample every evaluation
    /// measures, so anyone can recompute it.
    pub fn first(self, kde_samples: usize) -> Result<Self, KdeError> {
        check_count(kde_samples)?;
        if kde_samples > self.n {
            return Err(KdeError::TooManySamples { requested: kde_samples, available: self.n });
        }
        Ok(Self { values: &self.values[..kde_samples * self.d], n: kde_samples, d: self.d })
    }

    /// N, the number of points.
    pub fn n(&self) -> usize {
        self.n
    }

    /// d, the dimension of each point.
    pub fn d(&self) -> usize {
        self.d
    }

    /// All coordinates, point after point.
    pub fn values(&self) -> &'a [f32] {
        self.values
    }

    /// Point `i` (`i < n`).
    #[inline]
    pub fn point(&self, i: usize) -> &'a [f32] {
        &self.values[i * self.d..(i + 1) * self.d]
    }

    /// The activity range r = max − min over every coordinate of every point, in activity units
    /// (0 for a constant layer).
    pub fn range(&self) -> f64 {
        let (lo, hi) = self.values.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        f64::from(hi) - f64::from(lo)
    }
}

/// N ≥ 2, the fewest points with a pairwise distance.
pub(crate) fn check_count(n: usize) -> Result<(), KdeError> {
    if n < 2 {
        Err(KdeError::TooFewSamples { requested: n })
    } else {
        Ok(())
    }
}
