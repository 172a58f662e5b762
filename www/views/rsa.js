// Representational similarity: for the chosen run and hidden layer, the class-by-class and the
// image-by-image dissimilarity matrices (1 − Pearson correlation of the activity patterns; the
// images are 20 fixed test images per class, class-sorted) as heat maps, and RSA (the Spearman
// correlation of two matrices' upper triangles): each run's layer against the pixels, the
// labels, its other layers and the reference run's same layer (rule against rule), at the last
// evaluation and over training. Every run's worker answers with the core's analysis and its
// kept image RDMs (lab.rdmSnapshots); rule against rule is the core's rsaUpper between two
// runs' snapshots of the same step, computed here by the page's copy of the core.

import { loadCore } from '../app/core.js';
import { SmallMultiples } from '../charts/small-multiples.js';
import { el } from '../ui/dom.js';
import { analysable, classifies, num, paintMatrix, questionKey, syncLayers } from './analysis-parts.js';
import { RunChoice } from './run-choice.js';

const runKey = (run) => `${run.label}|${run.generation}`;

class RsaDrawing {
  constructor(root, redraw, key) {
    const $ = (s) => root.querySelector(s);
    this.root = root;
    this.redraw = redraw;
    this.choice = new RunChoice($('.rsa-run'), redraw, classifies);
    this.reference = new RunChoice($('.rsa-reference'), redraw, classifies);
    this.layer = $('.rsa-layer');
    this.classCanvas = $('.rsa-classes');
    this.imageCanvas = $('.rsa-images');
    this.scaleText = $('.rsa-scale');
    this.table = $('.rsa-table');
    this.status = $('.rsa-status');
    this.multiples = new SmallMultiples($('.rsa-over'), { height: 180, sync: key });
    this.snapshots = new Map(); // runKey|layer -> Map(step -> Float32Array upper triangle)
    this.rhos = new Map(); // refKey|runKey|layer|step -> ρ
    this.core = null;
    loadCore().then((core) => {
      this.core = core;
      redraw();
    });
    this.layer.addEventListener('change', redraw);
    this.words = '';
  }

  question(runs) {
    this.choice.sync(runs);
    this.reference.sync(runs);
    if (!this.core) return null;
    const asked = runs.map((run, i) => i).filter((i) => analysable(runs[i]));
    if (!asked.length) return null;
    const layer = syncLayers(this.layer, this.choice.run ?? runs[asked[0]]);
    if (asked.some((i) => (runs[i].config.hidden?.length ?? 1) <= layer)) {
      this.status.textContent = `Not every run has a hidden layer ${layer + 1}.`;
      return null;
    }
    // Only the snapshots not seen yet (from the step every run has been seen up to).
    const seen = asked.map((i) => Math.max(-1, ...(this.snapshots.get(`${runKey(runs[i])}|${layer}`)?.keys() ?? [])));
    const after = Math.min(...seen);
    return { runs: asked, args: { layer, after }, key: JSON.stringify(asked.map((i) => questionKey(i, runs[i], layer))) };
  }

  keep(run, answer) {
    const key = `${runKey(run)}|${answer.layer}`;
    if (!this.snapshots.has(key)) this.snapshots.set(key, new Map());
    const kept = this.snapshots.get(key);
    const { steps, length, upper } = answer.snapshots;
    steps.forEach((step, k) => kept.set(step, upper.subarray(k * length, (k + 1) * length)));
    return kept;
  }

  /** ρ between two runs' image RDMs of one step (the core's rsaUpper), remembered. */
  rho(reference, run, layer, step) {
    const key = `${runKey(reference)}|${runKey(run)}|${layer}|${step}`;
    if (!this.rhos.has(key)) {
      const a = this.snapshots.get(`${runKey(reference)}|${layer}`)?.get(step);
      const b = this.snapshots.get(`${runKey(run)}|${layer}`)?.get(step);
      if (!a || !b) return null;
      this.rhos.set(key, this.core.rsaUpper(a, b));
    }
    return this.rhos.get(key);
  }

  show(answers, runs) {
    const asked = runs.map((run, i) => i).filter((i) => analysable(runs[i]));
    const failed = answers.find((a) => a.error);
    if (failed) {
      this.status.textContent = `Cannot show the representational similarity: ${failed.error}.`;
      this.words = this.status.textContent;
      return;
    }
    const byRun = new Map(asked.map((i, k) => [runs[i], answers[k]]));
    byRun.forEach((answer, run) => this.keep(run, answer));
    const run = this.choice.run;
    const reference = this.reference.run;
    const answer = byRun.get(run) ?? answers[0];
    const layer = answer.layer;
    this.drawMatrices(run, answer);
    // Rule against rule at the latest step both runs have a snapshot of.
    const latestCommon = (other) => {
      const mine = this.snapshots.get(`${runKey(other)}|${layer}`);
      const theirs = this.snapshots.get(`${runKey(reference)}|${layer}`);
      const common = [...(mine?.keys() ?? [])].filter((s) => theirs?.has(s));
      return common.length ? Math.max(...common) : null;
    };
    const rows = [...byRun].map(([other, a]) => {
      const step = latestCommon(other);
      return { run: other, answer: a, step, vsReference: step == null ? null : this.rho(reference, other, layer, step) };
    });
    this.fillTable(rows, reference, layer);
    this.drawOverTraining(rows, reference, layer);
    this.status.textContent = `RDMs of ${run.label}, hidden layer ${layer + 1}, at step ${answer.step}; rule against rule: each run against ${reference.label} at the latest step both have reached.`;
    this.words = `Representational similarity, hidden layer ${layer + 1}, Spearman correlation of the image dissimilarity matrices (200 test images). ` +
      rows.map((r) => `${r.run.label} at step ${r.answer.step}: against the pixels ${num(r.answer.analysis.rsaPixels)}, against the labels ${num(r.answer.analysis.rsaLabels)}, ` +
        `against ${reference.label} ${num(r.vsReference)}${r.step == null ? '' : ` (step ${r.step})`}.`).join(' ');
    this.root.dataset.step = String(answer.step);
  }

  drawMatrices(run, answer) {
    const { classRdm, imageRdm, imageSubset } = answer.analysis;
    // One shade scale for both: 0 (identical patterns) to 2 (opposite ones), 1 = uncorrelated.
    paintMatrix(this.classCanvas, classRdm, 10, [0, 2]);
    paintMatrix(this.imageCanvas, imageRdm, imageSubset.length, [0, 2]);
    this.scaleText.textContent = `${run.label} at step ${answer.step}. White: identical patterns (dissimilarity 0); black: opposite ones (2); mid grey: uncorrelated (1). ` +
      `Rows and columns: classes 0 to 9; on the right ${imageSubset.length} test images, ${imageSubset.length / 10} per class, class by class.`;
  }

  fillTable(rows, reference, layer) {
    const hidden = rows[0]?.answer.hidden ?? 1;
    const others = Array.from({ length: hidden }, (_, l) => l).filter((l) => l !== layer);
    const head = el('tr');
    for (const text of ['run', 'step', 'vs pixels', 'vs labels', `vs ${reference.label}`, ...others.map((l) => `vs hidden layer ${l + 1}`)]) {
      const th = el('th', '', text);
      th.scope = 'col';
      head.append(th);
    }
    const body = rows.map(({ run, answer, vsReference }) => {
      const tr = el('tr');
      const a = answer.analysis;
      for (const text of [run.label, String(answer.step), num(a.rsaPixels), num(a.rsaLabels), num(vsReference), ...others.map((l) => num(a.rsaLayers[l]))]) tr.append(el('td', '', text));
      return tr;
    });
    this.table.replaceChildren(el('thead'), el('tbody'));
    this.table.tHead.append(head);
    this.table.tBodies[0].append(...body);
  }

  drawOverTraining(rows, reference, layer) {
    const steps = [...new Set(rows.flatMap(({ answer }) => [...answer.summaries.steps]))].sort((a, b) => a - b);
    const along = (values, at) => steps.map((s) => {
      const k = at.indexOf(s);
      return k < 0 || !Number.isFinite(values[k]) ? null : values[k];
    });
    const chart = (key, title, value) => ({
      key,
      title,
      yLabel: 'Spearman ρ',
      range: () => [-0.2, 1],
      format: (v) => v.toFixed(3),
      legend: true,
      steps,
      series: rows.map((r) => ({ label: r.run.label, stroke: r.run.color, width: 2, values: value(r) })),
      refs: [],
    });
    const summary = (field) => (r) => along(r.answer.summaries[field], [...r.answer.summaries.steps]);
    this.multiples.draw([
      chart('rsa-reference', `Against ${reference.label} (rule against rule)`, (r) => steps.map((s) => {
        const rho = this.rho(reference, r.run, layer, s);
        return rho == null || !Number.isFinite(rho) ? null : rho;
      })),
      chart('rsa-pixels', 'Against the pixels', summary('rsaPixels')),
      chart('rsa-labels', 'Against the labels', summary('rsaLabels')),
    ]);
  }

  caption() {
    return this.words || 'Representational similarity: not shown yet.';
  }
}

export const view = {
  title: 'Representational similarity',
  wide: true,
  template: `
    <h2>Representational similarity: dissimilarity matrices and RSA</h2>
    <p class="hint">A dissimilarity matrix holds 1 − the correlation of the layer's activity patterns for
      every pair of classes (left) or of 200 fixed test images (right). RSA compares two matrices by
      the rank correlation of their entries (Kriegeskorte et al. 2008): 1 when they order the pairs alike.</p>
    <div class="activity-controls" role="group" aria-label="Run, reference run and layer">
      <label>Run <select class="rsa-run"></select></label>
      <label>Compare with <select class="rsa-reference"></select></label>
      <label>Layer <select class="rsa-layer"><option value="0">hidden layer 1</option></select></label>
    </div>
    <div class="rsa-matrices">
      <canvas class="rsa-classes" width="1" height="1" aria-hidden="true"></canvas>
      <canvas class="rsa-images" width="1" height="1" aria-hidden="true"></canvas>
    </div>
    <p class="rsa-scale hint"></p>
    <table class="rsa-table"></table>
    <div class="rsa-over"></div>
    <p class="rsa-status hint"></p>`,
  needs: 'rsa',
  mount: (panel, { redraw, key }) => new RsaDrawing(panel, redraw, key),
};
