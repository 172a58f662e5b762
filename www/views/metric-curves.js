// The loss and accuracy views' one chart each: per run a dashed, faded training-set series and
// a solid test-set series in the run's colour, with uPlot's legend giving the values under the
// cursor. A run of several seeds draws their mean, and its test series a band between the ends
// of the 95% interval (the core's, runs/sweep.js's `ci`). The caption gives every run's latest
// evaluation in words.

import { alignSeries } from '../charts/align.js';
import { fadedColor } from '../charts/theme.js';
import { chartView } from './chart-view.js';

/**
 * @param field the metrics' field: 'loss' (train_loss, test_loss) or 'acc'
 * @param words (runs) => { title, label } of the chart for these runs
 * @param shows (runs) => the runs the chart draws
 * @param scale { log? , range?, percent? } of the y axis; format(v) its numbers
 */
export function metricCurves({ field, words, shows, scale, format }) {
  return chartView({
    height: 300,
    charts(runs) {
      const drawn = shows(runs);
      const defs = drawn.flatMap((run) => ['train', 'test'].map((set) => ({ run, set, value: (m) => m[`${set}_${field}`] })));
      // The 95% band of a several-seed run's test series: its interval's two ends.
      for (const run of drawn.filter((r) => r.seeds > 1)) {
        for (const end of ['high', 'low']) defs.push({ run, set: 'test', end, value: (m) => m.ci?.[`test_${field}`]?.[end] });
      }
      const aligned = alignSeries(drawn, defs);
      const bands = [];
      defs.forEach((def, i) => {
        if (def.end === 'high') bands.push({ upper: i, lower: i + 1, fill: fadedColor(def.run.color, 0.18) });
      });
      const { title, label } = words(runs);
      return [{
        key: field,
        title,
        yLabel: label,
        ...scale,
        format,
        legend: true,
        steps: aligned.steps,
        series: defs.map((def, i) => ({
          label: def.end ? `${def.run.label} test, 95% ${def.end}` : `${def.run.label} ${def.set}${def.run.seeds > 1 ? `, mean of ${def.run.seeds} seeds` : ''}`,
          stroke: def.set === 'train' || def.end ? fadedColor(def.run.color) : def.run.color,
          width: def.end ? 0.5 : def.set === 'train' ? 1.5 : 2,
          dash: def.set === 'train' ? [6, 4] : [],
          values: aligned.values[i],
          ...(def.end && { inLegend: false }),
        })),
        bands,
        refs: [],
      }];
    },
    caption(runs) {
      const shown = new Set(shows(runs));
      const value = (v) => (v == null ? '—' : format(v));
      const lines = runs.filter((run) => run.latest).map((run) => {
        if (!shown.has(run)) return `${run.label}: none (an autoencoder).`;
        const m = run.latest;
        const hw = m.ci?.[`test_${field}`]?.half_width;
        const band = hw == null ? '' : ` ± ${format(hw)} (mean of ${run.seeds} seeds, 95% interval)`;
        return `${run.label} at step ${m.step}: test ${value(m[`test_${field}`])}${band}, training ${value(m[`train_${field}`])}.`;
      });
      return `${words(runs).title} against training step. ${lines.length ? lines.join(' ') : 'No evaluations yet.'}`;
    },
  });
}
