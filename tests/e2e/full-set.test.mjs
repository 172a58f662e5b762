// All 60,000 training images (dataset/full.js): fetched only when asked for, with progress,
// checked against data/SOURCE.sha256, cached for offline use; a damaged or short download says
// so and leaves the 10,000-image set in use and usable; a link whose train_size needs the full
// set fetches it by itself, and trains on it offline once it was fetched; choosing the
// `standard` preset in the gallery fetches it with progress and then trains on it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SITE_ROOT, runRows, useSiteAndBrowser, waitForRuns, watchPageErrors } from './helpers.mjs';

const lab = useSiteAndBrowser();
const IMAGES = 'train-images-idx3-ubyte.gz';

async function open(url, context) {
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const errors = watchPageErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  return { page, errors };
}

for (const [what, broken] of [
  ['a truncated', (bytes) => bytes.subarray(0, bytes.length >> 1)],
  ['a corrupted', (bytes) => Buffer.from(bytes).fill(0x55, 1000, 2000)],
]) {
  test(`${what} download of the full set says so and keeps the 10,000-image set usable`, { timeout: 180_000 }, async () => {
    const context = await lab.browser.newContext();
    const good = readFileSync(path.join(SITE_ROOT, 'data/full', IMAGES));
    await context.route(`**/data/full/${IMAGES}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: broken(good) }),
    );
    const { page, errors } = await open(`${lab.site.url}#hidden=15&steps=200&eval_interval=100`, context);
    await page.click('#data-full');
    await page.waitForFunction(() => document.querySelector('#full-error').textContent !== '');
    const message = await page.textContent('#full-error');
    assert.match(message, /training images \(data\/full\/train-images-idx3-ubyte\.gz\) arrived damaged or incomplete/);
    assert.match(message, /SHA-256 [0-9a-f]{12}…, where data\/SOURCE\.sha256 expects [0-9a-f]{12}…/);
    assert.match(message, /first 10,000 training images stay in use/);
    assert.match(await page.textContent('#data-detail'), /the first 10,000 training images/);
    assert.equal(await page.isEnabled('#data-full'), true, 'the button tries again');
    // Nothing damaged was kept for offline use.
    assert.equal(await page.evaluate((file) => caches.match(`data/full/${file}`).then(Boolean), IMAGES), false);
    await page.click('#start');
    await waitForRuns(page, 'done');
    const [row] = await runRows(page);
    assert.equal(row.step, '200');
    assert.ok(Number(row.testAcc) > 0.25, `test accuracy ${row.testAcc}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a link asking for 60,000 images fetches them, trains on them, and again offline', { timeout: 300_000 }, async () => {
  const context = await lab.browser.newContext();
  const full = [];
  context.on('request', (req) => /\/data\/full\/.*\.gz$/.test(new URL(req.url()).pathname) && full.push(new URL(req.url()).pathname));

  // The start-up page does not fetch the full set.
  const plain = await open(lab.site.url, context);
  assert.deepEqual(full, [], 'no full-set request unless asked');
  await plain.page.close();

  const url = `${lab.site.url}#hidden=15&train_size=60000&batch_size=100&steps=200&eval_interval=100`;
  const { page, errors } = await open(url, context);
  await page.waitForFunction(() => /All 60,000 training images are loaded/.test(document.querySelector('#full-status').textContent));
  assert.match(await page.textContent('#data-detail'), /all 60,000 training images/);
  assert.ok(full.some((p) => p.endsWith(IMAGES)));
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  await page.click('#start');
  await waitForRuns(page, 'done');
  const [row] = await runRows(page);
  assert.equal(row.step, '200');
  assert.ok(Number(row.testAcc) > 0.25, `test accuracy ${row.testAcc}`);
  await page.waitForSelector('#offline-status[data-offline="ready"]');

  // Offline: the app from the service worker, the full set from its own cache.
  await context.setOffline(true);
  const before = full.length;
  await page.reload();
  await page.waitForFunction(() => /All 60,000 training images are loaded/.test(document.querySelector('#full-status').textContent));
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  await page.click('#start');
  await waitForRuns(page, 'done');
  const [again] = await runRows(page);
  assert.equal(again.testAcc, row.testAcc, 'the same seed on the same data, offline');
  assert.deepEqual(full.slice(before), [], 'offline, the full set came from its cache');
  assert.deepEqual(errors, []);
  await context.close();
});

test('choosing standard in the gallery fetches all 60,000 images with progress, then trains on them', { timeout: 300_000 }, async () => {
  const context = await lab.browser.newContext();
  const { page, errors } = await open(lab.site.url, context);
  assert.match(await page.textContent('#data-detail'), /the first 10,000 training images/);
  // Every text the full set's status line shows, from before the click on.
  await page.evaluate(() => {
    const status = document.querySelector('#full-status');
    window.fullStatuses = [];
    new MutationObserver(() => window.fullStatuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    // And every status the first run's row shows meanwhile.
    window.runStates = [];
    const runs = document.querySelector('#runs');
    new MutationObserver(() => {
      const state = runs.querySelector('[data-run="0"] [data-testid="state"]')?.firstChild?.textContent;
      if (state && state !== window.runStates.at(-1)) window.runStates.push(state);
    }).observe(runs, { childList: true, characterData: true, subtree: true });
  });
  await page.click('#gallery-list [data-preset="standard"] button');
  assert.equal(await page.inputValue('#preset'), 'standard');
  await page.waitForFunction(() => /All 60,000 training images are loaded/.test(document.querySelector('#full-status').textContent), null, { timeout: 180_000 });
  const statuses = await page.evaluate(() => window.fullStatuses);
  assert.ok(statuses.some((text) => /^Loading all 60,000 training images: [\d.]+ of 26\.5 MB$/.test(text)), `progress was shown: ${JSON.stringify(statuses)}`);
  assert.match(await page.textContent('#data-detail'), /all 60,000 training images/);
  await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 120_000 });
  // While the images came, the run said it waits for them, not that it failed.
  const runStates = await page.evaluate(() => window.runStates);
  assert.ok(runStates.includes('waiting for data') && !runStates.includes('failed'), `the run's states: ${JSON.stringify(runStates)}`);
  // Step: to the preset's first evaluation (step 500 of 6,000), on all 60,000 images.
  await page.click('#step');
  await waitForRuns(page, 'paused', 180_000);
  const [row] = await runRows(page);
  assert.equal(row.step, '500');
  assert.ok(Number(row.testAcc) > 0.75, `standard's test accuracy at step 500: ${row.testAcc}`);
  assert.deepEqual(errors, []);
  await context.close();
});
