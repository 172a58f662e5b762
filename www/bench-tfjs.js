// TensorFlow.js doing brainlab's benchmark work: one SGD step of 784-120-10 (batch 100,
// sigmoid, squared error summed over the batch, raw pixels, learning rate 5e-6) and one
// evaluation of the 10,000 test images (loss and accuracy). Two ways of writing the backward
// pass: `flags` (matMul's transposeA/transposeB) and `transpose` (explicit tf.transpose).
//   bench-tfjs.html?backend=wasm|cpu&variant=flags|transpose[&short=1]
// The result lands on window.benchResult (read by bench/chromium.mjs).

import { loadDataset } from './data.js';
import {
  BATCH, HIDDEN, INPUTS, LEARNING_RATE, OUTPUTS, batchIndices, gflops, gunzip, msSummary,
  parseImages, parseLabels, plan, rateSummary, timed,
} from './bench-core.js';

const params = new URLSearchParams(location.search);
const BACKEND = params.get('backend') ?? 'wasm';
const VARIANT = params.get('variant') ?? 'transpose';
const SHORT = params.has('short');
const TRAIN_SIZE = 10_000;
const status = document.getElementById('status');
const tf = window.tf;

const pause = () => new Promise((resolve) => setTimeout(resolve));

async function tensors() {
  const files = await loadDataset();
  const train = parseImages(await gunzip(files.trainImages));
  const trainLabels = parseLabels(await gunzip(files.trainLabels));
  const test = parseImages(await gunzip(files.testImages));
  const testLabels = parseLabels(await gunzip(files.testLabels));
  const oneHot = (labels) => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), OUTPUTS), 'float32');
  return {
    xTrain: tf.tensor2d(Float32Array.from(train.pixels.subarray(0, TRAIN_SIZE * INPUTS)), [TRAIN_SIZE, INPUTS]),
    tTrain: oneHot(trainLabels.subarray(0, TRAIN_SIZE)),
    xTest: tf.tensor2d(Float32Array.from(test.pixels), [test.count, INPUTS]),
    tTest: oneHot(testLabels),
    testLabels: tf.tensor1d(testLabels, 'int32'),
  };
}

async function benchmark() {
  if (!tf) throw new Error('TensorFlow.js did not load (vendor/tfjs/ missing: run make bench)');
  if (BACKEND === 'wasm') tf.wasm.setWasmPaths(new URL('./vendor/tfjs/', location.href).href);
  if (!(await tf.setBackend(BACKEND))) throw new Error(`backend ${BACKEND} failed to initialise`);
  await tf.ready();
  const features = BACKEND === 'wasm'
    ? {
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
        threads_used: tf.backend().getThreadsCount?.() ?? null,
      }
    : {};
  status.textContent = 'Loading the data…';
  const d = await tensors();
  const p = plan(SHORT);
  const w1 = tf.variable(tf.randomNormal([INPUTS, HIDDEN], 0, 0.01, 'float32', 1));
  const w2 = tf.variable(tf.randomNormal([HIDDEN, OUTPUTS], 0, 0.01, 'float32', 2));
  const indices = batchIndices(4096, BATCH, TRAIN_SIZE);
  let cursor = 0;
  let lossSum = tf.scalar(0);

  const transposeFlags = VARIANT === 'flags';
  function step() {
    const start = (cursor % 4096) * BATCH;
    cursor += 1;
    const next = tf.tidy(() => {
      const idx = tf.tensor1d(indices.subarray(start, start + BATCH), 'int32');
      const x = tf.gather(d.xTrain, idx);
      const t = tf.gather(d.tTrain, idx);
      const h = tf.sigmoid(tf.matMul(x, w1));
      const y = tf.matMul(h, w2);
      const diff = tf.sub(y, t);
      const loss = tf.add(lossSum, tf.sum(tf.square(diff)));
      const e = tf.mul(diff, 2); // ∂L/∂Ŷ, the loss summed over the batch
      const gW2 = transposeFlags ? tf.matMul(h, e, true, false) : tf.matMul(tf.transpose(h), e);
      const dH = transposeFlags ? tf.matMul(e, w2, false, true) : tf.matMul(e, tf.transpose(w2));
      const delta = tf.mul(dH, tf.mul(h, tf.sub(1, h)));
      const gW1 = transposeFlags ? tf.matMul(x, delta, true, false) : tf.matMul(tf.transpose(x), delta);
      w1.assign(tf.sub(w1, tf.mul(gW1, LEARNING_RATE)));
      w2.assign(tf.sub(w2, tf.mul(gW2, LEARNING_RATE)));
      return loss;
    });
    lossSum.dispose();
    lossSum = next;
  }
  function steps(n) {
    for (let i = 0; i < n; i += 1) step();
    lossSum.dataSync(); // the work is done when its result is read
  }
  function evaluate() {
    const [loss, correct] = tf.tidy(() => {
      const y = tf.matMul(tf.sigmoid(tf.matMul(d.xTest, w1)), w2);
      return [tf.sum(tf.square(tf.sub(y, d.tTest))), tf.sum(tf.cast(tf.equal(tf.argMax(y, 1), d.testLabels), 'float32'))];
    });
    const out = [loss.dataSync()[0] / 10_000, correct.dataSync()[0] / 10_000];
    tf.dispose([loss, correct]);
    return out;
  }

  status.textContent = 'Warming up…';
  await pause();
  const warm = timed(() => steps(p.warmupSteps));
  // Samples of at least minSampleMs each, so that slow backends are timed for long enough.
  const perSample = Math.max(p.timedSteps, Math.ceil(p.minSampleMs / (warm / p.warmupSteps)));
  const n = Math.min(perSample, 400);
  const stepsPerSec = [];
  for (let i = 0; i < p.repeats; i += 1) {
    status.textContent = `Timing ${n} training steps (${i + 1} of ${p.repeats})…`;
    await pause();
    stepsPerSec.push((n * 1000) / timed(() => steps(n)));
  }
  status.textContent = 'Timing evaluations…';
  await pause();
  evaluate(); // warm-up
  const evaluateMs = Array.from({ length: p.evalRepeats }, () => timed(() => evaluate()));
  const [testLoss, testAcc] = evaluate();
  const rate = rateSummary(stepsPerSec);
  const result = {
    library: `TensorFlow.js ${tf.version_core}`,
    backend: BACKEND,
    variant: VARIANT,
    features,
    steps_per_sec: rate,
    gflops: { median: gflops(rate.median), best: gflops(rate.best) },
    evaluate_ms: msSummary(evaluateMs),
    timed_steps: n,
    repeats: p.repeats,
    final_test: { loss: testLoss, accuracy: testAcc, steps: cursor },
    tensors_alive: tf.memory().numTensors,
  };
  return result;
}

try {
  const result = await benchmark();
  status.textContent = `Done: ${result.library} ${BACKEND} (${VARIANT}): ${result.steps_per_sec.median.toFixed(1)} steps/s, evaluation ${result.evaluate_ms.median.toFixed(1)} ms.`;
  window.benchResult = result;
} catch (err) {
  status.textContent = `Benchmark failed: ${err.message}`;
  status.setAttribute('role', 'alert');
  window.benchResult = { error: err.message };
}
