// What the reconstructions view (Figure 11) draws, gathered in the worker from its Lab at the
// last evaluation: for a list of test images, their pixels, their bottleneck codes (the
// narrowest hidden layer) and their reconstructions (the output layer), each set as one typed
// array so that it can be transferred to the page in one message. (Until the core's
// lab.reconstructions gives the same.)

export const MAX_IMAGES = 16;

/** The autoencoder's bottleneck: the index of the narrowest hidden layer (the first, on a tie). */
export function bottleneckOf(hidden) {
  let best = 0;
  hidden.forEach((width, l) => {
    if (width < hidden[best]) best = l;
  });
  return best;
}

/** Mean squared error per pixel between an image (bytes) and its reconstruction (in [0, 1]). */
function pixelError(pixels, outputs) {
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 1) {
    const d = pixels[i] / 255 - outputs[i];
    sum += d * d;
  }
  return sum / pixels.length;
}

function isAutoencoder(config) {
  return config?.task === 'autoencode';
}

/**
 * @param lab the worker's wasm Lab
 * @param config its config
 * @param images test image indices (1 to MAX_IMAGES)
 * @returns { data, transfer }: data = { rows, cols, indices, labels, pixels (Uint8Array,
 *   rows·cols per image), bottleneck, units, codes (Float32Array, units per image), outputs
 *   (Float32Array, rows·cols per image, in [0, 1] for sigmoid outputs), errors (Float64Array, each
 *   image's mean squared error per pixel) }; transfer = their buffers.
 *   Throws an Error saying why when it cannot.
 */
export function reconstructionData(lab, config, images) {
  if (!isAutoencoder(config)) throw new Error('this run is not an autoencoder');
  if (!Array.isArray(images) || images.length === 0 || images.length > MAX_IMAGES) {
    throw new Error(`ask for 1 to ${MAX_IMAGES} test images`);
  }
  const bottleneck = bottleneckOf(config.hidden);
  const output = config.hidden.length;
  const pictures = images.map((i) => {
    const picture = Number.isInteger(i) && i >= 0 ? lab.testImage(i) : undefined;
    if (!picture) throw new Error(`there is no test image ${i}`);
    return picture;
  });
  const { rows, cols } = pictures[0];
  const size = rows * cols;
  const units = config.hidden[bottleneck];
  const pixels = new Uint8Array(images.length * size);
  const codes = new Float32Array(images.length * units);
  const outputs = new Float32Array(images.length * size);
  const errors = new Float64Array(images.length);
  images.forEach((image, k) => {
    pixels.set(pictures[k].pixels, k * size);
    const code = lab.activity(bottleneck, image);
    const redrawn = lab.activity(output, image);
    if (code.length !== units || redrawn.length !== size) throw new Error('the network has not been evaluated yet');
    codes.set(code, k * units);
    outputs.set(redrawn, k * size);
    errors[k] = pixelError(pictures[k].pixels, redrawn);
  });
  return {
    data: { rows, cols, indices: [...images], labels: pictures.map((p) => p.label), pixels, bottleneck, units, codes, outputs, errors },
    transfer: [pixels.buffer, codes.buffer, outputs.buffer, errors.buffer],
  };
}
