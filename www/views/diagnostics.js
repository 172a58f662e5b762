// Figure 1: inside backprop while it learns. Per weight layer (metrics.layers) the error at the
// layer, the error after the derivative, the gradient, the weight change per step and the
// weights, as small multiples (one chart per quantity) on log scales. Runs by colour, layers by
// line style.

import { alignSeries } from '../charts/align.js';
import { chartView } from './chart-view.js';
import { SLOT_DASH, runSlots, slotsOf, weightName } from './layers.js';
import { latestWords, layerValue, runItems, sci } from './series.js';

const QUANTITIES = [
  { key: 'dl_dh', field: 'mean_abs_dl_dh', title: 'Error at the layer, mean |∂L/∂H|', axis: '|∂L/∂H|' },
  { key: 'dl_dz', field: 'mean_abs_dl_dz', title: 'Error after the derivative, mean |∂L/∂Z|', axis: '|∂L/∂Z|' },
  { key: 'grad', field: 'mean_abs_grad', title: 'Gradient, mean |∂L/∂W|', axis: '|∂L/∂W|' },
  { key: 'dw', field: 'mean_abs_dw_per_step', title: 'Weight change per step, mean |ΔW|', axis: '|ΔW| per step' },
  { key: 'w', field: 'mean_abs_w', title: 'Weights, mean |W|', axis: '|W|' },
];

function charts(runs) {
  const slots = slotsOf(runs);
  return QUANTITIES.map((q) => {
    const defs = runs.flatMap((run) => runSlots(run).filter((slot) => slots.includes(slot))
      .map((slot) => ({ run, slot, value: layerValue(run, slot, q.field) })));
    const aligned = alignSeries(runs, defs);
    return {
      key: q.key,
      title: q.title,
      yLabel: q.axis,
      log: true,
      format: sci,
      steps: aligned.steps,
      series: defs.map((def, i) => ({
        label: `${def.run.label} ${weightName(def.slot, runs).split(' ')[0]}`,
        stroke: def.run.color,
        dash: SLOT_DASH[def.slot],
        width: 1.75,
        values: aligned.values[i],
      })),
      refs: [],
    };
  });
}

export const view = {
  title: 'Diagnostics (Figure 1)',
  wide: true,
  template: `
    <h2>Inside the network: errors, gradients and weights per layer</h2>
    <p class="hint">Mean absolute values per weight layer, on log scales. Colour: run; line style: layer.
      The weight change is averaged over the steps since the previous evaluation (none at step 0).</p>`,
  ...chartView({
    height: 200,
    charts,
    legend: (runs) => ({ runs: runItems(runs), styles: slotsOf(runs).map((slot) => ({ label: weightName(slot, runs), dash: SLOT_DASH[slot] })) }),
    caption: (runs) => `Diagnostics per weight layer against training step, log scales. ${charts(runs).map(latestWords).join(' ')}`,
  }),
};
