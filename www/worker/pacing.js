// Pacing for the training loop in the worker: how many steps fit in one chunk, and
// how many steps per second the run is making.

/** Picks a number of steps per lab.step() call so that one call takes about targetMs. */
export class ChunkSizer {
  constructor(targetMs = 30) {
    this.targetMs = targetMs;
    this.msPerStep = null; // smoothed cost of one step, evaluations included
  }

  /** The step count for the next chunk (at least 1). */
  next() {
    if (this.msPerStep === null) return 1; // the first chunk measures
    return Math.max(1, Math.round(this.targetMs / this.msPerStep));
  }

  /** Records that `steps` steps took `ms` milliseconds. */
  record(steps, ms) {
    if (steps <= 0) return;
    const sample = Math.max(ms, 0.01) / steps;
    // Smooth it: a chunk that contained an evaluation is much slower than the rest.
    this.msPerStep = this.msPerStep === null ? sample : 0.7 * this.msPerStep + 0.3 * sample;
  }
}

/** Measures wall-clock steps per second over windows of at least windowMs. */
export class RateMeter {
  constructor(windowMs = 1000) {
    this.windowMs = windowMs;
    this.perSecond = null;
    this.since = null;
    this.stepAtSince = 0;
  }

  /** Begins a fresh window (after a pause the idle time must not count). */
  restart(now, step) {
    this.since = now;
    this.stepAtSince = step;
  }

  /** Feeds the current step; closes the window and updates perSecond when it is long enough. */
  observe(now, step) {
    if (this.since === null) return this.restart(now, step);
    const elapsed = now - this.since;
    if (elapsed < this.windowMs) return;
    this.perSecond = ((step - this.stepAtSince) * 1000) / elapsed;
    this.restart(now, step);
  }
}
