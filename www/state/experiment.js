// An experiment is a list of runs. The page keeps it as field lists: per config field either
// one value, shared by every run, or one value per run ("hidden: 15, 30, 60, 120" is a sweep
// of four runs). The form, the link and the config file all use this shape; readExperiment
// turns lists into the runs the workers train, labelled, and says what differs from the preset.

import { formatValue, sameValue } from './fields.js';

/**
 * Most settings an experiment has: the core's limit (config::MAX_RUNS, the CLI's too), one
 * colour each of the palette (style.css's --run-N). A setting's seeds share its colour and its
 * row, and the networks (settings × seeds) train through one scheduler (runs/sweep.js).
 */
export const maxRuns = (core) => core.configLimits().max_runs;

/** "h=256×128": a run named by its hidden layers. */
const hiddenLabel = (hidden) => `h=${hidden.join('×')}`;

/** { name: [values] } from run configs; a field all runs agree on gets one value. */
export function toLists(configs, names) {
  const lists = {};
  for (const name of names) {
    if (!configs.some((config) => config[name] !== undefined)) continue;
    const values = configs.map((config) => config[name]);
    lists[name] = values.every((v) => sameValue(v, values[0])) ? [values[0]] : values;
  }
  return lists;
}

/**
 * The number of runs the lists describe, at most `limit` (maxRuns); throws an Error naming the
 * field that does not fit.
 */
export function runCount(lists, limit) {
  const entries = Object.entries(lists);
  const longest = entries.reduce((best, entry) => (entry[1].length > best[1].length ? entry : best), ['', [null]]);
  const [widest, { length: n }] = longest;
  if (n > limit) throw new Error(`${widest}: ${n} values, but at most ${limit} runs (settings) fit on the page`);
  for (const [name, list] of entries) {
    if (list.length === 0) throw new Error(`${name}: no value given`);
    if (list.length !== 1 && list.length !== n) {
      throw new Error(`${name}: ${list.length} values, but ${widest} has ${n} (one per run); give one value, or ${n}`);
    }
  }
  return n;
}

/** The run configs (only the fields the lists have) described by the lists (at most `limit`). */
export function fromLists(lists, limit) {
  const n = runCount(lists, limit);
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(Object.entries(lists).map(([name, list]) => [name, list.length === 1 ? list[0] : list[i]])),
  );
}

/** The validated configs of a preset's runs. */
export function presetConfigs(core, preset) {
  return preset.runs.map((run) => core.validateConfig(run.config));
}

/** Names of the fields in which the configs differ from the preset's (the run count shows in them too). */
export function changedFields(configs, presetRuns, names) {
  const mine = toLists(configs, names);
  const theirs = toLists(presetRuns, names);
  return names.filter((name) => !sameValue(mine[name], theirs[name]));
}

/** The fields some preset tells its runs apart by (hidden in Figure 2, rule in Figure 3...). */
export function namingFields(presetRunLists, names) {
  return new Set(presetRunLists.flatMap((runs) => names.filter((name) => runs.some((run) => !sameValue(run[name], runs[0][name])))));
}

/**
 * A label per run. A preset's own labels stay while its settings are untouched and, for a
 * preset of several runs, while only fields that no preset names its runs by have changed
 * (Figure 3 cut to 2,000 steps still has runs "backprop" and "feedback alignment"). Otherwise
 * runs are named by the fields that tell them apart ("h=60", "rule=feedback_alignment"), or by
 * the hidden layers when nothing does.
 * @param context { preset, presetRuns (its validated configs), naming (namingFields()) }
 */
export function labelRuns(configs, kinds, { preset = null, presetRuns = null, naming = new Set() } = {}) {
  const names = Object.keys(kinds);
  if (preset && presetRuns?.length === configs.length) {
    const changed = changedFields(configs, presetRuns, names);
    if (changed.length === 0 || (configs.length > 1 && changed.every((name) => !naming.has(name)))) {
      return preset.runs.map((run) => run.label);
    }
  }
  let varying = names.filter((name) => configs.some((c) => !sameValue(c[name], configs[0][name])));
  if (varying.length === 0 && kinds.hidden) varying = ['hidden'];
  const labels = configs.map((config) =>
    varying.map((name) => (name === 'hidden' ? hiddenLabel(config.hidden) : `${name}=${formatValue(kinds[name], config[name])}`)).join(' ') || 'run',
  );
  // Identical runs (say, the same config twice) still need telling apart.
  return labels.map((label, i) => (labels.indexOf(label) === labels.lastIndexOf(label) ? label : `${label} #${i + 1}`));
}

/** The lists with every field of the catalog: a field they lack takes its default. */
export function completeLists(catalog, lists) {
  return Object.fromEntries(catalog.names.map((name) => [name, lists[name] ?? [catalog.defaults[name]]]));
}

/**
 * The experiment the lists describe: { preset, changed, lists, runs: [{ label, config }] }, each
 * config normalised by the core's validateConfig. `preset` is the preset the settings started
 * from (basedOn, if the catalog has it) and `changed` the fields that differ from it. Throws an
 * Error naming the offending field (and the run, past the first).
 */
export function readExperiment(catalog, lists, basedOn) {
  const configs = fromLists(lists, catalog.maxRuns).map((config, i) => {
    try {
      return catalog.core.validateConfig(config);
    } catch (err) {
      throw new Error(i > 0 ? `run ${i + 1}: ${err.message}` : err.message);
    }
  });
  const preset = catalog.preset(basedOn);
  const presetRuns = preset ? catalog.presetRuns.get(preset.id) : null;
  const labels = labelRuns(configs, catalog.kinds, { preset, presetRuns, naming: catalog.naming });
  return {
    preset: preset?.id ?? null,
    changed: preset ? changedFields(configs, presetRuns, catalog.names) : [],
    lists: toLists(configs, catalog.names),
    runs: configs.map((config, i) => ({ label: labels[i], config })),
  };
}

/**
 * Fields whose choice brings its own defaults for other fields: the convention its learning
 * rate and init std (for the task in use: an autoencoder refuses the coursework's), the task
 * (an autoencoder) its bottleneck, convention, output units, learning rate and init std.
 */
const DEFAULTS_OF = {
  convention: (core, value, lists) => core.validateConfig({ convention: value, ...(lists.task?.length === 1 && { task: lists.task[0] }) }),
  task: (core, value) => core.validateConfig({ task: value }),
};

/**
 * The lists after field `name` changed from `from` to `to` (single values): the fields whose
 * defaults differ between the two take the new value's (switching to autoencode loads the
 * autoencoder's settings). Null when `name` brings no defaults or the core refuses a value (the
 * reading of the settings says why).
 */
export function withDefaultsOf(catalog, name, from, to, lists) {
  if (!Object.hasOwn(DEFAULTS_OF, name) || sameValue(from, to)) return null;
  let before;
  let after;
  try {
    before = DEFAULTS_OF[name](catalog.core, from, lists);
    after = DEFAULTS_OF[name](catalog.core, to, lists);
  } catch {
    return null;
  }
  const next = { ...lists, [name]: [to] };
  for (const field of catalog.names) {
    if (field !== name && !sameValue(before[field], after[field])) next[field] = [after[field]];
  }
  return next;
}
