// One training run. The worker owns a wasm Lab and trains it in short chunks,
// yielding between chunks so that a pause from the page is handled promptly.
//
// Page -> worker:
//   { type: 'configure', generation, config, data? }  build a fresh Lab (data: the four
//                                                     Uint8Arrays, needed on the first configure)
//   { type: 'reset', generation }                     rebuild the Lab from the same config
//   { type: 'start' } | { type: 'pause' }
//   { type: 'step' }                                  train up to the next evaluation, then pause
// Worker -> page, after every command and chunk:
//   { type: 'report', generation, state, step, metrics, stepsPerSec, error? }
//   state: 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'failed'
//   metrics: the evaluations made since the previous report.
// `generation` echoes the last configure/reset so the page can drop reports from an older Lab.

import { loadCore } from './core.js';
import { ChunkSizer, RateMeter } from './pacing.js';

const corePromise = loadCore();
corePromise.catch(() => {}); // reported to the page when the first command needs the core

let core = null;
let data = null;
let config = null;
let lab = null;
let generation = 0;
let state = 'failed';
let stopAt = 0; // the step at which the current run of chunks pauses
let reported = 0; // evaluations sent to the page so far
let sizer = new ChunkSizer();
let rate = new RateMeter();

// Posting to our own port queues the next chunk behind any message from the page,
// without setTimeout's clamping to 4 ms.
const tick = new MessageChannel();
tick.port1.onmessage = runChunk;

function report(metrics = [], error) {
  reported += metrics.length;
  postMessage({
    type: 'report',
    generation,
    state,
    step: lab ? lab.stepCount() : 0,
    metrics,
    stepsPerSec: rate.perSecond,
    ...(error && { error }),
  });
}

function build() {
  lab?.free();
  lab = null;
  reported = 0;
  sizer = new ChunkSizer();
  rate = new RateMeter();
  try {
    lab = new core.Lab(config, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
    state = 'ready';
    report();
  } catch (err) {
    state = 'failed';
    report([], err.message);
  }
}

function nextEvaluationStep() {
  const interval = config.eval_interval;
  const next = (Math.floor(lab.stepCount() / interval) + 1) * interval;
  return Math.min(next, config.steps);
}

function run(until) {
  if (!['ready', 'paused'].includes(state)) return;
  stopAt = until;
  state = 'running';
  rate.restart(performance.now(), lab.stepCount());
  report();
  tick.port2.postMessage(null);
}

function runChunk() {
  if (state !== 'running') return; // paused while this chunk was queued
  const steps = Math.min(sizer.next(), stopAt - lab.stepCount());
  const started = performance.now();
  let metrics;
  try {
    metrics = lab.step(steps);
  } catch (err) {
    // The throwing call returned nothing, but the history has what it evaluated before.
    state = 'diverged';
    report(lab.history().slice(reported), err.message);
    return;
  }
  const now = performance.now();
  sizer.record(steps, now - started);
  rate.observe(now, lab.stepCount());

  if (lab.isDone()) state = 'done';
  else if (lab.stepCount() >= stopAt) state = 'paused';
  report(metrics);
  if (state === 'running') tick.port2.postMessage(null);
}

function handle(message) {
  switch (message.type) {
    case 'configure':
      generation = message.generation;
      config = message.config;
      if (message.data) data = message.data;
      return build();
    case 'reset':
      generation = message.generation;
      return build();
    case 'start':
      return run(config.steps);
    case 'step':
      if (lab) run(nextEvaluationStep());
      return;
    case 'pause':
      if (state === 'running') {
        state = 'paused';
        report();
      }
      return;
    default:
      throw new Error(`unknown command ${message.type}`);
  }
}

// Commands run one after another in arrival order, each once the core has loaded.
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(async () => {
    try {
      core ??= await corePromise;
      handle(event.data);
    } catch (err) {
      state = 'failed';
      if (event.data.generation !== undefined) generation = event.data.generation;
      report([], err.message);
    }
  });
};
