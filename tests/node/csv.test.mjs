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
  perLayer();
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

/**
 * The rules' own figures, each a column: every registered rule declares its in the core, so they
 * are read from the core's one-layer header (between the update angle and the information
 * measures) rather than listed here; target propagation's inverse_error has been the first since
 * it came.
 */
function ruleColumns() {
  const l1 = core.csvHeader(1).split(',').filter((c) => c.startsWith('l1_')).map((c) => c.slice(3));
  return l1.slice(l1.indexOf('update_angle_deg') + 1, l1.indexOf('h_t_bits'));
}

let PER_LAYER;
let RULE_COLUMNS;
/** The per-layer columns, the rules' read from the loaded core. */
function perLayer() {
  RULE_COLUMNS = ruleColumns();
  PER_LAYER = ['grad', 'dw_per_step', 'w', 'dl_dh', 'dl_dz', 'saturated', 'feedback_angle_deg', 'update_angle_deg', ...RULE_COLUMNS,
    'h_t_bits', 'h_t_given_x_bits', 'i_x_t_bits', 'i_t_q_bits', 'i_x_t_shuffled_bits', 'i_t_q_shuffled_bits', 'undersampled', 'dpi_holds',
    // The KDE bounds (empty unless the binning is kde).
    'kde_upper_h_t_bits', 'kde_lower_h_t_bits', 'kde_upper_i_x_t_bits', 'kde_lower_i_x_t_bits', 'kde_upper_i_t_q_bits', 'kde_lower_i_t_q_bits',
    'kde_noise_var'];
}

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

test('each rule\'s own figures are columns of the one header, filled as its metrics say', { timeout: 120_000 }, () => {
  assert.equal(RULE_COLUMNS[0], 'inverse_error', 'target propagation\'s column stays where it was');
  assert.ok(RULE_COLUMNS.length > 1 && new Set(RULE_COLUMNS).size === RULE_COLUMNS.length, RULE_COLUMNS.join());
  const runs = ['dtp', 'dendritic_microcircuit', 'backprop'].map((rule) => ({ rule, ...trained({ hidden: [6, 4], rule, micro_self_predicting_steps: 2 }) }));
  const [header, ...rows] = pageCsv(runs.map(({ lab, rule }) => ({ lab, label: rule }))).trim().split('\n');
  const names = header.split(',');
  let reported = 0;
  for (const { lab, rule, last } of runs) {
    const cells = rows.find((r) => r.startsWith(`${last.step},`) && r.endsWith(`,${rule}`)).split(',');
    for (const [l, layer] of last.layers.entries()) {
      for (const figure of RULE_COLUMNS) {
        const cell = cells[names.indexOf(`l${l + 1}_${figure}`)];
        if (layer[figure] === undefined) assert.equal(cell, '', `${rule} l${l + 1}_${figure}`);
        else {
          assert.equal(Number(cell), layer[figure], `${rule} l${l + 1}_${figure}`);
          reported += 1;
        }
      }
    }
    lab.free();
  }
  // dtp's inverse error and the microcircuit's three figures on each of the two hidden layers.
  assert.equal(reported, 2 * (1 + 3), 'every figure the rules report, on their hidden layers only');
});
