// One run of the sweep benchmark (bench-sweep.js): builds its Lab, then on 'go' trains it to
// the end in one call and reports how long that took.

import { loadCore } from './app/core.js';

let lab = null;

onmessage = async (e) => {
  try {
    if (e.data.type === 'build') {
      const core = await loadCore();
      const { data, config } = e.data;
      lab = new core.Lab(config, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
      postMessage({ type: 'ready' });
    } else if (e.data.type === 'go') {
      const started = performance.now();
      const metrics = lab.step(lab.config().steps);
      const ms = performance.now() - started;
      postMessage({ type: 'done', ms, steps: lab.stepCount(), evaluations: metrics.length, final: metrics[metrics.length - 1] });
      lab.free();
      lab = null;
    }
  } catch (err) {
    postMessage({ type: 'error', message: err.message ?? String(err) });
  }
};
