// Lesions: silence units of a hidden layer in a copy of the network at its last evaluation
// (chosen units, a random fraction, or the most class-selective first) and see at once the
// copy's test accuracy and every layer's information measures beside the intact network's;
// and the lesion curve: test accuracy against the fraction silenced, random order against
// most selective first. Training is never touched: the run's worker evaluates a lesioned copy
// (lab.lesion, lab.lesionCurve). The curve costs 22 evaluations of the test set, so it is
// drawn when the run is not training (paused or done), or when asked for.

import { SmallMultiples } from '../charts/small-multiples.js';
import { theme } from '../charts/theme.js';
import { el } from '../ui/dom.js';
import { analysable, classifies, num, questionKey, syncLayers } from './analysis-parts.js';
import { RunChoice } from './run-choice.js';
import { pct } from './series.js';

const ORDERS = { random: 'random order', most_selective_first: 'most selective first' };

class LesionDrawing {
  constructor(root, redraw, key) {
    const $ = (s) => root.querySelector(s);
    this.root = root;
    this.redraw = redraw;
    this.choice = new RunChoice($('.lesion-run'), redraw, classifies);
    this.layer = $('.lesion-layer');
    this.kind = $('.lesion-kind');
    this.fraction = $('.lesion-fraction');
    this.units = $('.lesion-units');
    this.result = $('.lesion-result');
    this.status = $('.lesion-status');
    this.announce = $('.lesion-announce'); // live: the outcome of the reader's Apply, not each evaluation's
    this.announceNext = false;
    this.multiples = new SmallMultiples($('.lesion-curve'), { height: 200, sync: key });
    this.applied = { kind: 'random', fraction: 0.5 }; // the lesion last asked for
    this.curveAsked = false;
    this.words = '';
    this.error = '';
    $('.lesion-apply').addEventListener('click', () => this.apply());
    $('.lesion-curve-now').addEventListener('click', () => {
      this.curveAsked = true;
      redraw();
    });
    this.layer.addEventListener('change', redraw);
    this.kind.addEventListener('change', () => {
      this.units.closest('label').hidden = this.kind.value !== 'list';
      this.fraction.closest('label').hidden = this.kind.value === 'list';
    });
    this.units.closest('label').hidden = true;
  }

  /** The lesion the controls describe, or null (with the reason shown) when they are wrong. */
  spec() {
    if (this.kind.value === 'list') {
      const parts = this.units.value.split(/[\s,]+/).filter(Boolean);
      const units = parts.map(Number);
      if (units.some((u) => !Number.isInteger(u) || u < 0)) {
        this.error = `Units: "${this.units.value}" is not a list of unit numbers (0, 1, 2, …).`;
        return null;
      }
      return { kind: 'list', units };
    }
    const fraction = Number(this.fraction.value);
    if (!(fraction >= 0 && fraction <= 1)) {
      this.error = `Fraction: ${this.fraction.value} is not between 0 and 1.`;
      return null;
    }
    return { kind: this.kind.value, fraction };
  }

  apply() {
    this.error = '';
    const spec = this.spec();
    if (spec) this.applied = spec;
    else this.status.textContent = this.error;
    this.announceNext = Boolean(spec);
    if (!spec) this.announce.textContent = this.error;
    this.redraw();
  }

  question(runs) {
    this.choice.sync(runs);
    const run = this.choice.run;
    if (!analysable(run)) return null;
    const layer = syncLayers(this.layer, run);
    const curve = this.curveAsked || run.state !== 'running';
    return { run: this.choice.index, args: { layer, spec: this.applied, curve }, key: questionKey(this.choice.index, run, layer, this.applied, curve) };
  }

  /** Announces the status once after the reader's Apply (later evaluations update it quietly). */
  said() {
    if (!this.announceNext) return;
    this.announceNext = false;
    this.announce.textContent = this.status.textContent;
  }

  show(answer) {
    const run = this.choice.run;
    if (answer.error) {
      this.status.textContent = `Cannot lesion the copy: ${answer.error}.`;
      this.words = this.status.textContent;
      this.said();
      return;
    }
    const { lesion, curve, step, layer } = answer;
    const intact = run.history.find((m) => m.step === step) ?? run.latest ?? {};
    const what = this.applied.kind === 'list'
      ? `units ${lesion.silenced.join(', ') || 'none'}`
      : `${pct(this.applied.fraction)} of the units, ${ORDERS[this.applied.kind]}`;
    this.fillResult(intact, lesion);
    const lesioned = `${run.label} at step ${step}, hidden layer ${layer + 1}, a copy with ${lesion.silenced.length} units silenced (${what}): ` +
      `test accuracy ${pct(lesion.test_acc)} against ${pct(intact.test_acc)} intact.`;
    this.status.textContent = `${lesioned} Training goes on untouched.`;
    this.said();
    let curveWords = 'Lesion curve: drawn when the run is paused or done, or with "Lesion curve now".';
    if (curve) {
      this.drawCurve(curve);
      curveWords = `Lesion curve (test accuracy against the fraction silenced): ${Object.entries(ORDERS).map(([order, label]) =>
        `${label} ${curve.filter((p) => p.order === order).map((p) => `${p.fraction.toFixed(1)}: ${pct(p.test_acc)}`).join(', ')}`).join('; ')}.`;
      this.curveAsked = false;
    }
    this.words = `${lesioned} ${curveWords}`;
    this.root.dataset.step = String(step);
  }

  fillResult(intact, lesion) {
    const head = el('tr');
    for (const text of ['', 'intact', 'lesioned copy']) head.append(Object.assign(el('th', '', text), { scope: 'col' }));
    const row = (label, a, b) => {
      const tr = el('tr');
      tr.append(Object.assign(el('th', '', label), { scope: 'row' }), el('td', '', a), el('td', '', b));
      return tr;
    };
    const rows = [row('test accuracy', pct(intact.test_acc), pct(lesion.test_acc)), row('test loss', num(intact.test_loss, 4), num(lesion.test_loss, 4))];
    lesion.info.forEach((info, l) => {
      const name = l === lesion.info.length - 1 ? 'output' : `hidden layer ${l + 1}`;
      rows.push(row(`I(X;T) ${name}, bits`, num(intact.info?.[l]?.i_x_t_bits), num(info.i_x_t_bits)));
      rows.push(row(`H(T) ${name}, bits`, num(intact.info?.[l]?.h_t_bits), num(info.h_t_bits)));
    });
    this.result.replaceChildren(el('thead'), el('tbody'));
    this.result.tHead.append(head);
    this.result.tBodies[0].append(...rows);
  }

  drawCurve(curve) {
    const fractions = [...new Set(curve.map((p) => p.fraction))];
    const colours = theme().runs;
    this.multiples.draw([{
      key: 'lesion-curve',
      title: 'Lesion curve',
      yLabel: 'test accuracy',
      xLabel: 'fraction silenced',
      percent: true,
      range: () => [0, 1],
      format: pct,
      legend: true,
      steps: fractions,
      series: Object.entries(ORDERS).map(([order, label], i) => ({
        label,
        stroke: colours[i],
        width: 2,
        values: fractions.map((f) => curve.find((p) => p.order === order && p.fraction === f)?.test_acc ?? null),
      })),
      refs: [],
    }]);
  }

  caption() {
    return this.words || 'Lesions: not shown yet.';
  }
}

export const view = {
  title: 'Lesions',
  wide: true,
  template: `
    <h2>Lesions: silence units in a copy and watch behaviour fail</h2>
    <p class="hint">The lesion acts on a copy of the network at its last evaluation: training goes on
      untouched. Silenced units output 0.</p>
    <div class="activity-controls" role="group" aria-label="Run, layer and lesion">
      <label>Run <select class="lesion-run"></select></label>
      <label>Layer <select class="lesion-layer"><option value="0">hidden layer 1</option></select></label>
      <label>Silence
        <select class="lesion-kind">
          <option value="random" selected>a random fraction</option>
          <option value="most_selective_first">the most selective first</option>
          <option value="list">chosen units</option>
        </select>
      </label>
      <label>Fraction <input class="lesion-fraction" type="number" min="0" max="1" step="0.1" value="0.5"></label>
      <label>Units <input class="lesion-units" type="text" placeholder="0, 5, 17"></label>
      <button type="button" class="lesion-apply">Lesion</button>
      <button type="button" class="secondary lesion-curve-now">Lesion curve now</button>
    </div>
    <p class="lesion-status hint"></p>
    <p class="lesion-announce visually-hidden" aria-live="polite"></p>
    <table class="lesion-result"></table>
    <div class="lesion-curve"></div>`,
  needs: 'lesion',
  mount: (panel, { redraw, key }) => new LesionDrawing(panel, redraw, key),
};
