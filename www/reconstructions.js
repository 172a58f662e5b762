// Figure 11: a row of test images, under each its bottleneck code as a strip of cells shaded by
// activity, and below that the image the autoencoder redraws from the code alone. The run's
// worker owns the network: after each evaluation, while the panel is shown, the view asks it for
// all the images at once (run.requestReconstructions) and draws the typed arrays it gets back
// into ImageData at one canvas pixel per image pixel (or per code cell), scaled up by CSS with
// image-rendering: pixelated, so nothing is smoothed.

import { shadeRange } from './activity-view.js';
import { isAutoencoder } from './reconstruction-data.js';

export const DEFAULT_COUNT = 12;
const MIN_COLUMN = 64; // CSS pixels: narrower, and a 28-pixel image would shrink below 2×
const GAP = 10;
const CELL = 4; // canvas pixels per code cell: 3 shaded, 1 of grid line
const LINE = [221, 226, 236]; // --line
const PAPER = [255, 255, 255];
const INK = [28, 36, 51]; // --ink: a fully active unit

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** Cells per row of a code: ten, like the CLI's panel, or a square for wide bottlenecks. */
export function codeColumns(units) {
  return units <= 100 ? Math.min(units, 10) : Math.ceil(Math.sqrt(units));
}

/** Mean squared error per pixel between an image (bytes) and its reconstruction (in [0, 1]). */
export function pixelError(pixels, outputs) {
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 1) {
    const d = pixels[i] / 255 - outputs[i];
    sum += d * d;
  }
  return sum / pixels.length;
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

function paint(canvas, width, height, fill) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  fill(image.data, width);
  ctx.putImageData(image, 0, 0);
}

function setPixel(data, p, [r, g, b]) {
  data[p * 4] = r;
  data[p * 4 + 1] = g;
  data[p * 4 + 2] = b;
  data[p * 4 + 3] = 255;
}

export class ReconstructionView {
  /**
   * @param root the panel
   * @param classNames () => label names of the data in use, or null for plain numbers
   */
  constructor(root, classNames = () => null) {
    this.root = root;
    this.classNames = classNames;
    const $ = (s) => root.querySelector(s);
    this.runSelect = $('.recon-run');
    this.countSelect = $('.recon-count');
    this.note = $('.recon-note');
    this.grid = $('.recon-grid');
    this.status = $('.recon-status');
    this.runs = [];
    this.images = Array.from({ length: DEFAULT_COUNT }, (_, i) => i);
    this.columns = [];
    this.pending = false;
    this.shownKey = null;

    this.runSelect.addEventListener('change', () => this.refresh());
    this.countSelect.addEventListener('change', () => this.setCount(Number(this.countSelect.value)));
    $('.recon-first').addEventListener('click', () => this.setImages(this.images.map((_, i) => i)));
    $('.recon-random').addEventListener('click', () => this.setImages(randomImages(this.images.length, this.imageCount())));
    this.grid.addEventListener('click', (event) => {
      const item = event.target.closest('.recon-item');
      if (item) this.replaceImage(Number(item.dataset.slot));
    });
    new ResizeObserver(() => this.layout()).observe(this.grid);
    this.build();
  }

  get visible() {
    return !this.root.hidden && this.root.offsetParent !== null;
  }

  get run() {
    return this.runs[Number(this.runSelect.value)] ?? null;
  }

  imageCount() {
    return this.run?.dataInfo?.n ?? this.run?.latest?.info?.[0]?.n ?? 10000;
  }

  setImages(images) {
    this.images = images;
    this.build();
    this.refresh();
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
    this.images = this.images.map((image, k) => (k === slot ? other : image));
    this.build();
    this.refresh();
  }

  setRuns(runs) {
    const previous = this.run;
    this.runs = runs;
    const firstAutoencoder = runs.findIndex((run) => isAutoencoder(run.config));
    let chosen = runs.indexOf(previous);
    if (chosen < 0 || !isAutoencoder(runs[chosen].config)) chosen = Math.max(0, firstAutoencoder);
    this.runSelect.replaceChildren(...runs.map((run, i) => new Option(run.label, String(i))));
    this.runSelect.value = String(chosen);
    this.shownKey = null;
  }

  refresh() {
    this.shownKey = null;
    this.update(this.runs);
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

  /** As many columns a row as fit, the rows balanced (12 images: one row of 12, or two of 6). */
  layout() {
    const width = this.grid.clientWidth || 600;
    const n = Math.max(1, this.images.length);
    const fit = Math.max(1, Math.floor((width + GAP) / (MIN_COLUMN + GAP)));
    const rows = Math.ceil(n / fit);
    this.grid.style.setProperty('--per-row', String(Math.ceil(n / rows)));
  }

  /** Asks the worker again when the run has a newer evaluation or other images are chosen. */
  update(runs) {
    this.runs = runs;
    if (!this.visible || this.pending) return;
    const run = this.run;
    if (!run) return;
    if (!isAutoencoder(run.config)) {
      this.showNotAutoencoder(run);
      return;
    }
    this.note.hidden = true;
    this.grid.hidden = false;
    if (run.state === 'loading' || run.state === 'failed') return;
    const key = JSON.stringify([Number(this.runSelect.value), run.generation, run.latest?.step ?? 0, this.images]);
    if (key === this.shownKey) return;
    this.pending = true;
    const images = [...this.images];
    run.requestReconstructions(images).then((answer) => {
      this.pending = false;
      if (answer && !answer.error && JSON.stringify(answer.indices) === JSON.stringify(this.images)) {
        this.shownKey = key;
        this.show(run, answer);
      } else if (answer?.error) {
        this.shownKey = key;
        this.status.textContent = `Cannot show the reconstructions: ${answer.error}.`;
      }
      this.update(this.runs); // something newer may have arrived meanwhile
    });
  }

  showNotAutoencoder(run) {
    this.grid.hidden = true;
    this.note.hidden = false;
    this.note.textContent = `${run.label} is not an autoencoder: it classifies the images, so it has no reconstructions to show. ` +
      'Load Figure 11 from the gallery, or set Task to autoencode.';
    this.status.textContent = '';
    this.shownKey = null;
  }

  show(run, answer) {
    const { rows, cols, units, codes, outputs, pixels, labels, step } = answer;
    const size = rows * cols;
    const perRow = codeColumns(units);
    const codeRows = Math.ceil(units / perRow);
    const [lo, hi] = shadeRange(run.config, false, codes);
    const names = this.classNames();
    let total = 0;
    this.columns.forEach((column, k) => {
      const image = pixels.subarray(k * size, (k + 1) * size);
      const redrawn = outputs.subarray(k * size, (k + 1) * size);
      const code = codes.subarray(k * units, (k + 1) * units);
      paint(column.input, cols, rows, (data) => {
        for (let p = 0; p < size; p += 1) setPixel(data, p, [image[p], image[p], image[p]]);
      });
      paint(column.output, cols, rows, (data) => {
        for (let p = 0; p < size; p += 1) {
          const grey = Math.round(Math.min(1, Math.max(0, redrawn[p])) * 255);
          setPixel(data, p, [grey, grey, grey]);
        }
      });
      paint(column.code, perRow * CELL + 1, codeRows * CELL + 1, (data, width) => {
        const fill = (x0, y0, w, h, colour) => {
          for (let y = y0; y < y0 + h; y += 1) for (let x = x0; x < x0 + w; x += 1) setPixel(data, y * width + x, colour);
        };
        fill(0, 0, width, codeRows * CELL + 1, PAPER);
        for (let u = 0; u < units; u += 1) {
          const x = (u % perRow) * CELL;
          const y = Math.floor(u / perRow) * CELL;
          const t = Math.min(1, Math.max(0, (code[u] - lo) / (hi - lo)));
          // A frame of grid line around every cell keeps a white, silent unit visible.
          fill(x, y, CELL + 1, CELL + 1, LINE);
          fill(x + 1, y + 1, CELL - 1, CELL - 1, PAPER.map((c, i) => Math.round(c + (INK[i] - c) * t)));
        }
      });
      const error = pixelError(image, redrawn);
      total += error;
      const label = names?.[labels[k]] ? `${labels[k]}: ${names[labels[k]]}` : String(labels[k]);
      column.error.textContent = error.toFixed(3);
      column.item.title = `Test image ${answer.indices[k]} (label ${label}), reconstruction error ${error.toFixed(4)} per pixel. Click for another image.`;
      column.item.setAttribute('aria-label', `Test image ${answer.indices[k]}, label ${label}: reconstructed with a mean squared error of ${error.toFixed(4)} per pixel. Press for another image.`);
    });
    this.status.textContent = `${run.label}, at the evaluation of step ${step}: a code of ${units} units (hidden layer ${answer.bottleneck + 1}); ` +
      `mean squared error per pixel of these ${this.columns.length} images ${(total / this.columns.length).toFixed(4)}, under each image.`;
    this.root.dataset.step = String(step);
  }
}
