// Keeps the workers in step with the session: the experiment's runs on the data in use go to
// the sweep (runs/sweep.js) at once when the settings came from outside the form (a link, an
// import, other data) and once the typing pauses when the reader edits them; Start, Step, Pause
// and Reset go to the sweep, which reports back into the session.

/** How long the typing must pause before the workers are rebuilt for new settings. */
export const SETTLE_MS = 300;

export class Training {
  constructor(session, sweep) {
    this.session = session;
    this.sweep = sweep;
    this.timer = 0;
    this.waitingFor = null; // the key the timer will apply
    session.subscribe((state) => this.watch(state));
  }

  /** The runs and data the workers should have now, or null when the settings cannot be used. */
  wanted(state = this.session.state) {
    const { experiment, configProblem, data, fast } = state;
    if (!experiment || configProblem !== null || !data.inUse) return null;
    return { specs: experiment.runs, dataset: data.inUse, fast, key: JSON.stringify([data.inUse.id, experiment.runs, fast]) };
  }

  watch(state) {
    const wanted = this.wanted(state);
    if (!wanted || wanted.key === this.sweep.applied || wanted.key === this.waitingFor) return;
    clearTimeout(this.timer);
    if (state.applyNow) {
      this.apply();
      return;
    }
    this.waitingFor = wanted.key;
    this.timer = setTimeout(() => this.apply(), SETTLE_MS);
  }

  /** Gives the sweep the wanted runs now; false when the settings cannot be used. */
  apply() {
    clearTimeout(this.timer);
    this.waitingFor = null;
    const wanted = this.wanted();
    if (!wanted) return false;
    this.sweep.apply(wanted.specs, wanted.dataset, wanted.fast);
    return true;
  }

  /** Start ('start') or Step ('step'), with the settings as they are now. */
  command(kind) {
    if (this.apply()) this.sweep.command(kind);
  }

  start() {
    this.command('start');
  }

  step() {
    this.command('step');
  }

  pause() {
    this.sweep.pause();
  }

  reset() {
    this.sweep.reset();
  }
}
