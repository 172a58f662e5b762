// The brainlab page: loads the core and the data, keeps one worker-backed Run per
// configured run, and turns the buttons into commands for them.

import { MetricCharts } from './charts.js';
import { ConfigForm } from './config-form.js';
import { loadCore } from './core.js';
import { loadDataset } from './data.js';
import { runColor } from './palette.js';
import { Run } from './run.js';
import { RunTable } from './run-table.js';

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
};

const charts = new MetricCharts({ loss: $('loss-chart'), acc: $('acc-chart') });
const table = new RunTable($('runs'), $('total-speed'));
const pageErrors = new Set(); // failures nothing on the page can fix (download, core)

let form = null;
let dataset = null;
let runs = [];
let appliedKey = null; // JSON of the run specs the workers were configured with
let configProblem = null;

// ---- rendering, at most once per animation frame ----

let frame = 0;
function scheduleRender() {
  frame ||= requestAnimationFrame(render);
}

function render() {
  frame = 0;
  charts.update(runs);
  table.update(runs);
  renderErrors();
  renderButtons();
}

function renderErrors() {
  const runErrors = runs.filter((r) => r.state === 'failed').map((r) => `Could not set up training: ${r.error}`);
  const messages = [...new Set([...pageErrors, ...runErrors])];
  ui.error.replaceChildren(...messages.map((m) => Object.assign(document.createElement('p'), { textContent: m })));
  ui.error.hidden = messages.length === 0;
  ui.configError.textContent = configProblem ?? '';
}

function renderButtons() {
  const usable = form && dataset && pageErrors.size === 0 && runs.length > 0 &&
    runs.every((r) => r.state !== 'loading' && r.state !== 'failed');
  const running = runs.some((r) => r.state === 'running');
  const started = runs.some((r) => r.state !== 'ready');
  const resumable = runs.some((r) => r.state === 'ready' || r.state === 'paused');
  ui.start.disabled = ui.step.disabled = !usable || running || !resumable || configProblem !== null;
  ui.pause.disabled = !running;
  ui.reset.disabled = !usable || !started;
  // Settings are fixed once training has begun; Reset unlocks them.
  if (form) form.disabled = usable && started;
}

// ---- runs ----

function currentSpecs() {
  try {
    const specs = form.runs();
    configProblem = null;
    return specs;
  } catch (err) {
    configProblem = err.message;
    return null;
  }
}

/** Points the workers at the form's runs, creating or ending workers to match their number. */
function syncRuns() {
  const specs = currentSpecs();
  if (!specs) return false;
  if (!dataset) return true; // start-up applies the form once the data have arrived
  const key = JSON.stringify(specs);
  if (key === appliedKey) return true;
  while (runs.length > specs.length) runs.pop().terminate();
  specs.forEach((spec, i) => {
    runs[i] ??= new Run({ color: runColor(i), onChange: scheduleRender });
    runs[i].configure(spec.label, spec.config, dataset);
  });
  appliedKey = key;
  charts.setRuns(runs);
  table.setRuns(runs);
  return true;
}

let syncTimer = 0;
function onConfigEdited() {
  // Validate now; rebuild the workers once the typing pauses.
  currentSpecs();
  clearTimeout(syncTimer);
  syncTimer = setTimeout(syncRuns, 300);
  scheduleRender();
}

function command(send) {
  clearTimeout(syncTimer);
  if (syncRuns()) {
    for (const run of runs) if (!run.finished) send(run);
  }
  scheduleRender();
}

ui.start.addEventListener('click', () => command((run) => run.start()));
ui.step.addEventListener('click', () => command((run) => run.stepToNextEvaluation()));
ui.pause.addEventListener('click', () => {
  for (const run of runs) run.pause();
});
ui.reset.addEventListener('click', () => {
  for (const run of runs) run.reset();
  scheduleRender();
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
    form = new ConfigForm(ui.form, await loadCore(), onConfigEdited);
  } catch (err) {
    pageErrors.add(err.message);
  }
}

async function downloadData() {
  try {
    dataset = await loadDataset({ onProgress: showProgress });
  } catch (err) {
    pageErrors.add(err.message);
  } finally {
    ui.loading.hidden = true;
  }
}

await Promise.all([setUpForm(), downloadData()]);
// Build the workers straight away: a corrupt file shows up now, not on the first Start.
if (form && dataset) syncRuns();
scheduleRender();
