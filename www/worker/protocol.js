// The messages between the page and its workers, declared once and imported by both sides:
// their names, what each carries, and requests matched to their answers by id.
//
// Page -> training worker (worker.js):
//   configure { generation, config, fast, data? }  build a fresh Lab (data: the four Uint8Arrays,
//                                             sent with the first configure only; fast: on the
//                                             relaxed-SIMD core, pkg-fast/, not the default pkg/)
//   reset     { generation }                  rebuild the Lab from the same config
//   start | pause | step                      train to the end / stop / train to the next evaluation
//   request   { id, generation, ask, args }   a question about the Lab at its last evaluation:
//     ask 'activity'        args { image }   -> { step, image: { index, pixels, rows, cols, label,
//                                               quadrant }, layers: [{ activity, code: { bins,
//                                               binCount, text } }] }
//     ask 'reconstructions' args { images }  -> { step, rows, cols, indices, labels, pixels,
//                                               bottleneck, units, codes, outputs, errors }
//     ask 'csv'             args { layers, label } -> the core's metrics CSV lines of the run
//                                               (lab.csvRows: csvHeader(layers)'s columns)
//     ask 'receptiveFields' args { layer, bySelectivity } -> { step, layer, hidden, units,
//                                               width, height, pixels (RGBA: lab.receptiveFieldsIn),
//                                               selectivity, preferred (the unit order's source) }
//     ask 'tuning'          args { layer }   -> { step, layer, hidden, analysis (lab.analysis),
//                                               summaries (lab.analysisSummaries: over training) }
//     ask 'rsa'             args { layer, after } -> { step, layer, hidden, analysis, summaries,
//                                               snapshots (lab.rdmSnapshots after step `after`) }
//     ask 'lesion'          args { layer, spec, curve } -> { step, layer, hidden, lesion
//                                               (lab.lesion: a copy, training untouched), curve
//                                               (lab.lesionCurve, or null when not asked) }
//                                               The four analysis asks start the Lab's tracking
//                                               of its analyses at every evaluation (trackAnalysis).
//     ask 'settleTrace'     args {}          -> { step, trace (lab.settleTrace: { phases: [{ name,
//                                               energy, change }] }, or null: the rule does not settle) }
//   (crash | hang: fault injection for the tests, declared in faults.js, which only a worker
//   started with ?debug=1 (workerUrl) loads)
// Training worker -> page:
//   report { generation, state, step, metrics, stepsPerSec, error?, dataInfo?, fault? }
//     after every command and chunk; state: 'ready' | 'running' | 'paused' | 'done' |
//     'diverged' | 'failed'; metrics: the evaluations since the previous report; dataInfo: H(X),
//     H(Q), I(X;Q) of the test set (Q: the brightest quadrant), once per Lab; fault: the core
//     crashed and this worker is dead.
//   answer { id, generation, value? , error? }  to a request (typed arrays transferred)
// Page -> data-check worker (data-check-worker.js):
//   request { id, ask: 'check', args: { trainImages, trainLabels, testImages, testLabels } }
//   -> answer { id, value: the core's describeData() } or { id, error }
// Page -> estimator-check worker (estimator-worker.js, issue 16):
//   request { id, ask: 'estimators', args: { settings } }
//   -> answer { id, value: the core's estimatorCheck(settings) rows } or { id, error }
// `generation` echoes the last configure or reset, so the page drops what an older Lab says.

export const COMMAND = Object.freeze({
  configure: 'configure',
  reset: 'reset',
  start: 'start',
  pause: 'pause',
  step: 'step',
  request: 'request',
});

export const REPLY = Object.freeze({ report: 'report', answer: 'answer' });

export const ASK = Object.freeze({
  activity: 'activity',
  reconstructions: 'reconstructions',
  csv: 'csv',
  check: 'check',
  receptiveFields: 'receptiveFields',
  tuning: 'tuning',
  rsa: 'rsa',
  lesion: 'lesion',
  estimators: 'estimators',
  settleTrace: 'settleTrace',
});

/** Whether a page or worker address asks for the debug build's behaviour (?debug=1). */
export function isDebug(location) {
  return new URL(location).searchParams.get('debug') === '1';
}

/** A worker script's address, with ?debug=1 when the page was opened with it. */
export function workerUrl(script, debug) {
  const url = new URL(script);
  if (debug) url.searchParams.set('debug', '1');
  return url;
}

/**
 * The page's side of requests: send(ask, args) posts a request with a fresh id and resolves to
 * the worker's answer message ({ id, generation, value } or { id, generation, error }), or to
 * whatever drop() is given when the worker goes first.
 */
export class Requests {
  /** @param post (message) => void: posts to the worker */
  constructor(post) {
    this.post = post;
    this.open = new Map(); // id -> resolve
    this.last = 0;
  }

  get size() {
    return this.open.size;
  }

  send(ask, args, extra = {}) {
    const id = ++this.last;
    return new Promise((resolve) => {
      this.open.set(id, resolve);
      this.post({ type: COMMAND.request, id, ask, args, ...extra });
    });
  }

  /** Resolves the request an answer is for; returns whether `message` was an answer. */
  receive(message) {
    if (message?.type !== REPLY.answer) return false;
    const resolve = this.open.get(message.id);
    this.open.delete(message.id);
    resolve?.(message);
    return true;
  }

  /** Resolves every open request with `answer` (the worker died or was replaced). */
  drop(answer) {
    for (const resolve of this.open.values()) resolve(answer);
    this.open.clear();
  }
}

/**
 * The worker's side: answers request `request` with `value` (its typed arrays' buffers in
 * `transfer`) or, when `value` is an Error, with its message.
 */
export function answer(post, request, generation, value, transfer = []) {
  const reply = { type: REPLY.answer, id: request.id, generation };
  if (value instanceof Error) post({ ...reply, error: value.message });
  else post({ ...reply, value }, transfer);
}
