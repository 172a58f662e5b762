// The page's handle on one training run: a worker (worker.js) plus the latest state it reported.

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
    this.dataset = null; // the data set the worker holds
    this.dataInfo = null; // H(X), H(W), I(X;W) of the test set, from the worker
    this.requests = new Map(); // id -> resolve, for 'activity' requests
    this.nextRequest = 0;
    this.clear('loading');

    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event) => this.receive(event.data);
    // Fires when the worker script itself fails to load or throws outside a command.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(`the training worker stopped: ${event.message || 'it could not be loaded'}`);
    };
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
    this.label = label;
    this.config = config;
    this.generation += 1;
    this.clear('loading');
    const { trainImages, trainLabels, testImages, testLabels } = dataset;
    this.worker.postMessage({
      type: 'configure',
      generation: this.generation,
      config,
      ...(this.dataset !== dataset && { data: { trainImages, trainLabels, testImages, testLabels } }),
    });
    this.dataset = dataset;
  }

  /** Rewinds to step 0 with the same config. */
  reset() {
    this.generation += 1;
    this.clear('loading');
    this.worker.postMessage({ type: 'reset', generation: this.generation });
  }

  start() {
    this.worker.postMessage({ type: 'start' });
  }

  pause() {
    this.worker.postMessage({ type: 'pause' });
  }

  /** Trains up to the next evaluation. */
  stepToNextEvaluation() {
    this.worker.postMessage({ type: 'step' });
  }

  /**
   * Asks the worker for test image `image` and every layer's activity and code for it at the
   * last evaluation. Resolves to { step, image, layers, binCount } or { error }; null if the run
   * was rebuilt meanwhile.
   */
  requestActivity(image) {
    const id = ++this.nextRequest;
    const generation = this.generation;
    return new Promise((resolve) => {
      this.requests.set(id, resolve);
      this.worker.postMessage({ type: 'activity', generation, id, image });
    });
  }

  get finished() {
    return ['done', 'diverged', 'failed'].includes(this.state);
  }

  get latest() {
    return this.history.at(-1) ?? null;
  }

  receive(report) {
    if (report.type === 'activity') {
      const resolve = this.requests.get(report.id);
      this.requests.delete(report.id);
      resolve?.(report.generation === this.generation ? report : null);
      return;
    }
    if (report.generation !== this.generation) return; // from a Lab that has since been replaced
    if (report.dataInfo) this.dataInfo = report.dataInfo;
    this.state = report.state;
    this.step = report.step;
    this.stepsPerSec = report.stepsPerSec;
    this.history.push(...report.metrics);
    this.error = report.error ?? null;
    this.onChange(this);
  }

  fail(message) {
    this.state = 'failed';
    this.error = message;
    for (const resolve of this.requests.values()) resolve({ error: message });
    this.requests.clear();
    this.onChange(this);
  }

  terminate() {
    this.worker.terminate();
    for (const resolve of this.requests.values()) resolve(null);
    this.requests.clear();
  }
}
