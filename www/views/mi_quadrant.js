// Figure 10: the bits each layer's code holds about W, the brightest of the image's four
// quadrants, I(T;W), with its shuffled baseline, H(W) and I(X;W) (what the class alone tells)
// marked.

import { infoCurves } from './info-curves.js';
import { codeName, codeSymbol } from './layers.js';

export const view = {
  title: 'Information about the quadrant (Figure 10)',
  wide: true,
  template: `
    <h2>Information about the brightest quadrant, I(T;W)</h2>
    <p class="hint">Solid: bits each layer's code holds about W, the brightest of the image's four quadrants.
      Faded, dashed: the shuffled baseline.</p>`,
  ...infoCurves({
    main: { field: 'i_t_w_bits', name: 'I(T;W)', legend: 'I(T;W): bits about the brightest quadrant' },
    companion: { field: 'i_t_w_shuffled_bits', name: 'shuffled', legend: 'the same with W shuffled (nothing to find)' },
    title: (slot, runs) => `${codeName(slot, runs)}: I(${codeSymbol(slot)};W)`,
    refs: (context) => (context.dataInfo
      ? [
        { value: context.dataInfo.h_w_bits, label: `H(W) = ${context.dataInfo.h_w_bits.toFixed(2)} bits` },
        { value: context.dataInfo.i_x_w_bits, label: `I(X;W) = ${context.dataInfo.i_x_w_bits.toFixed(2)}: what the class alone tells` },
      ]
      : []),
    dpi: false,
    saturated: 'so I(T;W) comes out near H(W) whatever the layer has learned, and the shuffled baseline is as high',
    intro: 'Mutual information I(T;W) between each layer\'s code and the brightest quadrant W of the image, with the shuffled baseline, in bits, against training step.',
  }),
};
