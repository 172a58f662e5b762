// The View menu: one checkbox per panel (every element with data-panel="name" and a
// data-panel-label, the views' among them), and the panels shown or hidden as the session says.
// Which are shown is part of the session, and so of the link.

export class PanelMenu {
  /**
   * @param root where to look for [data-panel] elements (in page order)
   * @param toggles the element to fill with one checkbox per panel
   * @param onToggle (name, shown) => called when the reader shows or hides a panel
   */
  constructor(root, toggles, onToggle) {
    this.panels = [...root.querySelectorAll('[data-panel]')];
    this.boxes = this.panels.map((panel) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = panel.dataset.panel;
      box.addEventListener('change', () => onToggle(panel.dataset.panel, box.checked));
      label.append(box, ` ${panel.dataset.panelLabel ?? panel.dataset.panel}`);
      toggles.append(label);
      return box;
    });
  }

  /** Every panel's name, in page order. */
  get names() {
    return this.panels.map((panel) => panel.dataset.panel);
  }

  render({ panels }) {
    this.panels.forEach((panel, i) => {
      const shown = panels.includes(panel.dataset.panel);
      panel.hidden = !shown;
      this.boxes[i].checked = shown;
    });
  }
}
