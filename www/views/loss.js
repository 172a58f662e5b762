// The loss chart: training and test loss of every run against training step, on a log axis
// (early losses can be orders of magnitude above the later ones). An autoencoder's loss is its
// reconstruction error, the mean squared error per pixel: the title says which loss it shows.

import { metricCurves } from './metric-curves.js';
import { isAutoencoder } from './series.js';

/** The chart's title and axis for these runs: a classifier's loss, an autoencoder's, or both. */
function words(runs) {
  const autoencoders = runs.filter(isAutoencoder).length;
  if (autoencoders === 0) return { title: 'Loss', label: 'loss' };
  if (autoencoders === runs.length) return { title: 'Reconstruction error (MSE per pixel)', label: 'MSE per pixel' };
  return { title: 'Loss (autoencoders: MSE per pixel)', label: 'loss · MSE per pixel' };
}

export const view = {
  title: 'Loss chart',
  className: 'chart-figure',
  template: '',
  ...metricCurves({ field: 'loss', words, shows: (runs) => runs, scale: { log: true }, format: (v) => v.toPrecision(3) }),
};
