// Runs www/bench.html in headless Chromium against the built site, prints the figures
// and writes them to bench/results/chromium-latest.json.
//
//   node bench/chromium.mjs        (after `make site`; BRAINLAB_SITE overrides build/site)

import { mkdir, writeFile } from 'node:fs/promises';
import { launchChromium, serveSite } from '../tests/e2e/helpers.mjs';

const OUTPUT = 'bench/results/chromium-latest.json';
const TIMEOUT_MS = 10 * 60_000;

async function runBenchmark() {
  const site = await serveSite();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(`${site.url}bench.html`);
    await page.waitForFunction(() => window.benchResult, null, { timeout: TIMEOUT_MS, polling: 500 });
    const result = await page.evaluate(() => window.benchResult);
    if (result.error) throw new Error(`the benchmark page failed: ${result.error}`);
    return { ...result, chromium: browser.version() };
  } finally {
    await browser.close();
    site.server.close();
  }
}

try {
  const result = await runBenchmark();
  const rows = [
    ['chromium', result.chromium],
    ['steps/s median', result.steps_per_sec.median.toFixed(1)],
    ['steps/s best', result.steps_per_sec.best.toFixed(1)],
    ['GFLOP/s median', result.gflops.median.toFixed(2)],
    ['GFLOP/s best', result.gflops.best.toFixed(2)],
    ['evaluate ms median', result.evaluate_ms.median.toFixed(1)],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(20)} ${value}`);
  console.log(`(${result.gflops_formula}; ${result.gflops_note})`);
  await mkdir('bench/results', { recursive: true });
  await writeFile(OUTPUT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${OUTPUT}`);
} catch (err) {
  console.error(`bench/chromium: ${err.message}`);
  process.exitCode = 1;
}
