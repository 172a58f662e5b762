// The views, in the page's order: one line each, the key a preset's `panels` names it by
// (crate/src/presets.rs) and the file it lives in (views/<key>.js, which exports `view`: see
// views/host.js for what a view declares). Adding a view: its file, and its key here.

const KEYS = [
  'loss',
  'accuracy',
  'diagnostics',
  'saturation',
  'angles',
  'reconstructions',
  'activity',
  'entropy',
  'mi_label',
  'mi_quadrant',
  'info_plane',
  'receptive_fields',
  'tuning',
  'rsa',
  'lesions',
  'estimators',
  'microcircuit',
  'arena',
  'settling',
];

export const VIEWS = await Promise.all(KEYS.map(async (key) => ({ key, ...(await import(`./${key}.js`)).view })));
