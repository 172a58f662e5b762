// The experiment in the URL fragment: a copied link reproduces a run exactly in a new page,
// a hostile or oversized fragment falls back to defaults field by field with a notice, and a
// classroom link shows only Start, Pause and the explanation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillFields, openPage, runRows, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

/** Sets form fields ({ '#id': value }) and waits until the workers are rebuilt for `runs` runs. */
async function configure(page, fields, runs) {
  await fillFields(page, fields);
  await page.waitForFunction(
    (runs) => document.querySelectorAll('#runs tr').length === runs &&
      [...document.querySelectorAll('#runs [data-testid="state"]')].every((c) => c.textContent === 'ready') &&
      !document.querySelector('#start').disabled,
    runs,
  );
}

const FIELDS = ['#hidden', '#activation', '#learning_rate', '#seed', '#steps', '#eval_interval', '#batch_size'];
const formValues = (page) => Promise.all(FIELDS.map((f) => page.inputValue(f)));

test('a copied link reproduces the run: same settings, same first evaluation', { timeout: 120_000 }, async () => {
  const context = await lab.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page, pageErrors } = await openPage(context, lab.site.url);
  await configure(page, {
    '#hidden': '30, 20x10',
    '#activation': 'tanh',
    '#learning_rate': '0.00002',
    '#seed': '12345',
    '#steps': '40',
    '#eval_interval': '10',
    '#batch_size': '50',
  }, 2);

  await page.click('#copy-link');
  await page.locator('#copy-status').filter({ hasText: 'copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, await page.inputValue('#share-link'));
  assert.equal(link, page.url(), 'the address bar holds the same link');
  assert.match(link, /#.*hidden=30,20x10/);
  assert.match(link, /seed=12345/);

  await page.click('#step');
  await waitForRuns(page, 'paused');
  const first = await runRows(page);
  const settings = await formValues(page);

  const { page: copy, pageErrors: copyErrors } = await openPage(context, link);
  assert.deepEqual(await formValues(copy), settings, 'the link restores every field');
  assert.equal(await copy.isVisible('#notice'), false);
  await copy.click('#step');
  await waitForRuns(copy, 'paused');
  const again = await runRows(copy);
  assert.equal(again[0].step, '10');
  assert.notEqual(again[0].testAcc, '');
  assert.deepEqual(again, first, 'the same seed gives the same numbers');
  assert.equal(await copy.textContent('#loss-summary'), await page.textContent('#loss-summary'));
  assert.deepEqual([...pageErrors, ...copyErrors], []);
  await context.close();
});

test('a hostile fragment falls back to defaults field by field, with a notice', { timeout: 120_000 }, async () => {
  const hostile = [
    'v=1',
    'steps=1e30',
    'hidden=abc',
    'seed=4242', // valid: kept
    'evil=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E',
    'learning_rate=-5',
    'activation=%E0%A4%A',
    `batch_size=${'9'.repeat(300)}`,
    'preset=%3Cscript%3E',
    'panels=bogus,loss,table,explanation,gallery,acc,share',
    'init_std=NaN',
    'bias=maybe',
    'hidden=1,2,3,4,5,6,7,8,9,10,11,12,13',
    '__proto__=1',
    'constructor=x',
  ].join('&');
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}#${hostile}`);
  const notice = page.locator('#notice');
  assert.equal(await notice.isVisible(), true);
  const text = await notice.innerText();
  for (const word of ['steps', 'hidden', 'evil', 'learning_rate', 'activation', 'batch_size', 'preset', 'bogus', 'init_std', 'bias', '__proto__']) {
    assert.ok(text.includes(word), `the notice mentions ${word}:\n${text}`);
  }
  assert.deepEqual(await formValues(page), ['120', 'sigmoid', '0.000005', '4242', '10000', '100', '100']);
  assert.equal(await page.isChecked('#bias'), false);
  assert.equal(await page.evaluate(() => document.querySelector('img') === null && window.pwned === undefined), true, 'nothing was injected');
  assert.match(page.url(), /steps=10000/, 'the address bar holds the settings in use');

  // The page works: a run trains.
  await page.fill('#steps', '20');
  await page.fill('#eval_interval', '10');
  await page.waitForFunction(() => document.querySelector('#runs [data-testid="step"]')?.textContent.endsWith('/ 20') && !document.querySelector('#start').disabled);
  await page.click('#start');
  await waitForRuns(page, 'done');
  await notice.getByRole('button', { name: /dismiss/i }).click();
  assert.equal(await notice.isVisible(), false);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('an oversized fragment is ignored as a whole, with a notice', async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#steps=20&junk=${'%41'.repeat(5000)}`);
  assert.match(await page.locator('#notice').innerText(), /characters long/);
  assert.equal(await page.inputValue('#steps'), await page.evaluate(async () => {
    const core = await import('./pkg/brainlab.js');
    return String(core.presets()[0]?.runs[0].config.steps ?? core.defaultConfig().steps);
  }));
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('a classroom link shows only Start, Pause and the explanation; panels follow the link', async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#preset=fig2&steps=20&eval_interval=10&classroom=1&panels=table,acc`);
  const visible = async (selector) => page.locator(selector).isVisible();
  assert.equal(await visible('#start'), true);
  assert.equal(await visible('#pause'), true);
  assert.equal(await visible('#explanation'), true, 'the explanation stays in classroom mode');
  for (const hidden of ['#config', '#step', '#reset', '#copy-link', '#gallery', '.share', '.data-panel', '.view-menu', '[data-panel="loss"] .plot']) {
    assert.equal(await visible(hidden), false, `${hidden} is hidden`);
  }
  assert.equal(await visible('[data-panel="accuracy"] .plot'), true);
  assert.equal(await visible('.panel.table-panel'), true);

  await page.click('#leave-classroom');
  assert.equal(await visible('#config'), true);
  assert.doesNotMatch(page.url(), /classroom=1/);
  assert.match(page.url(), /panels=table,acc/);
  assert.deepEqual(pageErrors, []);
  await page.close();
});
