// What happens inside the network while it learns (metrics.layers, one entry per weight
// layer): the diagnostics of Figure 1 as small multiples, one per quantity, on log scales; the
// fraction of saturated hidden units; and the alignment angles of the rules that do not
// transport weights. Runs by colour, layers by line style. Views for ChartGroup.

import { alignSeries } from './line-chart.js';
import { SLOT_DASH, indexOf, runSlots, slotsOf, weightName } from './layers.js';
import { fadedColor } from './palette.js';

const sci = (v) => (v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2));
const pct = (v) => `${(v * 100).toFixed(1)}%`;
const deg = (v) => `${v.toFixed(1)}°`;

const QUANTITIES = [
  { key: 'dl_dh', field: 'mean_abs_dl_dh', title: 'Error at the layer, mean |∂L/∂H|', axis: '|∂L/∂H|' },
  { key: 'dl_dz', field: 'mean_abs_dl_dz', title: 'Error after the derivative, mean |∂L/∂Z|', axis: '|∂L/∂Z|' },
  { key: 'grad', field: 'mean_abs_grad', title: 'Gradient, mean |∂L/∂W|', axis: '|∂L/∂W|' },
  { key: 'dw', field: 'mean_abs_dw_per_step', title: 'Weight change per step, mean |ΔW|', axis: '|ΔW| per step' },
  { key: 'w', field: 'mean_abs_w', title: 'Weights, mean |W|', axis: '|W|' },
];

/** The value of field in weight layer `slot` of an evaluation of `run`. */
function layerValue(run, slot, field) {
  const i = indexOf(run, slot);
  return (m) => (i < 0 ? null : m.layers?.[i]?.[field] ?? null);
}

function hasValue(run, slot, field) {
  const value = layerValue(run, slot, field);
  return run.history.some((m) => value(m) != null);
}

const runItems = (runs, note = () => null) => runs.map((run) => ({ label: run.label, color: run.color, note: note(run) }));

/** Line styles of the slots present, when a chart mixes layers. */
function slotStyles(slots, runs, name) {
  return slots.map((slot) => ({ label: name(slot, runs), dash: SLOT_DASH[slot] }));
}

/** "label: value" per series, latest value each, for a caption. */
function latestWords(spec) {
  const parts = spec.series.map((s) => {
    const i = s.values.findLastIndex((v) => v != null);
    return i < 0 ? null : `${s.label} ${spec.format(s.values[i])} at step ${spec.steps[i]}`;
  }).filter(Boolean);
  return `${spec.title}: ${parts.length ? parts.join('; ') : 'no evaluations yet'}.`;
}

export const diagnosticsView = {
  charts(runs) {
    const slots = slotsOf(runs);
    return QUANTITIES.map((q) => {
      const defs = runs.flatMap((run) =>
        runSlots(run).filter((slot) => slots.includes(slot)).map((slot) => ({
          run,
          slot,
          value: layerValue(run, slot, q.field),
        })),
      );
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
  },
  legend(runs) {
    return { runs: runItems(runs), styles: slotStyles(slotsOf(runs), runs, weightName) };
  },
  caption(runs) {
    return `Diagnostics per weight layer against training step, log scales. ${this.charts(runs).map(latestWords).join(' ')}`;
  },
};

export const saturationView = {
  charts(runs) {
    const slots = slotsOf(runs).filter((s) => s !== 'out');
    const defs = runs.flatMap((run) => runSlots(run).filter((s) => s !== 'out').map((slot) => ({
      run,
      slot,
      value: layerValue(run, slot, 'saturated_fraction'),
    })));
    const aligned = alignSeries(runs, defs);
    return [{
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
    }];
  },
  legend(runs) {
    const slots = slotsOf(runs).filter((s) => s !== 'out');
    return {
      runs: runItems(runs),
      styles: slots.length > 1 ? slots.map((slot) => ({ label: `hidden layer ${slot.slice(1)}`, dash: SLOT_DASH[slot] })) : [],
    };
  },
  caption(runs) {
    return `Fraction of saturated hidden units on the test set against training step. ${latestWords(this.charts(runs)[0])}`;
  },
};

const ANGLES = [
  { field: 'update_angle_deg', name: 'update vs gradient', faded: false },
  { field: 'feedback_angle_deg', name: 'feedback vs forward weights', faded: true },
];

export const anglesView = {
  /** The (run, hidden layer, angle) triples with data: backprop has none. */
  defs(runs) {
    return runs.flatMap((run) => runSlots(run).filter((s) => s !== 'out').flatMap((slot) =>
      ANGLES.filter((a) => hasValue(run, slot, a.field)).map((angle) => ({
        run,
        slot,
        angle,
        value: layerValue(run, slot, angle.field),
      })),
    ));
  },
  charts(runs) {
    const deep = slotsOf(runs).length > 2;
    const defs = this.defs(runs);
    const aligned = alignSeries(runs, defs);
    return [{
      key: 'angles',
      title: 'Alignment with backprop (below 90°: the rule still descends)',
      yLabel: 'angle (degrees)',
      range: () => [0, 180],
      splits: [0, 45, 90, 135, 180],
      format: deg,
      steps: aligned.steps,
      series: defs.map((def, i) => ({
        label: `${def.run.label} ${def.angle.name}${deep ? ` (hidden ${def.slot.slice(1)})` : ''}`,
        stroke: def.angle.faded ? fadedColor(def.run.color, 0.55) : def.run.color,
        dash: def.angle.faded ? [6, 4] : SLOT_DASH[def.slot],
        width: def.angle.faded ? 1.75 : 2,
        values: aligned.values[i],
      })),
      refs: [{ value: 90, label: '90°: orthogonal' }],
    }];
  },
  legend(runs) {
    const note = (run) => {
      if (run.config?.rule === 'backprop') return 'none: its update is the gradient';
      return run.history.length === 0 ? 'no evaluation yet' : null;
    };
    const styles = [
      { label: 'update vs true gradient', dash: [] },
      { label: 'feedback matrix vs forward weights', dash: [6, 4], faded: true },
    ];
    if (slotsOf(runs).length > 2) {
      styles.push(...slotsOf(runs).filter((s) => s !== 'out' && s !== 'h1').map((slot) => ({ label: `update, hidden layer ${slot.slice(1)}`, dash: SLOT_DASH[slot] })));
    }
    return { runs: runItems(runs, note), styles };
  },
  caption(runs) {
    const spec = this.charts(runs)[0];
    return `Alignment angles in degrees against training step, 90 degrees marked. ${spec.series.length ? latestWords(spec) : 'No run has an angle: backprop follows the gradient exactly.'}`;
  },
};
