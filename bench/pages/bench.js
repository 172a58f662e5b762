// In-browser benchmark of the wasm core: training steps per second (and the GFLOP/s that
// implies) for one hidden layer of 120 units at batch 100, and the time of one evaluation.
// The result lands on window.benchResult (read by bench/chromium.mjs) and in the page.
// `?short=1` runs a few steps only (make bench-short).

import { loadCore } from './app/core.js';
import { loadDataset } from './dataset/download.js';
import { benchBrainlab, BATCH, GFLOPS_FORMULA, HIDDEN } from './bench-core.js';

const SHORT = new URLSearchParams(location.search).has('short');
const status = document.getElementById('status');
const table = document.getElementById('results');

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
  const result = await benchBrainlab(core, data, {
    short: SHORT,
    pause: () => new Promise((resolve) => setTimeout(resolve)), // let the status paint
    onStatus: (text) => { status.textContent = text; },
  });
  return {
    ...result,
    gflops_formula: GFLOPS_FORMULA,
    gflops_note: 'a dense-equivalent count: the core skips zero inputs',
    user_agent: navigator.userAgent,
    hardware_concurrency: navigator.hardwareConcurrency,
    date: new Date().toISOString(),
  };
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
  status.textContent = `Done: hidden ${HIDDEN}, batch ${BATCH}, ${result.repeats} × ${result.timed_steps} steps.`;
  window.benchResult = result;
} catch (err) {
  status.textContent = `Benchmark failed: ${err.message}`;
  status.setAttribute('role', 'alert');
  window.benchResult = { error: err.message };
}
