// The autoencoder in the page: Figure 11's row of test images, bottleneck codes and
// reconstructions, redrawn at every evaluation; the rest of the page for a run without
// accuracy (table, charts, CSV); and the Task control, which loads the autoencoder's settings.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { downloadOf, openPage, runRows, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

/** Per canvas matching `selector`: its size, mean and spread of grey, and its pixels as text. */
function canvases(page, selector) {
  return page.$$eval(selector, (els) => els.map((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let squares = 0;
    let opaque = 0;
    const greys = [];
    for (let i = 0; i < data.length; i += 4) {
      sum += data[i];
      squares += data[i] * data[i];
      if (data[i + 3] === 255) opaque += 1;
      greys.push(data[i]);
    }
    const n = data.length / 4;
    const mean = sum / n;
    return {
      width: canvas.width,
      height: canvas.height,
      mean,
      spread: Math.sqrt(Math.max(0, squares / n - mean * mean)),
      opaque: opaque / n,
      pixels: greys.join(','),
      rendering: getComputedStyle(canvas).imageRendering,
      shown: canvas.getBoundingClientRect().width,
    };
  }));
}

test('Figure 11: images, codes and reconstructions that change as the autoencoder learns', { timeout: 240_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig11&steps=200&eval_interval=100`, { viewport: { width: 1400, height: 1000 } });
  const view = page.locator('[data-panel="reconstructions"]');
  assert.equal(await view.isVisible(), true);
  assert.equal(await view.evaluate((el) => getComputedStyle(el).order), '0', 'the reconstructions come first in Figure 11');
  const status = view.locator('.recon-status');

  // Before training: the step-0 network's reconstructions of test images 0 to 11.
  await status.filter({ hasText: 'step 0' }).waitFor();
  assert.deepEqual(await view.locator('.recon-item').evaluateAll((items) => items.map((i) => i.dataset.image)), Array.from({ length: 12 }, (_, i) => String(i)));
  const inputs = await canvases(page, '.recon-input');
  assert.equal(inputs.length, 12);
  for (const c of inputs) {
    assert.deepEqual([c.width, c.height, c.rendering], [28, 28, 'pixelated']);
    assert.ok(c.shown >= 56, `the image is scaled up (${c.shown} px)`);
    assert.ok(c.spread > 20, `a test image is drawn (spread ${c.spread})`);
  }
  const codes = await canvases(page, '.recon-code');
  assert.equal(codes.length, 12);
  assert.ok(codes.every((c) => c.width === 41 && c.height === 21 && c.spread > 5), 'a 50-unit code as 10 × 5 cells');
  const before = await canvases(page, '.recon-output');

  // One evaluation later the reconstructions have changed, and they are not blank.
  await page.click('#step');
  await waitForRuns(page, 'paused');
  await status.filter({ hasText: 'step 100' }).waitFor();
  const later = await canvases(page, '.recon-output');
  assert.equal(later.length, 12);
  later.forEach((c, i) => {
    assert.deepEqual([c.width, c.height, c.rendering, c.opaque], [28, 28, 'pixelated', 1]);
    assert.ok(c.spread > 10, `reconstruction ${i} is not blank (spread ${c.spread.toFixed(1)})`);
    assert.notEqual(c.pixels, before[i].pixels, `reconstruction ${i} changed between two evaluations`);
  });

  // An autoencoder has a loss (MSE per pixel) but no accuracy.
  const [row] = await runRows(page);
  assert.equal(row.step, '100');
  assert.ok(Number(row.testLoss) > 0 && Number(row.testLoss) < 0.2, `test MSE per pixel ${row.testLoss}`);
  assert.deepEqual([row.trainAcc, row.testAcc], ['', '']);
  assert.equal(await page.textContent('[data-run="0"] [data-testid="test-acc"]'), '—');
  assert.match(await page.textContent('[data-panel="loss"] .u-title'), /MSE per pixel/);
  assert.match(await page.textContent('#loss-summary'), /at step 100: test 0\.\d+/);

  // Clicking an image puts another one in its place.
  await view.locator('.recon-item').first().click();
  const replaced = await view.locator('.recon-item').first().getAttribute('data-image');
  assert.notEqual(replaced, '0');
  await view.locator(`.recon-item[aria-label^="Test image ${replaced}, label"]`).waitFor();
  const [first] = await canvases(page, '.recon-input');
  assert.notEqual(first.pixels, inputs[0].pixels, 'the new image is drawn');

  await page.click('#start');
  await waitForRuns(page, 'done');
  await status.filter({ hasText: 'step 200' }).waitFor();

  // The CSV leaves the accuracy cells empty, as the CLI does.
  const [header, ...lines] = (await downloadOf(page, '#export-csv')).bytes.toString('utf8').trim().split('\n');
  assert.deepEqual(header.split(',').slice(0, 5), ['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc']);
  assert.deepEqual(lines.map((line) => line.split(',').slice(0, 5).map((cell, i) => (i % 2 === 0 ? cell : cell === '' ? '' : 'number'))),
    ['0', '100', '200'].map((step) => [step, 'number', '', 'number', '']));

  await mkdir('build/screenshots', { recursive: true });
  await page.mouse.move(0, 0);
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'build/screenshots/fig11.png', fullPage: true });

  // A tablet: the row wraps into balanced rows, nothing overflows, the images stay crisp.
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.recon-grid')).getPropertyValue('--per-row').trim() === '6');
  assert.equal(await view.evaluate((el) => el.scrollWidth <= el.clientWidth), true, 'nothing overflows the panel');
  assert.ok((await canvases(page, '.recon-output')).every((c) => c.shown >= 56));
  await page.screenshot({ path: 'build/screenshots/fig11-768.png', fullPage: true });
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('Task: choosing autoencode loads its settings; a classifier has no reconstructions', { timeout: 120_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=30&steps=100`);
  const values = () => Promise.all(['#hidden', '#convention', '#output_activation', '#learning_rate', '#init_std'].map((f) => page.inputValue(f)));

  // A classifier: the view says it has nothing to show.
  await page.click('.view-menu summary');
  await page.check('#panel-toggles input[value="reconstructions"]');
  await page.keyboard.press('Escape');
  const note = page.locator('[data-panel="reconstructions"] .recon-note');
  await note.waitFor();
  assert.match(await note.textContent(), /h=30 is not an autoencoder/);

  // The form's messages are drawn at the next frame.
  const configError = (text) => page.waitForFunction((text) => document.querySelector('#config-error').textContent === text, text);
  await page.selectOption('#task', 'autoencode');
  assert.deepEqual(await values(), ['50', 'standard', 'sigmoid', '50', '0.1']);
  await configError('');
  // The autoencoder needs pixels in [0, 1]: the coursework's raw pixels are refused, by name.
  await page.selectOption('#convention', 'coursework');
  await page.locator('#config-error').filter({ hasText: /^convention: the autoencoder needs inputs in \[0, 1\]/ }).waitFor();
  await page.selectOption('#convention', 'standard');
  assert.deepEqual(await values(), ['50', 'standard', 'sigmoid', '50', '0.1'], 'the autoencoder\'s settings stay');
  await configError('');
  await page.waitForFunction(() => document.querySelector('#runs [data-testid="run-label"]')?.textContent === 'h=50' && !document.querySelector('#start').disabled);
  await page.locator('[data-panel="reconstructions"] .recon-status').filter({ hasText: 'step 0' }).waitFor();
  assert.equal(await note.isVisible(), false);

  // And back: the classifier's settings.
  await page.selectOption('#task', 'classify');
  assert.deepEqual(await values(), ['120', 'coursework', 'linear', '0.000005', '0.01']);

  // A hand-written link says only what differs from the autoencoder's defaults.
  const { page: linked, pageErrors: linkedErrors } = await openPage(lab.browser, `${lab.site.url}#task=autoencode&hidden=20&steps=100`);
  assert.equal(await linked.isVisible('#notice'), false);
  assert.deepEqual(await Promise.all(['#task', '#hidden', '#learning_rate', '#convention'].map((f) => linked.inputValue(f))), ['autoencode', '20', '50', 'standard']);
  assert.deepEqual([...pageErrors, ...linkedErrors], []);
  await linked.close();
  await page.close();
});
