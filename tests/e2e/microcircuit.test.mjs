// The fig6 preset in Chromium: the dendritic microcircuit beside backprop loads from its link,
// trains through its self-predicting phase into the nudged one to an evaluation, and the
// microcircuit view draws the core's compartment figures, says them in its text alternative and
// exports a PNG through the debug handle.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, PNG_SIGNATURE, runRows, useSiteAndBrowser, viewPng, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

test('fig6: the microcircuit trains, its view renders with a text alternative and exports a PNG', { timeout: 240_000 }, async () => {
  const url = `${lab.site.url}?debug=1#preset=fig6&steps=40&eval_interval=20&micro_self_predicting_steps=15`;
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, url, { viewport: { width: 1400, height: 1000 } });
  assert.equal(await page.isVisible('#notice'), false, 'the link is read without a notice');
  assert.match(await page.textContent('#explanation-title'), /Figure 6/);
  assert.match(await page.textContent('#explanation'), /apical/, 'the explanation says where the error lives');
  const config = await page.evaluate(() => window.__brainlab.config(0));
  assert.equal(config.rule, 'dendritic_microcircuit');
  assert.equal(config.micro_self_predicting_steps, 15);

  await page.click('#start');
  await waitForRuns(page, 'done', 180_000);
  const rows = await runRows(page);
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.step, '40', row.label);
    assert.ok(Number(row.testAcc) > 0, `${row.label} has a test accuracy: ${row.testAcc}`);
  }

  const panel = page.locator('[data-panel="microcircuit"]');
  await panel.scrollIntoViewIfNeeded();
  assert.equal(await panel.isVisible(), true, 'the preset shows the microcircuit view');
  await page.waitForFunction(() => /step 40/.test(window.__brainlab.inspect('microcircuit').caption));
  const { caption, canvases, shown } = await page.evaluate(() => window.__brainlab.inspect('microcircuit'));
  assert.equal(shown, true);
  assert.ok(canvases >= 3, `three charts: ${canvases}`);
  // The apical potentials (both kinds), the interneurons' error and the angle, each in words.
  assert.match(caption, /Apical potential.*dendritic microcircuit nudged \S+ at step 40/);
  assert.match(caption, /dendritic microcircuit no target \S+ at step 40/);
  assert.match(caption, /Interneurons vs the layer above.*dendritic microcircuit \S+ at step 40/);
  assert.match(caption, /Bottom-up update vs backprop.*dendritic microcircuit \d+\.\d°/);
  assert.match(await panel.textContent(), /apical v_A/, 'the compartments are drawn');

  const png = await viewPng(page, 'microcircuit');
  assert.deepEqual(png.signature, PNG_SIGNATURE);
  assert.ok(png.bytes > 2000 && png.width > 200 && png.height > 200, `a PNG with a picture: ${JSON.stringify(png)}`);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
