// Settings of several seeds and many networks (www/runs/sweep.js, www/runs/pool.js), with fake
// Workers: a setting with seeds K is K networks (seed, seed + 1, …) under one snapshot; more
// networks than MAX_OWN_WORKERS borrow workers from one pool, at most one training per core,
// a finished network's worker going to the next with the data it already holds; the setting's
// snapshot carries the core's mean and interval in place of its losses and accuracies.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { COMMAND, REPLY } from '../../www/worker/protocol.js';
import { Scheduler } from '../../www/runs/scheduler.js';
import { MAX_OWN_WORKERS, Sweep, memberConfigs } from '../../www/runs/sweep.js';
import { FakeWorker } from './helpers.mjs';

const DATA = { id: 'fashion', trainImages: new Uint8Array(1), trainLabels: new Uint8Array(1), testImages: new Uint8Array(1), testLabels: new Uint8Array(1) };
const sweeps = [];
after(() => sweeps.flatMap((sweep) => sweep.runs).forEach((run) => run.terminate()));

function fakeSweep(limit, summarise) {
  const workers = [];
  const sweep = new Sweep({
    colorOf: (i) => `#00000${i}`,
    createWorker: () => workers[workers.push(new FakeWorker()) - 1],
    scheduler: new Scheduler(limit),
    onChange: () => {},
    summarise,
  });
  sweeps.push(sweep);
  /** Worker i answers for the network it was last configured with. */
  const report = (i, fields) => {
    const generation = workers[i].of(COMMAND.configure).map((m) => m.generation).at(-1);
    workers[i].reply({ type: REPLY.report, generation, step: 0, metrics: [], stepsPerSec: null, ...fields });
  };
  return { sweep, workers, report };
}

const metrics = (step, acc) => ({ step, test_acc: acc, test_loss: 1 - acc, train_acc: acc, train_loss: 1 - acc, layers: [] });

test('a setting of K seeds is K networks, seeds seed … seed + K − 1', () => {
  assert.deepEqual(memberConfigs({ seed: 7, seeds: 3, hidden: [5] }).map((c) => [c.seed, c.seeds, c.hidden[0]]), [[7, 1, 5], [8, 1, 5], [9, 1, 5]]);
  assert.deepEqual(memberConfigs({ seed: 2 ** 32 - 1, seeds: 2 }).map((c) => c.seed), [2 ** 32 - 1, 0], 'u32 seeds wrap');
  const one = { seed: 1, seeds: 1 };
  assert.equal(memberConfigs(one)[0], one);
});

test('more networks than MAX_OWN_WORKERS share a pool: one training per core, workers reused, the data sent once', () => {
  const { sweep, workers, report } = fakeSweep(2);
  const k = 5;
  sweep.apply([0, 1, 2].map((i) => ({ label: `rule ${i}`, config: { hidden: [3], seed: 10 * i, seeds: k, steps: 100 } })), DATA);
  assert.ok(3 * k > MAX_OWN_WORKERS);
  assert.equal(workers.length, 0, 'no worker until a network trains');
  assert.deepEqual(sweep.snapshots().map((s) => [s.label, s.seeds, s.members.length, s.state]), [['rule 0', k, k, 'ready'], ['rule 1', k, k, 'ready'], ['rule 2', k, k, 'ready']]);
  sweep.command('start');
  assert.equal(workers.length, 2, 'two cores, two workers');
  assert.deepEqual(workers.map((w) => w.of(COMMAND.configure).map((m) => [m.config.seed, Boolean(m.data)])), [[[0, true]], [[1, true]]]);
  assert.deepEqual(workers.map((w) => w.of(COMMAND.start).length), [1, 1]);
  // Finish every network, one worker after the other: each freed worker takes the next network.
  // (A report from a worker that holds no network now carries an old generation: ignored.)
  for (let round = 0; sweep.active && round < 20; round += 1) {
    for (const i of [0, 1]) {
      report(i, { state: 'ready' });
      report(i, { state: 'running' });
      report(i, { state: 'done', step: 100, stepsPerSec: 500, metrics: [metrics(100, 0.5 + round / 100)] });
    }
  }
  assert.equal(workers.length, 2, 'no more workers than cores');
  const seeds = workers.flatMap((w) => w.of(COMMAND.configure).map((m) => m.config.seed)).sort((a, b) => a - b);
  assert.deepEqual(seeds, [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24], 'every network trained once');
  assert.equal(workers.flatMap((w) => w.of(COMMAND.configure)).filter((m) => m.data).length, 2, 'the data went once to each worker');
  assert.ok(sweep.snapshots().every((s) => s.state === 'done' && s.finished));
  assert.equal(sweep.networks().length, 3 * k);
  assert.equal(sweep.active, false);
});

/** What the core's summarise returns for these histories (the test's stand-in: the mean and a fixed half-width). */
function fakeSummarise(histories) {
  return histories[0].map((m, i) => {
    const at = histories.map((h) => h[i]);
    const band = (name) => {
      const mean = at.reduce((s, x) => s + x[name], 0) / at.length;
      return { mean, half_width: 0.01, n: at.length, low: mean - 0.01, high: mean + 0.01 };
    };
    return { step: m.step, test_acc: band('test_acc'), test_loss: band('test_loss'), train_acc: band('train_acc'), train_loss: band('train_loss') };
  });
}

test('a setting of several seeds shows the core\'s mean and interval, as far as its slowest seed', () => {
  const { sweep, report } = fakeSweep(4, fakeSummarise);
  sweep.apply([{ label: 'fa', config: { hidden: [3], seed: 1, seeds: 2, steps: 100, rule: 'feedback_alignment' } }], DATA);
  const [snap0] = sweep.snapshots();
  assert.equal(snap0.seeds, 2);
  assert.equal(snap0.members.length, 2);
  // Two networks: fewer than MAX_OWN_WORKERS, so each has its own worker from the start.
  report(0, { state: 'ready' });
  report(1, { state: 'ready' });
  report(0, { state: 'paused', step: 10, metrics: [metrics(0, 0.1), metrics(10, 0.6)] });
  let [snap] = sweep.snapshots();
  assert.equal(snap.history.length, 0, 'nothing to average until every seed has evaluated');
  assert.equal(snap.step, 0);
  report(1, { state: 'paused', step: 10, metrics: [metrics(0, 0.1), metrics(10, 0.8)] });
  [snap] = sweep.snapshots();
  assert.equal(snap.step, 10);
  assert.deepEqual(snap.memberSteps, [10, 10]);
  assert.equal(snap.history.length, 2);
  assert.ok(Math.abs(snap.latest.test_acc - 0.7) < 1e-12);
  assert.deepEqual(snap.latest.ci.test_acc, { half_width: 0.01, low: snap.latest.test_acc - 0.01, high: snap.latest.test_acc + 0.01 });
  assert.equal(snap.state, 'paused');
});

test('Step in a pooled sweep: never more workers than cores, the networks that hold one step again', () => {
  const { sweep, workers, report } = fakeSweep(2);
  sweep.apply([0, 1, 2].map((i) => ({ label: `rule ${i}`, config: { hidden: [3], seed: 10 * i, seeds: 5, steps: 40, eval_interval: 20 } })), DATA);
  const pausedAt = (i, step) => {
    report(i, { state: 'ready' });
    report(i, { state: 'paused', step, metrics: [metrics(step, 0.5)] });
  };
  sweep.command('step');
  assert.equal(workers.length, 2, 'two cores, two workers');
  assert.equal(sweep.workers().busy, 2);
  pausedAt(0, 20);
  pausedAt(1, 20);
  // Paused, each keeps its worker (its Lab is there): no other network may borrow one.
  assert.equal(workers.length, 2, `Step started ${workers.length} workers for ${sweep.runs.length} networks`);
  assert.deepEqual(sweep.workers(), { workers: 2, busy: 0, active: false });
  assert.deepEqual(sweep.networks().map((n) => n.step), [20, 20, ...Array(13).fill(0)]);
  // The next Step goes to the same two; when they finish, their workers go to the next two.
  sweep.command('step');
  assert.deepEqual(workers.map((w) => w.of(COMMAND.step).length), [2, 2]);
  for (const i of [0, 1]) report(i, { state: 'done', step: 40, metrics: [metrics(40, 0.6)] });
  assert.equal(sweep.workers().active, false, 'a finished network does not make Step go on');
  sweep.command('step');
  assert.equal(workers.length, 2);
  assert.deepEqual(workers.map((w) => w.of(COMMAND.configure).at(-1).config.seed).sort(), [2, 3], 'the next two networks, on the freed workers');
  // Start after a Step: the two begun networks go first, then the rest, two workers throughout.
  pausedAt(0, 20);
  pausedAt(1, 20);
  sweep.command('start');
  for (let round = 0; sweep.active && round < 20; round += 1) {
    for (const i of [0, 1]) {
      report(i, { state: 'ready' });
      report(i, { state: 'running' });
      report(i, { state: 'done', step: 40, metrics: [metrics(40, 0.6)] });
    }
  }
  assert.equal(workers.length, 2);
  assert.ok(sweep.networks().every((n) => n.state === 'done'), JSON.stringify(sweep.networks().map((n) => n.state)));
});
