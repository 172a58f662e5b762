// Settling: for the chosen run, one batch's relaxation as the core recorded it (lab.settleTrace,
// asked of the run's worker after each evaluation while the panel is shown): each layer's
// energy (predictive coding: its squared prediction error ½‖ε_l‖²; equilibrium propagation: its
// share of the Hopfield energy, signed) and each layer's largest state change per inner
// iteration, against the iteration, one line per layer, the phases (equilibrium propagation's
// free, nudged +β, nudged −β) side by side with a marker at each boundary. The change falls
// below the run's tolerance where the batch has settled. Every number is the core's; under a
// rule that does not settle the core has no trace (null) and the view says so.

import { font, theme } from '../charts/theme.js';
import { SLOT_DASH, slotOf } from './layers.js';
import { num } from './analysis-parts.js';
import { RunChoice } from './run-choice.js';

// The rules whose runs the selector offers first (any run can be chosen; the core decides
// whether it has a trace).
const SETTLES = new Set(['predictive_coding', 'equilibrium_propagation']);

const PLOT = { height: 210, left: 64, right: 16, top: 26, bottom: 34, gap: 22 };

/** A run whose worker can answer now: evaluated, not loading, not failed. */
const askable = (run) => Boolean(run?.latest) && run.state !== 'loading' && run.state !== 'failed';

const sci = (v) => (v == null || !Number.isFinite(v) ? '—' : v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2));

function layerName(l, hidden) {
  const slot = slotOf(l, hidden);
  return slot === 'out' ? 'output' : hidden > 1 ? `hidden layer ${slot.slice(1)}` : 'hidden layer';
}

/** Tick values of a log axis over [lo, hi] (powers of ten, at most about six). */
function logTicks(lo, hi) {
  const [a, b] = [Math.floor(Math.log10(lo)), Math.ceil(Math.log10(hi))];
  const every = Math.max(1, Math.ceil((b - a) / 6));
  const ticks = [];
  for (let e = a; e <= b; e += every) ticks.push(10 ** e);
  return ticks;
}

/** Round tick values of a linear axis over [lo, hi] (about five). */
function linearTicks(lo, hi) {
  const raw = (hi - lo) / 5 || 1;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const stride = [1, 2, 5, 10].map((m) => m * unit).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / stride) * stride; v <= hi + stride * 1e-9; v += stride) ticks.push(Math.abs(v) < stride * 1e-9 ? 0 : v);
  return ticks;
}

/**
 * Draws one plot in `box` ({ x, y, width, height } in CSS pixels): `lines` ([{ color, dash,
 * segments: [[[x, y], ...], ...] }]) against the iteration (0..xMax), on a log or linear y axis,
 * with dashed reference lines (`refs`: [{ value, label }]) and the phase boundaries (`marks`:
 * [{ x, label }]).
 */
function drawPlot(ctx, box, { title, yLabel, log, lines, refs = [], marks, xMax }) {
  const { ink, muted, grid } = theme();
  const values = lines.flatMap((line) => line.segments.flat().map((p) => p[1])).concat(refs.map((r) => r.value))
    .filter((v) => Number.isFinite(v) && (!log || v > 0));
  let [lo, hi] = values.length ? [Math.min(...values), Math.max(...values)] : [log ? 0.1 : 0, 1];
  if (log) [lo, hi] = [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  else {
    const pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.1 || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  if (!(hi > lo)) hi = log ? lo * 10 : lo + 1;
  const x0 = box.x + PLOT.left;
  const w = box.width - PLOT.left - PLOT.right;
  const y0 = box.y + PLOT.top;
  const h = box.height - PLOT.top - PLOT.bottom;
  const px = (x) => x0 + (w * x) / Math.max(1, xMax);
  const py = (v) => y0 + h * (1 - (log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo)));

  ctx.font = font(12, 'bold');
  ctx.fillStyle = ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(title, x0, box.y + 14);
  ctx.font = font(11);
  ctx.lineWidth = 1;
  ctx.strokeStyle = grid;
  ctx.fillStyle = muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of log ? logTicks(lo, hi) : linearTicks(lo, hi)) {
    const y = py(t);
    if (y < y0 - 0.5 || y > y0 + h + 0.5) continue;
    ctx.beginPath();
    ctx.moveTo(x0, y);
    ctx.lineTo(x0 + w, y);
    ctx.stroke();
    ctx.fillText(log ? t.toExponential(0).replace('e+', 'e') : sci(t), x0 - 6, y);
  }
  ctx.strokeStyle = ink;
  ctx.strokeRect(x0, y0, w, h);
  ctx.save();
  ctx.translate(box.x + 12, y0 + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillStyle = ink;
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = ink;
  ctx.fillText('inner iteration (phases one after another)', x0 + w / 2, y0 + h + 18);
  ctx.fillText('0', x0, y0 + h + 4);
  ctx.fillText(String(xMax), x0 + w, y0 + h + 4);

  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, y0, w, h);
  ctx.clip();
  for (const ref of refs) {
    const y = py(ref.value);
    ctx.strokeStyle = muted;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x0, y);
    ctx.lineTo(x0 + w, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(ref.label, x0 + w - 4, y - 2);
  }
  for (const mark of marks) {
    const x = px(mark.x);
    ctx.strokeStyle = muted;
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    ctx.moveTo(x, y0);
    ctx.lineTo(x, y0 + h);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = ink;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(mark.label, x + 4, y0 + 4);
  }
  for (const line of lines) {
    ctx.strokeStyle = line.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(line.dash);
    for (const points of line.segments) {
      ctx.beginPath();
      let open = false;
      for (const [x, v] of points) {
        if (!Number.isFinite(v) || (log && !(v > 0))) {
          open = false;
          continue;
        }
        if (open) ctx.lineTo(px(x), py(v));
        else ctx.moveTo(px(x), py(v));
        open = true;
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
  ctx.restore();
}

class SettlingDrawing {
  constructor(root, redraw) {
    const $ = (s) => root.querySelector(s);
    this.root = root;
    this.choice = new RunChoice($('.settling-run'), redraw, (run) => SETTLES.has(run?.config?.rule));
    this.canvas = $('.settling-plot');
    this.legend = $('.settling-legend');
    this.status = $('.settling-status');
    this.words = '';
  }

  question(runs) {
    this.choice.sync(runs);
    const run = this.choice.run;
    if (!askable(run)) return null;
    const key = JSON.stringify([this.choice.index, run.generation, run.latest?.step ?? 0]);
    return { run: this.choice.index, args: {}, key };
  }

  show(answer) {
    const run = this.choice.run;
    if (answer.error) {
      this.say(`Cannot show the settling of ${run?.label ?? 'the run'}: ${answer.error}.`);
      this.clear();
      return;
    }
    this.root.dataset.step = String(answer.step);
    const rule = (run?.config?.rule ?? '').replaceAll('_', ' ');
    if (!answer.trace) {
      this.root.dataset.settles = 'false';
      this.legend.replaceChildren();
      this.clear(`${run.label} does not settle`);
      this.say(`${run.label} (rule ${rule}), step ${answer.step}: this rule does not settle. Its network answers in one feed-forward pass ` +
        'and learns through a backward pass (or, the dendritic microcircuit, from its compartments at their steady state), so it has no inner iterations to draw. Choose a run of predictive coding or equilibrium propagation.');
      return;
    }
    this.root.dataset.settles = 'true';
    this.draw(run, answer);
  }

  say(text) {
    this.status.textContent = text;
    this.words = text;
  }

  /** Blanks the canvas, with a line of text on it when given. */
  clear(text) {
    const ctx = this.size(60);
    if (!text) return;
    const { muted } = theme();
    ctx.font = font(14);
    ctx.fillStyle = muted;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 12, 30);
  }

  /** Sizes the canvas to the panel's width and `height` CSS pixels; returns its context. */
  size(height) {
    const width = Math.max(320, Math.min(900, this.root.clientWidth - 32));
    const dpr = devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.style.maxWidth = '100%';
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.cssWidth = width;
    return ctx;
  }

  draw(run, { step, trace }) {
    const { phases } = trace;
    const layers = phases[0]?.energy[0]?.length ?? 0;
    const hidden = layers - 1;
    const { runs: colours } = theme();
    const starts = [];
    let total = 0;
    for (const phase of phases) {
      starts.push(total);
      total += Math.max(0, phase.energy.length - 1);
    }
    const line = (rows, offset) => Array.from({ length: layers }, (_, l) => ({
      color: colours[l % colours.length],
      dash: SLOT_DASH[slotOf(l, hidden)],
      segments: phases.map((phase, p) => phase[rows].map((row, i) => [starts[p] + i + offset, row[l]])),
    }));
    const energies = phases.flatMap((p) => p.energy.flat());
    const signed = energies.some((v) => v < 0);
    const pc = run.config?.rule === 'predictive_coding';
    const marks = phases.map((phase, p) => ({ x: starts[p], label: `${phase.name} (${phase.energy.length - 1})` }));
    const tolerance = run.config?.settle_tolerance;
    const ctx = this.size(2 * PLOT.height + PLOT.gap);
    const box = (i) => ({ x: 0, y: i * (PLOT.height + PLOT.gap), width: this.cssWidth, height: PLOT.height });
    drawPlot(ctx, box(0), {
      title: pc ? 'Prediction error per layer, ½‖ε_l‖² (mean per image)' : 'Energy per layer, E_l (mean per image; signed: linear axis)',
      yLabel: pc ? '½‖ε‖²' : 'E_l',
      log: !signed,
      lines: line('energy', 0),
      marks,
      xMax: total,
    });
    drawPlot(ctx, box(1), {
      title: 'Largest state change per layer in each iteration (settled below the tolerance)',
      yLabel: 'max |Δ state|',
      log: true,
      lines: line('change', 1),
      refs: Number.isFinite(tolerance) ? [{ value: tolerance, label: `tolerance ${tolerance}` }] : [],
      marks,
      xMax: total,
    });
    this.legend.replaceChildren(...Array.from({ length: layers }, (_, l) => {
      const item = document.createElement('span');
      item.className = 'legend-run';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colours[l % colours.length];
      item.append(swatch, ` ${layerName(l, hidden)}`);
      return item;
    }));
    const phaseWords = phases.map((phase) => {
      const first = phase.energy[0] ?? [];
      const last = phase.energy.at(-1) ?? [];
      const change = phase.change.at(-1) ?? [];
      const perLayer = first.map((e, l) => `${layerName(l, hidden)} ${sci(e)} to ${sci(last[l])} (last change ${sci(change[l])})`).join(', ');
      return `phase ${phase.name}: ${phase.energy.length - 1} iterations; ${pc ? 'prediction error' : 'energy'} ${perLayer}`;
    });
    const quantity = pc ? 'squared prediction error ½‖ε_l‖²' : 'energy E_l';
    this.say(`${run.label}, step ${step}: one batch of ${run.config?.batch_size ?? ''} training images settling over ${total} inner iterations in ${phases.length} ` +
      `phase${phases.length === 1 ? '' : 's'} (${phases.map((p) => p.name).join(', ')}); each layer's ${quantity} from the phase's start to its end, ` +
      `and its largest state change in the last iteration (tolerance ${num(tolerance, 6)}): ${phaseWords.join('; ')}.`);
  }

  caption() {
    return this.words ? `Settling. ${this.words}` : 'Settling: not shown yet.';
  }
}

export const view = {
  title: 'Settling',
  wide: true,
  template: `
    <h2>Settling: one batch's inner iterations</h2>
    <p class="hint">Models that settle relax their neurons to an equilibrium for every batch before any
      weight changes. Top: each layer's energy (predictive coding: its squared prediction error, which
      rises from zero as the output's nudge spreads down and then levels off; equilibrium propagation:
      its share of the network's energy, which falls in each phase). Bottom: the largest change of any
      state of the layer in each iteration, on a log axis: the batch has settled when it is below the
      tolerance. Equilibrium propagation's phases (free, then nudged toward the target by +β and by −β)
      follow one another; the number beside a phase's name is its iterations. The batch is the first of
      the training set, under the weights of the last evaluation.</p>
    <div class="activity-controls" role="group" aria-label="Run">
      <label>Run <select class="settling-run"></select></label>
    </div>
    <div class="legend settling-legend"></div>
    <canvas class="settling-plot" width="1" height="1" aria-hidden="true"></canvas>
    <p class="settling-status hint"></p>`,
  needs: 'settleTrace',
  mount: (panel, { redraw }) => new SettlingDrawing(panel, redraw),
};
