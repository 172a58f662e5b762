// What the core offers the page, read once when it has loaded: the config fields (names and
// kinds from defaultConfig(), help and options from configSchema()), the limit on settings
// (configLimits()), the presets with their
// runs validated, and the fields presets tell their runs apart by. Nothing here lists the
// fields: a field the core adds is in the catalog as soon as it lands.

import { maxRuns, namingFields, presetConfigs, toLists } from './experiment.js';
import { fieldKinds } from './fields.js';

/** The catalog of a loaded core (the wasm module). */
export function readCatalog(core) {
  const defaults = core.defaultConfig();
  const kinds = fieldKinds(defaults);
  const names = Object.keys(kinds);
  const schema = new Map(core.configSchema().map((field) => [field.name, field]));
  const presets = core.presets();
  const presetRuns = new Map(presets.map((preset) => [preset.id, presetConfigs(core, preset)]));
  return {
    core,
    defaults,
    kinds,
    names,
    schema,
    maxRuns: maxRuns(core), // most settings (config::MAX_RUNS)
    presets,
    presetIds: presets.map((preset) => preset.id),
    presetRuns,
    naming: namingFields([...presetRuns.values()], names),
    preset: (id) => presets.find((preset) => preset.id === id) ?? null,
    /** The runs of a preset as field lists ({} for none). */
    presetLists: (id) => (presetRuns.has(id) ? toLists(presetRuns.get(id), names) : {}),
  };
}
