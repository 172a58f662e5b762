// The information plane (Shwartz-Ziv & Tishby 2017): x = H(T), which for a deterministic network
// on distinct images is I(input;T); y = I(X;T). One trajectory per layer per run, drawn by
// charts/plane.js: the line in the run's colour, the points filled by step, a marker per layer;
// the undersampled band (H(T) within the core's margin of log2 N) hatched, its points hollow
// grey rings.
//
// The plane names its estimator (views/which-estimator.js) and draws the runs of one estimator
// only: when the runs differ, a choice says which group is drawn. Under binning kde it draws
// the KDE bounds (metrics.kde): x = I(input;T), y = I(X;T), the upper bounds' trajectory solid,
// the lower bounds' dashed, each evaluation's two joined by a faded span; a choice re-draws it
// from the stored evaluations with the bounds, the threshold codes, or both.

import { renderLegend } from '../charts/legend.js';
import { InformationPlane } from '../charts/plane.js';
import { renderNotes } from './chart-view.js';
import { entropyLimits, undersampledNote } from './info-curves.js';
import { codeName, indexOf, runSlots, slotsOf } from './layers.js';
import { estimatorGroups, estimatorNote, isKde, kdeChoice, switchNote } from './which-estimator.js';

/** Every trajectory of the threshold (or binned) codes: [{ run, slot, color, points: [{ x, y, step, flagged }] }]. */
function trajectories(runs) {
  return runs.flatMap((run) => runSlots(run).map((slot) => {
    const i = indexOf(run, slot);
    const points = run.history
      .map((m) => ({ m, info: m.info?.[i] }))
      .filter(({ info }) => info && Number.isFinite(info.h_t_bits) && Number.isFinite(info.i_x_t_bits))
      .map(({ m, info }) => ({ x: info.h_t_bits, y: info.i_x_t_bits, step: m.step, flagged: info.undersampled }));
    return { run, slot, color: run.color, kind: 'codes', points };
  }));
}

/** The KDE bounds' trajectories of the runs with binning kde: upper and lower per layer, and the spans. */
function kdeTrajectories(runs) {
  const lines = [];
  const spans = [];
  for (const run of runs.filter(isKde)) {
    for (const slot of runSlots(run)) {
      const i = indexOf(run, slot);
      const at = run.history.map((m) => ({ m, k: m.kde?.[i] })).filter(({ k }) => k);
      const point = (m, x, y) => ({ x, y, step: m.step, flagged: false });
      const upper = at.map(({ m, k }) => point(m, k.i_input_t_upper_bits, k.i_x_t_upper_bits));
      const lower = at.map(({ m, k }) => point(m, k.i_input_t_lower_bits, k.i_x_t_lower_bits));
      lines.push({ run, slot, color: run.color, kind: 'upper', points: upper }, { run, slot, color: run.color, kind: 'lower', dash: [4, 3], points: lower });
      upper.forEach((u, j) => spans.push({ color: run.color, from: lower[j], to: u }));
    }
  }
  return { lines, spans };
}

/** The largest step any run goes to: the end of the colour ramp. */
const lastStep = (runs) => Math.max(1, ...runs.map((run) => run.config?.steps ?? 0));

function legend(runs, kde) {
  const last = lastStep(runs);
  return {
    runs: runs.map((run) => ({ label: run.label, color: run.color, line: true })),
    styles: [
      ...slotsOf(runs).map((slot) => ({ label: codeName(slot, runs), marker: slot })),
      { ramp: ['step 0', `step ${last.toLocaleString('en-US')}`] },
      ...(kde ? [{ label: 'KDE upper bounds (x: I(input;T), y: I(X;T))', dash: [] }, { label: 'KDE lower bounds, joined to the upper by a faded span', dash: [4, 3] }] : []),
      { label: 'undersampled code', ring: true },
    ],
  };
}

const WHAT = { upper: 'KDE upper bounds', lower: 'KDE lower bounds' };

function caption(lines, runs, group) {
  const parts = lines.filter((l) => l.points.length).map(({ run, slot, points, kind }) => {
    const first = points[0];
    const p = points.at(-1);
    const x = kind === 'codes' ? 'H(T)' : 'I(input;T)';
    return `${run.label} ${codeName(slot, runs)}${kind === 'codes' ? '' : ` ${WHAT[kind]}`}: from ${x} ${first.x.toFixed(2)}, I(X;T) ${first.y.toFixed(2)} at step ${first.step} to ${p.x.toFixed(2)}, ${p.y.toFixed(2)} at step ${p.step}${p.flagged ? ' (undersampled)' : ''}`;
  });
  const named = group ? ` Estimator: ${group.words}.` : '';
  return `Information plane: x is H(T) (for the KDE bounds I(input;T)), y is I(X;T), in bits, one trajectory per layer per run.${named} ${parts.length ? `${parts.join('; ')}.` : 'No evaluations yet.'}`;
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
  mount(panel, { redraw }) {
    const plane = new InformationPlane(panel.querySelector('.plane'));
    let shows = 'both';
    let chosen = 0; // the estimator group drawn
    const choice = kdeChoice((value) => {
      shows = value;
      redraw();
    });
    const groupLabel = document.createElement('label');
    groupLabel.className = 'activity-controls plane-group';
    groupLabel.append('Runs drawn (one estimator at a time): ');
    const groupSelect = document.createElement('select');
    groupSelect.setAttribute('aria-label', 'Which estimator\'s runs the plane draws');
    groupSelect.addEventListener('change', () => {
      chosen = Number(groupSelect.value);
      redraw();
    });
    groupLabel.append(groupSelect);
    groupLabel.hidden = true;
    panel.querySelector('.plane').before(choice.element, groupLabel);
    let described = { lines: [], runs: [], group: null };
    return {
      draw(allRuns, context) {
        const groups = estimatorGroups(allRuns);
        if (chosen >= groups.length) chosen = 0;
        const options = groups.map((g, i) => `${i}|${g.runs.map((r) => r.label).join(', ')}: ${g.short}`);
        if (groupSelect.dataset.options !== options.join('\n')) {
          groupSelect.dataset.options = options.join('\n');
          groupSelect.replaceChildren(...groups.map((g, i) => new Option(`${g.runs.map((r) => r.label).join(', ')}: ${g.short}`, String(i), false, i === chosen)));
        }
        groupLabel.hidden = groups.length < 2;
        const group = groups[chosen] ?? null;
        const runs = group?.runs ?? [];
        const kde = runs.some(isKde);
        choice.element.hidden = !kde;
        const codes = trajectories(runs).filter((l) => !isKde(l.run) || shows !== 'kde');
        const bounds = shows === 'codes' ? { lines: [], spans: [] } : kdeTrajectories(runs);
        const lines = [...codes, ...bounds.lines];
        const limits = entropyLimits(runs);
        plane.draw({
          lines,
          spans: bounds.spans,
          log2n: limits?.maxBits ?? null,
          marginBits: limits?.marginBits ?? 0,
          hx: context.dataInfo?.h_x_bits ?? null,
          lastStep: lastStep(runs),
          bandLabel: 'undersampled: H(T) ≈ log2 N',
        });
        renderLegend(panel.querySelector('.legend'), legend(runs, kde && shows !== 'codes'));
        const note = undersampledNote(runs.filter((run) => !isKde(run) || shows !== 'kde'), 'so such a point sits at x ≈ log2 N and near y = H(X) whatever the layer has learned');
        const apart = group ? `the plane draws one estimator's runs at a time (now ${group.runs.map((r) => r.label).join(', ')}; the choice above switches)` : '';
        renderNotes(panel.querySelector('.notes'), [estimatorNote(groups, apart), note, runs.length ? switchNote(kde) : null].filter(Boolean));
        described = { lines, runs, group };
      },
      caption: () => caption(described.lines, described.runs, described.group),
    };
  },
};
