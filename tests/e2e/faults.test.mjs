// Faults: a panic in the wasm core of one run of a sweep, and a worker that stops answering.
// Each shows in that run's row with what happened, the other run trains on, and Reset replaces
// the dead worker so that the run trains again. The faults are injected through the page's
// debug handle (?debug=1): only then do the workers obey their fault-injection commands.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, runRows, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

const state = (page, run) => page.locator(`[data-run="${run}"] [data-testid="state"]`);
const waitForState = (page, run, text, timeout = 90_000) => state(page, run).filter({ hasText: text }).waitFor({ timeout });
const stepOf = (page, run) => page.locator(`[data-run="${run}"] [data-testid="step"]`).getAttribute('data-value').then(Number);

// Run 0 is long, so it is still training when the fault strikes; run 1 ends soon.
const SWEEP = '?debug=1#hidden=30,60&steps=100000,600&eval_interval=100';

/** Resets, then trains every run to its first evaluation after step 0. */
async function resetAndStep(page) {
  await page.click('#reset');
  await waitForRuns(page, 'ready');
  await page.click('#step');
  await waitForRuns(page, 'paused');
  for (const row of await runRows(page)) {
    assert.equal(row.step, '100', row.label);
    assert.ok(Number(row.testAcc) > 0, `${row.label} evaluated again: ${row.testAcc}`);
  }
}

test('a panic in one run\'s core: its row says so, the other run finishes, Reset trains it again', { timeout: 240_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}${SWEEP}`);
  await page.click('#start');
  await page.waitForFunction(() => Number(document.querySelector('[data-run="0"] [data-testid="step"]').dataset.value) > 0);
  await page.evaluate(() => window.__brainlab.crash(0));

  await waitForState(page, 0, 'crashed');
  const crashed = await state(page, 0).innerText();
  assert.match(crashed, /the core crashed \(panicked at [^)]*a deliberate panic, for a fault-injection test\)/, crashed);
  assert.match(crashed, /Reset/);
  assert.match(await page.locator('#error').innerText(), /h=30[^:]*: the core crashed/);
  const stoppedAt = await stepOf(page, 0);
  assert.ok(stoppedAt > 0, 'the crashed run keeps the step it reached');

  // The other run is untouched.
  await waitForState(page, 1, 'done');
  assert.equal(await stepOf(page, 1), 600);
  assert.equal(await stepOf(page, 0), stoppedAt, 'the crashed run stays where it was');
  assert.equal(await page.isDisabled('#reset'), false, 'Reset is offered');

  await resetAndStep(page);
  assert.equal(await page.locator('#error').isVisible(), false, 'the error goes with the dead worker');
  assert.deepEqual(pageErrors, []);
  // The core's panic hook writes the panic to the console too; nothing else may.
  const panic = /a deliberate panic, for a fault-injection test/;
  assert.ok(consoleErrors.some((m) => panic.test(m)), 'the core\'s hook logged the panic');
  assert.deepEqual(consoleErrors.filter((m) => !panic.test(m)), []);
  await page.close();
});

test('a worker that stops answering is reported as such and replaced on Reset', { timeout: 240_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}${SWEEP}`);
  // The watchdog waits two minutes by default; a test need not.
  await page.evaluate(() => {
    window.__brainlab.setStallMs(0, 1000);
    window.__brainlab.hang(0);
  });
  await page.click('#start');
  await waitForState(page, 0, 'not answering');
  assert.match(await state(page, 0).innerText(), /has not answered for \d+ s; Reset starts it again/);
  await waitForState(page, 1, 'done');

  await page.evaluate(() => window.__brainlab.setStallMs(0, 120_000));
  await resetAndStep(page);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
