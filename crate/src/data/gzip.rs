//! gzip in pure Rust (miniz_oxide through flate2), so the same code inflates the data natively
//! and in wasm32.

use std::io::{Read, Write};

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::error::IdxError;

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Largest decompressed file accepted: 256 MiB (the full Fashion-MNIST training images are
/// 47 MiB). Guards the browser against a gzip bomb.
pub const MAX_INFLATED_BYTES: usize = 256 << 20;

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// Inflates `bytes` if they are gzip, otherwise returns them unchanged.
pub fn maybe_inflate(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, IdxError> {
    if is_gzip(bytes) {
        inflate(bytes, MAX_INFLATED_BYTES).map(std::borrow::Cow::Owned)
    } else {
        Ok(std::borrow::Cow::Borrowed(bytes))
    }
}

/// Inflates a gzip stream, refusing output longer than `limit_bytes`.
pub fn inflate(bytes: &[u8], limit_bytes: usize) -> Result<Vec<u8>, IdxError> {
    let mut out = Vec::new();
    let mut reader = MultiGzDecoder::new(bytes).take(limit_bytes as u64 + 1);
    reader.read_to_end(&mut out).map_err(|e| IdxError::Gzip(e.to_string()))?;
    if out.len() > limit_bytes {
        return Err(IdxError::TooLarge { limit_bytes });
    }
    Ok(out)
}

/// Compresses `bytes` as one gzip member with a zero timestamp, so equal input gives equal
/// output (the checksums in `data/` rely on it).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    enc.write_all(bytes).expect("write to Vec");
    enc.finish().expect("finish to Vec")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let z = deflate(&data);
        assert!(is_gzip(&z));
        assert_eq!(inflate(&z, 1 << 20).unwrap(), data);
        assert_eq!(deflate(&data), z, "deflate must be deterministic");
    }

    #[test]
    fn truncated_stream_is_an_error() {
        let z = deflate(&[1u8; 5000]);
        for cut in [3, 10, z.len() / 2, z.len() - 1] {
            assert!(matches!(inflate(&z[..cut], 1 << 20), Err(IdxError::Gzip(_))), "cut at {cut}");
        }
    }

    #[test]
    fn bomb_is_refused() {
        let z = deflate(&vec![0u8; 100_000]);
        assert_eq!(inflate(&z, 1000), Err(IdxError::TooLarge { limit_bytes: 1000 }));
    }

    #[test]
    fn corrupt_body_is_an_error() {
        let mut z = deflate(&(0..5000u32).map(|i| (i % 13) as u8).collect::<Vec<_>>());
        let mid = z.len() / 2;
        z[mid] ^= 0xff;
        z[mid + 1] ^= 0x5a;
        assert!(inflate(&z, 1 << 20).is_err());
    }
}
