// The arena preset's wall time in a Chromium tab: opens the built site (build/site, or
// BRAINLAB_SITE) at #preset=arena (a link fragment may be given to shorten it), presses Start,
// waits until every run is done and the arena table has a row per rule, and prints one JSON
// object: { fragment, wall_s (Start to the last network done), networks, cores (the tab's
// navigator.hardwareConcurrency), load (the machine's 1-minute load average, before and
// after), rows: the table's cells }.
//
//   node bench/arena-chromium.mjs [fragment]      (after make site)

import { loadavg } from 'node:os';
import { launchChromium, serveSite } from '../tests/e2e/helpers.mjs';

const fragment = process.argv[2] ?? 'preset=arena';
const site = await serveSite();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${site.url}#${fragment}`);
  await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 120_000 });
  const loadBefore = loadavg()[0];
  const started = Date.now();
  await page.click('#start');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('#runs [data-testid="state"]')];
    return cells.length > 0 && cells.every((cell) => ['done', 'diverged', 'failed'].includes(cell.firstChild?.textContent));
  }, null, { timeout: 1_800_000, polling: 250 });
  const wall = (Date.now() - started) / 1000;
  const result = await page.evaluate(() => ({
    cores: navigator.hardwareConcurrency,
    status: document.querySelector('[data-panel="arena"] .arena-status')?.textContent,
    rows: [...document.querySelectorAll('[data-panel="arena"] .arena-body tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
  }));
  console.log(JSON.stringify({ fragment, wall_s: wall, ...result, load: [loadBefore, loadavg()[0]] }, null, 1));
} finally {
  await browser.close();
  site.server.close();
}
