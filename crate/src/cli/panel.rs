//! The coursework's Figure 11 as one picture: a row of test images, under each its bottleneck
//! code (a grid of cells shaded by activity, 10 to a row) and its reconstruction.

use super::CliError;
use crate::experiment::Experiment;

/// Pixels per image pixel.
const SCALE: usize = 4;
/// Pixels per code cell, and cells per row of a code.
const CELL: usize = 11;
const CELLS_PER_ROW: usize = 10;
const GAP: usize = 8;
/// The background, between the images, and the frame of a code cell.
const PAPER: u8 = 255;
const FRAME: u8 = 150;

/// A greyscale canvas.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Canvas {
    fn fill(&mut self, x: usize, y: usize, w: usize, h: usize, grey: u8) {
        for row in y..y + h {
            self.pixels[row * self.width + x..row * self.width + x + w].fill(grey);
        }
    }
}

/// The index of the narrowest hidden layer: the autoencoder's bottleneck.
pub fn bottleneck(exp: &Experiment) -> usize {
    let hidden = &exp.model().layers[..exp.model().layers.len() - 1];
    (0..hidden.len()).min_by_key(|&l| hidden[l].n_out()).unwrap_or(0)
}

/// Draws test images `images` (at the last evaluation): inputs on top, codes in the middle,
/// reconstructions below. Needs an autoencoder (outputs as many as pixels).
pub fn figure11(exp: &Experiment, images: &[usize]) -> Result<Canvas, CliError> {
    let test = exp.test_set();
    let (rows, cols) = (test.rows, test.cols);
    let model = exp.model();
    if model.output_len() != rows * cols {
        return Err(CliError::flag("images", "needs an autoencoder (task autoencode)"));
    }
    if let Some(&bad) = images.iter().find(|&&i| i >= test.len()) {
        return Err(CliError::flag("images", format!("test image {bad} does not exist ({} test images)", test.len())));
    }
    let code_layer = bottleneck(exp);
    let code_units = model.layers[code_layer].n_out();
    let code_rows = code_units.div_ceil(CELLS_PER_ROW);
    let tile_w = (cols * SCALE).max(CELLS_PER_ROW * CELL);
    let (img_h, code_h) = (rows * SCALE, code_rows * CELL);
    let width = GAP + images.len() * (tile_w + GAP);
    let height = GAP + img_h + GAP + code_h + GAP + img_h + GAP;
    let mut canvas = Canvas { width, height, pixels: vec![PAPER; width * height] };
    let acts = exp.activities();
    let output = &acts[acts.len() - 1];
    for (k, &i) in images.iter().enumerate() {
        let x0 = GAP + k * (tile_w + GAP);
        let image_x = x0 + (tile_w - cols * SCALE) / 2;
        let recon = output.row(i);
        for (p, (&pixel, &r)) in test.image(i).iter().zip(recon).enumerate() {
            let (py, px) = (p / cols, p % cols);
            canvas.fill(image_x + px * SCALE, GAP + py * SCALE, SCALE, SCALE, pixel);
            let grey = (r.clamp(0.0, 1.0) * 255.0).round() as u8;
            canvas.fill(image_x + px * SCALE, GAP * 3 + img_h + code_h + py * SCALE, SCALE, SCALE, grey);
        }
        let code = acts[code_layer].row(i);
        let code_x = x0 + (tile_w - CELLS_PER_ROW * CELL) / 2;
        for (u, &a) in code.iter().enumerate() {
            let grey = (a.clamp(0.0, 1.0) * 255.0).round() as u8;
            let (cy, cx) = (u / CELLS_PER_ROW, u % CELLS_PER_ROW);
            // A grey frame keeps a white (fully active) cell visible on the paper.
            let (x, y) = (code_x + cx * CELL, GAP * 2 + img_h + cy * CELL);
            canvas.fill(x, y, CELL, CELL, FRAME);
            canvas.fill(x + 1, y + 1, CELL - 2, CELL - 2, grey);
        }
    }
    Ok(canvas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::tests::two_images;
    use crate::Config;

    #[test]
    fn the_panel_shows_inputs_codes_and_reconstructions() {
        // Two 2×2 "images": the panel's top row holds them, scaled; the middle their codes.
        let exp = two_images(Config::autoencoder_defaults());
        let c = figure11(&exp, &[0, 1]).unwrap();
        assert_eq!(c.pixels.len(), c.width * c.height);
        let tile_w = CELLS_PER_ROW * CELL; // wider than 2×SCALE
        assert_eq!(c.width, GAP + 2 * (tile_w + GAP));
        assert_eq!(c.height, GAP + 2 * SCALE + GAP + CELL + GAP + 2 * SCALE + GAP);
        let at = |x: usize, y: usize| c.pixels[y * c.width + x];
        let image_x = GAP + (tile_w - 2 * SCALE) / 2;
        assert_eq!(at(image_x, GAP), 0, "pixel (0,0) of image 0");
        assert_eq!(at(image_x + SCALE, GAP), 255, "pixel (0,1) of image 0");
        let code_y = GAP * 2 + 2 * SCALE;
        assert_eq!(at(GAP, code_y), FRAME, "the first code cell's frame");
        assert!(figure11(&exp, &[2]).is_err(), "no third image");
        assert!(figure11(&two_images(Config::default()), &[0]).is_err(), "a classifier has no reconstructions");
    }
}
