// The page's handle on one training run: a worker (worker/worker.js) plus the latest state it
// reported. A worker whose core crashed, that failed to load or that stopped answering is dead:
// the run shows why, and its next configure or reset replaces the worker with a fresh one.
// What the rest of the page sees of a run is its snapshot(); the scheduler uses busy, waitable,
// finished and step; only this file talks to the worker (through worker/protocol.js).
//
// A run either owns its worker for its whole life (its Lab answers the views' questions after it
// has finished), or borrows one from a WorkerPool (runs/pool.js) when it is first told to train
// and gives it back when it finishes, keeping only its history: many runs (the arena's rules ×
// seeds) then share as many workers as train at once, and the data each worker already holds.

import { COMMAND, REPLY, Requests, workerUrl } from '../worker/protocol.js';

/** Pooled runs' generations are unique across them: a borrowed worker's late report is never taken for another run's. */
let lastPooledGeneration = 0;

/** How long a worker that owes an answer may stay silent before the run says it is stuck. */
export const STALL_MS = 120_000;

const WORKER = new URL('../worker/worker.js', import.meta.url);

/** A training worker (?debug=1 when the page has it: the fault-injection commands work). */
export function trainingWorker(debug = false) {
  return new Worker(workerUrl(WORKER, debug), { type: 'module' });
}

export class Run {
  /**
   * @param options.color the run's colour
   * @param options.onChange called whenever a report from the worker changed this run
   * @param options.createWorker () => a Worker (tests pass a fake)
   * @param options.pool a WorkerPool to borrow a worker from while training (none: its own)
   */
  constructor({ color, onChange, createWorker = trainingWorker, pool = null }) {
    this.label = '';
    this.color = color;
    this.onChange = onChange;
    this.createWorker = createWorker;
    this.config = null;
    this.generation = 0;
    this.data = null; // the data set this run trains on
    this.dataset = null; // the data set the worker holds
    this.dataInfo = null; // H(X), H(Q), I(X;Q) of the test set, from the worker
    this.stallMs = STALL_MS;
    this.pool = pool;
    this.worker = null;
    this.building = false; // a borrowed worker is building this run's Lab before a command
    this.clear(pool ? 'ready' : 'loading');
    if (!pool) this.startWorker();
    this.watchdog = setInterval(() => this.checkStall(), 1000);
  }

  /** The next generation: this run's own count, or (pooled) one no other pooled run has had. */
  nextGeneration() {
    if (this.pool) return (lastPooledGeneration += 1);
    return this.generation + 1;
  }

  /** Hooks a worker (its own, or one from the pool) up to this run. */
  listen() {
    this.requests = new Requests((message) => this.worker.postMessage(message));
    this.worker.onmessage = (event) => this.receive(event.data);
    // Fires when the worker script itself fails to load or throws outside a command.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.die('worker', `the training worker stopped: ${event.message || 'it could not be loaded'}; Reset starts it again`);
    };
  }

  /** Borrows a worker from the pool and builds this run's Lab in it (the data only if it lacks it). */
  borrow() {
    const { worker, dataset } = this.pool.take();
    this.worker = worker;
    this.dataset = dataset;
    this.dead = false;
    this.fault = null;
    this.listen();
    this.building = true;
    this.post();
  }

  /** Gives a borrowed worker back (a dead one is ended instead); the history stays. */
  giveBack() {
    if (!this.pool || !this.worker) return;
    this.requests.drop(null);
    this.worker.onmessage = null;
    this.worker.onerror = null;
    if (!this.finished) this.worker.postMessage({ type: COMMAND.pause }); // it may still be training
    if (this.dead) this.pool.end(this.worker);
    else this.pool.give({ worker: this.worker, dataset: this.dataset });
    this.worker = null;
    this.dataset = null;
    this.building = false;
  }

  startWorker() {
    this.dead = false;
    this.awaiting = false; // a command was sent that the worker has not reported on yet
    this.fault = null; // 'crash' | 'worker' | 'stall' while dead
    this.heardAt = performance.now();
    this.worker = this.createWorker();
    this.listen();
    this.dataset = null;
  }

  /** Ends a dead worker and starts a fresh one (which needs the data again). */
  replaceWorker() {
    this.worker.terminate();
    this.requests.drop(null);
    this.startWorker();
  }

  clear(state) {
    this.state = state; // 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'failed'
    this.step = 0;
    this.stepsPerSec = null;
    this.history = [];
    this.error = null;
  }

  /** Builds a fresh Lab for config (on the relaxed-SIMD core if fast); the dataset is sent only when the worker lacks it. */
  configure(label, config, dataset, fast = false) {
    this.label = label;
    this.config = config;
    this.data = dataset;
    this.fast = fast;
    if (this.pool) {
      // The Lab is built when the run is first told to train, in a borrowed worker.
      this.giveBack();
      this.generation = this.nextGeneration();
      this.clear('ready');
      return;
    }
    if (this.dead) this.replaceWorker();
    this.generation = this.nextGeneration();
    this.clear('loading');
    this.post();
  }

  /** Sends the worker this run's config (and the data, if the worker lacks it). */
  post() {
    const dataset = this.data;
    this.heardAt = performance.now();
    const { trainImages, trainLabels, testImages, testLabels } = dataset;
    this.worker.postMessage({
      type: COMMAND.configure,
      generation: this.generation,
      config: this.config,
      fast: this.fast,
      ...(this.dataset !== dataset && { data: { trainImages, trainLabels, testImages, testLabels } }),
    });
    this.dataset = dataset;
  }

  /** Rewinds to step 0 with the same config (on a fresh worker if this one is dead). */
  reset() {
    if (this.pool) {
      this.giveBack();
      this.generation = this.nextGeneration();
      this.clear('ready');
      this.onChange(this);
      return;
    }
    if (this.dead && this.config && this.data) {
      this.configure(this.label, this.config, this.data, this.fast);
      return;
    }
    this.generation = this.nextGeneration();
    this.clear('loading');
    this.heardAt = performance.now();
    this.worker.postMessage({ type: COMMAND.reset, generation: this.generation });
  }

  start() {
    this.command(COMMAND.start);
  }

  pause() {
    this.command(COMMAND.pause);
  }

  /** Trains up to the next evaluation. */
  stepToNextEvaluation() {
    this.command(COMMAND.step);
  }

  /** A fault for the tests (worker/faults.js's FAULT); only a debug worker obeys. */
  inject(fault) {
    this.command(fault);
  }

  command(type) {
    if (this.pool && !this.worker) {
      if (type === COMMAND.pause || this.finished) return; // nothing is training
      this.borrow();
    }
    if (this.dead) return;
    if (!this.owesAnswer()) this.heardAt = performance.now();
    // The worker answers every command with a report (pause only when it was running).
    if (type !== COMMAND.pause) this.awaiting = true;
    this.worker.postMessage({ type });
  }

  /**
   * Asks the worker a question about its Lab at the last evaluation (protocol.js's ASK).
   * Resolves to the answer's value, to { error } when it has none, or to null when the run was
   * rebuilt meanwhile.
   */
  async request(ask, args) {
    if (this.dead) return { error: this.error };
    if (!this.worker) return { error: this.step > 0 ? 'this run has finished and its worker trains the next one' : 'this run has not started yet' };
    const generation = this.generation;
    if (!this.owesAnswer()) this.heardAt = performance.now();
    const reply = await this.requests.send(ask, args, { generation });
    if (reply?.type !== REPLY.answer) return reply; // dropped: null, or { error } of a dead worker
    if (reply.generation !== generation || generation !== this.generation) return null;
    return reply.error ? { error: reply.error } : reply.value;
  }

  get finished() {
    return ['done', 'diverged', 'failed'].includes(this.state);
  }

  /** Whether the run occupies a core: training, or told to and not yet answered. */
  get busy() {
    return !this.dead && (this.state === 'running' || (this.awaiting && !this.finished));
  }

  /** Whether the run holds a worker borrowed from the pool (it keeps it until it finishes). */
  get holdsWorker() {
    return Boolean(this.pool) && this.worker !== null;
  }

  /** Whether the run would borrow a worker from the pool when told to train. */
  get needsWorker() {
    return Boolean(this.pool) && this.worker === null && !this.finished;
  }

  /** Whether the run can be told to train now. */
  get waitable() {
    return this.state === 'ready' || this.state === 'paused';
  }

  get latest() {
    return this.history.at(-1) ?? null;
  }

  /** What the page shows of the run (the history is shared, not copied: it only grows). */
  snapshot() {
    const { label, color, config, generation, state, step, stepsPerSec, history, error, dead, fault, dataInfo } = this;
    return { label, color, config, generation, state, step, stepsPerSec, history, error, dead, fault, dataInfo, latest: this.latest, finished: this.finished };
  }

  /** Whether the worker owes the page a message (so that its silence means something). */
  owesAnswer() {
    if (!this.worker) return false;
    return this.awaiting || this.state === 'loading' || this.state === 'running' || this.requests.size > 0;
  }

  receive(message) {
    this.heardAt = performance.now();
    if (this.fault === 'stall') {
      // It was only slow: it is back.
      this.dead = false;
      this.fault = null;
    }
    if (this.requests.receive(message) || message.type !== REPLY.report) return;
    // A borrowed worker's report about the network it trained before this one.
    if (this.pool && message.generation !== this.generation && !message.fault) return;
    if (this.building && message.generation === this.generation && message.state === 'ready') {
      // A borrowed worker built the Lab; the command sent after it is still owed.
      this.building = false;
      if (message.dataInfo) this.dataInfo = message.dataInfo;
      return;
    }
    this.building = false;
    this.awaiting = false;
    if (message.fault) {
      this.dead = true;
      this.fault = 'crash';
    }
    if (message.generation !== this.generation) {
      if (message.fault) this.die('crash', message.error);
      return; // from a Lab that has since been replaced
    }
    if (message.dataInfo) this.dataInfo = message.dataInfo;
    this.state = message.state;
    this.step = message.fault ? this.step : message.step;
    this.stepsPerSec = message.stepsPerSec;
    this.history.push(...message.metrics);
    this.error = message.error ?? null;
    if (message.fault) this.requests.drop({ error: this.error });
    if (this.pool && this.finished) this.giveBack();
    this.onChange(this);
  }

  /** The worker can no longer be used: says why; Reset replaces it. */
  die(fault, message) {
    this.dead = true;
    this.fault = fault;
    this.state = 'failed';
    this.error = message;
    this.requests.drop({ error: message });
    this.giveBack();
    this.onChange(this);
  }

  /** A worker that owes an answer and has said nothing for stallMs is taken for stuck. */
  checkStall() {
    if (this.dead || !this.worker || !this.owesAnswer()) return;
    const silent = performance.now() - this.heardAt;
    if (silent < this.stallMs) return;
    this.die('stall', `the training worker has not answered for ${Math.round(silent / 1000)} s; Reset starts it again`);
  }

  terminate() {
    clearInterval(this.watchdog);
    if (this.pool) {
      this.giveBack();
      return;
    }
    this.worker.terminate();
    this.requests.drop(null);
  }
}
