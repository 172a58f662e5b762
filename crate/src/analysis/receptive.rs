//! Receptive fields: what each unit responds to in the image, drawn as a grid of tiles.
//!
//! - First layer: unit j's input weights, column j of W₁ (n_in = rows × cols pixels), drawn
//!   with the diverging map centred on zero and one shared scale per layer,
//!   s = max_{i,j} |w_ij| over the whole layer (not per unit, so tiles compare).
//! - Any layer: the activity-weighted average input, the model's spike-triggered average
//!   STA_j = Σ_i r_ij x_i / Σ_i r_ij over the images i, with rates r_ij = a_ij − floor (see
//!   `tuning.rs`), in the input's own units (pixels 0..255 or [0, 1]).
//!
//! Tiles are laid left to right, then top to bottom, in the order given (e.g. most selective
//! first), `columns` to a row, `gap` pixels of `GAP_RGBA` between them.

use super::activity::{Activity, Scalar, Weights};
use super::colour::ColourMap;
use super::error::AnalysisError;

/// The colour between tiles: opaque mid grey, distinct from the diverging map's near-white zero.
pub const GAP_RGBA: [u8; 4] = [128, 128, 128, 255];

/// An RGBA picture, row-major, 4 bytes a pixel: `pixels.len() = 4 · width · height`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RgbaImage {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl RgbaImage {
    pub fn pixel(&self, x: usize, y: usize) -> [u8; 4] {
        let k = 4 * (y * self.width + x);
        [self.pixels[k], self.pixels[k + 1], self.pixels[k + 2], self.pixels[k + 3]]
    }
}

/// How tiles are arranged: `columns` tiles to a row (≥ 1), `gap` pixels between tiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridLayout {
    pub columns: usize,
    pub gap: usize,
}

/// Pictures of `rows` × `cols` values each, tile t at `values[t·rows·cols ..]`, row-major
/// (e.g. the `values` of an [`Sta`], 28 × 28).
#[derive(Debug, Clone, Copy)]
pub struct Tiles<'a> {
    pub values: &'a [f64],
    pub rows: usize,
    pub cols: usize,
}

/// Draws the tiles `order` (indices into `tiles`) in a grid, every value coloured by `map` at
/// the one shared `scale` (≥ 0; e.g. the largest value over all tiles). The picture is
/// min(columns, n)·cols + (min(columns, n) − 1)·gap wide and ⌈n/columns⌉·rows + (⌈n/columns⌉ − 1)·gap
/// high for n = order.len().
pub fn tile_grid(
    tiles: Tiles,
    order: &[usize],
    layout: GridLayout,
    map: ColourMap,
    scale: f64,
) -> Result<RgbaImage, AnalysisError> {
    let op = "tile_grid";
    let len = tiles.rows * tiles.cols;
    if len == 0 || tiles.values.len() % len != 0 {
        return Err(AnalysisError::Shape {
            op,
            what: "the tiles",
            len: tiles.values.len(),
            rows: tiles.rows,
            cols: tiles.cols,
        });
    }
    if order.is_empty() {
        return Err(AnalysisError::Empty { op, what: "the unit order" });
    }
    if layout.columns == 0 {
        return Err(AnalysisError::TooFew { op, what: "the column count", found: 0, needed: 1 });
    }
    if !(scale.is_finite() && scale >= 0.0) {
        return Err(AnalysisError::NonFinite { op, what: "scale", index: 0, value: scale });
    }
    let count = tiles.values.len() / len;
    if let Some(&index) = order.iter().find(|&&t| t >= count) {
        return Err(AnalysisError::OutOfRange { op, what: "unit", index, len: count });
    }
    let across = layout.columns.min(order.len());
    let down = order.len().div_ceil(layout.columns);
    let width = across * tiles.cols + (across - 1) * layout.gap;
    let height = down * tiles.rows + (down - 1) * layout.gap;
    const MAX_PIXELS: usize = 1 << 26;
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(AnalysisError::TooMany {
            op,
            what: "pixels in the grid",
            found: width.saturating_mul(height),
            max: MAX_PIXELS,
        });
    }
    let mut pixels: Vec<u8> = GAP_RGBA.iter().copied().cycle().take(4 * width * height).collect();
    for (slot, &t) in order.iter().enumerate() {
        let (x0, y0) =
            ((slot % layout.columns) * (tiles.cols + layout.gap), (slot / layout.columns) * (tiles.rows + layout.gap));
        let tile = &tiles.values[t * len..(t + 1) * len];
        for r in 0..tiles.rows {
            for c in 0..tiles.cols {
                let k = 4 * ((y0 + r) * width + x0 + c);
                pixels[k..k + 4].copy_from_slice(&map.rgba(tile[r * tiles.cols + c], scale));
            }
        }
    }
    Ok(RgbaImage { width, height, pixels })
}

/// The first layer's receptive fields: unit j's tile is column j of `weights` (n_in must be
/// `rows` × `cols`), drawn with the diverging map at the layer's shared scale max |w|, for the
/// units in `order`.
pub fn receptive_field_grid(
    weights: &Weights,
    rows: usize,
    cols: usize,
    order: &[usize],
    layout: GridLayout,
) -> Result<RgbaImage, AnalysisError> {
    let op = "receptive_field_grid";
    if rows.checked_mul(cols) != Some(weights.n_in()) {
        return Err(AnalysisError::Shape { op, what: "a unit's input weights", len: weights.n_in(), rows, cols });
    }
    let (n_in, n_out) = (weights.n_in(), weights.n_out());
    let mut tiles = vec![0.0f64; n_in * n_out];
    for i in 0..n_in {
        for j in 0..n_out {
            tiles[j * n_in + i] = f64::from(weights.get(i, j));
        }
    }
    let scale = weights.values().iter().fold(0.0f64, |m, w| m.max(f64::from(w.abs())));
    tile_grid(Tiles { values: &tiles, rows, cols }, order, layout, ColourMap::Diverging, scale)
}

/// Spike-triggered averages of every unit of a layer: `values[j · P + p]` is unit j's
/// Σ_i r_ij x_ip / Σ_i r_ij over the images (P = inputs per image), with `weight_sum[j]` =
/// Σ_i r_ij. A unit silent on every image (Σ r = 0) has no STA: its tile is all zeros and its
/// weight sum 0 says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Sta {
    pub units: usize,
    pub inputs: usize,
    pub values: Vec<f64>,
    pub weight_sum: Vec<f64>,
}

/// The STA of each unit of `activity` over the images `inputs` (the same images, in the same
/// order). Sums in f64 in image order. An activity below `floor` is an error.
pub fn spike_triggered_average<T: Scalar, X: Scalar>(
    activity: &Activity<T>,
    inputs: &Activity<X>,
    floor: f64,
) -> Result<Sta, AnalysisError> {
    let op = "spike_triggered_average";
    if inputs.images() != activity.images() {
        return Err(AnalysisError::LengthMismatch {
            op,
            what: "the input images",
            expected: activity.images(),
            found: inputs.images(),
        });
    }
    if !floor.is_finite() {
        return Err(AnalysisError::NonFinite { op, what: "floor", index: 0, value: floor });
    }
    if let Some(index) = activity.values().iter().position(|a| a.to_f64() < floor) {
        return Err(AnalysisError::BelowFloor { op, index, value: activity.values()[index].to_f64(), floor });
    }
    let (units, p) = (activity.units(), inputs.units());
    let mut values = vec![0.0f64; units * p];
    let mut weight_sum = vec![0.0f64; units];
    let mut x = vec![0.0f64; p];
    for i in 0..activity.images() {
        x.iter_mut().zip(inputs.row(i)).for_each(|(d, s)| *d = s.to_f64());
        for (j, a) in activity.row(i).iter().enumerate() {
            let r = a.to_f64() - floor;
            weight_sum[j] += r;
            values[j * p..(j + 1) * p].iter_mut().zip(&x).for_each(|(acc, &xi)| *acc += r * xi);
        }
    }
    for (j, &total) in weight_sum.iter().enumerate() {
        let tile = &mut values[j * p..(j + 1) * p];
        if total == 0.0 {
            tile.fill(0.0);
        } else {
            tile.iter_mut().for_each(|v| *v /= total);
        }
    }
    Ok(Sta { units, inputs: p, values, weight_sum })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    #[test]
    fn a_known_weight_pattern_is_drawn_in_the_right_colours_at_the_right_pixels() {
        // 28×28 inputs, 3 units. Unit 1: +1 at (row 0, col 0), −1 at (27, 27), +0.5 at (3, 4).
        // Unit 2: +2 at (10, 10), so the layer's scale is 2 and unit 1's +1 is half scale.
        let (n_in, n_out) = (784, 3);
        let mut w = vec![0.0f32; n_in * n_out];
        let at = |r: usize, c: usize, j: usize| (r * 28 + c) * n_out + j;
        w[at(0, 0, 1)] = 1.0;
        w[at(27, 27, 1)] = -1.0;
        w[at(3, 4, 1)] = 0.5;
        w[at(10, 10, 2)] = 2.0;
        w[at(5, 5, 0)] = -2.0;
        let weights = Weights::new(&w, n_in, n_out).unwrap();
        // Order [1, 2, 0], two to a row, gap 1: unit 1 top left, unit 2 top right, unit 0 below.
        let img = receptive_field_grid(&weights, 28, 28, &[1, 2, 0], GridLayout { columns: 2, gap: 1 }).unwrap();
        assert_eq!((img.width, img.height, img.pixels.len()), (57, 57, 57 * 57 * 4));
        // Unit 1 at x0 = 0, y0 = 0; pixel (x = col, y = row).
        assert_eq!(img.pixel(0, 0), [229, 131, 104, 255], "+1 of scale 2: halfway between RdBu 2 and 3");
        assert_eq!(img.pixel(27, 27), [107, 172, 209, 255], "−1 of scale 2: halfway between RdBu 7 and 8");
        // +0.5: t = 0.25, p = 3.75: (244,165,130) + 0.75·((253,219,199) − (244,165,130)).
        assert_eq!(img.pixel(4, 3), [251, 206, 182, 255]);
        assert_eq!(img.pixel(3, 4), [247, 247, 247, 255], "zero weight: the centre colour");
        // Unit 2 at x0 = 29: its +2 is the darkest red.
        assert_eq!(img.pixel(29 + 10, 10), [103, 0, 31, 255]);
        // Unit 0 at y0 = 29: its −2 the darkest blue.
        assert_eq!(img.pixel(5, 29 + 5), [5, 48, 97, 255]);
        // Gaps, and the empty fourth slot.
        assert_eq!(img.pixel(28, 0), GAP_RGBA);
        assert_eq!(img.pixel(0, 28), GAP_RGBA);
        assert_eq!(img.pixel(40, 40), GAP_RGBA);
        assert!(matches!(
            receptive_field_grid(&weights, 28, 27, &[0], GridLayout { columns: 2, gap: 1 }),
            Err(AnalysisError::Shape { .. })
        ));
        assert!(matches!(
            receptive_field_grid(&weights, 28, 28, &[3], GridLayout { columns: 2, gap: 1 }),
            Err(AnalysisError::OutOfRange { index: 3, len: 3, .. })
        ));
    }

    #[test]
    fn sta_equals_a_direct_computation() {
        let (images, units, p) = (50, 4, 6);
        let mut rng = Rng::new(3, Stream::Init);
        let pixels: Vec<u8> = (0..images * p).map(|_| rng.below(256) as u8).collect();
        let mut act: Vec<f32> = (0..images * units).map(|_| rng.uniform() as f32).collect();
        // Unit 3 fires only for image 7: its STA is image 7; unit 2 is silent.
        for i in 0..images {
            act[i * units + 3] = if i == 7 { 0.9 } else { 0.0 };
            act[i * units + 2] = 0.0;
        }
        let sta = spike_triggered_average(
            &Activity::new(&act, images, units).unwrap(),
            &Activity::new(&pixels, images, p).unwrap(),
            0.0,
        )
        .unwrap();
        for j in [0, 1] {
            let total: f64 = (0..images).map(|i| f64::from(act[i * units + j])).sum();
            for q in 0..p {
                let direct: f64 =
                    (0..images).map(|i| f64::from(act[i * units + j]) * f64::from(pixels[i * p + q])).sum::<f64>()
                        / total;
                assert!((sta.values[j * p + q] - direct).abs() < 1e-9, "unit {j} pixel {q}");
            }
        }
        for (q, &x) in pixels[7 * p..8 * p].iter().enumerate() {
            assert!((sta.values[3 * p + q] - f64::from(x)).abs() < 1e-12);
        }
        assert_eq!((sta.weight_sum[2], &sta.values[2 * p..3 * p]), (0.0, &[0.0; 6][..]));
        // A tanh layer: rates are a + 1 (floor −1), so a unit at −1 on every image but one is
        // that image's pixels again, and a unit's STA weighs image i by a_i + 1.
        let tanh: Vec<f32> = (0..images).map(|i| if i == 4 { 0.5 } else { -1.0 }).collect();
        let pix = Activity::new(&pixels, images, p).unwrap();
        let s = spike_triggered_average(&Activity::new(&tanh, images, 1).unwrap(), &pix, -1.0).unwrap();
        assert_eq!(s.weight_sum[0], 1.5);
        for q in 0..p {
            assert!((s.values[q] - f64::from(pixels[4 * p + q])).abs() < 1e-12);
        }
        let ramp: Vec<f32> = (0..images).map(|i| i as f32 / images as f32 * 2.0 - 1.0).collect();
        let s = spike_triggered_average(&Activity::new(&ramp, images, 1).unwrap(), &pix, -1.0).unwrap();
        let total: f64 = ramp.iter().map(|&a| f64::from(a) + 1.0).sum();
        for q in 0..p {
            let direct: f64 =
                (0..images).map(|i| (f64::from(ramp[i]) + 1.0) * f64::from(pixels[i * p + q])).sum::<f64>() / total;
            assert!((s.values[q] - direct).abs() < 1e-9);
        }
        assert!(matches!(
            spike_triggered_average(&Activity::new(&tanh, images, 1).unwrap(), &pix, 0.0),
            Err(AnalysisError::BelowFloor { index: 0, .. })
        ));
        let short = Activity::new(&pixels[..p], 1, p).unwrap();
        assert!(matches!(
            spike_triggered_average(&Activity::new(&act, images, units).unwrap(), &short, 0.0),
            Err(AnalysisError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn grey_tiles_of_an_sta() {
        let tiles = [0.0, 255.0, 51.0, 255.0];
        let img = tile_grid(
            Tiles { values: &tiles, rows: 1, cols: 2 },
            &[1, 0],
            GridLayout { columns: 1, gap: 0 },
            ColourMap::Grey,
            255.0,
        )
        .unwrap();
        assert_eq!((img.width, img.height), (2, 2));
        assert_eq!(img.pixel(0, 0), [51, 51, 51, 255]);
        assert_eq!(img.pixel(1, 0), [255, 255, 255, 255]);
        assert_eq!(img.pixel(0, 1), [0, 0, 0, 255]);
    }
}
