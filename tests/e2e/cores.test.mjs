// Use every core, not more: with navigator.hardwareConcurrency = 2, a sweep of four runs trains
// at most two at once, the other two queued, and all four finish; Pause keeps the queue's place,
// Step goes through the same queue and Reset rewinds every run. The arena's 33 networks (more
// than keep a worker each) share two workers, under Step as under Start.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, runRows, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

const SWEEP = '#hidden=15,30,60,120&steps=600&eval_interval=100';

/** A page (at `address`, the four-run sweep by default) that believes the machine has two logical cores. */
async function twoCorePage(address = SWEEP) {
  const context = await lab.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { configurable: true, get: () => 2 });
  });
  return { context, ...(await openPage(context, `${lab.site.url}${address}`)) };
}

const states = (page) => page.$$eval('#runs [data-testid="state"]', (cells) => cells.map((cell) => cell.firstChild?.textContent ?? ''));

/** Samples the run table until every run reads `until`; resolves to every sample seen. */
async function sampleUntil(page, until, timeout = 180_000) {
  const samples = [];
  const end = Date.now() + timeout;
  for (;;) {
    const now = await states(page);
    samples.push(now);
    if (now.every((s) => s === until)) return samples;
    if (Date.now() > end) throw new Error(`runs never all ${until}: ${JSON.stringify(now)}`);
    await page.waitForTimeout(25);
  }
}

const most = (samples, state) => Math.max(...samples.map((s) => s.filter((x) => x === state).length));

test('with two cores a four-run sweep trains two at a time, queues the rest, and all finish', { timeout: 300_000 }, async () => {
  const { context, page, pageErrors, consoleErrors } = await twoCorePage();
  assert.equal(await page.evaluate(() => navigator.hardwareConcurrency), 2);
  assert.equal((await states(page)).length, 4);

  await page.click('#start');
  const samples = await sampleUntil(page, 'done');
  assert.ok(samples.length > 5, `sampled ${samples.length} times`);
  assert.ok(most(samples, 'training') <= 2, `at most two train at once: ${JSON.stringify(samples.find((s) => s.filter((x) => x === 'training').length > 2))}`);
  assert.ok(most(samples, 'queued') >= 1, 'runs beyond the cores were queued');
  for (const row of await runRows(page)) assert.equal(row.step, '600', row.label);

  // Reset rewinds all; Step goes through the queue too and brings every run to step 100.
  await page.click('#reset');
  await waitForRuns(page, 'ready');
  await page.click('#step');
  const stepped = await sampleUntil(page, 'paused');
  assert.ok(most(stepped, 'training') <= 2, 'Step trains at most two at once');
  for (const row of await runRows(page)) assert.equal(row.step, '100', row.label);

  // Pause with runs queued: nothing trains or waits; Start resumes and all finish.
  await page.click('#reset');
  await waitForRuns(page, 'ready');
  await page.click('#start');
  await page.waitForFunction(() => [...document.querySelectorAll('#runs [data-testid="state"]')].some((c) => c.firstChild?.textContent === 'queued'));
  await page.click('#pause');
  await page.waitForFunction(() => [...document.querySelectorAll('#runs [data-testid="state"]')]
    .every((c) => ['paused', 'ready', 'done'].includes(c.firstChild?.textContent)));
  const resumed = await (async () => {
    await page.click('#start');
    return sampleUntil(page, 'done');
  })();
  assert.ok(most(resumed, 'training') <= 2, 'after the pause, still two at a time');
  for (const row of await runRows(page)) assert.equal(row.step, '600', row.label);

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

/** Samples the debug handle's worker counts until the sweep is no longer under way. */
async function sampleUntilSettled(page, timeout = 360_000) {
  const samples = [];
  const end = Date.now() + timeout;
  for (;;) {
    const now = await page.evaluate(() => window.__brainlab.workers());
    samples.push(now);
    if (!now.active && samples.length > 1) return samples;
    if (Date.now() > end) throw new Error(`the sweep never settled: ${JSON.stringify(now)}`);
    await page.waitForTimeout(25);
  }
}

test('the arena\'s 33 networks on two cores: Step and Start never use more than two workers', { timeout: 420_000 }, async () => {
  const { context, page, pageErrors, consoleErrors } = await twoCorePage('?debug=1#preset=arena&seeds=3&steps=40&eval_interval=20');
  assert.equal((await states(page)).length, 11, 'eleven rules, three seeds each');
  const most = (samples, key) => Math.max(...samples.map((s) => s[key]));
  for (const press of [1, 2]) {
    await page.click('#step');
    const stepped = await sampleUntilSettled(page);
    assert.ok(most(stepped, 'busy') <= 2, `Step ${press}: at most two train at once (${most(stepped, 'busy')})`);
    assert.ok(most(stepped, 'workers') <= 2, `Step ${press}: at most two workers for 33 networks (${most(stepped, 'workers')})`);
  }
  await page.click('#start');
  const started = await sampleUntilSettled(page);
  assert.ok(most(started, 'busy') <= 2 && most(started, 'workers') <= 2, `Start: ${most(started, 'busy')} busy, ${most(started, 'workers')} workers`);
  await waitForRuns(page, 'done', 60_000);
  assert.match(await page.textContent('[data-panel="arena"] .arena-status'), /^33 of 33 networks finished/);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
