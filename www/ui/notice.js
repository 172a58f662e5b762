// A dismissable notice above the work area: what a link or a file set that could not be used,
// and what was used instead (the session's notice). Never HTML: every message is set as text.

import { shorten } from '../state/fields.js';

const MAX_SHOWN = 30;

export class Notice {
  /** @param onDismiss called when the reader dismisses the notice */
  constructor(box, onDismiss) {
    this.box = box;
    this.title = box.querySelector('.notice-title');
    this.list = box.querySelector('ul');
    this.shown = null;
    box.querySelector('button').addEventListener('click', onDismiss);
  }

  /** Shows the session's notice ({ title, messages } or null), when it is a new one. */
  render(notice) {
    if (notice === this.shown) return;
    this.shown = notice;
    if (notice) this.show(notice.title, notice.messages);
    else this.clear();
  }

  /** Shows a heading and its messages (an empty list hides the notice). */
  show(title, messages = []) {
    this.title.textContent = title;
    const shown = messages.slice(0, MAX_SHOWN).map((m) => Object.assign(document.createElement('li'), { textContent: shorten(m, 400) }));
    if (messages.length > MAX_SHOWN) {
      shown.push(Object.assign(document.createElement('li'), { textContent: `and ${messages.length - MAX_SHOWN} more` }));
    }
    this.list.replaceChildren(...shown);
    this.list.hidden = shown.length === 0;
    this.box.hidden = false;
  }

  clear() {
    this.box.hidden = true;
    this.list.replaceChildren();
  }
}
