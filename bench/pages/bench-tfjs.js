// One TensorFlow.js variant alone (bench-tfjs-lib.js has the work):
//   bench.html?page=tfjs&backend=wasm|cpu&variant=flags|transpose[&short=1]
// The result lands on window.benchResult (read by bench/chromium.mjs).

import { loadDataset } from './dataset/download.js';
import { gflops, msSummary, plan, rateSummary, timed } from './bench-core.js';
import { dataTensors, initBackend, tfjsNetwork } from './bench-tfjs-lib.js';
import { SHORT, pause, report, status } from './bench-report.js';

const params = new URLSearchParams(location.search);
const BACKEND = params.get('backend') ?? 'wasm';
const VARIANT = params.get('variant') ?? 'transpose';
const tf = window.tf;

async function benchmark() {
  const features = await initBackend(tf, BACKEND);
  status.textContent = 'Loading the data…';
  const net = tfjsNetwork(tf, await dataTensors(tf, await loadDataset()), VARIANT);
  const p = plan(SHORT);
  status.textContent = 'Warming up…';
  await pause();
  const warm = timed(() => net.steps(p.warmupSteps));
  // Samples of at least minSampleMs each, so that slow backends are timed for long enough.
  const n = Math.min(400, Math.max(p.timedSteps, Math.ceil(p.minSampleMs / (warm / p.warmupSteps))));
  const stepsPerSec = [];
  for (let i = 0; i < p.repeats; i += 1) {
    status.textContent = `Timing ${n} training steps (${i + 1} of ${p.repeats})…`;
    await pause();
    stepsPerSec.push((n * 1000) / timed(() => net.steps(n)));
  }
  status.textContent = 'Timing evaluations…';
  await pause();
  net.evaluate(); // warm-up
  const evaluateMs = Array.from({ length: p.evalRepeats }, () => timed(() => net.evaluate()));
  const [testLoss, testAcc] = net.evaluate();
  const rate = rateSummary(stepsPerSec);
  return {
    library: `TensorFlow.js ${tf.version_core}`,
    backend: BACKEND,
    variant: VARIANT,
    features,
    steps_per_sec: rate,
    gflops: { median: gflops(rate.median), best: gflops(rate.best) },
    evaluate_ms: msSummary(evaluateMs),
    timed_steps: n,
    repeats: p.repeats,
    final_test: { loss: testLoss, accuracy: testAcc, steps: net.stepsDone },
    tensors_alive: tf.memory().numTensors,
  };
}

await report(benchmark, {
  done: (result) => `Done: ${result.library} ${BACKEND} (${VARIANT}): ${result.steps_per_sec.median.toFixed(1)} steps/s, evaluation ${result.evaluate_ms.median.toFixed(1)} ms.`,
});
