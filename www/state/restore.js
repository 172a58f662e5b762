// Settings from outside the page (a link, a config file) are checked field by field with the
// core's validateConfig: a field that is unusable is dropped with a notice and the base value
// (the preset's, or the core's default) stays, so one bad value never costs the others and the
// core's limits cannot be bypassed.

import { formatValue, shorten } from './fields.js';
import { fromLists, maxRuns } from './experiment.js';

/** Validated configs for the lists, or { error } with the core's (or the run count's) message. */
function check(core, lists) {
  try {
    return { configs: fromLists(lists, maxRuns(core)).map((config) => core.validateConfig(config)) };
  } catch (err) {
    return { error: err.message };
  }
}

/**
 * @param core the wasm module
 * @param base  lists known to be valid: a preset's, or {} for the core's defaults
 * @param given { name: [values] | Error }: the fields read from outside
 * @param kinds fieldKinds(), for showing the values kept
 * @returns { configs, notices }: complete, valid run configs and a message per dropped field
 */
export function restoreRuns(core, base, given, kinds) {
  const notices = [];
  const pending = new Map();
  for (const [name, list] of Object.entries(given)) {
    if (list instanceof Error) notices.push(`${shorten(list.message, 300)}; ${keptText(base, name, kinds)}`);
    else pending.set(name, list);
  }

  let accepted = { ...base, ...Object.fromEntries(pending) };
  const all = check(core, accepted);
  if (all.configs) return { configs: all.configs, notices };

  // Add the fields one at a time, retrying those refused while others still go in: fields
  // checked against each other (batch_size <= train_size) may only fit once both are in.
  accepted = { ...base };
  const errors = new Map();
  for (let progress = true; progress && pending.size > 0; ) {
    progress = false;
    for (const [name, list] of pending) {
      const trial = { ...accepted, [name]: list };
      const result = check(core, trial);
      if (result.error) {
        errors.set(name, result.error);
      } else {
        accepted = trial;
        pending.delete(name);
        progress = true;
      }
    }
  }
  for (const name of pending.keys()) notices.push(`${shorten(errors.get(name), 300)}; ${keptText(base, name, kinds)}`);

  const result = check(core, accepted);
  if (result.error) throw new Error(`the base settings are invalid: ${result.error}`); // a bug, not input
  return { configs: result.configs, notices };
}

function keptText(base, name, kinds) {
  if (!base[name] || !kinds[name]) return 'the default is used instead';
  return `${base[name].map((v) => formatValue(kinds[name], v)).join(', ')} is used instead`;
}
