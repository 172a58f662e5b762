// What the session allows now: the one function that decides which controls are enabled
// (controls), and the two facts it rests on that others need too (begun, pageErrors).

/** Whether training has begun: the settings, the data and imports are locked until Reset. */
export function begun(runs) {
  return runs.some((run) => !['ready', 'loading', 'failed'].includes(run.state));
}

/** The failures nothing on the page can fix: the core did not load, no data could be downloaded. */
export function pageErrors(state) {
  return [state.coreError, state.data.inUse ? null : state.data.downloadError].filter(Boolean);
}

/**
 * Which controls are enabled: { start, step, pause, reset, settings, gallery, data, import,
 * exports (the metrics and chart downloads), config (the config download) }.
 */
export function controls(state) {
  const { runs, catalog } = state;
  // A run that could not be set up blocks training until the settings change; a run whose
  // worker died does not: the others go on, and Reset brings it back.
  const blocked = runs.some((run) => run.state === 'loading' || (run.state === 'failed' && !run.dead));
  const usable = Boolean(catalog && state.data.inUse) && pageErrors(state).length === 0 && runs.length > 0 && !blocked;
  const touched = runs.some((run) => run.state !== 'ready');
  const resumable = runs.some((run) => run.state === 'ready' || run.state === 'paused');
  const startable = usable && !state.active && resumable && state.configProblem === null;
  const locked = usable && touched; // settings are fixed once training has begun; Reset unlocks them
  return {
    start: startable,
    step: startable,
    pause: state.active,
    reset: usable && touched,
    settings: Boolean(catalog) && !locked,
    gallery: Boolean(catalog) && !locked,
    data: Boolean(catalog) && !begun(runs),
    import: Boolean(catalog) && !begun(runs),
    exports: runs.some((run) => run.history.length > 0),
    config: Boolean(state.experiment),
  };
}
