// The arena in Chromium: the arena preset, shortened by its link (every rule, 2 seeds, a few
// steps: 22 networks through the one scheduler), fills its table with one row per rule, the
// numbers the core's arenaTable makes from the networks' final evaluations; the table sorts by
// a column; it exports CSV and Markdown (two downloads: Chromium stops a page's downloads after
// about ten) and a PNG through the debug handle. A run of several seeds shows mean ± half-width.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadOf, openPage, PNG_SIGNATURE, useSiteAndBrowser, viewPng, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

test('the arena fills its table from every rule and seed, sorts it and exports it', { timeout: 300_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}?debug=1#preset=arena&seeds=2&steps=40&eval_interval=20`);
  const rules = await page.evaluate(() => window.__brainlab.config(0) && Array.from({ length: 20 }, (_, i) => window.__brainlab.config(i)?.rule).filter(Boolean));
  assert.ok(rules.length >= 11 && rules.includes('shallow') && rules.includes('backprop'), `every rule is a run: ${rules}`);
  assert.equal(await page.locator('#runs tr').count(), rules.length, 'one table row per setting, not per seed');
  await page.click('#start');
  await waitForRuns(page, 'done', 240_000);

  // One row per rule, every network counted.
  const body = page.locator('[data-panel="arena"] .arena-body tr');
  assert.equal(await body.count(), rules.length);
  assert.match(await page.textContent('[data-panel="arena"] .arena-status'), new RegExp(`^${2 * rules.length} of ${2 * rules.length} networks finished`));
  const row = async (rule) => page.$$eval(`[data-panel="arena"] .arena-body tr[data-rule="${rule}"] > *`, (cells) => cells.map((c) => c.textContent));
  const shallow = await row('shallow');
  assert.equal(shallow[2], '2', 'two seeds');
  assert.match(shallow[3], /^\d+\.\d\d ± \d+\.\d\d$/, `mean ± 95% CI: ${shallow[3]}`);
  assert.equal(shallow[4], '+0.00 ± 0.00', 'shallow minus itself, paired by seed');
  const fa = await row('feedback_alignment');
  assert.match(fa[4], /^[+-]\d+\.\d\d ± \d+\.\d\d$/, `gap to shallow: ${fa[4]}`);
  assert.match(fa[6], /^\d+\.\d$/, `update angle: ${fa[6]}`);
  assert.equal((await row('backprop'))[6], '-', 'backprop has no angle to the gradient');

  // The run table: mean ± half-width for a setting of two seeds.
  const acc = await page.textContent('#runs tr[data-run="0"] [data-testid="test-acc"]');
  assert.match(acc, /^\d+\.\d% ± \d+\.\d%$/, acc);

  // Sorting: by the gap to shallow, largest first, then smallest first.
  const gaps = () => page.$$eval('[data-panel="arena"] .arena-body tr', (trs) => trs.map((tr) => parseFloat(tr.children[4].textContent)));
  await page.click('[data-panel="arena"] .arena-sort[data-column="4"]');
  const down = await gaps();
  assert.deepEqual(down, [...down].sort((a, b) => b - a), `descending: ${down}`);
  await page.click('[data-panel="arena"] .arena-sort[data-column="4"]');
  const up = await gaps();
  assert.deepEqual(up, [...up].sort((a, b) => a - b), `ascending: ${up}`);

  // Exports: the core's CSV and Markdown, and a PNG of the panel.
  const csv = await downloadOf(page, '[data-panel="arena"] .arena-csv').then(({ name, bytes }) => ({ name, text: bytes.toString('utf8') }));
  assert.equal(csv.name, 'brainlab-arena.csv');
  const lines = csv.text.trim().split('\n');
  assert.equal(lines[0], 'rule,hidden,seeds,test_acc_mean,test_acc_ci95,gap_to_shallow,gap_to_shallow_ci95,gap_to_backprop,gap_to_backprop_ci95,update_angle_deg,steps_per_s,failed,errors');
  assert.equal(lines.length, 1 + rules.length);
  const shallowCsv = lines.find((l) => l.startsWith('shallow,')).split(',');
  assert.equal((100 * Number(shallowCsv[3])).toFixed(2), shallow[3].split(' ')[0], 'the CSV holds the table\'s numbers');
  const md = await downloadOf(page, '[data-panel="arena"] .arena-md').then(({ name, bytes }) => ({ name, text: bytes.toString('utf8') }));
  assert.equal(md.name, 'brainlab-arena.md');
  assert.ok(md.text.startsWith('| rule | hidden | seeds | test acc % (± 95% CI) |'), md.text.slice(0, 80));
  assert.ok(md.text.includes(`| shallow | 120 | 2 | ${shallow[3]} |`), md.text);
  const png = await viewPng(page, 'arena');
  assert.deepEqual(png.signature, PNG_SIGNATURE);
  assert.ok(png.width > 300 && png.height > 100, JSON.stringify(png));

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
