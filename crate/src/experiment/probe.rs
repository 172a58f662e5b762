//! What a front end reads from a run besides its metrics, all at the last evaluation: a test
//! image's code in a layer as the information measures count it, an autoencoder's
//! reconstructions and their errors, and the step of the next evaluation.

use thiserror::Error;

use crate::nn::loss::Task;
use crate::info::{code_text, discretise, Codes, InfoError, LayerKind};

use super::Experiment;

/// Most test images in one [`Experiment::reconstructions`] call.
pub const MAX_RECONSTRUCTIONS: usize = 16;

/// A question the run cannot answer.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ProbeError {
    #[error("layer {layer}: the network has {layers} layers (0 = the first hidden layer, {last} = the output)", last = layers - 1)]
    NoLayer { layer: usize, layers: usize },
    #[error("reconstructions: this run is not an autoencoder (task autoencode)")]
    NotAnAutoencoder,
    #[error("reconstructions: {count} test images asked for; ask for 1 to {MAX_RECONSTRUCTIONS}")]
    ImageCount { count: usize },
    #[error("reconstructions: there is no test image {image} (the test set has {count})")]
    NoImage { image: usize, count: usize },
    #[error("codes: {0}")]
    Info(#[from] InfoError),
}

/// One test image's code in one layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCode {
    /// Each unit's bin, unit 0 first.
    pub bins: Vec<u8>,
    /// Bins per unit, k (2 for threshold codes).
    pub bin_count: usize,
    /// The code for people to read (see [`code_text`]).
    pub text: String,
}

/// An autoencoder's view of some test images: the images, their bottleneck codes and their
/// reconstructions, each set as one flat array, image after image.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconstructions {
    pub rows: usize,
    pub cols: usize,
    /// The test images, in the order asked for.
    pub indices: Vec<usize>,
    pub labels: Vec<u8>,
    /// rows·cols bytes per image.
    pub pixels: Vec<u8>,
    /// The bottleneck's layer index (0 = the first hidden layer), see [`Experiment::bottleneck`].
    pub bottleneck: usize,
    /// Its units.
    pub units: usize,
    /// `units` activities per image.
    pub codes: Vec<f32>,
    /// rows·cols outputs per image (in [0, 1] for sigmoid outputs).
    pub outputs: Vec<f32>,
    /// Per image, the mean squared error per pixel between the input in [0, 1] (byte / 255)
    /// and the output: (1/P) Σ_p (x_p/255 − ŷ_p)², in f64, pixels in order.
    pub errors: Vec<f64>,
}

impl Experiment {
    /// Layer `l`'s kind for the binning (0 = the first hidden layer, the last = the output).
    pub fn layer_kind(&self, l: usize) -> LayerKind {
        let model = self.model();
        LayerKind::in_network(l, model.layers.len(), model.activation, model.output_activation)
    }

    /// Layer `l`'s codes (0 = first hidden layer, the last = the output) on every test image at
    /// the last evaluation, as the information measures discretise them.
    pub fn layer_codes(&self, l: usize) -> Result<Codes, ProbeError> {
        let layers = self.model().layers.len();
        let activity = self.activities().get(l).ok_or(ProbeError::NoLayer { layer: l, layers })?;
        let units = self.model().layers[l].n_out;
        Ok(discretise(activity, units, self.layer_kind(l), self.config().info_settings().discretisation)?)
    }

    /// Test image `image`'s code in layer `layer` at the last evaluation, under the run's
    /// binning; `None` if there is no such layer or image.
    pub fn code(&self, layer: usize, image: usize) -> Result<Option<ImageCode>, ProbeError> {
        if layer >= self.model().layers.len() || image >= self.test_set().len() {
            return Ok(None);
        }
        let Some(bins) = self.layer_codes(layer)?.bins(image) else { return Ok(None) };
        let bin_count = self.config().info_settings().discretisation.bins();
        Ok(Some(ImageCode { text: code_text(&bins, bin_count), bins, bin_count }))
    }

    /// The index of the narrowest hidden layer (the first of the narrowest): an autoencoder's
    /// bottleneck.
    pub fn bottleneck(&self) -> usize {
        let layers = &self.model().layers;
        let hidden = &layers[..layers.len() - 1];
        (0..hidden.len()).min_by_key(|&l| hidden[l].n_out).unwrap_or(0)
    }

    /// An autoencoder's inputs, bottleneck codes, reconstructions and their errors for test
    /// images `images` (1 to [`MAX_RECONSTRUCTIONS`]) at the last evaluation.
    pub fn reconstructions(&self, images: &[usize]) -> Result<Reconstructions, ProbeError> {
        if self.config().task != Task::Autoencode {
            return Err(ProbeError::NotAnAutoencoder);
        }
        if images.is_empty() || images.len() > MAX_RECONSTRUCTIONS {
            return Err(ProbeError::ImageCount { count: images.len() });
        }
        let test = self.test_set();
        if let Some(&image) = images.iter().find(|&&i| i >= test.len()) {
            return Err(ProbeError::NoImage { image, count: test.len() });
        }
        let (rows, cols) = (test.rows, test.cols);
        let size = rows * cols;
        let bottleneck = self.bottleneck();
        let units = self.model().layers[bottleneck].n_out;
        let acts = self.activities();
        let output = &acts[acts.len() - 1];
        let mut r = Reconstructions {
            rows,
            cols,
            indices: images.to_vec(),
            labels: images.iter().map(|&i| test.labels[i]).collect(),
            pixels: Vec::with_capacity(images.len() * size),
            bottleneck,
            units,
            codes: Vec::with_capacity(images.len() * units),
            outputs: Vec::with_capacity(images.len() * size),
            errors: Vec::with_capacity(images.len()),
        };
        for &i in images {
            let (pixels, redrawn) = (test.image(i), &output[i * size..(i + 1) * size]);
            r.pixels.extend_from_slice(pixels);
            r.codes.extend_from_slice(&acts[bottleneck][i * units..(i + 1) * units]);
            r.outputs.extend_from_slice(redrawn);
            r.errors.push(pixel_error(pixels, redrawn));
        }
        Ok(r)
    }

    /// The step at which the next evaluation is made: the next multiple of `eval_interval`, or
    /// the last step if that comes first (the last step itself once the run is done).
    pub fn next_evaluation_step(&self) -> usize {
        let (interval, steps) = (self.config().eval_interval.max(1), self.config().steps);
        ((self.steps_done() / interval + 1) * interval).min(steps)
    }
}

/// (1/P) Σ_p (x_p/255 − ŷ_p)² over an image's P pixels (bytes) and its reconstruction.
fn pixel_error(pixels: &[u8], outputs: &[f32]) -> f64 {
    let sum: f64 = pixels.iter().zip(outputs).map(|(&x, &y)| (f64::from(x) / 255.0 - f64::from(y)).powi(2)).sum();
    sum / pixels.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::info::Binning;
    use crate::{Config, Dataset};

    /// Six 4×4 images, labels 0..6, pixel p of image i = 40·i + p.
    fn tiny() -> Arc<Dataset> {
        let pixels = (0..6 * 16).map(|k| ((k / 16) * 40 + k % 16) as u8).collect();
        Arc::new(Dataset::from_parts(4, 4, pixels, (0..6).collect()))
    }

    fn autoencoder(hidden: Vec<usize>, binning: Binning) -> Experiment {
        let config = Config { hidden, binning, bins: 3, train_size: 6, batch_size: 3, steps: 7, eval_interval: 3, ..Config::autoencoder_defaults() };
        Experiment::new(config, tiny(), tiny()).unwrap()
    }

    #[test]
    fn a_code_is_the_images_row_of_the_layers_codes() {
        for binning in [Binning::Threshold, Binning::Uniform, Binning::Adaptive] {
            let mut exp = autoencoder(vec![5, 3], binning);
            exp.step(3).unwrap();
            let k = if binning == Binning::Threshold { 2 } else { 3 };
            for l in 0..3 {
                let codes = exp.layer_codes(l).unwrap();
                for i in 0..6 {
                    let code = exp.code(l, i).unwrap().unwrap();
                    let units = exp.model().layers[l].n_out;
                    let bins: Vec<u8> = (0..units).map(|u| codes.bin(i, u).unwrap()).collect();
                    assert_eq!(code.bins, bins, "{binning:?}, layer {l}, image {i}");
                    assert_eq!(code.bin_count, k);
                    assert_eq!(code.text, code_text(&bins, k));
                    assert_eq!(code.text.len(), units);
                }
            }
            assert_eq!(exp.code(3, 0).unwrap(), None, "no layer 3");
            assert_eq!(exp.code(0, 6).unwrap(), None, "no image 6");
            assert_eq!(exp.layer_codes(3).unwrap_err(), ProbeError::NoLayer { layer: 3, layers: 3 });
        }
    }

    #[test]
    fn the_layers_kinds_follow_the_network() {
        let exp = autoencoder(vec![5, 3], Binning::Threshold);
        let sigmoid = LayerKind::Activated(crate::Activation::Sigmoid);
        assert_eq!([exp.layer_kind(0), exp.layer_kind(1), exp.layer_kind(2)], [sigmoid; 3]);
        let config = Config { hidden: vec![4], activation: crate::Activation::Relu, train_size: 6, batch_size: 3, ..Config::default() };
        let classifier = Experiment::new(config, tiny(), tiny()).unwrap();
        let relu = LayerKind::Activated(crate::Activation::Relu);
        assert_eq!([classifier.layer_kind(0), classifier.layer_kind(1)], [relu, LayerKind::Linear]);
    }

    #[test]
    fn reconstructions_and_their_errors() {
        let mut exp = autoencoder(vec![5, 2, 4], Binning::Threshold);
        exp.step(3).unwrap();
        assert_eq!(exp.bottleneck(), 1);
        let r = exp.reconstructions(&[4, 0, 4]).unwrap();
        assert_eq!((r.rows, r.cols, r.bottleneck, r.units), (4, 4, 1, 2));
        assert_eq!((r.indices.as_slice(), r.labels.as_slice()), (&[4, 0, 4][..], &[4, 0, 4][..]));
        let acts = exp.activities();
        for (k, &i) in [4usize, 0, 4].iter().enumerate() {
            let image = tiny().image(i).to_vec();
            assert_eq!(&r.pixels[k * 16..(k + 1) * 16], &image[..]);
            assert_eq!(&r.codes[k * 2..(k + 1) * 2], &acts[1][i * 2..(i + 1) * 2]);
            let out = &acts[3][i * 16..(i + 1) * 16];
            assert_eq!(&r.outputs[k * 16..(k + 1) * 16], out);
            let mut sum = 0.0;
            for p in 0..16 {
                let d = f64::from(image[p]) / 255.0 - f64::from(out[p]);
                sum += d * d;
            }
            assert_eq!(r.errors[k], sum / 16.0);
        }
        assert_eq!(r.errors[0], r.errors[2]);
        assert_eq!(exp.reconstructions(&[]).unwrap_err(), ProbeError::ImageCount { count: 0 });
        assert_eq!(exp.reconstructions(&[0; 17]).unwrap_err(), ProbeError::ImageCount { count: 17 });
        assert_eq!(exp.reconstructions(&[1, 6]).unwrap_err(), ProbeError::NoImage { image: 6, count: 6 });
        assert!(exp.reconstructions(&[0; 16]).is_ok());
        let config = Config { hidden: vec![4], train_size: 6, batch_size: 3, ..Config::default() };
        let classifier = Experiment::new(config, tiny(), tiny()).unwrap();
        let e = classifier.reconstructions(&[0]).unwrap_err();
        assert_eq!(e, ProbeError::NotAnAutoencoder);
        assert!(e.to_string().starts_with("reconstructions: "), "{e}");
    }

    #[test]
    fn the_next_evaluation_is_at_the_next_multiple_or_the_end() {
        let mut exp = autoencoder(vec![3], Binning::Threshold); // 7 steps, every 3
        let mut seen = vec![exp.next_evaluation_step()];
        for _ in 0..8 {
            exp.step(1).unwrap();
            seen.push(exp.next_evaluation_step());
        }
        assert_eq!(seen, [3, 3, 3, 6, 6, 6, 7, 7, 7]);
    }
}
