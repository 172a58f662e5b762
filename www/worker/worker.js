// One training run. The worker owns a wasm Lab and trains it in short chunks, yielding between
// chunks so that a pause from the page is handled promptly; it reports after every command and
// chunk, and answers the page's requests about the Lab at its last evaluation. The messages are
// declared in protocol.js; each configure says which core (fast mode: the relaxed-SIMD build).
// A panic in the core (a trap of the wasm) kills the worker for good: it then answers every
// later command with the same failure, and the page replaces it. Started with ?debug=1, it
// loads faults.js and obeys its fault-injection commands (`make dist` ships no faults.js).

import { loadCore } from '../app/core.js';
import { ChunkSizer, RateMeter } from './pacing.js';
import { ASK, COMMAND, REPLY, answer, isDebug } from './protocol.js';

// The fault-injection commands (faults.js), only in a worker started with ?debug=1; null in
// normal use, and where the build has no faults.js (make dist).
const faults = isDebug(self.location.href) ? import('./faults.js').catch(() => null) : Promise.resolve(null);

// The default core at once; the relaxed-SIMD one (fast mode) when a configure asks for it.
const cores = { false: loadCore(false) };
cores.false.catch(() => {}); // reported to the page when the first command needs the core

let core = null;
let coreIsFast = false;
let data = null;
let config = null;
let lab = null;
let generation = 0;
let state = 'failed';
let stopAt = 0; // the step at which the current run of chunks pauses
let sizer = new ChunkSizer();
let rate = new RateMeter();
let evaluatedAt = 0; // the step of the Lab's last evaluation (its activities are from then)
let dead = null; // why the core can no longer be used (a panic), or null

// Posting to our own port queues the next chunk behind any message from the page,
// without setTimeout's clamping to 4 ms.
const tick = new MessageChannel();
tick.port1.onmessage = runChunk;

function report(metrics = [], error, extra = {}) {
  if (dead) {
    postMessage({ type: REPLY.report, generation, state: 'failed', step: 0, metrics: [], stepsPerSec: null, error: dead, fault: true });
    return;
  }
  if (metrics.length) evaluatedAt = metrics.at(-1).step;
  postMessage({
    type: REPLY.report,
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
    message = core?.lastPanic() ?? null;
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


/** What a request asks, answered from the Lab at its last evaluation: { value, transfer }. */
const QUESTIONS = {
  [ASK.activity]: ({ image }) => activity(image),
  [ASK.reconstructions]: ({ images }) => {
    const r = lab.reconstructions(Uint32Array.from(images));
    return { value: { step: evaluatedAt, ...r }, transfer: [r.pixels.buffer, r.codes.buffer, r.outputs.buffer, r.errors.buffer] };
  },
  [ASK.csv]: ({ layers, label }) => ({ value: lab.csvRows(layers, label), transfer: [] }),
  [ASK.receptiveFields]: ({ layer, bySelectivity }) => {
    const picture = lab.receptiveFieldsIn(layer, bySelectivity);
    const { selectivity, preferred, units } = trackedAnalysis(layer);
    return { value: { ...about(layer), units, ...picture, selectivity, preferred }, transfer: [picture.pixels.buffer, selectivity.buffer, preferred.buffer] };
  },
  [ASK.tuning]: ({ layer }) => {
    const analysis = trackedAnalysis(layer);
    return { value: { ...about(layer), analysis, summaries: lab.analysisSummaries(layer) }, transfer: [] };
  },
  [ASK.rsa]: ({ layer, after }) => {
    const analysis = trackedAnalysis(layer);
    const snapshots = lab.rdmSnapshots(layer, after ?? -1);
    return { value: { ...about(layer), analysis, summaries: lab.analysisSummaries(layer), snapshots }, transfer: [snapshots.upper.buffer] };
  },
  [ASK.lesion]: ({ layer, spec, curve }) => ({
    value: { ...about(layer), lesion: lab.lesion(layer, spec), curve: curve ? lab.lesionCurve(layer) : null },
    transfer: [],
  }),
  [ASK.settleTrace]: () => ({ value: { step: evaluatedAt, trace: lab.settleTrace() }, transfer: [] }),
};

/** What every analysis answer says of itself: the evaluation and the layer it is of. */
function about(layer) {
  return { step: evaluatedAt, layer, hidden: config.hidden.length };
}

/** Hidden layer `layer`'s analysis (lab.analysis), the Lab keeping its analyses from now on. */
function trackedAnalysis(layer) {
  lab.trackAnalysis();
  return lab.analysis(layer);
}

/** Answers a request; a trap while answering kills the worker like one while training. */
function request(message) {
  try {
    if (message.generation !== generation) throw new Error('the run has been rebuilt');
    if (!lab) throw new Error('the run has no network yet');
    const question = QUESTIONS[message.ask];
    if (!question) throw new Error(`unknown request ${message.ask}`);
    const { value, transfer } = question(message.args ?? {});
    answer(postMessage, message, generation, value, transfer);
  } catch (err) {
    answer(postMessage, message, generation, err);
    fault(err);
  }
}

/** Test image `image`, per layer its activity and its code (the core's: lab.code), and the class the
 *  network predicted (lab.predictedClass, the one its accuracy counts; -1 for an autoencoder). */
function activity(image) {
  const picture = lab.testImage(image);
  if (!picture) throw new Error(`there is no test image ${image}`);
  const layers = Array.from({ length: config.hidden.length + 1 }, (_, l) => ({ activity: lab.activity(l, image), code: lab.code(l, image) }));
  return {
    value: { step: evaluatedAt, image: { index: image, ...picture }, layers, predicted: lab.predictedClass(image) },
    transfer: [picture.pixels.buffer, ...layers.flatMap((l) => [l.activity.buffer, l.code.bins.buffer])],
  };
}

function build() {
  lab?.free();
  lab = null;
  sizer = new ChunkSizer();
  rate = new RateMeter();
  evaluatedAt = 0;
  try {
    lab = new core.Lab(config, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
    state = 'ready';
    report([], undefined, { dataInfo: lab.dataInfo() });
  } catch (err) {
    if (fault(err)) return;
    lab = null;
    state = 'failed';
    report([], err.message);
  }
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
  if (message.type === COMMAND.request) answer(postMessage, message, generation, new Error(dead));
  else {
    if (message.generation !== undefined) generation = message.generation;
    report();
  }
}

function handle(message, debug) {
  if (dead) return answerDead(message);
  if (debug?.inject(message.type, core)) return undefined;
  switch (message.type) {
    case COMMAND.configure:
      generation = message.generation;
      config = message.config;
      if (message.data) data = message.data;
      return build();
    case COMMAND.reset:
      generation = message.generation;
      return build();
    case COMMAND.start:
      return run(config.steps);
    case COMMAND.step:
      if (lab) run(lab.nextEvaluationStep());
      return;
    case COMMAND.pause:
      if (state === 'running') {
        state = 'paused';
        report();
      }
      return;
    case COMMAND.request:
      return request(message);
    default:
      throw new Error(`unknown command ${message.type}`);
  }
}

// Commands run one after another in arrival order, each once the core has loaded.
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(async () => {
    try {
      core ??= await cores.false;
      const { type, fast = false } = event.data;
      if (type === COMMAND.configure && !dead && fast !== coreIsFast) {
        // Another core (a failure to load it fails this configure, and the next one again).
        cores[fast] ??= loadCore(fast);
        const next = await cores[fast];
        lab?.free(); // the Lab belongs to the old core
        lab = null;
        core = next;
        coreIsFast = fast;
      }
      handle(event.data, await faults);
    } catch (err) {
      if (event.data.type === COMMAND.request) answer(postMessage, event.data, generation, err);
      else if (event.data.generation !== undefined) generation = event.data.generation;
      if (fault(err)) return;
      state = 'failed';
      report([], err.message);
    }
  });
};
