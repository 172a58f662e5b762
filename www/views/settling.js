// Settling: for the chosen run, one batch's relaxation as the core recorded it (lab.settleTrace,
// asked of the run's worker after each evaluation while the panel is shown): each layer's
// energy (predictive coding: its squared prediction error ½‖ε_l‖²; equilibrium propagation: its
// share of the Hopfield energy, signed) and each layer's largest state change per inner
// iteration, against the iteration, one line per layer, the phases (equilibrium propagation's
// free, nudged +β, nudged −β) side by side with a marker at each boundary. The change falls
// below the run's tolerance where the batch has settled. Every number is the core's; under a
// rule that does not settle the core has no trace (null) and the view says so.
//
// It draws on the one chart stack (charts/: two small multiples of line charts, the phase
// boundaries as the line chart's marks, a null between phases so no line bridges them).

import { renderLegend } from '../charts/legend.js';
import { SmallMultiples } from '../charts/small-multiples.js';
import { font, theme } from '../charts/theme.js';
import { SLOT_DASH, slotOf } from './layers.js';
import { num } from './analysis-parts.js';
import { RunChoice } from './run-choice.js';
import { sci } from './series.js';

// The rules whose runs the selector offers first (any run can be chosen; the core decides
// whether it has a trace).
const SETTLES = new Set(['predictive_coding', 'equilibrium_propagation']);

/** A run whose worker can answer now: evaluated, not loading, not failed. */
const askable = (run) => Boolean(run?.latest) && run.state !== 'loading' && run.state !== 'failed';

function layerName(l, hidden) {
  const slot = slotOf(l, hidden);
  return slot === 'out' ? 'output' : hidden > 1 ? `hidden layer ${slot.slice(1)}` : 'hidden layer';
}

/**
 * The phases laid end to end on one x axis: phase p's row i at x = start_p + i, one empty
 * place between phases (a null breaks every line there), `rows` the phase's key ('energy':
 * the state before each iteration and after the last; 'change': one per iteration, drawn at
 * the iteration it ends). Returns { steps, values: per layer, marks }.
 */
function laidOut(phases, key, layers) {
  const steps = [];
  const values = Array.from({ length: layers }, () => []);
  const marks = [];
  let start = 0;
  phases.forEach((phase, p) => {
    if (p > 0) {
      steps.push(start - 0.5);
      values.forEach((v) => v.push(null));
    }
    const iterations = Math.max(0, phase.energy.length - 1);
    marks.push({ x: start, label: `${phase.name} (${iterations})` });
    const offset = key === 'change' ? 1 : 0;
    if (offset) {
      // No change before the first iteration: an empty place, so both plots span the same x.
      steps.push(start);
      values.forEach((v) => v.push(null));
    }
    phase[key].forEach((row, i) => {
      steps.push(start + i + offset);
      row.forEach((v, l) => values[l]?.push(v));
    });
    start += iterations + 1;
  });
  return { steps, values, marks };
}

/** A padded linear range (the signed energies of equilibrium propagation). */
const padded = (min, max) => {
  const pad = (max - min) * 0.06 || Math.abs(max) * 0.1 || 1;
  return [min - pad, max + pad];
};

class SettlingDrawing {
  constructor(root, redraw) {
    const $ = (s) => root.querySelector(s);
    this.root = root;
    this.choice = new RunChoice($('.settling-run'), redraw, (run) => SETTLES.has(run?.config?.rule));
    this.box = $('.settling-plots');
    this.multiples = new SmallMultiples(this.box, { height: 210, sync: 'settling' });
    this.legend = $('.settling-legend');
    this.empty = $('.settling-empty');
    this.status = $('.settling-status');
    this.words = '';
  }

  question(runs) {
    this.choice.sync(runs);
    const run = this.choice.run;
    if (!askable(run)) return null;
    const key = JSON.stringify([this.choice.index, run.generation, run.latest?.step ?? 0]);
    return { run: this.choice.index, args: {}, key };
  }

  show(answer) {
    const run = this.choice.run;
    if (answer.error) {
      this.say(`Cannot show the settling of ${run?.label ?? 'the run'}: ${answer.error}.`);
      this.clear();
      return;
    }
    this.root.dataset.step = String(answer.step);
    const rule = (run?.config?.rule ?? '').replaceAll('_', ' ');
    if (!answer.trace) {
      this.root.dataset.settles = 'false';
      renderLegend(this.legend, { runs: [], styles: [] });
      this.clear(`${run.label} does not settle: no inner iterations to draw`);
      this.say(`${run.label} (rule ${rule}), step ${answer.step}: this rule does not settle. Its network answers in one feed-forward pass ` +
        'and learns through a backward pass (or, the dendritic microcircuit, from its compartments at their steady state), so it has no inner iterations to draw. Choose a run of predictive coding or equilibrium propagation.');
      return;
    }
    this.root.dataset.settles = 'true';
    this.draw(run, answer);
  }

  say(text) {
    this.status.textContent = text;
    this.words = text;
  }

  /** No plots: in their place a line of text, when given (the status says more). */
  clear(text = '') {
    this.multiples.draw([]);
    this.box.hidden = true;
    const canvas = this.empty;
    canvas.hidden = !text;
    if (!text) return;
    const width = Math.max(320, Math.min(900, this.root.clientWidth - 32));
    const height = 48;
    const dpr = devicePixelRatio || 1;
    [canvas.width, canvas.height] = [Math.round(width * dpr), Math.round(height * dpr)];
    [canvas.style.width, canvas.style.height] = [`${width}px`, `${height}px`];
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = font(14);
    ctx.fillStyle = theme().muted;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 12, height / 2);
  }

  draw(run, { step, trace }) {
    const { phases } = trace;
    const layers = phases[0]?.energy[0]?.length ?? 0;
    const hidden = layers - 1;
    const { runs: colours } = theme();
    const energies = phases.flatMap((p) => p.energy.flat());
    const signed = energies.some((v) => v < 0);
    const pc = run.config?.rule === 'predictive_coding';
    const tolerance = run.config?.settle_tolerance;
    const series = (values) => values.map((v, l) => ({
      label: layerName(l, hidden),
      stroke: colours[l % colours.length],
      dash: SLOT_DASH[slotOf(l, hidden)],
      values: v,
      gaps: true,
    }));
    const chart = (key, laid, spec) => ({ key, steps: laid.steps, series: series(laid.values), marks: laid.marks, xLabel: 'inner iteration (phases one after another)', format: sci, ...spec });
    const energy = laidOut(phases, 'energy', layers);
    const change = laidOut(phases, 'change', layers);
    const total = phases.reduce((sum, p) => sum + Math.max(0, p.energy.length - 1), 0);
    this.box.hidden = false;
    this.empty.hidden = true;
    this.multiples.draw([
      chart('energy', energy, {
        title: pc ? 'Prediction error per layer, ½‖ε_l‖² (mean per image)' : 'Energy per layer, E_l (mean per image; signed: linear axis)',
        yLabel: pc ? '½‖ε‖²' : 'E_l',
        log: !signed,
        range: padded,
        refs: [],
      }),
      chart('change', change, {
        title: 'Largest state change per layer in each iteration (settled below the tolerance)',
        yLabel: 'max |Δ state|',
        log: true,
        refs: Number.isFinite(tolerance) ? [{ value: tolerance, label: `tolerance ${tolerance}` }] : [],
      }),
    ]);
    renderLegend(this.legend, { runs: Array.from({ length: layers }, (_, l) => ({ label: layerName(l, hidden), color: colours[l % colours.length], line: true, dash: SLOT_DASH[slotOf(l, hidden)] })), styles: [] });
    const phaseWords = phases.map((phase) => {
      const first = phase.energy[0] ?? [];
      const last = phase.energy.at(-1) ?? [];
      const change = phase.change.at(-1) ?? [];
      const perLayer = first.map((e, l) => `${layerName(l, hidden)} ${sci(e)} to ${sci(last[l])} (last change ${sci(change[l])})`).join(', ');
      return `phase ${phase.name}: ${phase.energy.length - 1} iterations; ${pc ? 'prediction error' : 'energy'} ${perLayer}`;
    });
    const quantity = pc ? 'squared prediction error ½‖ε_l‖²' : 'energy E_l';
    this.say(`${run.label}, step ${step}: one batch of ${run.config?.batch_size ?? ''} training images settling over ${total} inner iterations in ${phases.length} ` +
      `phase${phases.length === 1 ? '' : 's'} (${phases.map((p) => p.name).join(', ')}); each layer's ${quantity} from the phase's start to its end, ` +
      `and its largest state change in the last iteration (tolerance ${num(tolerance, 6)}): ${phaseWords.join('; ')}.`);
  }

  caption() {
    return this.words ? `Settling. ${this.words}` : 'Settling: not shown yet.';
  }
}

export const view = {
  title: 'Settling',
  wide: true,
  template: `
    <h2>Settling: one batch's inner iterations</h2>
    <p class="hint">Models that settle relax their neurons to an equilibrium for every batch before any
      weight changes. Top: each layer's energy (predictive coding: its squared prediction error, which
      rises from zero as the output's nudge spreads down and then levels off; equilibrium propagation:
      its share of the network's energy, which falls in each phase). Bottom: the largest change of any
      state of the layer in each iteration, on a log axis: the batch has settled when it is below the
      tolerance. Equilibrium propagation's phases (free, then nudged toward the target by +β and by −β)
      follow one another; the number beside a phase's name is its iterations. The batch is the first of
      the training set, under the weights of the last evaluation.</p>
    <div class="activity-controls" role="group" aria-label="Run">
      <label>Run <select class="settling-run"></select></label>
    </div>
    <div class="multiples settling-plots"></div>
    <canvas class="settling-empty" width="1" height="1" aria-hidden="true" hidden></canvas>
    <div class="legend settling-legend"></div>
    <p class="settling-status hint"></p>`,
  needs: 'settleTrace',
  mount: (panel, { redraw }) => new SettlingDrawing(panel, redraw),
};
