// The `standard` preset's test accuracy and wall time in a Chromium tab (issue 17): opens the
// built site (build/site, or BRAINLAB_SITE) at #preset=standard (another link fragment may be
// given), waits while the page fetches all 60,000 training images by itself (www/dataset/full.js,
// from the local server, so the download time is the fetch, checksum and inflation, not a
// network's), presses Start, waits until the run is done and prints one JSON object:
// { fragment, download_s (page opened to the full set in use, Start usable), train_s (Start to
// done), step, test_acc, test_loss, train_acc, data (the data panel's line), cores (the tab's
// navigator.hardwareConcurrency), load: the machine's 1-minute load average at opening, at
// Start and at the end }. Progress goes to stderr every 30 s.
//
//   nice node bench/standard-chromium.mjs [fragment]      (after make site)

import { loadavg } from 'node:os';
import { launchChromium, runRows, serveSite } from '../tests/e2e/helpers.mjs';

const fragment = process.argv[2] ?? 'preset=standard';
const TRAIN_TIMEOUT_MS = 3 * 3_600_000;
const site = await serveSite();
const browser = await launchChromium();
const load = () => Number(loadavg()[0].toFixed(2));
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const loads = [load()];
  const opened = Date.now();
  await page.goto(`${site.url}#${fragment}`);
  await page.waitForFunction(() => /All 60,000 training images are loaded/.test(document.querySelector('#full-status').textContent), null, { timeout: 600_000, polling: 250 });
  await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 120_000, polling: 250 });
  const download = (Date.now() - opened) / 1000;
  const data = await page.textContent('#data-detail');
  if (!/all 60,000 training images/.test(data)) throw new Error(`the page does not train on the full set: ${data}`);
  loads.push(load());
  const started = Date.now();
  await page.click('#start');
  const progress = setInterval(async () => {
    const [row] = await runRows(page).catch(() => []);
    if (row) process.stderr.write(`standard: step ${row.step}, test accuracy ${row.testAcc}, ${((Date.now() - started) / 1000).toFixed(0)} s, load ${load()}\n`);
  }, 30_000);
  try {
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('#runs [data-testid="state"]')];
      return cells.length > 0 && cells.every((cell) => ['done', 'diverged', 'failed'].includes(cell.firstChild?.textContent));
    }, null, { timeout: TRAIN_TIMEOUT_MS, polling: 500 });
  } finally {
    clearInterval(progress);
  }
  const train = (Date.now() - started) / 1000;
  loads.push(load());
  const [row] = await runRows(page);
  const state = await page.$eval('#runs [data-testid="state"]', (cell) => cell.textContent);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  console.log(JSON.stringify({
    fragment, download_s: download, train_s: train, state, step: Number(row.step), test_acc: Number(row.testAcc),
    test_loss: Number(row.testLoss), train_acc: Number(row.trainAcc), data, cores, load: loads, page_errors: errors,
  }, null, 1));
} finally {
  await browser.close();
  site.server.close();
}
