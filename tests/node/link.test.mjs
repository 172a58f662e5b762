// The link codec (www/state/link.js) against the built core: every field of configSchema()
// round-trips through the link exactly, at the ends of its range and at every option, so a
// field the core adds is in the link as soon as it lands; old panel names still read.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readCatalog } from '../../www/state/catalog.js';
import { toLists } from '../../www/state/experiment.js';
import { decodeFragment, encodeFragment } from '../../www/state/link.js';
import { restoreRuns } from '../../www/state/restore.js';
import { loadCore } from './helpers.mjs';

let core;
let catalog;

before(async () => {
  ({ core } = await loadCore());
  catalog = readCatalog(core);
});

/** Values worth trying for a schema field: its options, the ends of its range, odd numbers. */
function candidates(field, fallback) {
  const { kind, min, max } = field;
  switch (kind) {
    case 'enum':
      return field.options;
    case 'bool':
      return [true, false];
    case 'list':
      return [[min], [max], Array.from({ length: field.max_len }, (_, i) => min + 7 * (i + 1))];
    case 'int':
      return [field.min_exclusive ? min + 1 : min, max, Math.min(max, fallback + 1)];
    case 'float':
      return [max, (min + max) / 3, Math.fround(0.1) * (max - min), ...(field.min_exclusive ? [] : [min])];
    default:
      throw new Error(`${field.name}: a kind this test does not know (${kind}): teach it`);
  }
}

/** A config through the link and back, as the page reads a link: { configs, notices }. */
function throughLink(config) {
  const { kinds, names, presetIds } = catalog;
  const fragment = encodeFragment({ preset: null, lists: toLists([config], names), panels: null, classroom: false }, kinds);
  const link = decodeFragment(`#${fragment}`, { kinds, presetIds, panelNames: [] });
  const { configs, notices } = restoreRuns(core, {}, link.given, kinds);
  return { configs, notices: [...link.notices, ...notices], fragment };
}

test('configSchema() describes every field of the config, and only those', () => {
  const schema = core.configSchema().map((field) => field.name);
  assert.deepEqual([...schema].sort(), [...catalog.names].sort());
});

test('every field of configSchema() round-trips through the link, at every option and both ends of its range', () => {
  const defaults = core.defaultConfig();
  for (const field of core.configSchema()) {
    let changed = 0;
    for (const value of candidates(field, defaults[field.name])) {
      let config;
      try {
        config = core.validateConfig({ [field.name]: value });
      } catch {
        continue; // refused with the other defaults (train_size 1 under batch_size 100): not the link's business
      }
      const back = throughLink(config);
      assert.deepEqual(back.notices, [], `${field.name} = ${JSON.stringify(value)}`);
      assert.deepEqual(back.configs, [config], `${field.name} = ${JSON.stringify(value)} comes back (${back.fragment})`);
      if (JSON.stringify(config[field.name]) !== JSON.stringify(defaults[field.name])) changed += 1;
    }
    assert.ok(changed > 0, `${field.name}: at least one value other than the default went through the link`);
  }
});

test('a link names panels by view key; older links\' "acc" is the accuracy view', () => {
  const context = { kinds: catalog.kinds, presetIds: catalog.presetIds, panelNames: ['table', 'loss', 'accuracy'] };
  assert.deepEqual(decodeFragment('#panels=table,acc', context).panels, ['table', 'accuracy']);
  const link = decodeFragment('#panels=accuracy,nope', context);
  assert.deepEqual(link.panels, ['accuracy']);
  assert.match(link.notices.join(' '), /"nope" is not a panel/);
});
