// The settings form: a preset selector plus one control per config field. The controls for the
// fields the page knows are in index.html, named after the fields; a field the core adds later
// gets a control under "More settings", made from configSchema(). Every field takes one value
// for all runs or, separated by commas, one per run (selects and checkboxes show "per run" when
// the settings vary them). The form holds no settings of its own: it shows the session's, and
// sends each edit (the values of one field, or why its text cannot be read) to the session.

import { formatValue, humanName, parseValue } from '../state/fields.js';

const CUSTOM = 'custom';
const PER_RUN = '\u0001per-run'; // the value of a select's "per run" option

/** The preset the selector shows: the one the settings started from while they are still its own. */
export function shownPreset({ basedOn, experiment, configProblem }) {
  const unchanged = basedOn && configProblem === null && experiment?.preset === basedOn && experiment.changed.length === 0;
  return unchanged ? basedOn : CUSTOM;
}

export class ConfigForm {
  /**
   * @param form the <form> element
   * @param catalog the core's fields and presets (state/catalog.js)
   * @param handlers { edit(name, values | Error), preset(id), custom() }
   */
  constructor(form, catalog, handlers) {
    this.form = form;
    this.catalog = catalog;
    this.lists = {};
    this.shown = 0; // the session's settings revision shown (0: none yet)
    this.select = form.elements.preset;
    this.controls = new Map(catalog.names.map((name) => [name, form.elements[name] ?? this.addControl(name)]));

    this.select.replaceChildren(
      ...catalog.presets.map((preset) => new Option(preset.title, preset.id)),
      new Option('Custom', CUSTOM),
    );
    this.select.addEventListener('change', () => {
      if (this.select.value === CUSTOM) handlers.custom();
      else handlers.preset(this.select.value);
    });
    this.addSchemaOptions();
    form.addEventListener('input', (event) => {
      const { name } = event.target;
      if (event.target !== this.select && this.controls.has(name)) handlers.edit(name, this.readField(name));
    });
    form.querySelector('#new-seed')?.addEventListener('click', () => {
      this.controls.get('seed').value = catalog.core.freshSeed();
      handlers.edit('seed', this.readField('seed'));
    });
    form.addEventListener('submit', (event) => event.preventDefault());
  }

  /**
   * From the schema, for the controls of index.html: the options a select lacks (an enum the
   * core extended), and the field's help as a tooltip where the page gives none.
   */
  addSchemaOptions() {
    for (const [name, field] of this.catalog.schema) {
      const control = this.controls.get(name);
      if (control && !control.hasAttribute('aria-describedby') && field.help) control.title = field.help;
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
    const more = this.form.querySelector('#more-fields');
    more.hidden = false;
    const box = more.querySelector('.more-grid');
    const { kinds, schema, defaults, presets } = this.catalog;
    const kind = kinds[name];
    const field = schema.get(name);
    const label = document.createElement('label');
    const help = field?.help ? [Object.assign(document.createElement('small'), { id: `field-${name}-help`, textContent: field.help })] : [];
    let control;
    if (field?.kind === 'enum' && field.options?.length) {
      control = document.createElement('select');
      control.append(...field.options.map((o) => new Option(String(o).replace(/_/g, ' '), String(o))));
      label.append(humanName(name), control);
    } else if (kind === 'boolean') {
      control = Object.assign(document.createElement('input'), { type: 'checkbox' });
      label.className = 'check wide';
      label.append(control, ` ${humanName(name)}`);
    } else {
      control = Object.assign(document.createElement('input'), { type: 'text', spellcheck: false, autocomplete: 'off' });
      if (kind === 'number') control.inputMode = 'decimal';
      const known = new Set([formatValue(kind, defaults[name])]);
      for (const preset of presets) for (const run of preset.runs) if (run.config[name] !== undefined) known.add(formatValue(kind, run.config[name]));
      const list = document.createElement('datalist');
      list.id = `values-${name}`;
      list.append(...[...known].map((v) => new Option(v)));
      control.setAttribute('list', list.id);
      label.append(humanName(name), control, list);
    }
    control.name = name;
    control.id = `field-${name}`;
    if (help.length) {
      control.setAttribute('aria-describedby', help[0].id);
      label.append(...help);
    }
    box.append(label);
    return control;
  }

  /** Shows the session's settings (redrawn only when they changed from outside the form). */
  render(state, enabled) {
    this.form.querySelector('fieldset').disabled = !enabled;
    this.lists = state.lists;
    if (state.shown !== this.shown) {
      this.shown = state.shown;
      this.show(state.lists);
    }
    this.select.value = shownPreset(state);
  }

  /** Fills the controls from complete field lists ({ name: [values] }). */
  show(lists) {
    const { names, kinds } = this.catalog;
    for (const name of names) {
      const values = lists[name];
      const control = this.controls.get(name);
      const kind = kinds[name];
      if (control.type === 'checkbox') {
        control.indeterminate = values.length > 1;
        control.checked = values.length === 1 && values[0] === true;
      } else if (control.tagName === 'SELECT') {
        control.querySelector(`option[value="${PER_RUN}"]`)?.remove();
        if (values.length > 1) {
          control.append(new Option(`per run: ${values.map((v) => formatValue(kind, v)).join(', ')}`, PER_RUN));
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
    // "More settings" stays folded unless one of them is not at its default (a link or preset
    // set it), so that a reader sees every setting that shapes the runs.
    const more = this.form.querySelector('#more-fields');
    const { defaults } = this.catalog;
    const differs = (name) => lists[name].length > 1 || formatValue(kinds[name], lists[name][0]) !== formatValue(kinds[name], defaults[name]);
    if ([...more.querySelectorAll('[name]')].some((c) => lists[c.name] && differs(c.name))) more.open = true;
  }

  /** One field's values from its control, or an Error naming the field when unreadable. */
  readField(name) {
    const control = this.controls.get(name);
    const kind = this.catalog.kinds[name];
    try {
      if (control.type === 'checkbox') return control.indeterminate ? this.lists[name] : [control.checked];
      if (control.tagName === 'SELECT') return control.value === PER_RUN ? this.lists[name] : [parseValue(name, kind, control.value)];
      const pieces = kind === 'json' ? [control.value] : control.value.split(',');
      return pieces.map((piece) => parseValue(name, kind, piece));
    } catch (err) {
      return err;
    }
  }
}
