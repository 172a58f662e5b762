//! Q, the brightest quadrant of an image (the coursework's "W"): a label-free property of the
//! input to compare I(X;T) with.
//!
//! The image is cut at row ⌊rows/2⌋ and column ⌊cols/2⌋ into quadrants 0 = top-left,
//! 1 = top-right, 2 = bottom-left, 3 = bottom-right (for 28×28: rows 0..14 and 14..28, columns
//! likewise). Q is the quadrant with the largest sum of pixel values; ties go to the lowest
//! index. For odd sizes the middle row belongs to the bottom quadrants and the middle column to
//! the right ones (so those are one row or column larger); a 1-row image has empty top
//! quadrants, whose sum is 0.

use crate::data::Dataset;

use super::error::InfoError;

/// Q of one image (row-major, `rows` × `cols` pixels).
pub fn brightest_quadrant(image: &[u8], rows: usize, cols: usize) -> Result<u8, InfoError> {
    if rows.checked_mul(cols) != Some(image.len()) {
        return Err(InfoError::ImageShape { len: image.len(), rows, cols });
    }
    Ok(quadrant_of(image, rows, cols))
}

/// Q of every image of a data set, in order.
pub fn brightest_quadrants(data: &Dataset) -> Vec<u8> {
    (0..data.len()).map(|i| quadrant_of(data.image(i), data.rows, data.cols)).collect()
}

/// `image.len()` must be rows × cols.
fn quadrant_of(image: &[u8], rows: usize, cols: usize) -> u8 {
    let (mid_row, mid_col) = (rows / 2, cols / 2);
    let mut sums = [0u64; 4];
    for (r, row) in image.chunks_exact(cols.max(1)).take(rows).enumerate() {
        let top = if r < mid_row { 0 } else { 2 };
        let left: u64 = row[..mid_col].iter().map(|&p| u64::from(p)).sum();
        let right: u64 = row[mid_col..].iter().map(|&p| u64::from(p)).sum();
        sums[top] += left;
        sums[top + 1] += right;
    }
    let mut best = 0;
    for q in 1..4 {
        if sums[q] > sums[best] {
            best = q;
        }
    }
    best as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rows×cols image, zero but for `value` added over the given rectangle.
    fn image(rows: usize, cols: usize, patches: &[(usize, usize, usize, usize, u8)]) -> Vec<u8> {
        let mut img = vec![0u8; rows * cols];
        for &(r0, r1, c0, c1, v) in patches {
            for r in r0..r1 {
                for c in c0..c1 {
                    img[r * cols + c] += v;
                }
            }
        }
        img
    }

    #[test]
    fn each_quadrant_of_a_28x28_image() {
        let q = |img: &[u8]| brightest_quadrant(img, 28, 28).unwrap();
        assert_eq!(q(&image(28, 28, &[(0, 14, 0, 14, 1)])), 0);
        assert_eq!(q(&image(28, 28, &[(0, 14, 14, 28, 1)])), 1);
        assert_eq!(q(&image(28, 28, &[(14, 28, 0, 14, 1)])), 2);
        assert_eq!(q(&image(28, 28, &[(14, 28, 14, 28, 1)])), 3);
        // Single pixels at the borders of the cut.
        assert_eq!(q(&image(28, 28, &[(13, 14, 13, 14, 9)])), 0);
        assert_eq!(q(&image(28, 28, &[(13, 14, 14, 15, 9)])), 1);
        assert_eq!(q(&image(28, 28, &[(14, 15, 13, 14, 9)])), 2);
        assert_eq!(q(&image(28, 28, &[(27, 28, 27, 28, 9)])), 3);
        // Sums, not maxima: many dim pixels beat one bright one.
        assert_eq!(q(&image(28, 28, &[(0, 1, 0, 1, 255), (20, 28, 20, 28, 5)])), 3);
    }

    #[test]
    fn ties_go_to_the_lowest_index() {
        let q = |img: &[u8]| brightest_quadrant(img, 28, 28).unwrap();
        assert_eq!(q(&[0; 784]), 0);
        assert_eq!(q(&[200; 784]), 0);
        assert_eq!(q(&image(28, 28, &[(0, 14, 14, 28, 3), (14, 28, 0, 14, 3)])), 1);
        assert_eq!(q(&image(28, 28, &[(14, 28, 0, 14, 3), (14, 28, 14, 28, 3)])), 2);
        assert_eq!(q(&image(28, 28, &[(0, 1, 27, 28, 7), (27, 28, 27, 28, 7), (27, 28, 0, 1, 6)])), 1);
    }

    #[test]
    fn other_sizes() {
        // 2×2: one pixel per quadrant.
        assert_eq!(brightest_quadrant(&[1, 2, 3, 4], 2, 2).unwrap(), 3);
        assert_eq!(brightest_quadrant(&[5, 2, 3, 4], 2, 2).unwrap(), 0);
        // 3×3: the middle row and column go to the bottom and right quadrants.
        assert_eq!(brightest_quadrant(&[0, 0, 0, 0, 1, 0, 0, 0, 0], 3, 3).unwrap(), 3);
        assert_eq!(brightest_quadrant(&[0, 0, 0, 1, 0, 0, 0, 0, 0], 3, 3).unwrap(), 2);
        assert_eq!(brightest_quadrant(&[0, 1, 0, 0, 0, 0, 0, 0, 0], 3, 3).unwrap(), 1);
        // 1×4: the top quadrants are empty.
        assert_eq!(brightest_quadrant(&[1, 0, 0, 0], 1, 4).unwrap(), 2);
        // 0×0: all sums 0.
        assert_eq!(brightest_quadrant(&[], 0, 0).unwrap(), 0);
        assert_eq!(
            brightest_quadrant(&[0; 10], 3, 3),
            Err(InfoError::ImageShape { len: 10, rows: 3, cols: 3 })
        );
    }

    #[test]
    fn whole_data_set() {
        let imgs = [image(4, 4, &[(0, 2, 2, 4, 9)]), image(4, 4, &[(3, 4, 0, 1, 1)]), vec![0; 16]];
        let data = Dataset::from_parts(4, 4, imgs.concat(), vec![0, 1, 2]);
        assert_eq!(brightest_quadrants(&data), vec![1, 2, 0]);
    }
}
