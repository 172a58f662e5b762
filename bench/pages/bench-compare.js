// brainlab and TensorFlow.js (wasm backend: explicit transposes, and transpose flags) on the
// same work, timed in turns: each round times one sample of each, so a busy machine slows
// them alike and the per-round ratios stay meaningful. Then the evaluations, in turns too.
//   bench.html?page=compare[&short=1]
// The result lands on window.benchResult (read by bench/chromium.mjs).

import { loadCore } from './app/core.js';
import { loadDataset } from './dataset/download.js';
import { brainlabNetwork, evaluationsInTurns, gflops, median, msSummary, plan, rateSummary, timed } from './bench-core.js';
import { dataTensors, initBackend, tfjsNetwork } from './bench-tfjs-lib.js';
import { SHORT, pause, report, status } from './bench-report.js';

const tf = window.tf;

// bench/run.sh also builds pkg-fma/: the same core with relaxed-SIMD fused multiply-adds in
// the kernels' inner loop. Never served by the lab; timed here when present.
async function loadFmaCore() {
  try {
    const fma = await import('./pkg-fma/brainlab.js');
    await fma.default();
    return { core: fma, status: 'loaded' };
  } catch (err) {
    const present = await fetch('./pkg-fma/brainlab_bg.wasm', { method: 'HEAD' }).then((r) => r.ok, () => false);
    // Present but refused: this browser has no relaxed SIMD.
    return { core: null, status: present ? `not supported by this browser (${err.message})` : 'not built' };
  }
}

/** Trains the same short run on both builds and compares their metrics. */
function compareBuilds(core, fma, files, steps) {
  const config = { ...core.defaultConfig('coursework'), steps, eval_interval: 100 };
  const run = (c) => {
    const lab = new c.Lab(config, files.trainImages, files.trainLabels, files.testImages, files.testLabels);
    try {
      return lab.step(steps);
    } finally {
      lab.free();
    }
  };
  const [a, b] = [run(core), run(fma)];
  const rel = (x, y) => Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-30);
  let identical = a.length === b.length;
  const out = { steps, evaluations: a.length, max_rel_test_loss: 0, max_rel_train_loss: 0, max_abs_test_acc: 0 };
  a.forEach((m, i) => {
    const n = b[i];
    identical &&= m.test_loss === n.test_loss && m.train_loss === n.train_loss;
    out.max_rel_test_loss = Math.max(out.max_rel_test_loss, rel(m.test_loss, n.test_loss));
    out.max_rel_train_loss = Math.max(out.max_rel_train_loss, rel(m.train_loss, n.train_loss));
    out.max_abs_test_acc = Math.max(out.max_abs_test_acc, Math.abs(m.test_acc - n.test_acc));
  });
  return { ...out, bit_identical: identical, final: { deterministic: a.at(-1), fma: b.at(-1) } };
}

async function benchmark() {
  status.textContent = 'Loading brainlab, TensorFlow.js and the data…';
  const core = await loadCore();
  const { core: fma, status: fmaStatus } = await loadFmaCore();
  const files = await loadDataset();
  const features = await initBackend(tf, 'wasm');
  const tensors = await dataTensors(tf, files);
  const p = plan(SHORT);
  const nets = {
    brainlab: brainlabNetwork(core, files),
    ...(fma && { brainlab_fma: brainlabNetwork(fma, files) }),
    tfjs_wasm_transpose: tfjsNetwork(tf, tensors, 'transpose'),
    tfjs_wasm_flags: tfjsNetwork(tf, tensors, 'flags'),
  };
  const names = Object.keys(nets);
  try {
    status.textContent = 'Warming up…';
    await pause();
    const perStepMs = {};
    for (const name of names) perStepMs[name] = timed(() => nets[name].steps(p.warmupSteps)) / p.warmupSteps;
    // Each sample runs the same number of steps for brainlab as its plan says, and for a
    // slower library as many as take about as long (at least the plan's count).
    const count = {};
    for (const name of names) {
      count[name] = Math.min(400, Math.max(p.timedSteps, Math.round((p.timedSteps * perStepMs.brainlab) / perStepMs[name])));
    }
    const samples = Object.fromEntries(names.map((n) => [n, []]));
    const ratios = [];
    const fmaRatios = [];
    const fmaGain = [];
    for (let r = 0; r < p.rounds; r += 1) {
      status.textContent = `Round ${r + 1} of ${p.rounds}…`;
      await pause();
      for (const name of names) samples[name].push((count[name] * 1000) / timed(() => nets[name].steps(count[name])));
      const tfBest = Math.max(samples.tfjs_wasm_transpose[r], samples.tfjs_wasm_flags[r]);
      ratios.push(samples.brainlab[r] / tfBest);
      if (fma) {
        fmaRatios.push(samples.brainlab_fma[r] / tfBest);
        fmaGain.push(samples.brainlab_fma[r] / samples.brainlab[r]);
      }
    }
    status.textContent = 'Timing evaluations…';
    await pause();
    const evalMs = evaluationsInTurns(nets, names, p.evalRepeats);
    const out = {
      fma_status: fmaStatus,
      mode: `interleaved: ${p.rounds} rounds, each timing ${names.map((n) => `${count[n]} steps of ${n}`).join(', ')}`,
      ratio_to_best_tfjs_wasm: { median: median(ratios), best: Math.max(...ratios), samples: ratios },
      ...(fma && {
        fma_ratio_to_best_tfjs_wasm: { median: median(fmaRatios), best: Math.max(...fmaRatios), samples: fmaRatios },
        fma_over_deterministic: { median: median(fmaGain), best: Math.max(...fmaGain), samples: fmaGain },
      }),
    };
    for (const name of names) {
      const rate = rateSummary(samples[name]);
      out[name] = {
        steps_per_sec: rate,
        gflops: { median: gflops(rate.median), best: gflops(rate.best) },
        evaluate_ms: msSummary(evalMs[name]),
        timed_steps: count[name],
        repeats: p.rounds,
        ...(name.startsWith('tfjs') && { library: `TensorFlow.js ${tf.version_core}`, features }),
      };
    }
    out.brainlab.config = nets.brainlab.config();
    if (fma) {
      status.textContent = 'Comparing the relaxed-SIMD build with the deterministic one…';
      await pause();
      out.fma_vs_deterministic = compareBuilds(core, fma, files, SHORT ? 200 : 1000);
    }
    return out;
  } finally {
    nets.brainlab.free();
    nets.brainlab_fma?.free();
  }
}

await report(benchmark, {
  done: (result) => `Done: brainlab / best TensorFlow.js wasm, median of rounds: ${result.ratio_to_best_tfjs_wasm.median.toFixed(2)}×.`,
});
