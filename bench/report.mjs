// Turns the raw results of one bench/run.sh run (DIR/raw.json) into the table (stdout), and
// checks that every row produced numbers: exits 1 naming the rows that did not.
//
//   node bench/report.mjs DIR

import { readFileSync } from 'node:fs';

const dir = process.argv[2];
const raw = JSON.parse(readFileSync(process.env.RAW ?? `${dir}/raw.json`, 'utf8'));
const { native, native_kde: nativeKde, node, chromium: c = {}, numpy, machine } = raw;
const FLOP_PER_STEP = 2 * 100 * (784 * 120 + 120 * 10) * 3;
const gflops = (sps) => (sps * FLOP_PER_STEP) / 1e9;

// Rows: { name, sps: {median, best}, evalMs: {median, best} } or { name, error }.
const rows = [];
const add = (name, r, note = '') => {
  if (!r || r.error || r.skipped) rows.push({ name, error: r?.error ?? r?.skipped ?? 'no result', skipped: Boolean(r?.skipped), note });
  else rows.push({ name, sps: r.steps_per_sec, evalMs: r.evaluate_ms, note });
};
add('brainlab, Chromium (wasm simd128, timed in turns with TensorFlow.js)', c.brainlab);
const fmaStatus = c.compare?.fma_status;
add('brainlab, Chromium, relaxed-SIMD FMA variant (the page\'s opt-in fast mode: see below)',
  c.brainlab_fma ?? (fmaStatus?.startsWith('not supported') ? { skipped: `skipped: ${fmaStatus}` } : { error: `the relaxed-SIMD build: ${fmaStatus ?? 'no result'}` }));
add('brainlab, Node (the same wasm)', node);
add('brainlab, native (x86_64 SSE2, 1 thread; median of 3 runs spread over the bench)', native && !native.error
  ? { steps_per_sec: { median: native.steps_per_s_median, best: native.steps_per_s_best },
      evaluate_ms: { median: native.eval_ms_median, best: native.eval_ms_best } }
  : native);
const adam = raw.native_adam;
add('brainlab, Adam + softmax cross-entropy, native (the same step otherwise; 1 run)', adam && !adam.error
  ? { steps_per_sec: { median: adam.steps_per_s_median, best: adam.steps_per_s_best },
      evaluate_ms: { median: adam.eval_ms_median, best: adam.eval_ms_best } }
  : adam ?? { error: 'not run' });
add('TensorFlow.js wasm (SIMD), explicit tf.transpose, Chromium (in turns)', c.tfjs_wasm_transpose);
add('TensorFlow.js wasm (SIMD), matMul transpose flags, Chromium (in turns)', c.tfjs_wasm_flags);
add('TensorFlow.js cpu, explicit tf.transpose, Chromium', c.tfjs_cpu_transpose);
const threads = numpy?.blas?.[0]?.num_threads;
const blas = numpy?.blas?.[0] ? `${numpy.blas[0].internal_api} ${numpy.blas[0].version}, ${numpy.blas[0].architecture} kernel` : 'BLAS unknown';
if (numpy?.skipped) add('numpy float32', numpy);
else {
  add(`numpy float32, ${threads ?? '?'} threads (${blas})`, numpy?.step);
  if (numpy?.step_1_thread) add(`numpy float32, 1 thread (${blas})`, numpy.step_1_thread);
}

const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const lines = [];
const say = (s = '') => lines.push(s);
say(`# make bench${raw.short ? ' (short mode: a few steps, figures not meaningful)' : ''}, ${raw.date}`);
say();
say(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}; ${machine.load}. Chromium ${c.chromium ?? '?'}; Node ${node?.node ?? '?'}; rustc ${machine.rustc}.`);
say();
say('The work: one SGD step of 784-120-10 (batch 100, sigmoid, squared error summed over the batch, raw pixels: the coursework convention); one evaluation = the 10,000 test images (for brainlab: `Lab.evaluate()`, with every diagnostic; for the others: loss and accuracy).');
say();
say('| target | steps/s (median) | steps/s (best) | GFLOP/s (median) | evaluation ms (median) | evaluation ms (best) |');
say('|---|---|---|---|---|---|');
for (const r of rows) {
  if (r.error) say(`| ${r.name} | — | — | — | — | — |`);
  else say(`| ${r.name} | ${f(r.sps.median)} | ${f(r.sps.best)} | ${f(gflops(r.sps.median), 1)} | ${f(r.evalMs.median, 1)} | ${f(r.evalMs.best, 1)} |`);
}
for (const r of rows.filter((x) => x.error)) say(`\n${r.name}: not measured (${r.error}).`);
say();
say('GFLOP/s = steps/s × 2·100·(784·120 + 120·10)·3 / 1e9: a nominal, dense-equivalent count for every row (brainlab skips exact zeros: blank pixels, saturated units; the others do the dense work).');

const sps = (name) => rows.find((r) => r.name.startsWith(name) && !r.error)?.sps.median;
const brChromium = sps('brainlab, Chromium');
const brNative = sps('brainlab, native');
const tfBest = Math.max(...rows.filter((r) => r.name.startsWith('TensorFlow.js wasm') && !r.error).map((r) => r.sps.median));
const evalChromium = c.brainlab?.evaluate_ms?.median;
say();
say('## Targets (medians of this run)');
say();
const target = (what, value, goal, ok) => say(`- ${what}: **${value}** (target ${goal}) ${ok ? '— holds' : '— does not hold'}`);
const inTurns = c.compare?.ratio_to_best_tfjs_wasm;
if (inTurns) {
  target('brainlab Chromium / best TensorFlow.js wasm variant, steps/s, median of the per-round ratios', `${inTurns.median.toFixed(2)}×`, '≥ 3×', inTurns.median >= 3);
  say(`  (per round: ${inTurns.samples.map((r) => r.toFixed(2)).join(', ')}; ratio of the medians ${(brChromium / tfBest).toFixed(2)}×; ${c.compare.mode})`);
} else if (brChromium && Number.isFinite(tfBest)) {
  target('brainlab Chromium / best TensorFlow.js wasm variant, steps/s', `${(brChromium / tfBest).toFixed(2)}×`, '≥ 3×', brChromium / tfBest >= 3);
}
const brChromiumBest = c.brainlab?.steps_per_sec?.best;
const brNativeBest = native?.steps_per_s_best;
if (brChromium && brNative) {
  target('brainlab Chromium / brainlab native, steps/s, medians', `${(brChromium / brNative).toFixed(2)}×`, '≥ 0.6×', brChromium / brNative >= 0.6);
  say(`  (best samples: ${(brChromiumBest / brNativeBest).toFixed(2)}×; the two run one after the other, not in turns)`);
}
if (Number.isFinite(evalChromium)) target('one full evaluation in Chromium', `${evalChromium.toFixed(1)} ms`, '< 100 ms', evalChromium < 100);
// brainlab's rows against its two peers: the best TensorFlow.js wasm variant and numpy.
const numpyRows = rows.filter((r) => r.name.startsWith('numpy float32') && !r.error);
const brainlabRows = rows.filter((r) => r.name.startsWith('brainlab') && !r.error);
if (brainlabRows.length && (Number.isFinite(tfBest) || numpyRows.length)) {
  say();
  say('## brainlab against its peers (steps/s, ratio of the medians; above 1: brainlab is faster)');
  say();
  const shortName = (r) => r.name.replace(/^numpy float32, /, 'numpy ').replace(/ \(.*$/, '');
  say(`| brainlab | / best TensorFlow.js wasm |${numpyRows.map((r) => ` / ${shortName(r)} |`).join('')}`);
  say(`|---|---|${numpyRows.map(() => '---|').join('')}`);
  for (const r of brainlabRows) {
    const ratio = (peer) => (Number.isFinite(peer) && peer > 0 ? `${(r.sps.median / peer).toFixed(2)}×` : '—');
    say(`| ${r.name.replace(/^brainlab, /, '')} | ${ratio(tfBest)} |${numpyRows.map((n) => ` ${ratio(n.sps.median)} |`).join('')}`);
  }
  if (!numpyRows.length) say(`\nnumpy: ${numpy?.skipped ?? numpy?.error ?? 'no result'}`);
}

const sw = c.sweep;
const npSweep = numpy?.sweep;
if (sw && !sw.error) {
  say();
  say(`## The Figure 2 sweep (4 runs × ${sw.steps_per_run} steps, hidden 15/30/60/120, evaluation every ${sw.eval_interval} steps)`);
  say();
  say('| where | how | wall time s | per run s (15 / 30 / 60 / 120) |');
  say('|---|---|---|---|');
  say(`| brainlab, Chromium tab | ${sw.mode} | ${(sw.wall_ms / 1e3).toFixed(2)} | ${sw.runs.map((r) => (r.ms / 1e3).toFixed(2)).join(' / ')} |`);
  if (npSweep) say(`| numpy float32 (${blas}, ${npSweep?.threads ?? '?'} thread(s): the faster setting in the step rows) | ${npSweep.mode} | ${(npSweep.wall_ms / 1e3).toFixed(2)} | ${npSweep.runs.map((r) => (r.ms / 1e3).toFixed(2)).join(' / ')} |`);
  say();
  say(`Final test accuracy, brainlab: ${sw.runs.map((r) => r.final_test_acc.toFixed(4)).join(' / ')}${npSweep ? `; numpy (its own initialisation and batches): ${npSweep.runs.map((r) => r.final_test_acc.toFixed(4)).join(' / ')}` : ''}. brainlab's evaluations also compute every diagnostic; numpy's only loss and accuracy.`);
  if (npSweep) target('Figure 2 sweep, brainlab Chromium wall time / numpy', `${(sw.wall_ms / npSweep.wall_ms).toFixed(2)}×`, '≤ 1×', sw.wall_ms <= npSweep.wall_ms);
}
// One evaluation with and without the KDE bounds (issue 16): Chromium in turns, native apart.
const kde = c.kde;
const kdeRows = [];
say();
say('## One evaluation with and without the KDE bounds (784-120-10, binning threshold against kde)');
say();
if (kde && !kde.error) {
  say(`kde: the KDE bounds on each layer over the first ${kde.kde.kde_samples} test images (the default kde_samples), σ² = ${kde.kde.kde_noise_var}, on top of everything the threshold evaluation measures.`);
  say();
}
say('| where | threshold ms (median) | kde ms (median) | kde / threshold |');
say('|---|---|---|---|');
if (kde && !kde.error) {
  say(`| brainlab, Chromium (${kde.mode}) | ${f(kde.threshold.evaluate_ms.median, 1)} | ${f(kde.kde.evaluate_ms.median, 1)} | ${kde.ratio.median.toFixed(2)}× (median of per-round ratios; rounds ${kde.ratio.samples.map((r) => r.toFixed(2)).join(', ')}) |`);
  kdeRows.push(kde.threshold.evaluate_ms.median, kde.kde.evaluate_ms.median);
} else say(`| brainlab, Chromium | — | — | not measured (${kde?.error ?? 'no result'}) |`);
if (native && !native.error && nativeKde && !nativeKde.error) {
  say(`| brainlab, native (\`brainlab bench\` and \`brainlab bench --binning kde\`, median of 3 runs each, not in turns) | ${f(native.eval_ms_median, 1)} | ${f(nativeKde.eval_ms_median, 1)} | ${(nativeKde.eval_ms_median / native.eval_ms_median).toFixed(2)}× |`);
  kdeRows.push(native.eval_ms_median, nativeKde.eval_ms_median);
} else say(`| brainlab, native | — | — | not measured (${nativeKde?.error ?? native?.error ?? 'no result'}) |`);
if (kde && !kde.error) {
  say();
  target('one evaluation with the KDE bounds / without, Chromium, median of the per-round ratios', `${kde.ratio.median.toFixed(2)}×`, '≤ 2×', kde.ratio.median <= 2);
}

const ruleRows = raw.rules ?? [];
// The models that settle (issue 14): their inner iterations natively (`brainlab bench`) and in
// Chromium (bench.html?page=settling, timed in turns with backprop).
const SETTLING = ['predictive_coding', 'equilibrium_propagation', 'dendritic_microcircuit'];
const settlingNote = 'equilibrium propagation in the standard convention (inputs in [0, 1], mean loss; settle_step 1, sigmoid): under raw pixels its hard-sigmoid states stick at the walls; the microcircuit after its self-predicting steps, and its steady state counts as one iteration a step';
if (ruleRows.length) {
  say();
  say('## Every learning rule, native (one run each, `brainlab bench --rule all`)');
  say();
  say(`The same work as above, each rule's own backward pass, feedback updates or settling included; the models that settle also give the mean inner iterations of a step's settling and inner iterations per second (${settlingNote}).`);
  say();
  say('| rule | convention | steps/s (median) | steps/s (best) | inner iterations / step | inner iterations/s (median) | evaluation ms (median) |');
  say('|---|---|---|---|---|---|---|');
  for (const r of ruleRows) {
    say(r.error ? `| ${r.error} | — | — | — | — | — | — |`
      : `| ${r.rule} | ${r.convention ?? 'coursework'} | ${f(r.steps_per_s_median)} | ${f(r.steps_per_s_best)} | ${r.inner_iterations_per_step === undefined ? '' : f(r.inner_iterations_per_step, 1)} | ${r.inner_iterations_per_s_median === undefined ? '' : f(r.inner_iterations_per_s_median)} | ${f(r.eval_ms_median, 1)} |`);
  }
}
const st = c.settling;
say();
say('## The models that settle, Chromium (bench.html?page=settling: the served wasm, timed in turns with backprop)');
say();
if (st && !st.error) {
  say(`${st.mode}; ${settlingNote}.`);
  say();
  say('| model | convention | steps/s (median) | steps/s (best) | / backprop (median of rounds) | inner iterations / step | inner iterations/s (median) | evaluation ms (median) |');
  say('|---|---|---|---|---|---|---|---|');
  for (const name of ['backprop', ...SETTLING]) {
    const r = st[name];
    if (!r) { say(`| ${name} | — | — | — | — | — | — | not measured |`); continue; }
    const ratio = st.ratio_to_backprop?.[name];
    say(`| ${name} | ${r.convention} | ${f(r.steps_per_sec.median)} | ${f(r.steps_per_sec.best)} | ${ratio === undefined ? '' : `${ratio.toFixed(2)}×`} | ${r.inner_iterations_per_step === undefined ? '' : f(r.inner_iterations_per_step, 1)} | ${r.inner_iterations_per_sec ? f(r.inner_iterations_per_sec.median) : ''} | ${f(r.evaluate_ms.median, 1)} |`);
  }
} else say(`Not measured (${st?.error ?? 'no result'}).`);
const fmaCheck = c.compare?.fma_vs_deterministic;
if (c.compare?.fma_over_deterministic && fmaCheck) {
  say();
  say('## The relaxed-SIMD variant: the page\'s opt-in fast mode');
  say();
  say(`bench/run.sh also builds the core with \`+relaxed-simd\`, where the kernels' inner multiply-add becomes \`f32x4.relaxed_madd\` (one rounding where the hardware fuses it). In the same rounds it ran **${c.compare.fma_over_deterministic.median.toFixed(2)}×** the deterministic build's steps/s (median of per-round ratios), i.e. **${c.compare.fma_ratio_to_best_tfjs_wasm.median.toFixed(2)}×** the best TensorFlow.js wasm variant.`);
  say(`Trained side by side for ${fmaCheck.steps} steps (evaluation every 100), the two builds ${fmaCheck.bit_identical ? 'gave identical numbers' : 'differ'}: largest relative difference in test loss ${fmaCheck.max_rel_test_loss.toExponential(2)}, in train loss ${fmaCheck.max_rel_train_loss.toExponential(2)}, largest test-accuracy difference ${fmaCheck.max_abs_test_acc.toFixed(4)}.`);
  say('The page serves it only when the reader ticks *fast* (the link then says `fast=1`), and says that such runs are not bit-reproducible: their numbers depend on whether the browser and CPU fuse the operation, so they may differ in the last bits across machines, browsers and the native CLI (the golden tests pin the default build). The default stays the deterministic build.');
}
say();
say(`## Load size\n\nbuild/site/pkg/brainlab_bg.wasm: ${raw.wasm.bytes} bytes, ${raw.wasm.gzip9_bytes} bytes gzipped (gzip -9; target < 300 KB): ${raw.wasm.gzip9_bytes < 300_000 ? 'holds' : 'does not hold'}.`);
if (numpy?.skipped) say(`\n${numpy.skipped}`);
else if (numpy) say(`\nnumpy ${numpy.numpy} (from ${machine.python ?? 'python3'}) ran with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset; threadpoolctl: ${JSON.stringify(numpy.blas ?? numpy.blas_note)}.`);
if (c.tfjs_wasm_transpose?.features) say(`\nTensorFlow.js wasm features: ${JSON.stringify(c.tfjs_wasm_transpose.features)} (no cross-origin isolation, so single-threaded, like brainlab's one run).`);
console.log(lines.join('\n'));

// What bench-short checks: every row and the sweep produced positive, finite numbers.
const bad = rows.filter((r) => r.skipped ? false : r.error || !(r.sps.median > 0 && Number.isFinite(r.sps.median) && r.evalMs.median > 0 && Number.isFinite(r.evalMs.median)));
if (!sw || sw.error || !(sw.wall_ms > 0)) bad.push({ name: 'Figure 2 sweep in Chromium' });
if (ruleRows.length === 0) bad.push({ name: 'every rule, native' });
for (const r of ruleRows.filter((x) => x.error || !(x.steps_per_s_median > 0))) bad.push({ name: `native rule ${r.rule ?? r.error}` });
// Every model that settles has a native and a Chromium row with its inner iterations.
const counted = (perStep, perSec) => perStep > 0 && Number.isFinite(perStep) && perSec > 0 && Number.isFinite(perSec);
for (const rule of SETTLING) {
  const n = ruleRows.find((r) => r.rule === rule);
  if (!n || !counted(n.inner_iterations_per_step, n.inner_iterations_per_s_median)) bad.push({ name: `native ${rule}'s inner iterations` });
  const b = st?.[rule];
  if (!b || !(b.steps_per_sec?.median > 0 && b.evaluate_ms?.median > 0) || !counted(b.inner_iterations_per_step, b.inner_iterations_per_sec?.median)) {
    bad.push({ name: `Chromium ${rule}${st?.error ? ` (${st.error})` : ''}` });
  }
}
if (!(st?.backprop?.steps_per_sec?.median > 0)) bad.push({ name: 'Chromium backprop beside the models that settle' });
// The relaxed-SIMD variant must train like the deterministic build, to f32 tolerance.
if (c.brainlab_fma && !(fmaCheck && fmaCheck.max_rel_test_loss < 1e-4 && fmaCheck.max_rel_train_loss < 1e-4 && fmaCheck.max_abs_test_acc <= 0.002)) {
  bad.push({ name: `relaxed-SIMD variant agreeing with the deterministic build (${JSON.stringify(fmaCheck)})` });
}
if (numpy && !numpy.skipped && !(npSweep?.wall_ms > 0)) bad.push({ name: 'Figure 2 sweep in numpy' });
if (kdeRows.length !== 4 || !kdeRows.every((v) => v > 0 && Number.isFinite(v))) bad.push({ name: 'one evaluation with and without the KDE bounds (Chromium and native)' });
if (bad.length) {
  console.error(`bench: no numbers for: ${bad.map((r) => r.name).join('; ')}`);
  process.exitCode = 1;
}
