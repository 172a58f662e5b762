//! Checks of the exported JS API, run in Node and in real browsers (`wasm_node.rs`,
//! `wasm_browser.rs`): the same calls JS makes, through the same wasm-bindgen glue.

use std::collections::BTreeMap;

use brainlab::experiment::csv_rows;
use brainlab::wasm::{config_schema, csv_header, default_config, describe_data, fresh_seed, presets, validate_config, version, Lab};
use brainlab::experiment::{LesionSpec, LesionUnits};
use brainlab::{Config, ConfigInput, Convention, Experiment, Metrics};
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

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap()
}

fn keys(obj: &JsValue) -> Vec<String> {
    js_sys::Object::keys(&obj.clone().into()).iter().map(|k| k.as_string().unwrap()).collect()
}

/// A few steps in wasm give exactly the numbers the native core pinned in golden.json, and
/// the same CSV text.
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
        let layers = golden[name][0].info.len() as u32;
        assert_eq!(l.csv_rows(layers, name).unwrap(), csv_rows(&golden[name], layers as usize, name), "{name}");
    }
}

/// What the page shows comes from the core: codes, reconstructions and their errors, the CSV,
/// the next evaluation step, fresh seeds.
pub fn the_page_reads_its_numbers_from_the_core() {
    let files = super::synthetic_files();
    let (_, input) = super::golden_configs().into_iter().find(|(n, _)| *n == "autoencoder-h8-feedback-alignment").unwrap();
    let mut l = lab(&input, &files).unwrap();
    assert_eq!(l.next_evaluation_step(), 10);
    l.step(13).unwrap();
    assert_eq!(l.next_evaluation_step(), 20);

    // Each code is the image's row of the layer's codes, as the measures count them.
    let (train, test) = super::synthetic();
    let mut exp = Experiment::new(input.resolve().unwrap(), train, test.clone()).unwrap();
    exp.step(13).unwrap();
    for layer in 0..2u32 {
        let codes = exp.layer_codes(layer as usize).unwrap();
        for image in [0u32, 7, 199] {
            let code = l.code(layer, image).unwrap();
            let bins = js_sys::Uint8Array::from(get(&code, "bins")).to_vec();
            let expected: Vec<u8> = (0..codes.units()).map(|u| codes.bin(image as usize, u).unwrap()).collect();
            assert_eq!(bins, expected, "layer {layer}, image {image}");
            assert_eq!(get(&code, "binCount").as_f64(), Some(4.0));
            let text: String = expected.iter().map(|b| char::from(b'0' + b)).collect();
            assert_eq!(get(&code, "text").as_string().unwrap(), text);
        }
    }
    assert!(l.code(2, 0).unwrap().is_undefined() && l.code(0, 200).unwrap().is_undefined());

    // Reconstructions: the images, their bottleneck codes and outputs, and each error computed
    // here from the image and the output layer's activity.
    let r = l.reconstructions(&[3, 0, 199]).unwrap();
    assert_eq!(keys(&r), ["rows", "cols", "indices", "labels", "pixels", "bottleneck", "units", "codes", "outputs", "errors"]);
    assert_eq!((get(&r, "rows").as_f64(), get(&r, "units").as_f64(), get(&r, "bottleneck").as_f64()), (Some(28.0), Some(8.0), Some(0.0)));
    let pixels = js_sys::Uint8Array::from(get(&r, "pixels")).to_vec();
    let codes = js_sys::Float32Array::from(get(&r, "codes")).to_vec();
    let outputs = js_sys::Float32Array::from(get(&r, "outputs")).to_vec();
    let errors = js_sys::Float64Array::from(get(&r, "errors")).to_vec();
    let labels = js_sys::Array::from(&get(&r, "labels"));
    for (k, image) in [3u32, 0, 199].into_iter().enumerate() {
        let size = 28 * 28;
        let picture = l.test_image(image).unwrap();
        let input = js_sys::Uint8Array::from(get(&picture, "pixels")).to_vec();
        assert_eq!(&pixels[k * size..(k + 1) * size], &input[..]);
        assert_eq!(labels.get(k as u32), get(&picture, "label"));
        assert_eq!(&codes[k * 8..(k + 1) * 8], &l.activity(0, image)[..]);
        let output = l.activity(1, image);
        assert_eq!(&outputs[k * size..(k + 1) * size], &output[..]);
        let sum: f64 = input.iter().zip(&output).map(|(&x, &y)| (f64::from(x) / 255.0 - f64::from(y)).powi(2)).sum();
        assert_eq!(errors[k], sum / size as f64, "image {image}");
    }
    for (bad, start) in [(vec![], "reconstructions: 0 test images"), (vec![0; 17], "reconstructions: 17 test images"), (vec![200], "reconstructions: there is no test image 200")] {
        let e = message(l.reconstructions(&bad).err().unwrap());
        assert!(e.starts_with(start), "{e}");
    }
    let classifier = lab(&super::golden_configs()[0].1, &files).unwrap();
    let e = message(classifier.reconstructions(&[0]).err().unwrap());
    assert!(e.starts_with("reconstructions: this run is not an autoencoder"), "{e}");

    // The CSV: the CLI's header, one line per evaluation with the label quoted when needed.
    let header = csv_header(3).unwrap();
    assert_eq!(header, Metrics::csv_header_line(3));
    assert!(header.starts_with("step,train_loss,") && header.ends_with(",l3_kde_noise_var,run") && header.contains(",l3_dpi_holds,") && header.contains("l1_i_t_q_bits"));
    let rows = l.csv_rows(3, "h8, \"fa\"").unwrap();
    let lines: Vec<&str> = rows.split('\n').collect();
    assert_eq!(lines.len(), 2, "steps 0 and 10");
    assert!(lines.iter().all(|line| line.ends_with(",\"h8, \"\"fa\"\"\"")), "{rows}");
    assert_eq!(lines[0].matches(',').count(), header.matches(',').count() + 1, "one comma inside the quoted label");
    assert!(message(csv_header(5).err().unwrap()).starts_with("layers: 5"));
    assert!(l.csv_rows(99, "x").is_err());

    // Metrics carry log2 N and the margin of `undersampled`; the data's figures use Q.
    let history = l.history().unwrap();
    let first_info = js_sys::Array::from(&get(&js_sys::Array::from(&history).get(0), "info")).get(0);
    let names = keys(&first_info);
    for name in ["i_t_q_bits", "i_t_q_shuffled_bits", "undersampled", "max_entropy_bits", "undersampled_margin_bits"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert_eq!(get(&first_info, "max_entropy_bits").as_f64(), Some(200f64.log2()));
    assert_eq!(get(&first_info, "undersampled_margin_bits").as_f64(), Some(0.5));
    assert_eq!(keys(&l.data_info().unwrap()), ["h_x_bits", "h_q_bits", "i_x_q_bits", "n"]);

    // Fresh seeds come from the platform's crypto: four draws are not all one value.
    let seeds: Vec<u32> = (0..4).map(|_| fresh_seed().unwrap()).collect();
    assert!(seeds.windows(2).any(|w| w[0] != w[1]), "{seeds:?}");
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

/// `estimatorCheck` returns the core's rows as plain objects with the CSV's column names,
/// takes partial settings, and names a bad one.
pub fn the_estimator_check_reaches_js() {
    let settings = brainlab::info::CheckSettings { sizes: vec![100, 300], dims: vec![4], truth_samples: 2_000, ..Default::default() };
    let partial = js_sys::JSON::parse(r#"{"sizes": [100, 300], "dims": [4], "truth_samples": 2000}"#).unwrap();
    let rows = brainlab::wasm::estimator_check(partial).unwrap();
    let expected = brainlab::info::estimator_check(&settings).unwrap();
    assert_eq!(js_sys::Array::from(&rows).length() as usize, expected.len());
    let first = js_sys::Array::from(&rows).get(0);
    assert_eq!(keys(&first), ["channel", "d", "n", "estimator", "estimate_bits", "truth_bits", "truth_stderr_bits", "label_entropy_bits", "max_entropy_bits"]);
    assert_eq!(get(&first, "channel").as_string().as_deref(), Some("discrete"));
    let back: Vec<brainlab::info::CheckRow> = serde_wasm_bindgen::from_value(rows).unwrap();
    assert_eq!(back, expected);
    let bad = js_sys::JSON::parse(r#"{"sizes": [1]}"#).unwrap();
    let e = message(brainlab::wasm::estimator_check(bad).err().unwrap());
    assert!(e.starts_with("sizes"), "{e}");
    let unknown = js_sys::JSON::parse(r#"{"size": [100]}"#).unwrap();
    let e = message(brainlab::wasm::estimator_check(unknown).err().unwrap());
    assert!(e.contains("unknown setting 'size'"), "{e}");
}

/// Lesions, the lesion curve, the layer analysis and the receptive fields: the JS API gives
/// the native core's numbers, and a lesion leaves the run untouched.
pub fn lesions_and_analysis_match_native() {
    let [train_images, train_labels, _, _] = super::synthetic_files();
    let (test_images, test_labels) = super::synthetic_idx(500, 2);
    let files = [train_images, train_labels, test_images, test_labels];
    let input = ConfigInput { hidden: Some(vec![12, 6]), steps: Some(20), train_size: Some(300), batch_size: Some(20), eval_interval: Some(10), seed: Some(4), ..Default::default() };
    let mut l = lab(&input, &files).unwrap();
    l.step(20).unwrap();
    let (train, test) = super::synthetic_with_test(500);
    let mut exp = Experiment::new(input.resolve().unwrap(), train, test).unwrap();
    exp.step(20).unwrap();
    let json = |v: JsValue| String::from(js_sys::JSON::stringify(&v).unwrap());
    let spec = js_sys::JSON::parse(r#"{"kind": "most_selective_first", "fraction": 0.5}"#).unwrap();
    let native = exp.lesioned(&LesionSpec { layer: 0, units: LesionUnits::MostSelectiveFirst { fraction: 0.5 } }).unwrap();
    assert_eq!(json(l.lesion(0, spec).unwrap()), json(to_js(&native)));
    assert_eq!(json(l.lesion_curve(1).unwrap()), json(to_js(&exp.lesion_curve(1).unwrap())));
    let history: Vec<Metrics> = serde_wasm_bindgen::from_value(l.history().unwrap()).unwrap();
    assert_eq!(serde_json::to_value(&history).unwrap(), serde_json::to_value(exp.history()).unwrap(), "lesions leave the run alone");
    for layer in 0..2u32 {
        let a = l.analysis(layer).unwrap();
        let n = exp.analysis(layer as usize).unwrap();
        let f64s = |key: &str| js_sys::Float64Array::from(get(&a, key)).to_vec();
        assert_eq!(get(&a, "units").as_f64(), Some(n.units as f64));
        assert_eq!(f64s("tuningMean"), n.tuning.means.values);
        assert_eq!(f64s("tuningSem"), n.tuning.sem);
        assert_eq!(f64s("selectivity"), n.selectivity.index);
        assert_eq!(js_sys::Uint8Array::from(get(&a, "preferred")).to_vec(), n.selectivity.preferred);
        assert_eq!(f64s("classRdm"), n.class_rdm.values());
        assert_eq!(f64s("imageRdm"), n.image_rdm.values());
        let nan = |v: &[Option<f64>]| v.iter().map(|x| x.unwrap_or(f64::NAN).to_bits()).collect::<Vec<_>>();
        let bits = |v: Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(f64s("lifetimeSparseness")), nan(&n.lifetime_sparseness));
        assert_eq!(bits(f64s("populationSparseness")), nan(&n.population_sparseness));
        assert_eq!(bits(f64s("rsaLayers")), nan(&n.rsa_layers));
        assert_eq!(get(&a, "rsaPixels").as_f64().map(f64::to_bits), Some(n.rsa_pixels.unwrap_or(f64::NAN).to_bits()));
        let r = l.receptive_fields(layer).unwrap();
        let picture = exp.receptive_fields(layer as usize).unwrap();
        assert_eq!(get(&r, "width").as_f64(), Some(picture.width as f64));
        assert_eq!(get(&r, "height").as_f64(), Some(picture.height as f64));
        assert_eq!(js_sys::Uint8Array::from(get(&r, "pixels")).to_vec(), picture.pixels);
    }
    assert!(message(l.analysis(2).unwrap_err()).contains("hidden layer 2 is out of range 0..2"));
    let bad = js_sys::JSON::parse(r#"{"kind": "everything"}"#).unwrap();
    assert!(message(l.lesion(0, bad).unwrap_err()).starts_with("lesion: "));
}

/// Issue 13: the page's metrics CSV of a 2-seed setting, from the histories JS holds, is the
/// native core's text (every seed's lines, the mean and ci95 lines); the page's run limit is
/// the core's.
pub fn the_csv_has_every_seed() {
    use brainlab::experiment::{metrics_csv, SeedHistory, SettingHistories};
    let files = super::synthetic_files();
    let (_, input) = super::golden_configs().into_iter().next().unwrap();
    let histories: Vec<(u32, JsValue)> = [42u32, 43]
        .into_iter()
        .map(|seed| {
            let mut l = lab(&ConfigInput { seed: Some(seed), ..input.clone() }, &files).unwrap();
            l.step(1_000).unwrap();
            (seed, l.history().unwrap())
        })
        .collect();
    let settings = js_sys::Array::new();
    let seeds = js_sys::Array::new();
    for (seed, history) in &histories {
        let net = js_sys::Object::new();
        js_sys::Reflect::set(&net, &"seed".into(), &(*seed).into()).unwrap();
        js_sys::Reflect::set(&net, &"history".into(), history).unwrap();
        seeds.push(&net);
    }
    let setting = js_sys::Object::new();
    js_sys::Reflect::set(&setting, &"label".into(), &"h16, 2 seeds".into()).unwrap();
    js_sys::Reflect::set(&setting, &"seeds".into(), &seeds).unwrap();
    settings.push(&setting);
    let text = brainlab::wasm::metrics_csv(2, settings.into()).unwrap();
    let native = [SettingHistories {
        label: "h16, 2 seeds".into(),
        seeds: histories.iter().map(|(seed, h)| SeedHistory { seed: *seed, history: serde_wasm_bindgen::from_value(h.clone()).unwrap() }).collect(),
    }];
    assert_eq!(text, metrics_csv(2, &native));
    assert_eq!(text.lines().count(), 1 + 2 * 4 + 2 * 4, "steps 0, 10, 20, 30 of two seeds, then mean and ci95 per step");
    assert!(text.lines().last().unwrap().ends_with(",\"h16, 2 seeds\",ci95"), "{text}");
    assert!(message(brainlab::wasm::metrics_csv(2, JsValue::from(3)).unwrap_err()).starts_with("metricsCsv: settings"));
    let limits = brainlab::wasm::config_limits().unwrap();
    assert_eq!(get(&limits, "max_runs").as_f64(), Some(brainlab::config::MAX_RUNS as f64));
}

/// Declares one wasm-bindgen test per case, for the file that includes it.
#[macro_export]
macro_rules! wasm_api_tests {
    () => {
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn the_estimator_check_reaches_js() {
            common::wasm_cases::the_estimator_check_reaches_js();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn same_numbers_as_native() {
            common::wasm_cases::same_numbers_as_native();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn config_and_metrics_round_trip() {
            common::wasm_cases::config_and_metrics_round_trip();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn the_page_reads_its_numbers_from_the_core() {
            common::wasm_cases::the_page_reads_its_numbers_from_the_core();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn bad_input_is_a_clear_error() {
            common::wasm_cases::bad_input_is_a_clear_error();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn lesions_and_analysis_match_native() {
            common::wasm_cases::lesions_and_analysis_match_native();
        }
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn the_csv_has_every_seed() {
            common::wasm_cases::the_csv_has_every_seed();
        }
    };
}
