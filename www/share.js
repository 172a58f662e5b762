// The link to the experiment: shown in a read-only box, copied by the Copy link button,
// optionally as a classroom link (only Start, Pause and the explanation).

export class Share {
  /** elements: { input, copy, classroom, status } */
  constructor({ input, copy, classroom, status }) {
    this.input = input;
    this.classroomBox = classroom;
    this.status = status;
    this.base = '';
    classroom.addEventListener('change', () => this.refresh());
    copy.addEventListener('click', () => this.copy());
  }

  /** Sets the link to the page as it is now. */
  set link(url) {
    this.base = url;
    this.refresh();
  }

  get link() {
    if (!this.classroomBox.checked || /[#&]classroom=1(&|$)/.test(this.base)) return this.base;
    return `${this.base}&classroom=1`;
  }

  refresh() {
    this.input.value = this.link;
    this.input.dataset.link = this.link;
  }

  async copy() {
    const link = this.link;
    try {
      await navigator.clipboard.writeText(link);
      this.say('Link copied.');
    } catch {
      // No clipboard access (an insecure origin, or refused): leave it selected to copy by hand.
      this.input.focus();
      this.input.select();
      this.say('The browser did not allow copying: the link is selected, press Ctrl+C (⌘C) to copy it.');
    }
  }

  say(text) {
    this.status.textContent = '';
    // A fresh text node each time, so screen readers announce a repeated message too.
    requestAnimationFrame(() => {
      this.status.textContent = text;
    });
  }
}
