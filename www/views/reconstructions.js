// Figure 11: a row of test images, under each its bottleneck code as a strip of cells shaded by
// activity, below that the image the autoencoder redraws from the code alone, and its error (the
// core's mean squared error per pixel). The run's worker owns the network: after each
// evaluation, while the panel is shown, the view asks it for all the images at once and draws
// the typed arrays it gets back into ImageData at one canvas pixel per image pixel (or per code
// cell), scaled up by CSS with image-rendering: pixelated, so nothing is smoothed.

import { rgb, shadeRgb, theme } from '../charts/theme.js';
import { el } from '../ui/dom.js';
import { paint, paintGrey, setPixel, shade, shadeRange } from './pictures.js';
import { RunChoice } from './run-choice.js';
import { isAutoencoder } from './series.js';

const DEFAULT_COUNT = 12;
const MIN_COLUMN = 64; // CSS pixels: narrower, and a 28-pixel image would shrink below 2×
const GAP = 10;
const CELL = 4; // canvas pixels per code cell: 3 shaded, 1 of grid line

/** Cells per row of a code: ten, like the CLI's panel, or a square for wide bottlenecks. */
export function codeColumns(units) {
  return units <= 100 ? Math.min(units, 10) : Math.ceil(Math.sqrt(units));
}

/** `count` distinct random test image indices below n, none of `avoid`. */
function randomImages(count, n, avoid = []) {
  const chosen = new Set();
  const skip = new Set(avoid);
  while (chosen.size < Math.min(count, n - skip.size)) {
    const i = Math.floor(Math.random() * n);
    if (!skip.has(i)) chosen.add(i);
  }
  return [...chosen];
}

class ReconstructionDrawing {
  constructor(root, redraw) {
    this.root = root;
    this.redraw = redraw;
    const $ = (s) => root.querySelector(s);
    this.choice = new RunChoice($('.recon-run'), redraw, isAutoencoder);
    this.countSelect = $('.recon-count');
    this.note = $('.recon-note');
    this.grid = $('.recon-grid');
    this.status = $('.recon-status');
    this.images = Array.from({ length: DEFAULT_COUNT }, (_, i) => i);
    this.columns = [];
    this.words = '';

    this.countSelect.addEventListener('change', () => this.setCount(Number(this.countSelect.value)));
    $('.recon-first').addEventListener('click', () => this.setImages(this.images.map((_, i) => i)));
    $('.recon-random').addEventListener('click', () => this.setImages(randomImages(this.images.length, this.imageCount())));
    this.grid.addEventListener('click', (event) => {
      const item = event.target.closest('.recon-item');
      if (item) this.replaceImage(Number(item.dataset.slot));
    });
    new ResizeObserver(() => this.layout()).observe(root);
    this.build();
  }

  get run() {
    return this.choice.run;
  }

  imageCount() {
    return this.run?.dataInfo?.n ?? 10000;
  }

  setImages(images) {
    this.images = images;
    this.build();
    this.redraw();
  }

  /** Keeps the first `count` images, adding the lowest free indices when it grows. */
  setCount(count) {
    const free = [];
    for (let i = 0; free.length + this.images.length < count && i < this.imageCount(); i += 1) {
      if (!this.images.includes(i)) free.push(i);
    }
    this.setImages([...this.images, ...free].slice(0, count));
  }

  /** Clicking an image puts another test image in its place. */
  replaceImage(slot) {
    const [other] = randomImages(1, this.imageCount(), this.images);
    if (other === undefined) return;
    this.setImages(this.images.map((image, k) => (k === slot ? other : image)));
  }

  /** One column per image: a button holding the image, its code and its reconstruction. */
  build() {
    this.columns = this.images.map((image, slot) => {
      const item = el('button', 'recon-item');
      item.type = 'button';
      item.dataset.slot = String(slot);
      item.dataset.image = String(image);
      const canvases = ['recon-input', 'recon-code', 'recon-output'].map((name) => {
        const canvas = el('canvas', name);
        canvas.width = canvas.height = 1;
        canvas.setAttribute('aria-hidden', 'true');
        return canvas;
      });
      const caption = el('span', 'recon-caption', `#${image}`);
      const error = el('span', 'recon-error');
      item.append(...canvases, caption, error);
      item.setAttribute('aria-label', `Test image ${image}: press for another image`);
      return { item, image, input: canvases[0], code: canvases[1], output: canvases[2], caption, error };
    });
    this.grid.replaceChildren(...this.columns.map((c) => c.item));
    this.layout();
  }

  /**
   * As many columns a row as fit in the panel, the rows balanced (12 images: one row of 12, or
   * two of 6). The panel's width, not the grid's: the grid's own width follows its columns.
   */
  layout() {
    const style = getComputedStyle(this.root);
    const width = this.root.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) || 600;
    const n = Math.max(1, this.images.length);
    const fit = Math.max(1, Math.floor((width + GAP) / (MIN_COLUMN + GAP)));
    const rows = Math.ceil(n / fit);
    this.grid.style.setProperty('--per-row', String(Math.ceil(n / rows)));
  }

  question(runs) {
    this.choice.sync(runs);
    const run = this.run;
    if (!run) return null;
    if (!isAutoencoder(run)) {
      this.showNotAutoencoder(run);
      return null;
    }
    this.note.hidden = true;
    this.grid.hidden = false;
    if (run.state === 'loading' || run.state === 'failed') return null;
    const { index } = this.choice;
    return { run: index, args: { images: [...this.images] }, key: JSON.stringify([index, run.generation, run.latest?.step ?? 0, this.images]) };
  }

  showNotAutoencoder(run) {
    this.grid.hidden = true;
    this.note.hidden = false;
    this.note.textContent = `${run.label} is not an autoencoder: it classifies the images, so it has no reconstructions to show. ` +
      'Load Figure 11 from the gallery, or set Task to autoencode.';
    this.status.textContent = '';
    this.words = this.note.textContent;
  }

  show(answer, runs, context) {
    if (answer.error) {
      this.status.textContent = `Cannot show the reconstructions: ${answer.error}.`;
      return;
    }
    const run = this.run;
    const { rows, cols, units, codes, outputs, pixels, labels, errors, step } = answer;
    const size = rows * cols;
    const perRow = codeColumns(units);
    const codeRows = Math.ceil(units / perRow);
    const range = shadeRange(run.config, false, codes);
    const line = rgb(theme().line);
    const paper = shadeRgb(0);
    const names = context.classNames;
    const described = [];
    this.columns.forEach((column, k) => {
      const redrawn = outputs.subarray(k * size, (k + 1) * size);
      const code = codes.subarray(k * units, (k + 1) * units);
      paintGrey(column.input, pixels.subarray(k * size, (k + 1) * size), rows, cols);
      paintGrey(column.output, redrawn.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)), rows, cols);
      paint(column.code, perRow * CELL + 1, codeRows * CELL + 1, (data, width) => {
        const fill = (x0, y0, w, h, colour) => {
          for (let y = y0; y < y0 + h; y += 1) for (let x = x0; x < x0 + w; x += 1) setPixel(data, y * width + x, colour);
        };
        fill(0, 0, width, codeRows * CELL + 1, paper);
        for (let u = 0; u < units; u += 1) {
          const x = (u % perRow) * CELL;
          const y = Math.floor(u / perRow) * CELL;
          // A frame of grid line around every cell keeps a white, silent unit visible.
          fill(x, y, CELL + 1, CELL + 1, line);
          fill(x + 1, y + 1, CELL - 1, CELL - 1, shadeRgb(shade(code[u], range)));
        }
      });
      const label = names?.[labels[k]] ? `${labels[k]}: ${names[labels[k]]}` : String(labels[k]);
      const error = errors[k];
      column.error.textContent = error.toFixed(3);
      column.item.title = `Test image ${answer.indices[k]} (label ${label}), reconstruction error ${error.toFixed(4)} per pixel. Click for another image.`;
      column.item.setAttribute('aria-label', `Test image ${answer.indices[k]}, label ${label}: reconstructed with a mean squared error of ${error.toFixed(4)} per pixel. Press for another image.`);
      described.push(`image ${answer.indices[k]} (label ${label}) ${error.toFixed(4)}`);
    });
    this.status.textContent = `${run.label}, at the evaluation of step ${step}: a code of ${units} units (hidden layer ${answer.bottleneck + 1}); ` +
      'under each image its mean squared error per pixel.';
    this.words = `${this.status.textContent} Per image: ${described.join('; ')}.`;
    this.root.dataset.step = String(step);
  }

  caption() {
    return this.words || 'Reconstructions: not shown yet.';
  }
}

export const view = {
  title: 'Reconstructions (Figure 11)',
  wide: true,
  template: `
    <h2>What the autoencoder redraws from its bottleneck</h2>
    <p class="hint">Top: a test image. Middle: its code, one cell per bottleneck unit
      (dark = active). Bottom: the image redrawn from that code alone, with its mean squared error per pixel
      under it. They follow the training at every evaluation; click an image for another.</p>
    <div class="activity-controls" role="group" aria-label="Run and test images">
      <label>Run <select class="recon-run"></select></label>
      <label>Images
        <select class="recon-count">
          <option value="8">8</option>
          <option value="12" selected>12</option>
          <option value="16">16</option>
        </select>
      </label>
      <button type="button" class="secondary recon-first">First images</button>
      <button type="button" class="secondary recon-random">Random</button>
    </div>
    <p class="recon-note note note-warn" hidden></p>
    <div class="recon-grid"></div>
    <p class="recon-status hint"></p>`,
  needs: 'reconstructions',
  mount: (panel, { redraw }) => new ReconstructionDrawing(panel, redraw),
};
