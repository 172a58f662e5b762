// Every view exports as a PNG of its panel: the diagnostics small multiples (a multi-chart view)
// decode to a non-blank picture about the panel's size with the runs' colours in it, and every
// other view makes a PNG too. Chromium (156) stops a page's downloads after ten or so, so the
// buttons of the first few views are pressed and every view's export is read through the debug
// handle, which calls the same views.png(key) the button does.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadOf, openPage, PNG_SIGNATURE, useSiteAndBrowser, viewPng, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

/** Decodes PNG bytes in the page: its size, the share of non-white pixels, and whether it holds `color`. */
function decode(page, bytes, color) {
  return page.evaluate(async ({ base64, color }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([data], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const probe = new OffscreenCanvas(1, 1).getContext('2d');
    probe.fillStyle = color;
    probe.fillRect(0, 0, 1, 1);
    const [cr, cg, cb] = probe.getImageData(0, 0, 1, 1).data;
    let ink = 0;
    let colored = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
      if (r < 240 || g < 240 || b < 240) ink += 1;
      if (Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) < 40) colored += 1;
    }
    return { width: bitmap.width, height: bitmap.height, ink: ink / (pixels.length / 4), colored };
  }, { base64: bytes.toString('base64'), color });
}

test('each view downloads as a PNG; the diagnostics decode to a plausible picture', { timeout: 180_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}?debug=1#preset=fig1&steps=40&eval_interval=10`);
  // Show every panel, so that every view's button is there to press.
  for (const box of await page.locator('#panel-toggles input[type="checkbox"]').all()) {
    if (!(await box.isChecked())) await box.evaluate((el) => el.click());
  }
  await page.click('#start');
  await waitForRuns(page, 'done');

  const panel = page.locator('[data-panel="diagnostics"]');
  const size = await panel.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { width: r.width * devicePixelRatio, height: r.height * devicePixelRatio, charts: el.querySelectorAll('canvas').length };
  });
  assert.ok(size.charts >= 2, `the diagnostics are several charts: ${size.charts}`);
  const png = await downloadOf(page, '[data-panel="diagnostics"] .png-export');
  assert.match(png.name, /^brainlab-fig1-diagnostics\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 8)], PNG_SIGNATURE);
  const color = await page.locator('#runs tr').first().getAttribute('data-color');
  const image = await decode(page, png.bytes, color);
  assert.ok(image.width >= size.width && image.width < size.width + 100, `width ${image.width} for a panel ${size.width} wide`);
  assert.ok(image.height >= size.height && image.height < size.height + 100, `height ${image.height} for a panel ${size.height} high`);
  assert.ok(image.ink > 0.01 && image.ink < 0.9, `not blank, not solid: ${(image.ink * 100).toFixed(1)}% ink`);
  assert.ok(image.colored > 50, `the first run's colour ${color} is drawn (${image.colored} pixels)`);

  const names = await page.$$eval('.png-export', (buttons) => buttons.filter((b) => b.offsetParent !== null).map((b) => b.closest('[data-panel]').dataset.panel));
  assert.ok(names.length >= 9, `a PNG button on every view: ${names}`);
  for (const name of names.slice(0, 4)) {
    const file = await downloadOf(page, `[data-panel="${name}"] .png-export`);
    assert.equal(file.name, `brainlab-fig1-${name}.png`);
    assert.deepEqual([...file.bytes.subarray(0, 8)], PNG_SIGNATURE, name);
    const { width, height } = await decode(page, file.bytes, '#000');
    assert.ok(width > 100 && height > 50, `${name}: ${width}×${height}`);
  }
  for (const name of names) {
    const { signature, width, height } = await viewPng(page, name);
    assert.deepEqual(signature, PNG_SIGNATURE, name);
    assert.ok(width > 100 && height > 50, `${name}: ${width}×${height}`);
  }
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
