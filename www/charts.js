// The loss and accuracy charts (uPlot): per run a dashed, faded training-set series
// and a solid test-set series, sharing the run's colour. Each chart has a text alternative:
// its caption gives every run's latest evaluation in words. An autoencoder's loss is its
// reconstruction error (mean squared error per pixel), and it has no accuracy: the loss chart
// says which loss it shows, and the accuracy chart leaves autoencoders out.

import uPlot from './vendor/uPlot.esm.js';
import { fadedColor } from './palette.js';

const HEIGHT = 300;

const percent = (u, splits) => splits.map((v) => `${Math.round(v * 100)}%`);

// Round values per decade at which the loss axis may start or end.
const LOG_STEPS = [1, 1.5, 2, 3, 5, 7, 10];

/** The nearest round values just outside [min, max], so the log axis ends on round ticks. */
function roundLogRange(u, min, max) {
  if (!(min > 0)) return [0.1, 1]; // no data yet
  const decade = (v) => 10 ** Math.floor(Math.log10(v));
  const below = (v) => decade(v) * LOG_STEPS.findLast((m) => m * decade(v) <= v);
  const above = (v) => decade(v) * LOG_STEPS.find((m) => m * decade(v) >= v);
  return [below(min / 1.02), above(max * 1.02)];
}

const isAutoencoder = (run) => run.config?.task === 'autoencode';

/** The loss chart's title and axis for these runs: a classifier's loss, an autoencoder's, or both. */
function lossWords(runs) {
  const autoencoders = runs.filter(isAutoencoder).length;
  if (autoencoders === 0) return { title: 'Loss', label: 'loss' };
  if (autoencoders === runs.length) return { title: 'Reconstruction error (MSE per pixel)', label: 'MSE per pixel' };
  return { title: 'Loss (autoencoders: MSE per pixel)', label: 'loss · MSE per pixel' };
}

const CHARTS = [
  {
    key: 'loss',
    words: lossWords,
    runs: (runs) => runs,
    // Early losses can be orders of magnitude above the later ones: a log axis keeps both
    // readable. The range hugs the data instead of rounding out to whole decades.
    scale: { distr: 3, log: 10, range: roundLogRange },
    axis: {},
    format: (v) => v.toPrecision(3),
  },
  {
    key: 'acc',
    words: (runs) => ({
      title: runs.length > 0 && runs.every(isAutoencoder) ? 'Accuracy (an autoencoder has none)' : 'Accuracy',
      label: 'accuracy',
    }),
    runs: (runs) => runs.filter((run) => !isAutoencoder(run)),
    scale: { range: [0, 1] },
    axis: { values: percent },
    format: (v) => `${(v * 100).toFixed(1)}%`,
  },
];

/** Lines the runs' histories up on one x array (the union of their evaluation steps). */
export function alignHistories(runs, key) {
  const steps = [...new Set(runs.flatMap((run) => run.history.map((m) => m.step)))].sort((a, b) => a - b);
  const index = new Map(steps.map((step, i) => [step, i]));
  const columns = [steps];
  for (const run of runs) {
    const train = new Array(steps.length).fill(null);
    const test = new Array(steps.length).fill(null);
    for (const m of run.history) {
      train[index.get(m.step)] = m[`train_${key}`];
      test[index.get(m.step)] = m[`test_${key}`];
    }
    columns.push(train, test);
  }
  return columns;
}

function seriesFor(runs, format) {
  const value = (u, v) => (v == null ? '—' : format(v));
  return [
    { label: 'step' },
    ...runs.flatMap((run) => [
      { label: `${run.label} train`, stroke: fadedColor(run.color), width: 1.5, dash: [6, 4], spanGaps: true, value },
      { label: `${run.label} test`, stroke: run.color, width: 2, spanGaps: true, value },
    ]),
  ];
}

function contentWidth(el) {
  const style = getComputedStyle(el);
  return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}

/** The latest values of each run as a sentence per run, for the chart's caption. */
export function describeLatest(runs, chart, title = chart.words(runs).title) {
  const shown = new Set(chart.runs(runs));
  const value = (v) => (v == null ? '—' : chart.format(v));
  const lines = runs
    .filter((run) => run.latest)
    .map((run) => {
      if (!shown.has(run)) return `${run.label}: none (an autoencoder).`;
      const m = run.latest;
      return `${run.label} at step ${m.step}: test ${value(m[`test_${chart.key}`])}, training ${value(m[`train_${chart.key}`])}.`;
    });
  return `${title} against training step. ${lines.length ? lines.join(' ') : 'No evaluations yet.'}`;
}

export class MetricCharts {
  /**
   * containers: { loss: Element, acc: Element } for the plots
   * captions: { loss: Element, acc: Element } for their text alternatives
   */
  constructor(containers, captions = {}) {
    this.containers = containers;
    this.captions = captions;
    this.plots = [];
    this.resizer = new ResizeObserver(() => this.fit());
    for (const el of Object.values(containers)) this.resizer.observe(el);
  }

  /** Rebuilds both charts with a series pair per run. */
  setRuns(runs) {
    for (const { plot } of this.plots) plot.destroy();
    this.plots = CHARTS.map((chart) => {
      const el = this.containers[chart.key];
      const { title, label } = chart.words(runs);
      const shown = chart.runs(runs);
      const options = {
        title,
        width: contentWidth(el),
        height: HEIGHT,
        scales: { x: { time: false }, y: chart.scale },
        axes: [{ label: 'step' }, { ...chart.axis, label }],
        series: seriesFor(shown, chart.format),
      };
      return { plot: new uPlot(options, alignHistories(shown, chart.key), el), key: chart.key, chart, title };
    });
  }

  /** Redraws with the runs' current histories. */
  update(runs) {
    for (const { plot, key, chart, title } of this.plots) {
      plot.setData(alignHistories(chart.runs(runs), key));
      const caption = this.captions[key];
      const text = describeLatest(runs, chart, title);
      if (caption && caption.textContent !== text) caption.textContent = text;
    }
  }

  /** The uPlot instance and title of a chart ('loss' or 'acc'), or null before setRuns. */
  chart(key) {
    const entry = this.plots.find((p) => p.key === key);
    return entry ? { plot: entry.plot, title: entry.title } : null;
  }

  fit() {
    for (const { plot, key } of this.plots) {
      plot.setSize({ width: contentWidth(this.containers[key]), height: HEIGHT });
    }
  }
}
