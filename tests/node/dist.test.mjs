// What `make dist` ships (tools/dist.mjs): the built site for the tests holds the debug handle,
// the worker's fault injection and a core with panicForTests, and the check names each; the
// copy `make dist` makes of it, stamped anew, holds none of them (its core, built without the
// fault-injection feature, `make dist` adds and checks itself). This site's fast core
// (pkg-fast/) is built without the feature, so the copy's check covers it.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { stamp } from '../../tools/build-info.mjs';
import { TEST_ONLY, copyShipped, testOnlyIn } from '../../tools/dist.mjs';
import { SITE } from './helpers.mjs';

test('the check names what only the tests use in the site they run', () => {
  const found = testOnlyIn(SITE);
  for (const file of TEST_ONLY) assert.ok(found.some((f) => f.startsWith(`${file}: `)), `${file} found: ${found.join('; ')}`);
  assert.ok(found.includes('app/debug.js: holds __brainlab'), found.join('; '));
  assert.ok(found.some((f) => /^pkg\/brainlab(_bg\.wasm|\.js): holds panicForTests$/.test(f)), `the test core's panicForTests: ${found.join('; ')}`);
});

test('make dist\'s copy of the site, stamped anew, ships none of it', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'brainlab-dist-'));
  try {
    rmSync(out, { recursive: true });
    copyShipped(SITE, out);
    // The site's stamp still lists the files left out: its service worker could not install.
    assert.ok(testOnlyIn(out).includes('app/debug.js: precached (build-info.js) but not in the folder'), testOnlyIn(out).join('; '));
    const info = stamp(out, 'test');
    assert.deepEqual(info.files.filter((f) => TEST_ONLY.includes(f) || f.startsWith('pkg/')), []);
    assert.deepEqual(testOnlyIn(out), []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
