// A long session in short mode: the built wasm, in Node, trains a small run with an evaluation
// at every step for tens of thousands of evaluations. The core thins its history past 2,000
// evaluations, so once the run is warm the wasm memory must stop growing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadCore } from './helpers.mjs';

const { core, wasm } = await loadCore();

/** A gzipped IDX file: big-endian header (magic, sizes) then bytes. */
function idx(magic, sizes, bytes) {
  const header = Buffer.alloc(4 + 4 * sizes.length);
  header.writeUInt32BE(magic, 0);
  sizes.forEach((s, i) => header.writeUInt32BE(s, 4 + 4 * i));
  return new Uint8Array(gzipSync(Buffer.concat([header, Buffer.from(bytes)])));
}

/** `count` 28×28 images of noise with labels 0..9 in turn. */
function dataset(count, seed) {
  let state = seed;
  const pixels = new Uint8Array(count * 784).map(() => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state >>> 24;
  });
  const labels = Array.from({ length: count }, (_, i) => i % 10);
  return [idx(0x803, [count, 28, 28], pixels), idx(0x801, [count], labels)];
}

test('wasm memory stops growing over a long run', { timeout: 300_000 }, () => {
  const [trainImages, trainLabels] = dataset(100, 1);
  const [testImages, testLabels] = dataset(20, 2);
  const config = { hidden: [4], batch_size: 10, train_size: 100, steps: 1_000_000, eval_interval: 1, convention: 'standard' };
  const lab = new core.Lab(config, trainImages, trainLabels, testImages, testLabels);
  const bytes = () => wasm.memory.buffer.byteLength;
  lab.step(5_000); // past the thinning threshold: the history's size is now its steady state
  const warm = bytes();
  let returned = 0;
  for (let i = 0; i < 30; i += 1) returned += lab.step(1_000).length;
  assert.equal(returned, 30_000, 'every evaluation is still handed out once');
  assert.ok(lab.history().length <= 2_000, `history of ${lab.history().length}`);
  assert.equal(bytes(), warm, `memory grew from ${warm} to ${bytes()} bytes`);
  lab.free();
});
