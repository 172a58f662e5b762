// All 60,000 Fashion-MNIST training images, fetched only when asked for (the button in the
// data panel, or an experiment whose train_size needs more than the 10,000 the site loads at
// start-up). The site serves the upstream gzipped files in data/full/ with their SHA-256 sums
// (data/full/SHA256SUMS, copied by data/prepare.sh from data/SOURCE.sha256). Each file is
// checked against its sum, inflated with the browser's DecompressionStream, and, once checked,
// kept in the data cache the service worker leaves alone (build-info.js names it), so it is
// there offline. A damaged or short download is never kept, and its error says what arrived.

import { fetchBytes } from './download.js';

/** What the page says of the full set. */
export const FULL_SET = {
  id: 'fashion-mnist-full',
  detail: 'all 60,000 training images and the 10,000 test images',
  trainCount: 60_000,
};

/** The data set the site loads at start-up has this many training images (data/README.md). */
export const START_UP_TRAIN_COUNT = 10_000;

export const FULL_FILES = [
  { key: 'trainImages', name: 'training images', file: 'train-images-idx3-ubyte.gz' },
  { key: 'trainLabels', name: 'training labels', file: 'train-labels-idx1-ubyte.gz' },
];

const site = (rel) => new URL(`../${rel}`, import.meta.url);
const SUMS = 'data/full/SHA256SUMS';

/** { fileName: hex } from sha256sum's output. */
export function parseSums(text) {
  const sums = {};
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
    if (match) sums[match[2]] = match[1];
  }
  return sums;
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function openCache(name) {
  try {
    return name && globalThis.caches ? await caches.open(name) : null;
  } catch {
    return null; // no Cache Storage here (a private window may refuse it): download every time
  }
}

/**
 * Resolves to { trainImages, trainLabels } (raw IDX bytes) of all 60,000 training images;
 * onProgress({ loaded, total }) follows the compressed bytes (total null until known).
 * Rejects with an Error naming the file and what was wrong with it.
 */
export async function loadFullTraining({ dataCache = null, onProgress = () => {} } = {}) {
  let sums;
  try {
    const response = await fetch(site(SUMS));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    sums = parseSums(await response.text());
  } catch (err) {
    throw new Error(`Could not read the checksums of the full training set (${SUMS}): ${err.message}`);
  }
  const cache = await openCache(dataCache);
  const loaded = FULL_FILES.map(() => 0);
  const totals = FULL_FILES.map(() => undefined);
  const report = () =>
    onProgress({ loaded: loaded.reduce((a, b) => a + b, 0), total: totals.every(Number.isFinite) ? totals.reduce((a, b) => a + b, 0) : null });

  const arrays = await Promise.all(
    FULL_FILES.map(async (entry, i) => {
      const path = `data/full/${entry.file}`;
      const url = site(path);
      const expected = sums[entry.file];
      if (!expected) throw new Error(`${SUMS} has no checksum for ${entry.file}`);
      const hit = await cache?.match(url);
      let bytes;
      if (hit) {
        bytes = new Uint8Array(await hit.arrayBuffer());
        loaded[i] = totals[i] = bytes.byteLength;
        report();
      } else {
        try {
          bytes = await fetchBytes(url, {
            onProgress: (n, total) => {
              loaded[i] = n;
              totals[i] = total ?? undefined;
              report();
            },
          });
        } catch (err) {
          throw new Error(`Could not download the full set's ${entry.name} (${path}): ${err instanceof TypeError ? `network error (${err.message})` : err.message}`);
        }
      }
      const actual = await sha256Hex(bytes);
      if (actual !== expected) {
        if (hit) await cache.delete(url);
        throw new Error(
          `The full set's ${entry.name} (${path}) arrived damaged or incomplete: ${bytes.byteLength.toLocaleString('en-US')} bytes ` +
            `with SHA-256 ${actual.slice(0, 12)}…, where data/SOURCE.sha256 expects ${expected.slice(0, 12)}…`,
        );
      }
      let raw;
      try {
        raw = await gunzip(bytes);
      } catch (err) {
        throw new Error(`The full set's ${entry.name} (${path}) could not be inflated: ${err.message}`);
      }
      if (!hit) await cache?.put(url, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } })).catch(() => {});
      return raw;
    }),
  );
  return Object.fromEntries(FULL_FILES.map((entry, i) => [entry.key, arrays[i]]));
}
