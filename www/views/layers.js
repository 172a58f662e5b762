// Names for a network's layers, shared by every per-layer view. A run with hidden layers
// [h1, h2, ...] has layer codes Y1, Y2, ... and the output Z (one per entry of metrics.info),
// and weight layers W1 ... Wn feeding them (one per entry of metrics.layers). Runs of different
// depths line up by slot: 'h1', 'h2', 'h3' for hidden layers, 'out' for the output.

/** Line dash per slot, so one chart can hold several layers of several runs. */
export const SLOT_DASH = { h1: [], h2: [9, 3, 2, 3], h3: [2, 3], out: [7, 4] };

/** The slot of layer index i (0-based, output last) in a network of `hidden` hidden layers. */
export function slotOf(i, hidden) {
  return i < hidden ? `h${i + 1}` : 'out';
}

/** The slots of a run's layers, input side first. */
export function runSlots(run) {
  const hidden = run.config?.hidden?.length ?? 1;
  return [...Array.from({ length: hidden }, (_, i) => `h${i + 1}`), 'out'];
}

/** The slots any of the runs has, in order (the small multiples of a per-layer view). */
export function slotsOf(runs) {
  const deepest = Math.max(1, ...runs.map((run) => run.config?.hidden?.length ?? 1));
  return [...Array.from({ length: deepest }, (_, i) => `h${i + 1}`), 'out'];
}

/** Whether the runs have one hidden layer at most (then "hidden Y" needs no number). */
function shallow(runs) {
  return runs.every((run) => (run.config?.hidden?.length ?? 1) <= 1);
}

/** The name of a layer's code: "hidden layer Y" or "Y2", "output Z". */
export function codeName(slot, runs) {
  if (slot === 'out') return 'output Z';
  return shallow(runs) ? 'hidden Y' : `hidden Y${slot.slice(1)}`;
}

/** The coursework's letter for a layer's code: Y for a hidden layer, Z for the output. */
export const codeSymbol = (slot) => (slot === 'out' ? 'Z' : 'Y');

/** The name of the weights into a slot: "W1 (input → hidden)", "W2 (hidden → output)". */
export function weightName(slot, runs) {
  const deepest = slotsOf(runs).length - 1;
  if (slot === 'out') return `W${deepest + 1} (→ output)`;
  const n = Number(slot.slice(1));
  return shallow(runs) ? 'W1 (input → hidden)' : `W${n} (→ hidden ${n})`;
}

/** Index into metrics.info / metrics.layers of a slot in this run, or -1 if it has none. */
export function indexOf(run, slot) {
  const hidden = run.config?.hidden?.length ?? 1;
  if (slot === 'out') return hidden;
  const n = Number(slot.slice(1));
  return n <= hidden ? n - 1 : -1;
}
