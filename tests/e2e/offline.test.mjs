// The lab offline (www/sw.js, app/offline.js): installable; after one visit the page loads and
// trains with the network gone, the server stopped too; a new build replaces the old one's cache as a whole,
// only when the reader asks, and the footer says which build runs. Each test serves its own copy
// of the site, so that stopping the server or rebuilding the copy touches no other test.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { stamp } from '../../tools/build-info.mjs';
import { SITE_ROOT, launchChromium, runRows, serveSite, waitForRuns, watchPageErrors } from './helpers.mjs';

let browser;
const copies = [];
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the built site (without the 26 MB full training set) in a temporary folder. */
async function copySite() {
  const dir = await mkdtemp(path.join(tmpdir(), 'brainlab-offline-'));
  copies.push(dir);
  await cp(SITE_ROOT, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}full${path.sep}`) || src.endsWith('SHA256SUMS') });
  return dir;
}

const buildOf = (page) => page.locator('#build-version').getAttribute('data-build');
const offlineReady = (page) => page.waitForSelector('#offline-status[data-offline="ready"]');
const cacheNames = (page) => page.evaluate(() => caches.keys());
const stopServer = (server) =>
  new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  });

test('after one visit the lab loads and trains to an evaluation offline, the server stopped', { timeout: 240_000 }, async () => {
  const root = await copySite();
  const { server, url } = await serveSite(root);
  const info = JSON.parse((await readFile(path.join(root, 'build-info.js'), 'utf8')).replace(/^[^]*?= /, '').replace(/;\s*$/, ''));
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const errors = watchPageErrors(page);
  await page.goto(`${url}#hidden=15&steps=200&eval_interval=100`);
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  assert.equal(await buildOf(page), info.id, 'the footer names the build that was served');
  assert.match(await page.textContent('#build-version'), new RegExp(`build ${info.id}`));
  await offlineReady(page);
  assert.deepEqual(await cacheNames(page), [`brainlab-app-${info.id}`]);
  // Installable: Chromium reads the manifest without errors and finds nothing missing (but that
  // Playwright's contexts are incognito-like).
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  assert.match(manifest.url, /manifest\.webmanifest$/);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);

  await context.setOffline(true);
  await stopServer(server);
  await page.reload();
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the reloaded page is served by the service worker');
  // Nothing reaches a server: a file the cache lacks fails.
  assert.equal(await page.evaluate(() => fetch('not-in-the-cache.txt').then(() => 'fetched', () => 'failed')), 'failed');
  assert.equal(await page.inputValue('#hidden'), '15');
  await page.click('#start');
  await waitForRuns(page, 'done', 120_000);
  const [row] = await runRows(page);
  assert.equal(row.step, '200');
  assert.ok(Number(row.testAcc) > 0.3, `trained offline to a test accuracy of ${row.testAcc}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new build replaces the old cache as a whole, once the reader reloads into it', { timeout: 240_000 }, async () => {
  const root = await copySite();
  const { server, url } = await serveSite(root);
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const errors = watchPageErrors(page);
  await page.goto(url);
  await offlineReady(page);
  const first = await buildOf(page);
  await page.reload(); // now under the service worker
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));

  // A new build: one changed byte in the style sheet gives a new id.
  await appendFile(path.join(root, 'style.css'), '\n/* build B */\n');
  const second = stamp(root).id;
  assert.notEqual(second, first);

  await page.reload(); // the old build serves this page; the browser finds the new one meanwhile
  await page.waitForSelector('#update-reload:not([hidden])');
  assert.equal(await buildOf(page), first, 'a page keeps its own build while the new one waits');
  assert.doesNotMatch(await page.evaluate(() => fetch('style.css').then((r) => r.text())), /build B/, 'no file of the new build reaches the old page');

  await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
  await page.waitForFunction((id) => document.querySelector('#build-version').dataset.build === id, second);
  await page.waitForFunction(async (id) => (await caches.keys()).join() === `brainlab-app-${id}`, second);
  assert.match(await page.evaluate(() => fetch('style.css').then((r) => r.text())), /build B/);
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  assert.deepEqual(errors, []);
  await context.close();
  await stopServer(server);
});
