// A panel of small multiples: one LineChart per quantity or per layer, one shared legend
// (runs by colour, layers and quantities by line style), notes under the charts (the honesty
// cues) and a text alternative. What to draw comes from a view (see dynamics-views.js and
// info-views.js):
//
//   view.charts(runs, context)  -> [{ key, ...LineChart spec }]
//   view.legend(runs, context)  -> { runs: [{ label, color, note? }], styles: [{ label, dash, faded? }] }
//   view.notes(runs, context)   -> [{ text, tone: 'warn' | 'fail' | 'ok' | '' }]
//   view.caption(runs, context) -> the chart in words
//
// A hidden panel is not drawn; it catches up when shown.

import { LineChart } from './line-chart.js';
import { fadedColor } from './palette.js';

/** A short line in a colour and dash, as the legend's sample of a series style. */
export function lineSample(color, dash = [], width = 2) {
  const canvas = document.createElement('canvas');
  const r = devicePixelRatio || 1;
  canvas.width = 28 * r;
  canvas.height = 10 * r;
  canvas.className = 'line-sample';
  const ctx = canvas.getContext('2d');
  ctx.strokeStyle = color;
  ctx.lineWidth = width * r;
  ctx.setLineDash(dash.map((d) => d * r));
  ctx.beginPath();
  ctx.moveTo(0, 5 * r);
  ctx.lineTo(28 * r, 5 * r);
  ctx.stroke();
  return canvas;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  return el;
}

/** A key that changes whenever any run has new evaluations or a new Lab. */
export function dataKey(runs, context) {
  return JSON.stringify([runs.map((run) => [run.generation, run.history.length, run.label]), context?.dataInfo ?? null]);
}

export class ChartGroup {
  /**
   * @param figure the panel: holds .multiples, .legend, .notes and a figcaption
   * @param view what to draw (see above)
   * @param height of each chart's plot in CSS pixels
   */
  constructor(figure, view, height = 220) {
    this.figure = figure;
    this.view = view;
    this.height = height;
    this.box = figure.querySelector('.multiples');
    this.legendBox = figure.querySelector('.legend');
    this.notesBox = figure.querySelector('.notes');
    this.caption = figure.querySelector('figcaption');
    this.charts = new Map(); // key -> { cell, chart }
    this.drawnKey = null;
    this.legendKey = null;
    this.notesKey = null;
    new ResizeObserver(() => this.fit()).observe(this.box);
  }

  get visible() {
    return !this.figure.hidden && this.figure.offsetParent !== null;
  }

  /** Forgets what was drawn (new runs): the next update redraws everything. */
  setRuns() {
    this.drawnKey = null;
  }

  update(runs, context = {}) {
    if (!this.visible) return;
    const key = dataKey(runs, context);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const specs = this.view.charts(runs, context);
    this.syncCharts(specs);
    for (const spec of specs) this.charts.get(spec.key).chart.draw(spec);
    this.renderLegend(this.view.legend(runs, context));
    this.renderNotes(this.view.notes?.(runs, context) ?? []);
    const text = this.view.caption(runs, context);
    if (this.caption && this.caption.textContent !== text) this.caption.textContent = text;
  }

  /** One cell per spec, in the specs' order; cells of keys no longer drawn go. */
  syncCharts(specs) {
    const keys = specs.map((s) => s.key);
    for (const [key, { cell, chart }] of this.charts) {
      if (keys.includes(key)) continue;
      chart.destroy();
      cell.remove();
      this.charts.delete(key);
    }
    for (const key of keys) {
      if (this.charts.has(key)) continue;
      const cell = element('div', 'multiple');
      cell.dataset.chart = key;
      const plot = element('div', 'plot');
      const readout = element('p', 'readout');
      cell.append(plot, readout);
      this.charts.set(key, { cell, chart: new LineChart(plot, readout, this.height) });
    }
    this.box.replaceChildren(...keys.map((key) => this.charts.get(key).cell));
    this.box.classList.toggle('single', keys.length === 1);
  }

  renderLegend(legend) {
    const key = JSON.stringify(legend);
    if (!this.legendBox || key === this.legendKey) return;
    this.legendKey = key;
    const items = [];
    for (const run of legend.runs) {
      const item = element('span', 'legend-run');
      item.dataset.run = run.label;
      const swatch = element('span', 'swatch');
      swatch.style.background = run.color;
      item.append(swatch, element('span', 'legend-label', run.label));
      if (run.note) item.append(element('span', 'legend-note', ` (${run.note})`));
      items.push(item);
    }
    for (const style of legend.styles) {
      const item = element('span', 'legend-style');
      const color = style.faded ? fadedColor('#1c2433', 0.45) : '#1c2433';
      item.append(lineSample(color, style.dash, style.width ?? 2), element('span', 'legend-label', style.label));
      items.push(item);
    }
    this.legendBox.replaceChildren(...items);
  }

  renderNotes(notes) {
    const key = JSON.stringify(notes);
    if (!this.notesBox || key === this.notesKey) return;
    this.notesKey = key;
    this.notesBox.replaceChildren(...notes.map((note) => {
      const p = element('p', `note${note.tone ? ` note-${note.tone}` : ''}`, note.text);
      if (note.tone) p.dataset.tone = note.tone;
      return p;
    }));
  }

  fit() {
    for (const { chart } of this.charts.values()) chart.fit();
  }
}
