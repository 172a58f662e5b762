// The built site's stamp (tools/build-info.mjs) and the full training set it serves on demand:
// the precache holds the app, the core and the 10,000-image data but neither on-demand folder;
// the id follows the files' bytes; the full set's files match data/SOURCE.sha256, the
// checksums the page checks them against (dataset/full.js reads them from data/full/SHA256SUMS).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildInfo } from '../../tools/build-info.mjs';
import { parseSums } from '../../www/dataset/full.js';
import { SITE } from './helpers.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

test('the precache has the app, the core and the start-up data, and nothing fetched on demand', () => {
  const { files, id, dataCache } = buildInfo(SITE);
  for (const f of ['index.html', 'main.js', 'worker/worker.js', 'pkg/brainlab.js', 'pkg/brainlab_bg.wasm',
    'vendor/uPlot.esm.js', 'manifest.webmanifest', 'icon-192.png', 'data/train-images-idx3-ubyte.gz', 'data/t10k-labels-idx1-ubyte.gz']) {
    assert.ok(files.includes(f), `${f} is precached`);
  }
  assert.ok(!files.some((f) => (f.startsWith('data/full/') && f !== 'data/full/SHA256SUMS') || f.startsWith('pkg-fast/')), 'data/full/ and pkg-fast/ wait until asked for');
  assert.ok(files.includes('data/full/SHA256SUMS'), 'the full set can be checked offline');
  assert.ok(!files.includes('sw.js') && !files.includes('build-info.js'));
  assert.match(id, /^[0-9a-f]{12}$/);
  assert.match(dataCache, /^brainlab-data-[0-9a-f]{12}$/);
  // The stamp on the site is this one.
  const stamped = readFileSync(path.join(SITE, 'build-info.js'), 'utf8');
  assert.ok(stamped.includes(`"id": "${id}"`), 'build/site/build-info.js is up to date (make site stamps it last)');
});

test('the build id changes with any byte of a precached file, and only then', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'brainlab-stamp-'));
  try {
    for (const f of ['index.html', 'main.js', 'sw.js', 'data/full/SHA256SUMS']) await cp(path.join(SITE, f), path.join(dir, f), { recursive: true });
    const a = buildInfo(dir, 'v');
    assert.equal(buildInfo(dir, 'v').id, a.id);
    await writeFile(path.join(dir, 'data/full/train-images-idx3-ubyte.gz'), 'on demand: not part of the build id');
    assert.equal(buildInfo(dir, 'v').id, a.id);
    await writeFile(path.join(dir, 'main.js'), `${await readFile(path.join(dir, 'main.js'), 'utf8')} `);
    assert.notEqual(buildInfo(dir, 'v').id, a.id);
    assert.equal(buildInfo(dir, 'v').dataCache, a.dataCache, 'the data cache is named by the full set, not the build');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the full training set the site serves matches data/SOURCE.sha256', () => {
  const source = parseSums(readFileSync('data/SOURCE.sha256', 'utf8'));
  const served = parseSums(readFileSync(path.join(SITE, 'data/full/SHA256SUMS'), 'utf8'));
  assert.deepEqual(Object.keys(served).sort(), ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
  for (const [file, sum] of Object.entries(served)) {
    assert.equal(sum, source[file], `${file}: the page checks it against data/SOURCE.sha256`);
    assert.equal(sha256(readFileSync(path.join(SITE, 'data/full', file))), sum, `${file} as served`);
  }
});

test('parseSums reads sha256sum lines and skips the rest', () => {
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  assert.deepEqual(parseSums(`${a}  one.gz\n\nnot a line\n${b} *two.gz\n`), { 'one.gz': a, 'two.gz': b });
});
