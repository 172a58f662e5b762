// One colour per run, shared by the charts and the run table.

const COLORS = ['#2563eb', '#dc2626', '#059669', '#9333ea', '#ea580c', '#0891b2', '#a16207', '#db2777'];

export function runColor(index) {
  return COLORS[index % COLORS.length];
}

/** The same colour, see-through (for the training-set series). */
export function fadedColor(hex, alpha = 0.5) {
  const channel = (i) => parseInt(hex.slice(i, i + 2), 16);
  return `rgba(${channel(1)}, ${channel(3)}, ${channel(5)}, ${alpha})`;
}
