//! Any bytes, as an IDX image or label file (raw or gzipped), or as a pair: an error or a
//! valid data set, never a panic, a hang or an allocation the input did not earn.
#![no_main]

use brainlab::data::idx::{parse_images, parse_labels};
use brainlab::Dataset;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(images) = parse_images(data) {
        assert_eq!(images.pixels.len(), images.count * images.rows * images.cols);
    }
    if let Ok(labels) = parse_labels(data) {
        assert!(labels.iter().all(|&l| l <= 9));
    }
    let split = data.first().map_or(0, |&b| b as usize).min(data.len());
    if let Ok(d) = Dataset::from_idx("fuzz", &data[..split], &data[split..]) {
        assert_eq!(d.pixels.len(), d.len() * d.image_len());
    }
});
