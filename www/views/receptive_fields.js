// Receptive fields: every unit of a hidden layer as a 28×28 tile. For the first hidden layer
// a tile is the unit's input weights (the core's diverging map: red excites, blue inhibits,
// white is zero, one colour scale for the whole layer); for a deeper layer it is the unit's
// spike-triggered average (the test images averaged, weighted by the unit's activity above its
// floor: grey). Tiles most class-selective first, or in the units' own order. The run's worker
// draws the picture (lab.receptiveFieldsIn) after each evaluation while the panel is shown.

import { analysable, classifies, className, num, paintRgba, questionKey, syncLayers } from './analysis-parts.js';
import { RunChoice } from './run-choice.js';

class ReceptiveFieldDrawing {
  constructor(root, redraw) {
    const $ = (s) => root.querySelector(s);
    this.root = root;
    this.choice = new RunChoice($('.rf-run'), redraw, classifies);
    this.layer = $('.rf-layer');
    this.order = $('.rf-order');
    this.canvas = $('.rf-canvas');
    this.key = $('.rf-key');
    this.status = $('.rf-status');
    this.words = '';
    this.layer.addEventListener('change', redraw);
    this.order.addEventListener('change', redraw);
  }

  question(runs) {
    this.choice.sync(runs);
    const run = this.choice.run;
    if (!analysable(run)) {
      this.status.textContent = run ? `${run.label} has no receptive fields to show yet.` : 'No run yet.';
      return null;
    }
    const layer = syncLayers(this.layer, run);
    const bySelectivity = this.order.value === 'selectivity';
    return { run: this.choice.index, args: { layer, bySelectivity }, key: questionKey(this.choice.index, run, layer, bySelectivity) };
  }

  show(answer, runs, context) {
    if (answer.error) {
      this.status.textContent = `Cannot show the receptive fields: ${answer.error}.`;
      this.words = this.status.textContent;
      return;
    }
    const run = this.choice.run;
    paintRgba(this.canvas, answer);
    const scale = 3; // CSS pixels per image pixel
    this.canvas.style.width = `${answer.width * scale}px`;
    this.canvas.style.maxWidth = '100%';
    const first = answer.layer === 0;
    this.key.textContent = first
      ? 'Each tile: one unit\'s input weights. Red: a bright pixel there excites the unit; blue: it inhibits it; white: no effect. One colour scale for the whole layer.'
      : 'Each tile: one unit\'s spike-triggered average, the test images averaged with the unit\'s activity as weights (white: no input, dark: bright pixels that drive it).';
    const bySelectivity = this.order.value === 'selectivity';
    const top = [...answer.order.slice(0, 3)].map((u) => `unit ${u} (selectivity ${num(answer.selectivity[u])}, prefers ${className(context.classNames, answer.preferred[u])})`);
    this.status.textContent = `${run.label}, hidden layer ${answer.layer + 1}, at the evaluation of step ${answer.step}: ${answer.units} units, ` +
      `${answer.columns} tiles a row, ${bySelectivity ? 'most class-selective first' : 'in unit order'}.`;
    this.words = `Receptive fields (${first ? 'input weights' : 'spike-triggered averages'}) of ${run.label}, hidden layer ${answer.layer + 1}, at step ${answer.step}: ` +
      `${answer.units} tiles of ${answer.tileRows}×${answer.tileCols} pixels, ${bySelectivity ? 'most class-selective first' : 'in unit order'}. ` +
      `First tiles: ${top.join('; ')}.`;
    this.root.dataset.step = String(answer.step);
  }

  caption() {
    return this.words || 'Receptive fields: not shown yet.';
  }
}

export const view = {
  title: 'Receptive fields',
  wide: true,
  template: `
    <h2>Receptive fields: what each hidden unit looks at</h2>
    <p class="hint">Every hidden unit as a 28×28 picture of what drives it, redrawn at every evaluation.</p>
    <div class="activity-controls" role="group" aria-label="Run, layer and order of the receptive fields">
      <label>Run <select class="rf-run"></select></label>
      <label>Layer <select class="rf-layer"><option value="0">hidden layer 1</option></select></label>
      <label>Order
        <select class="rf-order">
          <option value="selectivity" selected>most selective first</option>
          <option value="unit">unit order</option>
        </select>
      </label>
    </div>
    <p class="rf-key hint"></p>
    <canvas class="rf-canvas" width="1" height="1" aria-hidden="true"></canvas>
    <p class="rf-status hint"></p>`,
  needs: 'receptiveFields',
  mount: (panel, { redraw }) => new ReceptiveFieldDrawing(panel, redraw),
};
