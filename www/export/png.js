// The one PNG exporter, for charts and whole views alike: a panel as a PNG for a report, its
// canvases (uPlot's plots among them), text (title, hint, legends, notes, labels) and coloured
// boxes (swatches, markers) painted into one image in the layout they have on screen, on the
// page's paper, at the screen's pixel density. The controls (buttons, menus, inputs) and text
// only screen readers get are left out: the picture is the figure, not the page.

import { theme } from '../charts/theme.js';

const SKIP = 'button, select, input, textarea, .activity-controls, .visually-hidden, [data-png-skip]';

const transparent = (color) => !color || color === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(color);

function shown(el, style) {
  return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) !== 0 && el.getClientRects().length > 0;
}

/** Whether a box is drawn as a circle (border-radius of half its size or more: rings, dots). */
function round(rect, style) {
  const radius = style.borderTopLeftRadius;
  const px = radius.endsWith('%') ? (parseFloat(radius) / 100) * rect.width : parseFloat(radius);
  return px >= Math.min(rect.width, rect.height) / 2 - 0.5;
}

function paintRound(ctx, x, y, rect, style) {
  const width = parseFloat(style.borderTopWidth) || 0;
  const inset = style.borderTopStyle === 'none' ? 0 : width / 2;
  ctx.beginPath();
  ctx.ellipse(x + rect.width / 2, y + rect.height / 2, Math.max(0, rect.width / 2 - inset), Math.max(0, rect.height / 2 - inset), 0, 0, 2 * Math.PI);
  if (!transparent(style.backgroundColor)) {
    ctx.fillStyle = style.backgroundColor;
    ctx.fill();
  }
  if (inset > 0 && !transparent(style.borderTopColor)) {
    ctx.strokeStyle = style.borderTopColor;
    ctx.lineWidth = width;
    ctx.stroke();
  }
}

/** Paints an element's background and borders (the boxes that carry colour: swatches, markers). */
function paintBox(ctx, rect, style, at) {
  if (rect.width === 0 || rect.height === 0) return;
  const { x, y } = at(rect.left, rect.top);
  if (round(rect, style)) {
    paintRound(ctx, x, y, rect, style);
    return;
  }
  if (!transparent(style.backgroundColor)) {
    ctx.fillStyle = style.backgroundColor;
    ctx.fillRect(x, y, rect.width, rect.height);
  }
  const sides = [
    ['Top', (w) => [x, y, rect.width, w]],
    ['Bottom', (w) => [x, y + rect.height - w, rect.width, w]],
    ['Left', (w) => [x, y, w, rect.height]],
    ['Right', (w) => [x + rect.width - w, y, w, rect.height]],
  ];
  for (const [side, box] of sides) {
    const width = parseFloat(style[`border${side}Width`]);
    const color = style[`border${side}Color`];
    if (!(width > 0) || transparent(color) || style[`border${side}Style`] === 'none') continue;
    ctx.fillStyle = color;
    ctx.fillRect(...box(width));
  }
}

/** Paints a text node line by line where the browser laid it out. */
function paintText(ctx, node, style, at) {
  const text = node.textContent;
  if (!text.trim()) return;
  ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  ctx.fillStyle = style.color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const range = document.createRange();
  const words = [...text.matchAll(/\S+/g)];
  let line = null;
  const flush = () => {
    if (line) ctx.fillText(line.words.join(' '), line.x, line.y);
    line = null;
  };
  for (const word of words) {
    range.setStart(node, word.index);
    range.setEnd(node, word.index + word[0].length);
    const rect = range.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const { x, y } = at(rect.left, rect.top + rect.height / 2);
    if (line && Math.abs(line.y - y) < 1) line.words.push(word[0]);
    else {
      flush();
      line = { x, y, words: [word[0]] };
    }
  }
  flush();
}

/** Paints everything under `el` in document order. */
function paintTree(ctx, el, at) {
  for (const child of el.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      paintText(ctx, child, getComputedStyle(el), at);
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE || child.matches(SKIP)) continue;
    const style = getComputedStyle(child);
    if (!shown(child, style)) continue;
    const rect = child.getBoundingClientRect();
    paintBox(ctx, rect, style, at);
    if (child instanceof HTMLCanvasElement) {
      if (child.width > 0 && child.height > 0 && rect.width > 0 && rect.height > 0) {
        const { x, y } = at(rect.left, rect.top);
        ctx.imageSmoothingEnabled = !['pixelated', 'crisp-edges'].includes(style.imageRendering);
        ctx.drawImage(child, x, y, rect.width, rect.height);
        ctx.imageSmoothingEnabled = true;
      }
      continue;
    }
    paintTree(ctx, child, at);
  }
}

/** Resolves to a PNG Blob of the panel as it shows now. */
export function panelPng(panel) {
  const r = window.devicePixelRatio || 1;
  const pad = 12;
  const box = panel.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil((box.width + 2 * pad) * r);
  canvas.height = Math.ceil((box.height + 2 * pad) * r);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = theme().paper;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(r, r);
  // Page coordinates to the image's (in CSS pixels; the scale makes them device pixels).
  const at = (left, top) => ({ x: left - box.left + pad, y: top - box.top + pad });
  paintTree(ctx, panel, at);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
}
