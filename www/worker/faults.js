// Fault injection for the tests (tests/e2e/faults.test.mjs), and nothing else: the two
// commands only a training worker started with ?debug=1 obeys. `crash` panics in the core
// through the same path as a real panic (the core's panicForTests, built only with its
// fault-injection feature: `make site`, not `make dist`); `hang` never answers again, for the
// page's watchdog. The worker and the page's debug handle (app/debug.js) load this file only on
// ?debug=1, and `make dist` ships neither (tools/dist.mjs).

export const FAULT = Object.freeze({ crash: 'crash', hang: 'hang' });

/** Carries out command `type` on `core` if it is a fault; returns false when it is not one. */
export function inject(type, core) {
  switch (type) {
    case FAULT.crash:
      core.panicForTests(); // a RuntimeError (a trap of the wasm): the worker's fault() takes it
      return true;
    case FAULT.hang:
      for (;;) {
        // spin: a worker that never answers again
      }
    default:
      return false;
  }
}
