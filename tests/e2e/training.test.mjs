// The happy path: train one run in the page until it learns, check the charts drew it,
// pause, and check that training really stops.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { colourCounts, openLab, useSiteAndBrowser } from './helpers.mjs';

const SCREENSHOT = 'build/screenshots/e2e-training.png';

const lab = useSiteAndBrowser();

const stepOf = (page) => page.locator('[data-run="0"] [data-testid="step"]').getAttribute('data-value').then(Number);

test('a run trains past 50% test accuracy, is charted, and pauses', { timeout: 180_000 }, async () => {
  // One hidden layer of 120 units, coursework convention (the default), evaluated often.
  const { page, pageErrors } = await openLab(
    lab.browser,
    lab.site.url,
    { '#hidden': '120', '#eval_interval': '25' },
    { viewport: { width: 1400, height: 1000 } },
  );
  assert.equal(await page.inputValue('#preset'), 'custom');
  assert.equal(await page.inputValue('#convention'), 'coursework');
  const start = page.locator('#start');

  const colour = await page.locator('[data-run="0"]').getAttribute('data-color');
  assert.equal((await colourCounts(page, '[data-panel="accuracy"] .plot canvas', [colour]))[0], 0, 'nothing is drawn before training');

  await start.click();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-run="0"] [data-testid="test-acc"]').dataset.value) > 0.5,
    null,
    { timeout: 120_000, polling: 250 },
  );
  const accuracy = Number(await page.locator('[data-run="0"] [data-testid="test-acc"]').getAttribute('data-value'));
  assert.ok(accuracy > 0.5 && accuracy <= 1, `test accuracy ${accuracy}`);
  assert.ok(await page.locator('#hidden').isDisabled(), 'settings are locked while training');

  // The run's colour must now be on both charts (the solid test-set series).
  assert.ok((await colourCounts(page, '[data-panel="accuracy"] .plot canvas', [colour]))[0] > 100, 'accuracy chart shows the run');
  assert.ok((await colourCounts(page, '[data-panel="loss"] .plot canvas', [colour]))[0] > 100, 'loss chart shows the run');

  await page.click('#pause');
  await page.locator('[data-run="0"] [data-testid="state"]').filter({ hasText: 'paused' }).waitFor();
  const pausedAt = await stepOf(page);
  assert.ok(pausedAt > 0);
  await page.waitForTimeout(1500);
  assert.equal(await stepOf(page), pausedAt, 'the step counter stands still while paused');
  assert.equal(await start.isEnabled(), true, 'a paused run can be resumed');

  await mkdir('build/screenshots', { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.deepEqual(pageErrors, []);
  await page.close();
});
