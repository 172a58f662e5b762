#!/usr/bin/env bash
# make bench: training-step throughput of 784-120-10 (batch 100, sigmoid, squared error) and one
# evaluation on the 10,000 test images, natively and in headless Chromium (the wasm the site
# serves), in one run. Prints a table and keeps it in bench/results/latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results

native=$(cargo run --release --quiet --bin brainlab -- bench)
node bench/chromium.mjs > bench/results/chromium-latest.log
cat bench/results/chromium-latest.log

NATIVE_JSON="$native" node --input-type=module <<'JS' | tee bench/results/latest.md
import { readFileSync } from 'node:fs';
import os from 'node:os';
const n = JSON.parse(process.env.NATIVE_JSON);
const c = JSON.parse(readFileSync('bench/results/chromium-latest.json', 'utf8'));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const row = (name, sps, best, gflops, evalMs) =>
  `| ${name} | ${sps.toFixed(0)} | ${best.toFixed(0)} | ${gflops.toFixed(2)} | ${evalMs.toFixed(1)} |`;
console.log(`# make bench, ${new Date().toISOString()}`);
console.log(`\nMachine: ${cpu}, ${os.cpus().length} cores; ${c.chromium}\n`);
console.log('| target | steps/s (median) | steps/s (best) | GFLOP/s (median) | evaluation ms (median) |');
console.log('|---|---|---|---|---|');
console.log(row('native (x86_64, 1 thread)', n.steps_per_s_median, n.steps_per_s_best, n.gflops_median, n.eval_ms_median));
console.log(row('Chromium (wasm simd128)', c.steps_per_sec.median, c.steps_per_sec.best, c.gflops.median, c.evaluate_ms.median));
console.log(`\nRatio Chromium / native, training steps/s (median): ${(c.steps_per_sec.median / n.steps_per_s_median).toFixed(2)}`);
console.log(`Ratio Chromium / native, evaluation time (median): ${(c.evaluate_ms.median / n.eval_ms_median).toFixed(2)}`);
console.log(`\n${c.gflops_formula}: nominal, dense-equivalent figures (the kernels skip exact zeros: blank pixels and saturated units). An evaluation is a forward pass over the 10,000 test images.`);
JS
