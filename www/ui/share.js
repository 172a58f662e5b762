// The share and export panel: the link to the experiment, shown in a read-only box and copied
// by the Copy link button, optionally as a classroom link (only Start, Pause and the
// explanation); the downloads (metrics as CSV and JSON, the loss and accuracy charts as PNG, the
// config as JSON) and the config import, enabled as app/controls.js decides.

const EXPORTS = { csv: 'export-csv', json: 'export-json', loss: 'export-loss', accuracy: 'export-acc', config: 'export-config' };

export class Share {
  /**
   * @param $ (id) => the element with that id
   * @param handlers { csv(), json(), loss(), accuracy(), config(), import(file) }
   */
  constructor($, handlers) {
    this.input = $('share-link');
    this.classroomBox = $('share-classroom');
    this.status = $('copy-status');
    this.exportStatus = $('share-status');
    this.base = '';
    this.classroomBox.addEventListener('change', () => this.refresh());
    $('copy-link').addEventListener('click', () => this.copy());
    this.exports = Object.fromEntries(Object.entries(EXPORTS).map(([key, id]) => [key, $(id)]));
    for (const [key, button] of Object.entries(this.exports)) button.addEventListener('click', handlers[key]);
    this.importInput = $('import-config');
    this.importInput.addEventListener('change', () => {
      const file = this.importInput.files[0];
      this.importInput.value = '';
      handlers.import(file);
    });
  }

  /** @param can app/controls.js's controls() */
  render(can) {
    for (const [key, button] of Object.entries(this.exports)) button.disabled = key === 'config' ? !can.config : !can.exports;
    this.importInput.disabled = !can.import;
  }

  /** Sets the link to the page as it is now. */
  set link(url) {
    if (url === this.base) return;
    this.base = url;
    this.refresh();
  }

  get link() {
    if (!this.classroomBox.checked || /[#&]classroom=1(&|$)/.test(this.base)) return this.base;
    return `${this.base}&classroom=1`;
  }

  refresh() {
    this.input.value = this.link;
    this.input.dataset.link = this.link;
  }

  async copy() {
    const link = this.link;
    try {
      await navigator.clipboard.writeText(link);
      this.say('Link copied.');
    } catch {
      // No clipboard access (an insecure origin, or refused): leave it selected to copy by hand.
      this.input.focus();
      this.input.select();
      this.say('The browser did not allow copying: the link is selected, press Ctrl+C (⌘C) to copy it.');
    }
  }

  say(text) {
    this.status.textContent = '';
    // A fresh text node each time, so screen readers announce a repeated message too.
    requestAnimationFrame(() => {
      this.status.textContent = text;
    });
  }
}
