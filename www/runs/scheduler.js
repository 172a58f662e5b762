// Use every core, not more: a sweep trains at most `limit` runs at once (one worker each), the
// rest wait in a queue and start as running ones finish, diverge or fail. Start and Step both
// go through the queue; a run that has begun goes before one that has not, so a paused sweep
// resumes where it was. The workers are the runs' own or borrowed from a pool (run.js): only
// the commands are held back. A pooled run keeps the worker it borrowed until it finishes (its
// Lab lives there), so a run that would borrow one starts only while fewer than `limit` runs
// hold one: Step in a sweep of more networks than cores steps the networks that hold a worker
// and as many more as there are workers to spare, not every network (each would keep a worker
// of its own, paused). A run is asked only what run.js offers for it: busy, waitable, finished,
// dead, state, step, holdsWorker and needsWorker.

/** How many runs may train at once: the browser's logical cores, at least 1. */
export function coreLimit(nav = globalThis.navigator) {
  const n = Math.floor(Number(nav?.hardwareConcurrency));
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

export class Scheduler {
  constructor(limit = coreLimit()) {
    this.limit = Math.max(1, limit);
    this.waiting = new Map(); // run -> 'start' | 'step'
  }

  /**
   * Queues every unfinished run for `kind` ('start': to the end; 'step': to its next evaluation;
   * of the runs that would borrow a pool's worker, only as many as there are workers to spare,
   * in queue order). A run still being built (new settings applied just now) waits until it is
   * ready.
   */
  request(runs, kind) {
    let spare = this.limit - runs.filter((run) => run.holdsWorker).length;
    for (const run of this.order(runs)) {
      if (run.finished || !(run.waitable || run.state === 'loading')) continue;
      if (kind === 'step' && run.needsWorker) {
        if (spare <= 0) continue;
        spare -= 1;
      }
      this.waiting.set(run, kind);
    }
    this.fill(runs);
  }

  /** Starts queued runs while cores (and, for a run that borrows one, workers) are free; call whenever a run reports. */
  fill(runs) {
    for (const run of this.waiting.keys()) if (!runs.includes(run) || run.finished || run.dead) this.waiting.delete(run);
    let used = runs.filter((run) => run.busy).length;
    let held = runs.filter((run) => run.holdsWorker).length;
    for (const run of this.order(runs)) {
      if (used >= this.limit) break;
      const kind = this.waiting.get(run);
      if (!kind || !run.waitable) continue;
      if (run.needsWorker) {
        if (held >= this.limit) continue;
        held += 1;
      }
      this.waiting.delete(run);
      if (kind === 'start') run.start();
      else run.stepToNextEvaluation();
      used += 1;
    }
  }

  /** Whether a run waits for a free core. */
  queued(run) {
    return this.waiting.has(run) && run.waitable;
  }

  /** Runs that have begun first, then the rest, each in table order. */
  order(runs) {
    return [...runs.filter((r) => r.step > 0), ...runs.filter((r) => r.step === 0)];
  }

  /** Forgets the queue (Pause, Reset, new settings). */
  clear() {
    this.waiting.clear();
  }

  /** Whether the sweep is under way: a run trains or waits for a core. */
  active(runs) {
    return this.waiting.size > 0 || runs.some((run) => run.busy);
  }
}
