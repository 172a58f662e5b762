// Axis ranges and tick labels for uPlot: log axes that end on round values and label only the
// powers of ten when they span more than a decade, and percentages.

// Round values per decade at which a log axis may start or end.
const LOG_STEPS = [1, 1.5, 2, 3, 5, 7, 10];

/** The nearest round values just outside [min, max], so a log axis ends on round ticks. */
export function roundLogRange(min, max) {
  if (!(min > 0) || !(max > 0)) return [0.1, 1]; // no data yet
  const decade = (v) => 10 ** Math.floor(Math.log10(v));
  const below = (v) => decade(v) * LOG_STEPS.findLast((m) => m * decade(v) <= v);
  const above = (v) => decade(v) * LOG_STEPS.find((m) => m * decade(v) >= v);
  return [below(min / 1.02), above(max * 1.02)];
}

/** A number of a log axis: 0.01 ... 1000 as they are, beyond that as 1e-5. */
function power(v) {
  const e = Math.round(Math.log10(v));
  if (Math.abs(v / 10 ** e - 1) < 1e-6) return e >= -2 && e <= 3 ? String(10 ** e) : `1e${e}`;
  return v >= 0.001 && v < 1e4 ? String(Number(v.toPrecision(2))) : v.toExponential(0).replace('e+', 'e');
}

const isDecade = (v) => v > 0 && Math.abs(v / 10 ** Math.round(Math.log10(v)) - 1) < 1e-6;
const decades = (u) => Math.log10(u.scales.y.max / u.scales.y.min);

/**
 * Log-axis labels (uPlot has already dropped those without room): over more than a decade
 * only the powers of ten.
 */
export function logTicks(u, splits) {
  const long = decades(u) > 1.2;
  return splits.map((v) => (v == null || !(v > 0) || (long && !isDecade(v)) ? '' : power(v)));
}

/** Log-axis grid lines and ticks: over more than a decade only at the powers of ten. */
export function logFilter(u, splits) {
  return decades(u) > 1.2 ? splits.map((v) => (isDecade(v) ? v : null)) : splits;
}

/** Percent labels of a [0, 1] axis. */
export function percentTicks(u, splits) {
  return splits.map((v) => `${Math.round(v * 100)}%`);
}
