// One line chart against training step (uPlot): the wrapper every line chart of the page goes
// through. Any number of series, reference lines (H(X), 90°...), and two honesty marks drawn on
// top of the lines: hollow grey rings on flagged points (an undersampled code) and red crosses
// (a failed check). Charts of one view share their cursor (uPlot's cursor.sync), and each
// reads out the values under it, below the plot: with the mouse, or from the keyboard (the
// chart takes focus; arrow keys, Home and End move along the steps). The chart rebuilds itself
// when its series change and otherwise only swaps the data. The x axis is the training step
// unless a spec names another (the estimator check's N or d, on a log axis if asked), and a
// spec may fill bands between pairs of its series (the KDE bounds) and mark places on the x axis
// with labelled vertical lines (the phases of a settling batch).

import uPlot from '../vendor/uPlot.esm.js';
import { logFilter, logTicks, percentTicks, roundLogRange } from './axes.js';
import { font, theme } from './theme.js';

function contentWidth(el) {
  const style = getComputedStyle(el);
  return Math.max(120, el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
}

export class LineChart {
  /**
   * @param cell the element holding the plot and its readout; it takes keyboard focus
   * @param options.height of the plot in CSS pixels
   * @param options.sync the cursor-sharing key of the charts it moves with
   */
  constructor(cell, { height = 220, sync = null } = {}) {
    this.cell = cell;
    this.container = document.createElement('div');
    this.container.className = 'plot';
    this.container.setAttribute('aria-hidden', 'true');
    this.readout = document.createElement('p');
    this.readout.className = 'readout';
    cell.append(this.container, this.readout);
    cell.tabIndex = 0;
    this.height = height;
    this.sync = sync;
    this.plot = null;
    this.signature = null;
    this.current = null;
    this.keyIndex = null; // the step the keyboard has chosen, or null
    cell.addEventListener('keydown', (event) => this.onKey(event));
    // The readout speaks while the reader moves along the chart from the keyboard, not otherwise.
    cell.addEventListener('focus', () => this.readout.setAttribute('aria-live', 'polite'));
    cell.addEventListener('blur', () => {
      this.readout.removeAttribute('aria-live');
      this.keyIndex = null;
      this.plot?.setCursor({ left: -10, top: -10 }, true, true);
    });
  }

  /**
   * Draws a chart spec:
   * { title, yLabel, log?, range?(min, max) -> [lo, hi], splits?, percent?, format(v), steps,
   *   series: [{ label, stroke, dash, width, values, flags?, crosses?, pointsOnly?, inLegend? (false: not listed),
   *              gaps? (true: a null breaks the line instead of being bridged) }],
   *   refs: [{ value, label }], legend? (uPlot's own legend, with the values under the cursor),
   *   xLabel? (default 'step'), xLog?, bands?: [{ upper, lower, fill }] (series indices),
   *   marks?: [{ x, label }] (dotted vertical lines, labelled at the top) }
   */
  draw(spec) {
    this.current = spec;
    this.cell.setAttribute('aria-label', `${spec.title}: arrow keys read the values step by step`);
    // With uPlot's legend showing the values under the cursor, the readout is for screen readers.
    this.readout.classList.toggle('visually-hidden', Boolean(spec.legend));
    const signature = JSON.stringify([spec.title, spec.yLabel, spec.log, spec.percent, spec.legend, spec.xLabel, spec.xLog, spec.bands, spec.series.map((s) => [s.label, s.stroke, s.dash, s.width, s.pointsOnly, s.gaps])]);
    const data = [spec.steps, ...spec.series.map((s) => (spec.log ? s.values.map((v) => (v > 0 ? v : null)) : s.values))];
    if (signature === this.signature && this.plot) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.signature = signature;
    this.plot = new uPlot(this.options(spec), data, this.container);
    // Series that only shape a band are left out of the legend.
    const rows = this.plot.root.querySelectorAll('.u-legend .u-series');
    spec.series.forEach((s, i) => {
      if (s.inLegend === false && rows[i + 1]) rows[i + 1].style.display = 'none';
    });
  }

  options(spec) {
    const chart = this;
    const { ink } = theme();
    const format = (u, v) => (v == null ? '—' : spec.format(v));
    const range = (u, min, max) => {
      const refs = (chart.current?.refs ?? []).map((r) => r.value).filter(Number.isFinite);
      if (spec.log) return roundLogRange(min, max);
      const [lo, hi] = spec.range ? spec.range(min, max) : [Math.min(0, min), max];
      return [lo, Math.max(hi, ...refs.map((r) => r * 1.06))];
    };
    const axis = { stroke: ink, font: font(12), labelFont: font(12, 'bold'), labelSize: 18 };
    return {
      title: spec.title,
      width: contentWidth(this.container),
      height: this.height,
      legend: { show: Boolean(spec.legend) },
      cursor: { points: { size: 6 }, ...(this.sync && { sync: { key: this.sync } }) },
      scales: {
        x: spec.xLog ? { time: false, distr: 3, log: 10 } : { time: false },
        y: spec.log ? { distr: 3, log: 10, range } : { range },
      },
      axes: [
        { ...axis, label: spec.xLabel ?? 'step', size: 36 },
        {
          ...axis,
          label: spec.yLabel,
          size: 56,
          ...(spec.splits && { splits: () => spec.splits }),
          ...(spec.percent && { values: percentTicks }),
          ...(spec.log && { values: logTicks, grid: { filter: logFilter }, ticks: { filter: logFilter } }),
        },
      ],
      ...(spec.bands?.length && { bands: spec.bands.map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.fill })) }),
      series: [
        { label: spec.xLabel ?? 'step' },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          width: s.width ?? 2,
          dash: s.dash ?? [],
          spanGaps: !s.gaps,
          value: format,
          ...(s.pointsOnly ? { paths: () => null, points: { show: true, size: 8, fill: s.stroke } } : { points: { size: 4 } }),
        })),
      ],
      hooks: {
        draw: [(u) => chart.drawMarks(u)],
        setCursor: [(u) => chart.showReadout(u)],
      },
    };
  }

  /** Reference lines and marks on the x axis, then rings and crosses, on top of the plot. */
  drawMarks(u) {
    const spec = this.current;
    if (!spec) return;
    const { muted, ring, cross, paper } = theme();
    const { ctx } = u;
    const r = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.font = font(11 * r);
    for (const ref of spec.refs ?? []) {
      if (!Number.isFinite(ref.value)) continue;
      const y = u.valToPos(ref.value, 'y', true);
      if (y < top || y > top + height) continue;
      ctx.strokeStyle = muted;
      ctx.lineWidth = r;
      ctx.setLineDash([4 * r, 4 * r]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = muted;
      ctx.textAlign = 'right';
      // Above the line, or below it when the line is at the top of the plot.
      const above = y - top > 16 * r;
      ctx.textBaseline = above ? 'bottom' : 'top';
      ctx.fillText(ref.label, left + width - 4 * r, above ? y - 2 * r : y + 3 * r);
    }
    for (const mark of spec.marks ?? []) {
      const x = u.valToPos(mark.x, 'x', true);
      if (!(x >= left && x <= left + width)) continue;
      ctx.strokeStyle = muted;
      ctx.lineWidth = r;
      ctx.setLineDash([2 * r, 3 * r]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = muted;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(mark.label, x + 4 * r, top + 4 * r);
    }
    spec.series.forEach((s, i) => {
      if (u.series[i + 1]?.show === false) return;
      for (let j = 0; j < spec.steps.length; j += 1) {
        const v = s.values[j];
        if (v == null || (spec.log && !(v > 0))) continue;
        const ringed = s.flags?.[j];
        const crossed = s.crosses?.[j];
        if (!ringed && !crossed) continue;
        const x = u.valToPos(spec.steps[j], 'x', true);
        const y = u.valToPos(v, 'y', true);
        if (ringed) {
          ctx.fillStyle = paper;
          ctx.strokeStyle = ring;
          ctx.lineWidth = 1.5 * r;
          ctx.beginPath();
          ctx.arc(x, y, 4.5 * r, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        }
        if (crossed) {
          const d = 5 * r;
          ctx.strokeStyle = cross;
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
    const spec = this.current;
    const i = u.cursor.idx;
    if (!spec || i == null) {
      this.readout.textContent = '';
      return;
    }
    const parts = spec.series
      .map((s) => (s.values[i] == null ? null : `${s.label} ${spec.format(s.values[i])}${s.flags?.[i] ? ' (undersampled)' : ''}${s.crosses?.[i] ? ' (check fails)' : ''}`))
      .filter(Boolean);
    this.readout.textContent = `${spec.xLabel ?? 'step'} ${spec.steps[i]}: ${parts.join(' · ') || 'no value'}`;
  }

  /** Arrow keys, Home and End move the cursor from step to step (the shared cursor follows). */
  onKey(event) {
    const steps = this.current?.steps ?? [];
    if (!this.plot || steps.length === 0) return;
    const last = steps.length - 1;
    const moves = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 };
    let i = this.keyIndex ?? (event.key === 'ArrowLeft' || event.key === 'ArrowDown' ? last + 1 : -1);
    if (event.key in moves) i += moves[event.key];
    else if (event.key === 'Home') i = 0;
    else if (event.key === 'End') i = last;
    else return;
    event.preventDefault();
    this.keyIndex = Math.min(last, Math.max(0, i));
    const u = this.plot;
    const value = this.current.series.map((s) => s.values[this.keyIndex]).find((v) => v != null);
    const top = value == null ? u.bbox.height / 2 / (devicePixelRatio || 1) : u.valToPos(value, 'y');
    u.setCursor({ left: u.valToPos(steps[this.keyIndex], 'x'), top }, true, true); // fire the hooks, move the synced charts
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
