// Panels the reader can show or hide (View menu): every element with data-panel="name" and a
// data-panel-label. Which are visible is part of the link.

export class Panels {
  /**
   * @param root where to look for [data-panel] elements
   * @param toggles the element to fill with one checkbox per panel
   * @param onChange called after the reader shows or hides a panel
   */
  constructor(root, toggles, onChange) {
    this.panels = [...root.querySelectorAll('[data-panel]')];
    this.boxes = this.panels.map((panel) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !panel.hidden;
      box.value = panel.dataset.panel;
      box.addEventListener('change', () => {
        panel.hidden = !box.checked;
        onChange();
      });
      label.append(box, ` ${panel.dataset.panelLabel ?? panel.dataset.panel}`);
      toggles.append(label);
      return box;
    });
  }

  get names() {
    return this.panels.map((panel) => panel.dataset.panel);
  }

  /** The names of the visible panels. */
  get visible() {
    return this.panels.filter((panel) => !panel.hidden).map((panel) => panel.dataset.panel);
  }

  /** Shows exactly these panels (null: all). */
  set visible(names) {
    this.panels.forEach((panel, i) => {
      panel.hidden = names !== null && !names.includes(panel.dataset.panel);
      this.boxes[i].checked = !panel.hidden;
    });
  }

  /** Whether every panel is visible (the default, left out of the link). */
  get allVisible() {
    return this.panels.every((panel) => !panel.hidden);
  }
}
