// Runs the benchmark pages in headless Chromium against the built site and prints one JSON
// object: brainlab and TensorFlow.js's wasm backend (transpose flags, explicit transposes)
// timed in turns (bench.html?page=compare), TensorFlow.js's cpu backend (?page=tfjs) and the
// Figure 2 sweep in four workers (?page=sweep), one evaluation with and without the KDE
// bounds (?page=kde), and the models that settle beside backprop (?page=settling). Each page
// runs in a fresh tab, one after another.
//
//   node bench/chromium.mjs [--short] [--only=compare,tfjs,sweep,kde,settling,brainlab]
//   (in the folder bench/run.sh assembles: the site, bench/pages/ and TensorFlow.js;
//   BRAINLAB_BENCH overrides build/bench)

import path from 'node:path';
import { launchChromium, serveSite } from '../tests/e2e/helpers.mjs';

const ROOT = path.resolve(process.env.BRAINLAB_BENCH ?? 'build/bench');

const SHORT = process.argv.includes('--short');
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const TIMEOUT_MS = 15 * 60_000;

// The compare page times brainlab and the two TensorFlow.js wasm variants in turns (its result
// holds all three); the slow cpu backend and the sweep run on their own pages.
const PAGES = [
  { key: 'compare', group: 'compare', path: 'bench.html?page=compare' },
  { key: 'tfjs_cpu_transpose', group: 'tfjs', path: 'bench.html?page=tfjs&backend=cpu&variant=transpose' },
  { key: 'sweep', group: 'sweep', path: 'bench.html?page=sweep' },
  { key: 'kde', group: 'kde', path: 'bench.html?page=kde' },
  { key: 'settling', group: 'settling', path: 'bench.html?page=settling' },
  // brainlab alone, only with --only=brainlab: for comparing builds quickly.
  { key: 'brainlab', group: 'brainlab', path: 'bench.html', optional: true },
];

async function runPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.benchResult, null, { timeout: TIMEOUT_MS, polling: 250 });
    const result = await page.evaluate(() => window.benchResult);
    return errors.length && result.error ? { ...result, page_errors: errors } : result;
  } finally {
    await page.close();
  }
}

const site = await serveSite(ROOT);
const browser = await launchChromium();
const out = { chromium: browser.version(), short: SHORT };
try {
  for (const { key, group, path, optional } of PAGES) {
    if (ONLY ? !ONLY.includes(group) : optional) continue;
    const url = `${site.url}${path}${SHORT ? `${path.includes('?') ? '&' : '?'}short=1` : ''}`;
    process.stderr.write(`chromium: ${path}\n`);
    const result = await runPage(browser, url);
    if (result.error) process.stderr.write(`chromium: ${path} failed: ${result.error}\n`);
    if (key === 'compare' && !result.error) {
      const { brainlab, brainlab_fma, tfjs_wasm_transpose, tfjs_wasm_flags, ...rest } = result;
      Object.assign(out, { brainlab, brainlab_fma, tfjs_wasm_transpose, tfjs_wasm_flags, compare: rest });
    } else if (key === 'compare') {
      Object.assign(out, { brainlab: result, tfjs_wasm_transpose: result, tfjs_wasm_flags: result });
    } else out[key] = result;
  }
} finally {
  await browser.close();
  site.server.close();
}
console.log(JSON.stringify(out));
