//! Checks of the exported JS API, run in Node and in real browsers (`wasm_node.rs`,
//! `wasm_browser.rs`): the same calls JS makes, through the same wasm-bindgen glue.

use std::collections::BTreeMap;

use brainlab::wasm::{config_schema, default_config, describe_data, presets, validate_config, version, Lab};
use brainlab::{Config, ConfigInput, Convention, Metrics};
use serde::Serialize;
use wasm_bindgen::JsValue;

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn message(err: wasm_bindgen::JsError) -> String {
    js_sys::Error::from(JsValue::from(err)).message().into()
}

fn lab(config: &ConfigInput, files: &[Vec<u8>; 4]) -> Result<Lab, wasm_bindgen::JsError> {
    Lab::new(to_js(config), &files[0], &files[1], &files[2], &files[3])
}

/// A few steps in wasm give exactly the numbers the native core pinned in golden.json.
pub fn same_numbers_as_native() {
    let golden: BTreeMap<String, Vec<Metrics>> = serde_json::from_str(include_str!("../fixtures/golden.json")).unwrap();
    let files = super::synthetic_files();
    let configs = super::golden_configs();
    assert_eq!(configs.len(), golden.len());
    for (name, input) in configs {
        let mut l = lab(&input, &files).unwrap();
        let stepped: Vec<Metrics> = serde_wasm_bindgen::from_value(l.step(1_000).unwrap()).unwrap();
        assert_eq!(&stepped, &golden[name], "{name}: wasm differs from native");
        let history: Vec<Metrics> = serde_wasm_bindgen::from_value(l.history().unwrap()).unwrap();
        assert_eq!(history, stepped);
        assert!(l.is_done());
        assert_eq!(l.step_count(), 30);
    }
}

/// Configs and metrics cross the boundary as plain objects and come back unchanged.
pub fn config_and_metrics_round_trip() {
    for convention in ["coursework", "standard"] {
        let js = default_config(Some(convention.into())).unwrap();
        let back: Config = serde_wasm_bindgen::from_value(validate_config(js).unwrap()).unwrap();
        let expected = if convention == "standard" { Convention::Standard } else { Convention::Coursework };
        assert_eq!(back, Config::defaults(expected));
    }
    let input = super::golden_configs().remove(1).1;
    let mut l = lab(&input, &super::synthetic_files()).unwrap();
    let config: Config = serde_wasm_bindgen::from_value(l.config().unwrap()).unwrap();
    assert_eq!(config, input.resolve().unwrap());

    let first = js_sys::Array::from(&l.step(3).unwrap());
    assert_eq!(first.length(), 1, "step 0 only");
    let keys: Vec<String> = js_sys::Object::keys(&first.get(0).into()).iter().map(|k| k.as_string().unwrap()).collect();
    assert_eq!(keys, ["step", "train_loss", "train_acc", "test_loss", "test_acc", "layers", "info", "data_processing"]);
    let layers = js_sys::Array::from(&js_sys::Reflect::get(&first.get(0), &"layers".into()).unwrap());
    assert_eq!(layers.length(), 3, "two hidden layers and the output");
    assert_eq!(js_sys::Array::from(&l.step(7).unwrap()).length(), 1, "step 10");
    assert_eq!(js_sys::Array::from(&l.step(5).unwrap()).length(), 0);

    let files = super::synthetic_files();
    let summary = describe_data(&files[0], &files[1], &files[2], &files[3]).unwrap();
    let get = |k: &str| js_sys::Reflect::get(&summary, &k.into()).unwrap().as_f64().unwrap();
    assert_eq!((get("train_count"), get("test_count"), get("rows"), get("cols")), (300.0, 200.0, 28.0, 28.0));
    assert_eq!(js_sys::Array::from(&config_schema().unwrap()).length() as usize, brainlab::config::schema::FIELDS.len());
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));

    let p = js_sys::Array::from(&presets().unwrap());
    let fig2 = p.iter().find(|v| js_sys::Reflect::get(v, &"id".into()).unwrap() == "fig2").expect("fig2 preset");
    let runs = js_sys::Array::from(&js_sys::Reflect::get(&fig2, &"runs".into()).unwrap());
    assert_eq!(runs.length(), 4);
}

/// Bad input is refused with a message naming the field or file.
pub fn bad_input_is_a_clear_error() {
    let bad = ConfigInput { hidden: Some(vec![]), ..Default::default() };
    assert!(message(validate_config(to_js(&bad)).unwrap_err()).starts_with("hidden:"));
    let unknown = js_sys::JSON::parse(r#"{"hiden": [3]}"#).unwrap();
    assert!(message(validate_config(unknown).unwrap_err()).contains("hiden"));
    let wrong_type = js_sys::JSON::parse(r#"{"steps": 100.5}"#).unwrap();
    let e = message(validate_config(wrong_type).unwrap_err());
    assert_eq!(e, "steps: 100.5 is not a whole number");
    let e = message(validate_config(js_sys::JSON::parse(r#"{"steps": 1e30}"#).unwrap()).unwrap_err());
    assert_eq!(e, "steps: 1e30 is too large");
    let too_big = js_sys::JSON::parse(r#"{"seed": 5000000000}"#).unwrap();
    let e = message(validate_config(too_big).unwrap_err());
    assert!(e.starts_with("seed: "), "{e}");
    assert!(message(validate_config(js_sys::JSON::parse("[1]").unwrap()).unwrap_err()).starts_with("config:"));

    let mut files = super::synthetic_files();
    files[2].truncate(files[2].len() / 2);
    let e = message(lab(&ConfigInput::default(), &files).err().expect("truncated test images"));
    assert!(e.starts_with("test images:"), "{e}");

    let files = super::synthetic_files();
    let e = message(describe_data(&files[0], &files[3], &files[2], &files[3]).err().unwrap());
    assert!(e.starts_with("training set: 300 images but 200 labels"), "{e}");
    let e = message(lab(&ConfigInput { train_size: Some(301), batch_size: Some(10), ..Default::default() }, &files).err().unwrap());
    assert!(e.starts_with("train_size:"), "{e}");
}

/// Declares one wasm-bindgen test per case, for the file that includes it.
#[macro_export]
macro_rules! wasm_api_tests {
    () => {
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn same_numbers_as_native() {
            common::wasm_cases::same_numbers_as_native();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn config_and_metrics_round_trip() {
            common::wasm_cases::config_and_metrics_round_trip();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn bad_input_is_a_clear_error() {
            common::wasm_cases::bad_input_is_a_clear_error();
        }
    };
}
