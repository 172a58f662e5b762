// The information plane as a chart (uPlot's x/y mode: uPlot keeps the scales, axes, grid and
// size; the marks are drawn on its canvas): x = H(T), y = I(X;T). One trajectory per layer per
// run: the line in the run's colour, the points filled along the step ramp, a marker shape per
// layer, the latest point larger. What cannot be read is drawn as such: the undersampled band
// (H(T) within the margin of log2 N, hatched) with its points as hollow grey rings, and the
// diagonal I(X;T) = H(T) above which no point can lie. A trajectory may be dashed (a lower
// bound) and `spans` join two points of one evaluation (a lower and an upper bound), faded.

import uPlot from '../vendor/uPlot.esm.js';
import { marker } from './legend.js';
import { fadedColor, font, rampColor, theme } from './theme.js';

/**
 * model = { lines: [{ color, slot, dash?, points: [{ x, y, step, flagged }] }], log2n, marginBits,
 *           hx, lastStep, bandLabel, spans?: [{ color, from: { x, y }, to: { x, y } }] }
 */
export class InformationPlane {
  /** @param box the element the chart goes in (it sets the width) */
  constructor(box) {
    this.box = box;
    this.model = null;
    this.plot = null;
    this.lineCount = -1;
    new ResizeObserver(() => this.fit()).observe(box);
  }

  size() {
    const width = Math.max(240, this.box.clientWidth);
    return { width, height: Math.round(Math.min(440, Math.max(300, width * 0.55))) };
  }

  /** The axes' ends: room for log2 N and H(X), whatever the points. */
  extent() {
    const { lines, log2n, hx } = this.model;
    const points = [...lines.flatMap((l) => l.points), ...(this.model.spans ?? []).flatMap((s) => [s.from, s.to])];
    return {
      x: Math.max(1, log2n ?? 0, ...points.map((p) => p.x)) * 1.04,
      y: Math.max(0.5, hx ?? 0, ...points.map((p) => p.y)) * 1.1,
    };
  }

  draw(model) {
    this.model = model;
    // One x/y series per trajectory, so that uPlot has the points; it draws none of them itself.
    const data = [null, ...(model.lines.length ? model.lines : [{ points: [] }]).map((l) => [l.points.map((p) => p.x), l.points.map((p) => p.y)])];
    if (this.plot && this.lineCount === data.length) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.lineCount = data.length;
    this.plot = new uPlot(this.options(data.length - 1), data, this.box);
  }

  options(seriesCount) {
    const plane = this;
    const { ink, grid } = theme();
    const axis = { stroke: ink, font: font(11), labelFont: font(12, '600'), labelSize: 18, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    return {
      mode: 2,
      ...this.size(),
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: () => [0, plane.extent().x] },
        y: { range: () => [0, plane.extent().y] },
      },
      axes: [
        { ...axis, label: 'H(T) = I(input; T), bits', size: 40 },
        { ...axis, label: 'I(X; T), bits', size: 50 },
      ],
      series: [
        null,
        ...Array.from({ length: seriesCount }, () => ({ paths: () => null, points: { show: false } })),
      ],
      hooks: { draw: [(u) => plane.drawMarks(u)] },
    };
  }

  drawMarks(u) {
    const { lines, log2n, marginBits, hx, lastStep, bandLabel } = this.model;
    const { muted, ring, diagonal, paper } = theme();
    const { ctx } = u;
    const r = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    const X = (v) => u.valToPos(v, 'x', true);
    const Y = (v) => u.valToPos(v, 'y', true);
    const { x: xMax, y: yMax } = this.extent();
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.font = font(11 * r);

    // No code knows more about X than it holds: y <= x.
    ctx.strokeStyle = diagonal;
    ctx.lineWidth = r;
    ctx.setLineDash([2 * r, 4 * r]);
    ctx.beginPath();
    ctx.moveTo(X(0), Y(0));
    ctx.lineTo(X(Math.min(xMax, yMax)), Y(Math.min(xMax, yMax)));
    ctx.stroke();
    ctx.setLineDash([]);

    // The undersampled band, hatched.
    if (log2n) {
      const x0 = X(log2n - marginBits);
      const x1 = X(log2n);
      ctx.fillStyle = fadedColor(ring, 0.08);
      ctx.fillRect(x0, top, x1 - x0, height);
      ctx.strokeStyle = fadedColor(ring, 0.35);
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, top, x1 - x0, height);
      ctx.clip();
      ctx.beginPath();
      for (let d = -height; d < x1 - x0; d += 7 * r) {
        ctx.moveTo(x0 + d, top + height);
        ctx.lineTo(x0 + d + height, top);
      }
      ctx.stroke();
      ctx.restore();
      ctx.fillStyle = muted;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'top';
      ctx.fillText(bandLabel, x0 - 4 * r, top + 4 * r);
    }

    // H(X): the most a code can know about the class.
    if (hx) {
      ctx.strokeStyle = muted;
      ctx.setLineDash([4 * r, 4 * r]);
      ctx.beginPath();
      ctx.moveTo(left, Y(hx));
      ctx.lineTo(left + width, Y(hx));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = muted;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      ctx.fillText(`H(X) = ${hx.toFixed(2)} bits`, left + 4 * r, Y(hx) - 2 * r);
    }

    // Spans between the bounds of one evaluation, faded, under everything else.
    for (const { color, from, to } of this.model.spans ?? []) {
      ctx.strokeStyle = fadedColor(color, 0.3);
      ctx.lineWidth = 3 * r;
      ctx.beginPath();
      ctx.moveTo(X(from.x), Y(from.y));
      ctx.lineTo(X(to.x), Y(to.y));
      ctx.stroke();
    }

    // Trajectories: lines first, then the points over every line.
    for (const { color, points, dash } of lines) {
      if (points.length < 2) continue;
      ctx.strokeStyle = color;
      ctx.globalAlpha = 0.75;
      ctx.lineWidth = 1.5 * r;
      ctx.setLineDash((dash ?? []).map((v) => v * r));
      ctx.beginPath();
      points.forEach((p, i) => (i ? ctx.lineTo(X(p.x), Y(p.y)) : ctx.moveTo(X(p.x), Y(p.y))));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }
    for (const { color, slot, points } of lines) {
      points.forEach((p, i) => {
        const latest = i === points.length - 1;
        marker(ctx, slot, X(p.x), Y(p.y), (latest ? 6 : 4) * r);
        ctx.fillStyle = p.flagged ? paper : rampColor(p.step / lastStep);
        ctx.fill();
        ctx.lineWidth = (latest ? 2 : 1.25) * r;
        ctx.strokeStyle = p.flagged ? ring : color;
        ctx.stroke();
      });
    }
    ctx.restore();
  }

  fit() {
    if (this.plot) this.plot.setSize(this.size());
  }
}
