// The explanation panel: the preset's title and what to look for, which settings differ from
// it, and the data set in use; or a word on a custom experiment. The gallery marks the preset.

export class Explanation {
  /** elements: { title, changes, text } */
  constructor({ title, changes, text }) {
    Object.assign(this, { title, changes, text });
  }

  render({ catalog, experiment }) {
    if (!catalog || !experiment) return;
    const preset = catalog.preset(experiment.preset);
    if (preset) {
      this.title.textContent = preset.title;
      this.text.textContent = preset.description;
      this.changes.hidden = experiment.changed.length === 0;
      this.changes.textContent = `With changed settings: ${experiment.changed.join(', ')}.`;
    } else {
      this.title.textContent = 'Your own experiment';
      this.text.textContent = 'Your own settings: one run per comma-separated value, every other setting shared. ' +
        'Load an experiment from the gallery to see one of the coursework\'s figures with its explanation.';
      this.changes.hidden = true;
    }
  }
}
