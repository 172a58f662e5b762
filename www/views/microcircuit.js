// The dendritic cortical microcircuit (Sacramento et al. 2018; the coursework's Figure 6) while
// it learns, per hidden layer (metrics.layers[l]): the apical potential's size with no target
// (the self-prediction's residue, apical_rms) and with the output nudged (the error the layer
// learns from, apical_nudged_rms), how far the interneurons' prediction is from the layer above
// (interneuron_error), and the bottom-up update's angle to backprop's gradient on the same batch
// (update_angle_deg, drawn for every rule that has one, to compare). A schematic of the compartments heads the panel. Every number is the core's.

import { alignSeries } from '../charts/align.js';
import { fadedColor } from '../charts/theme.js';
import { chartView } from './chart-view.js';
import { SLOT_DASH, runSlots, slotsOf } from './layers.js';
import { ANGLE_AXIS, latestWords, layerValue, runItems, sci } from './series.js';

const hiddenSlots = (slots) => slots.filter((s) => s !== 'out');

/** The (run, hidden layer) pairs of runs with microcircuit figures. */
function defsOf(runs, field) {
  return runs.flatMap((run) => hiddenSlots(runSlots(run)).map((slot) => ({ run, slot, value: layerValue(run, slot, field) })))
    .filter((def) => def.run.history.some((m) => def.value(m) != null));
}

const layerLabel = (slot, runs) => (hiddenSlots(slotsOf(runs)).length > 1 ? ` hidden ${slot.slice(1)}` : '');

const LOG = { log: true, format: sci, refs: [] };

/**
 * The panel's charts: each draws, per run with figures and per hidden layer, one line per part
 * (a field of metrics.layers[l]; faded and dashed when `faded`), on the axes it gives.
 */
const CHARTS = [
  {
    key: 'apical',
    title: 'Apical potential, root mean square (the error lives here)',
    yLabel: 'rms v_A',
    ...LOG,
    parts: [
      { field: 'apical_rms', name: 'no target', faded: true },
      { field: 'apical_nudged_rms', name: 'nudged', faded: false },
    ],
  },
  {
    key: 'interneurons',
    title: 'Interneurons vs the layer above, ‖v̂_I − u‖ / ‖u‖',
    yLabel: 'relative error',
    ...LOG,
    parts: [{ field: 'interneuron_error' }],
  },
  {
    // Every run with an update angle (other rules' too, to compare with).
    key: 'micro-angle',
    title: 'Bottom-up update vs backprop’s gradient (below 90°: it descends)',
    ...ANGLE_AXIS,
    parts: [{ field: 'update_angle_deg' }],
  },
];

/** Chart `spec` of CHARTS for these runs. */
function layerChart(runs, { parts, ...axes }) {
  const defs = parts.flatMap((part) => defsOf(runs, part.field).map((def) => ({ ...def, part })));
  const aligned = alignSeries(runs, defs);
  return {
    ...axes,
    steps: aligned.steps,
    series: defs.map((def, i) => ({
      label: `${def.run.label}${def.part.name ? ` ${def.part.name}` : ''}${layerLabel(def.slot, runs)}`,
      stroke: def.part.faded ? fadedColor(def.run.color, 0.55) : def.run.color,
      dash: def.part.faded ? [6, 4] : SLOT_DASH[def.slot],
      width: 2,
      values: aligned.values[i],
    })),
  };
}

const charts = (runs) => CHARTS.map((spec) => layerChart(runs, spec));

function legend(runs) {
  const note = (run) => (run.config?.rule === 'dendritic_microcircuit' ? null : 'not a microcircuit: no compartments');
  const styles = [
    { label: 'apical potential, output nudged', dash: [] },
    { label: 'apical potential, no target', dash: [6, 4], faded: true },
  ];
  if (hiddenSlots(slotsOf(runs)).length > 1) {
    styles.push(...hiddenSlots(slotsOf(runs)).filter((s) => s !== 'h1').map((slot) => ({ label: `hidden layer ${slot.slice(1)}`, dash: SLOT_DASH[slot] })));
  }
  return { runs: runItems(runs, note), styles };
}

function notes(runs) {
  const micro = runs.filter((run) => run.config?.rule === 'dendritic_microcircuit');
  if (micro.length === 0) return [{ text: 'No run uses the dendritic microcircuit (rule dendritic_microcircuit).', tone: 'warn' }];
  return micro.map((run) => {
    const phase = run.config.micro_self_predicting_steps;
    return { text: `${run.label}: the first ${phase} steps only the lateral weights learn (no target); after them the output is nudged by λ = ${run.config.micro_nudging}.`, tone: '' };
  });
}

const SCHEMATIC = `
  <svg class="micro-schematic" viewBox="0 0 420 150" role="img" aria-label="A hidden layer's pyramidal neuron: basal dendrite below, soma, apical dendrite above; an interneuron beside it">
    <g fill="none" stroke="currentColor" stroke-width="2">
      <line x1="120" y1="20" x2="120" y2="62"/>
      <line x1="120" y1="98" x2="120" y2="135"/>
      <polygon points="100,98 140,98 120,62"/>
      <circle cx="300" cy="80" r="16"/>
      <line x1="284" y1="80" x2="150" y2="40" stroke-dasharray="5 4"/>
      <line x1="140" y1="90" x2="284" y2="86"/>
    </g>
    <g font-size="12" fill="currentColor">
      <text x="130" y="18">apical v_A: top-down B_PP·r above + B_PI·r_I</text>
      <text x="146" y="80">soma u = v̂_B + γ·v_A</text>
      <text x="130" y="140">basal v_B: bottom-up W_PP·r below</text>
      <text x="322" y="84">interneuron</text>
      <text x="322" y="100">W_IP: predicts above</text>
    </g>
  </svg>`;

export const view = {
  title: 'Dendritic microcircuit',
  wide: true,
  template: `
    <h2>Dendritic microcircuit: where the error lives</h2>
    ${SCHEMATIC}
    <p class="hint">Solid: the apical potential with the output nudged toward the target, the error the
      layer's bottom-up weights learn from; faded, dashed: with no target, near zero once the
      interneurons cancel the top-down input (the self-predicting state).</p>`,
  ...chartView({
    height: 200,
    charts,
    legend,
    notes,
    caption: (runs) => `Dendritic microcircuit per hidden layer against training step: apical potential and interneuron error on log scales, update angle in degrees. ${charts(runs).map(latestWords).join(' ')}`,
  }),
};
