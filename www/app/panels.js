// Which panels an experiment shows until the reader changes them: the page's own panels
// (gallery, explanation, run table, share) always, and the views its preset is about (the
// preset's `panels`, registry keys), most important first; without a preset, the loss and
// accuracy charts.

export const BASIC_PANELS = ['gallery', 'explanation', 'table', 'share'];

export const CUSTOM_PANELS = ['loss', 'accuracy'];

/** The views a preset is about, in its order (the custom experiment's without one). */
export function presetPanels(preset) {
  return preset?.panels?.length ? preset.panels : CUSTOM_PANELS;
}

/** The panels shown when an experiment is chosen, in the page's order (`known`). */
export function defaultPanels(preset, known) {
  const names = [...BASIC_PANELS, ...presetPanels(preset)];
  return known.filter((name) => names.includes(name));
}

/** Whether two lists of panel names hold the same names. */
export const sameNames = (a, b) => a.length === b.length && a.every((name) => b.includes(name));
