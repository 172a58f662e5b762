// `make dist` output is hosted from any sub-path: every URL in the site is relative. Serve the
// folder above the site and open it at /<name>/: the core, the data and the charts must load
// from there, with no request outside the sub-path.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SITE_ROOT, launchChromium, serveSite, watchPageErrors } from './helpers.mjs';

let site;
let browser;

before(async () => {
  site = await serveSite(path.dirname(SITE_ROOT), { check: path.join(SITE_ROOT, 'pkg', 'brainlab.js') });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

test('the site works from a sub-path', { timeout: 60_000 }, async () => {
  const prefix = `/${path.basename(SITE_ROOT)}/`;
  const page = await browser.newPage();
  const pageErrors = watchPageErrors(page);
  const outside = [];
  const failed = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.origin === new URL(site.url).origin && !url.pathname.startsWith(prefix)) outside.push(url.pathname);
  });
  page.on('requestfailed', (req) => failed.push(req.url()));
  await page.goto(new URL(prefix, site.url).href);
  await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 45_000 });
  assert.deepEqual(outside, [], 'requests outside the sub-path');
  assert.deepEqual(failed, []);
  assert.deepEqual(pageErrors, []);
  await page.close();
});
