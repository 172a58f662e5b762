// The view registry, walked in Chromium: every view the page registers (read from the page, so a
// new view is covered as soon as it is registered) renders what the runs have measured, has a
// text alternative that says it, and exports a PNG of its panel. One sweep gives every view
// something to show: an autoencoder and a classifier, with a rule that has alignment angles.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ink, openPage, PNG_SIGNATURE, useSiteAndBrowser, viewPng, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

const SWEEP = '?debug=1#hidden=20,30&task=autoencode,classify&convention=standard&output_activation=sigmoid,linear' +
  '&learning_rate=50,0.1&init_std=0.1&rule=feedback_alignment&steps=30&eval_interval=10';

test('every registered view renders, says what it shows, and exports a PNG', { timeout: 420_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}${SWEEP}`, { viewport: { width: 1400, height: 1000 } });
  assert.equal(await page.isVisible('#notice'), false, 'the sweep is read without a notice');
  const keys = await page.evaluate(() => window.__brainlab.views);
  assert.ok(keys.length >= 11, `the registry: ${keys}`);
  // Every view is a panel of the View menu; show them all.
  for (const key of keys) {
    const box = page.locator(`#panel-toggles input[value="${key}"]`);
    assert.equal(await box.count(), 1, `${key} is in the View menu`);
    if (!(await box.isChecked())) await box.evaluate((el) => el.click());
  }
  await page.click('#start');
  await waitForRuns(page, 'done');

  for (const key of keys) {
    await page.locator(`[data-panel="${key}"]`).scrollIntoViewIfNeeded();
    // The estimator check shows no run: it is drawn once the core's check (seconds) is done.
    const ready = key === 'estimators' ? 'Done: \\d' : 'step 30';
    await page.waitForFunction(([key, ready]) => new RegExp(ready).test(window.__brainlab.inspect(key).caption), [key, ready], { timeout: 180_000, polling: 500 });
    const { caption, canvases, shown } = await page.evaluate((key) => window.__brainlab.inspect(key), key);
    assert.equal(shown, true, key);
    assert.ok(caption.length > 40, `${key} has a text alternative: ${caption}`);
    const described = await page.$eval(`[data-panel="${key}"]`, (panel) =>
      [panel.getAttribute('aria-labelledby'), panel.getAttribute('aria-describedby')].includes(`${panel.dataset.panel}-summary`));
    assert.equal(described, true, `${key}: the panel is labelled or described by its text alternative`);
    assert.ok(canvases > 0, `${key} draws on a canvas`);
    assert.ok((await ink(page, `[data-panel="${key}"]`)) > 100, `${key} has drawn something`);

    const png = await viewPng(page, key);
    const size = await page.$eval(`[data-panel="${key}"]`, (el) => ({ width: el.getBoundingClientRect().width * devicePixelRatio, height: el.getBoundingClientRect().height * devicePixelRatio }));
    assert.deepEqual(png.signature, PNG_SIGNATURE, `${key} exports a PNG`);
    assert.ok(png.width >= size.width && png.height >= size.height, `${key}: a ${png.width}×${png.height} PNG of a ${size.width}×${size.height} panel`);
    assert.ok(png.bytes > 2000, `${key}: the PNG has a picture in it (${png.bytes} bytes)`);
  }
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
