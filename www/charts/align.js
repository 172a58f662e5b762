// Series of several runs on one x array, the union of the steps at which any run was evaluated
// (uPlot.join), with gaps (undefined) where a run has no evaluation; charts span them.

import uPlot from '../vendor/uPlot.esm.js';

const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * defs: [{ run, value(m) -> number|null, flag?(m) -> bool, cross?(m) -> bool }], each over the
 * evaluations m of its run's history. Returns { steps, values: [[]], flags: [[] | null],
 * crosses: [[] | null] }, one array per def, lined up on `steps`.
 */
export function alignSeries(runs, defs) {
  const out = { steps: [], values: [], flags: [], crosses: [] };
  if (runs.length === 0) return out;
  // One table per run: its steps, then the columns of its defs.
  const columns = []; // per def: { table, value, flag?, cross? } column indices
  const tables = runs.map((run, t) => {
    const table = [run.history.map((m) => m.step)];
    defs.forEach((def, d) => {
      if (def.run !== run) return;
      const at = { table: t, value: table.push(run.history.map((m) => finite(def.value(m)))) - 1 };
      if (def.flag) at.flag = table.push(run.history.map((m) => Boolean(def.flag(m)))) - 1;
      if (def.cross) at.cross = table.push(run.history.map((m) => Boolean(def.cross(m)))) - 1;
      columns[d] = at;
    });
    return table;
  });
  const joined = uPlot.join(tables);
  out.steps = joined[0];
  // join() keeps the tables' columns in order after the x column: find each table's first.
  const first = [];
  tables.reduce((at, table, t) => {
    first[t] = at;
    return at + table.length - 1;
  }, 1);
  const column = (c, t) => (c === undefined ? null : joined[first[t] + c - 1]);
  for (const at of columns) {
    out.values.push(column(at.value, at.table));
    out.flags.push(column(at.flag, at.table));
    out.crosses.push(column(at.cross, at.table));
  }
  return out;
}
