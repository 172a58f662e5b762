// The training controls: Start, Pause, Step and Reset, enabled as app/controls.js decides, and
// the skip link that jumps past the settings to the first usable one.

const BUTTONS = ['start', 'pause', 'step', 'reset'];

export class Toolbar {
  /**
   * @param $ (id) => the element with that id
   * @param handlers { start(), pause(), step(), reset() } (app/training.js's Training)
   */
  constructor($, handlers) {
    this.buttons = Object.fromEntries(BUTTONS.map((id) => [id, $(id)]));
    for (const id of BUTTONS) this.buttons[id].addEventListener('click', () => handlers[id]());
    $('skip').addEventListener('click', () => {
      const target = Object.values(this.buttons).find((b) => !b.disabled && b.offsetParent !== null);
      (target ?? $('toolbar')).focus();
    });
  }

  /** @param can app/controls.js's controls() */
  render(can) {
    for (const id of BUTTONS) this.buttons[id].disabled = !can[id];
  }
}
