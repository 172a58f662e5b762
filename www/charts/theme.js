// Colours and fonts for what the page draws on canvases, read from style.css's custom
// properties (:root): the ink, the runs' colours (one per run, shared by the charts, the
// legends and the run table), the honesty marks, the step ramp and the font. Nothing else
// in JS names a colour.

let cached = null;

function read() {
  const style = getComputedStyle(document.documentElement);
  const get = (name) => style.getPropertyValue(name).trim();
  const list = (prefix) => {
    const values = [];
    for (let i = 1; get(`${prefix}${i}`); i += 1) values.push(get(`${prefix}${i}`));
    return values;
  };
  return {
    ink: get('--ink'),
    muted: get('--muted'),
    line: get('--line'),
    paper: get('--panel'),
    grid: get('--grid'),
    ring: get('--ring'),
    cross: get('--danger'),
    diagonal: get('--diagonal'),
    flip: get('--flip'),
    font: get('--font'),
    runs: list('--run-'),
    ramp: list('--ramp-'),
  };
}

/** The page's drawing colours and font (read once). */
export function theme() {
  cached ??= read();
  return cached;
}

/** `${size}px` (and a weight) in the page's font, for a canvas. */
export function font(size, weight = '') {
  return `${weight ? `${weight} ` : ''}${size}px ${theme().font}`;
}

export function runColor(index) {
  const { runs } = theme();
  return runs[index % runs.length];
}

/** [r, g, b] of a "#rrggbb" colour. */
export function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** The same colour, see-through (for the training-set series, baselines and bands). */
export function fadedColor(hex, alpha = 0.5) {
  const [r, g, b] = rgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** [r, g, b] of the step ramp (dark violet early, yellow late) at t in [0, 1]. */
export function rampRgb(t) {
  const stops = theme().ramp.map(rgb);
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i].map((c, k) => Math.round(c + (stops[i + 1][k] - c) * f));
}

export function rampColor(t) {
  const [r, g, b] = rampRgb(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** [r, g, b] between the paper (t = 0) and the ink (t = 1): a unit's activity as a shade. */
export function shadeRgb(t) {
  const [paper, ink] = [rgb(theme().paper), rgb(theme().ink)];
  const f = Math.min(1, Math.max(0, t));
  return paper.map((c, i) => Math.round(c + (ink[i] - c) * f));
}
