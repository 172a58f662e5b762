// The estimator check (issue 16): every estimator of the lab run by the core (estimatorCheck) on
// two synthetic channels whose I(X;T) is known, a discrete one (10 codewords of d bits, each
// bit flipped with probability 0.1; the truth enumerated exactly) and a Gaussian one (10 class
// means blurred by unit noise; the truth by Monte Carlo, with its error). Three sections of
// small multiples: the estimates against the sample size N (log axis) at a chosen d, against
// the dimension d at N = 1,000, and against the truth itself at a chosen N. Binned estimators
// (plug-in solid, Miller–Madow dashed, per binning) and the KDE bounds (bands between the upper
// and the lower value) are on separate charts. The check runs in a worker of its own
// (worker/estimator-worker.js), once per page: it takes seconds. Every number is the core's.

import { renderLegend } from '../charts/legend.js';
import { SmallMultiples } from '../charts/small-multiples.js';
import { fadedColor, runColor, theme } from '../charts/theme.js';
import { ASK, Requests } from '../worker/protocol.js';
import { renderNotes } from './chart-view.js';

/** What the view asks the core: the N sweep at three d, and a d sweep at one N. */
export const SIZES = [100, 300, 1000, 3000, 10000];
export const DIMS = [4, 10, 16];
export const SWEEP_DIMS = [4, 6, 8, 10, 12, 14, 16];
export const SWEEP_N = 1000;
const REQUESTS = [
  { key: 'n', settings: { sizes: SIZES, dims: DIMS } },
  { key: 'd', settings: { sizes: [SWEEP_N], dims: SWEEP_DIMS } },
];

const CHANNELS = [
  { key: 'discrete', name: 'Discrete channel', about: 'd-bit codewords, each bit flipped with probability 0.1; truth exact' },
  { key: 'gaussian', name: 'Gaussian channel', about: 'class means plus unit Gaussian noise; truth by Monte Carlo' },
];

/** The binned estimators: one colour per binning, plug-in solid, Miller–Madow dashed. */
const BINNED = ['threshold', 'uniform', 'adaptive'].flatMap((binning, b) => [
  { id: `${binning}_plug_in`, label: `${binning} plug-in`, colour: b, dash: [] },
  { id: `${binning}_miller_madow`, label: `${binning} Miller–Madow`, colour: b, dash: [6, 4] },
]);

/** The KDE bounds, in pairs: a band between upper and lower. `gaussianOnly`: the matched pair. */
const KDE = [
  { id: 'kde', label: 'KDE σ² = 0.1', colour: 3 },
  { id: 'kde_adaptive', label: 'KDE adaptive σ²', colour: 4 },
  { id: 'kde_matched', label: 'KDE matched (σ² = s², on the class means)', colour: 5, gaussianOnly: true },
];

const bits = (v) => (v == null ? '—' : v.toFixed(3));
const count = (n) => n.toLocaleString('en-US');

/** The rows of the check, looked up by channel, d, N and estimator. */
class Table {
  constructor() {
    this.rows = new Map();
  }

  add(rows) {
    for (const r of rows) this.rows.set(`${r.channel}|${r.d}|${r.n}|${r.estimator}`, r);
  }

  get(channel, d, n, estimator) {
    return this.rows.get(`${channel}|${d}|${n}|${estimator}`) ?? null;
  }

  /** Any row of (channel, d, n): the truth and the sample's limits. */
  any(channel, d, n) {
    return this.get(channel, d, n, 'threshold_plug_in');
  }

  get size() {
    return this.rows.size;
  }
}

/** The series of one chart: the truth, then the family's estimates, over the x values `xs`. */
function chartSeries(family, channel, xs, at) {
  const { ink } = theme();
  const truth = { label: 'truth', stroke: ink, dash: [2, 3], width: 2, values: xs.map((x) => at(x, 'threshold_plug_in')?.truth_bits ?? null) };
  if (family === 'binned') {
    return {
      series: [truth, ...BINNED.map((e) => ({ label: e.label, stroke: runColor(e.colour), dash: e.dash, width: 2, values: xs.map((x) => at(x, e.id)?.estimate_bits ?? null) }))],
      bands: [],
    };
  }
  const pairs = KDE.filter((k) => !k.gaussianOnly || channel === 'gaussian');
  const series = [truth];
  const bands = [];
  for (const k of pairs) {
    const colour = runColor(k.colour);
    const upper = series.push({ label: `${k.label} upper`, stroke: colour, width: 1.5, values: xs.map((x) => at(x, `${k.id}_upper`)?.estimate_bits ?? null) }) - 1;
    const lower = series.push({ label: `${k.label} lower`, stroke: colour, dash: [4, 3], width: 1.5, values: xs.map((x) => at(x, `${k.id}_lower`)?.estimate_bits ?? null) }) - 1;
    bands.push({ upper, lower, fill: fadedColor(colour, 0.15) });
  }
  return { series, bands };
}

/** The ceiling a plug-in estimate runs into: Ĥ(X) of the labels, at the largest N shown. */
function labelRef(row) {
  return row ? [{ value: row.label_entropy_bits, label: `Ĥ(X) = ${row.label_entropy_bits.toFixed(2)}: every sample its own code` }] : [];
}

/** Charts against N (log axis) at dimension d. */
function sizeCharts(table, d) {
  return CHANNELS.flatMap((channel) => ['binned', 'kde'].map((family) => {
    const { series, bands } = chartSeries(family, channel.key, SIZES, (n, e) => table.get(channel.key, d, n, e));
    return {
      key: `n-${channel.key}-${family}`,
      title: `${channel.name}, d = ${d}: ${family === 'binned' ? 'binned estimates' : 'KDE bounds'} against N`,
      yLabel: 'I(X;T), bits',
      xLabel: 'N (samples)',
      xLog: true,
      range: (min, max) => [0, Math.max(max, 0.5)],
      format: bits,
      steps: SIZES,
      series,
      bands,
      refs: labelRef(table.any(channel.key, d, SIZES.at(-1))),
    };
  }));
}

/** Charts against d at N = SWEEP_N. */
function dimCharts(table) {
  return CHANNELS.flatMap((channel) => ['binned', 'kde'].map((family) => {
    const { series, bands } = chartSeries(family, channel.key, SWEEP_DIMS, (d, e) => table.get(channel.key, d, SWEEP_N, e));
    return {
      key: `d-${channel.key}-${family}`,
      title: `${channel.name}, N = ${count(SWEEP_N)}: ${family === 'binned' ? 'binned estimates' : 'KDE bounds'} against d`,
      yLabel: 'I(X;T), bits',
      xLabel: 'd (dimensions)',
      range: (min, max) => [0, Math.max(max, 0.5)],
      format: bits,
      steps: SWEEP_DIMS,
      series,
      bands,
      refs: labelRef(table.any(channel.key, SWEEP_DIMS.at(-1), SWEEP_N)),
    };
  }));
}

/** The estimators plotted against the truth, as points, with the line estimate = truth. */
const AGAINST_TRUTH = [
  { id: 'threshold_plug_in', label: 'threshold plug-in', colour: 0 },
  { id: 'adaptive_plug_in', label: 'adaptive plug-in', colour: 2 },
  { id: 'kde_upper', label: 'KDE σ² = 0.1 upper', colour: 3 },
  { id: 'kde_lower', label: 'KDE σ² = 0.1 lower', colour: 3, faded: true },
  { id: 'kde_matched_upper', label: 'KDE matched upper', colour: 5 },
  { id: 'kde_matched_lower', label: 'KDE matched lower', colour: 5, faded: true },
];

/** Every (channel, d) the table has at N = n, sorted by truth, per channel. */
function truthCharts(table, n) {
  const { ink } = theme();
  return CHANNELS.map((channel) => {
    const dims = [...new Set([...DIMS, ...(n === SWEEP_N ? SWEEP_DIMS : [])])]
      .filter((d) => table.any(channel.key, d, n))
      .sort((a, b) => table.any(channel.key, a, n).truth_bits - table.any(channel.key, b, n).truth_bits);
    // uPlot needs distinct, increasing x: the truths are (one per d); equal ones keep the first.
    const xs = [];
    const used = [];
    for (const d of dims) {
      const t = table.any(channel.key, d, n).truth_bits;
      if (xs.length && t <= xs.at(-1)) continue;
      xs.push(t);
      used.push(d);
    }
    const estimators = AGAINST_TRUTH.filter((e) => channel.key === 'gaussian' || !e.id.startsWith('kde_matched'));
    return {
      key: `t-${channel.key}`,
      title: `${channel.name}, N = ${count(n)}: estimate against truth (d = ${used.join(', ')})`,
      yLabel: 'estimate, bits',
      xLabel: 'truth, bits',
      range: (min, max) => [0, Math.max(max, 0.5)],
      format: bits,
      steps: xs,
      series: [
        { label: 'estimate = truth', stroke: ink, dash: [2, 3], width: 1.5, values: xs },
        ...estimators.map((e) => ({ label: e.label, stroke: e.faded ? fadedColor(runColor(e.colour), 0.45) : runColor(e.colour), pointsOnly: true, values: used.map((d) => table.get(channel.key, d, n, e.id)?.estimate_bits ?? null) })),
      ],
      bands: [],
      refs: [],
    };
  });
}

/** One legend for the view: a colour per binning and per KDE noise, a line style per estimate. */
function legend() {
  const colours = [
    ...['threshold', 'uniform', 'adaptive'].map((label, i) => ({ label: `${label} codes`, color: runColor(i) })),
    ...KDE.map((k) => ({ label: k.label, color: runColor(k.colour) })),
  ];
  return {
    runs: colours,
    styles: [
      { label: 'truth (against the truth: estimate = truth)', dash: [2, 3] },
      { label: 'plug-in; a KDE upper bound', dash: [] },
      { label: 'Miller–Madow; a KDE lower bound (shaded up to the upper)', dash: [6, 4] },
      { label: 'against the truth: a dot per d, lower bounds faded', marker: 'h1' },
    ],
  };
}

/** The notes: what to look for, from the numbers. */
function notes(table, d) {
  if (table.size === 0) return [];
  const out = [];
  const small = table.get('discrete', d, SIZES[0], 'threshold_plug_in');
  const smallMm = table.get('discrete', d, SIZES[0], 'threshold_miller_madow');
  const big = table.get('discrete', d, SIZES.at(-1), 'threshold_plug_in');
  if (small && big && smallMm) {
    out.push({
      tone: 'warn',
      text: `Discrete channel, d = ${d}: the truth is ${bits(small.truth_bits)} bits. With N = ${count(SIZES[0])} samples the threshold plug-in estimate reads ${bits(small.estimate_bits)} (Miller–Madow ${bits(smallMm.estimate_bits)}); with N = ${count(SIZES.at(-1))}, ${bits(big.estimate_bits)}. Where 2^d codes outnumber the samples (log2 N = ${small.max_entropy_bits.toFixed(2)} bits at N = ${count(SIZES[0])}), nearly every sample has a code of its own and a plug-in I(X;T) climbs towards Ĥ(X) whatever the truth.`,
    });
  }
  const up = table.get('gaussian', d, SWEEP_N, 'kde_matched_upper');
  const lo = table.get('gaussian', d, SWEEP_N, 'kde_matched_lower');
  const fixedUp = table.get('gaussian', d, SWEEP_N, 'kde_upper');
  const fixedLo = table.get('gaussian', d, SWEEP_N, 'kde_lower');
  if (up && lo) {
    const inside = lo.estimate_bits <= up.truth_bits && up.truth_bits <= up.estimate_bits;
    out.push({
      tone: inside ? 'ok' : 'fail',
      text: `Gaussian channel, d = ${d}, N = ${count(SWEEP_N)}: truth ${bits(up.truth_bits)} ± ${bits(up.truth_stderr_bits)} bits; the matched KDE bounds (noise σ² = s², the channel's own) give [${bits(lo.estimate_bits)}, ${bits(up.estimate_bits)}]: ${inside ? 'they bracket it' : 'they do not bracket it'}.${fixedUp && fixedLo ? ` With σ² = 0.1 on the noisy samples, [${bits(fixedLo.estimate_bits)}, ${bits(fixedUp.estimate_bits)}]: bounds on the samples with noise of the measurement's own added, not on the channel.` : ''}`,
    });
  }
  return out;
}

/** The text alternative: the truth and every estimate at N = 100, 1,000, 10,000 for d. */
function caption(table, d, status) {
  if (table.size === 0) return `Estimator check: ${status}`;
  const parts = CHANNELS.map((channel) => {
    const at = [100, 1000, 10000].map((n) => {
      const any = table.any(channel.key, d, n);
      if (!any) return null;
      const e = (id) => bits(table.get(channel.key, d, n, id)?.estimate_bits ?? null);
      const kde = `KDE [${e('kde_lower')}, ${e('kde_upper')}]`;
      const matched = channel.key === 'gaussian' ? `, matched KDE [${e('kde_matched_lower')}, ${e('kde_matched_upper')}]` : '';
      return `N = ${count(n)}: threshold plug-in ${e('threshold_plug_in')}, Miller–Madow ${e('threshold_miller_madow')}, uniform plug-in ${e('uniform_plug_in')}, adaptive plug-in ${e('adaptive_plug_in')}, ${kde}${matched}`;
    }).filter(Boolean);
    const truth = table.any(channel.key, d, SIZES[0]);
    return `${channel.name} (${channel.about}), d = ${d}, truth ${bits(truth?.truth_bits ?? null)} bits: ${at.join('; ')}.`;
  });
  return `Estimator check, I(X;T) in bits, estimate against truth, against N and against d. ${parts.join(' ')} ${status}`;
}

class EstimatorCheck {
  constructor(panel, redraw) {
    this.redraw = redraw;
    this.table = new Table();
    this.d = DIMS[0];
    this.n = SWEEP_N;
    this.status = 'Not started.';
    this.started = false;
    this.worker = null;
    const $ = (s) => panel.querySelector(s);
    this.statusLine = $('.estimators-status');
    this.notesBox = $('.notes');
    this.legendBox = $('.legend');
    this.sections = {
      n: new SmallMultiples($('.estimators-n'), { height: 220, sync: 'estimators-n' }),
      d: new SmallMultiples($('.estimators-d'), { height: 220, sync: 'estimators-d' }),
      t: new SmallMultiples($('.estimators-t'), { height: 220, sync: 'estimators-t' }),
    };
    $('.estimators-dim').addEventListener('change', (event) => {
      this.d = Number(event.target.value);
      redraw();
    });
    $('.estimators-size').addEventListener('change', (event) => {
      this.n = Number(event.target.value);
      redraw();
    });
  }

  /** Starts the check in its worker, both requests one after the other; ends the worker after. */
  start() {
    if (this.started) return;
    this.started = true;
    this.setStatus('Running the estimator check in a worker (it takes seconds)…');
    const worker = new Worker(new URL('../worker/estimator-worker.js', import.meta.url), { type: 'module' });
    const requests = new Requests((message) => worker.postMessage(message));
    worker.onmessage = ({ data }) => requests.receive(data);
    worker.onerror = (event) => requests.drop({ error: event.message || 'the estimator worker failed' });
    const started = performance.now();
    const each = REQUESTS.map((r) => requests.send(ASK.estimators, { settings: r.settings }).then((reply) => {
      if (reply.error) throw new Error(reply.error);
      this.table.add(reply.value);
      this.redraw();
    }));
    Promise.all(each).then(
      () => this.setStatus(`Done: ${count(this.table.size)} estimates, computed by the core in ${((performance.now() - started) / 1000).toFixed(1)} s.`),
      (err) => this.setStatus(`The estimator check failed: ${err.message}`),
    ).finally(() => worker.terminate());
  }

  setStatus(text) {
    this.status = text;
    this.statusLine.textContent = text;
    this.redraw();
  }

  draw() {
    this.start();
    if (this.table.size === 0) return;
    renderLegend(this.legendBox, legend());
    this.sections.n.draw(sizeCharts(this.table, this.d));
    if (this.table.any('discrete', SWEEP_DIMS[0], SWEEP_N) && this.table.any('discrete', SWEEP_DIMS[1], SWEEP_N)) this.sections.d.draw(dimCharts(this.table));
    this.sections.t.draw(truthCharts(this.table, this.n));
    renderNotes(this.notesBox, notes(this.table, this.d));
  }

  caption() {
    return caption(this.table, this.d, this.status);
  }
}

const options = (values, chosen, word) => values.map((v) => `<option value="${v}"${v === chosen ? ' selected' : ''}>${word} = ${count(v)}</option>`).join('');

export const view = {
  title: 'Estimator check',
  wide: true,
  template: `
    <h2>Can this number be believed? The estimators on data whose answer is known</h2>
    <p class="hint">Two made-up channels whose I(X;T) is known, and every estimator of the lab run on samples of
      them by the core. Binned estimates: threshold, uniform (30 bins) and adaptive (30 bins) codes, plug-in solid,
      Miller–Madow dashed. KDE bounds: shaded between the upper (solid) and the lower (dashed) value. The dotted line
      is the truth.</p>
    <p class="hint estimators-status" aria-live="polite"></p>
    <div class="activity-controls">
      <label>Against N at <select class="estimators-dim" aria-label="Dimension d of the charts against N">${options(DIMS, DIMS[0], 'd')}</select></label>
      <label>Against the truth at <select class="estimators-size" aria-label="Sample size N of the charts against the truth">${options([100, 1000, 10000], SWEEP_N, 'N')}</select></label>
    </div>
    <div class="legend"></div>
    <h3 class="estimators-heading">Against the sample size N</h3>
    <div class="multiples estimators-n"></div>
    <h3 class="estimators-heading">Against the dimension d, at N = ${count(SWEEP_N)}</h3>
    <div class="multiples estimators-d"></div>
    <h3 class="estimators-heading">Estimate against truth</h3>
    <div class="multiples estimators-t"></div>
    <div class="notes"></div>`,
  needs: 'metrics',
  mount(panel, { redraw }) {
    const check = new EstimatorCheck(panel, redraw);
    return {
      draw: () => check.draw(),
      caption: () => check.caption(),
    };
  },
};

