//! The kernels' operand checks: shapes come from the views' `.dim()`, and a mismatch or a
//! matrix that is not contiguous row-major (standard layout) stops with a message naming the
//! op and every operand's dims, e.g. `matmul: shapes A 3×4, B 5×6, C 3×6 do not fit A m×k,
//! B k×n, C m×n`. These are programming errors, never bad input: nothing a user sets reaches a
//! kernel unchecked.

use ndarray::{ArrayView, ArrayViewMut, Dimension};

/// Stops unless `ok`, naming `op`, the operands' dims and the shapes they must have.
#[inline]
#[track_caller]
pub fn require(op: &str, ok: bool, operands: &[(&str, (usize, usize))], expected: &str) {
    if !ok {
        mismatch(op, operands, expected);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn mismatch(op: &str, operands: &[(&str, (usize, usize))], expected: &str) -> ! {
    let dims: Vec<String> = operands.iter().map(|(name, (r, c))| format!("{name} {r}×{c}")).collect();
    panic!("{op}: shapes {} do not fit {expected}", dims.join(", "));
}

/// Stops unless the two operands have one shape.
#[inline]
#[track_caller]
pub fn require_same(op: &str, a: &[usize], b: &[usize]) {
    if a != b {
        differ(op, a, b);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn differ(op: &str, a: &[usize], b: &[usize]) -> ! {
    panic!("{op}: shapes {} and {} differ", dims(a), dims(b));
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_contiguous(op: &str, name: &str, shape: &[usize]) -> ! {
    panic!("{op}: {name} ({}) is not contiguous row-major", dims(shape));
}

fn dims(shape: &[usize]) -> String {
    shape.iter().map(usize::to_string).collect::<Vec<_>>().join("×")
}

/// The row-major data of a read operand.
#[inline]
#[track_caller]
pub fn operand<'a, A, D: Dimension>(op: &str, name: &str, m: ArrayView<'a, A, D>) -> &'a [A] {
    match m.to_slice() {
        Some(data) => data,
        None => not_contiguous(op, name, m.shape()),
    }
}

/// The row-major data of a written operand.
#[inline]
#[track_caller]
pub fn operand_mut<'a, A, D: Dimension>(op: &str, name: &str, m: ArrayViewMut<'a, A, D>) -> &'a mut [A] {
    if !m.is_standard_layout() {
        not_contiguous(op, name, m.shape());
    }
    m.into_slice().unwrap_or(&mut [])
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use crate::nn::kernels::{matmul, matmul_a_bt, matmul_at_b};

    fn message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let e = std::panic::catch_unwind(f).unwrap_err();
        e.downcast_ref::<String>().cloned().unwrap_or_default()
    }

    #[test]
    fn a_mismatch_names_the_op_and_the_dims() {
        let (a, b) = (Array2::<f32>::zeros((3, 4)), Array2::<f32>::zeros((5, 6)));
        let e = message(|| matmul(a.view(), b.view(), Array2::zeros((3, 6)).view_mut()));
        assert_eq!(e, "matmul: shapes A 3×4, B 5×6, C 3×6 do not fit A m×k, B k×n, C m×n");
        let e = message(|| matmul_at_b(a.view(), b.view(), Array2::zeros((4, 6)).view_mut()));
        assert!(e.starts_with("matmul_at_b: shapes A 3×4, D 5×6"), "{e}");
        let e = message(|| matmul_a_bt(a.view(), b.view(), Array2::zeros((3, 5)).view_mut()));
        assert!(e.starts_with("matmul_a_bt: shapes D 3×4, W 5×6"), "{e}");
    }

    #[test]
    fn a_transposed_view_is_refused() {
        let (a, b) = (Array2::<f32>::zeros((4, 3)), Array2::<f32>::zeros((4, 2)));
        let e = message(|| matmul(a.t(), b.view(), Array2::zeros((3, 2)).view_mut()));
        assert_eq!(e, "matmul: A (3×4) is not contiguous row-major");
    }
}
