// Fast mode in the link (www/state/link.js): fast=1 is written only when it is on, read back,
// and anything but 1 or 0 becomes a notice (the default build stays); a link that asks for it
// in a browser without relaxed SIMD gets the default build and a notice (app/fast-mode.js).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refuseUnsupportedFast } from '../../www/app/fast-mode.js';
import { decodeFragment, encodeFragment } from '../../www/state/link.js';

const kinds = { hidden: 'list' };
const context = { kinds, presetIds: ['fig2'], panelNames: ['loss'] };

test('fast=1 is in the link only when fast mode is on', () => {
  assert.match(encodeFragment({ preset: 'fig2', lists: {}, panels: null, classroom: false, fast: true }, kinds), /&fast=1$/);
  assert.doesNotMatch(encodeFragment({ preset: 'fig2', lists: {}, panels: null, classroom: false, fast: false }, kinds), /fast/);
  assert.doesNotMatch(encodeFragment({ preset: 'fig2', lists: {}, panels: null, classroom: false }, kinds), /fast/);
});

test('fast is read as 1 or 0, and anything else is a notice', () => {
  assert.equal(decodeFragment('#preset=fig2&fast=1', context).fast, true);
  assert.equal(decodeFragment('#fast', context).fast, true);
  assert.equal(decodeFragment('#preset=fig2&fast=0', context).fast, false);
  assert.equal(decodeFragment('#preset=fig2', context).fast, false);
  const odd = decodeFragment('#preset=fig2&fast=yes', context);
  assert.equal(odd.fast, false);
  assert.deepEqual(odd.notices, ['fast: "yes" is not 1 or 0; ignored']);
});

test('a link asking for fast mode where the browser cannot run it gets the default build and a notice', () => {
  const session = (fast) => ({
    state: { fast },
    said: [],
    setFast(on) { this.state.fast = on; },
    notify(text) { this.said.push(text); },
  });
  const refused = session(true);
  refuseUnsupportedFast(refused, false);
  assert.equal(refused.state.fast, false);
  assert.match(refused.said.join(), /no relaxed SIMD: the runs use the default, bit-reproducible build/);
  for (const [fast, can] of [[true, true], [false, false], [false, true]]) {
    const kept = session(fast);
    refuseUnsupportedFast(kept, can);
    assert.deepEqual([kept.state.fast, kept.said], [fast, []], `fast ${fast}, supported ${can}`);
  }
});
