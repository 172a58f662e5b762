// The training workers that pooled runs borrow (runs/run.js): a run takes one when it is first
// told to train and gives it back when it finishes, so a sweep of many networks (the arena's
// rules × seeds) keeps as many workers as train at once (the scheduler lets one per core train)
// and sends the data set to each worker once: a worker given back remembers what it holds.

export class WorkerPool {
  /**
   * @param createWorker () => a Worker
   * @param keep how many idle workers to keep; more are ended
   */
  constructor(createWorker, keep) {
    this.createWorker = createWorker;
    this.keep = Math.max(1, keep);
    this.idle = []; // [{ worker, dataset }]
    this.created = 0; // how many workers this pool started (the tests read it)
    this.live = 0; // how many of them are not ended: lent out or idle
  }

  /** An idle worker, or a new one: { worker, dataset (what it holds, or null) }. */
  take() {
    if (this.idle.length) return this.idle.pop();
    this.created += 1;
    this.live += 1;
    return { worker: this.createWorker(), dataset: null };
  }

  /** A worker a run no longer needs. */
  give(slot) {
    if (this.idle.length < this.keep) this.idle.push(slot);
    else this.end(slot.worker);
  }

  /** Ends a lent worker that cannot be used again (it crashed or hung). */
  end(worker) {
    worker.terminate();
    this.live -= 1;
  }

  /** Ends every idle worker. */
  close() {
    for (const { worker } of this.idle.splice(0)) this.end(worker);
  }
}
