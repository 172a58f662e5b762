// The session store (www/state/store.js, www/app/session.js) and what it decides
// (www/app/controls.js), against the real core: a first visit opens Figure 2; an edit the core
// refuses names its field and keeps the last good experiment; fields with defaults of their own
// load them; presets, links and panels change the state as the page shows it; and the controls
// follow the runs' states.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Session } from '../../www/app/session.js';
import { begun, controls, pageErrors } from '../../www/app/controls.js';
import { readCatalog } from '../../www/state/catalog.js';
import { Store } from '../../www/state/store.js';
import { loadCore } from './helpers.mjs';

const PANELS = ['gallery', 'explanation', 'table', 'loss', 'accuracy', 'diagnostics', 'saturation', 'angles', 'entropy', 'mi_label', 'share'];

let catalog;

before(async () => {
  catalog = readCatalog((await loadCore()).core);
});

function started() {
  const session = new Session(PANELS);
  session.begin(catalog);
  return session;
}

test('the store replaces its state and tells its listeners, never inside one another, the newest state last', () => {
  const store = new Store({ a: 1, b: [1] });
  const seen = [];
  let depth = 0;
  const listen = (name, react) => store.subscribe((s) => {
    depth += 1;
    assert.equal(depth, 1, `${name} is not called from inside another listener`);
    seen.push([name, s.a]);
    react?.(s);
    depth -= 1;
  });
  listen('first', (s) => s.a === 2 && store.update({ a: 3 }));
  const stop = listen('second');
  const old = store.get();
  store.update({ a: 2 });
  assert.equal(old.a, 1, 'the old state is left as it was');
  assert.ok(Object.isFrozen(store.get()));
  assert.deepEqual(seen.filter(([name]) => name === 'first').map(([, a]) => a), [2, 3]);
  assert.deepEqual(seen.filter(([name]) => name === 'second').at(-1), ['second', 3]);
  const calls = seen.length;
  store.update({ a: 3, b: store.get().b }); // nothing changed
  assert.equal(seen.length, calls);
  stop();
  store.update((s) => ({ a: s.a + 1 }));
  assert.deepEqual(seen.slice(calls), [['first', 4]]);
});

test('a first visit opens Figure 2, its runs and its panels', () => {
  const { state } = started();
  assert.equal(state.basedOn, 'fig2');
  assert.equal(state.experiment.preset, 'fig2');
  assert.deepEqual(state.experiment.changed, []);
  assert.deepEqual(state.experiment.runs.map((r) => r.label), catalog.preset('fig2').runs.map((r) => r.label));
  assert.deepEqual(state.panels, ['gallery', 'explanation', 'table', 'loss', 'accuracy', 'share']);
  assert.equal(state.configProblem, null);
  assert.deepEqual(Object.keys(state.lists), catalog.names, 'every field has values');
});

test('an edit the core refuses names the field and keeps the last good experiment', () => {
  const session = started();
  const good = session.state.experiment;
  const shown = session.state.shown;
  session.edit('steps', [0]);
  assert.match(session.state.configProblem, /^steps: /);
  assert.equal(session.state.experiment, good);
  session.edit('learning_rate', new Error('learning_rate: "x" is not a number'));
  assert.equal(session.state.configProblem, 'learning_rate: "x" is not a number', 'an unreadable field comes first');
  session.edit('learning_rate', [0.000005]);
  session.edit('steps', [300]);
  assert.equal(session.state.configProblem, null);
  assert.deepEqual(session.state.experiment.changed, ['steps']);
  assert.equal(session.state.shown, shown, 'the form is not redrawn under the reader\'s typing');
  // One value per run, for a sweep of four: the labels stay the preset's.
  session.edit('seed', [1, 2, 3, 4]);
  assert.deepEqual(session.state.experiment.runs.map((r) => r.config.seed), [1, 2, 3, 4]);
  session.edit('seed', [1, 2]);
  assert.match(session.state.configProblem, /^seed: 2 values, but hidden has 4/);
});

test('choosing autoencode loads the autoencoder\'s settings, and the form shows them', () => {
  const session = started();
  const shown = session.state.shown;
  session.edit('hidden', [[30]]);
  session.edit('task', ['autoencode']);
  const { lists } = session.state;
  assert.equal(session.state.shown, shown + 1);
  assert.deepEqual([lists.hidden, lists.convention, lists.output_activation], [[[50]], ['standard'], ['sigmoid']]);
  assert.equal(session.state.configProblem, null);
  session.edit('convention', ['coursework']);
  assert.match(session.state.configProblem, /^convention: /, 'the autoencoder refuses raw pixels, by name');
  session.edit('convention', ['standard']);
  session.edit('task', ['classify']);
  assert.deepEqual([session.state.lists.hidden, session.state.lists.convention], [[[120]], ['coursework']]);
});

test('presets, Custom, links and panels', () => {
  const session = started();
  session.loadPreset('fig10');
  assert.deepEqual(session.state.order, ['mi_quadrant', 'mi_label']);
  assert.equal(session.state.applyNow, false, 'a preset from the page waits for the typing to pause');
  session.custom();
  assert.equal(session.state.experiment.preset, null);
  assert.deepEqual(session.state.experiment.changed, []);

  session.setPanel('diagnostics', true);
  assert.ok(session.state.panels.includes('diagnostics'));
  assert.deepEqual(session.state.panels, PANELS.filter((p) => session.state.panels.includes(p)), 'in the page\'s order');
  session.setPanel('diagnostics', false);
  assert.ok(!session.state.panels.includes('diagnostics'));

  const configs = catalog.presetRuns.get('fig3').map((c) => ({ ...c, steps: 200 }));
  session.restore({ preset: 'fig3', configs, panels: null, classroom: true, notice: null });
  const { state } = session;
  assert.equal(state.applyNow, true, 'a link applies at once');
  assert.equal(state.classroom, true);
  assert.ok(state.panels.includes('angles'));
  assert.deepEqual(state.experiment.changed, ['steps']);
  assert.deepEqual(state.experiment.runs.map((r) => r.label), catalog.preset('fig3').runs.map((r) => r.label));
  session.notify('Loaded.', []);
  assert.deepEqual(session.state.notice, { title: 'Loaded.', messages: [] });
  session.clearNotice();
  assert.equal(session.state.notice, null);
});

test('the controls follow the runs: Start until training, Pause while it runs, Reset once begun', () => {
  const session = started();
  const run = (state, extra = {}) => ({ state, dead: false, history: [], ...extra });
  const can = (runs, extra = {}) => controls({ ...session.state, data: { ...session.state.data, inUse: { id: 'x' } }, runs, active: false, ...extra });

  assert.equal(controls(session.state).start, false, 'no data yet');
  assert.deepEqual(pageErrors({ ...session.state, data: { ...session.state.data, downloadError: '404' } }), ['404']);
  assert.deepEqual(pageErrors({ ...session.state, data: { ...session.state.data, downloadError: '404', inUse: { id: 'own' } } }), [], 'the reader\'s own data make the download moot');

  const ready = can([run('ready'), run('ready')]);
  assert.deepEqual([ready.start, ready.step, ready.pause, ready.reset, ready.settings, ready.exports], [true, true, false, false, true, false]);
  assert.equal(can([run('ready'), run('loading')]).start, false, 'a run being built blocks Start');
  assert.equal(can([run('ready'), run('failed')]).start, false, 'a run that cannot be set up blocks Start');
  assert.equal(can([run('ready'), run('failed', { dead: true })]).start, true, 'a dead worker does not');

  const running = can([run('running', { history: [{}] }), run('ready')], { active: true });
  assert.deepEqual([running.start, running.pause, running.reset, running.settings, running.data, running.exports], [false, true, true, false, false, true]);

  const done = can([run('done'), run('diverged')]);
  assert.deepEqual([done.start, done.pause, done.reset, done.settings], [false, false, true, false]);
  assert.equal(can([run('ready')], { configProblem: 'steps: no value given' }).start, false);
  assert.equal(begun([run('ready'), run('failed')]), false);
  assert.equal(begun([run('paused')]), true);
});
