// In Node, against the real core (no browser): the page's codes (www/codes.js, drawn by the
// Figure 7 view) are the core's. Coding every test image's activity as the page does must give
// exactly as many distinct codes per layer as the core counted for its information measures,
// for every binning and layer kind. And the metrics CSV has the CLI's per-layer columns.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { SITE_ROOT } from './helpers.mjs';

const www = (file) => import(pathToFileURL(path.join(SITE_ROOT, file)).href);
const data = (file) => new Uint8Array(readFileSync(path.join(SITE_ROOT, 'data', file)));

let core;
let codes;
let exporter;
let files;

before(async () => {
  core = await www('pkg/brainlab.js');
  core.initSync({ module: readFileSync(path.join(SITE_ROOT, 'pkg', 'brainlab_bg.wasm')) });
  codes = await www('worker/codes.js');
  exporter = await www('export/files.js');
  files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map(data);
});

/** A Lab trained `steps` steps, its config and its last evaluation. */
function trained(fields, steps = 5) {
  const config = core.validateConfig({ steps: 100, eval_interval: steps, ...fields });
  const lab = new core.Lab(config, ...files);
  const metrics = lab.step(steps);
  return { lab, config, last: metrics.at(-1) };
}

/** Distinct codes of layer `l` over all N test images, coded as the page codes them. */
function distinctCodes(lab, config, l, n) {
  const output = l === config.hidden.length;
  const units = lab.activity(l, 0).length;
  const all = new Float32Array(n * units);
  for (let i = 0; i < n; i += 1) all.set(lab.activity(l, i), i * units);
  const stats = {};
  const seen = new Set();
  for (let i = 0; i < n; i += 1) {
    const bins = codes.codeOf(all.subarray(i * units, (i + 1) * units), config, output, all, stats);
    seen.add(bins.join(','));
  }
  return seen.size;
}

test('the page codes activity as the core does, for every binning', { timeout: 300_000 }, () => {
  const cases = [
    { hidden: [120] }, // sigmoid threshold: the coursework's bit strings
    { hidden: [8], binning: 'adaptive', bins: 5 },
    { hidden: [20], activation: 'tanh', binning: 'uniform', bins: 4, convention: 'standard' },
    { hidden: [12, 8], activation: 'relu', binning: 'uniform', bins: 3, convention: 'standard' },
    { hidden: [16], activation: 'relu', convention: 'standard' }, // threshold at 0
  ];
  for (const fields of cases) {
    const { lab, config, last } = trained(fields);
    const n = lab.dataInfo().n;
    assert.equal(last.info.length, config.hidden.length + 1);
    last.info.forEach((info, l) => {
      assert.equal(distinctCodes(lab, config, l, n), info.distinct_codes, `${JSON.stringify(fields)} layer ${l}`);
    });
    lab.free();
  }
});

test('codes as text: bits, hex digits or numbers', () => {
  assert.equal(codes.codeText(new Uint8Array([1, 0, 1]), 2), '101');
  assert.equal(codes.codeText(new Uint8Array([10, 0, 15]), 16), 'a0f');
  assert.equal(codes.codeText(new Uint8Array([29, 3]), 30), '29 3');
  assert.equal(codes.thresholdOf({ activation: 'tanh' }, false), 0);
  assert.equal(codes.thresholdOf({ activation: 'tanh' }, true), 0.5);
  assert.equal(codes.binCount({ binning: 'threshold', bins: 30 }), 2);
});

test('the metrics CSV has the CLI\'s per-layer columns', { timeout: 120_000 }, () => {
  const deep = trained({ hidden: [6, 4], rule: 'feedback_alignment' });
  const shallow = trained({ hidden: [5] });
  const runs = [
    { label: 'deep, fa', config: deep.config, history: [deep.last] },
    { label: 'shallow', config: shallow.config, history: [shallow.last] },
  ];
  const [header, ...rows] = exporter.metricsCsv(runs).trim().split('\n');
  const perLayer = ['grad', 'dw_per_step', 'w', 'dl_dh', 'dl_dz', 'saturated', 'feedback_angle_deg', 'update_angle_deg',
    'h_t_bits', 'h_t_given_x_bits', 'i_x_t_bits', 'i_t_w_bits', 'i_x_t_shuffled_bits', 'i_t_w_shuffled_bits', 'code_saturated', 'dpi_holds'];
  const expected = ['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc', ...[1, 2, 3].flatMap((n) => perLayer.map((c) => `l${n}_${c}`)), 'run'];
  assert.deepEqual(header.split(','), expected);

  // The deep run: every column filled as the metrics say, the label quoted (it has a comma).
  assert.ok(rows[0].endsWith(',"deep, fa"'), rows[0]);
  const cells = rows[0].slice(0, -',"deep, fa"'.length).split(',');
  assert.equal(cells.length, expected.length - 1);
  const at = (name) => cells[expected.indexOf(name)];
  const m = deep.last;
  assert.equal(at('step'), String(m.step));
  assert.equal(Number(at('l1_grad')), m.layers[0].mean_abs_grad);
  assert.equal(Number(at('l2_update_angle_deg')), m.layers[1].update_angle_deg);
  assert.equal(at('l3_update_angle_deg'), '', 'the output layer has no angle');
  assert.equal(Number(at('l2_i_x_t_bits')), m.info[1].i_x_t_bits);
  assert.equal(at('l1_code_saturated'), String(m.info[0].saturated));
  assert.equal(at('l1_dpi_holds'), String(m.data_processing[0].holds));
  assert.equal(at('l3_dpi_holds'), '', 'no layer after the output');

  // The shallow run: its third layer's columns are empty, as the CLI pads them.
  const short = rows[1].split(',');
  assert.equal(short.at(-1), 'shallow');
  assert.deepEqual(short.slice(5 + 2 * perLayer.length, -1), perLayer.map(() => ''));
  assert.equal(Number(short[expected.indexOf('l2_h_t_bits')]), shallow.last.info[1].h_t_bits);
  deep.lab.free();
  shallow.lab.free();
});
