// brainlab in Node: the site's wasm (build/site/pkg, wasm-bindgen --target web) initialised
// from its bytes, timed by the same code as the page (bench/pages/bench-core.js). Prints JSON.
//
//   node bench/node.mjs [--short]        (after `make site`; BRAINLAB_SITE overrides build/site)

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const site = path.resolve(process.env.BRAINLAB_SITE ?? 'build/site');
const short = process.argv.includes('--short');
const url = (file) => pathToFileURL(path.join(site, file)).href;

const core = await import(url('pkg/brainlab.js'));
core.initSync({ module: readFileSync(path.join(site, 'pkg/brainlab_bg.wasm')) });
const { benchBrainlab } = await import('./pages/bench-core.js');
const file = (name) => new Uint8Array(readFileSync(path.join(site, 'data', name)));
const data = {
  trainImages: file('train-images-idx3-ubyte.gz'),
  trainLabels: file('train-labels-idx1-ubyte.gz'),
  testImages: file('t10k-images-idx3-ubyte.gz'),
  testLabels: file('t10k-labels-idx1-ubyte.gz'),
};
const result = await benchBrainlab(core, data, { short });
console.log(JSON.stringify({ ...result, node: process.version, v8: process.versions.v8 }));
