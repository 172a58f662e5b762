//! The angle between two matrices (or any two arrays of one length) read as vectors: how far a
//! rule's feedback matrix is from the one backprop would use, and its update from the gradient.

use ndarray::ArrayView2;

use super::kernels::zip_fold;

/// arccos(a·b / (|a||b|)) in degrees, summed in f64 in row-major order; 90 if either is zero.
/// The two matrices must have one shape.
pub fn angle_deg(a: ArrayView2<f32>, b: ArrayView2<f32>) -> f64 {
    let (dot, aa, bb) = zip_fold("angle_deg", a, b, (0.0f64, 0.0f64, 0.0f64), |(dot, aa, bb), x, y| {
        let (x, y) = (f64::from(x), f64::from(y));
        (dot + x * y, aa + x * x, bb + y * y)
    });
    if aa == 0.0 || bb == 0.0 {
        return 90.0;
    }
    libm::acos((dot / libm::sqrt(aa * bb)).clamp(-1.0, 1.0)).to_degrees()
}

#[cfg(test)]
mod tests {
    use ndarray::{array, aview2};

    use super::*;

    #[test]
    fn angles() {
        let deg = |a: [f32; 2], b: [f32; 2]| angle_deg(aview2(&[a]), aview2(&[b]));
        assert!((deg([1.0, 0.0], [0.0, 3.0]) - 90.0).abs() < 1e-9);
        assert!(deg([1.0, 1.0], [2.0, 2.0]).abs() < 1e-6);
        assert!((deg([1.0, 0.0], [-1.0, 0.0]) - 180.0).abs() < 1e-9);
        assert!((deg([1.0, 0.0], [1.0, 1.0]) - 45.0).abs() < 1e-6);
        assert_eq!(deg([0.0, 0.0], [1.0, 1.0]), 90.0);
        // Matrices are compared element by element.
        assert!(angle_deg(array![[1.0, 0.0], [0.0, 1.0]].view(), array![[2.0, 0.0], [0.0, 2.0]].view()).abs() < 1e-6);
    }
}
