// The models whose neurons settle (issue 14: predictive coding, equilibrium propagation, the
// dendritic microcircuit) on the benchmark's 784-120-10 network at batch 100, with backprop
// timed beside them in turns, as the compare page times brainlab against TensorFlow.js: each
// round times one sample of each, so a busy machine slows them alike. Per model: training
// steps/s, the inner iterations a step's settling took (mean) and inner iterations/s (the
// core counts them: Lab.innerIterations), and one evaluation's time. Equilibrium propagation
// runs in the standard convention (its hard-sigmoid states stick at the walls under raw
// pixels) with settle_step 1, as `brainlab bench` and the settling preset run it; the others
// in the coursework's, like every other row; the microcircuit after its self-predicting steps.
//   bench.html?page=settling[&short=1]
// The result lands on window.benchResult (read by bench/chromium.mjs).

import { loadCore } from './app/core.js';
import { loadDataset } from './dataset/download.js';
import { brainlabNetwork, evaluationsInTurns, median, msSummary, rateSummary, timed } from './bench-core.js';
import { SHORT, pause, report, status } from './bench-report.js';


/** The models and the settings they are timed in (those of `brainlab bench --rule R`). */
export const MODELS = {
  backprop: { rule: 'backprop' },
  predictive_coding: { rule: 'predictive_coding' },
  equilibrium_propagation: { rule: 'equilibrium_propagation', convention: 'standard', settle_step: 1 },
  dendritic_microcircuit: { rule: 'dendritic_microcircuit' },
};

// The settling models take tens of inner iterations a step: fewer steps than the other pages.
const PLAN = SHORT
  ? { warmupSteps: 3, timedSteps: 5, rounds: 2, evalRepeats: 1 }
  : { warmupSteps: 20, timedSteps: 50, rounds: 5, evalRepeats: 3 };

async function benchmark() {
  status.textContent = 'Loading the core and the data…';
  const core = await loadCore();
  const files = await loadDataset();
  const names = Object.keys(MODELS);
  const nets = {};
  try {
    for (const name of names) nets[name] = brainlabNetwork(core, files, MODELS[name]);
    status.textContent = 'Warming up…';
    await pause();
    // The microcircuit's first steps only learn its lateral weights: it is timed after them,
    // in its supervised phase (as `brainlab bench` times it).
    nets.dendritic_microcircuit.steps(nets.dendritic_microcircuit.config().micro_self_predicting_steps);
    const perStepMs = {};
    for (const name of names) perStepMs[name] = timed(() => nets[name].steps(PLAN.warmupSteps)) / PLAN.warmupSteps;
    // Each sample runs about as long as the slowest model's planned steps take, and at least
    // PLAN.timedSteps / 10 steps.
    const slowest = Math.max(...Object.values(perStepMs));
    const count = {};
    for (const name of names) {
      count[name] = Math.min(2000, Math.max(Math.ceil(PLAN.timedSteps / 10), Math.round((PLAN.timedSteps * slowest) / perStepMs[name])));
    }
    const steps = Object.fromEntries(names.map((n) => [n, []]));
    const iterations = Object.fromEntries(names.map((n) => [n, []]));
    const counted = Object.fromEntries(names.map((n) => [n, 0]));
    for (let r = 0; r < PLAN.rounds; r += 1) {
      status.textContent = `Round ${r + 1} of ${PLAN.rounds}…`;
      await pause();
      for (const name of names) {
        const before = nets[name].innerIterations();
        const ms = timed(() => nets[name].steps(count[name]));
        const done = nets[name].innerIterations() - before;
        counted[name] += done;
        steps[name].push((count[name] * 1000) / ms);
        iterations[name].push((done * 1000) / ms);
      }
    }
    status.textContent = 'Timing evaluations…';
    await pause();
    const evalMs = evaluationsInTurns(nets, names, PLAN.evalRepeats);
    const out = { mode: `interleaved: ${PLAN.rounds} rounds, each timing ${names.map((n) => `${count[n]} steps of ${n}`).join(', ')}` };
    for (const name of names) {
      const settles = counted[name] > 0;
      const config = nets[name].config();
      out[name] = {
        rule: config.rule,
        convention: config.convention,
        steps_per_sec: rateSummary(steps[name]),
        ...(settles && {
          inner_iterations_per_step: counted[name] / (count[name] * PLAN.rounds),
          inner_iterations_per_sec: rateSummary(iterations[name]),
        }),
        evaluate_ms: msSummary(evalMs[name]),
        timed_steps: count[name],
        repeats: PLAN.rounds,
        config,
      };
    }
    out.ratio_to_backprop = Object.fromEntries(names.slice(1).map((n) => [n, median(steps[n].map((s, r) => s / steps.backprop[r]))]));
    return out;
  } finally {
    for (const net of Object.values(nets)) net.free();
  }
}

await report(benchmark, {
  head: ['model', 'steps/s (median)', 'inner iterations / step', 'inner iterations/s (median)', 'evaluation ms (median)'],
  rows: (out) => Object.keys(MODELS).map((name) => {
    const r = out[name];
    return [
      name,
      r.steps_per_sec.median.toFixed(1),
      r.inner_iterations_per_step?.toFixed(1) ?? '—',
      r.inner_iterations_per_sec?.median.toFixed(0) ?? '—',
      r.evaluate_ms.median.toFixed(1),
    ];
  }),
  done: (result) => `Done: ${result.mode}.`,
});
