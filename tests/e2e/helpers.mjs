// Shared set-up for the browser tests: serve the built site on an ephemeral port and
// launch the system Chromium through playwright-core.

import { existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../tools/serve.mjs';

// The site under test; BRAINLAB_SITE points the tests at another build of it.
export const SITE_ROOT = path.resolve(process.env.BRAINLAB_SITE ?? 'build/site');

export const CHROMIUM_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/**
 * Serves `root` (SITE_ROOT by default); resolves to { server, url } with url ending in "/".
 * `check` is a file that must exist first (the built core).
 */
export async function serveSite(root = SITE_ROOT, { check = path.join(root, 'pkg', 'brainlab.js') } = {}) {
  const core = check;
  if (!existsSync(core)) throw new Error(`${core} is missing: build the site first (make site)`);
  const server = startServer({ root, port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** How long a page's waits may take: generous, since CI shares 2 cores with the training. */
const PAGE_TIMEOUT_MS = 90_000;

/** Launches Debian's Chromium; every page it opens waits up to PAGE_TIMEOUT_MS by default. */
export async function launchChromium() {
  const browser = await chromium.launch(CHROMIUM_OPTIONS);
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    return page;
  };
  return browser;
}

/**
 * Serves the built site and launches Chromium once for the calling test file (registering its
 * before/after hooks); `site` and `browser` appear on the returned object when the tests run.
 */
export function useSiteAndBrowser() {
  const lab = {};
  before(async () => {
    lab.site = await serveSite();
    lab.browser = await launchChromium();
  });
  after(async () => {
    await lab.browser?.close();
    lab.site?.server.close();
  });
  return lab;
}

/** Collects uncaught exceptions and unhandled rejections of the page. */
export function watchPageErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Sets form fields ({ '#id': value }: a select's option, or an input's text). */
export async function fillFields(page, fields) {
  for (const [selector, value] of Object.entries(fields)) {
    const isSelect = await page.locator(selector).evaluate((el) => el.tagName === 'SELECT');
    if (isSelect) await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
}

/**
 * Opens the lab in a new page, waits for it to be ready, sets form fields ({ '#id': value },
 * '#hidden' required) and waits until the workers are rebuilt for them with Start usable.
 */
export async function openLab(browser, url, fields, pageOptions = {}) {
  const page = await browser.newPage(pageOptions);
  const pageErrors = watchPageErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => !document.querySelector('#start').disabled);
  await fillFields(page, fields);
  await page.waitForFunction(
    (label) => {
      const rows = document.querySelectorAll('#runs tr');
      return rows.length === 1 && rows[0].textContent.includes(label) && !document.querySelector('#start').disabled;
    },
    `h=${fields['#hidden']}`,
  );
  return { page, pageErrors };
}

/**
 * Opens `url` (fragment included) in a new page and waits until Start is usable.
 * Resolves to { page, pageErrors, consoleErrors }.
 */
export async function openPage(browser, url, pageOptions = {}) {
  const page = await browser.newPage(pageOptions);
  const pageErrors = watchPageErrors(page);
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => !document.querySelector('#start').disabled, null, { timeout: 60_000 });
  return { page, pageErrors, consoleErrors };
}

/** Waits until every run's status reads `state` (e.g. "done", "paused"). */
export function waitForRuns(page, state, timeout = 90_000) {
  return page.waitForFunction(
    (state) => {
      const cells = [...document.querySelectorAll('#runs [data-testid="state"]')];
      return cells.length > 0 && cells.every((cell) => cell.firstChild?.textContent === state);
    },
    state,
    { timeout, polling: 100 },
  );
}

/** Per run: its label and the raw numbers of its table row ('' where it shows "—"). */
export function runRows(page) {
  return page.$$eval('#runs tr', (rows) =>
    rows.map((row) => {
      const value = (id) => row.querySelector(`[data-testid="${id}"]`).dataset.value;
      return {
        label: row.querySelector('[data-testid="run-label"]').textContent,
        step: value('step'),
        testLoss: value('test-loss'),
        trainAcc: value('train-acc'),
        testAcc: value('test-acc'),
      };
    }),
  );
}

/** Non-white opaque pixels in the canvases under `selector` (a view's panel: `[data-panel="key"]`). */
export function ink(page, selector) {
  return page.$$eval(`${selector} canvas`, (canvases) => canvases.reduce((sum, canvas) => {
    if (!canvas.width || !canvas.height) return sum;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && (data[i] < 230 || data[i + 1] < 230 || data[i + 2] < 230)) n += 1;
    return sum + n;
  }, 0));
}

/**
 * Per colour ("#rrggbb"), the number of opaque pixels near it in the canvases matching
 * `selector` (every canvas of a panel, say).
 */
export function colourCounts(page, selector, colours) {
  return page.evaluate(
    ({ selector, colours }) => {
      const targets = colours.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
      const counts = colours.map(() => 0);
      for (const canvas of document.querySelectorAll(selector)) {
        if (!canvas.width || !canvas.height) continue;
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] < 200) continue;
          targets.forEach((t, k) => {
            if (Math.abs(data[i] - t[0]) + Math.abs(data[i + 1] - t[1]) + Math.abs(data[i + 2] - t[2]) < 40) counts[k] += 1;
          });
        }
      }
      return counts;
    },
    { selector, colours },
  );
}

/** Clicks `selector` and resolves to the downloaded file's name and bytes (Chromium stops a page's downloads after about ten). */
export async function downloadOf(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** The first eight bytes of every PNG file. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** View `key`'s PNG export through the page's debug handle (?debug=1): { bytes, width, height, signature }. */
export function viewPng(page, key) {
  return page.evaluate((key) => window.__brainlab.png(key), key);
}
