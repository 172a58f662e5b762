// Downloads: the metrics of every run as CSV (the CLI's columns) or JSON (with each run's config
// and the lab's version), and the experiment's config as JSON (which the page can import again).

import { LAB_VERSION, STATE_FORMAT } from '../state/version.js';

const CSV_COLUMNS = ['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc'];

// Per weight layer n (1 = the first), as the CLI names them: `l{n}_grad`, ... Each entry takes
// the evaluation m and the layer's index l; an empty cell where a value does not apply.
const LAYER_COLUMNS = [
  ['grad', (m, l) => m.layers?.[l]?.mean_abs_grad],
  ['dw_per_step', (m, l) => m.layers?.[l]?.mean_abs_dw_per_step],
  ['w', (m, l) => m.layers?.[l]?.mean_abs_w],
  ['dl_dh', (m, l) => m.layers?.[l]?.mean_abs_dl_dh],
  ['dl_dz', (m, l) => m.layers?.[l]?.mean_abs_dl_dz],
  ['saturated', (m, l) => m.layers?.[l]?.saturated_fraction],
  ['feedback_angle_deg', (m, l) => m.layers?.[l]?.feedback_angle_deg],
  ['update_angle_deg', (m, l) => m.layers?.[l]?.update_angle_deg],
  ['h_t_bits', (m, l) => m.info?.[l]?.h_t_bits],
  ['h_t_given_x_bits', (m, l) => m.info?.[l]?.h_t_given_x_bits],
  ['i_x_t_bits', (m, l) => m.info?.[l]?.i_x_t_bits],
  ['i_t_w_bits', (m, l) => m.info?.[l]?.i_t_w_bits],
  ['i_x_t_shuffled_bits', (m, l) => m.info?.[l]?.i_x_t_shuffled_bits],
  ['i_t_w_shuffled_bits', (m, l) => m.info?.[l]?.i_t_w_shuffled_bits],
  ['code_saturated', (m, l) => m.info?.[l]?.saturated],
  // Between this layer's code and the next one's; empty for the output layer.
  ['dpi_holds', (m, l) => m.data_processing?.[l]?.holds],
];

/** The CSV header for networks of up to `layers` weight layers (the CLI's). */
export function csvHeader(layers) {
  const perLayer = Array.from({ length: layers }, (_, l) => LAYER_COLUMNS.map(([name]) => `l${l + 1}_${name}`));
  return [...CSV_COLUMNS, ...perLayer.flat(), 'run'].join(',');
}

function csvField(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const cell = (v) => (v == null ? '' : String(v));

/**
 * One row per evaluation of every run, as the CLI writes them (`brainlab train --csv`): the
 * loss and accuracy columns (accuracy cells empty for an autoencoder, which has none), the diagnostics and information columns of each weight layer
 * (empty past a shallower run's depth), and the run's label.
 */
export function metricsCsv(runs) {
  const depth = (m) => Math.max(m.layers?.length ?? 0, m.info?.length ?? 0);
  const layers = Math.max(0, ...runs.flatMap((run) => run.history.map(depth)));
  const rows = [csvHeader(layers)];
  for (const run of runs) {
    for (const m of run.history) {
      const perLayer = Array.from({ length: layers }, (_, l) => LAYER_COLUMNS.map(([, get]) => cell(get(m, l))));
      rows.push([...CSV_COLUMNS.map((c) => cell(m[c])), ...perLayer.flat(), csvField(run.label)].join(','));
    }
  }
  return `${rows.join('\n')}\n`;
}

const header = () => ({ lab: 'brainlab', version: LAB_VERSION, format: STATE_FORMAT });

/** The experiment's settings: { lab, version, format, preset, runs: [{ label, config }] }. */
export function configJson({ preset, runs }) {
  return { ...header(), preset, runs: runs.map(({ label, config }) => ({ label, config })) };
}

/** Everything needed to read or redo the runs: configs, metrics, data set, link (and the core's version, if known). */
export function metricsJson({ preset, runs, dataset, link, core = null }) {
  return {
    ...header(),
    ...(core && { core }),
    exported: new Date().toISOString(),
    link,
    data: { name: dataset?.name ?? null, files: dataset?.files ?? null },
    preset,
    runs: runs.map((run) => ({
      label: run.label,
      config: run.config,
      state: run.state,
      step: run.step,
      ...(run.error && { error: run.error }),
      metrics: run.history,
    })),
  };
}

export function jsonBlob(value) {
  return new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
}

export function csvBlob(text) {
  return new Blob([text], { type: 'text/csv' });
}

/** Saves a Blob under a file name through the browser's download. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
