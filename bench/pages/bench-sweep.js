// Times the Figure 2 sweep in this tab: the fig2 preset's four runs (hidden 15, 30, 60, 120,
// 10,000 steps each, evaluation of the 10,000 test images every 100 steps), one Web Worker
// per run, all four started together, as the lab runs them. Wall-clock time from the start
// signal (every worker has loaded the core and built its Lab) to the last run's end.
//   bench.html?page=sweep[&short=1]   short: 200 steps per run, still evaluating every 100
// The result lands on window.benchResult (read by bench/chromium.mjs).

import { loadCore } from './app/core.js';
import { loadDataset } from './dataset/download.js';
import { SHORT, report, status } from './bench-report.js';


function once(worker, type) {
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', function handler(e) {
      if (e.data.type === 'error') reject(new Error(e.data.message));
      else if (e.data.type === type) {
        worker.removeEventListener('message', handler);
        resolve(e.data);
      }
    });
    worker.addEventListener('error', (e) => reject(new Error(e.message)));
  });
}

async function benchmark() {
  status.textContent = 'Loading the core and the data…';
  const core = await loadCore();
  const data = await loadDataset();
  const fig2 = core.presets().find((p) => p.id === 'fig2');
  if (!fig2) throw new Error('no fig2 preset');
  const runs = fig2.runs.map((r) => ({ label: r.label, config: SHORT ? { ...r.config, steps: 200 } : r.config }));
  const workers = runs.map(() => new Worker(new URL('./bench-sweep-worker.js', import.meta.url), { type: 'module' }));
  try {
    const ready = workers.map((w) => once(w, 'ready'));
    workers.forEach((w, i) => w.postMessage({ type: 'build', config: runs[i].config, data }));
    await Promise.all(ready);
    status.textContent = `Training ${runs.length} runs in ${runs.length} workers…`;
    const done = workers.map((w) => once(w, 'done'));
    const started = performance.now();
    workers.forEach((w) => w.postMessage({ type: 'go' }));
    const results = await Promise.all(done);
    const wallMs = performance.now() - started;
    return {
      mode: `${runs.length} Web Workers at once (one per run), navigator.hardwareConcurrency = ${navigator.hardwareConcurrency}`,
      wall_ms: wallMs,
      runs: results.map((r, i) => ({
        label: runs[i].label,
        hidden: runs[i].config.hidden,
        steps: r.steps,
        evaluations: r.evaluations,
        ms: r.ms,
        final_test_acc: r.final.test_acc,
        final_test_loss: r.final.test_loss,
      })),
      steps_per_run: runs[0].config.steps,
      eval_interval: runs[0].config.eval_interval,
    };
  } finally {
    workers.forEach((w) => w.terminate());
  }
}

await report(benchmark, {
  done: (result) => `Done: ${(result.wall_ms / 1000).toFixed(2)} s for ${result.runs.length} runs × ${result.steps_per_run} steps.`,
});
