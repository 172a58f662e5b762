// Downloads: the metrics of every run as CSV (the core's, the CLI's format, every seed's) or JSON (with each
// run's config and the lab's version), and the experiment's config as JSON (which the page can
// import again).

import { LAB_VERSION, STATE_FORMAT } from '../state/version.js';

/**
 * The metrics CSV of every setting, as the CLI writes it (`brainlab train --csv`), made by the
 * core (metricsCsv) from the evaluations the page holds (a pooled network has given its worker
 * back, its history stays): the header for the deepest network; with no setting of several
 * seeds one line per evaluation (loss and accuracy, each weight layer's diagnostics and
 * information measures, empty cells where a value does not apply, the setting's label);
 * otherwise every seed's lines with a `seed` column after the label, then per setting and
 * evaluation a `mean` and a `ci95` line (the core's summarise over its seeds).
 * @param core the wasm module
 * @param runs the settings' snapshots (runs/sweep.js): { label, config, members: [{ seed, history }] }
 */
export function metricsCsv(core, runs) {
  const measured = runs.filter((run) => run.members.some((net) => net.history.length > 0));
  const layers = Math.max(1, ...measured.map((run) => run.config.hidden.length + 1));
  return core.metricsCsv(layers, runs.map(({ label, members }) => ({ label, seeds: members.map(({ seed, history }) => ({ seed, history })) })));
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
