// Downloads: the metrics of every run as CSV (the CLI's columns) or JSON (with each run's config
// and the lab's version), and the experiment's config as JSON (which the page can import again).

import { LAB_VERSION, STATE_FORMAT } from './version.js';

export const CSV_HEADER = 'step,train_loss,train_acc,test_loss,test_acc,run';
const CSV_COLUMNS = ['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc'];

function csvField(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per evaluation of every run, as the CLI writes them (`brainlab train --csv`). */
export function metricsCsv(runs) {
  const rows = [CSV_HEADER];
  for (const run of runs) {
    for (const m of run.history) rows.push([...CSV_COLUMNS.map((c) => String(m[c])), csvField(run.label)].join(','));
  }
  return `${rows.join('\n')}\n`;
}

const header = () => ({ lab: 'brainlab', version: LAB_VERSION, format: STATE_FORMAT });

/** The experiment's settings: { lab, version, format, preset, runs: [{ label, config }] }. */
export function configJson({ preset, runs }) {
  return { ...header(), preset, runs: runs.map(({ label, config }) => ({ label, config })) };
}

/** Everything needed to read or redo the runs: configs, metrics, data set, link. */
export function metricsJson({ preset, runs, dataset, link }) {
  return {
    ...header(),
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
