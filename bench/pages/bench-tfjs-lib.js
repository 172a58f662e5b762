// TensorFlow.js doing brainlab's benchmark work (see bench-core.js): one SGD step of
// 784-120-10 (batch 100, sigmoid, squared error summed over the batch, raw pixels, learning
// rate 5e-6) and one evaluation of the 10,000 test images (loss and accuracy). Two ways of
// writing the backward pass: 'flags' (matMul's transposeA/transposeB) and 'transpose'
// (explicit tf.transpose). TensorFlow.js itself is the global `tf` of the UMD bundles that
// the page loads from vendor/tfjs/ (copied from node_modules by bench/run.sh).

import { BATCH, HIDDEN, INPUTS, LEARNING_RATE, OUTPUTS, batchIndices, gunzip, parseImages, parseLabels } from './bench-core.js';

const TRAIN_SIZE = 10_000;

/** Selects and initialises `backend` ('wasm' or 'cpu'); returns what it reports about itself. */
export async function initBackend(tf, backend) {
  if (!tf) throw new Error('TensorFlow.js did not load (vendor/tfjs/ missing: run make bench)');
  if (backend === 'wasm') tf.wasm.setWasmPaths(new URL('./vendor/tfjs/', location.href).href);
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();
  return backend === 'wasm'
    ? {
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
      }
    : {};
}

/** The data as tensors, from the four gzipped IDX files (Uint8Arrays). */
export async function dataTensors(tf, files) {
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

/**
 * A network trained by TensorFlow.js in the given `variant`: { steps(n), evaluate() }.
 * steps(n) trains n mini-batches and reads the running loss, so the work is done when it returns.
 */
export function tfjsNetwork(tf, d, variant) {
  const flags = variant === 'flags';
  const w1 = tf.variable(tf.randomNormal([INPUTS, HIDDEN], 0, 0.01, 'float32', 1));
  const w2 = tf.variable(tf.randomNormal([HIDDEN, OUTPUTS], 0, 0.01, 'float32', 2));
  const indices = batchIndices(4096, BATCH, TRAIN_SIZE);
  let cursor = 0;
  let lossSum = tf.scalar(0);

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
      const e = tf.mul(diff, 2); // ∂L/∂Ŷ of the loss summed over the batch
      const gW2 = flags ? tf.matMul(h, e, true, false) : tf.matMul(tf.transpose(h), e);
      const dH = flags ? tf.matMul(e, w2, false, true) : tf.matMul(e, tf.transpose(w2));
      const delta = tf.mul(dH, tf.mul(h, tf.sub(1, h)));
      const gW1 = flags ? tf.matMul(x, delta, true, false) : tf.matMul(tf.transpose(x), delta);
      w1.assign(tf.sub(w1, tf.mul(gW1, LEARNING_RATE)));
      w2.assign(tf.sub(w2, tf.mul(gW2, LEARNING_RATE)));
      return loss;
    });
    lossSum.dispose();
    lossSum = next;
  }

  return {
    steps(n) {
      for (let i = 0; i < n; i += 1) step();
      lossSum.dataSync();
    },
    /** [mean loss, accuracy] on the test set. */
    evaluate() {
      const [loss, correct] = tf.tidy(() => {
        const y = tf.matMul(tf.sigmoid(tf.matMul(d.xTest, w1)), w2);
        return [tf.sum(tf.square(tf.sub(y, d.tTest))), tf.sum(tf.cast(tf.equal(tf.argMax(y, 1), d.testLabels), 'float32'))];
      });
      const out = [loss.dataSync()[0] / 10_000, correct.dataSync()[0] / 10_000];
      tf.dispose([loss, correct]);
      return out;
    },
    get stepsDone() {
      return cursor;
    },
  };
}
