// A colour ramp for training steps (dark violet early, yellow late: viridis' stops), so that a
// trajectory's points show when each was measured.

const STOPS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'].map((hex) =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)),
);

/** The ramp's colour at t in [0, 1] as [r, g, b]. */
export function rampRgb(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return STOPS[i].map((c, k) => Math.round(c + (STOPS[i + 1][k] - c) * f));
}

export function rampColor(t) {
  const [r, g, b] = rampRgb(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** A horizontal bar of the ramp, for a legend. */
export function rampBar(width = 120, height = 10) {
  const canvas = document.createElement('canvas');
  const r = devicePixelRatio || 1;
  canvas.width = width * r;
  canvas.height = height * r;
  canvas.className = 'ramp-bar';
  const ctx = canvas.getContext('2d');
  for (let x = 0; x < canvas.width; x += 1) {
    ctx.fillStyle = rampColor(x / (canvas.width - 1));
    ctx.fillRect(x, 0, 1, canvas.height);
  }
  return canvas;
}
