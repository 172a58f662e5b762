// Figure 7: one test image and what each layer makes of it. The image (pixelated, with its
// brightest quadrant Q outlined), its label, and per layer every unit's activity as a strip of
// shaded cells with the code it becomes under the run's binning (the core's code, as the
// information measures count it), the units that changed bin since the previous evaluation
// marked. The run's worker owns the network: the view asks it after each evaluation while the
// panel is shown.

import { shadeRgb, theme } from '../charts/theme.js';
import { el } from '../ui/dom.js';
import { codeName, slotOf } from './layers.js';
import { paintGrey, shade, shadeRange } from './pictures.js';
import { RunChoice } from './run-choice.js';

const QUADRANTS = ['top left', 'top right', 'bottom left', 'bottom right'];
const GROUP = 10; // units per group in the code text

/** Each unit's bin as text: a code's text holds one character per unit, or numbers with spaces. */
const unitTexts = (code) => (code.binCount > 16 ? code.text.split(' ') : [...code.text]);

/** How the codes are made, for the status line. */
function binningWords(config, binCount) {
  if (config.binning === 'threshold') return 'threshold codes: a unit is 1 when its activity is above its threshold (0.5 for sigmoid units and the output, 0 for tanh and ReLU)';
  return `${config.binning} bins, ${binCount} per unit (${binCount <= 16 ? 'one hex digit' : 'one number'} per unit)`;
}

class ActivityDrawing {
  constructor(root, redraw) {
    this.root = root;
    const $ = (s) => root.querySelector(s);
    this.choice = new RunChoice($('.activity-run'), redraw);
    this.imageInput = $('.activity-image');
    this.canvas = $('.activity-canvas');
    this.quadrant = $('.quadrant');
    this.labelText = $('.activity-label');
    this.quadrantText = $('.activity-quadrant');
    this.layersBox = $('.activity-layers');
    this.status = $('.activity-status');
    this.previous = null; // { subject, step, codes } of the last answer shown
    this.answer = null;
    this.flips = null;

    this.imageInput.addEventListener('change', redraw);
    const setImage = (i) => {
      const n = this.imageCount();
      this.imageInput.value = String(((i % n) + n) % n);
      redraw();
    };
    $('.activity-prev').addEventListener('click', () => setImage(this.image - 1));
    $('.activity-next').addEventListener('click', () => setImage(this.image + 1));
    $('.activity-random').addEventListener('click', () => setImage(Math.floor(Math.random() * this.imageCount())));
    new ResizeObserver(() => this.answer && this.renderLayers()).observe(this.layersBox);
  }

  get run() {
    return this.choice.run;
  }

  imageCount() {
    return this.run?.dataInfo?.n ?? 10000;
  }

  get image() {
    const n = Math.floor(Number(this.imageInput.value));
    return Number.isFinite(n) ? Math.min(Math.max(0, n), this.imageCount() - 1) : 0;
  }

  question(runs) {
    if (this.choice.sync(runs)) this.previous = null;
    const run = this.run;
    if (!run || run.state === 'loading' || run.state === 'failed') return null;
    this.imageInput.max = String(this.imageCount() - 1);
    const image = this.image;
    const { index } = this.choice;
    return { run: index, args: { image }, key: JSON.stringify([index, run.generation, run.latest?.step ?? 0, image]) };
  }

  show(answer, runs, context) {
    if (answer.error) {
      this.status.textContent = `Cannot show the activity: ${answer.error}.`;
      return;
    }
    const run = this.run;
    const subject = JSON.stringify([run.generation, answer.image.index, run.label]);
    const codes = answer.layers.map((l) => unitTexts(l.code));
    let flips = null;
    if (this.previous?.subject === subject && this.previous.step !== answer.step) {
      flips = codes.map((code, l) => code.map((b, u) => (b !== this.previous.codes[l]?.[u] ? 1 : 0)));
      this.flipsFrom = this.previous.step;
    } else if (this.previous?.subject === subject) {
      flips = this.flips; // the same evaluation again: keep its marks
    }
    this.previous = { subject, step: answer.step, codes };
    this.flips = flips;
    this.answer = { ...answer, config: run.config, runLabel: run.label, classNames: context.classNames };
    this.renderImage();
    this.renderLayers();
  }

  renderImage() {
    const { image: { pixels, rows, cols, label, quadrant, index }, classNames } = this.answer;
    paintGrey(this.canvas, pixels, rows, cols);
    this.canvas.setAttribute('aria-label', `Test image ${index}`);
    this.quadrant.className = `quadrant q${quadrant}`;
    this.quadrant.hidden = !(quadrant >= 0 && quadrant < 4);
    this.labelText.textContent = `Label X = ${label}${classNames?.[label] ? `: ${classNames[label]}` : ''}`;
    this.quadrantText.textContent = `Brightest quadrant Q = ${quadrant} (${QUADRANTS[quadrant] ?? '?'}, outlined)`;
  }

  /** The title of layer l's block. */
  layerTitle(l) {
    const { config, layers, classNames, predicted } = this.answer;
    const output = l === layers.length - 1;
    const units = layers[l].activity.length;
    const runsLike = [{ config }];
    const autoencoder = config.task === 'autoencode';
    const head = el('p', 'layer-title', output
      ? `${codeName('out', runsLike)}: ${units} output units${autoencoder ? ', the reconstruction' : ''}`
      : `${codeName(slotOf(l, layers.length - 1), runsLike)}: ${units} ${config.activation} units`);
    if (output && !autoencoder && predicted >= 0) {
      head.append(el('span', 'hint', ` · votes for ${predicted}${classNames?.[predicted] ? ` (${classNames[predicted]})` : ''}`));
    }
    return head;
  }

  renderLayers() {
    const { config, layers, step, runLabel } = this.answer;
    const flips = this.flips;
    const blocks = layers.map((layer, l) => {
      const output = l === layers.length - 1;
      const units = layer.activity.length;
      const block = el('div', 'layer-block');
      block.dataset.layer = String(l);
      const { perRow, cell } = this.layout(units);
      const strip = this.strip(layer.activity, shadeRange(config, output, layer.activity), flips?.[l], perRow, cell);
      const code = el('div', 'code');
      code.dataset.testid = `code-${l}`;
      code.dataset.code = layer.code.text;
      const texts = unitTexts(layer.code);
      // One line per row of the strip, in groups of ten units.
      for (let row = 0; row < units; row += perRow) {
        const line = el('div', 'code-row');
        for (let start = row; start < Math.min(units, row + perRow); start += GROUP) {
          const group = el('span', 'code-group');
          for (let u = start; u < Math.min(units, start + GROUP, row + perRow); u += 1) {
            const text = `${texts[u]}${layer.code.binCount > 16 ? ' ' : ''}`;
            group.append(flips?.[l]?.[u] ? el('mark', 'flip', text) : text);
          }
          line.append(group, ' ');
        }
        code.append(line);
      }
      const changed = flips?.[l] ? flips[l].reduce((a, b) => a + b, 0) : null;
      const foot = el('p', 'hint layer-foot', changed == null ? '' : `${changed} of ${units} units changed bin since step ${this.flipsFrom} (marked)`);
      block.append(this.layerTitle(l), strip, code, foot);
      return block;
    });
    this.layersBox.replaceChildren(...blocks);
    this.status.textContent = `${runLabel}, at the evaluation of step ${step}: ${binningWords(config, layers[0].code.binCount)}.`;
  }

  /** Units per row (a multiple of ten, as the code text is grouped) and cell size in pixels. */
  layout(units) {
    const width = Math.max(120, this.layersBox.clientWidth || 600);
    let perRow = units;
    if (units * 9 > width || units > 60) perRow = Math.max(10, Math.min(60, Math.floor(width / 9 / 10) * 10));
    return { perRow, cell: Math.max(6, Math.min(22, Math.floor(width / perRow))) };
  }

  /** Every unit as a cell shaded by its activity (dark = high), changed units outlined. */
  strip(activity, range, flipped, perRow, cell) {
    const { line, flip } = theme();
    const units = activity.length;
    const canvas = el('canvas', 'strip');
    const r = devicePixelRatio || 1;
    const w = Math.min(units, perRow) * cell;
    const h = Math.ceil(units / perRow) * cell;
    canvas.width = Math.round(w * r);
    canvas.height = Math.round(h * r);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    canvas.setAttribute('aria-hidden', 'true');
    const ctx = canvas.getContext('2d');
    ctx.scale(r, r);
    for (let u = 0; u < units; u += 1) {
      const x = (u % perRow) * cell;
      const y = Math.floor(u / perRow) * cell;
      const [cr, cg, cb] = shadeRgb(shade(activity[u], range));
      ctx.fillStyle = `rgb(${cr}, ${cg}, ${cb})`;
      ctx.fillRect(x, y, cell, cell);
      ctx.strokeStyle = line;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
      if (flipped?.[u]) {
        ctx.strokeStyle = flip;
        ctx.lineWidth = 2;
        ctx.strokeRect(x + 1, y + 1, cell - 2, cell - 2);
      }
    }
    return canvas;
  }

  /** The view in words: the image, its label and every layer's code. */
  caption() {
    if (!this.answer) return 'A test image through the layers: not shown yet.';
    const { image, layers, step, runLabel, classNames } = this.answer;
    const name = classNames?.[image.label] ? ` (${classNames[image.label]})` : '';
    const codes = layers.map((layer, l) => `layer ${l + 1}: code ${layer.code.text}`).join('; ');
    return `${runLabel} at step ${step}: test image ${image.index}, label ${image.label}${name}, brightest quadrant ${image.quadrant}. ${codes}.`;
  }
}

export const view = {
  title: 'Layer activity (Figure 7)',
  wide: true,
  template: `
    <h2>A test image through the layers</h2>
    <div class="activity-controls" role="group" aria-label="Run and test image">
      <label>Run <select class="activity-run"></select></label>
      <label>Test image <input class="activity-image" type="number" min="0" step="1" value="0" inputmode="numeric"></label>
      <button type="button" class="secondary activity-prev" aria-label="Previous test image">Previous</button>
      <button type="button" class="secondary activity-next" aria-label="Next test image">Next</button>
      <button type="button" class="secondary activity-random">Random</button>
    </div>
    <div class="activity-body">
      <div class="activity-picture">
        <div class="image-frame">
          <canvas class="activity-canvas" width="28" height="28" role="img" aria-label="Test image"></canvas>
          <span class="quadrant" hidden></span>
        </div>
        <p class="activity-label"></p>
        <p class="activity-quadrant hint"></p>
      </div>
      <div class="activity-layers"></div>
    </div>
    <p class="activity-status hint"></p>`,
  needs: 'activity',
  mount: (panel, { redraw }) => new ActivityDrawing(panel, redraw),
};
