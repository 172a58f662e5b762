// The happy path: train one run in the page until it learns, check the charts drew it,
// pause, and check that training really stops.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { openLab, useSiteAndBrowser } from './helpers.mjs';

const SCREENSHOT = 'build/screenshots/e2e-training.png';

const lab = useSiteAndBrowser();

/** Pixels of the canvas inside `selector` within a small distance of the colour "#rrggbb". */
function countColouredPixels(page, selector, hex) {
  return page.evaluate(
    ({ selector, hex }) => {
      const canvas = document.querySelector(`${selector} canvas`);
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const target = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const distance = Math.abs(data[i] - target[0]) + Math.abs(data[i + 1] - target[1]) + Math.abs(data[i + 2] - target[2]);
        if (data[i + 3] > 200 && distance < 40) count += 1;
      }
      return count;
    },
    { selector, hex },
  );
}

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
  assert.equal(await countColouredPixels(page, '[data-panel="accuracy"] .plot', colour), 0, 'nothing is drawn before training');

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
  assert.ok((await countColouredPixels(page, '[data-panel="accuracy"] .plot', colour)) > 100, 'accuracy chart shows the run');
  assert.ok((await countColouredPixels(page, '[data-panel="loss"] .plot', colour)) > 100, 'loss chart shows the run');

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
