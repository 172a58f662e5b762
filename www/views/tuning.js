// Tuning and selectivity: a hidden unit's tuning curve (its mean activity on each class's test
// images, with the standard error of that mean), the layer's units in a table (selectivity
// index, preferred class, lifetime sparseness), and the layer's distributions over training:
// the mean selectivity, lifetime and population sparseness against step, and each
// distribution per evaluation as a heat map (a column per evaluation, the fraction of units or
// images in each tenth of [0, 1]). Every number is the core's (lab.analysis at the last
// evaluation, lab.analysisSummaries over training), asked of the run's worker after each
// evaluation while the panel is shown.

import { fadedColor, font, theme } from '../charts/theme.js';
import { SmallMultiples } from '../charts/small-multiples.js';
import { el } from '../ui/dom.js';
import { analysable, classifies, className, num, paintDistributions, questionKey, syncLayers } from './analysis-parts.js';
import { RunChoice } from './run-choice.js';

const TABLE_ROWS = 12; // units listed, most selective first
const CURVE = { width: 420, height: 170, left: 40, bottom: 24, top: 8 };

const nanToNull = (values) => Array.from(values, (v) => (Number.isFinite(v) ? v : null));

class TuningDrawing {
  constructor(root, redraw, key) {
    const $ = (s) => root.querySelector(s);
    this.root = root;
    this.choice = new RunChoice($('.tuning-run'), redraw, classifies);
    this.layer = $('.tuning-layer');
    this.unitInput = $('.tuning-unit');
    this.curve = $('.tuning-curve');
    this.table = $('.tuning-table tbody');
    this.status = $('.tuning-status');
    this.maps = [...root.querySelectorAll('.tuning-map')];
    this.multiples = new SmallMultiples($('.tuning-over'), { height: 180, sync: key });
    this.answer = null;
    this.words = '';
    this.layer.addEventListener('change', redraw);
    // Another unit: asked again, so that the text alternative follows (the host writes it).
    this.unitInput.addEventListener('change', redraw);
    const pick = (event) => {
      const row = event.target.closest('tr[data-unit]');
      if (!row || (event.type === 'keydown' && event.key !== 'Enter')) return;
      this.unitInput.value = row.dataset.unit;
      redraw();
    };
    this.table.addEventListener('click', pick);
    this.table.addEventListener('keydown', pick);
  }

  question(runs) {
    this.choice.sync(runs);
    const run = this.choice.run;
    if (!analysable(run)) return null;
    const layer = syncLayers(this.layer, run);
    return { run: this.choice.index, args: { layer }, key: questionKey(this.choice.index, run, layer) };
  }

  show(answer, runs, context) {
    if (answer.error) {
      this.status.textContent = `Cannot show the tuning: ${answer.error}.`;
      this.words = this.status.textContent;
      return;
    }
    this.answer = answer;
    this.names = context.classNames;
    const { analysis } = answer;
    this.unitInput.max = String(analysis.units - 1);
    if (Number(this.unitInput.value) >= analysis.units) this.unitInput.value = '0';
    this.fillTable();
    this.drawUnit();
    this.drawOverTraining();
    this.root.dataset.step = String(answer.step);
  }

  /** The most selective units (sorted for display by the core's index), one row each. */
  fillTable() {
    const { analysis } = this.answer;
    const units = Array.from({ length: analysis.units }, (_, u) => u).sort((a, b) => analysis.selectivity[b] - analysis.selectivity[a] || a - b);
    this.table.replaceChildren(...units.slice(0, TABLE_ROWS).map((u) => {
      const row = el('tr');
      row.dataset.unit = String(u);
      row.tabIndex = 0;
      for (const text of [`${u}`, num(analysis.selectivity[u]), className(this.names, analysis.preferred[u]), num(analysis.lifetimeSparseness[u])]) row.append(el('td', '', text));
      return row;
    }));
  }

  /** The chosen unit's tuning curve: a bar per class, the mean ± its standard error as a whisker. */
  drawUnit() {
    const { analysis, step } = this.answer;
    const run = this.choice.run;
    const u = Math.min(analysis.units - 1, Math.max(0, Number(this.unitInput.value) || 0));
    const units = analysis.units;
    const means = Array.from({ length: 10 }, (_, c) => analysis.tuningMean[c * units + u]);
    const sems = Array.from({ length: 10 }, (_, c) => analysis.tuningSem[c * units + u]);
    const { ink, muted, runs: colours } = theme();
    const dpr = devicePixelRatio || 1;
    const canvas = this.curve;
    canvas.width = CURVE.width * dpr;
    canvas.height = CURVE.height * dpr;
    canvas.style.width = `${CURVE.width}px`;
    canvas.style.maxWidth = '100%';
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, CURVE.width, CURVE.height);
    const range = run.config.activation === 'tanh' ? [-1, 1] : [0, Math.max(1, ...means.map((m, c) => m + sems[c]))];
    const plotH = CURVE.height - CURVE.bottom - CURVE.top;
    const y = (v) => CURVE.top + plotH * (1 - (v - range[0]) / (range[1] - range[0]));
    const slot = (CURVE.width - CURVE.left) / 10;
    ctx.font = font(11);
    ctx.fillStyle = muted;
    ctx.fillText(range[1].toFixed(1), 4, CURVE.top + 8);
    ctx.fillText(range[0].toFixed(1), 4, CURVE.top + plotH);
    for (let c = 0; c < 10; c += 1) {
      const x = CURVE.left + c * slot;
      ctx.fillStyle = fadedColor(colours[0], c === analysis.preferred[u] ? 0.95 : 0.55);
      const base = y(Math.max(range[0], 0));
      ctx.fillRect(x + slot * 0.15, Math.min(base, y(means[c])), slot * 0.7, Math.abs(base - y(means[c])));
      ctx.strokeStyle = ink;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x + slot / 2, y(means[c] - sems[c]));
      ctx.lineTo(x + slot / 2, y(means[c] + sems[c]));
      ctx.stroke();
      ctx.fillStyle = ink;
      ctx.fillText(String(c), x + slot / 2 - 3, CURVE.height - 8);
    }
    const curve = means.map((m, c) => `${className(this.names, c)} ${num(m)} ± ${num(sems[c])}`).join(', ');
    this.status.textContent = `${run.label}, hidden layer ${this.answer.layer + 1}, step ${step}: unit ${u}, selectivity ${num(analysis.selectivity[u])}, ` +
      `prefers ${className(this.names, analysis.preferred[u])}, lifetime sparseness ${num(analysis.lifetimeSparseness[u])}.`;
    this.unitWords = `Unit ${u}'s mean activity per class (± standard error): ${curve}.`;
    this.describe();
  }

  /** The means against step (uPlot) and the distributions as heat maps, from the core's summaries. */
  drawOverTraining() {
    const { summaries } = this.answer;
    const steps = [...summaries.steps];
    const { runs: colours } = theme();
    const series = [
      ['selectivity', summaries.selectivityMean, colours[0]],
      ['lifetime sparseness', summaries.lifetimeMean, colours[1]],
      ['population sparseness', summaries.populationMean, colours[2]],
    ];
    this.multiples.draw([{
      key: 'tuning-means',
      title: 'Layer means over training',
      yLabel: 'mean',
      range: () => [0, 1],
      format: (v) => v.toFixed(3),
      legend: true,
      steps,
      series: series.map(([label, values, stroke]) => ({ label, stroke, width: 2, values: nanToNull(values) })),
      refs: [],
    }]);
    const fractions = [summaries.selectivityFractions, summaries.lifetimeFractions, summaries.populationFractions];
    this.maps.forEach((canvas, i) => {
      paintDistributions(canvas, fractions[i], steps.length, summaries.bins);
      canvas.style.width = '100%';
      canvas.style.height = '90px';
    });
    const last = steps.length - 1;
    this.trainingWords = last < 0 ? 'No summaries over training yet.' :
      `Over training (${steps.length} evaluations, steps ${steps[0]} to ${steps[last]}): mean selectivity ${num(summaries.selectivityMean[0])} to ${num(summaries.selectivityMean[last])}, ` +
      `mean lifetime sparseness ${num(summaries.lifetimeMean[0])} to ${num(summaries.lifetimeMean[last])}, mean population sparseness ${num(summaries.populationMean[0])} to ${num(summaries.populationMean[last])}.`;
    this.describe();
  }

  describe() {
    const run = this.choice.run;
    if (!this.answer || !run) return;
    this.words = `Tuning of ${run.label}, hidden layer ${this.answer.layer + 1}, at step ${this.answer.step}. ${this.unitWords ?? ''} ${this.trainingWords ?? ''}`.trim();
  }

  caption() {
    return this.words || 'Tuning: not shown yet.';
  }
}

export const view = {
  title: 'Tuning and selectivity',
  wide: true,
  template: `
    <h2>Tuning and selectivity of the hidden units</h2>
    <p class="hint">A unit's tuning curve: its mean activity on each class (bar, the preferred class darker)
      with the standard error of that mean (whisker). Selectivity: 0 when every class drives the unit
      alike, 1 when only one does (Morcos et al. 2018). Sparseness (Treves–Rolls): lifetime, how few
      images drive a unit; population, how few units an image drives. Click a row for its curve.</p>
    <div class="activity-controls" role="group" aria-label="Run, layer and unit">
      <label>Run <select class="tuning-run"></select></label>
      <label>Layer <select class="tuning-layer"><option value="0">hidden layer 1</option></select></label>
      <label>Unit <input class="tuning-unit" type="number" min="0" value="0"></label>
    </div>
    <canvas class="tuning-curve" width="1" height="1" aria-hidden="true"></canvas>
    <p class="tuning-status hint"></p>
    <table class="tuning-table">
      <caption class="hint">The most selective units</caption>
      <thead><tr><th scope="col">unit</th><th scope="col">selectivity</th><th scope="col">prefers</th><th scope="col">lifetime sparseness</th></tr></thead>
      <tbody></tbody>
    </table>
    <div class="tuning-over"></div>
    <p class="hint">Distributions over training, one column per evaluation (left: first), the fraction in each tenth of [0, 1] (bottom: 0) as a shade:</p>
    <p class="hint">selectivity</p><canvas class="tuning-map" width="1" height="1" aria-hidden="true"></canvas>
    <p class="hint">lifetime sparseness</p><canvas class="tuning-map" width="1" height="1" aria-hidden="true"></canvas>
    <p class="hint">population sparseness</p><canvas class="tuning-map" width="1" height="1" aria-hidden="true"></canvas>`,
  needs: 'tuning',
  mount: (panel, { redraw, key }) => new TuningDrawing(panel, redraw, key),
};
