// The one page of the benchmark (bench.html): ?page= picks what it times, and this sets its
// title and loads that page's module, which puts its result on window.benchResult (read by
// bench/chromium.mjs) through bench-report.js. ?short=1 runs a few steps only (make bench-short).
//
//   bench.html                     brainlab alone (bench.js)
//   bench.html?page=compare        brainlab and TensorFlow.js's wasm backend in turns (bench-compare.js)
//   bench.html?page=tfjs&backend=wasm|cpu&variant=flags|transpose   one TensorFlow.js variant (bench-tfjs.js)
//   bench.html?page=sweep          the Figure 2 sweep in four workers (bench-sweep.js)
//   bench.html?page=kde            one evaluation with and without the KDE bounds, in turns (bench-kde.js)
//   bench.html?page=settling       the models that settle beside backprop, in turns (bench-settling.js)

const PAGES = {
  brainlab: {
    module: './bench.js',
    title: '',
    about: 'Training speed of the WebAssembly core on this machine: one hidden layer of 120 units, batch 100.',
  },
  compare: {
    module: './bench-compare.js',
    title: 'brainlab and TensorFlow.js in turns',
    about: 'brainlab and TensorFlow.js (wasm backend, both ways of writing the backward pass) timed in turns, round after round, so that each round compares them under the same conditions.',
  },
  tfjs: {
    module: './bench-tfjs.js',
    title: 'TensorFlow.js',
    about: 'The same training step and evaluation as the brainlab benchmark, written in TensorFlow.js (?backend=wasm|cpu&variant=flags|transpose).',
  },
  sweep: {
    module: './bench-sweep.js',
    title: 'the Figure 2 sweep',
    about: 'Four runs (hidden 15, 30, 60, 120), one Web Worker each, all at once; wall-clock time.',
    noTable: true,
  },
  kde: {
    module: './bench-kde.js',
    title: 'one evaluation with and without the KDE bounds',
    about: 'One full evaluation of the 10,000 test images for a 120-unit layer, with threshold codes only and with binning kde (the KDE bounds on the first kde_samples images as well), timed in turns.',
  },
  settling: {
    module: './bench-settling.js',
    title: 'the models that settle',
    about: 'Predictive coding, equilibrium propagation (standard convention) and the dendritic microcircuit beside backprop on 784-120-10, batch 100, timed in turns: steps/s, inner iterations per step and per second, one evaluation.',
  },
};

const name = new URLSearchParams(location.search).get('page') ?? 'brainlab';
const page = PAGES[name];
if (!page) {
  document.getElementById('status').textContent = `There is no benchmark page "${name}": ${Object.keys(PAGES).join(', ')}.`;
  window.benchResult = { error: `no benchmark page ${name}` };
} else {
  if (page.title) {
    document.getElementById('bench-title').append(`: ${page.title}`);
    document.title = `brainlab benchmark: ${page.title}`;
  }
  document.getElementById('bench-about').textContent = page.about;
  document.getElementById('results-panel').hidden = Boolean(page.noTable);
  await import(page.module);
}
