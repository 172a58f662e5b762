// What the four analysis views (receptive_fields, tuning, rsa, lesions) share: the hidden-layer
// selector, the question they ask their run's worker (which layer, at which evaluation), a
// matrix painted as a heat map (an RDM: paper for 0, ink for the largest value shown) and a
// number in words. No numbers are computed here: the core gives them (lab.analysis and friends).

import { shadeRgb } from '../charts/theme.js';
import { paint, setPixel } from './pictures.js';

/** A run the analysis views can show (the run selectors offer these): one that classifies. */
export const classifies = (run) => Boolean(run) && run.config?.task !== 'autoencode';

/** A run whose worker can answer an analysis question now: evaluated, not failed, classifying. */
export const analysable = (run) => Boolean(run?.latest) && run.state !== 'loading' && run.state !== 'failed' && run.config?.task !== 'autoencode';

/** Keeps a hidden-layer <select> to the run's hidden layers ("hidden layer 1" = index 0). */
export function syncLayers(select, run) {
  const count = run?.config?.hidden?.length ?? 1;
  if (select.options.length !== count) {
    const chosen = Math.min(Number(select.value) || 0, count - 1);
    select.replaceChildren(...Array.from({ length: count }, (_, i) => new Option(`hidden layer ${i + 1}`, String(i))));
    select.value = String(chosen);
  }
  return Number(select.value) || 0;
}

/** The key of a question about `run` at its last evaluation, with whatever else it depends on. */
export const questionKey = (index, run, ...more) => JSON.stringify([index, run.generation, run.latest?.step ?? 0, ...more]);

/**
 * Paints an n × n matrix (row-major values) on `canvas`, one canvas pixel per cell, shaded from
 * the paper (`lo`) to the ink (`hi`).
 */
export function paintMatrix(canvas, values, n, [lo, hi]) {
  paint(canvas, n, n, (data) => {
    for (let p = 0; p < n * n; p += 1) setPixel(data, p, shadeRgb((values[p] - lo) / (hi - lo || 1)));
  });
}

/** Paints RGBA bytes the core drew (receptive fields) on `canvas`. */
export function paintRgba(canvas, { width, height, pixels }) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength), width, height), 0, 0);
}

/**
 * Paints distributions over training as a heat map: one column per evaluation, one row per
 * bin (the lowest bin at the bottom), shaded by the fraction in the bin (`fractions`:
 * evaluations × bins, the core's).
 */
export function paintDistributions(canvas, fractions, evaluations, bins) {
  const width = Math.max(1, evaluations);
  paint(canvas, width, bins, (data) => {
    for (let e = 0; e < evaluations; e += 1) {
      for (let b = 0; b < bins; b += 1) setPixel(data, (bins - 1 - b) * width + e, shadeRgb(fractions[e * bins + b]));
    }
  });
}

/** A number in words: three decimals, or a dash where the core says it is undefined (NaN). */
export const num = (v, digits = 3) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** A class's name, "3: dress", or just its number. */
export const className = (names, c) => (names?.[c] ? `${c}: ${names[c]}` : String(c));
