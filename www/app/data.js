// The data set in use: Fashion-MNIST downloaded at start-up (the first 10,000 training images;
// all 60,000 on demand), or the reader's own IDX files, checked by the core before the workers
// get them. Data change only before training or after Reset; a failed check or download keeps
// the data in use and says why.

import { BUILT_IN, DATA_FILES, loadDataset } from '../dataset/download.js';
import { FULL_FILES, FULL_SET, START_UP_TRAIN_COUNT, loadFullTraining } from '../dataset/full.js';
import { checkData, readOwnData } from '../dataset/own-data.js';
import { begun } from './controls.js';

/** Downloads the built-in data set; it is used unless the reader's files came first. */
export async function downloadBuiltIn(session) {
  try {
    const arrays = await loadDataset({ onProgress: (progress) => session.data({ progress }) });
    performance.mark('data-ready');
    const builtIn = { ...BUILT_IN, files: DATA_FILES.map((f) => f.path), ...arrays };
    session.data({ builtIn, loading: false });
    if (!session.state.data.inUse) session.useData(builtIn);
  } catch (err) {
    session.data({ downloadError: err.message, loading: false });
  }
}

let attempts = 0;

/** Checks the reader's files and trains on them from now on, or says why not. */
export async function useOwnFiles(session, files) {
  const { catalog, classroom } = session.state;
  session.data({ error: '' });
  if (!catalog || classroom) return;
  if (begun(session.state.runs)) {
    session.data({ error: 'Reset the runs before changing the data.' });
    return;
  }
  const attempt = ++attempts;
  session.data({ status: 'Checking the files…' });
  try {
    const own = await readOwnData(files);
    own.description = await checkData(own);
    if (attempt !== attempts) return; // newer files arrived meanwhile
    if (begun(session.state.runs)) throw new Error('Training began while the files were checked: Reset, then load them again.');
    session.useData(own, `Now training on your files: ${own.files.join(', ')}.`);
  } catch (err) {
    if (attempt !== attempts) return;
    const { inUse: now, builtIn } = session.state.data;
    const inUse = !now ? 'none yet' : now === builtIn ? BUILT_IN.name : 'your previous files';
    session.data({ status: '', error: `${err.message.replace(/\.?$/, '.')} The data in use are unchanged (${inUse}).` });
  }
}

/** Back to Fashion-MNIST. */
export function useBuiltIn(session) {
  const { builtIn } = session.state.data;
  if (!builtIn || begun(session.state.runs)) return;
  session.useData(builtIn, `Back to ${BUILT_IN.name}.`);
}

/** Whether the experiment asks for more training images than Fashion-MNIST's start-up set has. */
export function needsFullSet(state) {
  const { data, experiment } = state;
  return Boolean(data.builtIn) && data.builtIn.id !== FULL_SET.id && experiment?.runs.some((run) => run.config.train_size > START_UP_TRAIN_COUNT);
}

/**
 * Fetches all 60,000 training images (dataset/full.js) and makes them Fashion-MNIST's training
 * set, in use at once if Fashion-MNIST was and training has not begun. A failure keeps the
 * 10,000-image set and says why; the button tries again.
 */
export async function downloadFull(session, dataCache) {
  const { full, builtIn } = session.state.data;
  if (!builtIn || builtIn.id === FULL_SET.id || full.state === 'loading') return;
  const setFull = (changes) => session.data({ full: { ...session.state.data.full, ...changes } });
  setFull({ state: 'loading', progress: null, error: '' });
  try {
    const train = await loadFullTraining({ dataCache, onProgress: (progress) => setFull({ progress }) });
    const { builtIn: before, inUse, runs } = { ...session.state.data, runs: session.state.runs };
    const fullSet = { ...before, ...train, id: FULL_SET.id, detail: FULL_SET.detail, files: [...FULL_FILES.map((f) => `data/full/${f.file}`), ...before.files.slice(2)] };
    session.data({ builtIn: fullSet, full: { state: 'ready', progress: null, error: '' } });
    if (inUse !== before) return;
    if (begun(runs)) session.data({ status: 'All 60,000 training images are here: Reset to train on them.' });
    else session.useData(fullSet, 'Now training on all 60,000 training images.');
  } catch (err) {
    setFull({ state: 'failed', progress: null, error: `${err.message.replace(/\.?$/, '.')} Fashion-MNIST's first ${START_UP_TRAIN_COUNT.toLocaleString('en-US')} training images stay in use.` });
  }
}

/**
 * While the full training set downloads for the data in use, the training images the page has
 * now (the run table then says that a run wanting more waits for them); null otherwise.
 */
export function trainCountWhileFullLoads(state) {
  const { data } = state;
  return data.full.state === 'loading' && data.inUse === data.builtIn && data.builtIn?.id !== FULL_SET.id ? START_UP_TRAIN_COUNT : null;
}

/** Starts the full set's download when the experiment needs it (once: after a failure, the button retries). */
export function fetchFullWhenNeeded(session, dataCache) {
  const state = session.state;
  if (state.data.full.state === 'idle' && state.data.inUse === state.data.builtIn && needsFullSet(state)) downloadFull(session, dataCache);
}
