#!/usr/bin/env node
// What `make dist` ships of the built site, and the check that it ships nothing only the tests
// use: the page's debug handle (app/debug.js, window.__brainlab), the worker's fault injection
// (worker/faults.js) and the core's panicForTests (in the site's pkg/, which `make site` builds
// with the fault-injection feature; `make dist` puts a core built without it in its place).
//
//   node tools/dist.mjs SITE OUT     copies SITE to OUT without the tests' files and pkg/
//   node tools/dist.mjs --check DIR  exits 1 naming whatever of the tests' DIR holds, or a
//                                    precached file (build-info.js) that DIR lacks
//
// The page and the worker import the debug files only on ?debug=1, so the lab runs without them.

import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Files of the site that only the tests use. */
export const TEST_ONLY = ['app/debug.js', 'worker/faults.js'];
/** The core built for the tests: dist's own is built without the fault-injection feature. */
export const TEST_CORE = 'pkg';
/** Strings that only the tests' code holds: the core's deliberate panic and the page's handle. */
export const TEST_MARKS = ['panicForTests', '__brainlab'];

const rel = (root, file) => path.relative(root, file).split(path.sep).join('/');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Copies the site in `site` to `out`, leaving out TEST_ONLY and TEST_CORE. */
export function copyShipped(site, out) {
  const left = new Set([...TEST_ONLY, TEST_CORE]);
  cpSync(site, out, { recursive: true, filter: (src) => !left.has(rel(site, src)) });
}

/** The precached files (build-info.js's list) that `dir` lacks: a stamp older than the copy. */
function missingPrecached(dir) {
  const info = path.join(dir, 'build-info.js');
  if (!existsSync(info)) return ['build-info.js'];
  const text = readFileSync(info, 'utf8');
  const { files } = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
  return files.filter((f) => !existsSync(path.join(dir, f)));
}

/** What of the tests' `dir` holds, each as a sentence naming the file; [] when none. */
export function testOnlyIn(dir) {
  const found = TEST_ONLY.filter((f) => existsSync(path.join(dir, f))).map((f) => `${f}: a file only the tests use`);
  for (const file of walk(dir)) {
    const bytes = readFileSync(file);
    for (const mark of TEST_MARKS) if (bytes.includes(mark)) found.push(`${rel(dir, file)}: holds ${mark}`);
  }
  found.push(...missingPrecached(dir).map((f) => `${f}: precached (build-info.js) but not in the folder`));
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [first, second] = process.argv.slice(2);
  if (first === '--check' && second) {
    const found = testOnlyIn(second);
    if (found.length) {
      console.error(`dist: ${second} ships what only the tests use:\n  ${found.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`dist: ${second} ships nothing only the tests use (${TEST_ONLY.join(', ')}, ${TEST_MARKS.join(', ')})`);
  } else if (first && second) {
    copyShipped(first, second);
  } else {
    console.error('usage: node tools/dist.mjs SITE OUT | node tools/dist.mjs --check DIR');
    process.exit(2);
  }
}
