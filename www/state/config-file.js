// Importing a config file: the page's own exports (config or metrics JSON), or a bare config
// object, or a list of them. The fields are handed to restoreRuns like a link's, so the same
// checks apply: anything unusable becomes a notice and the default stays.

import { shorten } from './fields.js';
import { toLists } from './experiment.js';
import { STATE_FORMAT } from './version.js';

export const MAX_CONFIG_FILE_BYTES = 20e6;

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the text of a config file.
 * @param context { kinds, presetIds, maxRuns (the catalog's: most settings) }
 * @returns { preset, given, notices } as decodeFragment; throws an Error when the file is not
 *   a config at all.
 */
export function decodeConfigJson(text, { kinds, presetIds, maxRuns }) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`it is not JSON (${err.message})`);
  }
  const notices = [];
  let configs;
  if (Array.isArray(data)) configs = data;
  else if (isObject(data) && Array.isArray(data.runs)) configs = data.runs.map((run) => (isObject(run) && isObject(run.config) ? run.config : run));
  else if (isObject(data) && isObject(data.config)) configs = [data.config];
  else if (isObject(data)) configs = [data];
  else throw new Error('it holds no experiment: expected an object with "runs", or a config object');

  if (configs.length === 0) throw new Error('it has no runs');
  if (!configs.every(isObject)) throw new Error('every run must be an object of config fields');
  if (configs.length > maxRuns) {
    notices.push(`${configs.length} runs; the page trains at most ${maxRuns} at once, so the first ${maxRuns} were taken`);
    configs = configs.slice(0, maxRuns);
  }
  if (isObject(data) && typeof data.format === 'number' && data.format > STATE_FORMAT) {
    notices.push(`the file is format ${data.format}; this page reads format ${STATE_FORMAT} and may read it differently`);
  }

  const unknown = new Set();
  const known = configs.map((config) => {
    const fields = {};
    for (const [name, value] of Object.entries(config)) {
      if (Object.hasOwn(kinds, name)) fields[name] = value;
      else unknown.add(name);
    }
    return fields;
  });
  // A bare config's bookkeeping keys are not settings; anything else unknown is worth a word.
  for (const name of ['lab', 'version', 'format', 'preset', 'label', 'exported', 'link', 'data', 'state', 'step', 'metrics', 'error']) unknown.delete(name);
  for (const name of unknown) notices.push(`"${shorten(name)}" is not a setting of this lab; ignored`);

  let preset = null;
  if (isObject(data) && data.preset != null) {
    if (typeof data.preset === 'string' && presetIds.includes(data.preset)) preset = data.preset;
    else notices.push(`preset: "${shorten(JSON.stringify(data.preset))}" is not an experiment of this lab; ignored`);
  }
  return { preset, given: toLists(known, Object.keys(kinds)), notices };
}
