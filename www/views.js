// The per-layer views beside the loss and accuracy charts, each a panel of its own
// (data-panel = the name a preset's `panels` uses): diagnostics, saturation, angles, activity,
// entropy, mi_label, mi_quadrant, info_plane, reconstructions. A preset lists the views it is
// about, most important first: choosing it shows those (with the page's basic panels) in that order.

import { ActivityView } from './activity-view.js';
import { ChartGroup } from './chart-group.js';
import { anglesView, diagnosticsView, saturationView } from './dynamics-views.js';
import { InfoPlane } from './info-plane.js';
import { entropyView, miLabelView, miQuadrantView } from './info-views.js';
import { ReconstructionView } from './reconstructions.js';

/** Panels every experiment shows: they are not about one quantity. */
export const BASIC_PANELS = ['gallery', 'explanation', 'table', 'share'];

/** What an experiment without a preset shows. */
export const CUSTOM_PANELS = ['loss', 'acc'];

/** The page's name for a preset's panel where they differ. */
const PAGE_NAME = { accuracy: 'acc' };

/** The panels a preset is about, in its order, as the page names them. */
export function presetPanels(preset) {
  const listed = preset?.panels?.length ? preset.panels : CUSTOM_PANELS;
  return listed.map((name) => PAGE_NAME[name] ?? name);
}

/** The panels shown when an experiment is chosen: the basic ones and the preset's. */
export function defaultPanels(preset, known) {
  const names = [...BASIC_PANELS, ...presetPanels(preset)];
  return known.filter((name) => names.includes(name));
}

const GROUPS = {
  diagnostics: [diagnosticsView, 200],
  saturation: [saturationView, 260],
  angles: [anglesView, 260],
  entropy: [entropyView, 230],
  mi_label: [miLabelView, 230],
  mi_quadrant: [miQuadrantView, 230],
};

export class Views {
  /**
   * @param root the document
   * @param classNames () => the label names of the data in use (or null)
   */
  constructor(root, classNames) {
    const panel = (name) => root.querySelector(`[data-panel="${name}"]`);
    this.groups = new Map(Object.entries(GROUPS).filter(([name]) => panel(name)).map(([name, [view, height]]) => [name, new ChartGroup(panel(name), view, height)]));
    this.plane = panel('info_plane') ? new InfoPlane(panel('info_plane')) : null;
    this.activity = panel('activity') ? new ActivityView(panel('activity'), classNames) : null;
    this.reconstructions = panel('reconstructions') ? new ReconstructionView(panel('reconstructions'), classNames) : null;
    this.chartsBox = root.querySelector('.charts');
    this.runs = [];
  }

  context(runs) {
    return { dataInfo: runs.find((run) => run.dataInfo)?.dataInfo ?? null };
  }

  setRuns(runs) {
    this.runs = runs;
    for (const group of this.groups.values()) group.setRuns(runs);
    this.plane?.setRuns(runs);
    this.activity?.setRuns(runs);
    this.reconstructions?.setRuns(runs);
  }

  /** Redraws what is shown and has changed. */
  update(runs = this.runs) {
    this.runs = runs;
    const context = this.context(runs);
    for (const group of this.groups.values()) group.update(runs, context);
    this.plane?.update(runs, context);
    this.activity?.update(runs);
    this.reconstructions?.update(runs);
  }

  /** Puts the chart panels in this order (the rest after them, as in the page). */
  arrange(order) {
    if (!this.chartsBox) return;
    for (const el of this.chartsBox.querySelectorAll(':scope > [data-panel]')) {
      const i = order.indexOf(el.dataset.panel);
      el.style.order = String(i < 0 ? order.length + 1 : i);
    }
  }
}
