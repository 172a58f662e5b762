// What a view made of line charts declares, and how it is drawn: small multiples (one chart
// per quantity or per layer, one shared cursor), one legend (runs by colour, layers and
// quantities by line style) and notes under the charts (the honesty cues). A view file gives
//
//   charts(runs, context)  -> [{ key, ...LineChart spec }]
//   legend(runs, context)  -> { runs, styles } (charts/legend.js), or null for none
//   notes(runs, context)   -> [{ text, tone: 'warn' | 'fail' | 'ok' | '' }]
//   caption(runs, context) -> the charts in words (the view's text alternative)
//
// and gets the view's `needs` and `mount` (see views/host.js).

import { renderLegend } from '../charts/legend.js';
import { SmallMultiples } from '../charts/small-multiples.js';
import { el } from '../ui/dom.js';

const shownNotes = new WeakMap(); // notes box -> the notes it shows, as JSON

/** Fills `box` with the notes, unless it shows them already. */
export function renderNotes(box, notes) {
  const key = JSON.stringify(notes);
  if (shownNotes.get(box) === key) return;
  shownNotes.set(box, key);
  box.replaceChildren(...notes.map((note) => {
    const p = el('p', `note${note.tone ? ` note-${note.tone}` : ''}`, note.text);
    if (note.tone) p.dataset.tone = note.tone;
    return p;
  }));
}

/** The `needs` and `mount` of a chart view; `height` is each plot's, in CSS pixels. */
export function chartView({ height = 220, charts, legend = () => null, notes = () => [], caption }) {
  return {
    needs: 'metrics',
    mount(panel, { key }) {
      const [box, legendBox, notesBox] = ['multiples', 'legend', 'notes'].map((name) => el('div', name));
      panel.append(box, legendBox, notesBox);
      const multiples = new SmallMultiples(box, { height, sync: key });
      return {
        draw(runs, context) {
          multiples.draw(charts(runs, context));
          const shown = legend(runs, context);
          if (shown) renderLegend(legendBox, shown);
          renderNotes(notesBox, notes(runs, context));
        },
        caption,
      };
    },
  };
}
