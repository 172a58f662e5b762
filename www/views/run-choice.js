// The run selector of a view that shows one run at a time (activity, reconstructions): it
// follows the runs as the settings change, keeping the chosen run (by label, else by place) if
// it still suits the view, else the first that does.

export class RunChoice {
  /**
   * @param select the <select>
   * @param onChange called when the reader picks another run
   * @param suits (run) => whether the view can show the run (default: every run)
   */
  constructor(select, onChange, suits = () => true) {
    this.select = select;
    this.suits = suits;
    this.runs = [];
    this.key = null;
    select.addEventListener('change', onChange);
  }

  get index() {
    return this.runs[Number(this.select.value)] ? Number(this.select.value) : 0;
  }

  get run() {
    return this.runs[this.index] ?? null;
  }

  /** New runs (new settings or a rebuilt Lab): returns whether the selector changed. */
  sync(runs) {
    const previous = this.run;
    const place = this.index;
    this.runs = runs;
    const key = JSON.stringify(runs.map((run) => [run.label, run.generation]));
    if (key === this.key) return false;
    this.key = key;
    const fits = (i) => i >= 0 && i < runs.length && this.suits(runs[i]);
    const byLabel = runs.findIndex((run) => run.label === previous?.label);
    const chosen = [byLabel, place, runs.findIndex(this.suits)].find(fits) ?? 0;
    this.select.replaceChildren(...runs.map((run, i) => new Option(run.label, String(i))));
    this.select.value = String(chosen);
    return true;
  }
}
