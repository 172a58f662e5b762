// Files in and out of the session: importing a config file (checked field by field like a
// link), and the downloads: the metrics as CSV or JSON, the config as JSON, any view as PNG.

import { decodeConfigJson, MAX_CONFIG_FILE_BYTES } from '../state/config-file.js';
import { configJson, csvBlob, download, jsonBlob, metricsCsv, metricsJson } from '../export/files.js';
import { begun } from './controls.js';

/** Reads a config file into the session, with a notice of what it loaded or why it could not. */
export async function importConfig(session, file) {
  const { catalog } = session.state;
  if (!file || !catalog || begun(session.state.runs)) return;
  try {
    if (file.size > MAX_CONFIG_FILE_BYTES) throw new Error(`it is ${(file.size / 1e6).toFixed(0)} MB, more than a config file can be`);
    const read = decodeConfigJson(await file.text(), { kinds: catalog.kinds, presetIds: catalog.presetIds, maxRuns: catalog.maxRuns });
    session.restoreGiven(read, (problems) => (problems.length
      ? { title: `Loaded the settings of ${file.name}, but some could not be used, so defaults were used for them:`, messages: problems }
      : { title: `Loaded the settings of ${file.name}.`, messages: [] }));
  } catch (err) {
    session.notify(`Could not import ${file.name}: ${err.message}.`);
  }
}

/** "brainlab-fig2": the stem of every download's file name. */
const stem = (state) => `brainlab-${state.experiment?.preset ?? 'custom'}`;

/** The metrics CSV: the core's, from every setting's networks (export/files.js). */
export function downloadCsv(state) {
  download(csvBlob(metricsCsv(state.catalog.core, state.runs)), `${stem(state)}-metrics.csv`);
}

export function downloadJson(state, link) {
  const { experiment, runs, data, catalog } = state;
  download(jsonBlob(metricsJson({ preset: experiment?.preset ?? null, runs, dataset: data.inUse, link, core: String(catalog.core.version()) })), `${stem(state)}-metrics.json`);
}

export function downloadConfig(state) {
  download(jsonBlob(configJson(state.experiment)), `${stem(state)}-config.json`);
}

/** Downloads view `key` as a PNG (png() makes it); a failure is said in `status`. */
export async function downloadPng(state, key, png, status) {
  try {
    download(await png(), `${stem(state)}-${key}.png`);
  } catch (err) {
    status.textContent = `Could not make the PNG: ${err.message}`;
  }
}
