// Checks a data set off the main thread: builds the smallest Lab on it (which parses all four
// IDX files) and reports the core's error, if any. Short-lived: the page ends it after one
// answer, so the memory the check took goes with it.
//
// Page -> worker: { trainImages, trainLabels, testImages, testLabels }
// Worker -> page: { ok: true, description } | { ok: false, error }
//   description: the core's describeData() ({ train_count, test_count, rows, cols }), or null
//   when this core has none.

import { loadCore } from './core.js';

// The smallest network the core accepts; building it still checks every file.
const CHECK_CONFIG = { hidden: [1], batch_size: 1, train_size: 1, steps: 1, eval_interval: 1 };

function describe(core, data) {
  try {
    if (typeof core.describeData !== 'function') return null;
    return core.describeData(data.trainImages, data.trainLabels, data.testImages, data.testLabels) ?? null;
  } catch {
    return null; // the description is a courtesy: the check has passed
  }
}

self.onmessage = async ({ data }) => {
  try {
    const core = await loadCore();
    const lab = new core.Lab(CHECK_CONFIG, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
    lab.free();
    postMessage({ ok: true, description: describe(core, data) });
  } catch (err) {
    postMessage({ ok: false, error: err.message });
  }
};
