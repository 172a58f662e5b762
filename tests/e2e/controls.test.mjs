// Step, run to the end, Reset, and a diverging run, on short single-run configs.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, openLab, serveSite } from './helpers.mjs';

let site;
let browser;

before(async () => {
  site = await serveSite();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

const row = (page, testid) => page.locator(`[data-run="0"] [data-testid="${testid}"]`);
const waitForState = (page, text) => row(page, 'state').filter({ hasText: text }).waitFor({ timeout: 60_000 });
const disabled = (page) =>
  page.evaluate(() => Object.fromEntries(['start', 'pause', 'step', 'reset'].map((id) => [id, document.getElementById(id).disabled])));

test('Step stops at the next evaluation; a finished run is locked until Reset', async () => {
  const { page, pageErrors } = await openLab(browser, site.url, { '#hidden': '30', '#steps': '300', '#eval_interval': '100' });

  await page.click('#step');
  await waitForState(page, 'paused');
  assert.equal(await row(page, 'step').getAttribute('data-value'), '100');
  assert.notEqual(await row(page, 'test-acc').getAttribute('data-value'), '');

  await page.click('#start');
  await waitForState(page, 'done');
  assert.equal(await row(page, 'step').getAttribute('data-value'), '300');
  assert.deepEqual(await disabled(page), { start: true, pause: true, step: true, reset: false });
  assert.equal(await page.locator('#hidden').isDisabled(), true);

  await page.click('#reset');
  await waitForState(page, 'ready');
  assert.equal(await row(page, 'step').getAttribute('data-value'), '0');
  assert.equal(await row(page, 'test-acc').getAttribute('data-value'), '');
  assert.deepEqual(await disabled(page), { start: false, pause: true, step: false, reset: true });
  assert.equal(await page.locator('#hidden').isDisabled(), false);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('a diverging run reports it, keeps its step-0 evaluation and stops', async () => {
  // ReLU on raw pixels with a large summed-loss learning rate overflows within a few steps.
  const { page, pageErrors } = await openLab(browser, site.url, { '#hidden': '120', '#activation': 'relu', '#learning_rate': '0.001' });

  await page.click('#start');
  await waitForState(page, 'diverged');
  assert.match(await row(page, 'state').innerText(), /diverged at step \d+/);
  assert.notEqual(await row(page, 'test-acc').getAttribute('data-value'), '', 'the step-0 evaluation is shown');
  assert.deepEqual(await disabled(page), { start: true, pause: true, step: true, reset: false });
  assert.equal(await page.getByRole('alert').isVisible(), false, 'divergence is a result, not a page error');
  assert.deepEqual(pageErrors, []);
  await page.close();
});
