// The status table: one row per run with its step, speed, latest test loss and accuracies
// (an autoencoder has none: "—"), and its status with what went wrong, if anything.
// Cells carry data-testid and data-value (the raw number) for the browser tests.

const STATE_TEXT = {
  loading: 'preparing…',
  ready: 'ready',
  queued: 'queued',
  running: 'training',
  paused: 'paused',
  done: 'done',
  diverged: 'diverged',
  failed: 'failed',
};

/** The status of a run whose worker died, by what killed it (run.fault). */
const FAULT_TEXT = {
  crash: 'crashed',
  worker: 'worker stopped',
  stall: 'not answering',
};

const DIVERGED_HINT = 'Lower the learning rate, then press Reset; the other runs go on.';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = (v) => `${(v * 100).toFixed(1)}%`;
const speed = (v) => (v < 10 ? v.toFixed(1) : integer.format(v));
const loss = (v) => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

function cell(testid) {
  const td = document.createElement('td');
  td.dataset.testid = testid;
  return td;
}

function show(td, value, format) {
  td.dataset.value = value ?? '';
  td.textContent = value == null ? '—' : format(value);
}

export class RunTable {
  constructor(tbody, totalSpeed) {
    this.tbody = tbody;
    this.totalSpeed = totalSpeed;
    this.rows = [];
  }

  setRuns(runs) {
    this.rows = runs.map((run, i) => {
      const tr = document.createElement('tr');
      tr.dataset.run = i;
      tr.dataset.color = run.color;
      const name = cell('run-label');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = run.color;
      name.append(swatch, run.label);
      const cells = {
        step: cell('step'),
        speed: cell('steps-per-sec'),
        testLoss: cell('test-loss'),
        trainAcc: cell('train-acc'),
        testAcc: cell('test-acc'),
        state: cell('state'),
      };
      tr.append(name, ...Object.values(cells));
      return cells;
    });
    this.tbody.replaceChildren(...this.rows.map((cells) => cells.step.parentElement));
    this.update(runs);
  }

  update(runs) {
    runs.forEach((run, i) => {
      const cells = this.rows[i];
      cells.step.dataset.value = run.step;
      cells.step.textContent = `${integer.format(run.step)} / ${integer.format(run.config?.steps ?? 0)}`;
      show(cells.speed, run.state === 'running' ? run.stepsPerSec : null, speed);
      show(cells.testLoss, run.latest?.test_loss, loss);
      show(cells.trainAcc, run.latest?.train_acc, percent);
      show(cells.testAcc, run.latest?.test_acc, percent);
      const state = run.queued ? 'queued' : run.state; // waiting for a free core (scheduler.js)
      cells.state.className = `state-${state}`;
      cells.state.textContent = (run.dead && FAULT_TEXT[run.fault]) || STATE_TEXT[state];
      const details = [run.error, run.state === 'diverged' ? DIVERGED_HINT : null].filter(Boolean);
      for (const text of details) {
        const detail = document.createElement('small');
        detail.textContent = text;
        cells.state.append(detail);
      }
    });
    const speeds = runs.filter((r) => r.state === 'running' && r.stepsPerSec != null);
    this.totalSpeed.textContent = speeds.length
      ? `${speed(speeds.reduce((sum, r) => sum + r.stepsPerSec, 0))} steps/s in total`
      : '';
  }
}
