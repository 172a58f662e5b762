// The data set in use: Fashion-MNIST downloaded at start-up, or the reader's own IDX files,
// checked by the core before the workers get them. Data change only before training or after
// Reset; a failed check keeps the data in use and says why.

import { BUILT_IN, DATA_FILES, loadDataset } from '../dataset/download.js';
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
