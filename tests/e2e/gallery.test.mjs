// Every preset the core offers is in the gallery, loads from it, and trains a few steps without
// a console error. The presets are read from the page, so new ones are covered as they land;
// the link shortens each to 20 steps. A preset whose train_size needs all 60,000 training
// images (`standard`) first waits while the page fetches them (the e2e server serves
// data/full/, as tests/e2e/full-set.test.mjs relies on), then trains on them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, runRows, useSiteAndBrowser, waitForRuns, watchPageErrors } from './helpers.mjs';

const lab = useSiteAndBrowser();

const LOADING_FULL = /Loading all 60,000 training images/;
const LOADED_FULL = /All 60,000 training images are loaded/;

/**
 * Opens `url` and waits until Start is usable; when the page starts fetching the full training
 * set for the preset, until it has it. Resolves to { page, pageErrors, consoleErrors, full }.
 */
async function openPreset(browser, url) {
  const page = await browser.newPage();
  const pageErrors = watchPageErrors(page);
  const consoleErrors = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  await page.goto(url);
  const status = () => document.querySelector('#full-status').textContent;
  await page.waitForFunction(
    (pattern) => !document.querySelector('#start').disabled || new RegExp(pattern).test(document.querySelector('#full-status').textContent),
    LOADING_FULL.source,
    { timeout: 60_000 },
  );
  const full = LOADING_FULL.test(await page.evaluate(status));
  if (full) {
    await page.waitForFunction((pattern) => new RegExp(pattern).test(document.querySelector('#full-status').textContent), LOADED_FULL.source, { timeout: 180_000 });
    await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 120_000 });
  }
  return { page, pageErrors, consoleErrors, full };
}

test('the gallery lists every preset and each one trains a few steps', { timeout: 900_000 }, async () => {
  const { page: home, consoleErrors: homeErrors } = await openPage(lab.browser, lab.site.url);
  const presets = await home.$$eval('#gallery-list [data-preset]', (cards) =>
    cards.map((card) => ({ id: card.dataset.preset, title: card.querySelector('h3').textContent, text: card.querySelector('p').textContent })),
  );
  const options = await home.$$eval('#preset option', (os) => os.map((o) => o.value));
  assert.ok(presets.length >= 1, 'at least one preset');
  for (const preset of presets) {
    assert.ok(preset.title.length > 0 && preset.text.length > 20, `${preset.id} has a title and an explanation`);
    assert.ok(options.includes(preset.id), `${preset.id} is in the preset menu`);
  }

  // Load from the gallery: the form and the explanation follow.
  const last = presets.at(-1);
  await home.click(`#gallery-list [data-preset="${last.id}"] button`);
  assert.equal(await home.inputValue('#preset'), last.id);
  assert.equal(await home.textContent('#explanation-title'), last.title);
  assert.match(home.url(), new RegExp(`[#&]preset=${last.id}(&|$)`));
  assert.deepEqual(homeErrors, []);
  await home.close();

  const fetchedFull = [];
  for (const preset of presets) {
    const { page, pageErrors, consoleErrors, full } = await openPreset(lab.browser, `${lab.site.url}#preset=${preset.id}&steps=20&eval_interval=10`);
    if (full) {
      fetchedFull.push(preset.id);
      assert.match(await page.textContent('#data-detail'), /all 60,000 training images/, `${preset.id} trains on the full set`);
    }
    assert.equal(await page.textContent('#explanation-title'), preset.title, preset.id);
    assert.equal(await page.isVisible('#notice'), false, `${preset.id}: the link is read without a notice`);
    await page.click('#start');
    // The arena's 33 networks share the cores: generous on a loaded machine.
    await waitForRuns(page, 'done', 240_000).catch((err) => {
      throw new Error(`${preset.id}: ${err.message}`);
    });
    const rows = await runRows(page);
    assert.ok(rows.length >= 1, preset.id);
    // An autoencoder has a reconstruction error and no accuracy; a classifier has both.
    const autoencoder = (await page.inputValue('#task')) === 'autoencode';
    for (const row of rows) {
      assert.equal(row.step, '20', `${preset.id} ${row.label}`);
      assert.ok(Number(row.testLoss) > 0, `${preset.id} ${row.label}: test loss ${row.testLoss}`);
      const accuracy = Number(row.testAcc);
      if (autoencoder) assert.equal(row.testAcc, '', `${preset.id} ${row.label}: an autoencoder has no accuracy`);
      else assert.ok(row.testAcc !== '' && accuracy >= 0 && accuracy <= 1, `${preset.id} ${row.label}: test accuracy ${row.testAcc}`);
    }
    assert.deepEqual(pageErrors, [], preset.id);
    assert.deepEqual(consoleErrors, [], preset.id);
    await page.close();
  }
  assert.deepEqual(fetchedFull, ['standard'], 'standard, and only it, fetched all 60,000 training images first');
});
