//! A minimal PNG writer for 8-bit greyscale images (the native CLI's `--images`): signature,
//! IHDR, one zlib-compressed IDAT with filter 0 on every row, IEND; CRC-32 per chunk.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::{Compression, Crc};

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc = Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// Encodes `pixels` (row-major, `width`×`height` grey levels) as a PNG file.
pub fn encode_grey(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    assert_eq!(pixels.len(), width as usize * height as usize, "one byte per pixel");
    let mut out = SIGNATURE.to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8 bits, greyscale, deflate, filter set 0, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    for row in pixels.chunks_exact(width as usize) {
        // Writing to a Vec cannot fail.
        z.write_all(&[0]).expect("write to Vec");
        z.write_all(row).expect("write to Vec");
    }
    chunk(&mut out, b"IDAT", &z.finish().expect("finish to Vec"));
    chunk(&mut out, b"IEND", &[]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_file_decodes_back_to_its_pixels() {
        let (w, h) = (5u32, 3u32);
        let pixels: Vec<u8> = (0..15).map(|i| i * 17).collect();
        let png = encode_grey(w, h, &pixels);
        assert_eq!(&png[..8], &SIGNATURE);
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), w);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), h);
        // Every chunk's CRC covers its type and data.
        let mut at = 8;
        let mut idat = Vec::new();
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let body = &png[at + 4..at + 8 + len];
            let mut crc = Crc::new();
            crc.update(body);
            assert_eq!(crc.sum().to_be_bytes(), png[at + 8 + len..at + 12 + len]);
            if &body[..4] == b"IDAT" {
                idat.extend_from_slice(&body[4..]);
            }
            at += 12 + len;
        }
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&idat[..]).read_to_end(&mut raw).unwrap();
        let rows: Vec<u8> = raw.chunks_exact(w as usize + 1).flat_map(|r| {
            assert_eq!(r[0], 0, "filter type 0");
            r[1..].to_vec()
        }).collect();
        assert_eq!(rows, pixels);
    }
}
