#!/usr/bin/env bash
# make bench: in one run, on the same work (one SGD step of 784-120-10, batch 100, sigmoid,
# squared error, coursework convention; one evaluation of the 10,000 test images), times
# brainlab natively, in Node and in headless Chromium (the wasm the site serves), TensorFlow.js
# (wasm backend written two ways, cpu backend) in the same Chromium, and numpy float32 (python3's,
# or that of the bench's own venv, which this script makes when python3 lacks numpy or
# threadpoolctl); then the Figure 2 sweep in a Chromium tab against numpy.
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
# spell on the machine does not decide its figures alone; each time also with binning kde (the
# evaluation with the KDE bounds, beside the Chromium row of bench.html?page=kde).
cargo build --release --quiet --bin brainlab
native() {
  echo "bench: native ($1)" >&2
  target/release/brainlab bench --data "$site/data" > "$tmp/native$1.json" || echo '{"error":"brainlab bench failed"}' > "$tmp/native$1.json"
  target/release/brainlab bench --data "$site/data" --binning kde > "$tmp/nativekde$1.json" || echo '{"error":"brainlab bench --binning kde failed"}' > "$tmp/nativekde$1.json"
}
native 1
# A variant of the wasm with relaxed-SIMD fused multiply-adds in the kernels' inner loop: timed
# beside the site's build and checked against it (it is not bit for bit reproducible: see
# bench/results/latest.md).
# It is the core of the page's opt-in fast mode: `make site` builds it into $site/pkg-fast.
if [ -f "$site/pkg-fast/brainlab_bg.wasm" ]; then
  echo "bench: the relaxed-SIMD variant from $site/pkg-fast (make wasm-fast)" >&2
  cp -r "$site/pkg-fast" "$pages/pkg-fma"
else
  echo "bench: building the relaxed-SIMD variant into $pages/pkg-fma" >&2
  CARGO_TARGET_DIR="$PWD/target/relaxed-simd" RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" \
    wasm-pack --quiet build crate --release --target web --no-pack --out-dir "$PWD/$pages/pkg-fma" >&2 ||
    { echo "bench: the relaxed-SIMD build failed" >&2; rm -rf "$pages/pkg-fma"; }
fi
echo "bench: Node" >&2
node bench/node.mjs $short > "$tmp/node.json" || echo '{"error":"bench/node.mjs failed"}' > "$tmp/node.json"
echo "bench: Chromium" >&2
BRAINLAB_BENCH="$pages" node bench/chromium.mjs $short > "$tmp/chromium.json" || echo '{"error":"bench/chromium.mjs failed"}' > "$tmp/chromium.json"
native 2
# numpy: the system's python3 when it has numpy and threadpoolctl, else the bench's own
# environment, made here once (a venv in build/bench-python with bench/requirements.txt's pins;
# it is remade when the pins change).
pyenv=${BRAINLAB_PYENV:-build/bench-python}
python=; python_source=
if python3 -c 'import numpy, threadpoolctl' 2>/dev/null; then
  python=python3; python_source="the system's python3"
else
  if ! { [ -x "$pyenv/bin/python" ] && cmp -s bench/requirements.txt "$pyenv/requirements.txt" &&
         "$pyenv/bin/python" -c 'import numpy, threadpoolctl' 2>/dev/null; }; then
    echo "bench: python3 lacks numpy or threadpoolctl: making the bench's own environment in $pyenv (bench/requirements.txt)" >&2
    rm -rf "$pyenv"
    if python3 -m venv "$pyenv" >&2 &&
       "$pyenv/bin/pip" install --quiet --disable-pip-version-check --no-input -r bench/requirements.txt >&2; then
      cp bench/requirements.txt "$pyenv/requirements.txt"
    else
      echo "bench: could not make $pyenv" >&2
    fi
  fi
  [ -f "$pyenv/requirements.txt" ] && { python=$pyenv/bin/python; python_source="the bench's own environment ($pyenv: $(grep -v '^#' bench/requirements.txt | tr '\n' ' ' | sed 's/ $//'))"; }
fi
if [ -n "$python" ]; then
  echo "bench: numpy from $python_source (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for it)" >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" bench/numpy_bench.py "$site/data" $short --sweep > "$tmp/numpy.json" ||
    echo '{"error":"bench/numpy_bench.py failed"}' > "$tmp/numpy.json"
else
  echo "bench: numpy skipped (neither python3 nor a venv of its own has numpy)" >&2
  echo '{"skipped":"numpy: skipped, python3 lacks numpy and the bench could not make its own environment (python3 -m venv, pip install -r bench/requirements.txt)"}' > "$tmp/numpy.json"
fi
native 3
# Every learning rule's training speed natively (one run each, after the rest): `bench --rule all`
# prints one JSON line per registered rule.
echo "bench: native, every rule" >&2
target/release/brainlab bench --data "$site/data" --rule all > "$tmp/rules.jsonl" || echo '{"error":"brainlab bench --rule all failed"}' > "$tmp/rules.jsonl"

# The same step under Adam and softmax cross-entropy (issue 17): what the optimizer's state and
# the softmax add to a step, natively, one run.
echo "bench: native (adam, cross-entropy)" >&2
target/release/brainlab bench --data "$site/data" --optimizer adam --loss cross-entropy > "$tmp/native-adam.json" ||
  echo '{"error":"brainlab bench --optimizer adam --loss cross-entropy failed"}' > "$tmp/native-adam.json"


wasm=$site/pkg/brainlab_bg.wasm
NATIVE="$tmp/native1.json $tmp/native2.json $tmp/native3.json" NATIVE_KDE="$tmp/nativekde1.json $tmp/nativekde2.json $tmp/nativekde3.json" RULES="$tmp/rules.jsonl" NATIVE_ADAM="$tmp/native-adam.json" NODE="$tmp/node.json" CHROMIUM="$tmp/chromium.json" NUMPY="$tmp/numpy.json" \
WASM_BYTES=$(wc -c < "$wasm") WASM_GZ=$(gzip -9 -c "$wasm" | wc -c) SHORT=${short:+1} \
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" CORES=$(nproc) OS="$(uname -sr)" \
LOAD="load average $(cut -d' ' -f1-3 /proc/loadavg)" RUSTC="$(rustc --version | cut -d' ' -f2)" PYTHON_SOURCE="$python_source" \
node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const read = (f) => JSON.parse(readFileSync(process.env[f], "utf8"));
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const summary = (files, what) => {
  const runs = files.split(" ").map((f) => JSON.parse(readFileSync(f, "utf8"))).filter((r) => !r.error);
  return runs.length === 0 ? { error: `${what} failed` } : {
    target: "native", runs,
    steps_per_s_median: median(runs.map((r) => r.steps_per_s_median)),
    steps_per_s_best: Math.max(...runs.map((r) => r.steps_per_s_best)),
    eval_ms_median: median(runs.map((r) => r.eval_ms_median)),
    eval_ms_best: Math.min(...runs.map((r) => r.eval_ms_best)),
  };
};
const native = summary(process.env.NATIVE, "brainlab bench");
const native_kde = summary(process.env.NATIVE_KDE, "brainlab bench --binning kde");
const e = process.env;
const raw = {
  date: new Date().toISOString(), short: Boolean(e.SHORT),
  machine: { cpu: e.CPU, cores: Number(e.CORES), os: e.OS, load: e.LOAD, rustc: e.RUSTC, python: e.PYTHON_SOURCE || null },
  wasm: { bytes: Number(e.WASM_BYTES), gzip9_bytes: Number(e.WASM_GZ) },
  native, native_kde, native_adam: read("NATIVE_ADAM"), rules: readFileSync(e.RULES, "utf8").trim().split("\n").map((line) => JSON.parse(line)),
  node: read("NODE"), chromium: read("CHROMIUM"), numpy: read("NUMPY"),
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
