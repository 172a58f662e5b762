// The views on the page: one panel per view of the registry (views/registry.js), built from
// what the view declares: its markup (a <template> of the view's `template`), its panel name
// (the View menu's label), its text alternative (a figcaption the view's caption() fills) and its
// PNG export (a button; the view's png(), or the panel as it shows). The session says which
// panels are shown (ui/panel-menu.js hides the others) and in what order (the preset's); a
// shown view is drawn when its data
// changed: the runs' evaluations ('metrics'), or an answer its run's worker gives to the
// question the view asks ('activity', 'reconstructions').
//
// A view declares: { title, wide?, className?, template, needs, mount(panel, { key, redraw }),
// png? }. mount() returns the drawn view:
//   needs 'metrics':       { draw(runs, context), caption(runs, context) }
//   needs a worker answer: { question(runs, context) -> { run, args, key } | null,
//                            show(answer, runs, context), caption(runs, context) }
//     (a question of several runs gives `runs: [indices]` for `run`; show() then gets their
//     answers in that order)
// runs are the session's run snapshots; context = { dataInfo, classNames, core } (core: the
// wasm API on the page, for views whose numbers the core makes from the runs, or null).

import { panelPng } from '../export/png.js';

/** A key that changes whenever any run has new evaluations or a new Lab. */
function dataKey(runs, context) {
  const members = (run) => (run.members ?? []).map((m) => [m.generation, m.state, m.history.length]);
  return JSON.stringify([runs.map((run) => [run.generation, run.history.length, run.label, members(run)]), context.dataInfo, Boolean(context.core)]);
}

function pngButton(title, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary png-export';
  button.textContent = 'PNG';
  button.dataset.pngSkip = '';
  button.setAttribute('aria-label', `Download ${title} as PNG`);
  button.addEventListener('click', onClick);
  return button;
}

export class ViewHost {
  /**
   * @param box the element the panels go in
   * @param views the registry
   * @param options.request (run index, ask, args) => Promise of the worker's answer
   * @param options.classNames () => the label names of the data in use, or null
   * @param options.onPng (key) => called when a view's PNG button is pressed
   * @param options.core () => the core's wasm API once it has loaded, or null
   */
  constructor(box, views, { request, classNames, onPng, core = () => null }) {
    this.request = request;
    this.classNames = classNames;
    this.core = core;
    this.state = null;
    this.entries = views.map((view) => this.build(box, view, onPng));
  }

  build(box, view, onPng) {
    const { key } = view;
    const panel = document.createElement('figure');
    panel.className = ['panel', 'view', view.wide && 'wide', view.className].filter(Boolean).join(' ');
    panel.dataset.panel = key;
    panel.dataset.panelLabel = view.title;
    const template = document.createElement('template');
    template.innerHTML = view.template;
    panel.append(template.content);
    const caption = document.createElement('figcaption');
    caption.id = `${key}-summary`;
    caption.className = 'visually-hidden';
    const heading = panel.querySelector('h2');
    if (heading) {
      heading.id = `${key}-title`;
      panel.setAttribute('aria-labelledby', heading.id);
      panel.setAttribute('aria-describedby', caption.id);
    } else {
      panel.setAttribute('aria-labelledby', caption.id);
    }
    const entry = { view, panel, caption, drawn: null, shown: null, pending: false };
    entry.drawing = view.mount(panel, { key, redraw: () => this.redraw(entry) });
    panel.append(caption);
    panel.prepend(pngButton(heading?.textContent ?? view.title, () => onPng(key)));
    box.append(panel);
    return entry;
  }

  /** Puts the panels in the session's order (the preset's views first, the rest after them). */
  arrange({ order }) {
    for (const { view, panel } of this.entries) {
      const i = order.indexOf(view.key);
      panel.style.order = String(i < 0 ? order.length + 1 : i);
    }
  }

  /** Draws every shown view whose data changed. */
  render(state) {
    this.state = state;
    const { runs } = state;
    const context = { dataInfo: runs.find((run) => run.dataInfo)?.dataInfo ?? null, classNames: this.classNames(), core: this.core() };
    for (const entry of this.entries) {
      if (entry.panel.hidden) continue;
      if (entry.view.needs === 'metrics') this.draw(entry, runs, context);
      else this.ask(entry, runs, context);
    }
  }

  draw(entry, runs, context) {
    const key = dataKey(runs, context);
    if (key === entry.drawn) return;
    entry.drawn = key;
    entry.drawing.draw(runs, context);
    this.describe(entry, runs, context);
  }

  /** Asks the view's question when its answer would be new; shows the answer if still wanted. */
  ask(entry, runs, context) {
    const question = entry.drawing.question(runs, context);
    if (!question || entry.pending || question.key === entry.shown) return;
    entry.pending = true;
    const asked = question.runs
      ? Promise.all(question.runs.map((run) => this.request(run, entry.view.needs, question.args)))
          .then((answers) => (answers.every(Boolean) ? answers : null))
      : this.request(question.run, entry.view.needs, question.args);
    asked.then((answer) => {
      entry.pending = false;
      const now = this.state.runs;
      if (answer && entry.drawing.question(now, context)?.key === question.key) {
        entry.shown = question.key;
        entry.drawing.show(answer, now, context);
        this.describe(entry, now, context);
      }
      this.render(this.state); // something newer may have arrived meanwhile
    });
  }

  describe(entry, runs, context) {
    const text = entry.drawing.caption(runs, context);
    if (entry.caption.textContent !== text) entry.caption.textContent = text;
  }

  /** The view's own controls changed what it shows: draw it again. */
  redraw(entry) {
    entry.drawn = null;
    entry.shown = null;
    if (this.state) this.render(this.state);
  }

  /** Resolves to a PNG Blob of view `key`'s panel. */
  png(key) {
    const { view, panel } = this.entries.find((entry) => entry.view.key === key);
    return (view.png ?? panelPng)(panel);
  }

  /** What the registry test reads of view `key`: its caption and how much it has drawn. */
  inspect(key) {
    const { panel, caption } = this.entries.find((entry) => entry.view.key === key);
    return { caption: caption.textContent, canvases: panel.querySelectorAll('canvas').length, shown: !panel.hidden };
  }
}
