// The configuration form: a preset selector plus one control per Config field.
// Its inputs are named after the Config fields they edit.

import { formatHiddenRuns, hiddenLabel, parseHiddenRuns } from './hidden-layers.js';

const CUSTOM = 'custom';
const CUSTOM_DESCRIPTION = 'Your own settings: one run per entry in "hidden layers", all else shared.';
const NUMBER_FIELDS = ['learning_rate', 'batch_size', 'train_size', 'eval_interval', 'seed', 'steps', 'init_std'];
const INTEGER_FIELDS = ['batch_size', 'train_size', 'eval_interval', 'seed', 'steps'];
// Fields whose defaults belong to the convention (pixel scale and loss reduction differ).
const CONVENTION_FIELDS = ['learning_rate', 'init_std'];

// The core keeps these as f32, so 5e-6 arrives as 4.999999873689376e-6: seven significant
// digits give back the number as it was written.
const F32_FIELDS = ['learning_rate', 'init_std'];
function displayValue(name, value) {
  return F32_FIELDS.includes(name) ? Number(value.toPrecision(7)) : value;
}

export function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

export class ConfigForm {
  /**
   * @param form the <form> element
   * @param core the loaded wasm module (presets, defaultConfig, validateConfig)
   * @param onChange called after every user edit
   */
  constructor(form, core, onChange) {
    this.form = form;
    this.core = core;
    this.presets = core.presets();
    this.select = form.elements.preset;
    this.description = form.querySelector('#preset-description');

    this.select.replaceChildren(
      ...this.presets.map((preset) => new Option(preset.title, preset.id)),
      new Option('Custom', CUSTOM),
    );
    this.select.addEventListener('change', () => {
      this.showPreset(this.select.value);
      onChange();
    });
    form.addEventListener('input', (event) => {
      if (event.target === this.select) return;
      if (event.target.name === 'convention') this.loadConventionDefaults();
      this.markCustom();
      onChange();
    });
    form.querySelector('#new-seed').addEventListener('click', () => {
      this.field('seed').value = randomSeed();
      this.markCustom();
      onChange();
    });
    form.addEventListener('submit', (event) => event.preventDefault());

    if (this.presets.length > 0) {
      this.showPreset(this.presets[0].id);
    } else {
      const defaults = core.defaultConfig('coursework');
      this.fill(defaults, [defaults.hidden]);
      this.markCustom();
    }
  }

  field(name) {
    return this.form.elements[name];
  }

  set disabled(value) {
    this.form.querySelector('fieldset').disabled = value;
  }

  /** Shows a preset's settings; choosing "custom" keeps the current values editable. */
  showPreset(id) {
    const preset = this.presets.find((p) => p.id === id);
    if (!preset) return this.markCustom();
    this.select.value = preset.id;
    this.description.textContent = preset.description;
    this.fill(preset.runs[0].config, preset.runs.map((run) => run.config.hidden));
  }

  fill(config, hiddenRuns) {
    this.field('hidden').value = formatHiddenRuns(hiddenRuns);
    this.field('activation').value = config.activation;
    this.field('bias').checked = config.bias;
    this.field('convention').value = config.convention;
    for (const name of NUMBER_FIELDS) this.field(name).value = displayValue(name, config[name]);
  }

  markCustom() {
    this.select.value = CUSTOM;
    this.description.textContent = CUSTOM_DESCRIPTION;
  }

  loadConventionDefaults() {
    const defaults = this.core.defaultConfig(this.field('convention').value);
    for (const name of CONVENTION_FIELDS) this.field(name).value = displayValue(name, defaults[name]);
  }

  /** The settings shared by all runs, before validation. */
  readShared() {
    const config = {
      activation: this.field('activation').value,
      bias: this.field('bias').checked,
      convention: this.field('convention').value,
    };
    for (const name of NUMBER_FIELDS) {
      const text = this.field(name).value.trim();
      if (text === '') throw new Error(`${name}: enter a number`);
      config[name] = Number(text);
      if (INTEGER_FIELDS.includes(name) && !Number.isInteger(config[name])) {
        throw new Error(`${name}: ${text} is not a whole number`);
      }
    }
    return config;
  }

  /**
   * The runs to train, each { label, config } with a config normalised by validateConfig.
   * Throws an Error naming the offending field when the form is invalid.
   */
  runs() {
    const preset = this.presets.find((p) => p.id === this.select.value);
    // An untouched preset is trained exactly as the core defines it.
    if (preset) {
      return preset.runs.map((run) => ({ label: run.label, config: this.core.validateConfig(run.config) }));
    }
    const shared = this.readShared();
    return parseHiddenRuns(this.field('hidden').value).map((hidden) => ({
      label: hiddenLabel(hidden),
      config: this.core.validateConfig({ ...shared, hidden }),
    }));
  }
}
