// Saturated hidden units: the share of (test image, unit) pairs on a flat part of the
// activation (metrics.layers[l].saturated_fraction), where the derivative, and so the error a
// unit receives, is nearly zero. One chart; runs by colour, hidden layers by line style.

import { alignSeries } from '../charts/align.js';
import { chartView } from './chart-view.js';
import { SLOT_DASH, runSlots, slotsOf, weightName } from './layers.js';
import { latestWords, layerValue, pct, runItems } from './series.js';

const hiddenSlots = (slots) => slots.filter((s) => s !== 'out');

function chart(runs) {
  const slots = hiddenSlots(slotsOf(runs));
  const defs = runs.flatMap((run) => hiddenSlots(runSlots(run)).map((slot) => ({ run, slot, value: layerValue(run, slot, 'saturated_fraction') })));
  const aligned = alignSeries(runs, defs);
  return {
    key: 'saturation',
    title: 'Saturated hidden units (f′ below 5% of its peak)',
    yLabel: 'saturated',
    percent: true,
    range: () => [0, 1],
    format: pct,
    steps: aligned.steps,
    series: defs.map((def, i) => ({
      label: slots.length > 1 ? `${def.run.label} ${weightName(def.slot, runs).split(' ')[0]}` : def.run.label,
      stroke: def.run.color,
      dash: SLOT_DASH[def.slot],
      values: aligned.values[i],
    })),
    refs: [],
  };
}

function legend(runs) {
  const slots = hiddenSlots(slotsOf(runs));
  return {
    runs: runItems(runs),
    styles: slots.length > 1 ? slots.map((slot) => ({ label: `hidden layer ${slot.slice(1)}`, dash: SLOT_DASH[slot] })) : [],
  };
}

export const view = {
  title: 'Saturated units',
  template: `
    <h2>Saturated hidden units</h2>
    <p class="hint">Share of (test image, unit) pairs on a flat part of the activation, where the
      derivative, and so the error a unit receives, is nearly zero.</p>`,
  ...chartView({
    height: 260,
    charts: (runs) => [chart(runs)],
    legend,
    caption: (runs) => `Fraction of saturated hidden units on the test set against training step. ${latestWords(chart(runs))}`,
  }),
};
