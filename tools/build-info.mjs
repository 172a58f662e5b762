#!/usr/bin/env node
// Stamps a built site with its build (run by `make www`, after the site's files are in place):
// writes SITE/build-info.js, the one file that says which build this is, read by the page (the
// version it shows) and by the service worker (www/sw.js: its cache's name and what it
// precaches).
//
//   node tools/build-info.mjs build/site
//
// The build id is a SHA-256 over every precached file's path and bytes (and the service
// worker's), so the same files give the same id on every machine and any changed byte gives a
// new one: a new build's service worker then replaces the old cache as a whole. The version
// shown beside it is `git describe` (or BRAINLAB_VERSION, or "unknown" outside a checkout).
// Precached: everything but what is fetched only on demand, data/full/ (all 60,000 training
// images; their checksums are precached) and pkg-fast/ (the relaxed-SIMD core), which the page caches itself once it has them.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const INFO_FILE = 'build-info.js';
const SERVICE_WORKER = 'sw.js';
/** Folders fetched only when the reader asks for them: never in the precache. */
export const ON_DEMAND = ['data/full/', 'pkg-fast/'];
/** The full set's checksums: small, and needed offline to check the cached set. */
const FULL_SUMS = 'data/full/SHA256SUMS';

/** Every file under dir, as sorted '/'-separated paths relative to it. */
function walk(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? walk(dir, rel) : [rel];
    })
    .sort();
}

/** The files the service worker precaches (paths relative to the site). */
export function precached(site) {
  const onDemand = (f) => ON_DEMAND.some((d) => f.startsWith(d)) && f !== FULL_SUMS;
  return walk(site).filter((f) => f !== INFO_FILE && f !== SERVICE_WORKER && !onDemand(f));
}

function gitVersion() {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: path.dirname(fileURLToPath(import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** { id, version, files, dataCache } for the site in `site`. */
export function buildInfo(site, version = process.env.BRAINLAB_VERSION || gitVersion()) {
  const files = precached(site);
  const hash = createHash('sha256');
  for (const f of [...files, SERVICE_WORKER]) {
    hash.update(`${f}\0`);
    try {
      hash.update(readFileSync(path.join(site, f)));
    } catch {
      hash.update('(missing)');
    }
    hash.update('\0');
  }
  // The full training set's cache is named by its checksums: it outlives builds that serve
  // the same files, and goes with the first build that serves others.
  let sums = '';
  try {
    sums = readFileSync(path.join(site, FULL_SUMS), 'utf8');
  } catch {
    // a site without the full set: nothing to cache
  }
  const dataCache = `brainlab-data-${createHash('sha256').update(sums).digest('hex').slice(0, 12)}`;
  return { id: hash.digest('hex').slice(0, 12), version, files, dataCache };
}

export function stamp(site, version) {
  const info = buildInfo(site, version);
  const text = [
    '// Written by tools/build-info.mjs at `make site`: this build, for the page and the service worker.',
    `self.BRAINLAB_BUILD = ${JSON.stringify(info, null, 1)};`,
    '',
  ].join('\n');
  writeFileSync(path.join(site, INFO_FILE), text);
  return info;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const site = process.argv[2];
  if (!site) {
    console.error('usage: node tools/build-info.mjs SITE_DIR');
    process.exit(2);
  }
  const info = stamp(site);
  console.log(`build-info: ${site} is build ${info.id} (${info.version}), ${info.files.length} files precached`);
}
