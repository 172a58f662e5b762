// The gallery: a card per preset the core offers, with its title, its explanation and a Load
// button. It lists whatever presets() returns, so presets appear here as the core adds them.

export class Gallery {
  /**
   * @param list the <ul> to fill
   * @param presets core.presets()
   * @param onLoad called with a preset id when its Load button is pressed
   */
  constructor(list, presets, onLoad) {
    this.buttons = [];
    this.current = undefined;
    this.cards = presets.map((preset) => {
      const item = document.createElement('li');
      item.className = 'card';
      item.dataset.preset = preset.id;
      const title = document.createElement('h3');
      title.id = `preset-title-${preset.id}`;
      title.textContent = preset.title;
      const text = document.createElement('p');
      text.textContent = preset.description;
      const runs = document.createElement('p');
      runs.className = 'hint';
      runs.textContent = `${preset.runs.length} run${preset.runs.length === 1 ? '' : 's'}: ${preset.runs.map((r) => r.label).join(', ')}`;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = 'Load';
      button.setAttribute('aria-describedby', title.id);
      button.addEventListener('click', () => onLoad(preset.id));
      this.buttons.push(button);
      item.append(title, text, runs, button);
      return item;
    });
    list.replaceChildren(...this.cards);
    if (presets.length === 0) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'hint', textContent: 'This version of the core has no preset experiments.' }));
    }
  }

  /** Marks the preset in use while its settings are unchanged; enabled until training begins. */
  render({ experiment }, enabled) {
    this.disabled = !enabled;
    this.setCurrent(experiment?.preset && experiment.changed.length === 0 ? experiment.preset : null);
  }

  /** Marks the card of the preset in use (null: none, or the settings were changed). */
  setCurrent(id) {
    if (id === this.current) return;
    this.current = id;
    for (const card of this.cards) {
      const current = card.dataset.preset === id;
      card.classList.toggle('current', current);
      if (current) card.setAttribute('aria-current', 'true');
      else card.removeAttribute('aria-current');
      card.querySelector('button').textContent = current ? 'Loaded' : 'Load';
    }
  }

  set disabled(value) {
    for (const button of this.buttons) button.disabled = value;
  }
}
