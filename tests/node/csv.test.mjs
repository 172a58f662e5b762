// The metrics CSV the page downloads (www/export/files.js's metricsCsv, fed as app/files.js
// feeds it: the settings' snapshots, each network's history; the core writes the text), against
// the real core in Node: the CLI's per-layer columns, every cell what the metrics say, a
// shallower run padded with empty cells, labels quoted when they need it, and the worker's own
// lines (lab.csvRows) the same.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { metricsCsv } from '../../www/export/files.js';
import { SITE, loadCore } from './helpers.mjs';

let core;
let files;

before(async () => {
  ({ core } = await loadCore());
  files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']
    .map((file) => new Uint8Array(readFileSync(path.join(SITE, 'data', file))));
});

/** A Lab trained `steps` steps, and its last evaluation. */
function trained(fields, steps = 5) {
  const lab = new core.Lab(core.validateConfig({ steps: 100, eval_interval: steps, ...fields }), ...files);
  const metrics = lab.step(steps);
  return { lab, last: metrics.at(-1) };
}

/** The page's CSV of these runs ([{ lab, label }]), one seed each, as the sweep's snapshots hold them. */
function pageCsv(runs) {
  return metricsCsv(core, runs.map(({ lab, label }) => ({ label, config: lab.config(), members: [{ seed: lab.config().seed, history: lab.history() }] })));
}

const PER_LAYER = ['grad', 'dw_per_step', 'w', 'dl_dh', 'dl_dz', 'saturated', 'feedback_angle_deg', 'update_angle_deg', 'inverse_error',
  'h_t_bits', 'h_t_given_x_bits', 'i_x_t_bits', 'i_t_q_bits', 'i_x_t_shuffled_bits', 'i_t_q_shuffled_bits', 'undersampled', 'dpi_holds',
  // The KDE bounds (empty unless the binning is kde).
  'kde_upper_h_t_bits', 'kde_lower_h_t_bits', 'kde_upper_i_x_t_bits', 'kde_lower_i_x_t_bits', 'kde_upper_i_t_q_bits', 'kde_lower_i_t_q_bits',
  'kde_noise_var'];

test('the metrics CSV has the CLI\'s per-layer columns, a shallower run padded, labels quoted', { timeout: 120_000 }, () => {
  const deep = trained({ hidden: [6, 4], rule: 'feedback_alignment' });
  const shallow = trained({ hidden: [5] });
  const csv = pageCsv([{ lab: deep.lab, label: 'deep, "fa"' }, { lab: shallow.lab, label: 'shallow' }]);
  assert.ok(csv.endsWith('\n') && !csv.endsWith('\n\n'), 'one line break at the end');
  const [header, ...rows] = csv.trim().split('\n');
  const expected = ['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc', ...[1, 2, 3].flatMap((n) => PER_LAYER.map((c) => `l${n}_${c}`)), 'run'];
  assert.deepEqual(header.split(','), expected);
  assert.equal(rows.length, 4, 'steps 0 and 5 of each run');

  // The deep run: every column filled as the metrics say, the label quoted (a comma, quotes).
  const label = ',"deep, ""fa"""';
  assert.ok(rows[1].endsWith(label), rows[1]);
  const cells = rows[1].slice(0, -label.length).split(',');
  assert.equal(cells.length, expected.length - 1);
  const at = (name) => cells[expected.indexOf(name)];
  const m = deep.last;
  assert.equal(at('step'), String(m.step));
  assert.equal(Number(at('l1_grad')), m.layers[0].mean_abs_grad);
  assert.equal(Number(at('l2_update_angle_deg')), m.layers[1].update_angle_deg);
  assert.equal(at('l3_update_angle_deg'), '', 'the output layer has no angle');
  assert.equal(Number(at('l2_i_x_t_bits')), m.info[1].i_x_t_bits);
  assert.equal(Number(at('l2_i_t_q_bits')), m.info[1].i_t_q_bits);
  assert.equal(at('l1_undersampled'), String(m.info[0].undersampled));
  assert.equal(at('l1_dpi_holds'), String(m.data_processing[0].holds));
  assert.equal(at('l3_dpi_holds'), '', 'no layer after the output');

  // The shallow run: its third layer's columns are empty, as the CLI pads them.
  const short = rows[3].split(',');
  assert.equal(short.at(-1), 'shallow');
  assert.deepEqual(short.slice(5 + 2 * PER_LAYER.length, -1), PER_LAYER.map(() => ''));
  assert.equal(Number(short[expected.indexOf('l2_h_t_bits')]), shallow.last.info[1].h_t_bits);
  // The worker's lines for the same run are these (one format).
  assert.deepEqual(rows.slice(0, 2), deep.lab.csvRows(3, 'deep, "fa"').split('\n'));
  assert.equal(header, core.csvHeader(3));
  deep.lab.free();
  shallow.lab.free();
});

test('a network without evaluations adds no lines', () => {
  const csv = metricsCsv(core, [{ label: 'a', config: { hidden: [3] }, members: [{ seed: 1, history: [] }] }]);
  assert.equal(csv, `${core.csvHeader(1)}\n`);
});
