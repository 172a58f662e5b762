// One full evaluation (Lab.evaluate: the 10,000 test images, every diagnostic and information
// measure) of the benchmark's 784-120-10 network, with binning threshold and with binning kde
// (the same, plus the KDE bounds on each layer over the first kde_samples test images at the
// core's default kde_samples), timed in turns: each round times one evaluation of each, so a
// busy machine slows both alike and the per-round ratios stay meaningful (the order alternates) (issue 16's target:
// at most 2×). The result lands on window.benchResult (read by bench/chromium.mjs).
//   bench.html?page=kde[&short=1]

import { loadCore } from './app/core.js';
import { loadDataset } from './dataset/download.js';
import { brainlabNetwork, median, msSummary, plan, timed } from './bench-core.js';
import { SHORT, pause, report, status } from './bench-report.js';


async function benchmark() {
  status.textContent = 'Loading the core and the data…';
  const core = await loadCore();
  const files = await loadDataset();
  const rounds = SHORT ? 2 : 11;
  const nets = { threshold: brainlabNetwork(core, files, { binning: 'threshold' }), kde: brainlabNetwork(core, files, { binning: 'kde' }) };
  try {
    const steps = plan(SHORT).warmupSteps;
    for (const net of Object.values(nets)) {
      net.steps(steps); // the same trained weights in both
      net.evaluate(); // warm-up
    }
    const ms = { threshold: [], kde: [] };
    const ratios = [];
    for (let r = 0; r < rounds; r += 1) {
      status.textContent = `Round ${r + 1} of ${rounds}…`;
      await pause();
      // Which goes first alternates, so that neither always runs on a warmer (or busier) core.
      const order = r % 2 ? ['kde', 'threshold'] : ['threshold', 'kde'];
      for (const name of order) ms[name].push(timed(() => nets[name].evaluate()));
      ratios.push(ms.kde[r] / ms.threshold[r]);
    }
    const config = nets.kde.config();
    return {
      mode: `interleaved: ${rounds} rounds, each timing one evaluation without and one with the KDE bounds, in alternating order`,
      threshold: { evaluate_ms: msSummary(ms.threshold) },
      kde: { evaluate_ms: msSummary(ms.kde), kde_samples: config.kde_samples, kde_noise_var: config.kde_noise_var },
      ratio: { median: median(ratios), best: Math.min(...ratios), samples: ratios },
      hidden: config.hidden,
      user_agent: navigator.userAgent,
      date: new Date().toISOString(),
    };
  } finally {
    for (const net of Object.values(nets)) net.free();
  }
}

await report(benchmark, {
  rows: (result) => [
    ['evaluation ms, threshold (median)', result.threshold.evaluate_ms.median.toFixed(1)],
    [`evaluation ms, kde, ${result.kde.kde_samples} samples (median)`, result.kde.evaluate_ms.median.toFixed(1)],
    ['kde / threshold (median of rounds)', `${result.ratio.median.toFixed(2)}×`],
  ],
  done: (result) => `Done: ${result.mode}.`,
});
