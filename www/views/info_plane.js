// The information plane (Shwartz-Ziv & Tishby 2017): x = H(T), which for a deterministic network
// on distinct images is I(input;T); y = I(X;T). One trajectory per layer per run, drawn by
// charts/plane.js: the line in the run's colour, the points filled by step, a marker per layer;
// the undersampled band (H(T) within the core's margin of log2 N) hatched, its points hollow
// grey rings.

import { renderLegend } from '../charts/legend.js';
import { InformationPlane } from '../charts/plane.js';
import { renderNotes } from './chart-view.js';
import { entropyLimits, undersampledNote } from './info-curves.js';
import { codeName, indexOf, runSlots, slotsOf } from './layers.js';

/** Every trajectory: [{ run, slot, color, points: [{ x, y, step, flagged }] }]. */
function trajectories(runs) {
  return runs.flatMap((run) => runSlots(run).map((slot) => {
    const i = indexOf(run, slot);
    const points = run.history
      .map((m) => ({ m, info: m.info?.[i] }))
      .filter(({ info }) => info && Number.isFinite(info.h_t_bits) && Number.isFinite(info.i_x_t_bits))
      .map(({ m, info }) => ({ x: info.h_t_bits, y: info.i_x_t_bits, step: m.step, flagged: info.undersampled }));
    return { run, slot, color: run.color, points };
  }));
}

/** The largest step any run goes to: the end of the colour ramp. */
const lastStep = (runs) => Math.max(1, ...runs.map((run) => run.config?.steps ?? 0));

function legend(runs) {
  const last = lastStep(runs);
  return {
    runs: runs.map((run) => ({ label: run.label, color: run.color, line: true })),
    styles: [
      ...slotsOf(runs).map((slot) => ({ label: codeName(slot, runs), marker: slot })),
      { ramp: ['step 0', `step ${last.toLocaleString('en-US')}`] },
      { label: 'undersampled code', ring: true },
    ],
  };
}

function caption(runs) {
  const parts = trajectories(runs).filter((l) => l.points.length).map(({ run, slot, points }) => {
    const first = points[0];
    const p = points.at(-1);
    return `${run.label} ${codeName(slot, runs)}: from H(T) ${first.x.toFixed(2)}, I(X;T) ${first.y.toFixed(2)} at step ${first.step} to ${p.x.toFixed(2)}, ${p.y.toFixed(2)} at step ${p.step}${p.flagged ? ' (undersampled)' : ''}`;
  });
  return `Information plane: x is H(T), y is I(X;T), in bits, one trajectory per layer per run. ${parts.length ? `${parts.join('; ')}.` : 'No evaluations yet.'}`;
}

export const view = {
  title: 'Information plane',
  wide: true,
  template: `
    <h2>The information plane</h2>
    <p class="hint">Each layer of each run moves through the plane as it learns: up is fitting the class,
      left is compressing the input. Points are coloured by step; the larger point is the latest.</p>
    <div class="plane"></div>
    <div class="legend"></div>
    <div class="notes"></div>`,
  needs: 'metrics',
  mount(panel) {
    const plane = new InformationPlane(panel.querySelector('.plane'));
    return {
      draw(runs, context) {
        const limits = entropyLimits(runs);
        plane.draw({
          lines: trajectories(runs),
          log2n: limits?.maxBits ?? null,
          marginBits: limits?.marginBits ?? 0,
          hx: context.dataInfo?.h_x_bits ?? null,
          lastStep: lastStep(runs),
          bandLabel: 'undersampled: H(T) ≈ log2 N',
        });
        renderLegend(panel.querySelector('.legend'), legend(runs));
        const note = undersampledNote(runs, 'so such a point sits at x ≈ log2 N and near y = H(X) whatever the layer has learned');
        renderNotes(panel.querySelector('.notes'), note ? [note] : []);
      },
      caption,
    };
  },
};
