// In-browser benchmark of the wasm core: training steps per second (and the GFLOP/s that
// implies) for one hidden layer of 120 units at batch 100, and the time of one evaluation.
// The result lands on window.benchResult (read by bench/chromium.mjs) and in the page.
// `?short=1` runs a few steps only (make bench-short).

import { loadCore } from './app/core.js';
import { loadDataset } from './dataset/download.js';
import { benchBrainlab, BATCH, GFLOPS_FORMULA, HIDDEN } from './bench-core.js';
import { SHORT, pause, report, status } from './bench-report.js';


async function benchmark() {
  status.textContent = 'Loading the core and the data…';
  const core = await loadCore();
  const data = await loadDataset();
  const result = await benchBrainlab(core, data, {
    short: SHORT,
    pause,
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

await report(benchmark, {
  rows: (result) => [
    ['steps/s (median)', result.steps_per_sec.median.toFixed(1)],
    ['steps/s (best)', result.steps_per_sec.best.toFixed(1)],
    ['GFLOP/s (median)', result.gflops.median.toFixed(2)],
    ['GFLOP/s (best)', result.gflops.best.toFixed(2)],
    ['evaluate() ms (median)', result.evaluate_ms.median.toFixed(1)],
    ['formula', `${result.gflops_formula} (${result.gflops_note})`],
  ],
  done: (result) => `Done: hidden ${HIDDEN}, batch ${BATCH}, ${result.repeats} × ${result.timed_steps} steps.`,
});
