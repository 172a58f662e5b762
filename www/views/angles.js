// The alignment angles of the rules that do not transport weights: per hidden layer, the angle
// between the rule's update and the true gradient on a fixed batch (solid), and between the
// feedback matrix and the forward weights it stands in for (faded, dashed). Backprop has none.

import { alignSeries } from '../charts/align.js';
import { fadedColor } from '../charts/theme.js';
import { chartView } from './chart-view.js';
import { SLOT_DASH, runSlots, slotsOf } from './layers.js';
import { ANGLE_AXIS, latestWords, layerValue, runItems } from './series.js';

const ANGLES = [
  { field: 'update_angle_deg', name: 'update vs gradient', faded: false },
  { field: 'feedback_angle_deg', name: 'feedback vs forward weights', faded: true },
];

/** The (run, hidden layer, angle) triples with data: backprop has none. */
function defs(runs) {
  return runs.flatMap((run) => runSlots(run).filter((s) => s !== 'out').flatMap((slot) =>
    ANGLES.map((angle) => ({ run, slot, angle, value: layerValue(run, slot, angle.field) }))
      .filter((def) => run.history.some((m) => def.value(m) != null)),
  ));
}

function chart(runs) {
  const deep = slotsOf(runs).length > 2;
  const drawn = defs(runs);
  const aligned = alignSeries(runs, drawn);
  return {
    key: 'angles',
    title: 'Alignment with backprop (below 90°: the rule still descends)',
    ...ANGLE_AXIS,
    steps: aligned.steps,
    series: drawn.map((def, i) => ({
      label: `${def.run.label} ${def.angle.name}${deep ? ` (hidden ${def.slot.slice(1)})` : ''}`,
      stroke: def.angle.faded ? fadedColor(def.run.color, 0.55) : def.run.color,
      dash: def.angle.faded ? [6, 4] : SLOT_DASH[def.slot],
      width: def.angle.faded ? 1.75 : 2,
      values: aligned.values[i],
    })),
  };
}

function legend(runs) {
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
}

export const view = {
  title: 'Alignment angles',
  template: `
    <h2>Alignment angles</h2>
    <p class="hint">Solid: the angle between the rule's update and the true gradient on a fixed batch.
      Faded, dashed: between the feedback matrix and the forward weights it stands in for.</p>`,
  ...chartView({
    height: 260,
    charts: (runs) => [chart(runs)],
    legend,
    caption(runs) {
      const spec = chart(runs);
      return `Alignment angles in degrees against training step, 90 degrees marked. ${spec.series.length ? latestWords(spec) : 'No run has an angle: backprop follows the gradient exactly.'}`;
    },
  }),
};
