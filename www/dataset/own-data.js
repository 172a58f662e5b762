// Your own data: the four IDX files (MNIST's format, gzipped or raw), chosen with a file picker
// or dropped on the page. Which file is which comes from its name; whether the files are usable
// is up to the core, which parses them when a Lab is built and names the file at fault.

import { ASK, Requests } from '../worker/protocol.js';
import { DATA_FILES } from './download.js';

export const MAX_FILE_BYTES = 128 * 1024 * 1024; // read into memory: keep the tab alive
const NAMING = 'name them as MNIST does: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (.gz or not)';

/** Which of the four files a file name is (a DATA_FILES key), or null. */
export function roleOf(fileName) {
  const name = fileName.toLowerCase();
  const test = /t10k|test/.test(name);
  const train = /train/.test(name);
  const images = /idx3|image/.test(name);
  const labels = /idx1|label/.test(name);
  if (test === train || images === labels) return null;
  return `${train ? 'train' : 'test'}${images ? 'Images' : 'Labels'}`;
}

/** { trainImages: File, ... } from the files given; throws an Error saying what is missing or unclear. */
export function identifyFiles(files) {
  const found = {};
  for (const file of files) {
    const role = roleOf(file.name);
    if (!role) throw new Error(`Could not tell which data file "${file.name}" is: ${NAMING}.`);
    const entry = DATA_FILES.find((f) => f.key === role);
    if (found[role]) throw new Error(`Two files look like the ${entry.name}: "${found[role].name}" and "${file.name}".`);
    found[role] = file;
  }
  const missing = DATA_FILES.filter((f) => !found[f.key]).map((f) => f.name);
  if (missing.length) {
    throw new Error(`Missing the ${missing.join(', the ')}: choose or drop all four files together (${NAMING}).`);
  }
  return found;
}

let loads = 0;

/** Reads the four files into a dataset the workers can use: { id, name, files, trainImages, ... }. */
export async function readOwnData(files) {
  const byRole = identifyFiles(files);
  const dataset = { id: `own-${++loads}`, name: 'your files', files: [] };
  for (const entry of DATA_FILES) {
    const file = byRole[entry.key];
    if (file.size > MAX_FILE_BYTES) {
      throw new Error(`${entry.name}: "${file.name}" is ${(file.size / 1e6).toFixed(0)} MB, more than the ${MAX_FILE_BYTES / 1048576} MiB the page reads`);
    }
    dataset[entry.key] = new Uint8Array(await file.arrayBuffer());
    dataset.files.push(file.name);
  }
  return dataset;
}

/**
 * Resolves if the core can train on the data set, to the core's description of it
 * ({ train_count, test_count, rows, cols }); rejects with the core's Error (naming the file and
 * the problem) if not. The check runs in a worker of its own (worker/data-check-worker.js).
 */
export async function checkData(dataset) {
  const worker = new Worker(new URL('../worker/data-check-worker.js', import.meta.url), { type: 'module' });
  const requests = new Requests((message) => worker.postMessage(message));
  worker.onmessage = ({ data }) => requests.receive(data);
  worker.onerror = (event) => {
    event.preventDefault();
    requests.drop({ error: `the data could not be checked: ${event.message || 'the checking worker did not load'}` });
  };
  const { trainImages, trainLabels, testImages, testLabels } = dataset;
  const reply = await requests.send(ASK.check, { trainImages, trainLabels, testImages, testLabels });
  worker.terminate();
  if (reply.error) throw new Error(reply.error);
  return reply.value;
}

/** Wires a file input and a drop target (the whole page) to onFiles(FileList). */
export function acceptFiles({ input, dropTarget, onFiles, onDragState = () => {} }) {
  input.addEventListener('change', () => {
    if (input.files.length) onFiles([...input.files]);
    input.value = ''; // picking the same files again still fires a change
  });
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  dropTarget.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    depth += 1;
    onDragState(true);
  });
  dropTarget.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) onDragState(false);
  });
  dropTarget.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = 'copy';
  });
  dropTarget.addEventListener('drop', (event) => {
    if (!event.dataTransfer?.files?.length) return;
    event.preventDefault(); // the browser would open the file instead
    depth = 0;
    onDragState(false);
    onFiles([...event.dataTransfer.files]);
  });
}
