// The session: one store (state/store.js) holding everything the page is about, and the only
// functions that change it. It holds the experiment (every run's settings, as field lists, and
// the preset they started from), the shown panels and their order, classroom mode, the data set
// in use, the notice, and each run's state (snapshots the sweep sends). The form, the link, the
// table and the views read it and send their changes here; app/controls.js decides from it
// which controls are enabled.
//
// state = {
//   catalog,                 the core's fields and presets (state/catalog.js), once loaded
//   coreError,               why the core could not be loaded, or null
//   lists, basedOn,          the settings: { field: [values] } (complete), the preset's id or null
//   fieldErrors,             { field: message } for text in the form that cannot be read
//   shown,                   bumped when the settings change from outside the form (it redraws)
//   experiment,              the last valid reading of the settings (state/experiment.js)
//   configProblem,           why the settings cannot be used now, or null
//   applyNow,                whether the workers take the settings at once (not after typing)
//   knownPanels, panels,     every panel's name; the names of those shown
//   order,                   the preset's views, most important first
//   classroom, notice,       classroom mode; { title, messages } above the page, or null
//   fast,                    fast mode: the runs train on the relaxed-SIMD core (app/fast-mode.js)
//   data: { builtIn, inUse, downloadError, progress, loading, status, error,
//           full: { state: 'idle' | 'loading' | 'ready' | 'failed', progress, error } },
//                            (full: all 60,000 training images, dataset/full.js)
//   runs, active,            the runs' snapshots (runs/sweep.js); whether the sweep is under way
// }

import { completeLists, readExperiment, toLists, withDefaultsOf } from '../state/experiment.js';
import { restoreRuns } from '../state/restore.js';
import { Store } from '../state/store.js';
import { defaultPanels, presetPanels } from './panels.js';

/** The experiment a first visit opens: README describes the Figure 2 sweep. */
export const FIRST_PRESET = 'fig2';

export class Session {
  /** @param knownPanels every panel's name, in the page's order */
  constructor(knownPanels) {
    this.store = new Store({
      catalog: null,
      coreError: null,
      lists: {},
      basedOn: null,
      fieldErrors: {},
      shown: 0,
      experiment: null,
      configProblem: null,
      applyNow: false,
      knownPanels,
      panels: knownPanels,
      order: [],
      classroom: false,
      fast: false,
      notice: null,
      data: {
        builtIn: null, inUse: null, downloadError: null, progress: null, loading: true, status: '', error: '',
        full: { state: 'idle', progress: null, error: '' },
      },
      runs: [],
      active: false,
    });
  }

  get state() {
    return this.store.get();
  }

  subscribe(listener) {
    return this.store.subscribe(listener);
  }

  /** The panels an experiment based on this preset (or none) shows. */
  defaultPanels(presetId) {
    return defaultPanels(this.state.catalog?.preset(presetId) ?? null, this.state.knownPanels);
  }

  /** The reading of these settings: { experiment, configProblem }, the experiment kept if they fail. */
  read(lists, basedOn, fieldErrors) {
    const { catalog, experiment } = this.state;
    const unreadable = catalog.names.map((name) => fieldErrors[name]).find(Boolean);
    if (unreadable) return { experiment, configProblem: unreadable };
    try {
      return { experiment: readExperiment(catalog, lists, basedOn), configProblem: null };
    } catch (err) {
      return { experiment, configProblem: err.message };
    }
  }

  /** New settings from outside the form (the form shows them). */
  settings(lists, basedOn, extra = {}) {
    const complete = completeLists(this.state.catalog, lists);
    const known = this.state.catalog.preset(basedOn) ? basedOn : null;
    this.store.update((s) => ({ lists: complete, basedOn: known, fieldErrors: {}, shown: s.shown + 1, ...this.read(complete, known, {}), ...extra }));
  }

  /** The core has loaded: its catalog, and the first experiment. */
  begin(catalog) {
    this.store.update({ catalog });
    this.loadPreset(catalog.preset(FIRST_PRESET) ? FIRST_PRESET : catalog.presetIds[0] ?? null);
  }

  coreFailed(message) {
    this.store.update({ coreError: message });
  }

  /** A preset from the gallery or the selector: its runs and its panels, the notice gone. */
  loadPreset(id) {
    const preset = this.state.catalog.preset(id);
    this.settings(this.state.catalog.presetLists(id), id, {
      panels: this.defaultPanels(id),
      order: presetPanels(preset),
      notice: null,
      applyNow: false,
    });
  }

  /** The selector's "Custom": the settings no longer count as a preset's. */
  custom() {
    const { lists, fieldErrors } = this.state;
    this.store.update({ basedOn: null, ...this.read(lists, null, fieldErrors), applyNow: false });
  }

  /**
   * The reader edited field `name` in the form: its values, or an Error saying why its text
   * cannot be read. A field that brings defaults (convention, task) loads them into the others.
   */
  edit(name, values) {
    const { catalog, lists, basedOn, fieldErrors } = this.state;
    const errors = { ...fieldErrors };
    if (values instanceof Error) {
      errors[name] = values.message;
      this.store.update({ fieldErrors: errors, ...this.read(lists, basedOn, errors), applyNow: false });
      return;
    }
    delete errors[name];
    const next = { ...lists, [name]: values };
    const before = lists[name];
    const loaded = before?.length === 1 && values.length === 1 ? withDefaultsOf(catalog, name, before[0], values[0], next) : null;
    if (loaded) {
      // Unreadable fields take the defaults, like the rest.
      for (const field of Object.keys(errors)) delete loaded[field];
      this.settings(loaded, basedOn, { applyNow: false });
      return;
    }
    this.store.update({ lists: next, fieldErrors: errors, ...this.read(next, basedOn, errors), applyNow: false });
  }

  /**
   * Settings restored from a link or a file (valid configs, see state/restore.js), based on a
   * preset or not; `panels` (null: the preset's) and `classroom` where the link says.
   */
  restore({ preset, configs, panels, classroom, fast, notice }) {
    const { catalog } = this.state;
    this.settings(toLists(configs, catalog.names), preset, {
      ...(panels !== undefined && { panels: panels ?? this.defaultPanels(preset), order: presetPanels(catalog.preset(preset)) }),
      ...(classroom !== undefined && { classroom }),
      ...(fast !== undefined && { fast }),
      notice,
      applyNow: true,
    });
  }

  /**
   * Settings read from a link or a file ({ preset, given, notices }: state/link.js,
   * state/config-file.js), each field checked by the core on the preset's base (or the
   * defaults); `noticeOf(problems)` says what became of them. `extra`: panels, classroom.
   */
  restoreGiven(read, noticeOf, extra = {}) {
    const { catalog } = this.state;
    const base = read.preset ? catalog.presetLists(read.preset) : {};
    const { configs, notices } = restoreRuns(catalog.core, base, read.given, catalog.kinds);
    this.restore({ preset: read.preset, configs, ...extra, notice: noticeOf([...read.notices, ...notices]) });
  }

  setPanel(name, shown) {
    this.store.update((s) => ({ panels: s.knownPanels.filter((n) => (n === name ? shown : s.panels.includes(n))) }));
  }

  setClassroom(on) {
    this.store.update({ classroom: on });
  }

  /** Fast mode on or off (the workers are rebuilt on the other core at once). */
  setFast(on) {
    this.store.update({ fast: on, applyNow: true });
  }

  notify(title, messages = []) {
    this.store.update({ notice: { title, messages } });
  }

  clearNotice() {
    this.store.update({ notice: null });
  }

  /** Changes to the data part of the state. */
  data(changes) {
    this.store.update((s) => ({ data: { ...s.data, ...changes } }));
  }

  /** A data set to train on from now on (the built-in one, or the reader's files). */
  useData(dataset, status = '') {
    this.store.update((s) => ({ data: { ...s.data, inUse: dataset, status, error: '' }, applyNow: true }));
  }

  runsChanged(runs, active) {
    this.store.update({ runs, active });
  }
}
