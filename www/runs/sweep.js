// The runs of the experiment, kept in step with its settings and with the data set in use, and
// the scheduler that decides which of them train now. A setting (one run of the settings: one
// colour, one row of the table) with `seeds` K trains K networks, seeds seed, seed + 1, …, each
// a Run of its own (one worker), all through the one scheduler (one training per core). The page
// sees one snapshot per setting (`queued` included): a single network's as it is; K networks'
// with their mean (the core's `summarise`) in place of the losses and accuracies, each point's
// 95% interval beside it (`ci`), and the networks themselves in `members`. Commands and
// questions go through here; a question about a setting goes to its first network.
//
// Workers: up to MAX_OWN_WORKERS networks each keep a worker of their own for their whole life
// (the views may ask their Labs questions after they finish). More networks (the arena: every
// rule × seeds) share a WorkerPool: a network borrows a worker when it starts and gives it back
// when it finishes, so there are about as many workers as cores and each gets the data once.

import { WorkerPool } from './pool.js';
import { Run, trainingWorker } from './run.js';
import { Scheduler } from './scheduler.js';

/** Most networks that keep a worker each (the page's old one-worker-per-run limit). */
export const MAX_OWN_WORKERS = 8;

/** The K networks' configs of a setting: seeds seed, seed + 1, … (mod 2³², as u32 seeds are). */
export function memberConfigs(config) {
  const k = Math.max(1, config.seeds ?? 1);
  if (k === 1) return [config];
  return Array.from({ length: k }, (_, i) => ({ ...config, seed: (config.seed + i) % 2 ** 32, seeds: 1 }));
}

const METRICS = ['test_acc', 'test_loss', 'train_acc', 'train_loss'];

/** The setting's state from its networks': training if one is, finished when all are. */
function settingState(snaps) {
  const states = snaps.map((s) => s.state);
  for (const state of ['running', 'loading', 'failed', 'diverged']) {
    if (state === 'failed' || state === 'diverged' ? states.every((s) => ['done', 'diverged', 'failed'].includes(s)) && states.includes(state) : states.includes(state)) return state;
  }
  if (states.every((s) => s === 'done')) return 'done';
  return states.some((s) => s === 'paused' || s === 'done') ? 'paused' : 'ready';
}

export class Sweep {
  /**
   * @param options.onChange called after any run changed (a report, a new configuration)
   * @param options.colorOf (index) => the colour of setting `index`
   * @param options.createWorker () => a Worker, for each run (tests pass a fake)
   * @param options.scheduler the queue (default: one run per logical core)
   * @param options.summarise (histories) => the core's per-step mean and 95% interval
   *   (`summarise` of the wasm API), for settings of several seeds
   */
  constructor({ onChange, colorOf, createWorker = trainingWorker, scheduler = new Scheduler(), summarise = () => [] }) {
    this.onChange = onChange;
    this.colorOf = colorOf;
    this.createWorker = createWorker;
    this.scheduler = scheduler;
    this.summarise = summarise;
    this.pool = new WorkerPool(createWorker, scheduler.limit);
    this.runs = []; // every network, setting by setting
    this.settings = []; // [{ members: [Run] }]
    this.pooled = false;
    this.summaries = new Map(); // setting index -> { key, summary }
    this.applied = null; // the data set and run specs the workers were configured with
  }

  /**
   * Points the workers at these runs ([{ label, config }]) on this data set, on the default core
   * or (fast) the relaxed-SIMD one, creating or ending networks to match. Nothing happens when
   * they are what the workers have.
   */
  apply(specs, dataset, fast = false) {
    const key = JSON.stringify([dataset.id, specs, fast]);
    if (key === this.applied) return;
    this.scheduler.clear();
    this.summaries.clear();
    const members = specs.map((spec) => memberConfigs(spec.config));
    const count = members.reduce((n, m) => n + m.length, 0);
    const pooled = count > MAX_OWN_WORKERS;
    if (pooled !== this.pooled) {
      while (this.runs.length) this.runs.pop().terminate();
      this.pool.close(); // the pooled runs' workers, given back just now
      this.pooled = pooled;
    }
    while (this.runs.length > count) this.runs.pop().terminate();
    this.settings = [];
    let n = 0;
    specs.forEach((spec, i) => {
      const setting = { members: [] };
      for (const config of members[i]) {
        const run = (this.runs[n] ??= new Run({
          color: this.colorOf(i),
          createWorker: this.createWorker,
          pool: pooled ? this.pool : null,
          onChange: () => this.changed(),
        }));
        run.color = this.colorOf(i);
        run.configure(members[i].length > 1 ? `${spec.label} seed ${config.seed}` : spec.label, config, dataset, fast);
        setting.members.push(run);
        n += 1;
      }
      setting.label = spec.label;
      setting.config = spec.config;
      this.settings.push(setting);
    });
    this.applied = key;
    this.onChange();
  }

  /** A run reported: a core it freed goes to the next queued run. */
  changed() {
    this.scheduler.fill(this.runs);
    this.onChange();
  }

  /**
   * Start ('start') or Step ('step'): every unfinished run, as many at once as there are cores.
   * In a pooled sweep Step steps the networks that hold a worker and as many more as there are
   * workers to spare (scheduler.js), so there are never more workers than cores.
   */
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

  /** The first network of setting `index` (its questions, its faults). */
  first(index) {
    return this.settings[index]?.members[0] ?? null;
  }

  /** Asks setting `index`'s first network (see Run.request); null when there is no such run. */
  request(index, ask, args) {
    return this.first(index)?.request(ask, args) ?? Promise.resolve(null);
  }

  /** Fault injection for the tests (worker/faults.js's FAULT) in setting `index`'s first network (debug workers only). */
  inject(index, fault) {
    this.first(index)?.inject(fault);
  }

  /** The watchdog's patience for setting `index`'s networks, in ms (the tests shorten it). */
  setStallMs(index, ms) {
    for (const run of this.settings[index]?.members ?? []) run.stallMs = ms;
  }

  /** What the tests read of the workers: how many exist, how many train (or were told to), and whether the sweep is under way. */
  workers() {
    return { workers: this.pool.live + (this.pooled ? 0 : this.runs.length), busy: this.runs.filter((run) => run.busy).length, active: this.active };
  }

  /** Every network's snapshot with its seed and setting: what the arena's table is made from. */
  networks() {
    return this.settings.flatMap((setting, index) =>
      setting.members.map((run) => ({ ...run.snapshot(), queued: this.scheduler.queued(run), setting: index, seed: run.config.seed })),
    );
  }

  snapshots() {
    return this.settings.map((setting, index) => {
      const snaps = setting.members.map((run) => ({ ...run.snapshot(), queued: this.scheduler.queued(run), seed: run.config.seed }));
      if (snaps.length === 1) return { ...snaps[0], members: snaps };
      return this.combined(index, setting, snaps);
    });
  }

  /**
   * One snapshot for K networks of a setting: the first network's evaluations at the steps every
   * network has reached, their losses and accuracies replaced by the K networks' mean, with the
   * 95% interval of each in `ci` ({ test_acc: { half_width, low, high }, … }).
   */
  combined(index, setting, snaps) {
    const key = JSON.stringify(snaps.map((s) => [s.generation, s.history.length]));
    let cached = this.summaries.get(index);
    if (cached?.key !== key) {
      const ready = snaps.every((s) => s.history.length > 0);
      cached = { key, summary: ready ? this.summarise(snaps.map((s) => s.history)) : [] };
      this.summaries.set(index, cached);
    }
    const first = snaps[0];
    const byStep = new Map(first.history.map((m) => [m.step, m]));
    const history = cached.summary.filter((s) => byStep.has(s.step)).map((s) => {
      const m = { ...byStep.get(s.step), ci: {} };
      for (const name of METRICS) {
        if (!s[name]) continue;
        m[name] = s[name].mean;
        m.ci[name] = { half_width: s[name].half_width, low: s[name].low, high: s[name].high };
      }
      return m;
    });
    const running = snaps.filter((s) => s.state === 'running' && s.stepsPerSec != null);
    const failed = snaps.filter((s) => s.error);
    return {
      label: setting.label,
      color: snaps[0].color,
      config: setting.config,
      seeds: snaps.length,
      generation: key,
      state: settingState(snaps),
      step: Math.min(...snaps.map((s) => s.step)), // the setting is as far as its slowest seed
      memberSteps: snaps.map((s) => s.step),
      stepsPerSec: running.length ? running.reduce((sum, s) => sum + s.stepsPerSec, 0) : null,
      history,
      latest: history.at(-1) ?? null,
      error: failed.length ? failed.map((s) => `seed ${s.seed}: ${s.error}`).join('; ') : null,
      dead: snaps.some((s) => s.dead),
      fault: snaps.find((s) => s.fault)?.fault ?? null,
      dataInfo: first.dataInfo,
      finished: snaps.every((s) => s.finished),
      queued: snaps.some((s) => s.queued) && !snaps.some((s) => s.state === 'running'),
      members: snaps,
    };
  }
}
