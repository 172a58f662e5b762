// The data panel and the loading bar: which data set is in use (the built-in one, or the
// reader's files with the core's description of them), the download's progress, the check's
// status and error; the full training set's button, progress and error; and where the reader's own files come in (a file picker, or a drop anywhere
// on the page, with an overlay saying where they go).

import { BUILT_IN } from '../dataset/download.js';
import { FULL_SET } from '../dataset/full.js';
import { acceptFiles } from '../dataset/own-data.js';

/** ": 60,000 training and 10,000 test images of 28×28 pixels" from the core's describeData(). */
function describeSize(d) {
  const count = (n) => Number(n).toLocaleString('en-US');
  return d && Number.isFinite(d.train_count) ? `: ${count(d.train_count)} training and ${count(d.test_count)} test images of ${d.rows}×${d.cols} pixels` : '';
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);

export class DataPanel {
  /**
   * @param $ (id) => the element with that id
   * @param handlers { files(files), builtIn(), full() }
   */
  constructor($, handlers) {
    this.el = {
      name: $('data-name'), detail: $('data-detail'), files: $('data-files'), reset: $('data-reset'), status: $('data-status'),
      error: $('data-error'), explanation: $('explanation-data'), shareNote: $('share-data-note'), loading: $('loading'),
      progress: $('load-progress'), progressText: $('load-status'), overlay: $('drop-overlay'),
      full: $('data-full'), fullProgress: $('full-progress'), fullStatus: $('full-status'), fullError: $('full-error'),
    };
    this.classroom = false;
    acceptFiles({
      input: this.el.files,
      dropTarget: document,
      onFiles: handlers.files,
      onDragState: (over) => {
        this.el.overlay.hidden = !over || this.classroom;
      },
    });
    this.el.reset.addEventListener('click', handlers.builtIn);
    this.el.full.addEventListener('click', handlers.full);
  }

  /** The full training set's button, progress bar, status and error. */
  renderFull({ builtIn, full }, enabled) {
    const { el } = this;
    const have = builtIn?.id === FULL_SET.id;
    el.full.hidden = have;
    el.full.disabled = !enabled || !builtIn || full.state === 'loading';
    el.fullProgress.hidden = full.state !== 'loading';
    const p = full.progress;
    if (p?.total) el.fullProgress.value = p.loaded / p.total;
    else el.fullProgress.removeAttribute('value');
    const status =
      full.state === 'loading'
        ? `Loading all 60,000 training images: ${mb(p?.loaded ?? 0)}${p?.total ? ` of ${mb(p.total)}` : ''} MB`
        : have
          ? 'All 60,000 training images are loaded (kept for offline use).'
          : '';
    if (el.fullStatus.textContent !== status) el.fullStatus.textContent = status;
    if (el.fullError.textContent !== full.error) el.fullError.textContent = full.error;
  }

  render({ data, classroom }, enabled) {
    const { el } = this;
    this.classroom = classroom;
    const own = data.inUse && data.inUse !== data.builtIn;
    el.name.textContent = own ? 'your own files' : BUILT_IN.name;
    const detail = data.builtIn?.detail ?? BUILT_IN.detail;
    el.detail.textContent = own ? `(${data.inUse.files.join(', ')}${describeSize(data.inUse.description)})` : `(${detail})`;
    el.explanation.textContent = own ? `your own files (${data.inUse.files.join(', ')})` : `${BUILT_IN.name}, ${detail}`;
    this.renderFull(data, enabled);
    el.reset.hidden = !own || !data.builtIn;
    el.shareNote.hidden = !own;
    el.files.disabled = el.reset.disabled = !enabled;
    if (el.status.textContent !== data.status) el.status.textContent = data.status;
    if (el.error.textContent !== data.error) el.error.textContent = data.error;
    el.loading.hidden = !data.loading;
    const { progress } = data;
    if (!progress) return;
    if (progress.total) {
      el.progress.value = progress.loaded / progress.total;
      el.progressText.textContent = `Loading Fashion-MNIST: ${mb(progress.loaded)} of ${mb(progress.total)} MB`;
    } else {
      el.progress.removeAttribute('value'); // indeterminate
      el.progressText.textContent = `Loading Fashion-MNIST: ${mb(progress.loaded)} MB`;
    }
  }
}
