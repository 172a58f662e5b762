#!/usr/bin/env bash
# make bench: in one run, on the same work (one SGD step of 784-120-10, batch 100, sigmoid,
# squared error, coursework convention; one evaluation of the 10,000 test images), times
# brainlab natively, in Node and in headless Chromium (the wasm the site serves), TensorFlow.js
# (wasm backend written two ways, cpu backend) in the same Chromium, and numpy float32 when
# python3 has numpy; then the Figure 2 sweep in a Chromium tab against numpy.
# Writes bench/results/latest.md (the table) and bench/results/latest.json (raw figures).
# The pages the browser times (bench/pages/) are not part of the lab: this script assembles
# them with a copy of the site and TensorFlow.js into a folder of their own (build/bench/).
#
#   bench/run.sh            (after make site; `make bench` does both)
#   bench/run.sh --short    a few steps of everything, into build/bench-short/: checks only that
#                           every row produced numbers (make bench-short, in make test)
set -euo pipefail
cd "$(dirname "$0")/.."
site=${BRAINLAB_SITE:-build/site}
pages=${BRAINLAB_BENCH:-build/bench} # the site, the bench pages and TensorFlow.js
short=; [ "${1:-}" = --short ] && short=--short
if [ -n "$short" ]; then out=build/bench-short; else out=bench/results; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# The bench's own folder: the lab (the pages use its core, data and modules), the pages, and
# TensorFlow.js from node_modules (the pages load it from vendor/tfjs/).
rm -rf "$pages" && mkdir -p "$pages/vendor/tfjs"
cp -r "$site/." "$pages/"
cp bench/pages/* "$pages/"
tf=node_modules/@tensorflow
cp $tf/tfjs-core/dist/tf-core.min.js $tf/tfjs-backend-cpu/dist/tf-backend-cpu.min.js \
   $tf/tfjs-backend-wasm/dist/tf-backend-wasm.min.js $tf/tfjs-backend-wasm/dist/*.wasm "$pages/vendor/tfjs/"

# Native runs three times, spread over the run (first, after Chromium, last), so that a busy
# spell on the machine does not decide its figures alone.
cargo build --release --quiet --bin brainlab
native() {
  echo "bench: native ($1)" >&2
  target/release/brainlab bench --data "$site/data" > "$tmp/native$1.json" || echo '{"error":"brainlab bench failed"}' > "$tmp/native$1.json"
}
native 1
# A variant of the wasm with relaxed-SIMD fused multiply-adds in the kernels' inner loop: timed
# beside the site's build and checked against it, never served by the lab (it is not bit for
# bit reproducible: see bench/results/latest.md).
echo "bench: building the relaxed-SIMD variant (measured only) into $pages/pkg-fma" >&2
CARGO_TARGET_DIR="$PWD/target/relaxed-simd" RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" \
  wasm-pack --quiet build crate --release --target web --no-pack --out-dir "$PWD/$pages/pkg-fma" >&2 ||
  { echo "bench: the relaxed-SIMD build failed" >&2; rm -rf "$pages/pkg-fma"; }
echo "bench: Node" >&2
node bench/node.mjs $short > "$tmp/node.json" || echo '{"error":"bench/node.mjs failed"}' > "$tmp/node.json"
echo "bench: Chromium" >&2
BRAINLAB_BENCH="$pages" node bench/chromium.mjs $short > "$tmp/chromium.json" || echo '{"error":"bench/chromium.mjs failed"}' > "$tmp/chromium.json"
native 2
if python3 -c 'import numpy' 2>/dev/null; then
  echo "bench: numpy (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for it)" >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_bench.py "$site/data" $short --sweep > "$tmp/numpy.json" ||
    echo '{"error":"bench/numpy_bench.py failed"}' > "$tmp/numpy.json"
else
  echo "bench: numpy skipped (python3 has no numpy)" >&2
  echo '{"skipped":"numpy: skipped, python3 -c \"import numpy\" fails on this machine"}' > "$tmp/numpy.json"
fi
native 3
# The same step under Adam and softmax cross-entropy (issue 17): what the optimizer's state and
# the softmax add to a step, natively, one run.
echo "bench: native (adam, cross-entropy)" >&2
target/release/brainlab bench --data "$site/data" --optimizer adam --loss cross-entropy > "$tmp/native-adam.json" ||
  echo '{"error":"brainlab bench --optimizer adam --loss cross-entropy failed"}' > "$tmp/native-adam.json"

wasm=$site/pkg/brainlab_bg.wasm
NATIVE="$tmp/native1.json $tmp/native2.json $tmp/native3.json" NATIVE_ADAM="$tmp/native-adam.json" NODE="$tmp/node.json" CHROMIUM="$tmp/chromium.json" NUMPY="$tmp/numpy.json" \
WASM_BYTES=$(wc -c < "$wasm") WASM_GZ=$(gzip -9 -c "$wasm" | wc -c) SHORT=${short:+1} \
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" CORES=$(nproc) OS="$(uname -sr)" \
LOAD="load average $(cut -d' ' -f1-3 /proc/loadavg)" RUSTC="$(rustc --version | cut -d' ' -f2)" \
node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const read = (f) => JSON.parse(readFileSync(process.env[f], "utf8"));
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const runs = process.env.NATIVE.split(" ").map((f) => JSON.parse(readFileSync(f, "utf8"))).filter((r) => !r.error);
const native = runs.length === 0 ? { error: "brainlab bench failed" } : {
  target: "native", runs,
  steps_per_s_median: median(runs.map((r) => r.steps_per_s_median)),
  steps_per_s_best: Math.max(...runs.map((r) => r.steps_per_s_best)),
  eval_ms_median: median(runs.map((r) => r.eval_ms_median)),
  eval_ms_best: Math.min(...runs.map((r) => r.eval_ms_best)),
};
const e = process.env;
const raw = {
  date: new Date().toISOString(), short: Boolean(e.SHORT),
  machine: { cpu: e.CPU, cores: Number(e.CORES), os: e.OS, load: e.LOAD, rustc: e.RUSTC },
  wasm: { bytes: Number(e.WASM_BYTES), gzip9_bytes: Number(e.WASM_GZ) },
  native, native_adam: read("NATIVE_ADAM"), node: read("NODE"), chromium: read("CHROMIUM"), numpy: read("NUMPY"),
};
writeFileSync(process.argv[1], JSON.stringify(raw, null, 2) + "\n");
' "$out/raw.json"
status=0
node bench/report.mjs "$out" > "$out/table.md" || status=$?
cat "$out/table.md"
if [ -z "$short" ]; then
  mv "$out/raw.json" bench/results/latest.json
  mv "$out/table.md" bench/results/latest.md
  rm -f bench/results/chromium-latest.json bench/results/chromium-latest.log
  echo "bench: wrote bench/results/latest.md and latest.json" >&2
fi
exit $status
