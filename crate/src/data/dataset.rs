//! A labelled set of greyscale images: an images×pixels matrix of bytes and a label each.

use ndarray::{Array2, ArrayViewMut2};

use crate::error::DataError;

use super::idx::{parse_images, parse_labels};

/// Number of classes (labels are 0..=9).
pub const N_CLASSES: usize = 10;

/// Images of rows×cols bytes 0..255 with a label each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    pub rows: usize,
    pub cols: usize,
    /// One image per row (images×pixels), each image row-major.
    pub pixels: Array2<u8>,
    pub labels: Vec<u8>,
}

/// What a pair of data sets holds, for front ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DataSummary {
    pub train_count: usize,
    pub test_count: usize,
    pub rows: usize,
    pub cols: usize,
}

impl DataSummary {
    /// Checks that the two sets have images of one shape.
    pub fn of(train: &Dataset, test: &Dataset) -> Result<Self, DataError> {
        if (train.rows, train.cols) != (test.rows, test.cols) {
            return Err(DataError::ShapeMismatch {
                train_rows: train.rows,
                train_cols: train.cols,
                test_rows: test.rows,
                test_cols: test.cols,
            });
        }
        Ok(Self { train_count: train.len(), test_count: test.len(), rows: train.rows, cols: train.cols })
    }
}

impl Dataset {
    /// Builds a data set from an image file and a label file (raw or gzipped IDX). `name` goes
    /// into error messages ("test images: wrong magic number ...").
    pub fn from_idx(name: &str, images: &[u8], labels: &[u8]) -> Result<Self, DataError> {
        let images = parse_images(images)
            .map_err(|source| DataError::Idx { file: format!("{name} images"), source })?;
        let labels = parse_labels(labels)
            .map_err(|source| DataError::Idx { file: format!("{name} labels"), source })?;
        if images.count != labels.len() {
            return Err(DataError::CountMismatch { set: name.to_string(), images: images.count, labels: labels.len() });
        }
        let (rows, cols) = (images.rows, images.cols);
        let pixels = images.into_matrix().map_err(|source| DataError::Idx { file: format!("{name} images"), source })?;
        Ok(Self { rows, cols, pixels, labels })
    }

    /// Builds a data set from in-memory parts; panics if the lengths disagree (for tests and
    /// generated data, never for user input).
    pub fn from_parts(rows: usize, cols: usize, pixels: Vec<u8>, labels: Vec<u8>) -> Self {
        assert!(labels.iter().all(|&l| (l as usize) < N_CLASSES));
        let pixels = Array2::from_shape_vec((labels.len(), rows * cols), pixels).expect("one image of rows×cols per label");
        Self { rows, cols, pixels, labels }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels per image.
    pub fn image_len(&self) -> usize {
        self.rows * self.cols
    }

    /// Image `i`'s pixels, row-major.
    pub fn image(&self, i: usize) -> &[u8] {
        let n = self.image_len();
        &self.pixel_bytes()[i * n..(i + 1) * n]
    }

    /// Every image's pixels, one image after another (the IDX file's data).
    pub fn pixel_bytes(&self) -> &[u8] {
        self.pixels.as_slice().expect("the pixel matrix is built row-major")
    }

    /// Writes images `indices` times `scale` into the rows of `out` (one image per row, as
    /// many rows as indices), with their labels into `labels`.
    pub fn write_scaled(&self, indices: impl IntoIterator<Item = usize>, scale: f32, mut out: ArrayViewMut2<f32>, labels: &mut [u8]) {
        let convert = |(d, &p): (&mut f32, &u8)| *d = f32::from(p) * scale;
        for ((i, mut row), label) in indices.into_iter().zip(out.rows_mut()).zip(labels) {
            match row.as_slice_mut() {
                Some(dst) => dst.iter_mut().zip(self.image(i)).for_each(convert),
                None => row.iter_mut().zip(self.image(i)).for_each(convert),
            }
            *label = self.labels[i];
        }
    }

    /// The first `n` items (all of them if `n` is larger).
    pub fn first(&self, n: usize) -> Self {
        let n = n.min(self.len());
        Self {
            rows: self.rows,
            cols: self.cols,
            pixels: self.pixels.slice(ndarray::s![..n, ..]).to_owned(),
            labels: self.labels[..n].to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::idx::{encode_images, encode_labels};
    use crate::error::IdxError;

    #[test]
    fn builds_and_slices() {
        let d = Dataset::from_idx("t", &encode_images(3, 2, 2, &[7; 12]), &encode_labels(&[1, 2, 3])).unwrap();
        assert_eq!((d.len(), d.image_len()), (3, 4));
        assert_eq!(d.first(2).labels, vec![1, 2]);
        assert_eq!(d.first(99).len(), 3);
        assert_eq!(d.pixels.dim(), (3, 4));
        let d = Dataset::from_parts(1, 2, vec![10, 20, 30, 40, 50, 60], vec![4, 5, 6]);
        assert_eq!(d.image(1), [30, 40]);
        let mut out = Array2::zeros((2, 2));
        let mut labels = [0; 2];
        d.write_scaled([2, 0], 0.5, out.view_mut(), &mut labels);
        assert_eq!(out, ndarray::array![[25.0, 30.0], [5.0, 10.0]]);
        assert_eq!(labels, [6, 4]);
    }

    #[test]
    fn names_the_bad_file() {
        let err = Dataset::from_idx("test", &encode_labels(&[1]), &encode_labels(&[1])).unwrap_err();
        assert!(matches!(&err, DataError::Idx { file, source: IdxError::WrongMagic { .. } } if file == "test images"));
        assert!(err.to_string().starts_with("test images: wrong magic number"), "{err}");
    }

    #[test]
    fn counts_must_agree() {
        let err = Dataset::from_idx("t", &encode_images(3, 2, 2, &[7; 12]), &encode_labels(&[1, 2])).unwrap_err();
        assert_eq!(err, DataError::CountMismatch { set: "t".into(), images: 3, labels: 2 });
        assert_eq!(err.to_string(), "t set: 3 images but 2 labels");
    }
}
