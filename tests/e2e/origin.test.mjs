// Origin hygiene over a whole session: loading, training a sweep to the end, switching presets
// and exporting never sends a request off the page's origin, and the Content-Security-Policy
// the page declares is never violated (so the page really works under it).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useSiteAndBrowser, watchPageErrors } from './helpers.mjs';

const lab = useSiteAndBrowser();

test('a full session stays on the page origin under its CSP', { timeout: 180_000 }, async () => {
  const page = await lab.browser.newPage();
  const pageErrors = watchPageErrors(page);
  const origin = new URL(lab.site.url).origin;
  const offOrigin = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) offOrigin.push(req.url());
  });
  // Workers' requests are seen too: every fetch goes through the browser context.
  page.context().on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) offOrigin.push(req.url());
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  await page.goto(`${lab.site.url}#preset=fig2&steps=200&eval_interval=100`);
  await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 60_000 });
  await page.click('#start');
  await page.waitForFunction(
    () => [...document.querySelectorAll('#runs [data-testid="state"]')].every((c) => c.textContent.trim() === 'done'),
    null,
    { timeout: 120_000 },
  );
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(pageErrors, []);
  await page.close();
});
