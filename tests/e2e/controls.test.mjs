// Step, run to the end and Reset on a short single run; a diverging run in a sweep of two.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLab, openPage, useSiteAndBrowser } from './helpers.mjs';

const lab = useSiteAndBrowser();

const row = (page, testid) => page.locator(`[data-run="0"] [data-testid="${testid}"]`);
const waitForState = (page, text) => row(page, 'state').filter({ hasText: text }).waitFor({ timeout: 60_000 });
const disabled = (page) =>
  page.evaluate(() => Object.fromEntries(['start', 'pause', 'step', 'reset'].map((id) => [id, document.getElementById(id).disabled])));

test('Step stops at the next evaluation; a finished run is locked until Reset', async () => {
  const { page, pageErrors } = await openLab(lab.browser, lab.site.url, { '#hidden': '30', '#steps': '300', '#eval_interval': '100' });

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

test('a diverging run stops with its step and a hint, keeps its finite points; the other run goes on', { timeout: 120_000 }, async () => {
  // ReLU on raw pixels with N(0, 1) weights and a learning rate of 1 overflows at the first
  // step: the step-0 evaluation, made in the same call, is all it keeps (from lab.pending()).
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=30&activation=relu&learning_rate=1,0.000005&init_std=1,0.01&steps=300&eval_interval=100`);
  const runRow = (run, testid) => page.locator(`[data-run="${run}"] [data-testid="${testid}"]`);

  await page.click('#start');
  await runRow(0, 'state').filter({ hasText: 'diverged' }).waitFor({ timeout: 60_000 });
  const status = await runRow(0, 'state').innerText();
  assert.match(status, /diverged at step 1: the [\w ]+ is (inf|NaN)/, status);
  assert.match(status, /Lower the learning rate/);
  assert.notEqual(await runRow(0, 'test-acc').getAttribute('data-value'), '', 'the step-0 evaluation is shown');
  assert.match(await page.textContent('#loss-summary'), /learning_rate=1 init_std=1 at step 0: test \d/, 'and charted');

  // The other run trains to the end.
  await runRow(1, 'state').filter({ hasText: 'done' }).waitFor({ timeout: 60_000 });
  assert.equal(await runRow(1, 'step').getAttribute('data-value'), '300');
  assert.equal(await runRow(0, 'state').evaluate((cell) => cell.firstChild.textContent), 'diverged');
  assert.deepEqual(await disabled(page), { start: true, pause: true, step: true, reset: false });
  assert.equal(await page.locator('#error').isVisible(), false, 'divergence is a result, not a page error');
  assert.deepEqual(pageErrors, []);
  await page.close();
});
