// Resource limits from the page: sizes, steps and run counts past the core's limits, and
// networks past the 96 MB a run may use, are refused with a message naming the field, whether
// they come from a link or from the form. Nothing past a limit ever trains.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, useSiteAndBrowser } from './helpers.mjs';

const lab = useSiteAndBrowser();

const MEMORY = /this run would need about \d+ MB, more than the 96 MB one run may use/;

/** Waits until the workers have been set up (or refused) for the settings in the form. */
function settled(page) {
  return page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('#runs [data-testid="state"]')];
    return cells.length > 0 && cells.every((c) => !c.textContent.startsWith('preparing'));
  }, null, { timeout: 60_000 });
}

test('a link past the limits: each field is refused by name and its default kept', { timeout: 120_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=5000&steps=1000000000&seed=7`);
  const notice = await page.locator('#notice').innerText();
  assert.match(notice, /hidden: a layer of 5000 units; widths must be 1 to 4096/);
  assert.match(notice, /steps: 1000000000 is not in 1\.\.=10000000/);
  assert.deepEqual(await Promise.all(['#hidden', '#steps', '#seed'].map((f) => page.inputValue(f))), ['120', '10000', '7']);
  await page.close();

  const { page: nine } = await openPage(lab.browser, `${lab.site.url}#hidden=${Array.from({ length: 13 }, (_, i) => 10 + i).join(',')}`);
  assert.match(await nine.locator('#notice').innerText(), /hidden: 13 values, but at most 12 runs \(settings\) fit on the page/);
  assert.equal(await nine.locator('#runs tr').count(), 1);
  await nine.close();

  // Limits only the built network can check: the memory a run needs, by its width or its batch.
  for (const [fragment, field] of [['hidden=4096x4096x4096', 'hidden'], ['hidden=2048&batch_size=10000&train_size=10000', 'batch_size']]) {
    const big = await lab.browser.newPage();
    const errors = [];
    big.on('pageerror', (err) => errors.push(err.message));
    await big.goto(`${lab.site.url}#${fragment}&steps=100`);
    await big.locator('#config-error').filter({ hasText: MEMORY }).waitFor({ timeout: 60_000 });
    assert.match(await big.textContent('#config-error'), new RegExp(`^${field}: `), fragment);
    assert.match(await big.locator('#error').innerText(), new RegExp(`cannot be set up: ${field}: .*96 MB`));
    assert.equal(await big.locator('[data-run="0"] [data-testid="state"]').evaluate((c) => c.firstChild.textContent), 'failed');
    assert.equal(await big.isDisabled('#start'), true, `${fragment}: nothing trains`);
    assert.deepEqual(errors, []);
    await big.close();
  }
  assert.deepEqual(pageErrors, []);
});

test('the form past the limits: a message naming the field, and Start stays off until it is fixed', { timeout: 120_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=30&steps=100`);
  const error = () => page.textContent('#config-error');
  const cases = [
    ['#hidden', '5000', /^hidden: a layer of 5000 units; widths must be 1 to 4096/],
    ['#hidden', '1,2,3,4,5,6,7,8,9,10,11,12,13', /^hidden: 13 values, but at most 12 runs \(settings\) fit on the page/],
    ['#hidden', '30x30x30x30', /^hidden: 4 hidden layers given, 1 to 3 allowed/],
    ['#steps', '1e9', /^steps: 1000000000 is not in 1\.\.=10000000/],
  ];
  const cleared = () => page.waitForFunction(() => document.querySelector('#config-error').textContent === '');
  for (const [field, value, message] of cases) {
    await page.fill(field, value);
    await page.locator('#config-error').filter({ hasText: message }).waitFor();
    assert.equal(await page.isDisabled('#start'), true, `${field} = ${value}: Start is off`);
    await page.fill(field, field === '#hidden' ? '30' : '100');
    await cleared();
  }

  // Past the memory budget: the form's value is valid on its own, the network it builds is not.
  await page.fill('#hidden', '4096x4096x4096');
  await page.locator('#config-error').filter({ hasText: MEMORY }).waitFor({ timeout: 60_000 });
  assert.match(await error(), /^hidden: /);
  assert.equal(await page.isDisabled('#start'), true);
  assert.equal(await page.isDisabled('#hidden'), false, 'the settings stay open to fix it');

  await page.fill('#hidden', '30');
  await settled(page);
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  await cleared();
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.deepEqual(pageErrors, []);
  await page.close();
});
