// The experiment in the address bar: written after every change of the session (so the address
// is always a link that reproduces it), read on the first visit and whenever the reader edits
// it. Settings from a link are checked field by field (state/restore.js): what cannot be used
// becomes a notice and the preset's value, or the default, stays.

import { decodeFragment, encodeFragment } from '../state/link.js';
import { sameNames } from './panels.js';

/** The fragment for the session (without "#"), or null before the settings are known. */
export function fragmentOf(state, defaultPanels) {
  const { experiment, catalog, panels, classroom, fast } = state;
  if (!experiment || !catalog) return null;
  return encodeFragment({
    preset: experiment.preset,
    lists: experiment.lists,
    panels: sameNames(panels, defaultPanels) ? null : panels,
    classroom,
    fast,
  }, catalog.kinds);
}

/** Writes the session's fragment into the address bar; resolves to the page's link, or null. */
export function writeAddress(session) {
  const fragment = fragmentOf(session.state, session.defaultPanels(session.state.experiment?.preset ?? null));
  if (fragment === null) return null;
  if (location.hash !== `#${fragment}`) history.replaceState(history.state, '', `#${fragment}`);
  return `${location.href.split('#')[0]}#${fragment}`;
}

/** Restores the session from a fragment: settings field by field, panels, classroom mode, fast mode. */
export function readAddress(session, hash) {
  const { catalog, knownPanels } = session.state;
  const link = decodeFragment(hash, { kinds: catalog.kinds, presetIds: catalog.presetIds, panelNames: knownPanels });
  if (link.empty) return;
  const noticeOf = (problems) => (problems.length ? { title: 'Some settings in this link could not be used, so defaults were used for them:', messages: problems } : null);
  session.restoreGiven(link, noticeOf, { panels: link.panels, classroom: link.classroom, fast: link.fast });
}
