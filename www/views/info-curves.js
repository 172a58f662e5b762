// What the layers' codes know (metrics.info, one entry per layer code: hidden layers, then the
// output), as small multiples, one chart per layer, for the views of Figures 8, 9 and 10
// (entropy.js, mi_label.js, mi_quadrant.js): a quantity with a companion line (a baseline, or
// H(T)) against reference lines. Every chart says where its numbers cannot be trusted: an
// undersampled code (H(T) within the core's margin of log2 N: hollow grey rings, and a note)
// and, where asked, a failed data-processing check (red crosses, and a note). The notes are the
// information plane's too. Every number comes from the core's metrics.
//
// Every chart says which estimator it shows (views/which-estimator.js); runs measured with
// different estimators get charts of their own, never one chart. Under binning kde a chart
// also draws the KDE bounds of its quantity (metrics.kde) as a band between the upper and the
// lower value, and a choice re-draws it with the bounds, the threshold codes, or both, from the
// stored evaluations.

import { alignSeries } from '../charts/align.js';
import { fadedColor } from '../charts/theme.js';
import { chartView } from './chart-view.js';
import { codeName, indexOf, runSlots, slotsOf } from './layers.js';
import { layerValue } from './series.js';
import { estimatorGroups, estimatorNote, isKde, kdeChoice, switchNote } from './which-estimator.js';

const bits = (v) => `${v.toFixed(3)} bits`;
const short = (v) => v.toFixed(2);

function undersampledAt(run, slot) {
  const i = indexOf(run, slot);
  return (m) => i >= 0 && m.info?.[i]?.undersampled === true;
}

/** A code's most bits, log2 N (N test images), and the undersampled margin, from the metrics. */
export function entropyLimits(runs) {
  const info = runs.find((run) => run.latest?.info?.[0])?.latest.info[0];
  return info ? { maxBits: info.max_entropy_bits, marginBits: info.undersampled_margin_bits } : null;
}

/** Whether the check between this layer and the one before it failed (never for the first). */
function dpiFailsAt(run, slot) {
  const i = indexOf(run, slot);
  return (m) => i > 0 && m.data_processing?.[i - 1]?.holds === false;
}

/** The steps of the evaluations matching `test`, as ranges: "0–300, 800". */
export function stepRanges(history, test, max = 4) {
  const ranges = [];
  let open = null;
  for (const m of history) {
    if (test(m)) {
      if (open) open[1] = m.step;
      else ranges.push((open = [m.step, m.step]));
    } else {
      open = null;
    }
  }
  const words = ranges.slice(0, max).map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`));
  if (ranges.length > max) words.push('…');
  return words.join(', ');
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const MEANS_NOTHING = 'so I(X;T) comes out near H(X) whatever the layer has learned, and the shuffled baseline is as high';

/**
 * The warning about undersampled codes, if any evaluation has one; `consequence` says what that
 * does to the quantity shown.
 */
export function undersampledNote(runs, consequence = MEANS_NOTHING) {
  const hits = [];
  for (const run of runs) {
    for (const slot of runSlots(run)) {
      const test = undersampledAt(run, slot);
      const where = stepRanges(run.history, test);
      if (where) hits.push(`${run.label} · ${codeName(slot, runs)} at step${where.includes(',') || where.includes('–') ? 's' : ''} ${where}${test(run.history.at(-1)) ? ' (still)' : ''}`);
    }
  }
  if (hits.length === 0) return null;
  const limits = entropyLimits(runs);
  return {
    tone: 'warn',
    text: `Undersampled: H(T) within ${limits.marginBits} bits of log2 N = ${limits.maxBits.toFixed(2)} bits, marked by hollow grey rings. ${hits.join('; ')}. There nearly every test image has a code of its own, ${consequence}: such points say nothing about learning.`,
  };
}

/** Whether the data-processing check holds everywhere, or where it fails. */
export function dataProcessingNote(runs) {
  let checks = 0;
  let failures = 0;
  const hits = [];
  for (const run of runs) {
    for (const m of run.history) {
      for (const c of m.data_processing ?? []) {
        checks += 1;
        if (!c.holds) failures += 1;
      }
    }
    const where = stepRanges(run.history, (m) => (m.data_processing ?? []).some((c) => !c.holds));
    if (where) hits.push(`${run.label} at ${where}`);
  }
  if (checks === 0) return null;
  if (failures === 0) {
    return { tone: 'ok', text: `Data-processing check I(X;Y) ≥ I(X;Z): holds at all ${plural(checks, 'check')} so far.` };
  }
  return {
    tone: 'fail',
    text: `Data-processing check I(X;Y) ≥ I(X;Z) fails at ${failures} of ${plural(checks, 'check')} (red crosses on the later layer): ${hits.join('; ')}. The codes are discretised, so a later layer's code is not a function of an earlier one's and the estimates need not obey the inequality: there the later layer only seems to know more.`,
  };
}

/** "label: value (baseline b)" per run for a slot, for a caption. */
function captionOf(runs, slot, field, baseline) {
  const parts = runs.map((run) => {
    const m = run.latest;
    const i = indexOf(run, slot);
    const info = i >= 0 ? m?.info?.[i] : null;
    if (!info) return null;
    return `${run.label} ${bits(info[field])}${baseline ? ` (shuffled ${bits(info[baseline])})` : ''}${info.undersampled ? ', undersampled' : ''} at step ${m.step}`;
  }).filter(Boolean);
  return `${codeName(slot, runs)}: ${parts.length ? parts.join('; ') : 'no evaluations yet'}.`;
}

/** "label: KDE [lower, upper]" per KDE run for a slot, for a caption. */
function kdeCaptionOf(runs, slot, kde) {
  const parts = runs.filter(isKde).map((run) => {
    const i = indexOf(run, slot);
    const k = i >= 0 ? run.latest?.kde?.[i] : null;
    return k ? `${run.label} KDE bounds ${kde.name} [${k[kde.lower].toFixed(3)}, ${k[kde.upper].toFixed(3)}] bits (σ² = ${k.noise_var.toPrecision(3)}, N = ${k.n}) at step ${run.latest.step}` : null;
  }).filter(Boolean);
  return parts.length ? ` ${codeName(slot, runs)}, KDE bounds: ${parts.join('; ')}.` : '';
}

/**
 * A chart view of one quantity per layer with a companion line (a baseline or H(T)).
 * spec: { main: { field, name, legend }, companion: { field, name, legend }, title(slot, runs),
 *         refs(context, runs), dpi (mark failed data-processing checks), undersampled (what an
 *         undersampled code does to the main quantity), intro (for the caption),
 *         kde: { upper, lower, name } (the metrics.kde fields of the quantity's bounds) }
 */
export function infoCurves(spec) {
  let shows = 'both'; // for KDE runs: 'both', 'kde' (the bounds only) or 'codes'
  let choice = null;
  const drawsCodes = (run) => !isKde(run) || shows !== 'kde';
  const drawsKde = (run) => isKde(run) && shows !== 'codes';
  const base = chartView({
    height: 230,
    charts(runs, context) {
      const groups = estimatorGroups(runs);
      if (choice) choice.element.hidden = !runs.some(isKde);
      return groups.flatMap((group, g) => slotsOf(runs).map((slot) => {
        const present = group.runs.filter((run) => indexOf(run, slot) >= 0);
        const defs = present.flatMap((run) => [
          ...(drawsCodes(run) ? [
            { run, kind: 'main', value: layerValue(run, slot, spec.main.field, 'info'), flag: undersampledAt(run, slot), ...(spec.dpi && { cross: dpiFailsAt(run, slot) }) },
            { run, kind: 'companion', value: layerValue(run, slot, spec.companion.field, 'info') },
          ] : []),
          ...(drawsKde(run) ? [
            { run, kind: 'upper', value: layerValue(run, slot, spec.kde.upper, 'kde') },
            { run, kind: 'lower', value: layerValue(run, slot, spec.kde.lower, 'kde') },
          ] : []),
        ]);
        const aligned = alignSeries(group.runs, defs);
        const style = {
          main: { name: `${spec.main.name}${group.kde ? ' (threshold codes)' : ''}`, width: 2, dash: [], faded: false },
          companion: { name: spec.companion.name, width: 1.5, dash: [5, 4], faded: true },
          upper: { name: `KDE upper ${spec.kde.name}`, width: 1.5, dash: [], faded: false },
          lower: { name: `KDE lower ${spec.kde.name}`, width: 1.5, dash: [2, 2], faded: false },
        };
        const series = defs.map((def, i) => ({
          label: `${def.run.label} ${style[def.kind].name}`,
          stroke: style[def.kind].faded ? fadedColor(def.run.color, 0.5) : def.run.color,
          dash: style[def.kind].dash,
          width: style[def.kind].width,
          values: aligned.values[i],
          flags: aligned.flags[i],
          crosses: aligned.crosses[i],
        }));
        const bands = defs.flatMap((def, i) => (def.kind === 'upper' ? [{ upper: i, lower: i + 1, fill: fadedColor(def.run.color, 0.18) }] : []));
        return {
          key: groups.length > 1 ? `${slot}-${g}` : slot,
          title: `${spec.title(slot, runs)} · ${group.short}`,
          yLabel: 'bits',
          range: (min, max) => [0, Math.max(max, 0.5)],
          format: short,
          steps: aligned.steps,
          series,
          bands,
          refs: spec.refs(context, runs),
        };
      }));
    },
    legend(runs) {
      const kde = runs.some(isKde) && shows !== 'codes';
      const codes = runs.some((run) => !isKde(run)) || shows !== 'kde';
      return {
        runs: runs.map((run) => ({ label: run.label, color: run.color })),
        styles: [
          ...(codes ? [
            { label: spec.main.legend, dash: [] },
            { label: spec.companion.legend, dash: [5, 4], faded: true },
          ] : []),
          ...(kde ? [
            { label: `KDE upper bound on ${spec.kde.name} (shaded down to the lower)`, dash: [] },
            { label: `KDE lower bound on ${spec.kde.name}`, dash: [2, 2] },
          ] : []),
        ],
      };
    },
    notes(runs) {
      const groups = estimatorGroups(runs);
      return [
        estimatorNote(groups, 'each estimator has charts of its own'),
        undersampledNote(runs.filter((run) => drawsCodes(run)), spec.undersampled),
        spec.dpi ? dataProcessingNote(runs) : null,
        runs.length ? switchNote(runs.some(isKde)) : null,
      ].filter(Boolean);
    },
    caption(runs, context) {
      const refs = spec.refs(context, runs).map((r) => r.label).join(', ');
      const groups = estimatorGroups(runs);
      const named = groups.length ? ` Estimator${groups.length > 1 ? 's (runs measured differently are on charts of their own)' : ''}: ${groups.map((g) => `${groups.length > 1 ? `${g.runs.map((r) => r.label).join(', ')}: ` : ''}${g.words}`).join('; ')}.` : '';
      return `${spec.intro}${named}${refs ? ` Reference lines: ${refs}.` : ''} ${slotsOf(runs).map((slot) => captionOf(runs, slot, spec.main.field, spec.companion.field) + kdeCaptionOf(runs, slot, spec.kde)).join(' ')}`;
    },
  });
  return {
    needs: base.needs,
    mount(panel, context) {
      choice = kdeChoice((value) => {
        shows = value;
        context.redraw();
      });
      panel.append(choice.element);
      return base.mount(panel, context);
    },
  };
}

/** The reference line at log2 N, where every test image has a code of its own. */
export const log2N = (context, runs) => {
  const limits = entropyLimits(runs);
  return limits ? [{ value: limits.maxBits, label: `log2 N = ${limits.maxBits.toFixed(2)}: every image its own code` }] : [];
};
