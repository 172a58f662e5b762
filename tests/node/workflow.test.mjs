// One install path: the Pages workflow installs the tools and builds the site with the
// Makefile's own targets, so the hosted site is built the way `make dist` builds it here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const workflow = readFileSync('.github/workflows/pages.yml', 'utf8');
const makefile = readFileSync('Makefile', 'utf8');
const runLines = workflow.split('\n').filter((line) => !line.trim().startsWith('#'));

test('the Pages workflow builds with make build-tools and make dist, and installs nothing itself', () => {
  assert.match(workflow, /run: make build-tools\n/);
  assert.match(workflow, /run: make dist\n/);
  for (const line of runLines) {
    assert.doesNotMatch(line, /cargo install|apt-get install|wasm-pack build|npm ci/, `the Makefile does this, not the workflow: ${line.trim()}`);
  }
});

test('the cached tool versions are the Makefile pins', () => {
  const pin = (tool) => new RegExp(`${tool} --version 2>/dev/null \\| grep -q '([0-9.]+)'`).exec(makefile)?.[1];
  const key = /key: wasm-tools-\$\{\{ runner\.os \}\}-wasm-pack-([0-9.]+)-wasm-bindgen-([0-9.]+)/.exec(workflow);
  assert.ok(key, 'the cache key names both versions');
  assert.equal(key[1], pin('wasm-pack'));
  assert.equal(key[2], pin('wasm-bindgen'));
  assert.doesNotMatch(makefile, /wasm-bindgen-cli --version [0-9.]+ --locked/, 'wasm-bindgen-cli fails to install with --locked');
});
