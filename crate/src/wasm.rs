//! The JavaScript API, and the only file that knows about JS. A thin wrapper: configs come in
//! through serde-wasm-bindgen, metrics go out as plain objects, errors as `Error` with the
//! core's message. No numeric code lives here.

use std::sync::Arc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::config::{Config, ConfigInput, Convention};
use crate::data::Dataset;
use crate::experiment::{csv_rows, Experiment, LesionSpec, LesionUnits, Metrics, MAX_CSV_LAYERS};
use crate::presets;

/// The message of the last panic, kept by the hook below: with `panic = "abort"` a panic
/// traps, and JS sees only "unreachable". The worker reads this to say what went wrong.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Runs when the module is instantiated: installs the panic hook, which keeps the message for
/// `lastPanic` and writes it to the console (`console.error`).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(message);
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
/// recovers from it. The lab itself never calls it. Only with the `fault-injection` feature
/// (`make site`, the build the tests run): `make dist` builds the core without it.
#[cfg(feature = "fault-injection")]
#[wasm_bindgen(js_name = panicForTests)]
pub fn panic_for_tests() {
    panic!("a deliberate panic, for a fault-injection test");
}

/// An Error with the core's message.
fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A plain object with these properties, for answers that carry typed arrays.
fn object(what: &str, entries: Vec<(&str, JsValue)>) -> Result<JsValue, JsError> {
    let obj = js_sys::Object::new();
    for (key, value) in entries {
        js_sys::Reflect::set(&obj, &key.into(), &value).map_err(|_| JsError::new(what))?;
    }
    Ok(obj.into())
}

/// A JS array of numbers.
fn numbers(values: impl IntoIterator<Item = u32>) -> JsValue {
    values.into_iter().map(JsValue::from).collect::<js_sys::Array>().into()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_error)
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
            input.set(&key, value).map_err(js_error)?;
        }
    }
    input.resolve().map_err(js_error)
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

/// A fresh seed (a u32) from `crypto.getRandomValues`, for "New seed".
#[wasm_bindgen(js_name = freshSeed)]
pub fn fresh_seed() -> Result<u32, JsError> {
    crate::rng::fresh_seed().map_err(|e| JsError::new(&format!("freshSeed: {e}")))
}

/// The metrics CSV header for networks of up to `layers` weight layers, ending with the `run`
/// column (one line, no line break): the CLI's.
#[wasm_bindgen(js_name = csvHeader)]
pub fn csv_header(layers: u32) -> Result<String, JsError> {
    Ok(Metrics::csv_header_line(csv_layers(layers)?))
}

/// `layers` for a CSV table, at most a network's weight layers.
fn csv_layers(layers: u32) -> Result<usize, JsError> {
    let layers = layers as usize;
    if layers > MAX_CSV_LAYERS {
        return Err(JsError::new(&format!("layers: {layers} is more than the {MAX_CSV_LAYERS} weight layers a network has at most")));
    }
    Ok(layers)
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
    let train = Dataset::from_idx("training", train_images, train_labels).map_err(js_error)?;
    let test = Dataset::from_idx("test", test_images, test_labels).map_err(js_error)?;
    to_js(&crate::data::DataSummary::of(&train, &test).map_err(js_error)?)
}

/// The estimator check (`info::estimator_check`): every estimator of the lab on synthetic
/// channels whose I(X;T) is known. `settings` (optional) overrides fields of the defaults
/// (`{seed, sizes, dims, flip_prob, noise_sd, bins, kde_noise_var, truth_samples}`); returns
/// `[{channel, d, n, estimator, estimate_bits, truth_bits, truth_stderr_bits, label_entropy_bits,
/// max_entropy_bits}]`, or an Error
/// naming the bad setting. The defaults (N up to 10,000) take seconds: a page may ask for less.
#[wasm_bindgen(js_name = estimatorCheck)]
pub fn estimator_check(settings: JsValue) -> Result<JsValue, JsError> {
    let settings: crate::info::CheckSettings = if settings.is_undefined() || settings.is_null() {
        Default::default()
    } else {
        // serde-wasm-bindgen reads only the fields it knows: a misspelt one is refused here.
        let known = to_js(&crate::info::CheckSettings::default())?;
        for key in js_sys::Object::keys(&settings.clone().into()).iter().filter_map(|k| k.as_string()) {
            if !js_sys::Reflect::has(&known, &key.as_str().into()).unwrap_or(false) {
                return Err(JsError::new(&format!("estimatorCheck settings: unknown setting '{key}'")));
            }
        }
        serde_wasm_bindgen::from_value(settings).map_err(|e| JsError::new(&format!("estimatorCheck settings: {e}")))?
    };
    to_js(&crate::info::estimator_check(&settings).map_err(js_error)?)
}

/// Every preset: `[{id, title, description, runs: [{label, config}], panels}]`.
/// Per evaluation step, the mean and 95% confidence half-width (Student's t) over the
/// histories of K runs of one setting (an array of `history()` arrays): `stats::summarise`,
/// each figure `{mean, half_width, n, low, high}` (low and high the interval's ends).
#[wasm_bindgen]
pub fn summarise(histories: JsValue) -> Result<JsValue, JsError> {
    let histories: Vec<Vec<crate::experiment::Metrics>> = serde_wasm_bindgen::from_value(histories)
        .map_err(|e| JsError::new(&format!("summarise: histories: {e}")))?;
    #[derive(Serialize)]
    struct Band {
        mean: f64,
        half_width: Option<f64>,
        n: usize,
        low: Option<f64>,
        high: Option<f64>,
    }
    #[derive(Serialize)]
    struct Step {
        step: usize,
        test_acc: Option<Band>,
        test_loss: Option<Band>,
        train_acc: Option<Band>,
        train_loss: Option<Band>,
    }
    let band = |c: Option<crate::stats::MeanCi>| {
        c.map(|c| Band { mean: c.mean, half_width: c.half_width, n: c.n, low: c.bounds().map(|b| b.0), high: c.bounds().map(|b| b.1) })
    };
    let steps: Vec<Step> = crate::stats::summarise(&histories, crate::experiment::Metrics::step_figures)
        .into_iter()
        .map(|s| Step { step: s.step, test_acc: band(s.test_acc), test_loss: band(s.test_loss), train_acc: band(s.train_acc), train_loss: band(s.train_loss) })
        .collect();
    to_js(&steps)
}

/// The mean and 95% confidence half-width (Student's t) of an array of numbers.
#[wasm_bindgen(js_name = meanCi)]
pub fn mean_ci(values: Vec<f64>) -> Result<JsValue, JsError> {
    to_js(&crate::stats::mean_ci(&values))
}

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
        let train = Dataset::from_idx("training", train_images, train_labels).map_err(js_error)?;
        let test = Dataset::from_idx("test", test_images, test_labels).map_err(js_error)?;
        let exp = Experiment::new(config, Arc::new(train), Arc::new(test)).map_err(js_error)?;
        Ok(Lab { exp })
    }

    /// Trains up to `n` mini-batches; returns the evaluations made (`[{step, train_loss,
    /// train_acc, test_loss, test_acc}]`). Throws once the run has diverged.
    pub fn step(&mut self, n: u32) -> Result<JsValue, JsError> {
        let fresh = self.exp.step(n as usize).map_err(js_error)?;
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
        let m = self.exp.evaluate().map_err(js_error)?;
        to_js(&m)
    }

    /// H(X), H(Q) and I(X;Q) of the test set, in bits: `{h_x_bits, h_q_bits, i_x_q_bits, n}`.
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

    /// The class the network predicted for test image `image` at the last evaluation (the one
    /// its accuracy counts); −1 for an autoencoder or an image out of range.
    #[wasm_bindgen(js_name = predictedClass)]
    pub fn predicted_class(&self, image: u32) -> i32 {
        self.exp.predicted_class(image as usize).map_or(-1, |k| k as i32)
    }

    /// Test image `image` (rows×cols bytes), its label and brightest quadrant Q:
    /// `{pixels: Uint8Array, rows, cols, label, quadrant}`; undefined if out of range.
    #[wasm_bindgen(js_name = testImage)]
    pub fn test_image(&self, image: u32) -> Result<JsValue, JsError> {
        let test = self.exp.test_set();
        let i = image as usize;
        if i >= test.len() {
            return Ok(JsValue::UNDEFINED);
        }
        let pixels = test.image(i);
        let quadrant = crate::info::brightest_quadrant(pixels, test.rows, test.cols).map_err(js_error)?;
        object(
            "testImage",
            vec![
                ("pixels", js_sys::Uint8Array::from(pixels).into()),
                ("rows", (test.rows as u32).into()),
                ("cols", (test.cols as u32).into()),
                ("label", u32::from(test.labels[i]).into()),
                ("quadrant", u32::from(quadrant).into()),
            ],
        )
    }

    /// The step of the next evaluation: the next multiple of `eval_interval`, or `steps` if
    /// that comes first.
    #[wasm_bindgen(js_name = nextEvaluationStep)]
    pub fn next_evaluation_step(&self) -> u32 {
        self.exp.next_evaluation_step() as u32
    }

    /// Test image `image`'s code in layer `layer` (0 = first hidden layer, the last = the
    /// output) under the run's binning at the last evaluation, exactly as the information
    /// measures count it: `{bins: Uint8Array (one per unit), binCount, text}`; undefined if
    /// either is out of range.
    pub fn code(&self, layer: u32, image: u32) -> Result<JsValue, JsError> {
        let Some(code) = self.exp.code(layer as usize, image as usize).map_err(js_error)? else {
            return Ok(JsValue::UNDEFINED);
        };
        object(
            "code",
            vec![
                ("bins", js_sys::Uint8Array::from(code.bins.as_slice()).into()),
                ("binCount", (code.bin_count as u32).into()),
                ("text", code.text.into()),
            ],
        )
    }

    /// An autoencoder's test images `images` (1 to 16) at the last evaluation: `{rows, cols,
    /// indices, labels, pixels: Uint8Array, bottleneck, units, codes: Float32Array, outputs:
    /// Float32Array, errors: Float64Array}`, errors the mean squared error per pixel between
    /// each input in [0, 1] and its output. Throws an Error naming the problem.
    pub fn reconstructions(&self, images: &[u32]) -> Result<JsValue, JsError> {
        let images: Vec<usize> = images.iter().map(|&i| i as usize).collect();
        let r = self.exp.reconstructions(&images).map_err(js_error)?;
        object(
            "reconstructions",
            vec![
                ("rows", (r.rows as u32).into()),
                ("cols", (r.cols as u32).into()),
                ("indices", numbers(r.indices.iter().map(|&i| i as u32))),
                ("labels", numbers(r.labels.iter().map(|&l| u32::from(l)))),
                ("pixels", js_sys::Uint8Array::from(r.pixels.as_slice()).into()),
                ("bottleneck", (r.bottleneck as u32).into()),
                ("units", (r.units as u32).into()),
                ("codes", js_sys::Float32Array::from(r.codes.as_slice()).into()),
                ("outputs", js_sys::Float32Array::from(r.outputs.as_slice()).into()),
                ("errors", js_sys::Float64Array::from(r.errors.as_slice()).into()),
            ],
        )
    }

    /// A lesioned copy of the network (training is untouched): hidden layer `layer`'s units
    /// silenced by `spec`, `{kind: "list", units: [..]}`, `{kind: "random", fraction}` or
    /// `{kind: "most_selective_first", fraction}`. Returns `{layer, silenced, test_loss,
    /// test_acc, info}` (info: every layer's measures, as in a step's metrics).
    pub fn lesion(&self, layer: u32, spec: JsValue) -> Result<JsValue, JsError> {
        let units: LesionUnits = serde_wasm_bindgen::from_value(spec).map_err(|e| JsError::new(&format!("lesion: {e}")))?;
        to_js(&self.exp.lesioned(&LesionSpec { layer: layer as usize, units }).map_err(js_error)?)
    }

    /// Hidden layer `layer`'s lesion curve: `[{fraction, order, silenced, test_loss,
    /// test_acc}]`, fractions 0, 0.1, …, 1 in the random order, then most selective first.
    #[wasm_bindgen(js_name = lesionCurve)]
    pub fn lesion_curve(&self, layer: u32) -> Result<JsValue, JsError> {
        to_js(&self.exp.lesion_curve(layer as usize).map_err(js_error)?)
    }

    /// Hidden layer `layer`'s analysis at the last evaluation: `{units, tuningMean,
    /// tuningSem (Float64Array, class-major 10 × units), selectivity (Float64Array), preferred
    /// (Uint8Array), lifetimeSparseness (per unit), populationSparseness (per test image;
    /// both Float64Array, NaN where undefined), classRdm (10 × 10), imageRdm (Float64Array),
    /// imageSubset (Uint32Array), rsaPixels, rsaLabels (numbers, NaN where undefined),
    /// rsaLayers (Float64Array, one per hidden layer)}`.
    pub fn analysis(&self, layer: u32) -> Result<JsValue, JsError> {
        let a = self.exp.analysis(layer as usize).map_err(js_error)?;
        let or_nan = |v: &[Option<f64>]| v.iter().map(|x| x.unwrap_or(f64::NAN)).collect::<Vec<f64>>();
        let f64s = |v: &[f64]| JsValue::from(js_sys::Float64Array::from(v));
        let subset: Vec<u32> = a.image_subset.iter().map(|&i| i as u32).collect();
        object(
            "analysis",
            vec![
                ("units", (a.units as u32).into()),
                ("tuningMean", f64s(&a.tuning.means.values)),
                ("tuningSem", f64s(&a.tuning.sem)),
                ("selectivity", f64s(&a.selectivity.index)),
                ("preferred", js_sys::Uint8Array::from(a.selectivity.preferred.as_slice()).into()),
                ("lifetimeSparseness", f64s(&or_nan(&a.lifetime_sparseness))),
                ("populationSparseness", f64s(&or_nan(&a.population_sparseness))),
                ("classRdm", f64s(a.class_rdm.values())),
                ("imageRdm", f64s(a.image_rdm.values())),
                ("imageSubset", js_sys::Uint32Array::from(subset.as_slice()).into()),
                ("rsaPixels", a.rsa_pixels.unwrap_or(f64::NAN).into()),
                ("rsaLabels", a.rsa_labels.unwrap_or(f64::NAN).into()),
                ("rsaLayers", f64s(&or_nan(&a.rsa_layers))),
            ],
        )
    }

    /// Hidden layer `layer`'s receptive fields (weights for the first layer, spike-triggered
    /// averages deeper), most selective first: `{width, height, pixels: Uint8Array}` (RGBA, ready
    /// for `new ImageData(new Uint8ClampedArray(pixels.buffer), width, height)`).
    #[wasm_bindgen(js_name = receptiveFields)]
    pub fn receptive_fields(&self, layer: u32) -> Result<JsValue, JsError> {
        let picture = self.exp.receptive_fields(layer as usize).map_err(js_error)?;
        object(
            "receptiveFields",
            vec![
                ("width", (picture.width as u32).into()),
                ("height", (picture.height as u32).into()),
                ("pixels", js_sys::Uint8Array::from(picture.pixels.as_slice()).into()),
            ],
        )
    }

    /// One metrics CSV line per evaluation in the history (the columns of `csvHeader(layers)`,
    /// `run` = `label`, quoted as RFC 4180 when needed), joined by '\n'.
    #[wasm_bindgen(js_name = csvRows)]
    pub fn csv_rows(&self, layers: u32, label: &str) -> Result<String, JsError> {
        Ok(csv_rows(self.exp.history(), csv_layers(layers)?, label))
    }

    // Issue 14: the settling trace.
    /// Under a rule that settles (predictive coding, equilibrium propagation), every layer's
    /// energy at every inner iteration of one batch's settling, on the probe batch under the
    /// weights as they are now, without changing the run: `{phases: [{name, energy}]}` with
    /// `energy[iteration][layer]` (mean per image); null under a rule that does not settle.
    #[wasm_bindgen(js_name = settleTrace)]
    pub fn settle_trace(&mut self) -> Result<JsValue, JsError> {
        match self.exp.settle_trace() {
            Some(trace) => to_js(&trace),
            None => Ok(JsValue::NULL),
        }
    }
}

// Issue 15 (neuroscience analyses): the page's views of receptive fields, tuning, RSA and
// lesions. Composition only: every number comes from `crate::analysis` and the experiment.

/// RSA (Spearman ρ of the upper triangles) between two square dissimilarity matrices of the
/// same conditions, row-major (e.g. two runs' `imageRdm` or `classRdm`); NaN when it is
/// undefined (a matrix whose upper triangle is constant). Throws naming a bad matrix.
#[wasm_bindgen(js_name = rsaRdms)]
pub fn rsa_rdms(a: Vec<f64>, b: Vec<f64>) -> Result<f64, JsError> {
    let size = |v: &[f64]| (0..=v.len()).find(|s| s * s >= v.len()).unwrap_or(0);
    let a = crate::analysis::Rdm::new(size(&a), a).map_err(js_error)?;
    let b = crate::analysis::Rdm::new(size(&b), b).map_err(js_error)?;
    undefined_as_nan(crate::analysis::rsa(&a, &b))
}

/// RSA between two RDMs given by their upper triangles (`rdmSnapshots`' rows): the same ρ as
/// `rsaRdms` of the matrices; NaN when undefined.
#[wasm_bindgen(js_name = rsaUpper)]
pub fn rsa_upper(a: &[f32], b: &[f32]) -> Result<f64, JsError> {
    undefined_as_nan(crate::analysis::rsa_upper(a, b))
}

fn undefined_as_nan(rho: Result<f64, crate::analysis::AnalysisError>) -> Result<f64, JsError> {
    match rho {
        Ok(rho) => Ok(rho),
        Err(crate::analysis::AnalysisError::Constant { .. }) => Ok(f64::NAN),
        Err(e) => Err(js_error(e)),
    }
}

#[wasm_bindgen]
impl Lab {
    /// Starts keeping the analyses at every evaluation (from the last one made): see
    /// `analysisSummaries` and `rdmSnapshots`.
    #[wasm_bindgen(js_name = trackAnalysis)]
    pub fn track_analysis(&mut self) -> Result<(), JsError> {
        self.exp.track_analysis().map_err(js_error)
    }

    /// Hidden layer `layer`'s analyses over training, one entry per kept evaluation:
    /// `{steps: Uint32Array, bins, layers (hidden layers), selectivityMean,
    /// lifetimeMean, populationMean (Float64Array, NaN where undefined), selectivityFractions,
    /// lifetimeFractions, populationFractions (Float64Array, evaluation-major: steps × bins,
    /// the fraction of units or images per bin of [0, 1]), rsaPixels, rsaLabels (Float64Array),
    /// rsaLayers (Float64Array, steps × layers)}`. Empty until `trackAnalysis`.
    #[wasm_bindgen(js_name = analysisSummaries)]
    pub fn analysis_summaries(&self, layer: u32) -> Result<JsValue, JsError> {
        let summaries = self.exp.analysis_summaries();
        let layers: Vec<&crate::experiment::LayerSummary> = summaries
            .iter()
            .map(|s| s.layers.get(layer as usize).ok_or_else(|| JsError::new(&format!("analysisSummaries: layer {layer} is not a hidden layer"))))
            .collect::<Result<_, _>>()?;
        let nan = |v: Option<f64>| v.unwrap_or(f64::NAN);
        let f64s = |v: Vec<f64>| JsValue::from(js_sys::Float64Array::from(v.as_slice()));
        let steps: Vec<u32> = summaries.iter().map(|s| s.step as u32).collect();
        let hidden = summaries.first().map_or(0, |s| s.layers.len());
        object(
            "analysisSummaries",
            vec![
                ("steps", js_sys::Uint32Array::from(steps.as_slice()).into()),
                ("bins", (crate::experiment::SUMMARY_BINS as u32).into()),
                ("layers", (hidden as u32).into()),
                ("selectivityMean", f64s(layers.iter().map(|l| nan(l.selectivity.mean)).collect())),
                ("lifetimeMean", f64s(layers.iter().map(|l| nan(l.lifetime_sparseness.mean)).collect())),
                ("populationMean", f64s(layers.iter().map(|l| nan(l.population_sparseness.mean)).collect())),
                ("selectivityFractions", f64s(layers.iter().flat_map(|l| l.selectivity.fractions.clone()).collect())),
                ("lifetimeFractions", f64s(layers.iter().flat_map(|l| l.lifetime_sparseness.fractions.clone()).collect())),
                ("populationFractions", f64s(layers.iter().flat_map(|l| l.population_sparseness.fractions.clone()).collect())),
                ("rsaPixels", f64s(layers.iter().map(|l| nan(l.rsa_pixels)).collect())),
                ("rsaLabels", f64s(layers.iter().map(|l| nan(l.rsa_labels)).collect())),
                ("rsaLayers", f64s(layers.iter().flat_map(|l| l.rsa_layers.iter().map(|&r| nan(r))).collect())),
            ],
        )
    }

    /// Hidden layer `layer`'s image RDM at every kept evaluation after step `after` (all
    /// of them for a negative `after`): `{steps: Uint32Array, length (of one upper triangle),
    /// upper: Float32Array (steps × length)}`, for `rsaUpper` between runs.
    #[wasm_bindgen(js_name = rdmSnapshots)]
    pub fn rdm_snapshots(&self, layer: u32, after: f64) -> Result<JsValue, JsError> {
        let mut steps = Vec::new();
        let mut upper = Vec::new();
        let mut length = 0;
        for s in self.exp.analysis_summaries().iter().filter(|s| s.step as f64 > after) {
            let l = s.layers.get(layer as usize).ok_or_else(|| JsError::new(&format!("rdmSnapshots: layer {layer} is not a hidden layer")))?;
            steps.push(s.step as u32);
            length = l.image_rdm_upper.len();
            upper.extend_from_slice(&l.image_rdm_upper);
        }
        object(
            "rdmSnapshots",
            vec![
                ("steps", js_sys::Uint32Array::from(steps.as_slice()).into()),
                ("length", (length as u32).into()),
                ("upper", js_sys::Float32Array::from(upper.as_slice()).into()),
            ],
        )
    }

    /// As `receptiveFields`, the tiles most selective first when `bySelectivity`, else in the
    /// units' own order: `{order (Uint32Array: the unit of each tile), columns (tiles a row),
    /// tileRows, tileCols, gap (pixels between tiles), width, height, pixels (RGBA)}`.
    #[wasm_bindgen(js_name = receptiveFieldsIn)]
    pub fn receptive_fields_in(&self, layer: u32, by_selectivity: bool) -> Result<JsValue, JsError> {
        let (picture, order) = self.exp.receptive_fields_in(layer as usize, by_selectivity).map_err(js_error)?;
        let order: Vec<u32> = order.iter().map(|&u| u as u32).collect();
        let columns = crate::experiment::receptive_field_columns(order.len());
        let test = self.exp.test_set();
        object(
            "receptiveFieldsIn",
            vec![
                ("order", js_sys::Uint32Array::from(order.as_slice()).into()),
                ("columns", (columns as u32).into()),
                ("tileRows", (test.rows as u32).into()),
                ("tileCols", (test.cols as u32).into()),
                ("gap", (crate::experiment::TILE_GAP as u32).into()),
                ("width", (picture.width as u32).into()),
                ("height", (picture.height as u32).into()),
                ("pixels", js_sys::Uint8Array::from(picture.pixels.as_slice()).into()),
            ],
        )
    }
}

// Issue 13: the credit-assignment arena's table, for the page's arena view.

/// The arena table (`arena::rows`) from finished runs `[{rule, hidden, seed, test_acc,
/// update_angle_deg, steps_per_s, error?}]` (a run with `error` failed: it is listed, not
/// counted): `{columns, rows: [{...row, cells, low, high}], markdown, csv}`, `cells` the row's
/// text under `columns` (the Markdown table's), `low`/`high` the ends of its accuracy's 95%
/// interval (null for one seed), `markdown` and `csv` the tables the CLI writes.
#[wasm_bindgen(js_name = arenaTable)]
pub fn arena_table(results: JsValue) -> Result<JsValue, JsError> {
    let results: Vec<crate::arena::ArenaResult> =
        serde_wasm_bindgen::from_value(results).map_err(|e| JsError::new(&format!("arenaTable: results: {e}")))?;
    #[derive(Serialize)]
    struct Row {
        #[serde(flatten)]
        row: crate::arena::ArenaRow,
        cells: Vec<String>,
        low: Option<f64>,
        high: Option<f64>,
    }
    #[derive(Serialize)]
    struct Table {
        columns: [&'static str; 9],
        rows: Vec<Row>,
        markdown: String,
        csv: String,
    }
    let rows = crate::arena::rows(&results);
    to_js(&Table {
        columns: crate::arena::COLUMNS,
        markdown: crate::arena::markdown(&rows),
        csv: crate::arena::csv_text(&rows),
        rows: rows
            .into_iter()
            .map(|row| {
                let bounds = row.test_acc.bounds();
                Row { cells: crate::arena::cells(&row), low: bounds.map(|b| b.0), high: bounds.map(|b| b.1), row }
            })
            .collect(),
    })
}

// Issue 14: the inner iterations of the rules that settle, for `make bench`'s Chromium rows.

#[wasm_bindgen]
impl Lab {
    /// The inner iterations of every training step's settling so far (`Experiment::
    /// inner_iterations`; 0 under a rule that learns through a backward pass), as a number
    /// (exact below 2^53).
    #[wasm_bindgen(js_name = innerIterations)]
    pub fn inner_iterations(&self) -> f64 {
        self.exp.inner_iterations() as f64
    }
}

// Issue 13 (the arena on the page): the experiment's metrics CSV with every seed, and the
// page's limit on settings.

/// The experiment's metrics CSV, as the CLI writes it (`experiment::metrics_csv`), from the
/// evaluations the page holds: `settings` = `[{label, seeds: [{seed, history}]}]` (each
/// `history` the run's evaluations as `step` returned them), tables for up to `layers` weight
/// layers; throws naming a malformed argument.
#[wasm_bindgen(js_name = metricsCsv)]
pub fn metrics_csv(layers: u32, settings: JsValue) -> Result<String, JsError> {
    let settings: Vec<crate::experiment::SettingHistories> =
        serde_wasm_bindgen::from_value(settings).map_err(|e| JsError::new(&format!("metricsCsv: settings: {e}")))?;
    Ok(crate::experiment::metrics_csv(csv_layers(layers)?, &settings))
}

/// The limits on an experiment that are not a config field's (`config::schema::LIMITS`):
/// `{max_runs}`.
#[wasm_bindgen(js_name = configLimits)]
pub fn config_limits() -> Result<JsValue, JsError> {
    to_js(&crate::config::schema::LIMITS)
}
