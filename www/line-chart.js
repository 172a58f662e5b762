// One line chart against training step (uPlot), for the per-layer views: any number of
// series, reference lines (H(X), 90°...), and two honesty marks drawn on top of the lines:
// hollow grey rings on flagged points (a saturated code) and red crosses (a failed check).
// The chart rebuilds itself when its series change and otherwise only swaps the data.

import uPlot from './vendor/uPlot.esm.js';

const MUTED = '#5b6680';
const RING = '#6b7280';
const CROSS = '#b42318';

// Round values per decade at which a log axis may start or end.
const LOG_STEPS = [1, 1.5, 2, 3, 5, 7, 10];

/** The nearest round values just outside [min, max], so a log axis ends on round ticks. */
function roundLogRange(min, max) {
  if (!(min > 0) || !(max > 0)) return [0.1, 1]; // no data yet
  const decade = (v) => 10 ** Math.floor(Math.log10(v));
  const below = (v) => decade(v) * LOG_STEPS.findLast((m) => m * decade(v) <= v);
  const above = (v) => decade(v) * LOG_STEPS.find((m) => m * decade(v) >= v);
  return [below(min / 1.02), above(max * 1.02)];
}

/**
 * Lines series up on one x array: the union of the steps at which any run was evaluated.
 * defs: [{ run, value(m) -> number|null, flag?(m) -> bool, cross?(m) -> bool }]
 * Returns { steps, values: [[]], flags: [[]], crosses: [[]] } (one array per def).
 */
export function alignSeries(runs, defs) {
  const steps = [...new Set(runs.flatMap((run) => run.history.map((m) => m.step)))].sort((a, b) => a - b);
  const index = new Map(steps.map((step, i) => [step, i]));
  const empty = () => new Array(steps.length).fill(null);
  const out = { steps, values: [], flags: [], crosses: [] };
  for (const def of defs) {
    const values = empty();
    const flags = def.flag ? empty() : null;
    const crosses = def.cross ? empty() : null;
    for (const m of def.run.history) {
      const i = index.get(m.step);
      const v = def.value(m);
      values[i] = typeof v === 'number' && Number.isFinite(v) ? v : null;
      if (flags) flags[i] = Boolean(def.flag(m));
      if (crosses) crosses[i] = Boolean(def.cross(m));
    }
    out.values.push(values);
    out.flags.push(flags);
    out.crosses.push(crosses);
  }
  return out;
}

/** A number of a log axis: 0.01 ... 1000 as they are, beyond that as 1e-5. */
function power(v) {
  const e = Math.round(Math.log10(v));
  if (Math.abs(v / 10 ** e - 1) < 1e-6) return e >= -2 && e <= 3 ? String(10 ** e) : `1e${e}`;
  return v >= 0.001 && v < 1e4 ? String(Number(v.toPrecision(2))) : v.toExponential(0).replace('e+', 'e');
}

const isDecade = (v) => v > 0 && Math.abs(v / 10 ** Math.round(Math.log10(v)) - 1) < 1e-6;
const decades = (u) => Math.log10(u.scales.y.max / u.scales.y.min);

/**
 * Log-axis labels (uPlot has already dropped those without room): over more than a decade
 * only the powers of ten.
 */
function logTicks(u, splits) {
  const long = decades(u) > 1.2;
  return splits.map((v) => (v == null || !(v > 0) || (long && !isDecade(v)) ? '' : power(v)));
}

/** Log-axis grid lines and ticks: over more than a decade only at the powers of ten. */
function logFilter(u, splits) {
  return decades(u) > 1.2 ? splits.map((v) => (isDecade(v) ? v : null)) : splits;
}

function contentWidth(el) {
  const style = getComputedStyle(el);
  return Math.max(120, el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
}

export class LineChart {
  /**
   * @param container the element the plot goes in
   * @param readout an element for the values under the cursor (or null)
   */
  constructor(container, readout = null, height = 240) {
    this.container = container;
    this.readout = readout;
    this.height = height;
    this.plot = null;
    this.signature = null;
    this.current = null;
  }

  /**
   * Draws a chart spec:
   * { title, yLabel, log?, range?(min, max) -> [lo, hi], splits?, percent?, format(v), steps,
   *   series: [{ label, stroke, dash, width, values, flags?, crosses? }], refs: [{ value, label }] }
   */
  draw(spec) {
    this.current = spec;
    const signature = JSON.stringify([spec.title, spec.yLabel, spec.log, spec.percent, spec.series.map((s) => [s.label, s.stroke, s.dash, s.width])]);
    const data = [spec.steps, ...spec.series.map((s) => (spec.log ? s.values.map((v) => (v > 0 ? v : null)) : s.values))];
    if (signature === this.signature && this.plot) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.signature = signature;
    this.plot = new uPlot(this.options(spec), data, this.container);
  }

  options(spec) {
    const chart = this;
    const format = (u, v) => (v == null ? '—' : spec.format(v));
    const range = (u, min, max) => {
      const refs = (chart.current?.refs ?? []).map((r) => r.value).filter(Number.isFinite);
      if (spec.log) return roundLogRange(min, max);
      const [lo, hi] = spec.range ? spec.range(min, max) : [Math.min(0, min), max];
      return [lo, Math.max(hi, ...refs.map((r) => r * 1.06))];
    };
    return {
      title: spec.title,
      width: contentWidth(this.container),
      height: this.height,
      legend: { show: false },
      cursor: { points: { size: 6 } },
      scales: {
        x: { time: false },
        y: spec.log ? { distr: 3, log: 10, range } : { range },
      },
      axes: [
        { label: 'step', size: 36, labelSize: 18 },
        {
          label: spec.yLabel,
          labelSize: 18,
          size: 56,
          ...(spec.splits && { splits: () => spec.splits }),
          ...(spec.percent && { values: (u, splits) => splits.map((v) => `${Math.round(v * 100)}%`) }),
          ...(spec.log && { values: logTicks, grid: { filter: logFilter }, ticks: { filter: logFilter } }),
        },
      ],
      series: [
        { label: 'step' },
        ...spec.series.map((s) => ({ label: s.label, stroke: s.stroke, width: s.width ?? 2, dash: s.dash ?? [], spanGaps: true, value: format, points: { size: 4 } })),
      ],
      hooks: {
        draw: [(u) => chart.drawMarks(u)],
        setCursor: [(u) => chart.showReadout(u)],
      },
    };
  }

  /** Reference lines, then rings and crosses, on top of the plot. */
  drawMarks(u) {
    const spec = this.current;
    if (!spec) return;
    const { ctx } = u;
    const r = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.font = `${11 * r}px system-ui, sans-serif`;
    for (const ref of spec.refs ?? []) {
      if (!Number.isFinite(ref.value)) continue;
      const y = u.valToPos(ref.value, 'y', true);
      if (y < top || y > top + height) continue;
      ctx.strokeStyle = MUTED;
      ctx.lineWidth = r;
      ctx.setLineDash([4 * r, 4 * r]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'right';
      // Above the line, or below it when the line is at the top of the plot.
      const above = y - top > 16 * r;
      ctx.textBaseline = above ? 'bottom' : 'top';
      ctx.fillText(ref.label, left + width - 4 * r, above ? y - 2 * r : y + 3 * r);
    }
    spec.series.forEach((s, i) => {
      const show = u.series[i + 1]?.show !== false;
      if (!show) return;
      for (let j = 0; j < spec.steps.length; j += 1) {
        const v = s.values[j];
        if (v == null || (spec.log && !(v > 0))) continue;
        const ringed = s.flags?.[j];
        const crossed = s.crosses?.[j];
        if (!ringed && !crossed) continue;
        const x = u.valToPos(spec.steps[j], 'x', true);
        const y = u.valToPos(v, 'y', true);
        if (ringed) {
          ctx.fillStyle = '#ffffff';
          ctx.strokeStyle = RING;
          ctx.lineWidth = 1.5 * r;
          ctx.beginPath();
          ctx.arc(x, y, 4.5 * r, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        }
        if (crossed) {
          const d = 5 * r;
          ctx.strokeStyle = CROSS;
          ctx.lineWidth = 2 * r;
          ctx.beginPath();
          ctx.moveTo(x - d, y - d);
          ctx.lineTo(x + d, y + d);
          ctx.moveTo(x + d, y - d);
          ctx.lineTo(x - d, y + d);
          ctx.stroke();
        }
      }
    });
    ctx.restore();
  }

  /** The values under the cursor, in words, below the chart. */
  showReadout(u) {
    if (!this.readout || !this.current) return;
    const i = u.cursor.idx;
    if (i == null) {
      this.readout.textContent = '';
      return;
    }
    const spec = this.current;
    const parts = spec.series
      .map((s) => (s.values[i] == null ? null : `${s.label} ${spec.format(s.values[i])}${s.flags?.[i] ? ' (saturated)' : ''}${s.crosses?.[i] ? ' (check fails)' : ''}`))
      .filter(Boolean);
    this.readout.textContent = `step ${spec.steps[i]}: ${parts.join(' · ') || 'no value'}`;
  }

  fit() {
    this.plot?.setSize({ width: contentWidth(this.container), height: this.height });
  }

  destroy() {
    this.plot?.destroy();
    this.plot = null;
    this.signature = null;
  }
}
