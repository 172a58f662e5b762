// The credit-assignment arena: one table, one row per rule (and hidden size), filled as the
// networks (rules × seeds) finish: final test accuracy (mean ± 95% CI over seeds, Student's t),
// the gap to the `shallow` control and to `backprop` (paired by seed), the last update-vs-
// gradient angle, steps/s, and the runs that failed. Every number and every cell's text is the
// core's (`arenaTable`, crate/src/arena.rs); this file only lays them out, sorts the rows by the
// column the reader picks (its raw value), and exports the core's CSV and Markdown. Beside the
// table, a forest plot: each row's mean accuracy as a dot on its 95% interval, in the colour of
// its run, with shallow's mean as a dashed line (the control every gap is measured from).
// Autoencoders have no accuracy and stay out.

import { font, theme } from '../charts/theme.js';
import { csvBlob, download } from '../export/files.js';

/** Per column of the core's table: the raw value a row sorts by (null sorts last). */
const SORT_KEYS = [
  (r) => r.rule,
  (r) => r.hidden.join('x'),
  (r) => r.test_acc.n,
  (r) => r.test_acc.mean,
  (r) => r.gap_to_shallow?.mean ?? null,
  (r) => r.gap_to_backprop?.mean ?? null,
  (r) => r.update_angle_deg ?? null,
  (r) => r.steps_per_s,
  (r) => r.failed.length,
];

/** A network's result as the core's arena reads it, or null while it is still training. */
function result(member) {
  const { config, latest, state, error } = member;
  if (!['done', 'diverged', 'failed'].includes(state)) return null;
  const base = { rule: config.rule, hidden: config.hidden, seed: config.seed };
  if (state !== 'done' || latest?.test_acc == null) {
    return { ...base, test_acc: NaN, update_angle_deg: null, steps_per_s: NaN, error: error ?? state };
  }
  return { ...base, test_acc: latest.test_acc, update_angle_deg: latest.layers?.[0]?.update_angle_deg ?? null, steps_per_s: member.stepsPerSec ?? NaN };
}

/** The forest plot: one line per row (in the table's order), the accuracy axis in percent. */
function drawForest(canvas, rows, colorOf) {
  const { ink, muted, grid, paper } = theme();
  const r = devicePixelRatio || 1;
  const box = canvas.parentElement;
  const style = getComputedStyle(box);
  const width = Math.max(320, (box.clientWidth || 680) - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
  const line = 20;
  const labels = rows.map((row) => `${row.cells[0]} ${row.cells[1]}`);
  const measure = canvas.getContext('2d');
  measure.font = font(11);
  const left = 16 + Math.max(60, ...labels.map((text) => measure.measureText(text).width));
  const right = 24;
  const height = 28 + line * Math.max(1, rows.length);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * r);
  canvas.height = Math.round(height * r);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(r, 0, 0, r, 0, 0);
  ctx.fillStyle = paper;
  ctx.fillRect(0, 0, width, height);
  const ends = rows.flatMap((row) => [row.low ?? row.test_acc.mean, row.high ?? row.test_acc.mean]).filter(Number.isFinite);
  if (ends.length === 0) return;
  // Accuracies live in [0, 1]: an interval reaching past them (few seeds) is cut at the edge.
  let lo = Math.max(0, Math.floor(Math.min(...ends) * 20) / 20);
  let hi = Math.min(1, Math.ceil(Math.max(...ends) * 20) / 20);
  if (hi <= lo) [lo, hi] = [Math.max(0, lo - 0.05), Math.min(1, hi + 0.05)];
  const tick = hi - lo > 0.3 ? 0.1 : 0.05;
  const x = (v) => left + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (width - left - right);
  ctx.font = font(11);
  ctx.textBaseline = 'middle';
  // The axis: a grid line and a label every 5 (or 10) points.
  ctx.textAlign = 'center';
  for (let v = lo; v <= hi + 1e-9; v += tick) {
    ctx.strokeStyle = grid;
    ctx.beginPath();
    ctx.moveTo(x(v), 4);
    ctx.lineTo(x(v), height - 18);
    ctx.stroke();
    ctx.fillStyle = muted;
    ctx.fillText(`${Math.round(v * 100)}%`, x(v), height - 8);
  }
  const shallow = rows.find((row) => row.rule === 'shallow');
  if (shallow && Number.isFinite(shallow.test_acc.mean)) {
    ctx.strokeStyle = muted;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x(shallow.test_acc.mean), 4);
    ctx.lineTo(x(shallow.test_acc.mean), height - 18);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  rows.forEach((row, i) => {
    const y = 12 + i * line;
    ctx.fillStyle = ink;
    ctx.textAlign = 'right';
    ctx.fillText(labels[i], left - 10, y);
    const mean = row.test_acc.mean;
    if (!Number.isFinite(mean)) return;
    const color = colorOf(row) ?? ink;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    if (row.low != null) {
      ctx.beginPath();
      ctx.moveTo(x(row.low), y);
      ctx.lineTo(x(row.high), y);
      ctx.stroke();
    }
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(x(mean), y, 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.lineWidth = 1;
  });
}

function compare(a, b) {
  if (a === b) return 0;
  if (a == null || Number.isNaN(a)) return 1;
  if (b == null || Number.isNaN(b)) return -1;
  return a < b ? -1 : 1;
}

class ArenaDrawing {
  constructor(panel, redraw) {
    this.head = panel.querySelector('.arena-head');
    this.body = panel.querySelector('.arena-body');
    this.status = panel.querySelector('.arena-status');
    this.forest = panel.querySelector('.arena-forest');
    this.sort = { column: 3, descending: true }; // best accuracy first
    this.table = null;
    this.redraw = redraw;
    panel.querySelector('.arena-csv').addEventListener('click', () => this.table && download(csvBlob(this.table.csv), 'brainlab-arena.csv'));
    panel.querySelector('.arena-md').addEventListener('click', () => this.table && download(new Blob([this.table.markdown], { type: 'text/markdown' }), 'brainlab-arena.md'));
  }

  draw(runs, context) {
    const members = runs.flatMap((run) => run.members ?? [run]).filter((m) => m.config?.task !== 'autoencode');
    const results = members.map(result).filter(Boolean);
    this.counts = { done: results.length, all: members.length };
    this.lastStep = Math.max(0, ...members.filter((m) => m.finished).map((m) => m.latest?.step ?? 0));
    this.colors = new Map(members.map((m) => [`${m.config.rule} ${m.config.hidden.join('x')}`, m.color]));
    this.table = context.core && results.length ? context.core.arenaTable(results) : null;
    this.status.textContent = `${results.length} of ${members.length} networks finished${results.length < members.length ? '; rows fill in as they finish' : ''}.`;
    if (!context.core) return;
    const columns = this.table?.columns ?? context.core.arenaTable([]).columns;
    this.renderHead(columns);
    this.renderBody();
  }

  /** Draws the forest plot again (after a draw, a sort or a resize). */
  plot() {
    drawForest(this.forest, this.sortedRows(), (row) => this.colors?.get(`${row.rule} ${row.hidden.join('x')}`));
  }

  renderHead(columns) {
    const key = JSON.stringify([columns, this.sort]);
    if (this.head.dataset.key === key) return;
    this.head.dataset.key = key;
    const tr = document.createElement('tr');
    columns.forEach((name, i) => {
      const th = document.createElement('th');
      th.scope = 'col';
      const sorted = this.sort.column === i;
      th.setAttribute('aria-sort', sorted ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'arena-sort';
      button.dataset.column = String(i);
      button.textContent = `${name}${sorted ? (this.sort.descending ? ' ▼' : ' ▲') : ''}`;
      button.addEventListener('click', () => {
        this.sort = { column: i, descending: sorted ? !this.sort.descending : i >= 2 };
        this.head.dataset.key = '';
        this.redraw();
      });
      th.append(button);
      tr.append(th);
    });
    this.head.replaceChildren(tr);
  }

  /** The rows, sorted by the chosen column's raw value. */
  sortedRows() {
    const rows = [...(this.table?.rows ?? [])];
    const key = SORT_KEYS[this.sort.column];
    rows.sort((a, b) => {
      const order = compare(key(a), key(b));
      const missing = key(a) == null || key(b) == null || Number.isNaN(key(a)) || Number.isNaN(key(b));
      return this.sort.descending && !missing ? -order : order;
    });
    return rows;
  }

  renderBody() {
    const trs = this.sortedRows().map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.rule = row.rule;
      row.cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      });
      return tr;
    });
    this.body.replaceChildren(...trs);
    this.plot();
  }

  caption() {
    if (!this.table) return `The credit-assignment arena: ${this.counts?.done ?? 0} of ${this.counts?.all ?? 0} networks finished; no rows yet.`;
    const lines = this.sortedRows().map((row) => `${row.cells[0]} (hidden ${row.cells[1]}): test accuracy ${row.cells[3]} %, gap to shallow ${row.cells[4]}, gap to backprop ${row.cells[5]} points.`);
    return `The credit-assignment arena, ${this.counts.done} of ${this.counts.all} networks finished, their last evaluation at step ${this.lastStep}. ${lines.join(' ')}`;
  }
}

export const view = {
  title: 'Arena table',
  wide: true,
  className: 'arena',
  template: `
    <h2>The credit-assignment arena</h2>
    <p class="hint">One row per rule: final test accuracy, mean over seeds ± 95% confidence interval (Student's t); the gap to <code>shallow</code> (only the output layer learns) is what the hidden layer learned; gaps are paired by seed, in percentage points. Press a heading to sort.</p>
    <div class="table-panel"><table class="runs arena-table"><thead class="arena-head"></thead><tbody class="arena-body"></tbody></table></div>
    <p class="arena-status"></p>
    <canvas class="arena-forest" role="img" aria-label="Each rule's mean test accuracy with its 95% interval; the dashed line is shallow's mean"></canvas>
    <p class="arena-export" data-png-skip><button type="button" class="secondary arena-csv">CSV</button> <button type="button" class="secondary arena-md">Markdown</button></p>`,
  needs: 'metrics',
  mount(panel, { redraw }) {
    const drawing = new ArenaDrawing(panel, redraw);
    return { draw: (runs, context) => drawing.draw(runs, context), caption: () => drawing.caption() };
  },
};
