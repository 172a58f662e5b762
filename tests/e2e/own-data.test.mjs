// Own data: four small IDX files made here (200 training and 100 test images of 28x28, some
// gzipped, some raw) dropped on the page are checked by the core and trained on; a corrupt set
// picked afterwards is refused with the core's message and the previous data stay in use.

import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { openPage, runRows, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

function header(magic, ...dims) {
  const bytes = Buffer.alloc(4 * (dims.length + 1));
  bytes.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => bytes.writeUInt32BE(d, 4 * (i + 1)));
  return bytes;
}

/** count 28x28 images; image i shows class i % 10 as a bright bar in rows 2k..2k+5, plus noise. */
function images(count, seed) {
  const pixels = Buffer.alloc(count * 784);
  let state = seed;
  for (let i = 0; i < count; i += 1) {
    const k = i % 10;
    for (let p = 0; p < 784; p += 1) {
      state = (state * 1103515245 + 12345) >>> 0;
      const row = Math.floor(p / 28);
      pixels[i * 784 + p] = row >= 2 * k && row < 2 * k + 6 ? 200 + (state % 56) : state % 40;
    }
  }
  return Buffer.concat([header(0x803, count, 28, 28), pixels]);
}

function labels(count) {
  return Buffer.concat([header(0x801, count), Buffer.from(Array.from({ length: count }, (_, i) => i % 10))]);
}

const VALID = [
  { name: 'train-images-idx3-ubyte.gz', buffer: gzipSync(images(200, 1)) },
  { name: 'train-labels-idx1-ubyte.gz', buffer: gzipSync(labels(200)) },
  { name: 't10k-images-idx3-ubyte', buffer: images(100, 2) }, // raw
  { name: 't10k-labels-idx1-ubyte', buffer: labels(100) },
];

/** Drops files on the page as a drag from the desktop would. */
async function drop(page, files) {
  const transfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, files.map((f) => ({ name: f.name, base64: f.buffer.toString('base64') })));
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  assert.equal(await page.isVisible('#drop-overlay'), true, 'dragging files over the page shows where they go');
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
}

test('dropped IDX files are trained on; a corrupt set is refused and the data stay', { timeout: 120_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=30&steps=20&eval_interval=10&train_size=200&batch_size=20`);
  assert.match(await page.textContent('#data-name'), /Fashion-MNIST/);

  await drop(page, VALID);
  await page.locator('#data-name').filter({ hasText: 'your own files' }).waitFor();
  assert.match(await page.textContent('#data-detail'), /train-images-idx3-ubyte\.gz/);
  assert.match(await page.textContent('#explanation-data'), /your own files/);
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  await page.click('#step');
  await waitForRuns(page, 'paused');
  const [first] = await runRows(page);
  assert.equal(first.step, '10');
  // 100 test images: every accuracy is a whole number of percent.
  const percent = Number(first.testAcc) * 100;
  assert.ok(Math.abs(percent - Math.round(percent)) < 1e-9, `test accuracy ${first.testAcc} is over 100 images`);

  // Corrupt test images (wrong magic number), picked with the file input while paused: refused
  // until Reset; after Reset the core names the file and the problem.
  const corrupt = VALID.map((f) => (f.name.startsWith('t10k-images') ? { ...f, buffer: Buffer.concat([header(0x802, 100, 28, 28), f.buffer.subarray(16)]) } : f));
  await page.click('#reset');
  await waitForRuns(page, 'ready');
  await page.setInputFiles('#data-files', corrupt.map((f) => ({ ...f, mimeType: 'application/octet-stream' })));
  const error = page.locator('#data-error');
  await error.filter({ hasText: 'test images' }).waitFor();
  assert.match(await error.innerText(), /magic/i);
  assert.match(await page.textContent('#data-name'), /your own files/, 'the previous data stay in use');

  // Files that cannot be told apart are refused before the core sees them.
  await page.setInputFiles('#data-files', [{ name: 'a.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([1, 2, 3]) }]);
  await error.filter({ hasText: 'a.bin' }).waitFor();

  await page.click('#step');
  await waitForRuns(page, 'paused');
  assert.deepEqual(await runRows(page), [first], 'the same data and seed give the same numbers');

  // Back to Fashion-MNIST (the data, like the settings, change only before training or after Reset).
  assert.equal(await page.isDisabled('#data-reset'), true);
  await page.click('#reset');
  await waitForRuns(page, 'ready');
  await page.click('#data-reset');
  await page.locator('#data-name').filter({ hasText: 'Fashion-MNIST' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
