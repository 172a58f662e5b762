// The runs of the experiment: one Run (one worker) per run of the settings, kept in step with
// them and with the data set in use, and the scheduler that decides which of them train now.
// The page sees the runs as snapshots (one plain object each, `queued` included); commands
// and questions go through here.

import { Run, trainingWorker } from './run.js';
import { Scheduler } from './scheduler.js';

export class Sweep {
  /**
   * @param options.onChange called after any run changed (a report, a new configuration)
   * @param options.colorOf (index) => the colour of run `index`
   * @param options.createWorker () => a Worker, for each run (tests pass a fake)
   * @param options.scheduler the queue (default: one run per logical core)
   */
  constructor({ onChange, colorOf, createWorker = trainingWorker, scheduler = new Scheduler() }) {
    this.onChange = onChange;
    this.colorOf = colorOf;
    this.createWorker = createWorker;
    this.scheduler = scheduler;
    this.runs = [];
    this.applied = null; // the data set and run specs the workers were configured with
  }

  /**
   * Points the workers at these runs ([{ label, config }]) on this data set, on the default core
   * or (fast) the relaxed-SIMD one, creating or ending workers to match their number. Nothing
   * happens when they are what the workers have.
   */
  apply(specs, dataset, fast = false) {
    const key = JSON.stringify([dataset.id, specs, fast]);
    if (key === this.applied) return;
    this.scheduler.clear();
    while (this.runs.length > specs.length) this.runs.pop().terminate();
    specs.forEach((spec, i) => {
      this.runs[i] ??= new Run({ color: this.colorOf(i), createWorker: this.createWorker, onChange: () => this.changed() });
      this.runs[i].configure(spec.label, spec.config, dataset, fast);
    });
    this.applied = key;
    this.onChange();
  }

  /** A run reported: a core it freed goes to the next queued run. */
  changed() {
    this.scheduler.fill(this.runs);
    this.onChange();
  }

  /** Start ('start') or Step ('step'): every unfinished run, as many at once as there are cores. */
  command(kind) {
    this.scheduler.request(this.runs, kind);
    this.onChange();
  }

  /** Pause: queued runs stay where they are; Start resumes the begun ones first. */
  pause() {
    this.scheduler.clear();
    for (const run of this.runs) run.pause();
    this.onChange();
  }

  reset() {
    this.scheduler.clear();
    for (const run of this.runs) run.reset();
    this.onChange();
  }

  /** Whether the sweep is under way: a run trains or waits for a core. */
  get active() {
    return this.scheduler.active(this.runs);
  }

  /** Asks run `index`'s worker (see Run.request); null when there is no such run. */
  request(index, ask, args) {
    return this.runs[index]?.request(ask, args) ?? Promise.resolve(null);
  }

  /** Fault injection for the tests: 'crash' or 'hang' in run `index` (debug workers only). */
  inject(index, fault) {
    this.runs[index]?.inject(fault);
  }

  /** The watchdog's patience for run `index`, in ms (the tests shorten it). */
  setStallMs(index, ms) {
    if (this.runs[index]) this.runs[index].stallMs = ms;
  }

  snapshots() {
    return this.runs.map((run) => ({ ...run.snapshot(), queued: this.scheduler.queued(run) }));
  }
}
