//! Element-wise loops over arrays of one shape, run as plain loops over their contiguous
//! row-major slices, in element order (what the update, the derivative and the copies need;
//! LLVM vectorises them).

use ndarray::{ArrayView, ArrayViewMut, Dimension};

use super::shape::{operand, operand_mut, require_same};

/// f(dst_i, src_i) for every element, in order.
#[track_caller]
pub fn zip_update<A: Copy, D: Dimension>(op: &str, dst: ArrayViewMut<f32, D>, src: ArrayView<A, D>, f: impl FnMut(&mut f32, A)) {
    require_same(op, dst.shape(), src.shape());
    let mut f = f;
    for (d, &s) in operand_mut(op, "destination", dst).iter_mut().zip(operand(op, "source", src)) {
        f(d, s);
    }
}

/// dst_i = f(a_i, b_i) for every element.
#[track_caller]
pub fn zip_combine<D: Dimension>(op: &str, dst: ArrayViewMut<f32, D>, a: ArrayView<f32, D>, b: ArrayView<f32, D>, f: impl Fn(f32, f32) -> f32) {
    require_same(op, dst.shape(), a.shape());
    require_same(op, a.shape(), b.shape());
    let (a, b) = (operand(op, "first operand", a), operand(op, "second operand", b));
    for ((d, &x), &y) in operand_mut(op, "destination", dst).iter_mut().zip(a).zip(b) {
        *d = f(x, y);
    }
}

/// f(…f(f(init, a_0, b_0), a_1, b_1)…), in element order.
#[track_caller]
pub fn zip_fold<T, D: Dimension>(op: &str, a: ArrayView<f32, D>, b: ArrayView<f32, D>, init: T, f: impl Fn(T, f32, f32) -> T) -> T {
    require_same(op, a.shape(), b.shape());
    operand(op, "first operand", a).iter().zip(operand(op, "second operand", b)).fold(init, |acc, (&x, &y)| f(acc, x, y))
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn loops_run_in_element_order() {
        let mut d = array![[1.0f32, 2.0], [3.0, 4.0]];
        zip_update("t", d.view_mut(), array![[1u8, 0], [2, 0]].view(), |d, s| *d -= f32::from(s));
        assert_eq!(d, array![[0.0, 2.0], [1.0, 4.0]]);
        zip_combine("t", d.view_mut(), array![[1.0, 2.0], [3.0, 4.0]].view(), array![[2.0, 2.0], [2.0, 0.5]].view(), |a, b| a * b);
        assert_eq!(d, array![[2.0, 4.0], [6.0, 2.0]]);
        let order = zip_fold("t", d.view(), d.view(), Vec::new(), |mut v, a, _| {
            v.push(a);
            v
        });
        assert_eq!(order, [2.0, 4.0, 6.0, 2.0]);
    }

    #[test]
    fn a_shape_mismatch_names_the_op() {
        let (mut a, b) = (ndarray::Array2::<f32>::zeros((2, 3)), ndarray::Array2::<f32>::zeros((3, 2)));
        let e = std::panic::catch_unwind(move || zip_update("apply_update", a.view_mut(), b.view(), |_, _| {})).unwrap_err();
        assert_eq!(e.downcast_ref::<String>().unwrap(), "apply_update: shapes 2×3 and 3×2 differ");
    }
}
