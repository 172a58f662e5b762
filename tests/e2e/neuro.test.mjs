// The neuroscience views in Chromium, on the two presets that show them (shortened by the link):
// receptive-fields (receptive_fields, tuning) and rsa-rules (rsa, lesions). Each view renders
// the core's numbers, fills its text alternative and exports a PNG (read through the debug
// handle: no download); a lesion made from the page acts on a copy, so the training run ends
// with exactly the metrics of a run nobody lesioned.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ink, openPage, PNG_SIGNATURE, runRows, useSiteAndBrowser, viewPng, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

const SHORT = 'steps=40&eval_interval=20';

/** Checks view `key` shows step `step`: drawn, described (its figcaption), exported as a PNG. */
/** Waits for view `key`'s caption to reach `step` (for every run in `labels`, when given: under
 * load the runs' answers arrive one by one), then checks its figcaption, ink and PNG. */
async function checkView(page, key, step, labels = []) {
  const panel = page.locator(`[data-panel="${key}"]`);
  await panel.scrollIntoViewIfNeeded();
  assert.equal(await panel.isVisible(), true, `${key} is shown by the preset`);
  await page.waitForFunction(([key, step, labels]) => {
    const { caption } = window.__brainlab.inspect(key);
    return new RegExp(`step ${step}\\b`).test(caption) && labels.every((label) => caption.includes(`${label} at step ${step}`));
  }, [key, step, labels], { timeout: 60_000 });
  const figcaption = await page.$eval(`[data-panel="${key}"] figcaption`, (el) => el.textContent);
  assert.ok(figcaption.length > 60, `${key}'s figcaption says what it shows: ${figcaption}`);
  assert.ok((await ink(page, `[data-panel="${key}"]`)) > 100, `${key} has drawn something`);
  const png = await viewPng(page, key);
  assert.deepEqual(png.signature, PNG_SIGNATURE, `${key} exports a PNG`);
  assert.ok(png.bytes > 2000, `${key}: the PNG has a picture in it (${png.bytes} bytes)`);
  return figcaption;
}

test('receptive-fields: the receptive fields and the tuning views render, say what they show and export a PNG', { timeout: 240_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}?debug=1#preset=receptive-fields&${SHORT}`, { viewport: { width: 1400, height: 1000 } });
  await page.click('#start');
  await waitForRuns(page, 'done');

  const fields = await checkView(page, 'receptive_fields', 40);
  assert.match(fields, /120 tiles of 28×28 pixels, most class-selective first/);
  // 120 tiles, 11 a row, 28 pixels each and a pixel between: the core's picture, unscaled.
  const size = await page.$eval('.rf-canvas', (c) => [c.width, c.height]);
  assert.deepEqual(size, [11 * 28 + 10, 11 * 28 + 10]);
  // Unit order: the first tile is unit 0.
  await page.selectOption('.rf-order', 'unit');
  await page.waitForFunction(() => /in unit order/.test(window.__brainlab.inspect('receptive_fields').caption));
  assert.match((await page.evaluate(() => window.__brainlab.inspect('receptive_fields').caption)), /First tiles: unit 0 .*; unit 1 .*; unit 2 /);

  const tuning = await checkView(page, 'tuning', 40);
  assert.match(tuning, /Unit 0's mean activity per class \(± standard error\): 0(: [^0-9]+)? \d\.\d{3} ± \d\.\d{3}/);
  assert.match(tuning, /Over training \(\d+ evaluations?, steps \d+ to 40\)/);
  assert.equal(await page.locator('.tuning-table tbody tr').count(), 12, 'the twelve most selective units are listed');
  // A row click shows that unit's curve.
  const unit = await page.locator('.tuning-table tbody tr').first().getAttribute('data-unit');
  await page.locator('.tuning-table tbody tr').first().click();
  await page.waitForFunction((u) => window.__brainlab.inspect('tuning').caption.includes(`Unit ${u}'s mean activity`), unit);

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('rsa-rules: the RSA and lesion views render and export a PNG; a lesion from the page leaves training untouched', { timeout: 300_000 }, async () => {
  const url = `${lab.site.url}?debug=1#preset=rsa-rules&${SHORT}`;
  // The reference: the same preset trained with no lesion.
  const plain = await openPage(lab.browser, url, { viewport: { width: 1400, height: 1000 } });
  await plain.page.click('#start');
  await waitForRuns(plain.page, 'done');
  const untouched = await runRows(plain.page);
  assert.equal(untouched.length, 5, 'five rules, shallow among them');
  assert.ok(untouched.some((r) => r.label === 'shallow'));

  const rsa = await checkView(plain.page, 'rsa', 40, untouched.map((r) => r.label));
  for (const { label } of untouched) assert.ok(rsa.includes(`${label} at step 40: against the pixels`), `${label} is in the RSA caption`);
  assert.match(rsa, /backprop at step 40: against the pixels -?\d\.\d{3}, against the labels -?\d\.\d{3}, against backprop 1\.000 \(step 40\)/);
  assert.equal(await plain.page.locator('.rsa-table tbody tr').count(), 5);
  const lesions = await checkView(plain.page, 'lesions', 40);
  assert.match(lesions, /Lesion curve \(test accuracy against the fraction silenced\): random order 0\.0: [\d.]+%/);
  assert.match(lesions, /most selective first 0\.0: [\d.]+%.*1\.0: 10\.0%/, 'silencing every unit of the bias-free network leaves chance');
  assert.deepEqual(plain.pageErrors, []);
  assert.deepEqual(plain.consoleErrors, []);
  await plain.page.close();

  // Now lesion from the page half-way through training, then train on to the end.
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, url, { viewport: { width: 1400, height: 1000 } });
  await page.click('#step');
  await waitForRuns(page, 'paused');
  await page.locator('[data-panel="lesions"]').scrollIntoViewIfNeeded();
  await page.selectOption('.lesion-kind', 'most_selective_first');
  await page.fill('.lesion-fraction', '0.5');
  await page.click('.lesion-apply');
  await page.waitForFunction(() => /step 20, hidden layer 1, a copy with 60 units silenced \(50\.0% of the units, most selective first\)/.test(window.__brainlab.inspect('lesions').caption), null, { timeout: 60_000 });
  const before = await page.$$eval('.lesion-result tbody tr', (rows) => rows.map((r) => r.textContent));
  assert.match(before[0], /^test accuracy/);
  await page.click('#start');
  await waitForRuns(page, 'done');
  assert.deepEqual(await runRows(page), untouched, 'the lesioned copy changed nothing of the training runs');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
