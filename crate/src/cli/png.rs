//! PNG files, written with the `png` crate: greyscale (the CLI's Figure 11 panel) and RGBA
//! (receptive fields).

/// Encodes `pixels` (row-major, `width`×`height` grey levels, one byte each) as a PNG file.
pub fn encode_grey(width: u32, height: u32, pixels: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    encode(width, height, pixels, png::ColorType::Grayscale)
}

/// Encodes `pixels` (row-major, `width`×`height` pixels of 4 bytes, R, G, B, A) as a PNG file.
pub fn encode_rgba(width: u32, height: u32, pixels: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    encode(width, height, pixels, png::ColorType::Rgba)
}

/// 8 bits a channel, best compression.
fn encode(width: u32, height: u32, pixels: &[u8], colour: png::ColorType) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_decodes_back_to_its_pixels() {
        let (w, h) = (5u32, 3u32);
        let pixels: Vec<u8> = (0..15).map(|i| i * 17).collect();
        let file = encode_grey(w, h, &pixels).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(&file)).read_info().unwrap();
        let mut decoded = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut decoded).unwrap();
        assert_eq!((info.width, info.height), (w, h));
        assert_eq!((info.color_type, info.bit_depth), (png::ColorType::Grayscale, png::BitDepth::Eight));
        assert_eq!(&decoded[..info.buffer_size()], &pixels[..]);
        assert!(encode_grey(w, h, &pixels[1..]).is_err(), "one byte per pixel");
    }

    #[test]
    fn an_rgba_file_decodes_back_to_its_pixels() {
        let pixels: Vec<u8> = (0..24).map(|i| i * 10).collect();
        let file = encode_rgba(3, 2, &pixels).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(&file)).read_info().unwrap();
        let mut decoded = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut decoded).unwrap();
        assert_eq!((info.width, info.height, info.color_type), (3, 2, png::ColorType::Rgba));
        assert_eq!(&decoded[..info.buffer_size()], &pixels[..]);
    }
}
