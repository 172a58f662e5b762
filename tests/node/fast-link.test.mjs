// Fast mode in the link (www/state/link.js): fast=1 is written only when it is on, read back,
// and anything but 1 or 0 becomes a notice (the default build stays).

import assert from 'node:assert/strict';
import { test } from 'node:test';
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
