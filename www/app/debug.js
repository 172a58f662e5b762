// The page's handle for the tests, only on ?debug=1 (window.__brainlab): fault injection into a
// run's worker (which obeys only when started in debug mode too: worker/faults.js), the
// watchdog's patience, how many workers there are and train, and what the registry test reads
// of each view. main.js imports this file only on ?debug=1, and `make dist` does not ship it.

import { FAULT } from '../worker/faults.js';

/** @param sweep runs/sweep.js's Sweep; @param views views/host.js's ViewHost; @param keys the registry's keys */
export function exposeForTests({ sweep, views, keys }) {
  window.__brainlab = {
    crash: (run) => sweep.inject(run, FAULT.crash),
    hang: (run) => sweep.inject(run, FAULT.hang),
    setStallMs: (run, ms) => sweep.setStallMs(run, ms),
    config: (run) => sweep.snapshots()[run]?.config ?? null,
    workers: () => sweep.workers(), // { workers, busy, active }
    views: keys,
    inspect: (key) => views.inspect(key),
    /** Resolves to { bytes, width, height } of view `key`'s PNG export. */
    async png(key) {
      const blob = await views.png(key);
      const bitmap = await createImageBitmap(blob);
      const signature = [...new Uint8Array(await blob.slice(0, 8).arrayBuffer())];
      return { bytes: blob.size, width: bitmap.width, height: bitmap.height, signature };
    },
  };
}
