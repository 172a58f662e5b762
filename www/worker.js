// One training run. The worker owns a wasm Lab and trains it in short chunks,
// yielding between chunks so that a pause from the page is handled promptly.
//
// Page -> worker:
//   { type: 'configure', generation, config, data? }  build a fresh Lab (data: the four
//                                                     Uint8Arrays, needed on the first configure)
//   { type: 'reset', generation }                     rebuild the Lab from the same config
//   { type: 'start' } | { type: 'pause' }
//   { type: 'step' }                                  train up to the next evaluation, then pause
//   { type: 'activity', generation, id, image }       one test image and every layer's activity
//                                                     for it at the last evaluation
// Worker -> page, after every command and chunk:
//   { type: 'report', generation, state, step, metrics, stepsPerSec, error?, dataInfo? }
//   state: 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'failed'
//   metrics: the evaluations made since the previous report.
//   dataInfo: H(X), H(W), I(X;W) of the test set, sent once per Lab (lab.dataInfo()).
// and in answer to 'activity' (the typed arrays are transferred):
//   { type: 'activity', generation, id, step, image: { index, pixels, rows, cols, label, quadrant },
//     layers: [{ activity: Float32Array, bins: Uint8Array }], binCount } or { ..., error }
// `generation` echoes the last configure/reset so the page can drop reports from an older Lab.

import { binCount, codeOf, needsWholeLayer } from './codes.js';
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
let evaluatedAt = 0; // the step of the Lab's last evaluation (its activities are from then)
let wholeLayers = new Map(); // layer -> { all, stats }: every test image's activity, this evaluation

// Posting to our own port queues the next chunk behind any message from the page,
// without setTimeout's clamping to 4 ms.
const tick = new MessageChannel();
tick.port1.onmessage = runChunk;

function report(metrics = [], error, extra = {}) {
  reported += metrics.length;
  if (metrics.length) {
    evaluatedAt = metrics.at(-1).step;
    wholeLayers = new Map();
  }
  postMessage({
    type: 'report',
    generation,
    state,
    step: lab ? lab.stepCount() : 0,
    metrics,
    stepsPerSec: rate.perSecond,
    ...(error && { error }),
    ...extra,
  });
}

/** The data's own information quantities, if this core measures them. */
function dataInfo() {
  try {
    return typeof lab.dataInfo === 'function' ? { dataInfo: lab.dataInfo() } : {};
  } catch {
    return {};
  }
}

/** Layer `layer`'s activity on every test image (N × units), for codes that need it. */
function wholeLayer(layer, units, count) {
  if (!wholeLayers.has(layer)) {
    const all = new Float32Array(count * units);
    for (let i = 0; i < count; i += 1) all.set(lab.activity(layer, i), i * units);
    wholeLayers.set(layer, { all, stats: {} });
  }
  return wholeLayers.get(layer);
}

/** Answers an 'activity' request: the image, and per layer its activity and code. */
function activity(request) {
  try {
    answerActivity(request);
  } catch (err) {
    postMessage({ type: 'activity', generation, id: request.id, step: evaluatedAt, error: err.message });
  }
}

function answerActivity({ id, image }) {
  const answer = { type: 'activity', generation, id, step: evaluatedAt };
  if (!lab || typeof lab.activity !== 'function' || typeof lab.testImage !== 'function') {
    postMessage({ ...answer, error: 'this version of the core cannot show layer activity' });
    return;
  }
  const picture = lab.testImage(image);
  if (!picture) {
    postMessage({ ...answer, error: `there is no test image ${image}` });
    return;
  }
  const depth = config.hidden.length + 1;
  const count = lab.dataInfo?.().n ?? 0;
  const layers = [];
  for (let l = 0; l < depth; l += 1) {
    const act = lab.activity(l, image);
    const output = l === depth - 1;
    let bins = null;
    if (!needsWholeLayer(config, output)) bins = codeOf(act, config, output);
    else if (count > 0) {
      const { all, stats } = wholeLayer(l, act.length, count);
      bins = codeOf(act, config, output, all, stats);
    }
    layers.push({ activity: act, bins });
  }
  postMessage(
    { ...answer, image: { index: image, ...picture }, layers, binCount: binCount(config) },
    [picture.pixels.buffer, ...layers.flatMap((l) => [l.activity.buffer, ...(l.bins ? [l.bins.buffer] : [])])],
  );
}

function build() {
  lab?.free();
  lab = null;
  reported = 0;
  sizer = new ChunkSizer();
  rate = new RateMeter();
  evaluatedAt = 0;
  wholeLayers = new Map();
  try {
    lab = new core.Lab(config, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
    state = 'ready';
    report([], undefined, dataInfo());
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
    case 'activity':
      if (message.generation === generation) activity(message);
      else postMessage({ type: 'activity', generation, id: message.id, error: 'the run has been rebuilt' });
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
