// Issue 16 in Chromium: the estimators preset loads, its view runs the core's estimator check in
// a worker and fills its charts (against N, against d, against the truth), says the numbers in
// its text alternative and exports a PNG; the saxe preset, shortened by the link, draws the KDE
// bounds with the estimator named on the chart, and a switch to the threshold codes re-draws
// from the stored evaluations.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ink, openPage, PNG_SIGNATURE, useSiteAndBrowser, viewPng, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

test('the estimators preset loads and its view fills its charts from the core\'s check', { timeout: 240_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}?debug=1#preset=estimators`, { viewport: { width: 1400, height: 1000 } });
  assert.equal(await page.isVisible('#notice'), false, 'the preset is read without a notice');
  assert.match(await page.textContent('#explanation-title'), /Can this number be believed/);
  const panel = '[data-panel="estimators"]';
  assert.equal(await page.isVisible(panel), true, 'the estimator check is shown');
  await page.waitForFunction(() => /Done: \d/.test(window.__brainlab.inspect('estimators').caption), null, { timeout: 180_000, polling: 500 });
  const { caption, canvases } = await page.evaluate(() => window.__brainlab.inspect('estimators'));
  // Three sections: 4 charts against N, 4 against d, 2 against the truth.
  for (const section of ['n', 'd', 't']) {
    const charts = await page.$$eval(`${panel} .estimators-${section} [data-chart]`, (cells) => cells.length);
    assert.equal(charts, section === 't' ? 2 : 4, `section ${section}`);
    assert.ok((await ink(page, `${panel} .estimators-${section}`)) > 500, `section ${section} has drawn something`);
  }
  assert.ok(canvases >= 10, `${canvases} canvases`);
  // The text alternative gives the truth and the estimates at N = 100, 1,000 and 10,000.
  assert.match(caption, /Discrete channel .*d = 4, truth \d\.\d{3} bits: N = 100: threshold plug-in \d\.\d{3}/);
  assert.match(caption, /N = 10,000: .*KDE \[\d\.\d{3}, \d\.\d{3}\]/);
  assert.match(caption, /Gaussian channel .*matched KDE \[\d\.\d{3}, \d\.\d{3}\]/);
  // The truth line and the estimates differ where they should: the plug-in overshoots at N = 100.
  const notes = await page.textContent(`${panel} .notes`);
  assert.match(notes, /threshold plug-in estimate reads/);
  // Another d re-draws from the rows already computed (no new check).
  await page.selectOption(`${panel} .estimators-dim`, '16');
  await page.waitForFunction(() => /d = 16, truth/.test(window.__brainlab.inspect('estimators').caption));
  assert.match(await page.textContent(`${panel} .estimators-n`), /d = 16/);

  const png = await viewPng(page, 'estimators');
  assert.deepEqual(png.signature, PNG_SIGNATURE, 'a PNG');
  assert.ok(png.bytes > 5000, `the PNG has the charts in it (${png.bytes} bytes)`);

  // The preset's one run trains, beside the check.
  await page.click('#start');
  await waitForRuns(page, 'done', 120_000);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the saxe preset draws the KDE bounds, names its estimator, and re-draws from stored evaluations', { timeout: 240_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}?debug=1#preset=saxe&steps=40&eval_interval=20`, { viewport: { width: 1400, height: 1000 } });
  assert.equal(await page.isVisible('#notice'), false);
  await page.click('#start');
  await waitForRuns(page, 'done', 120_000);
  const panel = '[data-panel="mi_label"]';
  await page.waitForFunction(() => /step 40/.test(window.__brainlab.inspect('mi_label').caption));
  // The chart names the estimator and its parameters: the title and the note.
  const titles = await page.$$eval(`${panel} .u-title`, (els) => els.map((el) => el.textContent));
  assert.ok(titles.length >= 2 && titles.every((t) => /KDE σ²=0\.1, N=500/.test(t)), `titles: ${titles}`);
  assert.match(await page.textContent(`${panel} .notes`), /Estimator: KDE bounds \(Kolchinsky–Tracey\), σ² = 0\.1, first 500 test images; binned: threshold codes/);
  // Both runs share it: one chart per layer, both runs on it, with the bounds as series.
  const { caption } = await page.evaluate(() => window.__brainlab.inspect('mi_label'));
  assert.match(caption, /tanh 120 KDE bounds I\(X;T\) \[\d\.\d{3}, \d\.\d{3}\] bits \(σ² = 0\.100, N = 500\) at step 40/);
  assert.match(caption, /relu 120 KDE bounds I\(X;T\)/);
  const legend = await page.textContent(`${panel} .legend`);
  assert.match(legend, /KDE upper bound on I\(X;T\)/);
  // The plane names it too and draws the bounds.
  const plane = await page.evaluate(() => window.__brainlab.inspect('info_plane').caption);
  assert.match(plane, /Estimator: KDE bounds/);
  assert.match(plane, /tanh 120 hidden Y KDE upper bounds: from I\(input;T\)/);
  // Threshold codes only: re-drawn at once from the stored evaluations, no bounds any more.
  const before = await ink(page, panel);
  await page.selectOption(`${panel} .kde-choice select`, 'codes');
  await page.waitForFunction(() => !/KDE upper bound/.test(document.querySelector('[data-panel="mi_label"] .legend').textContent));
  assert.match(await page.textContent(`${panel} .notes`), /re-draws at once from the stored evaluations/);
  assert.notEqual(await ink(page, panel), before, 'the chart changed');
  const png = await viewPng(page, 'mi_label');
  assert.deepEqual(png.signature, PNG_SIGNATURE);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('runs measured with different estimators are not drawn on one chart', { timeout: 180_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}?debug=1#preset=fig9&hidden=15,30&binning=threshold,uniform&steps=20&eval_interval=10&panels=mi_label,info_plane`, { viewport: { width: 1400, height: 1000 } });
  await page.click('#start');
  await waitForRuns(page, 'done');
  const panel = '[data-panel="mi_label"]';
  await page.waitForFunction(() => /step 20/.test(window.__brainlab.inspect('mi_label').caption));
  const titles = await page.$$eval(`${panel} .u-title`, (els) => els.map((el) => el.textContent));
  // Two estimators × two layers: four charts, each naming its estimator.
  assert.equal(titles.length, 4, `titles: ${titles}`);
  assert.equal(titles.filter((t) => /threshold codes, plug-in/.test(t)).length, 2, `titles: ${titles}`);
  assert.equal(titles.filter((t) => /30 uniform bins, plug-in/.test(t)).length, 2, `titles: ${titles}`);
  assert.match(await page.textContent(`${panel} .notes`), /measured with different estimators, whose numbers cannot be compared/);
  const plane = await page.textContent('[data-panel="info_plane"] .notes');
  assert.match(plane, /the plane draws one estimator's runs at a time/);
  assert.deepEqual(pageErrors, []);
  await page.close();
});
