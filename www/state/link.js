// The experiment in the URL fragment, readable and editable by hand:
//
//   #v=1&preset=fig2&hidden=15,30,60,120&activation=sigmoid&...&panels=explanation,loss&classroom=1&fast=1
//
// (fast=1: the relaxed-SIMD core, app/fast-mode.js; the default is the bit-reproducible one.)
//
// Every config field has its own parameter; a comma separates the values of the runs when they
// differ (a single value is shared by all). The field names come from the core, never from a
// list here. Reading never throws: whatever cannot be used becomes a notice.

import { MAX_VALUE_LENGTH, formatValue, parseValue, shorten } from './fields.js';
import { STATE_FORMAT } from './version.js';

export const MAX_FRAGMENT_LENGTH = 4096; // characters; ours are well under 1,000
const MAX_PARAMETERS = 64;

/** Panel names older links use, and the view each means now. */
const PANEL_ALIASES = { acc: 'accuracy' };

const encode = (text) => encodeURIComponent(text);

/**
 * @param state { preset: id | null, lists: { name: [values] }, panels: [names] | null, classroom, fast }
 * @param kinds fieldKinds(): the fields, in the core's order
 */
export function encodeFragment({ preset, lists, panels, classroom, fast = false }, kinds) {
  const parts = [`v=${STATE_FORMAT}`];
  if (preset) parts.push(`preset=${encode(preset)}`);
  for (const [name, kind] of Object.entries(kinds)) {
    if (lists[name]) parts.push(`${name}=${lists[name].map((v) => encode(formatValue(kind, v))).join(',')}`);
  }
  if (panels) parts.push(`panels=${panels.map(encode).join(',')}`);
  if (classroom) parts.push('classroom=1');
  if (fast) parts.push('fast=1');
  return parts.join('&');
}

function decode(text, what, notices) {
  try {
    return decodeURIComponent(text);
  } catch {
    notices.push(`${what}: "${shorten(text)}" is not valid percent-encoding; ignored`);
    return null;
  }
}

/**
 * Reads a fragment (with or without its "#").
 * @param context { kinds, presetIds, panelNames }
 * @returns { preset, given, panels, classroom, fast, notices, empty }: `given` maps each field named
 *   in the link to its parsed values (one per run, or one shared) or to an Error saying why not.
 */
export function decodeFragment(fragment, { kinds, presetIds, panelNames }) {
  const state = { preset: null, given: {}, panels: null, classroom: false, fast: false, notices: [], empty: true };
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') return state;
  state.empty = false;
  const { notices } = state;
  if (text.length > MAX_FRAGMENT_LENGTH) {
    notices.push(`the link's settings are ${text.length} characters long, more than the ${MAX_FRAGMENT_LENGTH} this page reads, so all of them were ignored`);
    return state;
  }

  const parameters = text.split('&').filter(Boolean);
  if (parameters.length > MAX_PARAMETERS) {
    notices.push(`the link has ${parameters.length} settings; only the first ${MAX_PARAMETERS} were read`);
  }
  const seen = new Set();
  for (const parameter of parameters.slice(0, MAX_PARAMETERS)) {
    const at = parameter.indexOf('=');
    const rawKey = at < 0 ? parameter : parameter.slice(0, at);
    const rawValue = at < 0 ? null : parameter.slice(at + 1);
    const key = decode(rawKey, 'a setting name', notices);
    if (key === null) continue;
    if (seen.has(key)) notices.push(`${shorten(key)}: given more than once; the last one is used`);
    seen.add(key);
    readParameter(state, key, rawValue, { kinds, presetIds, panelNames });
  }
  return state;
}

function readParameter(state, key, rawValue, { kinds, presetIds, panelNames }) {
  const { notices } = state;
  if (key === 'classroom' || key === 'fast') {
    if (rawValue === null || ['1', 'true'].includes(rawValue)) state[key] = true;
    else if (['0', 'false'].includes(rawValue)) state[key] = false;
    else notices.push(`${key}: "${shorten(rawValue)}" is not 1 or 0; ignored`);
    return;
  }
  if (rawValue === null) {
    notices.push(`${shorten(key)}: no value given; ignored`);
    return;
  }
  if (key === 'v') {
    if (rawValue !== String(STATE_FORMAT)) {
      notices.push(`v: this link was made for format "${shorten(rawValue)}"; this page reads format ${STATE_FORMAT} and may read it differently`);
    }
  } else if (key === 'preset') {
    const id = decode(rawValue, 'preset', notices);
    if (id === null) return;
    if (presetIds.includes(id)) state.preset = id;
    else notices.push(`preset: "${shorten(id)}" is not an experiment of this lab (there are: ${presetIds.join(', ')}); ignored`);
  } else if (key === 'panels') {
    const names = rawValue === '' ? [] : rawValue.split(',').map((v) => decode(v, 'panels', notices)).filter((v) => v !== null)
      .map((name) => (Object.hasOwn(PANEL_ALIASES, name) ? PANEL_ALIASES[name] : name));
    const unknown = names.filter((name) => !panelNames.includes(name));
    if (unknown.length) notices.push(`panels: ${unknown.map((n) => `"${shorten(n)}"`).join(', ')} ${unknown.length > 1 ? 'are not panels' : 'is not a panel'} of this page; ignored`);
    state.panels = names.filter((name) => panelNames.includes(name));
  } else if (Object.hasOwn(kinds, key)) {
    state.given[key] = readValues(key, kinds[key], rawValue);
  } else {
    notices.push(`"${shorten(key)}" is not a setting of this lab; ignored`);
  }
}

/** A field's values: one per run, comma-separated, each percent-encoded. */
function readValues(name, kind, rawValue) {
  if (rawValue.length > MAX_VALUE_LENGTH * 10) return new Error(`${name}: the value is too long (${rawValue.length} characters)`);
  try {
    return rawValue.split(',').map((piece) => {
      let text;
      try {
        text = decodeURIComponent(piece);
      } catch {
        throw new Error(`${name}: "${shorten(piece)}" is not valid percent-encoding`);
      }
      return parseValue(name, kind, text);
    });
  } catch (err) {
    return err;
  }
}
