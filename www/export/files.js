// Downloads: the metrics of every run as CSV (the core's, the CLI's format) or JSON (with each
// run's config and the lab's version), and the experiment's config as JSON (which the page can
// import again).

import { LAB_VERSION, STATE_FORMAT } from '../state/version.js';

/**
 * The metrics CSV of every run, as the CLI writes it (`brainlab train --csv`): the core's header
 * for the deepest network (csvHeader), then each run's lines, which the core writes too
 * (lab.csvRows, in the run's worker: loss and accuracy, each weight layer's diagnostics and
 * information measures, empty cells where a value does not apply, the run's label).
 */
export function metricsCsv(header, parts) {
  return `${[header, ...parts.filter(Boolean)].join('\n')}\n`;
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
