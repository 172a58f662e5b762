// The settling preset in Chromium: predictive coding, equilibrium propagation and the dendritic
// microcircuit beside backprop load from its link and train to an evaluation; the settling view
// (first panel) draws the core's trace of equilibrium propagation's three phases, names them in
// its text alternative and exports a PNG; for backprop, a rule that does not settle, it says so.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ink, openPage, PNG_SIGNATURE, runRows, useSiteAndBrowser, viewPng, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

const caption = (page) => page.evaluate(() => window.__brainlab.inspect('settling').caption);

/** Picks run `label` in the settling view's run selector and waits for its caption at `step`. */
async function choose(page, label, pattern) {
  await page.locator('[data-panel="settling"] .settling-run').selectOption({ label });
  await page.waitForFunction(([label, source]) => {
    const text = window.__brainlab.inspect('settling').caption;
    return text.includes(label) && new RegExp(source).test(text);
  }, [label, pattern.source], { timeout: 60_000, polling: 250 });
  return caption(page);
}

test('settling: the view draws equilibrium propagation\'s phases, names them, exports a PNG, and says when a rule does not settle', { timeout: 300_000 }, async () => {
  const url = `${lab.site.url}?debug=1#preset=settling&steps=20&eval_interval=10`;
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, url, { viewport: { width: 1400, height: 1000 } });
  assert.equal(await page.isVisible('#notice'), false, 'the link is read without a notice');
  assert.match(await page.textContent('#explanation'), /error/, 'the explanation says where the error lives');
  const rules = await page.evaluate(() => [0, 1, 2, 3].map((i) => window.__brainlab.config(i).rule));
  assert.deepEqual(rules, ['backprop', 'predictive_coding', 'equilibrium_propagation', 'dendritic_microcircuit']);

  await page.click('#start');
  await waitForRuns(page, 'done', 240_000);
  const rows = await runRows(page);
  assert.equal(rows.length, 4);
  for (const row of rows) assert.equal(row.step, '20', row.label);

  const panel = page.locator('[data-panel="settling"]');
  await panel.scrollIntoViewIfNeeded();
  assert.equal(await panel.isVisible(), true, 'the preset shows the settling view');
  // The first run that settles is chosen by itself: predictive coding's one phase.
  await page.waitForFunction(() => /step 20/.test(window.__brainlab.inspect('settling').caption), null, { timeout: 60_000, polling: 250 });
  assert.match(await caption(page), /predictive coding, step 20: .* 1 phase \(inference\)/);

  const ep = await choose(page, 'equilibrium propagation', /step 20/);
  assert.match(ep, /3 phases \(free, nudged \+β, nudged −β\)/, ep);
  for (const phase of ['free', 'nudged \\+β', 'nudged −β']) assert.match(ep, new RegExp(`phase ${phase}: \\d+ iterations`), phase);
  assert.equal(await panel.getAttribute('data-settles'), 'true');
  assert.ok((await ink(page, '[data-panel="settling"]')) > 1000, 'the trace is drawn');
  const png = await viewPng(page, 'settling');
  assert.deepEqual(png.signature, PNG_SIGNATURE);
  assert.ok(png.bytes > 2000 && png.width > 300 && png.height > 300, `a PNG with a picture: ${JSON.stringify(png)}`);

  const bp = await choose(page, 'backprop', /does not settle/);
  assert.match(bp, /backprop \(rule backprop\), step 20: this rule does not settle/);
  assert.equal(await panel.getAttribute('data-settles'), 'false');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
