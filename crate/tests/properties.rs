//! Property tests on the entry points that take user input: the IDX reader and the config
//! decoder. The fuzz targets (`make fuzz`) explore the same functions without a model of the
//! input; these check what must hold for every input of a known shape.
#![cfg(not(target_arch = "wasm32"))]

use brainlab::data::gzip::deflate;
use brainlab::data::idx::{encode_images, encode_labels, parse_images, parse_labels};
use brainlab::config::schema::FIELDS;
use brainlab::config::Text;
use brainlab::{ConfigError, ConfigInput, Dataset};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn images_round_trip(count in 1usize..20, rows in 1usize..12, cols in 1usize..12, seed in any::<u8>(), gz in any::<bool>()) {
        let pixels: Vec<u8> = (0..count * rows * cols).map(|i| (i as u8).wrapping_mul(seed | 1)).collect();
        let raw = encode_images(count, rows, cols, &pixels);
        let bytes = if gz { deflate(&raw) } else { raw };
        let img = parse_images(&bytes).unwrap();
        prop_assert_eq!((img.count, img.rows, img.cols), (count, rows, cols));
        prop_assert_eq!(img.pixels, pixels);
    }

    #[test]
    fn labels_round_trip_or_name_the_bad_one(labels in proptest::collection::vec(any::<u8>(), 1..100)) {
        let parsed = parse_labels(&encode_labels(&labels));
        match labels.iter().position(|&l| l > 9) {
            None => prop_assert_eq!(parsed.unwrap(), labels),
            Some(i) => {
                let expected = format!("at index {}", i);
                prop_assert!(parsed.unwrap_err().to_string().contains(&expected));
            }
        }
    }

    #[test]
    fn any_bytes_give_an_error_or_a_consistent_set(images in proptest::collection::vec(any::<u8>(), 0..300),
                                                   labels in proptest::collection::vec(any::<u8>(), 0..40)) {
        if let Ok(d) = Dataset::from_idx("p", &images, &labels) {
            prop_assert_eq!(d.pixels.len(), d.len() * d.image_len());
        }
    }

    #[test]
    fn a_mutated_header_never_panics(count in 1usize..5, at in 0usize..16, value in any::<u8>()) {
        let mut raw = encode_images(count, 3, 3, &vec![1; count * 9]);
        raw[at] = value;
        let _ = parse_images(&raw);
        let _ = parse_images(&deflate(&raw));
    }

    #[test]
    fn config_values_are_refused_by_name_or_accepted_valid(key in field_or_nonsense(),
        value in prop_oneof![
            any::<f64>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<bool>().prop_map(serde_json::Value::from),
            "[a-z_]{0,20}".prop_map(serde_json::Value::from),
            proptest::collection::vec(0u64..10_000, 0..5).prop_map(|v| serde_json::json!(v)),
        ]) {
        let mut input = ConfigInput::default();
        refused_by_name_or_valid(key, input.set(key, value), &input)?;
    }

    #[test]
    fn text_values_are_refused_by_name_or_accepted_valid(key in field_or_nonsense(), text in "[-+a-z0-9_.ex]{0,12}") {
        let mut input = ConfigInput::default();
        refused_by_name_or_valid(key, input.set(key, Text(&text)), &input)?;
    }
}

/// Every config field's name (from the field table), or one that is none.
fn field_or_nonsense() -> impl Strategy<Value = &'static str> {
    let mut keys: Vec<&'static str> = FIELDS.iter().map(|f| f.name).collect();
    keys.push("nonsense");
    prop::sample::select(keys)
}

/// A value set for `key` was refused naming it, or the config resolves valid or is refused
/// naming `key` (or, for a small train_size, the batch that no longer fits).
fn refused_by_name_or_valid(key: &str, set: Result<(), ConfigError>, input: &ConfigInput) -> Result<(), TestCaseError> {
    match set {
        Err(e) => prop_assert!(e.field == key || e.field == "config", "{} for {}", e, key),
        Ok(()) => match input.resolve() {
            Ok(c) => prop_assert!(c.validate().is_ok()),
            Err(e) => prop_assert!(e.field == key || (key == "train_size" && e.field == "batch_size"), "{}", e),
        },
    }
    Ok(())
}
