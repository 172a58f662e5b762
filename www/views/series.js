// Helpers the chart views share: a layer's value in an evaluation, the runs as legend items,
// the latest value of every series in words (for captions), and number formats.

import { indexOf } from './layers.js';

/** A number in three significant figures, or with an exponent when very small or large ('—' for none). */
export const sci = (v) => (v == null || !Number.isFinite(v) ? '—' : v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2));
export const pct = (v) => `${(v * 100).toFixed(1)}%`;

/** The axis of an angle in degrees, 0 to 180, with 90° (orthogonal: no descent) marked. */
export const ANGLE_AXIS = Object.freeze({
  yLabel: 'angle (degrees)',
  range: () => [0, 180],
  splits: [0, 45, 90, 135, 180],
  format: (v) => `${v.toFixed(1)}°`,
  refs: [{ value: 90, label: '90°: orthogonal' }],
});

/** The value of `field` of layer `slot` in an evaluation of `run` (from metrics[group], 'layers' or 'info'). */
export function layerValue(run, slot, field, group = 'layers') {
  const i = indexOf(run, slot);
  return (m) => (i < 0 ? null : m[group]?.[i]?.[field] ?? null);
}

/** The runs as legend items: a swatch of the run's colour and its label (and a note). */
export const runItems = (runs, note = () => null) => runs.map((run) => ({ label: run.label, color: run.color, note: note(run) }));

/** "label: value at step s" per series, the latest value each, for a caption. */
export function latestWords(spec) {
  const parts = spec.series.map((s) => {
    const i = s.values.findLastIndex((v) => v != null);
    return i < 0 ? null : `${s.label} ${spec.format(s.values[i])} at step ${spec.steps[i]}`;
  }).filter(Boolean);
  return `${spec.title}: ${parts.length ? parts.join('; ') : 'no evaluations yet'}.`;
}

export const isAutoencoder = (run) => run.config?.task === 'autoencode';
