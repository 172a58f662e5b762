// The configuration form: a preset selector plus one control per config field. The controls
// for the fields the page knows are in index.html, named after the fields; a field the core
// adds later gets a generated control under "More settings". Every field takes one value for
// all runs or, separated by commas, one per run (selects and checkboxes show "per run" when a
// loaded experiment varies them).

import { changedFields, fromLists, labelRuns, namingFields, presetConfigs, toLists } from './experiment.js';
import { fieldKinds, formatValue, humanName, parseValue, sameValue } from './fields.js';

const CUSTOM = 'custom';
const PER_RUN = '\u0001per-run'; // the value of a select's "per run" option

/**
 * Fields whose choice brings its own defaults for other fields: the convention its learning
 * rate and init std, the task (an autoencoder) its bottleneck, convention, output units,
 * learning rate and init std. Each maps a value to the defaults it implies.
 */
const DEFAULTS_OF = {
  // The convention's defaults for the task in use (an autoencoder refuses the coursework's).
  convention: (core, value, chosen) => core.validateConfig({ convention: value, ...(chosen.task !== PER_RUN && { task: chosen.task }) }),
  task: (core, value) => core.validateConfig({ task: value }),
};

export function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** { name: { kind, options?, min?, max?, help } } from the core's configSchema(), if it has one. */
function readSchema(core) {
  try {
    const list = typeof core.configSchema === 'function' ? core.configSchema() : [];
    return new Map((Array.isArray(list) ? list : []).filter((f) => f && typeof f.name === 'string').map((f) => [f.name, f]));
  } catch {
    return new Map(); // an older or broken schema: the controls work without it
  }
}

export class ConfigForm {
  /**
   * @param form the <form> element
   * @param core the loaded wasm module (presets, defaultConfig, validateConfig)
   * @param onChange called after every user edit
   * @param onPreset called with a preset's id when the reader picks it in the selector
   */
  constructor(form, core, onChange, onPreset = () => {}) {
    this.form = form;
    this.core = core;
    this.onChange = onChange;
    this.defaults = core.defaultConfig();
    this.schema = readSchema(core);
    this.kinds = fieldKinds(this.defaults);
    this.names = Object.keys(this.kinds);
    this.presets = core.presets();
    this.presetRuns = new Map(this.presets.map((p) => [p.id, presetConfigs(core, p)]));
    this.naming = namingFields([...this.presetRuns.values()], this.names);
    this.basedOn = null; // the preset the settings started from
    this.perRun = new Map(); // field -> values per run, for selects and checkboxes showing "per run"
    this.select = form.elements.preset;
    this.controls = new Map(this.names.map((name) => [name, form.elements[name] ?? this.addControl(name)]));
    this.chosen = {}; // field of DEFAULTS_OF -> the value shown, to tell what it changed from

    this.select.replaceChildren(
      ...this.presets.map((preset) => new Option(preset.title, preset.id)),
      new Option('Custom', CUSTOM),
    );
    this.select.addEventListener('change', () => {
      if (this.select.value === CUSTOM) this.basedOn = null;
      else {
        this.showPreset(this.select.value);
        onPreset(this.select.value);
      }
      onChange();
    });
    this.addSchemaOptions();
    form.addEventListener('input', (event) => {
      if (event.target === this.select) return;
      if (Object.hasOwn(DEFAULTS_OF, event.target.name)) this.loadDefaultsOf(event.target.name);
      this.refreshSelect();
      onChange();
    });
    form.querySelector('#new-seed')?.addEventListener('click', () => {
      this.controls.get('seed').value = randomSeed();
      this.refreshSelect();
      onChange();
    });
    form.addEventListener('submit', (event) => event.preventDefault());

    if (this.presets.length > 0) this.showPreset(this.presets[0].id);
    else this.show({}, null);
  }

  get presetIds() {
    return this.presets.map((p) => p.id);
  }

  /** The runs of a preset as field lists. */
  presetLists(id) {
    return toLists(this.presetRuns.get(id), this.names);
  }

  set disabled(value) {
    this.form.querySelector('fieldset').disabled = value;
  }

  get disabled() {
    return this.form.querySelector('fieldset').disabled;
  }

  /**
   * From the schema, for the controls of index.html: the options a select lacks (an enum the
   * core extended), and the field's help as a tooltip where the page gives none.
   */
  addSchemaOptions() {
    for (const [name, field] of this.schema) {
      const control = this.controls.get(name);
      if (control && !control.hasAttribute('aria-describedby') && typeof field.help === 'string') control.title = field.help;
      if (control?.tagName !== 'SELECT' || !Array.isArray(field.options)) continue;
      for (const option of field.options) {
        const value = String(option);
        if (![...control.options].some((o) => o.value === value)) control.append(new Option(value.replace(/_/g, ' '), value));
      }
    }
  }

  /**
   * A control for a field index.html has none for: a checkbox, a drop-down for an enumeration
   * the schema describes, or a text box suggesting known values.
   */
  addControl(name) {
    const box = this.form.querySelector('#more-fields');
    box.hidden = false;
    const kind = this.kinds[name];
    const field = this.schema.get(name);
    const label = document.createElement('label');
    const help = () => {
      if (typeof field?.help !== 'string' || !field.help) return [];
      const small = Object.assign(document.createElement('small'), { id: `field-${name}-help`, textContent: field.help });
      return [small];
    };
    if (field?.kind === 'enum' && Array.isArray(field.options) && field.options.length) {
      const select = document.createElement('select');
      select.name = name;
      select.id = `field-${name}`;
      select.append(...field.options.map((o) => new Option(String(o).replace(/_/g, ' '), String(o))));
      const notes = help();
      if (notes.length) select.setAttribute('aria-describedby', notes[0].id);
      label.append(humanName(name), select, ...notes);
      box.append(label);
      return select;
    }
    const input = document.createElement('input');
    input.name = name;
    input.id = `field-${name}`;
    if (kind === 'boolean') {
      input.type = 'checkbox';
      label.className = 'check';
      label.append(input, ` ${humanName(name)}`);
    } else {
      input.type = 'text';
      input.spellcheck = false;
      input.autocomplete = 'off';
      if (kind === 'number') input.inputMode = 'decimal';
      const known = new Set([formatValue(kind, this.defaults[name])]);
      for (const preset of this.presets) for (const run of preset.runs) if (run.config[name] !== undefined) known.add(formatValue(kind, run.config[name]));
      const list = document.createElement('datalist');
      list.id = `values-${name}`;
      list.append(...[...known].map((v) => new Option(v)));
      input.setAttribute('list', list.id);
      label.append(humanName(name), input, list);
    }
    const notes = help();
    if (notes.length) {
      input.setAttribute('aria-describedby', notes[0].id);
      label.append(...notes);
    }
    box.append(label);
    return input;
  }

  /** Shows a preset's runs. */
  showPreset(id) {
    if (!this.presetRuns.has(id)) return;
    this.show(this.presetLists(id), id);
  }

  /**
   * Fills the controls from field lists ({ name: [values] }, missing fields take the defaults)
   * and remembers the preset they are based on (or null).
   */
  show(lists, basedOn) {
    this.basedOn = basedOn && this.presetRuns.has(basedOn) ? basedOn : null;
    this.perRun.clear();
    for (const name of this.names) {
      const values = lists[name] ?? [this.defaults[name]];
      const control = this.controls.get(name);
      const kind = this.kinds[name];
      if (control.type === 'checkbox') {
        control.indeterminate = values.length > 1;
        control.checked = values.length === 1 && values[0] === true;
        if (values.length > 1) this.perRun.set(name, values);
      } else if (control.tagName === 'SELECT') {
        control.querySelector(`option[value="${PER_RUN}"]`)?.remove();
        if (values.length > 1) {
          control.append(new Option(`per run: ${values.map((v) => formatValue(kind, v)).join(', ')}`, PER_RUN));
          this.perRun.set(name, values);
          control.value = PER_RUN;
        } else {
          const text = formatValue(kind, values[0]);
          // A value the page's list lacks (an option the core has added) is still shown.
          if (![...control.options].some((o) => o.value === text)) control.append(new Option(text, text));
          control.value = text;
        }
      } else {
        control.value = values.map((v) => formatValue(kind, v)).join(', ');
        // One value per run needs the room.
        control.closest('label')?.classList.toggle('per-run', values.length > 1);
      }
    }
    for (const name of Object.keys(DEFAULTS_OF)) this.chosen[name] = this.controls.get(name)?.value ?? null;
    this.refreshSelect();
  }

  /**
   * After `name` (a field of DEFAULTS_OF) changed: the fields whose defaults differ between the
   * old value and the new one take the new value's defaults (switching the convention loads its
   * learning rate; switching to autoencode loads the autoencoder's settings).
   */
  loadDefaultsOf(name) {
    const control = this.controls.get(name);
    const [from, to] = [this.chosen[name], control.value];
    this.chosen[name] = to;
    if (from == null || from === PER_RUN || to === PER_RUN || from === to) return;
    let before;
    let after;
    try {
      [before, after] = [DEFAULTS_OF[name](this.core, from, this.chosen), DEFAULTS_OF[name](this.core, to, this.chosen)];
    } catch {
      return; // a value the core does not know, or refuses with the rest (shown when the form is read)
    }
    const lists = this.readListsLenient();
    for (const field of this.names) {
      if (field !== name && !sameValue(before[field], after[field])) lists[field] = [after[field]];
    }
    this.show(lists, this.basedOn);
  }

  /** One field's values from its control; throws an Error naming the field when unreadable. */
  readField(name) {
    const control = this.controls.get(name);
    const kind = this.kinds[name];
    if (control.type === 'checkbox') return control.indeterminate ? this.perRun.get(name) : [control.checked];
    if (control.tagName === 'SELECT') {
      return control.value === PER_RUN ? this.perRun.get(name) : [parseValue(name, kind, control.value)];
    }
    const pieces = kind === 'json' ? [control.value] : control.value.split(',');
    return pieces.map((piece) => parseValue(name, kind, piece));
  }

  /** Field lists from the controls; throws an Error naming the first field that cannot be read. */
  readLists() {
    return Object.fromEntries(this.names.map((name) => [name, this.readField(name)]));
  }

  /** The lists without the fields that cannot be read. */
  readListsLenient() {
    const lists = {};
    for (const name of this.names) {
      try {
        lists[name] = this.readField(name);
      } catch {
        // left out: show() puts the default there
      }
    }
    return lists;
  }

  /**
   * The experiment in the form: { preset, changed, lists, runs: [{ label, config }] } with each
   * config normalised by validateConfig. `preset` is the preset the settings started from and
   * `changed` the fields that differ from it. Throws an Error naming the offending field.
   */
  read() {
    const lists = this.readLists();
    const partial = fromLists(lists);
    const configs = partial.map((config, i) => {
      try {
        return this.core.validateConfig(config);
      } catch (err) {
        throw new Error(i > 0 ? `run ${i + 1}: ${err.message}` : err.message);
      }
    });
    const preset = this.presets.find((p) => p.id === this.basedOn) ?? null;
    const presetRuns = preset ? this.presetRuns.get(preset.id) : null;
    const labels = labelRuns(configs, this.kinds, { preset, presetRuns, naming: this.naming });
    return {
      preset: preset?.id ?? null,
      changed: preset ? changedFields(configs, presetRuns, this.names) : [],
      lists: toLists(configs, this.names),
      runs: configs.map((config, i) => ({ label: labels[i], config })),
    };
  }

  /** The selector shows the preset while the settings are still exactly the preset's. */
  refreshSelect() {
    let unchanged = false;
    if (this.basedOn) {
      try {
        unchanged = this.read().changed.length === 0;
      } catch {
        unchanged = false;
      }
    }
    this.select.value = unchanged ? this.basedOn : CUSTOM;
  }
}
