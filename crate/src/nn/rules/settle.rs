//! What the rules that settle share (predictive coding, equilibrium propagation): batch buffers
//! that grow once to the largest batch seen and are then sliced, the largest change of a state,
//! and the outcome of a relaxation against its tolerance.

use ndarray::{s, Array2, ArrayView2, ArrayViewMut2};

use super::{Settled, Unsettled};
use crate::nn::Mlp;

/// One B×n_out(l) buffer per weight layer of `model`, at least `rows` rows (grown only when a
/// larger batch comes: a training batch, then an evaluation chunk, then training again allocate
/// nothing more).
pub(super) fn ensure_rows(bufs: &mut Vec<Array2<f32>>, model: &Mlp, rows: usize) {
    let layers = &model.layers;
    if bufs.len() != layers.len() || bufs.iter().zip(layers).any(|(b, l)| b.nrows() < rows || b.ncols() != l.n_out()) {
        *bufs = layers.iter().map(|l| Array2::zeros((rows, l.n_out()))).collect();
    }
}

/// The first `rows` rows of a buffer.
pub(super) fn rows(buf: &Array2<f32>, rows: usize) -> ArrayView2<'_, f32> {
    buf.slice(s![..rows, ..])
}

/// The first `rows` rows of a buffer, mutable.
pub(super) fn rows_mut(buf: &mut Array2<f32>, rows: usize) -> ArrayViewMut2<'_, f32> {
    buf.slice_mut(s![..rows, ..])
}

/// The outcome of a relaxation that ran `iterations` and whose last iteration changed no state
/// by more than `residual`.
pub(super) fn outcome(iterations: usize, residual: f64, tolerance: f64) -> Result<Settled, Unsettled> {
    if residual < tolerance {
        Ok(Settled { iterations, residual })
    } else {
        Err(Unsettled { iterations, residual, tolerance })
    }
}

/// Σ of squares of a matrix, in f64.
pub(super) fn sum_sq(a: ArrayView2<f32>) -> f64 {
    a.iter().map(|&v| f64::from(v) * f64::from(v)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_grow_once_and_an_outcome_is_judged_by_its_tolerance() {
        let model = Mlp::new(&[4, 3, 2], crate::nn::Activation::Sigmoid, false, 1.0, &mut crate::rng::Rng::new(1, crate::rng::Stream::Init));
        let mut b = Vec::new();
        ensure_rows(&mut b, &model, 4);
        let p = b[0].as_ptr();
        ensure_rows(&mut b, &model, 2);
        assert_eq!((b[0].as_ptr(), b[0].nrows()), (p, 4), "a smaller batch reuses the buffers");
        ensure_rows(&mut b, &model, 5);
        assert_eq!(b[1].dim(), (5, 2));
        assert_eq!(outcome(3, 1e-5, 1e-4), Ok(Settled { iterations: 3, residual: 1e-5 }));
        assert_eq!(outcome(9, 1e-3, 1e-4), Err(Unsettled { iterations: 9, residual: 1e-3, tolerance: 1e-4 }));
    }
}
