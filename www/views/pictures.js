// Pictures the activity and reconstruction views share: an image (or a reconstruction) as
// canvas pixels, one per image pixel (CSS scales it up, pixelated), and the range over which a
// layer's activity is shaded.

/** Fills a canvas of `width` × `height` pixels through fill(data, width) on its ImageData. */
export function paint(canvas, width, height, fill) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  fill(image.data, width);
  ctx.putImageData(image, 0, 0);
}

/** Sets pixel p of ImageData bytes to [r, g, b], opaque. */
export function setPixel(data, p, [r, g, b]) {
  data[p * 4] = r;
  data[p * 4 + 1] = g;
  data[p * 4 + 2] = b;
  data[p * 4 + 3] = 255;
}

/** Draws grey levels (0..255 per pixel, row by row) on a canvas of rows × cols pixels. */
export function paintGrey(canvas, grey, rows, cols) {
  paint(canvas, cols, rows, (data) => {
    for (let p = 0; p < rows * cols; p += 1) setPixel(data, p, [grey[p], grey[p], grey[p]]);
  });
}

/** The range a layer's activity is shaded over: its activation's, or up to its largest value. */
export function shadeRange(config, output, activity) {
  if (output || config.activation === 'sigmoid') return [0, 1];
  if (config.activation === 'tanh') return [-1, 1];
  return [0, Math.max(1e-9, ...activity)];
}

/** Where `value` lies in [lo, hi], clamped to [0, 1]: how dark its cell is. */
export const shade = (value, [lo, hi]) => Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
