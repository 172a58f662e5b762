// Fast mode (app/fast-mode.js): opt-in, off by default; ticked, the runs train on the
// relaxed-SIMD core (pkg-fast/) within f32 tolerance of the default build on the same seed, the
// page says they are not bit-reproducible, and the link records the choice.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, runRows, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();
const LINK = '#hidden=30&steps=300&eval_interval=100&seed=7';

/** Trains the page's one run to the end; its table row, and the cores it fetched. */
async function train(page) {
  await page.click('#start');
  await waitForRuns(page, 'done');
  const [row] = await runRows(page);
  return row;
}

const relative = (a, b) => Math.abs(Number(a) - Number(b)) / Math.abs(Number(b));

test('fast mode trains within f32 tolerance of the default build, says so, and is part of the link', { timeout: 240_000 }, async () => {
  const plain = await openPage(lab.browser, `${lab.site.url}${LINK}`);
  const cores = [];
  plain.page.context().on('request', (req) => /brainlab_bg\.wasm$/.test(req.url()) && cores.push(new URL(req.url()).pathname));
  assert.equal(await plain.page.isChecked('#fast'), false, 'off by default');
  assert.equal(await plain.page.isHidden('#fast-note'), true);
  assert.match(await plain.page.textContent('#fast-label'), /fast \(results may differ in the last bits between browsers\)/);
  assert.doesNotMatch(await plain.page.inputValue('#share-link'), /fast=/);
  const reference = await train(plain.page);
  assert.ok(!cores.some((p) => p.includes('pkg-fast')), 'the default page never fetches the fast core');

  const fast = await openPage(lab.browser, `${lab.site.url}${LINK}`);
  const fastCores = [];
  fast.page.context().on('request', (req) => /brainlab_bg\.wasm$/.test(req.url()) && fastCores.push(new URL(req.url()).pathname));
  await fast.page.check('#fast');
  await fast.page.waitForFunction(() => !document.querySelector('#start').disabled && document.querySelector('#runs [data-testid="state"]')?.textContent.startsWith('ready'));
  assert.equal(await fast.page.isVisible('#fast-note'), true);
  assert.match(await fast.page.textContent('#fast-note'), /not\s+bit-reproducible/);
  const link = await fast.page.inputValue('#share-link');
  assert.match(link, /[#&]fast=1(&|$)/);
  const quick = await train(fast.page);
  assert.ok(fastCores.some((p) => p.endsWith('/pkg-fast/brainlab_bg.wasm')), `the run fetched the relaxed-SIMD core: ${fastCores}`);

  assert.equal(quick.step, reference.step);
  const lossGap = relative(quick.testLoss, reference.testLoss);
  assert.ok(lossGap < 1e-4, `test loss ${quick.testLoss} (fast) vs ${reference.testLoss}: relative gap ${lossGap}`);
  assert.ok(Math.abs(Number(quick.testAcc) - Number(reference.testAcc)) <= 0.002, `test accuracy ${quick.testAcc} vs ${reference.testAcc}`);
  assert.ok(Math.abs(Number(quick.trainAcc) - Number(reference.trainAcc)) <= 0.002, `train accuracy ${quick.trainAcc} vs ${reference.trainAcc}`);
  console.log(`fast mode: test loss ${quick.testLoss} vs ${reference.testLoss} (relative gap ${lossGap.toExponential(2)})`);

  // The link opens fast mode again; unticking goes back to the default build's numbers.
  const again = await openPage(lab.browser, link);
  assert.equal(await again.page.isChecked('#fast'), true);
  assert.equal(await again.page.isVisible('#fast-note'), true);
  await again.page.uncheck('#fast');
  await again.page.waitForFunction(() => !document.querySelector('#start').disabled && document.querySelector('#runs [data-testid="state"]')?.textContent.startsWith('ready'));
  assert.doesNotMatch(await again.page.inputValue('#share-link'), /fast=/);
  const back = await train(again.page);
  assert.equal(back.testLoss, reference.testLoss, 'the default build, bit for bit');
  for (const p of [plain, fast, again]) assert.deepEqual(p.pageErrors, []);
});
