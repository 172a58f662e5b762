// What screen readers hear from the live region: state changes only (training started, paused,
// finished; a run that diverged or whose worker died), never each evaluation. The charts'
// captions hold the numbers.

/** 'running' | 'paused' | 'finished' | '' for the runs of the session. */
function phaseOf({ runs, active }) {
  if (active) return 'running';
  if (runs.length && runs.every((run) => run.finished)) return 'finished';
  return runs.some((run) => run.state === 'paused') ? 'paused' : '';
}

/** " Test accuracy: h=30 80.0%. Test MSE per pixel: bottleneck 50 0.0213." for the announcement. */
function resultWords(runs) {
  const measured = runs.filter((run) => run.latest);
  const classifiers = measured.filter((run) => run.latest.test_acc != null).map((run) => `${run.label} ${(run.latest.test_acc * 100).toFixed(1)}%`);
  const autoencoders = measured.filter((run) => run.latest.test_acc == null && Number.isFinite(run.latest.test_loss))
    .map((run) => `${run.label} ${run.latest.test_loss.toPrecision(3)}`);
  return `${classifiers.length ? ` Test accuracy: ${classifiers.join(', ')}.` : ''}${autoencoders.length ? ` Test MSE per pixel: ${autoencoders.join(', ')}.` : ''}`;
}

/** What a run that stopped on its own says: diverged, or its worker died. */
function failureWords(run) {
  if (run.state === 'diverged') return `${run.label} diverged at step ${run.step}.`;
  if (run.dead) return `${run.label} stopped: ${run.error}`;
  return null;
}

export class Announcer {
  /** @param region the live region (aria-live="polite") */
  constructor(region) {
    this.region = region;
    this.phase = '';
    this.failures = new Set();
  }

  update(state) {
    const said = [];
    const phase = phaseOf(state);
    if (phase !== this.phase) {
      this.phase = phase;
      const steps = Math.max(0, ...state.runs.map((run) => run.step));
      said.push({
        running: 'Training started.',
        paused: `Paused at step ${steps}.${resultWords(state.runs)}`,
        finished: `Training finished at step ${steps}.${resultWords(state.runs)}`,
        '': '',
      }[phase]);
    }
    const failures = new Set();
    for (const run of state.runs) {
      const words = failureWords(run);
      if (!words) continue;
      const key = `${run.generation} ${words}`;
      failures.add(key);
      if (!this.failures.has(key)) said.unshift(words);
    }
    this.failures = failures;
    if (said.length) this.region.textContent = said.filter(Boolean).join(' ');
  }
}
