//! The angle between two matrices (or any two arrays of one length) read as vectors: how far a
//! rule's feedback matrix is from the one backprop would use, and its update from the gradient.

/// arccos(a·b / (|a||b|)) in degrees, summed in f64 in element order; 90 if either is zero.
pub fn angle_deg<'a>(a: impl IntoIterator<Item = &'a f32>, b: impl IntoIterator<Item = &'a f32>) -> f64 {
    let (mut dot, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.into_iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        return 90.0;
    }
    libm::acos((dot / libm::sqrt(aa * bb)).clamp(-1.0, 1.0)).to_degrees()
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn angles() {
        assert!((angle_deg(&[1.0, 0.0], &[0.0, 3.0]) - 90.0).abs() < 1e-9);
        assert!(angle_deg(&[1.0, 1.0], &[2.0, 2.0]).abs() < 1e-6);
        assert!((angle_deg(&[1.0, 0.0], &[-1.0, 0.0]) - 180.0).abs() < 1e-9);
        assert!((angle_deg(&[1.0, 0.0], &[1.0, 1.0]) - 45.0).abs() < 1e-6);
        assert_eq!(angle_deg(&[0.0, 0.0], &[1.0, 1.0]), 90.0);
        // Matrices are compared element by element, in row-major order.
        assert!(angle_deg(&array![[1.0, 0.0], [0.0, 1.0]], &array![[2.0, 0.0], [0.0, 2.0]]).abs() < 1e-6);
    }
}
