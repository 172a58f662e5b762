// The bench's shared timing (bench/pages/bench-core.js): evaluations timed in turns, one warm-up
// each first, then every round one evaluation of every network in the order given.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluationsInTurns } from '../../bench/pages/bench-core.js';

test('evaluations are timed in turns after one warm-up each', () => {
  const calls = [];
  const net = (name) => ({ evaluate: () => calls.push(name) });
  const ms = evaluationsInTurns({ a: net('a'), b: net('b'), unused: net('unused') }, ['a', 'b'], 3);
  assert.deepEqual(calls, ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
  assert.deepEqual(Object.keys(ms), ['a', 'b']);
  for (const name of ['a', 'b']) {
    assert.equal(ms[name].length, 3, name);
    assert.ok(ms[name].every((t) => Number.isFinite(t) && t >= 0), `${name}: ${ms[name]}`);
  }
});
