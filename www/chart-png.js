// A chart as a PNG for a report: the plot uPlot drew (axes included) on a white background,
// with its title above and a legend below, at the screen's pixel density.

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

function seriesStyle(plot, i) {
  const s = plot.series[i];
  const stroke = typeof s.stroke === 'function' ? s.stroke(plot, i) : s.stroke;
  return { label: s.label, stroke, dash: s.dash ?? [], width: s.width ?? 1 };
}

/** Resolves to a PNG Blob of the chart. */
export function chartPng(plot, title) {
  const source = plot.ctx.canvas;
  const r = source.width / plot.width || 1; // device pixels per CSS pixel
  const pad = 16 * r;
  const titleHeight = 28 * r;
  const rowHeight = 20 * r;
  const sample = 26 * r;
  const gap = 18 * r;

  const measure = document.createElement('canvas').getContext('2d');
  measure.font = `${12 * r}px ${FONT}`;
  const entries = plot.series.slice(1).map((_, i) => seriesStyle(plot, i + 1));
  // Lay the legend out in rows as wide as the plot.
  const rows = [[]];
  let x = 0;
  for (const entry of entries) {
    const width = sample + 6 * r + measure.measureText(entry.label).width;
    if (x > 0 && x + width > source.width) {
      rows.push([]);
      x = 0;
    }
    rows.at(-1).push({ ...entry, x });
    x += width + gap;
  }

  const canvas = document.createElement('canvas');
  canvas.width = source.width + 2 * pad;
  canvas.height = pad + titleHeight + source.height + rows.length * rowHeight + pad;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1c2433';
  ctx.font = `600 ${15 * r}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(title, canvas.width / 2, pad + titleHeight / 2);
  ctx.drawImage(source, pad, pad + titleHeight);

  ctx.font = `${12 * r}px ${FONT}`;
  ctx.textAlign = 'left';
  rows.forEach((row, j) => {
    const y = pad + titleHeight + source.height + (j + 0.5) * rowHeight;
    for (const entry of row) {
      ctx.strokeStyle = entry.stroke;
      ctx.lineWidth = entry.width * r;
      ctx.setLineDash(entry.dash.map((d) => d * r));
      ctx.beginPath();
      ctx.moveTo(pad + entry.x, y);
      ctx.lineTo(pad + entry.x + sample, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#1c2433';
      ctx.fillText(entry.label, pad + entry.x + sample + 6 * r, y);
    }
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
}
