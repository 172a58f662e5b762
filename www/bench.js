// In-browser benchmark of the wasm core: training steps per second (and the GFLOP/s that
// implies) for one hidden layer of 120 units at batch 100, and the time of one evaluation.
// The result lands on window.benchResult (read by bench/chromium.mjs) and in the page.

import { loadCore } from './core.js';
import { loadDataset } from './data.js';

const BATCH = 100;
const INPUTS = 784;
const HIDDEN = 120;
const OUTPUTS = 10;
const WARMUP_STEPS = 50;
const TIMED_STEPS = 200;
const REPEATS = 5;

// Per step: the forward matmuls plus the two backward ones (gradients for the weights and
// for the layer below) each cost 2·batch·(weights) floating-point operations. This is the
// dense count: the core skips zero inputs (blank pixels), so it does less arithmetic than that.
const FLOP_PER_STEP = 2 * BATCH * (INPUTS * HIDDEN + HIDDEN * OUTPUTS) * 3;
const FORMULA = 'GFLOP/s = steps/s × 2·100·(784·120 + 120·10)·3 / 1e9';
const FORMULA_NOTE = 'a dense-equivalent count: the core skips zero inputs';

const status = document.getElementById('status');
const table = document.getElementById('results');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timed(fn) {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function show(rows) {
  table.replaceChildren(
    ...rows.map(([name, value]) => {
      const tr = document.createElement('tr');
      tr.append(Object.assign(document.createElement('th'), { textContent: name }));
      tr.append(Object.assign(document.createElement('td'), { textContent: value }));
      return tr;
    }),
  );
}

async function benchmark() {
  status.textContent = 'Loading the core and the data…';
  const core = await loadCore();
  const data = await loadDataset();
  const config = {
    ...core.defaultConfig('coursework'),
    hidden: [HIDDEN],
    batch_size: BATCH,
    steps: 1e6,
    eval_interval: 1e6, // no evaluation inside the timed steps
  };
  const lab = new core.Lab(config, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
  try {
    status.textContent = 'Warming up…';
    lab.step(1); // the first call also makes the step-0 evaluation
    lab.step(WARMUP_STEPS);

    const stepsPerSec = [];
    for (let i = 0; i < REPEATS; i += 1) {
      status.textContent = `Timing ${TIMED_STEPS} training steps (${i + 1} of ${REPEATS})…`;
      await new Promise((resolve) => setTimeout(resolve)); // let the status paint
      stepsPerSec.push((TIMED_STEPS * 1000) / timed(() => lab.step(TIMED_STEPS)));
    }
    status.textContent = 'Timing evaluations…';
    await new Promise((resolve) => setTimeout(resolve));
    const evaluateMs = Array.from({ length: REPEATS }, () => timed(() => lab.evaluate()));

    const gflops = (rate) => (rate * FLOP_PER_STEP) / 1e9;
    return {
      steps_per_sec: { median: median(stepsPerSec), best: Math.max(...stepsPerSec), samples: stepsPerSec },
      gflops: { median: gflops(median(stepsPerSec)), best: gflops(Math.max(...stepsPerSec)) },
      gflops_formula: FORMULA,
      gflops_note: FORMULA_NOTE,
      evaluate_ms: { median: median(evaluateMs), best: Math.min(...evaluateMs), samples: evaluateMs },
      timed_steps: TIMED_STEPS,
      repeats: REPEATS,
      config: lab.config(),
      user_agent: navigator.userAgent,
      date: new Date().toISOString(),
    };
  } finally {
    lab.free();
  }
}

try {
  const result = await benchmark();
  show([
    ['steps/s (median)', result.steps_per_sec.median.toFixed(1)],
    ['steps/s (best)', result.steps_per_sec.best.toFixed(1)],
    ['GFLOP/s (median)', result.gflops.median.toFixed(2)],
    ['GFLOP/s (best)', result.gflops.best.toFixed(2)],
    ['evaluate() ms (median)', result.evaluate_ms.median.toFixed(1)],
    ['formula', `${result.gflops_formula} (${result.gflops_note})`],
  ]);
  status.textContent = `Done: hidden ${HIDDEN}, batch ${BATCH}, ${REPEATS} × ${TIMED_STEPS} steps.`;
  window.benchResult = result;
} catch (err) {
  status.textContent = `Benchmark failed: ${err.message}`;
  status.setAttribute('role', 'alert');
  window.benchResult = { error: err.message };
}
