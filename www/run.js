// The page's handle on one training run: a worker (worker.js) plus the latest state it reported.
// A worker whose core crashed, that failed to load or that stopped answering is dead: the run
// shows why, and its next configure or reset replaces the worker with a fresh one.

/** How long a worker that owes an answer may stay silent before the run says it is stuck. */
export const STALL_MS = 120_000;

export class Run {
  /**
   * @param {{color: string, onChange: (run: Run) => void}} options
   * onChange is called whenever a report from the worker changed this run.
   */
  constructor({ color, onChange }) {
    this.label = '';
    this.color = color;
    this.onChange = onChange;
    this.config = null;
    this.generation = 0;
    this.data = null; // the data set this run trains on
    this.dataset = null; // the data set the worker holds
    this.dataInfo = null; // H(X), H(W), I(X;W) of the test set, from the worker
    this.requests = new Map(); // id -> resolve, for 'activity' and 'reconstructions' requests
    this.nextRequest = 0;
    this.stallMs = STALL_MS;
    this.queued = false; // waiting for a free core (scheduler.js)
    this.clear('loading');
    this.startWorker();
    this.watchdog = setInterval(() => this.checkStall(), 1000);
  }

  startWorker() {
    this.dead = false;
    this.awaiting = false; // a command was sent that the worker has not reported on yet
    this.fault = null; // 'crash' | 'worker' | 'stall' while dead
    this.heardAt = performance.now();
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event) => this.receive(event.data);
    // Fires when the worker script itself fails to load or throws outside a command.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.die('worker', `the training worker stopped: ${event.message || 'it could not be loaded'}; Reset starts it again`);
    };
    this.dataset = null;
  }

  /** Ends a dead worker and starts a fresh one (which needs the data again). */
  replaceWorker() {
    this.worker.terminate();
    this.dropRequests(null);
    this.startWorker();
  }

  clear(state) {
    this.state = state; // 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'failed'
    this.step = 0;
    this.stepsPerSec = null;
    this.history = [];
    this.error = null;
  }

  /** Builds a fresh Lab for config; the dataset is sent only when the worker lacks it. */
  configure(label, config, dataset) {
    if (this.dead) this.replaceWorker();
    this.label = label;
    this.config = config;
    this.data = dataset;
    this.generation += 1;
    this.clear('loading');
    this.heardAt = performance.now();
    const { trainImages, trainLabels, testImages, testLabels } = dataset;
    this.worker.postMessage({
      type: 'configure',
      generation: this.generation,
      config,
      ...(this.dataset !== dataset && { data: { trainImages, trainLabels, testImages, testLabels } }),
    });
    this.dataset = dataset;
  }

  /** Rewinds to step 0 with the same config (on a fresh worker if this one is dead). */
  reset() {
    if (this.dead && this.config && this.data) {
      this.configure(this.label, this.config, this.data);
      return;
    }
    this.generation += 1;
    this.clear('loading');
    this.heardAt = performance.now();
    this.worker.postMessage({ type: 'reset', generation: this.generation });
  }

  start() {
    this.command({ type: 'start' });
  }

  pause() {
    this.command({ type: 'pause' });
  }

  /** Trains up to the next evaluation. */
  stepToNextEvaluation() {
    this.command({ type: 'step' });
  }

  command(message) {
    if (this.dead) return;
    if (!this.owesAnswer()) this.heardAt = performance.now();
    // The worker answers start and step with a report (pause only when it was running).
    if (message.type !== 'pause') this.awaiting = true;
    this.worker.postMessage(message);
  }

  /**
   * Asks the worker for test image `image` and every layer's activity and code for it at the
   * last evaluation. Resolves to { step, image, layers, binCount } or { error }; null if the run
   * was rebuilt meanwhile.
   */
  requestActivity(image) {
    return this.request({ type: 'activity', image });
  }

  /**
   * Asks an autoencoder's worker for test images `images` with their bottleneck codes and
   * reconstructions at the last evaluation (see reconstruction-data.js). Resolves to the answer
   * or { error }; null if the run was rebuilt meanwhile.
   */
  requestReconstructions(images) {
    return this.request({ type: 'reconstructions', images });
  }

  request(message) {
    if (this.dead) return Promise.resolve({ error: this.error });
    const id = ++this.nextRequest;
    const generation = this.generation;
    if (!this.owesAnswer()) this.heardAt = performance.now();
    return new Promise((resolve) => {
      this.requests.set(id, resolve);
      this.worker.postMessage({ ...message, generation, id });
    });
  }

  get finished() {
    return ['done', 'diverged', 'failed'].includes(this.state);
  }

  get latest() {
    return this.history.at(-1) ?? null;
  }

  /** Whether the worker owes the page a message (so that its silence means something). */
  owesAnswer() {
    return this.awaiting || this.state === 'loading' || this.state === 'running' || this.requests.size > 0;
  }

  receive(report) {
    this.heardAt = performance.now();
    if (report.type === 'report') this.awaiting = false;
    if (this.fault === 'stall') {
      // It was only slow: it is back.
      this.dead = false;
      this.fault = null;
    }
    if (report.type !== 'report') {
      const resolve = this.requests.get(report.id);
      this.requests.delete(report.id);
      resolve?.(report.generation === this.generation ? report : null);
      return;
    }
    if (report.fault) {
      this.dead = true;
      this.fault = 'crash';
    }
    if (report.generation !== this.generation) {
      if (report.fault) this.die('crash', report.error);
      return; // from a Lab that has since been replaced
    }
    if (report.dataInfo) this.dataInfo = report.dataInfo;
    this.state = report.state;
    this.step = report.fault ? this.step : report.step;
    this.stepsPerSec = report.stepsPerSec;
    this.history.push(...report.metrics);
    this.error = report.error ?? null;
    if (report.fault) this.dropRequests({ error: this.error });
    this.onChange(this);
  }

  /** The worker can no longer be used: says why; Reset replaces it. */
  die(fault, message) {
    this.dead = true;
    this.fault = fault;
    this.state = 'failed';
    this.error = message;
    this.dropRequests({ error: message });
    this.onChange(this);
  }

  /** A worker that owes an answer and has said nothing for stallMs is taken for stuck. */
  checkStall() {
    if (this.dead || !this.owesAnswer()) return;
    const silent = performance.now() - this.heardAt;
    if (silent < this.stallMs) return;
    this.die('stall', `the training worker has not answered for ${Math.round(silent / 1000)} s; Reset starts it again`);
  }

  dropRequests(answer) {
    for (const resolve of this.requests.values()) resolve(answer);
    this.requests.clear();
  }

  terminate() {
    clearInterval(this.watchdog);
    this.worker.terminate();
    this.dropRequests(null);
  }
}
