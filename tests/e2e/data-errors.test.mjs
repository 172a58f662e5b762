// Broken data must end in a clear message on the page, with Start disabled and no
// uncaught exception: corrupt bytes (refused by the wasm core), a 404, a failed request.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useSiteAndBrowser, watchPageErrors } from './helpers.mjs';

const lab = useSiteAndBrowser();

/** Opens the page with one data file answered by `fulfil`; returns the alert's text. */
async function openWithBrokenFile(file, fulfil) {
  const page = await lab.browser.newPage();
  const pageErrors = watchPageErrors(page);
  await page.route(`**/data/${file}`, fulfil);
  await page.goto(lab.site.url);
  const alert = page.getByRole('alert');
  await alert.waitFor({ state: 'visible', timeout: 30_000 });
  // Give the page time to (wrongly) recover and enable Start.
  await page.waitForTimeout(500);
  const result = {
    message: await alert.innerText(),
    startEnabled: await page.locator('#start').isEnabled(),
    pageErrors,
  };
  await page.close();
  return result;
}

test('corrupt test images are reported by name and block training', async () => {
  const garbage = Buffer.from('this is not a gzipped IDX file '.repeat(64));
  const result = await openWithBrokenFile('t10k-images-idx3-ubyte.gz', (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: garbage }),
  );
  assert.match(result.message, /test images/i);
  assert.equal(result.startEnabled, false);
  assert.deepEqual(result.pageErrors, []);
});

test('a missing data file (HTTP 404) is reported with the file and status', async () => {
  const result = await openWithBrokenFile('t10k-labels-idx1-ubyte.gz', (route) =>
    route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }),
  );
  assert.match(result.message, /t10k-labels-idx1-ubyte\.gz/);
  assert.match(result.message, /404/);
  assert.equal(result.startEnabled, false);
  assert.deepEqual(result.pageErrors, []);
});

test('a failed request (network error) is reported with the file', async () => {
  const result = await openWithBrokenFile('train-labels-idx1-ubyte.gz', (route) => route.abort('failed'));
  assert.match(result.message, /training labels \(data\/train-labels-idx1-ubyte\.gz\)/);
  assert.match(result.message, /network error/i);
  assert.equal(result.startEnabled, false);
  assert.deepEqual(result.pageErrors, []);
});
