// The loss and accuracy views' one chart each: per run a dashed, faded training-set series and
// a solid test-set series in the run's colour, with uPlot's legend giving the values under the
// cursor. The caption gives every run's latest evaluation in words.

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
      const aligned = alignSeries(drawn, defs);
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
          label: `${def.run.label} ${def.set}`,
          stroke: def.set === 'train' ? fadedColor(def.run.color) : def.run.color,
          width: def.set === 'train' ? 1.5 : 2,
          dash: def.set === 'train' ? [6, 4] : [],
          values: aligned.values[i],
        })),
        refs: [],
      }];
    },
    caption(runs) {
      const shown = new Set(shows(runs));
      const value = (v) => (v == null ? '—' : format(v));
      const lines = runs.filter((run) => run.latest).map((run) => {
        if (!shown.has(run)) return `${run.label}: none (an autoencoder).`;
        const m = run.latest;
        return `${run.label} at step ${m.step}: test ${value(m[`test_${field}`])}, training ${value(m[`train_${field}`])}.`;
      });
      return `${words(runs).title} against training step. ${lines.length ? lines.join(' ') : 'No evaluations yet.'}`;
    },
  });
}
