// The fast-mode checkbox beside the training controls (app/fast-mode.js) and the note that says,
// while it is on, that the runs are not bit-reproducible.

import { FAST_LABEL } from '../app/fast-mode.js';

export class FastToggle {
  /** @param onChange (on) => void */
  constructor($, supported, onChange) {
    this.el = { box: $('fast'), label: $('fast-label'), note: $('fast-note') };
    this.supported = supported;
    this.el.label.lastChild.textContent = ` ${FAST_LABEL}`;
    if (!supported) this.el.label.title = 'This browser has no relaxed SIMD: only the default, bit-reproducible build runs here.';
    this.el.box.addEventListener('change', () => onChange(this.el.box.checked));
  }

  render(state, enabled) {
    this.el.box.checked = state.fast;
    this.el.box.disabled = !enabled || !this.supported;
    this.el.note.hidden = !state.fast;
  }
}
