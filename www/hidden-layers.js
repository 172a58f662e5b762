// The "hidden layers" field: one run per comma-separated entry, layers within a run
// joined by "x". "15, 30, 60, 120" is a sweep of four one-layer runs; "256x128" is one
// run with two hidden layers.

export const MAX_RUNS = 8; // one worker each, and the palette has 8 colours

export function parseHiddenRuns(text) {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('hidden: give at least one layer size, e.g. 120 or 15, 30, 60, 120');
  if (entries.length > MAX_RUNS) throw new Error(`hidden: at most ${MAX_RUNS} runs at once (got ${entries.length})`);
  return entries.map((entry) =>
    entry.split(/\s*[x×]\s*/i).map((size) => {
      if (!/^\d+$/.test(size)) {
        throw new Error(`hidden: "${entry}" is not a layer size or a list like 256x128`);
      }
      return Number(size);
    }),
  );
}

export function formatHiddenRuns(runs) {
  return runs.map((hidden) => hidden.join('x')).join(', ');
}

export function hiddenLabel(hidden) {
  return `h=${hidden.join('×')}`;
}
