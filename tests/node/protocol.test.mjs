// The worker protocol (www/worker/protocol.js) and the page's side of it (www/runs/run.js),
// with a fake Worker: requests are matched to their answers by id, a dropped request resolves
// to what the drop says, answers and reports of an older Lab are left out, the data go to a
// worker once, a dead worker's run answers with its error, and the fault-injection commands
// (worker/faults.js) reach only a worker started with ?debug=1.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASK, COMMAND, REPLY, Requests, answer, isDebug, workerUrl } from '../../www/worker/protocol.js';
import { FAULT, inject } from '../../www/worker/faults.js';
import { Run } from '../../www/runs/run.js';
import { FakeWorker } from './helpers.mjs';

const DATA = { id: 'd', trainImages: new Uint8Array(1), trainLabels: new Uint8Array(1), testImages: new Uint8Array(1), testLabels: new Uint8Array(1) };

/** A Run on fake workers (every one it started, in order); `changes` has the state at each onChange. */
function fakeRun() {
  const workers = [];
  const changes = [];
  const createWorker = () => workers[workers.push(new FakeWorker()) - 1];
  const run = new Run({ color: '#000', onChange: (r) => changes.push(r.state), createWorker });
  return { run, worker: () => workers.at(-1), workers, changes };
}

const report = (generation, fields = {}) => ({ type: REPLY.report, generation, state: 'ready', step: 0, metrics: [], stepsPerSec: null, ...fields });

test('requests get fresh ids and each answer resolves its own request', async () => {
  const posted = [];
  const requests = new Requests((m) => posted.push(m));
  const first = requests.send(ASK.activity, { image: 3 }, { generation: 7 });
  const second = requests.send(ASK.reconstructions, { images: [1, 2] });
  assert.equal(requests.size, 2);
  assert.deepEqual(posted.map((m) => [m.type, m.ask, m.id]), [[COMMAND.request, ASK.activity, 1], [COMMAND.request, ASK.reconstructions, 2]]);
  assert.equal(posted[0].generation, 7);
  assert.deepEqual(posted[0].args, { image: 3 });
  // Answered out of order: each gets its own.
  assert.equal(requests.receive({ type: REPLY.answer, id: 2, generation: 0, value: 'two' }), true);
  assert.equal(requests.receive({ type: REPLY.answer, id: 1, generation: 7, error: 'no' }), true);
  assert.deepEqual(await second, { type: REPLY.answer, id: 2, generation: 0, value: 'two' });
  assert.equal((await first).error, 'no');
  assert.equal(requests.size, 0);
  // A report is not an answer; an answer to nothing open is taken and ignored.
  assert.equal(requests.receive(report(1)), false);
  assert.equal(requests.receive({ type: REPLY.answer, id: 99 }), true);
});

test('drop resolves every open request with its answer', async () => {
  const requests = new Requests(() => {});
  const open = [requests.send(ASK.activity, {}), requests.send(ASK.activity, {})];
  requests.drop({ error: 'gone' });
  assert.deepEqual(await Promise.all(open), [{ error: 'gone' }, { error: 'gone' }]);
  assert.equal(requests.size, 0);
});

test('the worker side answers with a value and its transfer list, or an Error\'s message', () => {
  const posted = [];
  const post = (message, transfer) => posted.push({ message, transfer });
  const buffer = new ArrayBuffer(4);
  answer(post, { id: 5 }, 2, { bytes: buffer }, [buffer]);
  answer(post, { id: 6 }, 2, new Error('there is no test image 99999'));
  assert.deepEqual(posted[0], { message: { type: REPLY.answer, id: 5, generation: 2, value: { bytes: buffer } }, transfer: [buffer] });
  assert.deepEqual(posted[1].message, { type: REPLY.answer, id: 6, generation: 2, error: 'there is no test image 99999' });
});

test('fault injection is for debug workers: ?debug=1 on the page goes on the worker\'s address', () => {
  // The faults are not commands of the protocol: only faults.js, which a debug worker loads, knows them.
  for (const fault of Object.values(FAULT)) assert.equal(Object.values(COMMAND).includes(fault), false, fault);
  const script = new URL('http://lab.test/worker/worker.js');
  assert.equal(workerUrl(script, false).href, 'http://lab.test/worker/worker.js');
  assert.equal(isDebug(workerUrl(script, false)), false);
  assert.equal(isDebug(workerUrl(script, true)), true);
  assert.equal(isDebug('http://lab.test/?debug=1#preset=fig2'), true);
  assert.equal(isDebug('http://lab.test/?debug=0'), false);
  assert.equal(isDebug('http://lab.test/#debug=1'), false, 'the fragment is the experiment, not a flag');
});

test('a run sends the data once, keeps reports of its own Lab only, and matches answers to its generation', async () => {
  const { run, worker, changes } = fakeRun();
  run.configure('a', { steps: 10 }, DATA);
  run.configure('a', { steps: 20 }, DATA);
  const configures = worker().of(COMMAND.configure);
  assert.deepEqual(configures.map((m) => [m.generation, Boolean(m.data), m.config.steps]), [[1, true, 10], [2, false, 20]]);
  assert.equal(run.state, 'loading');

  worker().reply(report(1, { state: 'ready' })); // from the Lab replaced meanwhile
  assert.equal(run.state, 'loading');
  assert.deepEqual(changes, []);
  worker().reply(report(2, { state: 'ready', dataInfo: { n: 100 } }));
  assert.equal(run.state, 'ready');
  assert.deepEqual(run.dataInfo, { n: 100 });
  assert.deepEqual(changes, ['ready']);

  const asked = run.request(ASK.activity, { image: 4 });
  const [request] = worker().of(COMMAND.request);
  assert.deepEqual([request.ask, request.args, request.generation], [ASK.activity, { image: 4 }, 2]);
  worker().reply({ type: REPLY.answer, id: request.id, generation: 2, value: { step: 0, layers: [] } });
  assert.deepEqual(await asked, { step: 0, layers: [] });

  // An answer from an older Lab resolves to null: the view asks again.
  const stale = run.request(ASK.activity, { image: 5 });
  const second = worker().of(COMMAND.request)[1];
  run.reset();
  worker().reply({ type: REPLY.answer, id: second.id, generation: 2, value: { step: 0 } });
  assert.equal(await stale, null);

  // Metrics accumulate; the snapshot is what the page sees.
  worker().reply(report(3, { state: 'paused', step: 10, metrics: [{ step: 0 }, { step: 10 }] }));
  const snapshot = run.snapshot();
  assert.deepEqual([snapshot.state, snapshot.step, snapshot.history.length, snapshot.latest.step, snapshot.finished], ['paused', 10, 2, 10, false]);
  run.terminate();
  assert.equal(worker().terminated, true);
});

test('a crashed run answers with its error, and Reset replaces its worker', async () => {
  const { run, workers } = fakeRun();
  run.configure('a', { steps: 10 }, DATA);
  const pending = run.request(ASK.activity, { image: 0 });
  workers[0].reply(report(1, { state: 'failed', error: 'the core crashed (boom); Reset starts this run again', fault: true }));
  assert.deepEqual(await pending, { error: 'the core crashed (boom); Reset starts this run again' });
  assert.equal(run.dead, true);
  assert.equal(run.fault, 'crash');
  assert.deepEqual(await run.request(ASK.activity, { image: 0 }), { error: run.error });
  run.start(); // a dead worker is not told anything
  assert.equal(workers[0].of(COMMAND.start).length, 0);

  run.reset();
  assert.equal(workers[0].terminated, true);
  const [configure] = workers[1].of(COMMAND.configure);
  assert.ok(configure.data, 'a fresh worker needs the data again');
  assert.equal(run.dead, false);
  run.terminate();
});

test('a worker silent past its watchdog\'s patience is taken for stuck, and back when it speaks', () => {
  const { run, worker } = fakeRun();
  run.configure('a', { steps: 10 }, DATA);
  worker().reply(report(1));
  run.stallMs = 0;
  run.checkStall();
  assert.equal(run.dead, false, 'nothing owed, nothing stuck');
  run.start();
  run.heardAt -= 5;
  run.checkStall();
  assert.equal(run.fault, 'stall');
  assert.match(run.error, /has not answered for \d+ s; Reset starts it again/);
  worker().reply(report(1, { state: 'running' }));
  assert.equal(run.dead, false);
  assert.equal(run.state, 'running');
  run.inject(FAULT.hang);
  assert.deepEqual(worker().of(FAULT.hang).length, 1, 'posted: only a debug worker obeys it');
  run.terminate();
});

test('a debug worker\'s faults: crash panics in the core, and a protocol command is not a fault', () => {
  const calls = [];
  const core = { panicForTests: () => calls.push('panic') };
  for (const type of Object.values(COMMAND)) assert.equal(inject(type, core), false, type);
  assert.deepEqual(calls, []);
  assert.equal(inject(FAULT.crash, core), true);
  assert.deepEqual(calls, ['panic']);
});
