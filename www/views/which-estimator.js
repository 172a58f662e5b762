// Which estimator a run's information numbers come from, in words, and the runs grouped by it:
// the information charts and the plane name it, and never overlay runs measured differently
// (issue 16). The estimator is the run's config: binning, bins (uniform, adaptive),
// bias_correction (plug-in or Miller–Madow) and, under binning kde, the KDE bounds' σ²
// (kde_noise_var, kde_adaptive) and sample (the first kde_samples test images). Under kde the
// binned numbers (metrics.info) come from the threshold codes and the bounds from metrics.kde.

/** The fields that make up the estimator, as one key: runs with equal keys are comparable. */
function estimatorFields(config = {}) {
  const binning = config.binning ?? 'threshold';
  return {
    binning,
    bins: binning === 'uniform' || binning === 'adaptive' ? config.bins : null,
    bias_correction: Boolean(config.bias_correction),
    ...(binning === 'kde' && { kde_noise_var: config.kde_noise_var, kde_adaptive: Boolean(config.kde_adaptive), kde_samples: config.kde_samples }),
  };
}

export const isKde = (run) => run.config?.binning === 'kde';

/** The binned estimate's words: "threshold codes, plug-in", "30 uniform bins per unit, Miller–Madow". */
function binnedWords(f) {
  const correction = f.bias_correction ? 'Miller–Madow' : 'plug-in';
  if (f.binning === 'uniform') return `${f.bins} uniform bins per unit, ${correction}`;
  if (f.binning === 'adaptive') return `${f.bins} adaptive (equal-mass) bins per unit, ${correction}`;
  return `threshold codes (a bit per unit), ${correction}`;
}

/** The KDE bounds' words: "KDE bounds, σ² = 0.1, first 500 test images". */
function kdeWords(f) {
  const noise = f.kde_adaptive ? `σ² = ${f.kde_noise_var} × (layer range / 2)²` : `σ² = ${f.kde_noise_var}`;
  return `KDE bounds (Kolchinsky–Tracey), ${noise}, first ${f.kde_samples} test images`;
}

/** { key, words, short, kde } of a run's estimator. */
export function estimatorOf(run) {
  const f = estimatorFields(run.config);
  const kde = f.binning === 'kde';
  return {
    key: JSON.stringify(f),
    kde,
    words: kde ? `${kdeWords(f)}; binned: ${binnedWords(f)}` : binnedWords(f),
    short: kde ? `KDE σ²=${f.kde_noise_var}${f.kde_adaptive ? ' adaptive' : ''}, N=${f.kde_samples}` : binnedWords(f).replace(' (a bit per unit)', '').replace(' per unit', ''),
  };
}

/** The runs grouped by estimator, in the runs' order: [{ key, words, short, kde, runs }]. */
export function estimatorGroups(runs) {
  const groups = [];
  for (const run of runs) {
    const e = estimatorOf(run);
    const group = groups.find((g) => g.key === e.key);
    if (group) group.runs.push(run);
    else groups.push({ ...e, runs: [run] });
  }
  return groups;
}

/** The note naming the estimator, or saying that the runs differ and how they are kept apart. */
export function estimatorNote(groups, apart) {
  if (groups.length === 0) return null;
  if (groups.length === 1) return { tone: '', text: `Estimator: ${groups[0].words}${groups[0].runs.length > 1 ? ', the same for every run' : ''}.` };
  const list = groups.map((g) => `${g.runs.map((r) => r.label).join(', ')}: ${g.words}`).join('; ');
  return { tone: 'warn', text: `These runs were measured with different estimators, whose numbers cannot be compared, so ${apart}. ${list}.` };
}

/** What a switch of the estimator does to the charts, said under them. */
export function switchNote(anyKde) {
  return {
    tone: '',
    text: anyKde
      ? 'Under binning kde every evaluation stores both the KDE bounds and the threshold codes\' numbers: the choice above re-draws at once from the stored evaluations. Another binning, bin count, bias correction or σ² changes the runs\' settings: the runs are rebuilt and the charts fill again from the next evaluation.'
      : 'Another binning, bin count, bias correction or σ² (binning kde) changes the runs\' settings: the runs are rebuilt and the charts fill again from the next evaluation; nothing is re-estimated from old evaluations.',
  };
}

/** The choice of what a view draws for KDE runs: the bounds, the threshold codes, or both. */
export const KDE_SHOWS = [
  { value: 'both', label: 'KDE bounds and threshold codes' },
  { value: 'kde', label: 'KDE bounds only' },
  { value: 'codes', label: 'threshold codes only' },
];

/** A labelled select of KDE_SHOWS (shown only while some run has binning kde). */
export function kdeChoice(onChange) {
  const label = document.createElement('label');
  label.className = 'kde-choice activity-controls';
  label.append('Draw for binning kde: ');
  const select = document.createElement('select');
  select.setAttribute('aria-label', 'What the charts draw for runs with binning kde');
  for (const { value, label: text } of KDE_SHOWS) select.append(new Option(text, value));
  select.addEventListener('change', () => onChange(select.value));
  label.append(select);
  label.hidden = true;
  return { element: label, get value() { return select.value; } };
}
