// A layer's activity for one image as the code the information measures count, under the
// run's binning (config.binning, config.bins), as the core makes it (crate/src/info/discretise.rs):
//
//   threshold  one bit per unit: activity > 0.5 for sigmoid units and the output layer,
//              > 0 for tanh and ReLU units;
//   uniform    k equal-width bins over [0, 1] (sigmoid), [-1, 1] (tanh), or for ReLU units and
//              the output the [min, max] of the whole layer's activity on the test set;
//   adaptive   k equal-mass bins per unit: bin ⌊k·r/N⌋, r the number of test images on which
//              the unit's activity is below this one's.
//
// The last two need the layer's activity on every test image (`all`, N × units).

/** Bins per unit: 2 for threshold codes. */
export function binCount(config) {
  return config.binning === 'threshold' ? 2 : config.bins;
}

/** θ of a threshold code. */
export function thresholdOf(config, output) {
  return output || config.activation === 'sigmoid' ? 0.5 : 0;
}

/** The fixed range of uniform bins, or null where it is the observed one. */
function fixedRange(config, output) {
  if (output) return null;
  if (config.activation === 'sigmoid') return [0, 1];
  if (config.activation === 'tanh') return [-1, 1];
  return null;
}

/** Whether the code of one image needs the layer's activity on the whole test set. */
export function needsWholeLayer(config, output) {
  if (config.binning === 'adaptive') return true;
  return config.binning === 'uniform' && fixedRange(config, output) === null;
}

function minMax(all) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of all) {
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  return [lo, hi];
}

/**
 * The bins (Uint8Array, one per unit) of `activity` (one image's units).
 * @param all the layer's activity on all N test images (N × units), when needsWholeLayer
 * @param stats a cache object kept with `all` (the observed range is computed once)
 */
export function codeOf(activity, config, output, all = null, stats = {}) {
  const units = activity.length;
  const bins = new Uint8Array(units);
  if (config.binning === 'threshold') {
    const theta = thresholdOf(config, output);
    for (let u = 0; u < units; u += 1) bins[u] = activity[u] > theta ? 1 : 0;
    return bins;
  }
  const k = config.bins;
  if (config.binning === 'uniform') {
    let range = fixedRange(config, output);
    if (!range) {
      if (!all) throw new Error('uniform bins over the observed range need the whole layer');
      stats.range ??= minMax(all);
      range = stats.range;
    }
    const [lo, hi] = range;
    const scale = hi > lo ? k / (hi - lo) : 0;
    for (let u = 0; u < units; u += 1) {
      bins[u] = Math.floor(Math.min(k - 1, Math.max(0, (activity[u] - lo) * scale)));
    }
    return bins;
  }
  if (!all) throw new Error('adaptive bins need the whole layer');
  const n = all.length / units;
  for (let u = 0; u < units; u += 1) {
    const a = activity[u];
    let below = 0;
    for (let i = u; i < all.length; i += units) if (all[i] < a) below += 1;
    bins[u] = Math.floor((below * k) / n);
  }
  return bins;
}

/** One unit's bin as text: a bit for two bins, else a hex digit (up to 16 bins) or a number. */
export function binText(bin, count) {
  if (count <= 2) return bin ? '1' : '0';
  return count <= 16 ? bin.toString(16) : String(bin);
}

/** A code as text: its units' bins, space-separated when they are numbers. */
export function codeText(bins, count) {
  return Array.from(bins, (b) => binText(b, count)).join(count > 16 ? ' ' : '');
}
