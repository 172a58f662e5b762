// The per-layer views in Chromium, each on a preset cut short through the link: Figure 3's
// four rules on the loss chart and the angles chart, Figure 1's diagnostics, Figure 9's
// information curves with the information plane, and Figure 7's activity view following the
// network from one evaluation to the next.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { colourCounts, openPage, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

const VIEWPORT = { viewport: { width: 1400, height: 1000 } };

/** The runs' labels and colours, from the run table. */
const runsOf = (page) =>
  page.$$eval('#runs tr', (rows) => rows.map((row) => ({ label: row.querySelector('[data-testid="run-label"]').textContent, color: row.dataset.color })));

const visiblePanels = (page) => page.$$eval('[data-panel]', (els) => els.filter((el) => !el.hidden).map((el) => el.dataset.panel));

test('choosing a preset shows its views, most important first', { timeout: 60_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig2`, VIEWPORT);
  const charts = () => page.$$eval('.charts > [data-panel]', (els) =>
    els.filter((el) => !el.hidden).sort((a, b) => getComputedStyle(a).order - getComputedStyle(b).order).map((el) => el.dataset.panel));
  assert.deepEqual(await charts(), ['loss', 'accuracy']);

  await page.selectOption('#preset', 'fig10');
  assert.deepEqual(await charts(), ['mi_quadrant', 'mi_label']);
  assert.doesNotMatch(page.url(), /panels=/, 'a preset\'s own panels are not spelled out in the link');
  for (const [id, first] of [['fig1', 'diagnostics'], ['fig7', 'activity'], ['fig8', 'entropy'], ['fig5', 'loss'], ['info-plane', 'info_plane']]) {
    await page.click(`#gallery-list [data-preset="${id}"] button`);
    assert.equal((await charts())[0], first, id);
  }
  assert.deepEqual(await charts(), ['info_plane', 'mi_label']);
  // Shown by hand: now the link says so.
  await page.click('.view-menu summary');
  await page.check('#panel-toggles input[value="loss"]');
  assert.match(page.url(), /panels=[^&]*loss/);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('Figure 3: four labelled rules on the loss chart and the angles chart', { timeout: 180_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig3&steps=200&eval_interval=50`, VIEWPORT);
  const shown = await visiblePanels(page);
  assert.ok(['loss', 'accuracy', 'angles'].every((name) => shown.includes(name)), `fig3 shows its panels: ${shown}`);
  assert.ok(!shown.includes('diagnostics') && !shown.includes('info_plane'), `fig3 shows only its panels: ${shown}`);
  assert.equal(await page.inputValue('#rule'), '\u0001per-run', 'the rule selector shows one rule per run');

  await page.click('#start');
  await waitForRuns(page, 'done');
  const runs = await runsOf(page);
  const labels = ['backprop', 'feedback alignment', 'no derivative', 'feedback alignment, no derivative'];
  assert.deepEqual(runs.map((r) => r.label), labels);

  // The loss chart: a train and a test series per run, each labelled with the run.
  const lossLegend = await page.$$eval('[data-panel="loss"] .u-legend .u-series th', (ths) => ths.map((th) => th.textContent.trim()));
  for (const label of labels) {
    assert.ok(lossLegend.includes(`${label} test`) && lossLegend.includes(`${label} train`), `${label} on the loss chart: ${lossLegend}`);
  }
  const loss = await colourCounts(page, '[data-panel="loss"] .plot canvas', runs.map((r) => r.color));
  loss.forEach((n, i) => assert.ok(n > 50, `${labels[i]} is drawn on the loss chart (${n} pixels)`));

  // The angles chart: all four in its legend, backprop saying why it has no line; the other
  // three drawn in their colours, backprop's colour nowhere.
  const legend = await page.$$eval('[data-panel="angles"] .legend-run', (items) => items.map((i) => i.textContent));
  assert.equal(legend.length, 4);
  labels.forEach((label, i) => assert.ok(legend[i].startsWith(label), legend[i]));
  assert.match(legend[0], /gradient/);
  const angles = await colourCounts(page, '[data-panel="angles"] canvas', runs.map((r) => r.color));
  assert.equal(angles[0], 0, 'backprop has no angle to draw');
  angles.slice(1).forEach((n, i) => assert.ok(n > 50, `${labels[i + 1]} is drawn on the angles chart (${n} pixels)`));
  assert.match(await page.textContent('#angles-summary'), /feedback alignment update vs gradient \d+\.\d°/);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('Figure 1: the diagnostics chart has data for both layers', { timeout: 120_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig1&steps=100&eval_interval=50`, VIEWPORT);
  const order = await page.$eval('[data-panel="diagnostics"]', (el) => getComputedStyle(el).order);
  assert.equal(order, '0', 'diagnostics come first in Figure 1');
  await page.click('#start');
  await waitForRuns(page, 'done');
  const [run] = await runsOf(page);
  const charts = await page.$$eval('[data-panel="diagnostics"] .multiple', (cells) => cells.map((c) => c.dataset.chart));
  assert.deepEqual(charts, ['dl_dh', 'dl_dz', 'grad', 'dw', 'w']);
  for (const chart of charts) {
    const [n] = await colourCounts(page, `[data-panel="diagnostics"] [data-chart="${chart}"] canvas`, [run.color]);
    assert.ok(n > 50, `${chart} is drawn (${n} pixels)`);
  }
  const summary = await page.textContent('#diagnostics-summary');
  assert.match(summary, /Gradient, mean \|∂L\/∂W\|: \S+ W1 \d/);
  assert.match(summary, /W2 [\d.e-]+ at step 100/);
  const styles = await page.$$eval('[data-panel="diagnostics"] .legend-style', (items) => items.map((i) => i.textContent));
  assert.deepEqual(styles, ['W1 (input → hidden)', 'W2 (→ output)']);
  // Saturation is Figure 1's second view: a fraction per evaluation.
  const [saturated] = await colourCounts(page, '[data-panel="saturation"] canvas', [run.color]);
  assert.ok(saturated > 50, `saturation is drawn (${saturated} pixels)`);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('Figure 9: the information curves, their honesty cues and the information plane', { timeout: 240_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig9&steps=200&eval_interval=50`, VIEWPORT);
  const shown = await visiblePanels(page);
  assert.ok(shown.includes('mi_label') && shown.includes('entropy'), `fig9 shows its panels: ${shown}`);
  // The plane is one click away in the View menu.
  await page.click('.view-menu summary');
  await page.check('#panel-toggles input[value="info_plane"]');
  await page.keyboard.press('Escape');
  assert.match(page.url(), /panels=[^&]*info_plane/, 'the link keeps the panel shown');

  await page.click('#start');
  await waitForRuns(page, 'done');
  const runs = await runsOf(page);
  assert.equal(runs.length, 5);

  const charts = await page.$$eval('[data-panel="mi_label"] .multiple', (cells) => cells.map((c) => c.dataset.chart));
  assert.deepEqual(charts, ['h1', 'out']);
  const hidden = await colourCounts(page, '[data-panel="mi_label"] [data-chart="h1"] canvas', runs.map((r) => r.color));
  hidden.forEach((n, i) => assert.ok(n > 30, `${runs[i].label}: I(X;Y) is drawn (${n} pixels)`));
  const summary = await page.textContent('#mi_label-summary');
  assert.match(summary, /Reference lines: H\(X\) = 3\.32 bits/);
  assert.match(summary, /hidden 120 \d\.\d+ bits \(shuffled \d\.\d+ bits\), undersampled at step 200/);

  // A 120-unit sigmoid layer starts saturated: the warning names it; the check says where it stands.
  const notes = await page.$$eval('[data-panel="mi_label"] .note', (ps) => ps.map((p) => ({ tone: p.dataset.tone, text: p.textContent })));
  const warning = notes.find((n) => n.tone === 'warn');
  assert.ok(warning && /hidden 120 · hidden Y at steps? 0/.test(warning.text), JSON.stringify(notes));
  assert.ok(notes.some((n) => /Data-processing check I\(X;Y\) ≥ I\(X;Z\)/.test(n.text)), JSON.stringify(notes));

  // The plane: every run's trajectory in its colour, points filled along the step ramp (the
  // latest, largest points at the end of the ramp), the saturated band and its label.
  const plane = '[data-panel="info_plane"] .plane canvas';
  const lines = await colourCounts(page, plane, runs.map((r) => r.color));
  lines.forEach((n, i) => assert.ok(n > 20, `${runs[i].label} has a trajectory (${n} pixels)`));
  const [early, late] = await colourCounts(page, plane, ['#440154', '#fde725']);
  assert.ok(early > 20 && late > 20, `points along the step ramp: ${early} early, ${late} late`);
  assert.match(await page.textContent('#info_plane-summary'), /hidden 5 output Z: from H\(T\) \d/);
  const legend = await page.$$eval('[data-panel="info_plane"] .legend-label', (ls) => ls.map((l) => l.textContent));
  assert.ok(legend.includes('step 200') && legend.includes('undersampled code'), legend.join(' | '));

  await mkdir('build/screenshots', { recursive: true });
  await page.locator('[data-panel="info_plane"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'build/screenshots/fig9.png', fullPage: true });
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('Figure 7: an image and its bit strings, which change as the network learns', { timeout: 120_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig7&steps=200&eval_interval=100`, VIEWPORT);
  const view = page.locator('[data-panel="activity"]');
  assert.equal(await view.isVisible(), true);
  const codes = () => view.locator('[data-testid^="code-"]').evaluateAll((els) => els.map((el) => el.dataset.code));
  const status = view.locator('.activity-status');

  // Before training: the step-0 network's codes for test image 0.
  await status.filter({ hasText: 'step 0' }).waitFor();
  const before = await codes();
  assert.equal(before.length, 2, 'a hidden layer and the output');
  assert.match(before[0], /^[01]{120}$/);
  assert.match(before[1], /^[01]{10}$/);
  assert.match(await view.locator('.activity-label').textContent(), /^Label X = \d: \S/);
  const lit = await view.locator('canvas.activity-canvas').evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 40) n += 1;
    return { n, width: canvas.width, rendering: getComputedStyle(canvas).imageRendering };
  });
  assert.deepEqual([lit.width, lit.rendering], [28, 'pixelated']);
  assert.ok(lit.n > 50, `the image is drawn (${lit.n} lit pixels)`);

  // One evaluation later the codes have moved on, and the units that changed are marked.
  await page.click('#step');
  await waitForRuns(page, 'paused');
  await status.filter({ hasText: 'step 100' }).waitFor();
  const after = await codes();
  assert.notEqual(after.join(' '), before.join(' '), 'the codes changed between two evaluations');
  assert.ok((await view.locator('mark.flip').count()) > 0, 'changed units are marked');
  assert.match(await view.locator('.layer-foot').first().textContent(), /\d+ of 120 units changed bin since step 0/);

  // Another image: another picture, another code.
  await view.locator('.activity-next').click();
  await page.waitForFunction(() => document.querySelector('.activity-image').value === '1');
  await view.locator('canvas.activity-canvas[aria-label="Test image 1"]').waitFor();
  assert.notEqual((await codes())[0], after[0]);
  assert.deepEqual(pageErrors, []);
  await page.close();
});
