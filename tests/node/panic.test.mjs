// A panic in the core traps (panic = abort): JS sees only "unreachable". The core's panic hook
// keeps the message, so the worker can say what went wrong before it is replaced.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCore } from './helpers.mjs';

const { core } = await loadCore();

test('a panic in the core is a RuntimeError whose message the hook kept', () => {
  assert.equal(core.lastPanic(), undefined);
  assert.throws(() => core.panicForTests(), WebAssembly.RuntimeError);
  assert.match(core.lastPanic(), /a deliberate panic, for a fault-injection test/);
});
