//! The IDX format of MNIST and Fashion-MNIST: a big-endian magic number `0x0000TTNN`
//! (TT = 0x08 for unsigned bytes, NN = number of dimensions), NN big-endian u32 sizes, then the
//! data. Images are `0x00000803` (count, rows, cols); labels are `0x00000801` (count).

use crate::error::IdxError;

use super::gzip::maybe_inflate;

pub const IMAGES_MAGIC: u32 = 0x0000_0803;
pub const LABELS_MAGIC: u32 = 0x0000_0801;

/// Largest item count accepted (Fashion-MNIST has 60,000 training images).
pub const MAX_COUNT: u32 = 1_000_000;
/// Largest image side accepted.
pub const MAX_SIDE: u32 = 1024;

/// Images as unsigned bytes, row-major, one image after another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Images {
    pub count: usize,
    pub rows: usize,
    pub cols: usize,
    pub pixels: Vec<u8>,
}

impl Images {
    /// The pixels as a count×(rows·cols) matrix, one image per row.
    pub fn into_matrix(self) -> Result<ndarray::Array2<u8>, IdxError> {
        let (expected_bytes, actual_bytes) = (self.count * self.rows * self.cols, self.pixels.len());
        ndarray::Array2::from_shape_vec((self.count, self.rows * self.cols), self.pixels)
            .map_err(|_| IdxError::WrongLength { expected_bytes, actual_bytes })
    }
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Checks the magic number and sizes, returning the sizes and the data after the header.
fn header<'a>(
    bytes: &'a [u8],
    magic: u32,
    what: &'static str,
    max_dims: &[u32],
) -> Result<(Vec<usize>, &'a [u8]), IdxError> {
    let header_len = 4 + 4 * max_dims.len();
    if bytes.len() < 4 {
        return Err(IdxError::TooShort { len_bytes: bytes.len() });
    }
    let found = be_u32(bytes, 0);
    if found != magic {
        return Err(IdxError::WrongMagic { found, expected: magic, what });
    }
    if bytes.len() < header_len {
        return Err(IdxError::TooShort { len_bytes: bytes.len() });
    }
    let mut dims = Vec::with_capacity(max_dims.len());
    for (index, &max) in max_dims.iter().enumerate() {
        let value = be_u32(bytes, 4 + 4 * index);
        if value == 0 || value > max {
            return Err(IdxError::BadDimension { index, value, max });
        }
        dims.push(value as usize);
    }
    // Every factor is bounded above, so the product fits in u64 and, checked, in usize.
    let expected: u64 = dims.iter().map(|&d| d as u64).product();
    let data = &bytes[header_len..];
    if expected != data.len() as u64 {
        return Err(IdxError::WrongLength {
            expected_bytes: usize::try_from(expected).unwrap_or(usize::MAX),
            actual_bytes: data.len(),
        });
    }
    Ok((dims, data))
}

/// Parses an image file (raw or gzipped IDX, magic `0x00000803`).
pub fn parse_images(bytes: &[u8]) -> Result<Images, IdxError> {
    let bytes = maybe_inflate(bytes)?;
    let (dims, data) = header(&bytes, IMAGES_MAGIC, "IDX images", &[MAX_COUNT, MAX_SIDE, MAX_SIDE])?;
    Ok(Images { count: dims[0], rows: dims[1], cols: dims[2], pixels: data.to_vec() })
}

/// Parses a label file (raw or gzipped IDX, magic `0x00000801`); every label must be 0..=9.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>, IdxError> {
    let bytes = maybe_inflate(bytes)?;
    let (_, data) = header(&bytes, LABELS_MAGIC, "IDX labels", &[MAX_COUNT])?;
    if let Some(index) = data.iter().position(|&l| l > 9) {
        return Err(IdxError::LabelOutOfRange { index, label: data[index] });
    }
    Ok(data.to_vec())
}

/// Writes images as raw IDX.
pub fn encode_images(count: usize, rows: usize, cols: usize, pixels: &[u8]) -> Vec<u8> {
    assert_eq!(pixels.len(), count * rows * cols, "pixel count must match the sizes");
    let mut out = Vec::with_capacity(16 + pixels.len());
    for v in [IMAGES_MAGIC, count as u32, rows as u32, cols as u32] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(pixels);
    out
}

/// Writes labels as raw IDX.
pub fn encode_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + labels.len());
    for v in [LABELS_MAGIC, labels.len() as u32] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(labels);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::gzip::deflate;

    fn images_2x3x4() -> (Vec<u8>, Vec<u8>) {
        let pixels: Vec<u8> = (0..24).collect();
        (encode_images(2, 3, 4, &pixels), pixels)
    }

    #[test]
    fn parses_raw_and_gzipped_images() {
        let (raw, pixels) = images_2x3x4();
        for bytes in [raw.clone(), deflate(&raw)] {
            let img = parse_images(&bytes).unwrap();
            assert_eq!((img.count, img.rows, img.cols), (2, 3, 4));
            assert_eq!(img.pixels, pixels);
        }
        let matrix = parse_images(&raw).unwrap().into_matrix().unwrap();
        assert_eq!(matrix.dim(), (2, 12));
        assert_eq!(matrix.row(1).to_vec(), pixels[12..]);
        let short = Images { count: 2, rows: 1, cols: 1, pixels: vec![1] };
        assert_eq!(short.into_matrix().unwrap_err(), IdxError::WrongLength { expected_bytes: 2, actual_bytes: 1 });
    }

    #[test]
    fn parses_labels() {
        let raw = encode_labels(&[0, 9, 3]);
        assert_eq!(parse_labels(&raw).unwrap(), vec![0, 9, 3]);
        assert_eq!(parse_labels(&deflate(&raw)).unwrap(), vec![0, 9, 3]);
    }

    #[test]
    fn wrong_magic() {
        let (raw, _) = images_2x3x4();
        assert!(matches!(parse_labels(&raw), Err(IdxError::WrongMagic { found: IMAGES_MAGIC, .. })));
        let labels = encode_labels(&[1]);
        assert!(matches!(parse_images(&labels), Err(IdxError::WrongMagic { found: LABELS_MAGIC, .. })));
        assert!(matches!(parse_images(b"PK\x03\x04 zip file"), Err(IdxError::WrongMagic { .. })));
    }

    #[test]
    fn truncated_at_every_length() {
        let (raw, _) = images_2x3x4();
        for cut in 0..raw.len() {
            assert!(parse_images(&raw[..cut]).is_err(), "cut at {cut}");
        }
        let gz = deflate(&raw);
        for cut in 0..gz.len() {
            assert!(parse_images(&gz[..cut]).is_err(), "gz cut at {cut}");
        }
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let (mut raw, _) = images_2x3x4();
        raw.push(0);
        assert_eq!(
            parse_images(&raw),
            Err(IdxError::WrongLength { expected_bytes: 24, actual_bytes: 25 })
        );
    }

    #[test]
    fn wrong_dimensions() {
        let (raw, _) = images_2x3x4();
        let mut zero_rows = raw.clone();
        zero_rows[8..12].copy_from_slice(&0u32.to_be_bytes());
        assert!(matches!(parse_images(&zero_rows), Err(IdxError::BadDimension { index: 1, value: 0, .. })));
        // A header promising 4 billion images must not allocate or overflow.
        let mut huge = raw.clone();
        huge[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(parse_images(&huge), Err(IdxError::BadDimension { index: 0, .. })));
        // Sizes that disagree with the data length.
        let mut more = raw;
        more[4..8].copy_from_slice(&3u32.to_be_bytes());
        assert!(matches!(parse_images(&more), Err(IdxError::WrongLength { .. })));
    }

    #[test]
    fn label_out_of_range() {
        let raw = encode_labels(&[0, 1, 10, 2]);
        assert_eq!(parse_labels(&raw), Err(IdxError::LabelOutOfRange { index: 2, label: 10 }));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A cheap deterministic fuzz: every prefix of a few mutated files.
        let (raw, _) = images_2x3x4();
        let mut state = 0x1234_5678u32;
        for _ in 0..500 {
            let mut bytes = raw.clone();
            for _ in 0..4 {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let at = (state >> 8) as usize % bytes.len();
                bytes[at] = (state >> 24) as u8;
            }
            let _ = parse_images(&bytes);
            let _ = parse_labels(&bytes);
            let _ = parse_images(&deflate(&bytes)[..20]);
        }
    }
}
