// Figure 7: one test image and what each layer makes of it. The image (pixelated, with its
// brightest quadrant W outlined), its label, and per layer every unit's activity as a strip of
// shaded cells with the code it becomes under the run's binning, the units that changed since
// the previous evaluation marked. The run's worker owns the network, so the view asks it
// (run.requestActivity) after each evaluation while the panel is shown.

import { binText, codeText, thresholdOf } from './codes.js';
import { codeName, slotOf } from './layers.js';

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const QUADRANTS = ['top left', 'top right', 'bottom left', 'bottom right'];
const GROUP = 10; // units per group in the code text

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** The range a layer's activity is shaded over. */
export function shadeRange(config, output, activity) {
  if (output || config.activation === 'sigmoid') return [0, 1];
  if (config.activation === 'tanh') return [-1, 1];
  return [0, Math.max(1e-9, ...activity)];
}

export class ActivityView {
  /**
   * @param root the panel
   * @param classNames () => label names of the data in use, or null for plain numbers
   */
  constructor(root, classNames = () => null) {
    this.root = root;
    this.classNames = classNames;
    const $ = (s) => root.querySelector(s);
    this.runSelect = $('.activity-run');
    this.imageInput = $('.activity-image');
    this.canvas = $('.activity-canvas');
    this.quadrant = $('.quadrant');
    this.labelText = $('.activity-label');
    this.quadrantText = $('.activity-quadrant');
    this.layersBox = $('.activity-layers');
    this.status = $('.activity-status');
    this.runs = [];
    this.pending = false;
    this.shownKey = null;
    this.previous = null; // { key, step, codes } of the last answer shown
    this.answer = null;

    this.runSelect.addEventListener('change', () => this.refresh());
    this.imageInput.addEventListener('change', () => this.refresh());
    $('.activity-prev').addEventListener('click', () => this.moveImage(-1));
    $('.activity-next').addEventListener('click', () => this.moveImage(1));
    $('.activity-random').addEventListener('click', () => this.setImage(Math.floor(Math.random() * this.imageCount())));
    new ResizeObserver(() => this.answer && this.renderLayers(this.answer, this.flips)).observe(this.layersBox);
  }

  get visible() {
    return !this.root.hidden && this.root.offsetParent !== null;
  }

  get run() {
    return this.runs[Number(this.runSelect.value)] ?? this.runs[0] ?? null;
  }

  imageCount() {
    return this.run?.dataInfo?.n ?? this.run?.latest?.info?.[0]?.n ?? 10000;
  }

  get image() {
    const n = Math.floor(Number(this.imageInput.value));
    return Number.isFinite(n) ? Math.min(Math.max(0, n), this.imageCount() - 1) : 0;
  }

  setImage(i) {
    const n = this.imageCount();
    this.imageInput.value = String(((i % n) + n) % n);
    this.refresh();
  }

  moveImage(delta) {
    this.setImage(this.image + delta);
  }

  setRuns(runs) {
    const chosen = Math.min(Number(this.runSelect.value) || 0, Math.max(0, runs.length - 1));
    this.runs = runs;
    this.runSelect.replaceChildren(...runs.map((run, i) => new Option(run.label, String(i))));
    this.runSelect.value = String(chosen);
    this.shownKey = null;
    this.previous = null;
  }

  refresh() {
    this.shownKey = null;
    this.update(this.runs);
  }

  /** Asks the worker again when the run has a newer evaluation or another image is chosen. */
  update(runs) {
    this.runs = runs;
    if (!this.visible || this.pending) return;
    const run = this.run;
    if (!run || run.state === 'loading' || run.state === 'failed') return;
    this.imageInput.max = String(this.imageCount() - 1);
    const image = this.image;
    const key = JSON.stringify([Number(this.runSelect.value), run.generation, run.latest?.step ?? 0, image]);
    if (key === this.shownKey) return;
    this.pending = true;
    run.requestActivity(image).then((answer) => {
      this.pending = false;
      if (answer && !answer.error) {
        this.shownKey = key;
        this.show(run, answer);
      } else if (answer?.error) {
        this.shownKey = key;
        this.status.textContent = `Cannot show the activity: ${answer.error}.`;
      }
      this.update(this.runs); // something newer may have arrived meanwhile
    });
  }

  show(run, answer) {
    const subject = JSON.stringify([run.generation, answer.image.index, run.label]);
    const codes = answer.layers.map((l) => l.bins);
    let flips = null;
    if (this.previous?.subject === subject && this.previous.step !== answer.step) {
      flips = codes.map((code, l) => (code && this.previous.codes[l] ? code.map((b, u) => (b !== this.previous.codes[l][u] ? 1 : 0)) : null));
      this.flipsFrom = this.previous.step;
    } else if (this.previous?.subject === subject) {
      flips = this.flips; // the same evaluation again (a resize): keep its marks
    }
    this.previous = { subject, step: answer.step, codes };
    this.flips = flips;
    this.answer = { ...answer, config: run.config, runLabel: run.label };
    this.renderImage(answer.image);
    this.renderLayers(this.answer, flips);
  }

  renderImage({ pixels, rows, cols, label, quadrant, index }) {
    this.canvas.width = cols;
    this.canvas.height = rows;
    const ctx = this.canvas.getContext('2d');
    const data = ctx.createImageData(cols, rows);
    for (let i = 0; i < pixels.length; i += 1) {
      data.data.set([pixels[i], pixels[i], pixels[i], 255], i * 4);
    }
    ctx.putImageData(data, 0, 0);
    this.canvas.setAttribute('aria-label', `Test image ${index}`);
    this.quadrant.className = `quadrant q${quadrant}`;
    this.quadrant.hidden = !(quadrant >= 0 && quadrant < 4);
    const names = this.classNames();
    this.labelText.textContent = `Label X = ${label}${names?.[label] ? `: ${names[label]}` : ''}`;
    this.quadrantText.textContent = `Brightest quadrant W = ${quadrant} (${QUADRANTS[quadrant] ?? '?'}, outlined)`;
  }

  renderLayers(answer, flips) {
    const { config, layers, binCount, step } = answer;
    const depth = layers.length;
    const runsLike = [{ config }];
    const blocks = layers.map((layer, l) => {
      const output = l === depth - 1;
      const units = layer.activity.length;
      const block = el('div', 'layer-block');
      block.dataset.layer = String(l);
      const autoencoder = config.task === 'autoencode';
      const title = output
        ? `${codeName('out', runsLike)}: ${units} output units${autoencoder ? ', the reconstruction' : ''}`
        : `${codeName(slotOf(l, depth - 1), runsLike)}: ${units} ${config.activation} units`;
      const head = el('p', 'layer-title', title);
      if (output && !autoencoder) {
        const best = layer.activity.indexOf(Math.max(...layer.activity));
        const names = this.classNames();
        head.append(el('span', 'hint', ` · votes for ${best}${names?.[best] ? ` (${names[best]})` : ''}`));
      }
      const { perRow, cell } = this.layout(units);
      const strip = this.strip(layer.activity, shadeRange(config, output, layer.activity), flips?.[l], perRow, cell);
      const code = el('div', 'code');
      code.dataset.testid = `code-${l}`;
      if (layer.bins) {
        code.dataset.code = codeText(layer.bins, binCount);
        // One line per row of the strip, in groups of ten units.
        for (let row = 0; row < units; row += perRow) {
          const line = el('div', 'code-row');
          for (let start = row; start < Math.min(units, row + perRow); start += GROUP) {
            const group = el('span', 'code-group');
            for (let u = start; u < Math.min(units, start + GROUP, row + perRow); u += 1) {
              const text = `${binText(layer.bins[u], binCount)}${binCount > 16 ? ' ' : ''}`;
              group.append(flips?.[l]?.[u] ? el('mark', 'flip', text) : text);
            }
            line.append(group, ' ');
          }
          code.append(line);
        }
      } else {
        code.textContent = 'The code needs the whole test set, which this core does not give.';
      }
      const changed = flips?.[l] ? flips[l].reduce((a, b) => a + b, 0) : null;
      const foot = el('p', 'hint layer-foot', changed == null ? '' : `${changed} of ${units} units changed bin since step ${this.flipsFrom} (marked)`);
      block.append(head, strip, code, foot);
      return block;
    });
    this.layersBox.replaceChildren(...blocks);
    const how = config.binning === 'threshold'
      ? `threshold codes: a unit is 1 when its activity is above ${thresholdOf(config, false)} (hidden) or 0.5 (output)`
      : `${config.binning} bins, ${binCount} per unit (${binCount <= 16 ? 'one hex digit' : 'one number'} per unit)`;
    this.status.textContent = `${answer.runLabel}, at the evaluation of step ${step}: ${how}.`;
  }

  /** Units per row (a multiple of ten, as the code text is grouped) and cell size in pixels. */
  layout(units) {
    const width = Math.max(120, this.layersBox.clientWidth || 600);
    let perRow = units;
    if (units * 9 > width || units > 60) perRow = Math.max(10, Math.min(60, Math.floor(width / 9 / 10) * 10));
    return { perRow, cell: Math.max(6, Math.min(22, Math.floor(width / perRow))) };
  }

  /** Every unit as a cell shaded by its activity (dark = high), changed units outlined. */
  strip(activity, [lo, hi], flipped, perRow, cell) {
    const units = activity.length;
    const rows = Math.ceil(units / perRow);
    const canvas = el('canvas', 'strip');
    const r = devicePixelRatio || 1;
    const w = Math.min(units, perRow) * cell;
    const h = rows * cell;
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
      const t = Math.min(1, Math.max(0, (activity[u] - lo) / (hi - lo)));
      // White (low) to the ink colour (high).
      const c = (a, b) => Math.round(a + (b - a) * t);
      ctx.fillStyle = `rgb(${c(255, 28)}, ${c(255, 36)}, ${c(255, 51)})`;
      ctx.fillRect(x, y, cell, cell);
      ctx.strokeStyle = '#dde2ec';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
      if (flipped?.[u]) {
        ctx.strokeStyle = '#ea580c';
        ctx.lineWidth = 2;
        ctx.strokeRect(x + 1, y + 1, cell - 2, cell - 2);
      }
    }
    return canvas;
  }
}
