// Small multiples: one LineChart per chart spec (a quantity, or a layer), in the specs' order,
// sharing one cursor; cells of charts no longer drawn go. Resizes with its box.

import { LineChart } from './line-chart.js';

export class SmallMultiples {
  /**
   * @param box the element the charts go in
   * @param options.height of each plot in CSS pixels
   * @param options.sync the key of the shared cursor (one per view)
   */
  constructor(box, { height = 220, sync = null } = {}) {
    this.box = box;
    this.height = height;
    this.sync = sync;
    this.charts = new Map(); // key -> { cell, chart }
    new ResizeObserver(() => this.fit()).observe(box);
  }

  /** Draws the specs ([{ key, ...LineChart spec }]), one cell each. */
  draw(specs) {
    const keys = specs.map((s) => s.key);
    for (const [key, { cell, chart }] of this.charts) {
      if (keys.includes(key)) continue;
      chart.destroy();
      cell.remove();
      this.charts.delete(key);
    }
    for (const key of keys) {
      if (this.charts.has(key)) continue;
      const cell = document.createElement('div');
      cell.className = 'multiple';
      cell.dataset.chart = key;
      this.charts.set(key, { cell, chart: new LineChart(cell, { height: this.height, sync: this.sync }) });
    }
    const cells = keys.map((key) => this.charts.get(key).cell);
    // Moving a cell would take the keyboard focus from it: only when the order changes.
    if (cells.some((cell, i) => this.box.children[i] !== cell) || this.box.children.length !== cells.length) this.box.replaceChildren(...cells);
    this.box.classList.toggle('single', keys.length === 1);
    for (const spec of specs) this.charts.get(spec.key).chart.draw(spec);
  }

  /** The uPlot instance of chart `key`, or null. */
  plot(key) {
    return this.charts.get(key)?.chart.plot ?? null;
  }

  fit() {
    for (const { chart } of this.charts.values()) chart.fit();
  }
}
