// The brainlab page: loads the core and the data, keeps one worker-backed Run per
// configured run, and turns the buttons into commands for them. The experiment lives in the
// URL fragment too (link.js), so the address is always a link that reproduces it.

import { FASHION_CLASSES } from './activity-view.js';
import { chartPng } from './chart-png.js';
import { MetricCharts } from './charts.js';
import { decodeConfigJson, MAX_CONFIG_FILE_BYTES } from './config-file.js';
import { ConfigForm } from './config-form.js';
import { loadCore } from './core.js';
import { BUILT_IN, DATA_FILES, loadDataset } from './data.js';
import { toLists } from './experiment.js';
import { configJson, csvBlob, download, jsonBlob, metricsCsv, metricsJson } from './export.js';
import { Gallery } from './gallery.js';
import { decodeFragment, encodeFragment } from './link.js';
import { closeMenusWhenDone } from './menus.js';
import { Notice } from './notice.js';
import { acceptFiles, checkData, readOwnData } from './own-data.js';
import { runColor } from './palette.js';
import { addPngButtons, panelPng } from './panel-png.js';
import { Panels } from './panels.js';
import { restoreRuns } from './restore.js';
import { Run } from './run.js';
import { RunTable } from './run-table.js';
import { Scheduler } from './scheduler.js';
import { Share } from './share.js';
import { Views, defaultPanels, presetPanels } from './views.js';

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('config'),
  configError: $('config-error'),
  error: $('error'),
  loading: $('loading'),
  progress: $('load-progress'),
  progressText: $('load-status'),
  start: $('start'),
  pause: $('pause'),
  step: $('step'),
  reset: $('reset'),
  announce: $('announce'),
  explanation: { title: $('explanation-title'), changes: $('explanation-changes'), text: $('explanation-text'), data: $('explanation-data') },
  data: { name: $('data-name'), detail: $('data-detail'), files: $('data-files'), reset: $('data-reset'), status: $('data-status'), error: $('data-error') },
  exports: { csv: $('export-csv'), json: $('export-json'), loss: $('export-loss'), acc: $('export-acc'), config: $('export-config') },
  importConfig: $('import-config'),
  shareStatus: $('share-status'),
  shareDataNote: $('share-data-note'),
};

const charts = new MetricCharts({ loss: $('loss-chart'), acc: $('acc-chart') }, { loss: $('loss-summary'), acc: $('acc-summary') });
const table = new RunTable($('runs'), $('total-speed'));
const notice = new Notice($('notice'));
const share = new Share({ input: $('share-link'), copy: $('copy-link'), classroom: $('share-classroom'), status: $('copy-status') });
const panels = new Panels(document, $('panel-toggles'), () => {
  updateLink();
  scheduleRender(); // a view shown now draws what it missed
});
const views = new Views(document, () => (dataset && dataset === builtIn ? FASHION_CLASSES : null));
const scheduler = new Scheduler(); // at most one training run per core, the rest queued
const pageErrors = new Set(); // failures nothing on the page can fix (download, core)
closeMenusWhenDone();

let core = null;
let form = null;
let gallery = null;
let builtIn = null; // Fashion-MNIST, once downloaded
let dataset = null; // the data set in use: builtIn or the reader's own files
let downloadError = null;
let runs = [];
let appliedKey = null; // the data set and run specs the workers were configured with
let experiment = null; // the form's last valid reading: { preset, changed, lists, runs }
let configProblem = null;
let classroom = false;

// ---- rendering, at most once per animation frame ----

let frame = 0;
function scheduleRender() {
  frame ||= requestAnimationFrame(render);
}

function render() {
  frame = 0;
  charts.update(runs);
  markFirstPoint();
  views.update(runs);
  table.update(runs);
  renderErrors();
  renderButtons();
  announceProgress();
}

/** Marks (performance.mark) when the loss chart first has a point, for the load-time test. */
let firstPointMarked = false;
function markFirstPoint() {
  if (firstPointMarked || !runs.some((r) => r.history.length > 0)) return;
  firstPointMarked = true;
  performance.mark('first-point');
}

/** The config field a run's setup failure names ("hidden: this run would need…"), or null. */
function refusedField(run) {
  if (run.state !== 'failed' || run.dead || !run.error || !form) return null;
  const field = /^([a-z_]+): /.exec(run.error)?.[1];
  return form.names.includes(field) ? field : null;
}

function renderErrors() {
  const named = (r, text) => (runs.length > 1 ? `${r.label}: ${text}` : text);
  const runErrors = runs.filter((r) => r.state === 'failed').map((r) => {
    if (r.dead) return named(r, r.error);
    if (refusedField(r)) return `${named(r, 'this run cannot be set up')}: ${r.error}`;
    return `Could not set up training: ${r.error}`;
  });
  const messages = [...new Set([...pageErrors, ...runErrors])];
  ui.error.replaceChildren(...messages.map((m) => Object.assign(document.createElement('p'), { textContent: m })));
  ui.error.hidden = messages.length === 0;
  // A limit only the built network can check (the memory budget) is a settings problem too.
  const refused = runs.find((r) => refusedField(r));
  ui.configError.textContent = configProblem ?? (refused ? named(refused, refused.error) : '');
}

/** Whether training has begun (settings, data and imports are locked until Reset). */
function started() {
  return runs.some((r) => !['ready', 'loading', 'failed'].includes(r.state));
}

function renderButtons() {
  // A run that could not be set up blocks training until the settings change; a run whose
  // worker died does not: the others go on, and Reset brings it back.
  const blocked = runs.some((r) => r.state === 'loading' || (r.state === 'failed' && !r.dead));
  const usable = form && dataset && pageErrors.size === 0 && runs.length > 0 && !blocked;
  const running = scheduler.active(runs);
  const begun = runs.some((r) => r.state !== 'ready');
  const resumable = runs.some((r) => r.state === 'ready' || r.state === 'paused');
  ui.start.disabled = ui.step.disabled = !usable || running || !resumable || configProblem !== null;
  ui.pause.disabled = !running;
  ui.reset.disabled = !usable || !begun;
  // Settings are fixed once training has begun; Reset unlocks them.
  const locked = usable && begun;
  if (form) form.disabled = locked;
  if (gallery) gallery.disabled = locked || !form;
  ui.data.files.disabled = ui.data.reset.disabled = !core || started();
  ui.importConfig.disabled = !form || started();
  const measured = runs.some((r) => r.history.length > 0);
  ui.exports.csv.disabled = ui.exports.json.disabled = ui.exports.loss.disabled = ui.exports.acc.disabled = !measured;
  ui.exports.config.disabled = !experiment;
}

// Screen readers hear when training starts, pauses and ends (the charts' captions hold the numbers).
let phase = '';
function announceProgress() {
  const now = scheduler.active(runs) ? 'running'
    : runs.length && runs.every((r) => r.finished) ? 'finished'
      : runs.some((r) => r.state === 'paused') ? 'paused' : '';
  if (now === phase) return;
  phase = now;
  const steps = Math.max(0, ...runs.map((r) => r.step));
  const results = resultWords(runs);
  const text = {
    running: 'Training started.',
    paused: `Paused at step ${steps}.${results}`,
    finished: `Training finished at step ${steps}.${results}`,
    '': '',
  }[now];
  ui.announce.textContent = text;
}

/** " Test accuracy: h=30 80.0%. Test MSE per pixel: bottleneck 50 0.0213." for the announcement. */
function resultWords(runs) {
  const measured = runs.filter((r) => r.latest);
  const classifiers = measured.filter((r) => r.latest.test_acc != null).map((r) => `${r.label} ${(r.latest.test_acc * 100).toFixed(1)}%`);
  const autoencoders = measured.filter((r) => r.latest.test_acc == null && Number.isFinite(r.latest.test_loss))
    .map((r) => `${r.label} ${r.latest.test_loss.toPrecision(3)}`);
  return `${classifiers.length ? ` Test accuracy: ${classifiers.join(', ')}.` : ''}${autoencoders.length ? ` Test MSE per pixel: ${autoencoders.join(', ')}.` : ''}`;
}

function renderExplanation() {
  if (!form || !experiment) return;
  const preset = form.presets.find((p) => p.id === experiment.preset);
  const { title, changes, text } = ui.explanation;
  if (preset) {
    title.textContent = preset.title;
    text.textContent = preset.description;
    changes.hidden = experiment.changed.length === 0;
    changes.textContent = `With changed settings: ${experiment.changed.join(', ')}.`;
  } else {
    title.textContent = 'Your own experiment';
    text.textContent = 'Your own settings: one run per comma-separated value, every other setting shared. ' +
      'Load an experiment from the gallery to see one of the coursework\'s figures with its explanation.';
    changes.hidden = true;
  }
  gallery?.setCurrent(preset && experiment.changed.length === 0 ? preset.id : null);
}

/** ": 60,000 training and 10,000 test images of 28×28 pixels" from the core's describeData(). */
function describeSize(d) {
  const count = (n) => Number(n).toLocaleString('en-US');
  return d && Number.isFinite(d.train_count) ? `: ${count(d.train_count)} training and ${count(d.test_count)} test images of ${d.rows}×${d.cols} pixels` : '';
}

/** The core's own version, if it tells it. */
function coreVersion() {
  try {
    return typeof core?.version === 'function' ? String(core.version()) : null;
  } catch {
    return null;
  }
}

function renderData() {
  const own = dataset && dataset !== builtIn;
  const name = dataset?.name ?? BUILT_IN.name;
  ui.data.name.textContent = own ? 'your own files' : name;
  ui.data.detail.textContent = own ? `(${dataset.files.join(', ')}${describeSize(dataset.description)})` : `(${BUILT_IN.detail})`;
  ui.explanation.data.textContent = own ? `your own files (${dataset.files.join(', ')})` : `${BUILT_IN.name}, ${BUILT_IN.detail}`;
  ui.data.reset.hidden = !own || !builtIn;
  ui.shareDataNote.hidden = !own;
}

// ---- runs ----

/** Reads the form; on success remembers it as the experiment, else the problem to show. */
function readForm() {
  try {
    experiment = form.read();
    configProblem = null;
    return experiment;
  } catch (err) {
    configProblem = err.message;
    return null;
  }
}

/** Points the workers at the form's runs, creating or ending workers to match their number. */
function syncRuns() {
  const current = readForm();
  if (!current) return false;
  if (!dataset) return true; // start-up applies the form once the data have arrived
  const specs = current.runs;
  const key = JSON.stringify([dataset.id, specs]);
  if (key === appliedKey) return true;
  scheduler.clear(runs);
  while (runs.length > specs.length) runs.pop().terminate();
  specs.forEach((spec, i) => {
    runs[i] ??= new Run({ color: runColor(i), onChange: onRunChange });
    runs[i].configure(spec.label, spec.config, dataset);
  });
  appliedKey = key;
  charts.setRuns(runs);
  views.setRuns(runs);
  table.setRuns(runs);
  return true;
}

let syncTimer = 0;
function onConfigEdited() {
  // Validate now; rebuild the workers once the typing pauses.
  readForm();
  renderExplanation();
  updateLink();
  clearTimeout(syncTimer);
  syncTimer = setTimeout(syncRuns, 300);
  scheduleRender();
}

/** A run reported: a core it freed goes to the next queued run. */
function onRunChange() {
  scheduler.fill(runs);
  scheduleRender();
}

/** Start ('start') or Step ('step'): every unfinished run, as many at once as there are cores. */
function command(kind) {
  clearTimeout(syncTimer);
  if (syncRuns()) scheduler.request(runs, kind);
  scheduleRender();
}

ui.start.addEventListener('click', () => command('start'));
ui.step.addEventListener('click', () => command('step'));
ui.pause.addEventListener('click', () => {
  scheduler.clear(runs); // queued runs stay where they are; Start resumes the begun ones first
  for (const run of runs) run.pause();
  scheduleRender();
});
ui.reset.addEventListener('click', () => {
  scheduler.clear(runs);
  for (const run of runs) run.reset();
  scheduleRender();
});

$('skip').addEventListener('click', () => {
  const target = [ui.start, ui.pause, ui.step, ui.reset].find((b) => !b.disabled && b.offsetParent !== null);
  (target ?? $('toolbar')).focus();
});

// ---- the link ----

function pageUrl() {
  return location.href.split('#')[0];
}

/** The panels an experiment based on this preset (or none) shows until the reader changes them. */
function defaultVisible(presetId) {
  return defaultPanels(form?.presets.find((p) => p.id === presetId) ?? null, panels.names);
}

/** Shows the panels of a preset (or of a custom experiment), its most important views first. */
function showPresetPanels(presetId, visible = null) {
  panels.visible = visible ?? defaultVisible(presetId);
  views.arrange(presetPanels(form?.presets.find((p) => p.id === presetId) ?? null));
  scheduleRender();
}

const sameNames = (a, b) => a.length === b.length && a.every((name) => b.includes(name));

/** Writes the experiment into the address bar and the share box. */
function updateLink() {
  if (!form || !experiment) return;
  const fragment = encodeFragment({
    preset: experiment.preset,
    lists: experiment.lists,
    panels: sameNames(panels.visible, defaultVisible(experiment.preset)) ? null : panels.visible,
    classroom,
  }, form.kinds);
  if (location.hash !== `#${fragment}`) history.replaceState(history.state, '', `#${fragment}`);
  share.link = `${pageUrl()}#${fragment}`;
}

function setClassroom(on) {
  classroom = on;
  document.body.classList.toggle('classroom', on);
  $('classroom-bar').hidden = !on;
}

$('leave-classroom').addEventListener('click', () => {
  setClassroom(false);
  updateLink();
});

/** Shows restored settings: runs from restoreRuns, based on a preset or not. */
function showRestored(presetId, configs) {
  form.show(toLists(configs, form.names), presetId);
  onConfigEdited();
}

/** Restores the page from a fragment: settings field by field, panels, classroom mode. */
function applyFragment(hash) {
  const link = decodeFragment(hash, { kinds: form.kinds, presetIds: form.presetIds, panelNames: panels.names });
  if (link.empty) return;
  const base = link.preset ? form.presetLists(link.preset) : {};
  const { configs, notices } = restoreRuns(core, base, link.given, form.kinds);
  showRestored(link.preset, configs);
  showPresetPanels(link.preset, link.panels);
  setClassroom(link.classroom);
  const problems = [...link.notices, ...notices];
  if (problems.length) notice.show('Some settings in this link could not be used, so defaults were used for them:', problems);
  else notice.clear();
  updateLink();
}

window.addEventListener('hashchange', () => {
  if (!form) return;
  applyFragment(location.hash);
  clearTimeout(syncTimer);
  syncRuns();
  scheduleRender();
});

// ---- gallery, import, export ----

function loadPreset(id) {
  if (started()) return;
  form.showPreset(id);
  showPresetPanels(id);
  notice.clear();
  onConfigEdited();
}

ui.importConfig.addEventListener('change', async () => {
  const file = ui.importConfig.files[0];
  ui.importConfig.value = '';
  if (!file || started()) return;
  try {
    if (file.size > MAX_CONFIG_FILE_BYTES) throw new Error(`it is ${(file.size / 1e6).toFixed(0)} MB, more than a config file can be`);
    const read = decodeConfigJson(await file.text(), { kinds: form.kinds, presetIds: form.presetIds });
    const base = read.preset ? form.presetLists(read.preset) : {};
    const { configs, notices } = restoreRuns(core, base, read.given, form.kinds);
    showRestored(read.preset, configs);
    const problems = [...read.notices, ...notices];
    if (problems.length) notice.show(`Loaded the settings of ${file.name}, but some could not be used, so defaults were used for them:`, problems);
    else notice.show(`Loaded the settings of ${file.name}.`);
  } catch (err) {
    notice.show(`Could not import ${file.name}: ${err.message}.`);
  }
  clearTimeout(syncTimer);
  syncRuns();
  scheduleRender();
});

function fileStem() {
  return `brainlab-${experiment?.preset ?? 'custom'}`;
}

ui.exports.csv.addEventListener('click', () => download(csvBlob(metricsCsv(runs)), `${fileStem()}-metrics.csv`));
ui.exports.json.addEventListener('click', () =>
  download(jsonBlob(metricsJson({ preset: experiment?.preset ?? null, runs, dataset, link: share.base, core: coreVersion() })), `${fileStem()}-metrics.json`));
ui.exports.config.addEventListener('click', () => download(jsonBlob(configJson(experiment)), `${fileStem()}-config.json`));
for (const [key, name] of [['loss', 'loss'], ['acc', 'accuracy']]) {
  ui.exports[key].addEventListener('click', async () => {
    const chart = charts.chart(key);
    if (!chart) return;
    try {
      download(await chartPng(chart.plot, chart.title), `${fileStem()}-${name}.png`);
    } catch (err) {
      ui.shareStatus.textContent = `Could not make the PNG: ${err.message}`;
    }
  });
}

// Every other view: a PNG of its panel as it shows now (title, canvases, legend).
const VIEW_PANELS = ['diagnostics', 'saturation', 'angles', 'entropy', 'mi_label', 'mi_quadrant', 'info_plane', 'activity', 'reconstructions'];
addPngButtons(document, VIEW_PANELS, async (name, panel) => {
  try {
    download(await panelPng(panel), `${fileStem()}-${name}.png`);
  } catch (err) {
    ui.shareStatus.textContent = `Could not make the PNG: ${err.message}`;
  }
});

// ---- own data ----

let dataAttempts = 0;
async function useOwnData(files) {
  ui.data.error.textContent = '';
  if (!core || classroom) return;
  if (started()) {
    ui.data.error.textContent = 'Reset the runs before changing the data.';
    return;
  }
  const attempt = ++dataAttempts;
  ui.data.status.textContent = 'Checking the files…';
  try {
    const own = await readOwnData(files);
    own.description = await checkData(own);
    if (attempt !== dataAttempts) return; // newer files arrived meanwhile
    if (started()) throw new Error('Training began while the files were checked: Reset, then load them again.');
    useData(own);
    ui.data.status.textContent = `Now training on your files: ${own.files.join(', ')}.`;
  } catch (err) {
    if (attempt !== dataAttempts) return;
    ui.data.status.textContent = '';
    const inUse = !dataset ? 'none yet' : dataset === builtIn ? BUILT_IN.name : 'your previous files';
    ui.data.error.textContent = `${err.message.replace(/\.?$/, '.')} The data in use are unchanged (${inUse}).`;
  }
}

function useData(data) {
  dataset = data;
  if (downloadError) pageErrors.delete(downloadError); // the download no longer matters
  renderData();
  clearTimeout(syncTimer);
  syncRuns();
  scheduleRender();
}

acceptFiles({
  input: ui.data.files,
  dropTarget: document,
  onFiles: (files) => useOwnData(files),
  onDragState: (over) => {
    $('drop-overlay').hidden = !over || classroom;
  },
});
ui.data.reset.addEventListener('click', () => {
  if (!builtIn || started()) return;
  ui.data.error.textContent = '';
  ui.data.status.textContent = `Back to ${BUILT_IN.name}.`;
  useData(builtIn);
});

// ---- start-up ----

function showProgress({ loaded, total }) {
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  if (total) {
    ui.progress.value = loaded / total;
    ui.progressText.textContent = `Loading Fashion-MNIST: ${mb(loaded)} of ${mb(total)} MB`;
  } else {
    ui.progress.removeAttribute('value'); // indeterminate
    ui.progressText.textContent = `Loading Fashion-MNIST: ${mb(loaded)} MB`;
  }
}

async function setUpForm() {
  try {
    core = await loadCore();
    performance.mark('core-ready');
    form = new ConfigForm(ui.form, core, onConfigEdited, (id) => showPresetPanels(id));
    gallery = new Gallery($('gallery-list'), form.presets, loadPreset);
    showPresetPanels(form.basedOn);
    readForm();
    applyFragment(location.hash);
    renderExplanation();
    updateLink();
  } catch (err) {
    pageErrors.add(err.message);
  }
  scheduleRender();
}

async function downloadData() {
  try {
    const arrays = await loadDataset({ onProgress: showProgress });
    performance.mark('data-ready');
    builtIn = { ...BUILT_IN, files: DATA_FILES.map((f) => f.path), ...arrays };
    if (!dataset) dataset = builtIn; // own files dropped meanwhile stay in use
  } catch (err) {
    downloadError = err.message;
    if (!dataset) pageErrors.add(err.message);
  } finally {
    ui.loading.hidden = true;
  }
}

// Tests reach the runs' workers through this handle (to inject a fault), only on ?debug=1.
if (new URLSearchParams(location.search).get('debug') === '1') {
  window.__brainlab = { get runs() { return runs; } };
}

renderData();
await Promise.all([setUpForm(), downloadData()]);
renderData();
// Build the workers straight away: a corrupt file shows up now, not on the first Start.
if (form && dataset) syncRuns();
scheduleRender();
