// The benchmark's shared pieces, used by the pages (bench.html and its ?page= variants)
// and by Node (bench/node.mjs): the work every row of `make bench` times,
// the timing helpers, and the brainlab measurement itself. No DOM here.

// The work: one SGD step of 784-120-10, batch 100, sigmoid, squared error, coursework
// convention (raw pixels 0..255, loss summed over the batch, learning rate 5e-6), and one
// evaluation of the 10,000 test images.
export const BATCH = 100;
export const INPUTS = 784;
export const HIDDEN = 120;
export const OUTPUTS = 10;
export const LEARNING_RATE = 5e-6;

// Per step: the forward matmuls plus the two backward ones (gradients for the weights and
// for the layer below) each cost 2·batch·(weights) floating-point operations. This is the
// dense count: brainlab skips zero inputs (blank pixels), so it does less arithmetic than that.
export const FLOP_PER_STEP = 2 * BATCH * (INPUTS * HIDDEN + HIDDEN * OUTPUTS) * 3;
export const GFLOPS_FORMULA = 'GFLOP/s = steps/s × 2·100·(784·120 + 120·10)·3 / 1e9';

/** How long each part runs: `short` (make bench-short, CI) only checks that it works. */
export function plan(short) {
  return short
    ? { warmupSteps: 5, timedSteps: 10, repeats: 2, evalRepeats: 1, minSampleMs: 0, rounds: 2 }
    : { warmupSteps: 50, timedSteps: 200, repeats: 7, evalRepeats: 5, minSampleMs: 300, rounds: 11 };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function timed(fn) {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

export const gflops = (stepsPerSec) => (stepsPerSec * FLOP_PER_STEP) / 1e9;

/**
 * The evaluations of several networks timed in turns (after one warm-up each): per name, the
 * ms of each of `repeats` evaluations, each round timing one of every network.
 */
export function evaluationsInTurns(nets, names, repeats) {
  for (const name of names) nets[name].evaluate(); // warm-up
  const ms = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < repeats; r += 1) {
    for (const name of names) ms[name].push(timed(() => nets[name].evaluate()));
  }
  return ms;
}

/** { median, best, samples } of steps/s samples (best = highest). */
export function rateSummary(samples) {
  return { median: median(samples), best: Math.max(...samples), samples };
}

/** { median, best, samples } of durations in ms (best = lowest). */
export function msSummary(samples) {
  return { median: median(samples), best: Math.min(...samples), samples };
}

/**
 * brainlab's network for the benchmark work: { steps(n), evaluate(), free(), config(),
 * innerIterations() }. `core` is the wasm-bindgen module (initialised), `data` the four gzipped
 * IDX files; `overrides` changes config fields (the KDE page's binning, the settling page's
 * rules), `overrides.convention` also picks the defaults it starts from (coursework unless
 * given).
 */
export function brainlabNetwork(core, data, overrides = {}) {
  const config = {
    ...core.defaultConfig(overrides.convention ?? 'coursework'),
    hidden: [HIDDEN],
    batch_size: BATCH,
    steps: 1e6,
    eval_interval: 1e6, // no evaluation inside the timed steps
    ...overrides,
  };
  const lab = new core.Lab(config, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
  lab.step(1); // the first call also returns the step-0 evaluation
  return {
    steps: (n) => lab.step(n),
    evaluate: () => lab.evaluate(), // the whole test set and every diagnostic
    free: () => lab.free(),
    config: () => lab.config(),
    // The inner iterations of every training step's settling so far (0 without settling).
    innerIterations: () => lab.innerIterations(),
  };
}

/**
 * Times brainlab alone: training steps per second, and the time of one evaluation
 * (`Lab.evaluate`). `pause` lets a page repaint between samples.
 */
export async function benchBrainlab(core, data, { short = false, pause = async () => {}, onStatus = () => {} } = {}) {
  const p = plan(short);
  const net = brainlabNetwork(core, data);
  try {
    onStatus('Warming up…');
    net.steps(p.warmupSteps);
    const stepsPerSec = [];
    for (let i = 0; i < p.repeats; i += 1) {
      onStatus(`Timing ${p.timedSteps} training steps (${i + 1} of ${p.repeats})…`);
      await pause();
      stepsPerSec.push((p.timedSteps * 1000) / timed(() => net.steps(p.timedSteps)));
    }
    onStatus('Timing evaluations…');
    await pause();
    net.evaluate(); // warm-up
    const evaluateMs = Array.from({ length: p.evalRepeats }, () => timed(() => net.evaluate()));
    const rate = rateSummary(stepsPerSec);
    return {
      steps_per_sec: rate,
      gflops: { median: gflops(rate.median), best: gflops(rate.best) },
      evaluate_ms: msSummary(evaluateMs),
      timed_steps: p.timedSteps,
      repeats: p.repeats,
      config: net.config(),
    };
  } finally {
    net.free();
  }
}

// IDX parsing for the libraries that do not read the files themselves (TensorFlow.js).

/** Inflates a gzipped file (Uint8Array) with the platform's DecompressionStream. */
export async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** { count, pixels: Uint8Array } of an (inflated) IDX3 image file. */
export function parseImages(idx) {
  const view = new DataView(idx.buffer, idx.byteOffset, idx.byteLength);
  if (view.getUint32(0) !== 0x803) throw new Error('not an IDX image file');
  const count = view.getUint32(4);
  const size = view.getUint32(8) * view.getUint32(12);
  return { count, size, pixels: idx.subarray(16, 16 + count * size) };
}

/** Uint8Array of the labels of an (inflated) IDX1 label file. */
export function parseLabels(idx) {
  const view = new DataView(idx.buffer, idx.byteOffset, idx.byteLength);
  if (view.getUint32(0) !== 0x801) throw new Error('not an IDX label file');
  return idx.subarray(8, 8 + view.getUint32(4));
}

/** Deterministic batch indices (an LCG), the same for every library that uses them. */
export function batchIndices(steps, batch, trainSize, seed = 1) {
  let state = seed >>> 0;
  const out = new Int32Array(steps * batch);
  for (let i = 0; i < out.length; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state % trainSize;
  }
  return out;
}
