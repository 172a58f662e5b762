// The link and config-file codecs in Node, against the real core (no browser): round trips
// are exact, and no input, however malformed, throws or yields a config the core refuses.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { SITE_ROOT } from './helpers.mjs';

const www = (file) => import(pathToFileURL(path.join(SITE_ROOT, file)).href);

let core;
let kinds;
let names;
let presets;
let m; // the page's modules
let context;

before(async () => {
  core = await www('pkg/brainlab.js');
  core.initSync({ module: readFileSync(path.join(SITE_ROOT, 'pkg', 'brainlab_bg.wasm')) });
  m = {
    ...(await www('state/fields.js')),
    ...(await www('state/link.js')),
    ...(await www('state/restore.js')),
    ...(await www('state/experiment.js')),
    ...(await www('state/config-file.js')),
    ...(await www('export/files.js')),
  };
  kinds = m.fieldKinds(core.defaultConfig());
  names = Object.keys(kinds);
  presets = core.presets();
  context = { kinds, presetIds: presets.map((p) => p.id), maxRuns: core.configLimits().max_runs, panelNames: ['gallery', 'explanation', 'table', 'loss', 'accuracy', 'share'] };
});

/** What the page does with a fragment: decode, then restore on the preset's (or no) base. */
function open(fragment) {
  const link = m.decodeFragment(fragment, context);
  const base = link.preset ? m.toLists(m.presetConfigs(core, presets.find((p) => p.id === link.preset)), names) : {};
  const { configs, notices } = m.restoreRuns(core, base, link.given, kinds);
  return { ...link, configs, notices: [...link.notices, ...notices] };
}

test('the fields come from the core, every one of them', () => {
  assert.deepEqual(names, Object.keys(core.defaultConfig()));
  assert.equal(kinds.hidden, 'list');
  assert.equal(kinds.bias, 'boolean');
  assert.equal(kinds.seed, 'number');
  assert.equal(kinds.activation, 'string');
});

test('every preset survives a link round trip exactly, with its labels', () => {
  for (const preset of presets) {
    const configs = m.presetConfigs(core, preset);
    const fragment = m.encodeFragment({ preset: preset.id, lists: m.toLists(configs, names), panels: ['loss'], classroom: true }, kinds);
    for (const name of names) assert.match(fragment, new RegExp(`(^|&)${name}=`), `${preset.id}: ${name} is in the link`);
    const back = open(`#${fragment}`);
    assert.deepEqual(back.notices, []);
    assert.deepEqual(back.configs, configs, preset.id);
    assert.equal(back.preset, preset.id);
    assert.deepEqual(back.panels, ['loss']);
    assert.equal(back.classroom, true);
    assert.deepEqual(m.labelRuns(back.configs, kinds, { preset, presetRuns: configs }), preset.runs.map((r) => r.label));
    assert.deepEqual(m.changedFields(back.configs, configs, names), []);
  }
});

test('odd but valid numbers come back bit for bit', () => {
  const config = core.validateConfig({
    hidden: [7, 3],
    learning_rate: 0.1 + 0.2,
    init_std: Math.fround(0.1),
    seed: 4294967295,
    convention: 'standard',
    batch_size: 7,
    train_size: 7,
  });
  const fragment = m.encodeFragment({ preset: null, lists: m.toLists([config], names) }, kinds);
  const back = open(fragment);
  assert.deepEqual(back.notices, []);
  assert.deepEqual(back.configs, [config]);
  assert.equal(back.configs[0].learning_rate, 0.30000000000000004);
});

test('labels: a preset\'s while only fields no preset names runs by change; else what tells runs apart', () => {
  const all = presets.map((p) => m.presetConfigs(core, p));
  const naming = m.namingFields(all, names);
  const several = presets.find((p) => p.runs.length > 1);
  const runs = m.presetConfigs(core, several);
  const context = { preset: several, presetRuns: runs, naming };
  const longer = runs.map((c) => ({ ...c, steps: c.steps + 1 }));
  assert.deepEqual(m.labelRuns(longer, kinds, context), several.runs.map((r) => r.label), 'a longer run is the same run');
  // Give every run the first run's value of the field that tells them apart: the preset's labels no longer fit.
  const field = names.find((name) => runs.some((c) => JSON.stringify(c[name]) !== JSON.stringify(runs[0][name])));
  assert.ok(naming.has(field));
  const same = m.labelRuns(runs.map((c) => ({ ...c, [field]: runs[0][field] })), kinds, context);
  assert.notDeepEqual(same, several.runs.map((r) => r.label));
  assert.deepEqual(m.labelRuns([core.validateConfig({ hidden: [30] })], kinds), ['h=30']);
  assert.deepEqual(m.labelRuns([core.validateConfig({ seed: 1 }), core.validateConfig({ seed: 2 })], kinds), ['seed=1', 'seed=2']);
  assert.deepEqual(m.labelRuns([core.validateConfig({}), core.validateConfig({})], kinds), ['h=120 #1', 'h=120 #2']);
});

test('fields that only fit together are both kept (batch_size <= train_size)', () => {
  const back = open('#train_size=50&batch_size=20');
  assert.deepEqual(back.notices, []);
  assert.equal(back.configs[0].train_size, 50);
  assert.equal(back.configs[0].batch_size, 20);
});

test('a short hand-written link takes the rest from the preset, or the convention\'s defaults', () => {
  const fig = presets[0];
  const back = open(`#preset=${fig.id}&steps=20`);
  assert.equal(back.configs.length, fig.runs.length);
  assert.ok(back.configs.every((c) => c.steps === 20));
  assert.deepEqual(m.changedFields(back.configs, m.presetConfigs(core, fig), names), ['steps']);
  const standard = open('#convention=standard');
  assert.equal(standard.configs[0].learning_rate, core.defaultConfig('standard').learning_rate);
});

test('hostile fragments: never a throw, always valid configs, a notice for each problem', () => {
  const cases = [
    '#steps=1e30',
    '#steps=-1&seed=-1&hidden=0',
    '#hidden=abc',
    '#hidden=4097',
    '#hidden=1x1x1x1',
    '#hidden=1,2,3,4,5,6,7,8,9,10,11,12,13',
    '#hidden=15,30&learning_rate=0.1,0.2,0.3',
    '#learning_rate=NaN&init_std=Infinity',
    '#learning_rate=1e400',
    '#seed=4294967296',
    '#seed=0x10',
    '#bias=yes',
    '#activation=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '#activation=%E0%A4%A',
    '#%E0%A4%A=1',
    '#preset=__proto__',
    '#__proto__=1&constructor=2&toString=3',
    '#panels=%zz',
    '#classroom=%00',
    `#steps=${'9'.repeat(2000)}`,
    `#${'a=1&'.repeat(500)}`,
    `#${'x'.repeat(100_000)}`,
    '#=&=&&&===',
    '#steps',
    '#v=999',
  ];
  for (const fragment of cases) {
    let result;
    assert.doesNotThrow(() => {
      result = open(fragment);
    }, fragment.slice(0, 60));
    assert.ok(result.notices.length > 0, `a notice for ${fragment.slice(0, 60)}`);
    for (const config of result.configs) assert.deepEqual(core.validateConfig(config), config);
    for (const notice of result.notices) assert.ok(notice.length < 700, `the notice is short: ${notice.slice(0, 80)}`);
  }
});

test('random fragments (seeded fuzz) never throw and always restore valid configs', () => {
  let state = 42;
  const random = (n) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % n;
  };
  const alphabet = ['&', '=', ',', '%', '%2', '%E0', 'x', '1', '0', '.', 'e', '-', '+', 'steps', 'hidden', 'seed', 'preset', 'fig2',
    'bias', 'true', 'panels', 'loss', 'classroom', '#', ' ', 'é', '\u0000', 'learning_rate', 'batch_size', 'train_size', '1e9', '9999999999'];
  for (let i = 0; i < 2000; i += 1) {
    const fragment = Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]).join('');
    let result;
    assert.doesNotThrow(() => {
      result = open(fragment);
    }, JSON.stringify(fragment));
    assert.ok(result.configs.length >= 1 && result.configs.length <= 8);
    for (const config of result.configs) assert.deepEqual(core.validateConfig(config), config, JSON.stringify(fragment));
  }
});

test('config files: the page\'s own export reads back; junk is refused or noticed', () => {
  const configs = m.presetConfigs(core, presets[0]);
  const exported = JSON.stringify(m.configJson({ preset: presets[0].id, runs: configs.map((config, i) => ({ label: `r${i}`, config })) }));
  const read = m.decodeConfigJson(exported, context);
  assert.deepEqual(read.notices, []);
  assert.equal(read.preset, presets[0].id);
  assert.deepEqual(m.restoreRuns(core, {}, read.given, kinds).configs, configs);

  for (const junk of ['', '{', 'null', '42', '"x"', '[]', '[1, 2]', '{"runs": []}', '{"runs": [3]}']) {
    assert.throws(() => m.decodeConfigJson(junk, context), Error, junk);
  }
  const hostile = m.decodeConfigJson(JSON.stringify({
    preset: { nope: 1 },
    runs: Array.from({ length: 14 }, () => ({ config: { steps: 'lots', hidden: [1e12], seed: 5, rogue: true, __proto__: { bad: 1 } } })),
  }), context);
  assert.ok(hostile.notices.some((n) => /14 runs/.test(n)));
  assert.ok(hostile.notices.some((n) => /rogue/.test(n)));
  assert.ok(hostile.notices.some((n) => /preset/.test(n)));
  const restored = m.restoreRuns(core, {}, hostile.given, kinds);
  assert.ok(restored.notices.some((n) => n.startsWith('steps')));
  assert.ok(restored.notices.some((n) => n.startsWith('hidden')));
  assert.equal(restored.configs[0].seed, 5);
  assert.deepEqual(core.validateConfig(restored.configs[0]), restored.configs[0]);
});
