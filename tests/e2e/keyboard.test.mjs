// Keyboard only: Tab reaches Start with a visible focus ring and Enter starts the run; every
// control on the way has an accessible name.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

test('Tab reaches Start, its focus is visible, and Enter starts the run', { timeout: 60_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=30&steps=20&eval_interval=10`);
  const visited = [];
  for (let i = 0; i < 100; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const labelled = el.labels?.[0]?.textContent || el.getAttribute('aria-label') || el.textContent;
      const style = getComputedStyle(el.tagName === 'INPUT' && el.type === 'file' ? el.closest('label') : el);
      return { id: el.id, tag: el.tagName, name: (labelled ?? '').trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
    });
    visited.push(focused);
    if (focused.id === 'start') break;
  }
  const start = visited.at(-1);
  assert.equal(start.id, 'start', `Tab reached: ${visited.map((v) => v.id || v.tag).join(' ')}`);
  assert.notEqual(start.outline.split(' ')[0], 'none', 'the focused Start button shows a focus ring');
  assert.ok(parseFloat(start.outline.split(' ')[1]) >= 2, start.outline);
  for (const stop of visited) assert.ok(stop.name.length > 0, `${stop.tag}#${stop.id} has an accessible name`);

  await page.keyboard.press('Enter');
  await waitForRuns(page, 'done');
  assert.equal(await page.locator('[data-testid="step"]').getAttribute('data-value'), '20');
  assert.match(await page.textContent('#accuracy-summary'), /h=30 at step 20: test \d+\.\d%/, 'the chart has a text alternative');
  assert.match(await page.textContent('#announce'), /finished/i);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('a chart reads its values out from the keyboard, and its small multiples follow', { timeout: 90_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig1&steps=20&eval_interval=10`, { viewport: { width: 1400, height: 1000 } });
  await page.click('#start');
  await waitForRuns(page, 'done');
  const cells = page.locator('[data-panel="diagnostics"] .multiple');
  const first = cells.first();
  await first.focus();
  assert.match(await first.getAttribute('aria-label'), /arrow keys/);
  assert.equal(await first.locator('.readout').getAttribute('aria-live'), 'polite', 'the readout speaks while the chart has the focus');
  await page.keyboard.press('End');
  await first.locator('.readout').filter({ hasText: /^step 20: / }).waitFor();
  await page.keyboard.press('ArrowLeft');
  await first.locator('.readout').filter({ hasText: /^step 10: \S+ W1 / }).waitFor();
  // The other charts of the view share the cursor.
  await cells.nth(2).locator('.readout').filter({ hasText: /^step 10: / }).waitFor();
  await page.keyboard.press('Home');
  await first.locator('.readout').filter({ hasText: /^step 0: / }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await first.locator('.readout').getAttribute('aria-live'), null, 'and is quiet once the focus moves on');
  assert.deepEqual(pageErrors, []);
  await page.close();
});
