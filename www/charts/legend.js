// Legends, shared by every chart: runs by colour (a swatch, or a line sample), and series
// styles by their look (a dashed or faded line, a layer's marker, the step ramp, the ring of an
// undersampled code), drawn as small canvases in the page's colours.
//
//   legend = { runs: [{ label, color, note?, line?, dash? }],
//              styles: [{ label, dash?, faded?, width?, marker?, ramp?: [from, to], ring? }] }

import { fadedColor, rampColor, theme } from './theme.js';
import { el } from '../ui/dom.js';

/** A canvas of `width` × `height` CSS pixels at the screen's density, and its scaled context. */
function sampleCanvas(className, width, height) {
  const canvas = el('canvas', className);
  const r = devicePixelRatio || 1;
  canvas.width = width * r;
  canvas.height = height * r;
  const ctx = canvas.getContext('2d');
  ctx.scale(r, r);
  return { canvas, ctx };
}

/** A short line in a colour and dash, as the legend's sample of a series style. */
export function lineSample(color, dash = [], width = 2) {
  const { canvas, ctx } = sampleCanvas('line-sample', 28, 10);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(0, 5);
  ctx.lineTo(28, 5);
  ctx.stroke();
  return canvas;
}

/** Traces a layer's marker: circle (first hidden layer), triangle, diamond, square (output). */
export function marker(ctx, shape, x, y, size) {
  ctx.beginPath();
  if (shape === 'out') {
    ctx.rect(x - size * 0.85, y - size * 0.85, size * 1.7, size * 1.7);
  } else if (shape === 'h2') {
    ctx.moveTo(x, y - size * 1.1);
    ctx.lineTo(x + size, y + size * 0.75);
    ctx.lineTo(x - size, y + size * 0.75);
    ctx.closePath();
  } else if (shape === 'h3') {
    ctx.moveTo(x, y - size * 1.15);
    ctx.lineTo(x + size * 1.15, y);
    ctx.lineTo(x, y + size * 1.15);
    ctx.lineTo(x - size * 1.15, y);
    ctx.closePath();
  } else {
    ctx.arc(x, y, size, 0, 2 * Math.PI);
  }
}

function markerSample(shape) {
  const { canvas, ctx } = sampleCanvas('marker-sample', 14, 14);
  ctx.fillStyle = theme().paper;
  ctx.strokeStyle = theme().ink;
  ctx.lineWidth = 1.5;
  marker(ctx, shape, 7, 7, 4.5);
  ctx.fill();
  ctx.stroke();
  return canvas;
}

/** A horizontal bar of the step ramp. */
function rampBar(width = 120, height = 10) {
  const { canvas, ctx } = sampleCanvas('ramp-bar', width, height);
  ctx.setTransform(1, 0, 0, 1, 0, 0); // one column per device pixel
  for (let x = 0; x < canvas.width; x += 1) {
    ctx.fillStyle = rampColor(x / (canvas.width - 1));
    ctx.fillRect(x, 0, 1, canvas.height);
  }
  return canvas;
}

function runItem(run) {
  const item = el('span', 'legend-run');
  item.dataset.run = run.label;
  if (run.line) item.append(lineSample(run.color, run.dash));
  else {
    const swatch = el('span', 'swatch');
    swatch.style.background = run.color;
    item.append(swatch);
  }
  item.append(el('span', 'legend-label', run.label));
  if (run.note) item.append(el('span', 'legend-note', ` (${run.note})`));
  return item;
}

function styleItem(style) {
  const { ink } = theme();
  if (style.ramp) {
    const item = el('span', 'legend-style legend-ramp');
    item.append(el('span', 'legend-label', style.ramp[0]), rampBar(), el('span', 'legend-label', style.ramp[1]));
    return item;
  }
  const item = el('span', 'legend-style');
  let sample;
  if (style.marker) sample = markerSample(style.marker);
  else if (style.ring) sample = el('span', 'ring-sample');
  else sample = lineSample(style.faded ? fadedColor(ink, 0.45) : ink, style.dash, style.width ?? 2);
  item.append(sample, el('span', 'legend-label', style.label));
  return item;
}

const shown = new WeakMap(); // legend box -> the legend it shows, as JSON

/** Fills `box` with the legend, unless it shows this legend already. */
export function renderLegend(box, legend) {
  const key = JSON.stringify(legend);
  if (!box || shown.get(box) === key) return;
  shown.set(box, key);
  box.replaceChildren(...legend.runs.map(runItem), ...legend.styles.map(styleItem));
}
