// The scheduler (www/runs/scheduler.js) and the sweep around it (www/runs/sweep.js), with fake
// Workers: a sweep trains at most `limit` runs at once, the rest queued and started as cores
// free up, begun runs first; Pause and Reset forget the queue; new settings reuse the workers.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { COMMAND, REPLY } from '../../www/worker/protocol.js';
import { Scheduler, coreLimit } from '../../www/runs/scheduler.js';
import { Sweep } from '../../www/runs/sweep.js';
import { FakeWorker } from './helpers.mjs';

const DATA = { id: 'fashion', trainImages: new Uint8Array(1), trainLabels: new Uint8Array(1), testImages: new Uint8Array(1), testLabels: new Uint8Array(1) };
const specs = (n) => Array.from({ length: n }, (_, i) => ({ label: `h=${i + 1}`, config: { hidden: [i + 1], steps: 100 } }));

const sweeps = [];
after(() => sweeps.flatMap((sweep) => sweep.runs).forEach((run) => run.terminate())); // their watchdogs

/** A sweep of fake workers on `limit` cores; report(i, fields) answers as worker i would. */
function fakeSweep(limit) {
  const workers = [];
  let changes = 0;
  const sweep = new Sweep({
    colorOf: (i) => `#00000${i}`,
    createWorker: () => workers[workers.push(new FakeWorker()) - 1],
    scheduler: new Scheduler(limit),
    onChange: () => { changes += 1; },
  });
  sweeps.push(sweep);
  const report = (i, fields) => {
    const generation = workers[i].of(COMMAND.configure).concat(workers[i].of(COMMAND.reset)).map((m) => m.generation).reduce((a, b) => Math.max(a, b), 0);
    workers[i].reply({ type: REPLY.report, generation, step: 0, metrics: [], stepsPerSec: null, ...fields });
  };
  const told = (type) => workers.map((w) => w.of(type).length);
  return { sweep, workers, report, told, changes: () => changes };
}

const states = (sweep) => sweep.snapshots().map((r) => (r.queued ? 'queued' : r.state));

test('the limit is the browser\'s logical cores, at least one', () => {
  assert.equal(coreLimit({ hardwareConcurrency: 8 }), 8);
  assert.equal(coreLimit({ hardwareConcurrency: 0 }), 1);
  assert.equal(coreLimit({}), 1);
  assert.equal(coreLimit(undefined), 1);
  assert.equal(new Scheduler(0).limit, 1);
});

test('four runs on two cores: two train, two wait, and each freed core goes to the next', () => {
  const { sweep, report, told } = fakeSweep(2);
  sweep.apply(specs(4), DATA);
  for (let i = 0; i < 4; i += 1) report(i, { state: 'ready' });
  sweep.command('start');
  assert.deepEqual(told(COMMAND.start), [1, 1, 0, 0]);
  assert.deepEqual(states(sweep), ['ready', 'ready', 'queued', 'queued']);
  assert.equal(sweep.active, true);
  report(0, { state: 'running' });
  report(1, { state: 'running' });
  assert.deepEqual(told(COMMAND.start), [1, 1, 0, 0], 'still two at a time');
  report(1, { state: 'done', step: 100 });
  assert.deepEqual(told(COMMAND.start), [1, 1, 1, 0], 'the freed core goes to the first queued run');
  report(2, { state: 'running' });
  report(0, { state: 'diverged', step: 3, error: 'diverged at step 3' });
  assert.deepEqual(told(COMMAND.start), [1, 1, 1, 1], 'a run that diverged frees its core too');
  assert.deepEqual(states(sweep), ['diverged', 'done', 'running', 'ready']);
  report(3, { state: 'running' });
  report(2, { state: 'done', step: 100 });
  report(3, { state: 'done', step: 100 });
  assert.equal(sweep.active, false);
});

test('Step goes through the queue; Pause forgets it and Start resumes the begun runs first', () => {
  const { sweep, report, told } = fakeSweep(1);
  sweep.apply(specs(3), DATA);
  sweep.command('step'); // before the workers are ready: they wait until they are
  assert.deepEqual(told(COMMAND.step), [0, 0, 0]);
  for (let i = 0; i < 3; i += 1) report(i, { state: 'ready' });
  assert.deepEqual(told(COMMAND.step), [1, 0, 0]);
  report(0, { state: 'paused', step: 10 });
  assert.deepEqual(told(COMMAND.step), [1, 1, 0]);
  report(1, { state: 'running', step: 5 });
  sweep.pause();
  assert.deepEqual(told(COMMAND.pause), [1, 1, 1]);
  assert.deepEqual(states(sweep), ['paused', 'running', 'ready'], 'nothing queued after Pause');
  report(1, { state: 'paused', step: 5 });
  assert.equal(sweep.active, false);
  // Run 2 has not begun: the two begun runs go first, in table order.
  sweep.command('start');
  assert.deepEqual(told(COMMAND.start), [1, 0, 0]);
  report(0, { state: 'done', step: 100 });
  assert.deepEqual(told(COMMAND.start), [1, 1, 0]);
  sweep.reset();
  assert.deepEqual(told(COMMAND.reset), [1, 1, 1]);
  assert.deepEqual(states(sweep), ['loading', 'loading', 'loading']);
  for (let i = 0; i < 3; i += 1) report(i, { state: 'ready' });
  assert.equal(sweep.active, false, 'Reset forgets the queue');
  assert.deepEqual(told(COMMAND.start), [1, 1, 0], 'and nothing starts by itself');
});

test('new settings reuse the workers, end the ones not needed, and the same settings change nothing', () => {
  const { sweep, workers, changes } = fakeSweep(2);
  sweep.apply(specs(3), DATA);
  const before = changes();
  sweep.apply(specs(3), DATA);
  assert.equal(changes(), before, 'the same runs on the same data: nothing to do');
  sweep.apply(specs(2), DATA);
  assert.equal(workers.length, 3);
  assert.deepEqual(workers.map((w) => w.terminated), [false, false, true]);
  assert.deepEqual(workers.map((w) => w.of(COMMAND.configure).length), [2, 2, 1]);
  assert.deepEqual(workers[0].of(COMMAND.configure).map((m) => Boolean(m.data)), [true, false], 'the data go once');
  sweep.apply(specs(2), { ...DATA, id: 'own' });
  assert.equal(Boolean(workers[0].of(COMMAND.configure).at(-1).data), true, 'other data go again');
  assert.deepEqual(sweep.snapshots().map((r) => [r.label, r.color]), [['h=1', '#000000'], ['h=2', '#000001']]);
});
