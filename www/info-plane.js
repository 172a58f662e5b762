// The information plane (Shwartz-Ziv & Tishby 2017), drawn on a canvas: x = H(T), which for a
// deterministic network on distinct images is I(input;T); y = I(X;T). One trajectory per layer
// per run: the line in the run's colour, the points filled by step (step-ramp.js), a marker
// shape per layer. What cannot be read is shown as such: the band where a code is saturated
// (H(T) within 0.5 bits of log2 N, hatched) with its points as hollow grey rings, and the
// diagonal I(X;T) = H(T) above which no point can lie.

import { saturationNote } from './info-views.js';
import { codeName, indexOf, runSlots, slotsOf } from './layers.js';
import { dataKey, lineSample } from './chart-group.js';
import { rampBar, rampColor } from './step-ramp.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const INK = '#1c2433';
const MUTED = '#5b6680';
const GRID = '#e5e8ef';
const RING = '#6b7280';
const SATURATION_MARGIN_BITS = 0.5;
const MARGIN = { left: 54, right: 18, top: 14, bottom: 44 };

/** Draws a layer's marker: circle (first hidden layer), triangle, diamond, square (output). */
export function marker(ctx, shape, x, y, size) {
  ctx.beginPath();
  if (shape === 'out') {
    ctx.rect(x - size * 0.85, y - size * 0.85, size * 1.7, size * 1.7);
  } else if (shape === 'h2') {
    ctx.moveTo(x, y - size * 1.1);
    ctx.lineTo(x + size, y + size * 0.75);
    ctx.lineTo(x - size, y + size * 0.75);
    ctx.closePath();
  } else if (shape === 'h3') {
    ctx.moveTo(x, y - size * 1.15);
    ctx.lineTo(x + size * 1.15, y);
    ctx.lineTo(x, y + size * 1.15);
    ctx.lineTo(x - size * 1.15, y);
    ctx.closePath();
  } else {
    ctx.arc(x, y, size, 0, 2 * Math.PI);
  }
}

function markerSample(shape) {
  const canvas = document.createElement('canvas');
  const r = devicePixelRatio || 1;
  canvas.width = canvas.height = 14 * r;
  canvas.className = 'marker-sample';
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1.5 * r;
  marker(ctx, shape, 7 * r, 7 * r, 4.5 * r);
  ctx.fill();
  ctx.stroke();
  return canvas;
}

function niceStep(span, target) {
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

/** Every trajectory: [{ run, slot, points: [{ x, y, step, saturated }] }]. */
export function trajectories(runs) {
  return runs.flatMap((run) => runSlots(run).map((slot) => {
    const i = indexOf(run, slot);
    const points = run.history
      .map((m) => ({ m, info: m.info?.[i] }))
      .filter(({ info }) => info && Number.isFinite(info.h_t_bits) && Number.isFinite(info.i_x_t_bits))
      .map(({ m, info }) => ({ x: info.h_t_bits, y: info.i_x_t_bits, step: m.step, saturated: info.saturated, n: info.n }));
    return { run, slot, points };
  }));
}

export class InfoPlane {
  /** figure: the panel, holding a canvas, .legend, .notes and a figcaption. */
  constructor(figure) {
    this.figure = figure;
    this.canvas = figure.querySelector('canvas');
    this.legendBox = figure.querySelector('.legend');
    this.notesBox = figure.querySelector('.notes');
    this.caption = figure.querySelector('figcaption');
    this.runs = [];
    this.context = {};
    this.drawnKey = null;
    this.legendKey = null;
    new ResizeObserver(() => {
      this.drawnKey = null;
      this.update(this.runs, this.context);
    }).observe(this.canvas.parentElement);
  }

  get visible() {
    return !this.figure.hidden && this.figure.offsetParent !== null;
  }

  setRuns() {
    this.drawnKey = null;
  }

  update(runs, context = {}) {
    this.runs = runs;
    this.context = context;
    if (!this.visible) return;
    const key = dataKey(runs, context);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const lines = trajectories(runs);
    this.draw(lines, runs, context);
    this.renderLegend(runs);
    const note = saturationNote(runs, context, 'so such a point sits at x ≈ log2 N and near y = H(X) whatever the layer has learned');
    const text = note?.text ?? '';
    if (this.notesBox.textContent !== text) {
      this.notesBox.replaceChildren(...(note ? [Object.assign(document.createElement('p'), { className: 'note note-warn', textContent: text })] : []));
    }
    const words = this.describe(lines, runs);
    if (this.caption.textContent !== words) this.caption.textContent = words;
  }

  /** The largest step any run goes to: the end of the colour ramp. */
  lastStep(runs) {
    return Math.max(1, ...runs.map((run) => run.config?.steps ?? 0));
  }

  draw(lines, runs, context) {
    const { canvas } = this;
    const width = Math.max(240, canvas.parentElement.clientWidth);
    const height = Math.round(Math.min(440, Math.max(300, width * 0.55)));
    const r = devicePixelRatio || 1;
    canvas.width = Math.round(width * r);
    canvas.height = Math.round(height * r);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);

    const points = lines.flatMap((l) => l.points);
    const n = context.dataInfo?.n ?? points[0]?.n ?? null;
    const log2n = n ? Math.log2(n) : null;
    const hx = context.dataInfo?.h_x_bits ?? null;
    const xMax = Math.max(1, log2n ?? 0, ...points.map((p) => p.x)) * 1.04;
    const yMax = Math.max(0.5, hx ?? 0, ...points.map((p) => p.y)) * 1.1;
    const plot = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
    const X = (v) => plot.left + (v / xMax) * plot.width;
    const Y = (v) => plot.top + plot.height - (v / yMax) * plot.height;

    // Grid and axes.
    ctx.font = `11px ${FONT}`;
    ctx.lineWidth = 1;
    const xs = niceStep(xMax, 8);
    const ys = niceStep(yMax, 6);
    ctx.strokeStyle = GRID;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let v = 0; v <= xMax + 1e-9; v += xs) {
      ctx.beginPath();
      ctx.moveTo(X(v), plot.top);
      ctx.lineTo(X(v), plot.top + plot.height);
      ctx.stroke();
      ctx.fillText(String(Number(v.toFixed(2))), X(v), plot.top + plot.height + 4);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let v = 0; v <= yMax + 1e-9; v += ys) {
      ctx.beginPath();
      ctx.moveTo(plot.left, Y(v));
      ctx.lineTo(plot.left + plot.width, Y(v));
      ctx.stroke();
      ctx.fillText(String(Number(v.toFixed(2))), plot.left - 6, Y(v));
    }
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.font = `600 12px ${FONT}`;
    ctx.fillText('H(T) = I(input; T), bits', plot.left + plot.width / 2, height - 4);
    ctx.save();
    ctx.translate(14, plot.top + plot.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText('I(X; T), bits', 0, 0);
    ctx.restore();

    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    ctx.font = `11px ${FONT}`;

    // No code knows more about X than it holds: y <= x.
    ctx.strokeStyle = '#c4cad6';
    ctx.setLineDash([2, 4]);
    ctx.beginPath();
    ctx.moveTo(X(0), Y(0));
    ctx.lineTo(X(Math.min(xMax, yMax)), Y(Math.min(xMax, yMax)));
    ctx.stroke();
    ctx.setLineDash([]);

    // The saturated band, hatched.
    if (log2n) {
      const x0 = X(log2n - SATURATION_MARGIN_BITS);
      const x1 = X(log2n);
      ctx.fillStyle = 'rgba(107, 114, 128, 0.08)';
      ctx.fillRect(x0, plot.top, x1 - x0, plot.height);
      ctx.strokeStyle = 'rgba(107, 114, 128, 0.35)';
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, plot.top, x1 - x0, plot.height);
      ctx.clip();
      ctx.beginPath();
      for (let d = -plot.height; d < x1 - x0; d += 7) {
        ctx.moveTo(x0 + d, plot.top + plot.height);
        ctx.lineTo(x0 + d + plot.height, plot.top);
      }
      ctx.stroke();
      ctx.restore();
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'top';
      ctx.fillText('saturated: H(T) ≈ log2 N', x0 - 4, plot.top + 4);
    }

    // H(X): the most a code can know about the class.
    if (hx) {
      ctx.strokeStyle = MUTED;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(plot.left, Y(hx));
      ctx.lineTo(plot.left + plot.width, Y(hx));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      ctx.fillText(`H(X) = ${hx.toFixed(2)} bits`, plot.left + 4, Y(hx) - 2);
    }

    // Trajectories: lines first, then the points over every line.
    const last = this.lastStep(runs);
    for (const { run, points: pts } of lines) {
      if (pts.length < 2) continue;
      ctx.strokeStyle = run.color;
      ctx.globalAlpha = 0.75;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      pts.forEach((p, i) => (i ? ctx.lineTo(X(p.x), Y(p.y)) : ctx.moveTo(X(p.x), Y(p.y))));
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    for (const { run, slot, points: pts } of lines) {
      pts.forEach((p, i) => {
        const latest = i === pts.length - 1;
        const size = latest ? 6 : 4;
        marker(ctx, slot, X(p.x), Y(p.y), size);
        ctx.fillStyle = p.saturated ? '#ffffff' : rampColor(p.step / last);
        ctx.fill();
        ctx.lineWidth = latest ? 2 : 1.25;
        ctx.strokeStyle = p.saturated ? RING : run.color;
        ctx.stroke();
      });
    }
    ctx.restore();
  }

  renderLegend(runs) {
    const last = this.lastStep(runs);
    const slots = slotsOf(runs);
    const key = JSON.stringify([runs.map((r) => [r.label, r.color]), slots, last]);
    if (key === this.legendKey) return;
    this.legendKey = key;
    const item = (className, ...children) => {
      const span = document.createElement('span');
      span.className = className;
      span.append(...children);
      return span;
    };
    const text = (t) => Object.assign(document.createElement('span'), { className: 'legend-label', textContent: t });
    const items = runs.map((run) => {
      const el = item('legend-run', lineSample(run.color, [], 2), text(run.label));
      el.dataset.run = run.label;
      return el;
    });
    items.push(...slots.map((slot) => item('legend-style', markerSample(slot), text(codeName(slot, runs)))));
    items.push(item('legend-style legend-ramp', text('step 0'), rampBar(), text(`step ${last.toLocaleString('en-US')}`)));
    const ring = document.createElement('span');
    ring.className = 'ring-sample';
    items.push(item('legend-style', ring, text('saturated code')));
    this.legendBox.replaceChildren(...items);
  }

  describe(lines, runs) {
    const parts = lines.filter((l) => l.points.length).map(({ run, slot, points }) => {
      const first = points[0];
      const p = points.at(-1);
      return `${run.label} ${codeName(slot, runs)}: from H(T) ${first.x.toFixed(2)}, I(X;T) ${first.y.toFixed(2)} at step ${first.step} to ${p.x.toFixed(2)}, ${p.y.toFixed(2)} at step ${p.step}${p.saturated ? ' (saturated)' : ''}`;
    });
    return `Information plane: x is H(T), y is I(X;T), in bits, one trajectory per layer per run. ${parts.length ? `${parts.join('; ')}.` : 'No evaluations yet.'}`;
  }
}
