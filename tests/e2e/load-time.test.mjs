// Load fast: the time from navigation to the first point on the loss chart, on localhost.
// The page marks it (performance.mark('first-point')) when the first metrics are charted; this
// test presses Start as soon as it can and prints the figure, asserting only that the mark exists
// (the machine is shared: no timed assertion).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useSiteAndBrowser } from './helpers.mjs';

const lab = useSiteAndBrowser();

test('the page marks the first point on the loss chart and the test prints when it came', { timeout: 120_000 }, async () => {
  const page = await lab.browser.newPage();
  await page.goto(lab.site.url); // the default experiment: Figure 2, four runs
  await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 60_000, polling: 10 });
  await page.click('#start');
  await page.waitForFunction(() => performance.getEntriesByName('first-point').length > 0, null, { timeout: 60_000, polling: 10 });
  const marks = await page.evaluate(() =>
    Object.fromEntries(['core-ready', 'data-ready', 'first-point'].map((name) => [name, performance.getEntriesByName(name)[0]?.startTime ?? null])));
  assert.ok(marks['first-point'] > 0, 'the first point is marked');
  const ms = (v) => (v == null ? '—' : `${Math.round(v)} ms`);
  console.log(`load: core ${ms(marks['core-ready'])}, data ${ms(marks['data-ready'])}, first point on the loss chart ${ms(marks['first-point'])} after navigation`);
  await page.close();
});
