//! The JavaScript API, and the only file that knows about JS. A thin wrapper: configs come in
//! through serde-wasm-bindgen, metrics go out as plain objects, errors as `Error` with the
//! core's message. No numeric code lives here.

use std::sync::Arc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::config::{Config, ConfigInput, Convention};
use crate::data::Dataset;
use crate::experiment::Experiment;
use crate::presets;

/// The message of the last panic, kept by the hook below: with `panic = "abort"` a panic
/// traps, and JS sees only "unreachable". The worker reads this to say what went wrong.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Runs when the module is instantiated: installs the panic hook.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
}

/// The message of the last panic in the core, if there was one. After a panic this instance
/// of the core must not be used again: the worker that owns it should be replaced.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.lock().ok().and_then(|last| last.clone())
}

/// Panics on purpose, so that tests can check that the page reports a crashed core and
/// recovers from it. The lab itself never calls it.
#[wasm_bindgen(js_name = panicForTests)]
pub fn panic_for_tests() {
    panic!("a deliberate panic, for a fault-injection test");
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn config_from_js(config: JsValue) -> Result<Config, JsError> {
    let mut input = ConfigInput::default();
    if !(config.is_undefined() || config.is_null()) {
        if !config.is_object() || js_sys::Array::is_array(&config) {
            return Err(JsError::new("config: expected an object of config fields"));
        }
        // Field by field, so a wrong type is reported with the field's name.
        for entry in js_sys::Object::entries(&config.into()).iter() {
            let pair = js_sys::Array::from(&entry);
            let key = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1);
            if value.is_null() || value.is_undefined() {
                continue; // an unset field takes its default
            }
            let value = serde_wasm_bindgen::Deserializer::from(value);
            input.set(&key, value).map_err(|e| JsError::new(&e.to_string()))?;
        }
    }
    input.resolve().map_err(|e| JsError::new(&e.to_string()))
}

/// The defaults of a convention ("coursework", the default, or "standard").
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config(convention: Option<String>) -> Result<JsValue, JsError> {
    let convention = match convention.as_deref() {
        None | Some("coursework") => Convention::Coursework,
        Some("standard") => Convention::Standard,
        Some(other) => return Err(JsError::new(&format!("convention: '{other}' is not coursework or standard"))),
    };
    to_js(&Config::defaults(convention))
}

/// Fills in defaults and validates; throws an Error naming the first bad field.
#[wasm_bindgen(js_name = validateConfig)]
pub fn validate_config(config: JsValue) -> Result<JsValue, JsError> {
    to_js(&config_from_js(config)?)
}

/// Every config field: `[{name, kind, options?, min?, max?, min_exclusive, max_len?, help}]`.
#[wasm_bindgen(js_name = configSchema)]
pub fn config_schema() -> Result<JsValue, JsError> {
    to_js(&crate::config::schema::FIELDS)
}

/// The core's version (the crate's).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Parses and checks four IDX files (raw or gzipped) without building a network:
/// `{train_count, test_count, rows, cols}`, or an Error naming the file and the problem.
#[wasm_bindgen(js_name = describeData)]
pub fn describe_data(
    train_images: &[u8],
    train_labels: &[u8],
    test_images: &[u8],
    test_labels: &[u8],
) -> Result<JsValue, JsError> {
    let err = |e: crate::error::DataError| JsError::new(&e.to_string());
    let train = Dataset::from_idx("training", train_images, train_labels).map_err(err)?;
    let test = Dataset::from_idx("test", test_images, test_labels).map_err(err)?;
    to_js(&crate::data::DataSummary::of(&train, &test).map_err(err)?)
}

/// Every preset: `[{id, title, description, runs: [{label, config}], panels}]`.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsError> {
    to_js(&presets::all())
}

/// One experiment: a network, its data and its training state. JS owns the clock and calls
/// `step(n)`.
#[wasm_bindgen]
pub struct Lab {
    exp: Experiment,
}

#[wasm_bindgen]
impl Lab {
    /// Parses the four IDX files (raw or gzipped) and builds the network; the step-0
    /// evaluation is made here and returned by the first `step`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        config: JsValue,
        train_images: &[u8],
        train_labels: &[u8],
        test_images: &[u8],
        test_labels: &[u8],
    ) -> Result<Lab, JsError> {
        let config = config_from_js(config)?;
        let train = Dataset::from_idx("training", train_images, train_labels).map_err(|e| JsError::new(&e.to_string()))?;
        let test = Dataset::from_idx("test", test_images, test_labels).map_err(|e| JsError::new(&e.to_string()))?;
        let exp = Experiment::new(config, Arc::new(train), Arc::new(test)).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Lab { exp })
    }

    /// Trains up to `n` mini-batches; returns the evaluations made (`[{step, train_loss,
    /// train_acc, test_loss, test_acc}]`). Throws once the run has diverged.
    pub fn step(&mut self, n: u32) -> Result<JsValue, JsError> {
        let fresh = self.exp.step(n as usize).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(fresh)
    }

    /// The evaluations made by the last `step` call, also when it threw (the finite points
    /// made before the run diverged).
    pub fn pending(&self) -> Result<JsValue, JsError> {
        to_js(self.exp.pending())
    }

    #[wasm_bindgen(js_name = stepCount)]
    pub fn step_count(&self) -> u32 {
        self.exp.steps_done() as u32
    }

    #[wasm_bindgen(js_name = isDone)]
    pub fn is_done(&self) -> bool {
        self.exp.is_done()
    }

    /// The evaluations so far (thinned to every other one past 2,000, so memory stays flat).
    pub fn history(&self) -> Result<JsValue, JsError> {
        to_js(self.exp.history())
    }

    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.exp.config())
    }

    /// An extra evaluation now, not added to the history.
    pub fn evaluate(&mut self) -> Result<JsValue, JsError> {
        let m = self.exp.evaluate().map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&m)
    }

    /// H(X), H(W) and I(X;W) of the test set, in bits: `{h_x_bits, h_w_bits, i_x_w_bits, n}`.
    #[wasm_bindgen(js_name = dataInfo)]
    pub fn data_info(&self) -> Result<JsValue, JsError> {
        to_js(&self.exp.data_info())
    }

    /// Layer `layer`'s output (0 = first hidden layer; the last is the output layer) for test
    /// image `image`, at the last evaluation. Empty if either is out of range.
    pub fn activity(&self, layer: u32, image: u32) -> Vec<f32> {
        let acts = self.exp.activities();
        let Some(a) = acts.get(layer as usize) else { return Vec::new() };
        let i = image as usize;
        if i < a.nrows() { a.row(i).to_vec() } else { Vec::new() }
    }

    /// Test image `image` (rows×cols bytes), its label and brightest quadrant W:
    /// `{pixels: Uint8Array, rows, cols, label, quadrant}`; undefined if out of range.
    #[wasm_bindgen(js_name = testImage)]
    pub fn test_image(&self, image: u32) -> Result<JsValue, JsError> {
        let test = self.exp.test_set();
        let i = image as usize;
        if i >= test.len() {
            return Ok(JsValue::UNDEFINED);
        }
        let pixels = test.image(i);
        let quadrant = crate::info::brightest_quadrant(pixels, test.rows, test.cols).map_err(|e| JsError::new(&e.to_string()))?;
        let obj = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&obj, &k.into(), &v).map(|_| ());
        set("pixels", js_sys::Uint8Array::from(pixels).into()).map_err(|_| JsError::new("testImage"))?;
        set("rows", (test.rows as u32).into()).map_err(|_| JsError::new("testImage"))?;
        set("cols", (test.cols as u32).into()).map_err(|_| JsError::new("testImage"))?;
        set("label", u32::from(test.labels[i]).into()).map_err(|_| JsError::new("testImage"))?;
        set("quadrant", u32::from(quadrant).into()).map_err(|_| JsError::new("testImage"))?;
        Ok(obj.into())
    }
}
