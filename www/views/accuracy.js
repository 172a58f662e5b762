// The accuracy chart: training and test accuracy of every classifier against training step.
// An autoencoder has no accuracy: it is left out, and the title says so when all runs are.

import { metricCurves } from './metric-curves.js';
import { isAutoencoder, pct } from './series.js';

const words = (runs) => ({
  title: runs.length > 0 && runs.every(isAutoencoder) ? 'Accuracy (an autoencoder has none)' : 'Accuracy',
  label: 'accuracy',
});

export const view = {
  title: 'Accuracy chart',
  className: 'chart-figure',
  template: '',
  ...metricCurves({
    field: 'acc',
    words,
    shows: (runs) => runs.filter((run) => !isAutoencoder(run)),
    scale: { range: () => [0, 1], percent: true },
    format: pct,
  }),
};
