// The page's messages: the alert with what stops the page or a run (the core or the data that
// could not load, a run that cannot be set up, a worker that died), and the settings' own
// message under the form (a field that cannot be read, or a limit only the built network can
// check, such as the memory budget). Each is rewritten only when its text changes, so that a
// screen reader hears a message once.

import { pageErrors } from '../app/controls.js';

export class Messages {
  /** elements: { alert, settings } */
  constructor({ alert, settings }) {
    this.alert = alert;
    this.settings = settings;
    this.shown = null;
  }

  /** The config field a run's setup failure names ("hidden: this run would need…"), or null. */
  static refusedField(run, names) {
    if (run.state !== 'failed' || run.dead || !run.error) return null;
    const field = /^([a-z_]+): /.exec(run.error)?.[1];
    return names.includes(field) ? field : null;
  }

  render(state) {
    const { runs, catalog, configProblem } = state;
    const names = catalog?.names ?? [];
    const named = (run, text) => (runs.length > 1 ? `${run.label}: ${text}` : text);
    const runErrors = runs.filter((run) => run.state === 'failed').map((run) => {
      if (run.dead) return named(run, run.error);
      if (Messages.refusedField(run, names)) return `${named(run, 'this run cannot be set up')}: ${run.error}`;
      return `Could not set up training: ${run.error}`;
    });
    const messages = [...new Set([...pageErrors(state), ...runErrors])];
    const key = JSON.stringify(messages);
    if (key !== this.shown) {
      this.shown = key;
      this.alert.replaceChildren(...messages.map((m) => Object.assign(document.createElement('p'), { textContent: m })));
      this.alert.hidden = messages.length === 0;
    }
    const refused = runs.find((run) => Messages.refusedField(run, names));
    const text = configProblem ?? (refused ? named(refused, refused.error) : '');
    if (this.settings.textContent !== text) this.settings.textContent = text;
  }
}
