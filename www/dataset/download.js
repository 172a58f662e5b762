// Downloads the four Fashion-MNIST IDX files the site serves from data/ (kept gzipped: the wasm
// core inflates them), following their progress.

/** The data set the site serves (see data/README.md), as the page names it. */
export const BUILT_IN = {
  id: 'fashion-mnist',
  name: 'Fashion-MNIST',
  detail: 'the first 10,000 training images and the 10,000 test images',
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

export const DATA_FILES = [
  { key: 'trainImages', name: 'training images', path: 'data/train-images-idx3-ubyte.gz' },
  { key: 'trainLabels', name: 'training labels', path: 'data/train-labels-idx1-ubyte.gz' },
  { key: 'testImages', name: 'test images', path: 'data/t10k-images-idx3-ubyte.gz' },
  { key: 'testLabels', name: 'test labels', path: 'data/t10k-labels-idx1-ubyte.gz' },
];

/**
 * Fetches url into one Uint8Array, streaming the body so onProgress(loaded, total)
 * can follow it; total comes from Content-Length and is null when the server omits it.
 */
export async function fetchBytes(url, { signal, onProgress = () => {} } = {}) {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  const total = Number(response.headers.get('Content-Length')) || null;
  onProgress(0, total);

  const chunks = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }

  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function describeFailure(err) {
  // fetch() rejects with a bare TypeError ("Failed to fetch") when the request never completes.
  return err instanceof TypeError ? `network error (${err.message})` : err.message;
}

/**
 * Downloads all DATA_FILES in parallel. onProgress({ loaded, total }) reports the bytes
 * summed over the files; total is null until every file's size is known.
 * Resolves to { trainImages, trainLabels, testImages, testLabels } (Uint8Arrays); rejects
 * with an Error naming the first file that failed, and cancels the other downloads.
 */
export async function loadDataset({ onProgress = () => {} } = {}) {
  const abort = new AbortController();
  const loaded = new Array(DATA_FILES.length).fill(0);
  const totals = new Array(DATA_FILES.length).fill(undefined);
  const report = () => {
    const known = totals.every((t) => typeof t === 'number');
    onProgress({
      loaded: loaded.reduce((a, b) => a + b, 0),
      total: known ? totals.reduce((a, b) => a + b, 0) : null,
    });
  };

  const downloads = DATA_FILES.map(async (file, i) => {
    const url = new URL(`../${file.path}`, import.meta.url); // the site's data/ folder
    try {
      return await fetchBytes(url, {
        signal: abort.signal,
        onProgress: (bytes, total) => {
          loaded[i] = bytes;
          totals[i] = total;
          report();
        },
      });
    } catch (err) {
      throw new Error(`Could not download the ${file.name} (${file.path}): ${describeFailure(err)}`);
    }
  });

  try {
    const arrays = await Promise.all(downloads);
    return Object.fromEntries(DATA_FILES.map((file, i) => [file.key, arrays[i]]));
  } catch (err) {
    abort.abort();
    // The aborted downloads reject too; nobody needs those rejections.
    downloads.forEach((d) => d.catch(() => {}));
    throw err;
  }
}
