// The status table: one row per run with its step, speed, latest test loss and accuracies
// (an autoencoder has none: "—"), and its status with what went wrong, if anything. A run of
// several seeds shows their mean ± the 95% interval's half-width (the core's), and its step is
// its slowest seed's (each seed's step after it). Rows are
// updated in place, each cell only when its text changed. Cells carry data-testid and
// data-value (the raw number) for the browser tests.

const STATE_TEXT = {
  loading: 'preparing…',
  ready: 'ready',
  queued: 'queued',
  running: 'training',
  paused: 'paused',
  done: 'done',
  diverged: 'diverged',
  failed: 'failed',
  waiting: 'waiting for data',
};

/** What a run that needs the full training set says while it downloads (app/data.js). */
const WAITING_FOR_FULL = 'It trains on all 60,000 training images, which are downloading (progress in the data panel); it starts once they are here.';

/** The status of a run whose worker died, by what killed it (run.fault). */
const FAULT_TEXT = {
  crash: 'crashed',
  worker: 'worker stopped',
  stall: 'not answering',
};

const DIVERGED_HINT = 'Lower the learning rate, then press Reset; the other runs go on.';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = (v) => `${(v * 100).toFixed(1)}%`;
/** A value, and ± the half-width of its 95% interval when the run has several seeds. */
const withCi = (format, ci) => (v) => (ci?.half_width == null ? format(v) : `${format(v)} ± ${format(ci.half_width)}`);
const speed = (v) => (v < 10 ? v.toFixed(1) : integer.format(v));
const loss = (v) => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

function cell(testid) {
  const td = document.createElement('td');
  td.dataset.testid = testid;
  return td;
}

/** Sets a cell's text (and data-value) only when it changed. */
function show(td, value, format) {
  const raw = String(value ?? '');
  const text = value == null ? '—' : format(value);
  if (td.dataset.value !== raw) td.dataset.value = raw;
  if (td.textContent !== text) td.textContent = text;
}

/** A row for a run: the label with its colour, then one cell per column. */
function newRow() {
  const tr = document.createElement('tr');
  const name = cell('run-label');
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  name.append(swatch, document.createTextNode(''));
  const cells = {
    name,
    step: cell('step'),
    speed: cell('steps-per-sec'),
    testLoss: cell('test-loss'),
    trainAcc: cell('train-acc'),
    testAcc: cell('test-acc'),
    state: cell('state'),
  };
  tr.append(...Object.values(cells));
  return { tr, cells, stateKey: null };
}

export class RunTable {
  constructor(tbody, totalSpeed) {
    this.tbody = tbody;
    this.totalSpeed = totalSpeed;
    this.rows = [];
  }

  /**
   * Updates the rows in place: one per run, added or removed as the runs come and go.
   * `loadedTrainCount`, while the full training set downloads: the training images the page
   * has now; a run refused for wanting more says it waits for them instead of that it failed.
   */
  render(runs, loadedTrainCount = null) {
    this.loadedTrainCount = loadedTrainCount;
    while (this.rows.length > runs.length) this.rows.pop().tr.remove();
    while (this.rows.length < runs.length) {
      const row = newRow();
      row.tr.dataset.run = String(this.rows.length);
      this.rows.push(row);
      this.tbody.append(row.tr);
    }
    runs.forEach((run, i) => this.renderRow(this.rows[i], run));
    const speeds = runs.filter((r) => r.state === 'running' && r.stepsPerSec != null);
    const total = speeds.length ? `${speed(speeds.reduce((sum, r) => sum + r.stepsPerSec, 0))} steps/s in total` : '';
    if (this.totalSpeed.textContent !== total) this.totalSpeed.textContent = total;
  }

  renderRow(row, run) {
    const { tr, cells } = row;
    if (tr.dataset.color !== run.color) {
      tr.dataset.color = run.color;
      cells.name.firstChild.style.background = run.color;
    }
    if (cells.name.lastChild.data !== run.label) cells.name.lastChild.data = run.label;
    const seeds = run.memberSteps?.length > 1 ? ` (${run.memberSteps.length} seeds: ${run.memberSteps.map((n) => integer.format(n)).join(', ')})` : '';
    const steps = `${integer.format(run.step)} / ${integer.format(run.config?.steps ?? 0)}${seeds}`;
    if (cells.step.dataset.value !== String(run.step)) cells.step.dataset.value = run.step;
    if (cells.step.textContent !== steps) cells.step.textContent = steps;
    show(cells.speed, run.state === 'running' ? run.stepsPerSec : null, speed);
    const ci = run.latest?.ci;
    show(cells.testLoss, run.latest?.test_loss, withCi(loss, ci?.test_loss));
    show(cells.trainAcc, run.latest?.train_acc, withCi(percent, ci?.train_acc));
    show(cells.testAcc, run.latest?.test_acc, withCi(percent, ci?.test_acc));
    const waiting = this.loadedTrainCount != null && run.state === 'failed' && !run.dead && run.config?.train_size > this.loadedTrainCount;
    const state = waiting ? 'waiting' : run.queued ? 'queued' : run.state; // queued: waiting for a free core (runs/scheduler.js)
    const details = waiting ? [WAITING_FOR_FULL] : [run.error, run.state === 'diverged' ? DIVERGED_HINT : null].filter(Boolean);
    const stateKey = JSON.stringify([state, run.dead && run.fault, details]);
    if (stateKey === row.stateKey) return;
    row.stateKey = stateKey;
    cells.state.className = `state-${state}`;
    cells.state.textContent = (run.dead && FAULT_TEXT[run.fault]) || STATE_TEXT[state];
    for (const text of details) {
      const detail = document.createElement('small');
      detail.textContent = text;
      cells.state.append(detail);
    }
  }
}
