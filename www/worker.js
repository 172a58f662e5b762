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
//   { type: 'reconstructions', generation, id, images }  an autoencoder's inputs, bottleneck codes
//                                                     and reconstructions for a list of test images
//   { type: 'crash-for-tests' }                       makes the core panic (fault-injection tests)
//   { type: 'hang-for-tests' }                        stops answering for good (watchdog tests)
// Worker -> page, after every command and chunk:
//   { type: 'report', generation, state, step, metrics, stepsPerSec, error?, dataInfo? }
//   state: 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'failed'
//   metrics: the evaluations made since the previous report.
//   dataInfo: H(X), H(W), I(X;W) of the test set, sent once per Lab (lab.dataInfo()).
//   fault: true when the core has crashed (a panic traps the wasm). This worker is then dead:
//   it answers every later command with the same failure, and the page replaces it.
// and in answer to 'activity' (the typed arrays are transferred):
//   { type: 'activity', generation, id, step, image: { index, pixels, rows, cols, label, quadrant },
//     layers: [{ activity: Float32Array, bins: Uint8Array }], binCount } or { ..., error }
// and in answer to 'reconstructions' (see reconstruction-data.js; the typed arrays are transferred):
//   { type: 'reconstructions', generation, id, step, rows, cols, indices, labels, pixels,
//     bottleneck, units, codes, outputs } or { ..., error }
// `generation` echoes the last configure/reset so the page can drop reports from an older Lab.

import { binCount, codeOf, needsWholeLayer } from './codes.js';
import { loadCore } from './core.js';
import { ChunkSizer, RateMeter } from './pacing.js';
import { reconstructionData } from './reconstruction-data.js';

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
let dead = null; // why the core can no longer be used (a panic), or null

// Posting to our own port queues the next chunk behind any message from the page,
// without setTimeout's clamping to 4 ms.
const tick = new MessageChannel();
tick.port1.onmessage = runChunk;

function report(metrics = [], error, extra = {}) {
  if (dead) {
    postMessage({ type: 'report', generation, state: 'failed', step: 0, metrics: [], stepsPerSec: null, error: dead, fault: true });
    return;
  }
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

/**
 * If `err` is a trap of the wasm (a panic in the core, or an out-of-memory abort), marks this
 * worker dead and tells the page, with the panic's message when the core kept it. The wasm
 * instance must not be called again, so the Lab is dropped without free(). Returns whether it was.
 */
function fault(err) {
  if (!(err instanceof WebAssembly.RuntimeError)) return false;
  let message = null;
  try {
    message = core?.lastPanic?.() ?? null;
  } catch {
    // the panic message is a courtesy
  }
  const what = (message ?? err.message).replace(/\s+/g, ' ').trim();
  dead = `the core crashed (${what}); Reset starts this run again`;
  lab = null;
  state = 'failed';
  report();
  return true;
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
    fault(err);
  }
}

/** Answers a 'reconstructions' request: images, codes and reconstructions, transferred. */
function reconstructions({ id, images }) {
  const answer = { type: 'reconstructions', generation, id, step: evaluatedAt };
  try {
    if (!lab) throw new Error('the run has no network yet');
    const { data, transfer } = reconstructionData(lab, config, images);
    postMessage({ ...answer, ...data }, transfer);
  } catch (err) {
    postMessage({ ...answer, error: err.message });
    fault(err);
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
    if (fault(err)) return;
    lab = null;
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
  try {
    chunk();
  } catch (err) {
    // Not divergence (chunk() handles that): a trap, or a bug the page should hear about.
    if (fault(err)) return;
    state = 'failed';
    report([], err.message);
  }
}

function chunk() {
  if (state !== 'running') return; // paused while this chunk was queued
  const steps = Math.min(sizer.next(), stopAt - lab.stepCount());
  const started = performance.now();
  let metrics;
  try {
    metrics = lab.step(steps);
  } catch (err) {
    if (fault(err)) return;
    // Diverged. The throwing call returned nothing, but pending() has the finite evaluations
    // it made before the loss or the weights stopped being finite.
    state = 'diverged';
    let finite = [];
    try {
      finite = lab.pending();
    } catch (again) {
      if (fault(again)) return;
    }
    report(finite, err.message);
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

/** A dead worker answers everything with its failure (requests with an error). */
function answerDead(message) {
  if (message.generation !== undefined) generation = message.generation;
  if (message.id !== undefined) postMessage({ type: message.type, generation, id: message.id, error: dead });
  else report();
}

function handle(message) {
  if (dead) return answerDead(message);
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
    case 'reconstructions':
      if (message.generation === generation) reconstructions(message);
      else postMessage({ type: 'reconstructions', generation, id: message.id, error: 'the run has been rebuilt' });
      return;
    case 'crash-for-tests':
      // Only tests post this: a panic in the core, through the same path as a real one.
      core.panicForTests();
      return;
    case 'hang-for-tests':
      // Only tests post this: a worker that never answers again, for the page's watchdog.
      for (;;) {
        // spin
      }
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
      if (event.data.generation !== undefined) generation = event.data.generation;
      if (fault(err)) return;
      state = 'failed';
      report([], err.message);
    }
  });
};
