// Figure 10: the bits each layer's code holds about Q, the brightest of the image's four
// quadrants (the coursework's W), I(T;Q), with its shuffled baseline, H(Q) and I(X;Q) (what the
// class alone tells) marked.

import { infoCurves } from './info-curves.js';
import { codeName, codeSymbol } from './layers.js';

export const view = {
  title: 'Information about the quadrant (Figure 10)',
  wide: true,
  template: `
    <h2>Information about the brightest quadrant, I(T;Q)</h2>
    <p class="hint">Solid: bits each layer's code holds about Q, the brightest of the image's four quadrants
      (the coursework's W). Faded, dashed: the shuffled baseline.</p>`,
  ...infoCurves({
    main: { field: 'i_t_q_bits', name: 'I(T;Q)', legend: 'I(T;Q): bits about the brightest quadrant' },
    companion: { field: 'i_t_q_shuffled_bits', name: 'shuffled', legend: 'the same with Q shuffled (nothing to find)' },
    title: (slot, runs) => `${codeName(slot, runs)}: I(${codeSymbol(slot)};Q)`,
    refs: (context) => (context.dataInfo
      ? [
        { value: context.dataInfo.h_q_bits, label: `H(Q) = ${context.dataInfo.h_q_bits.toFixed(2)} bits` },
        { value: context.dataInfo.i_x_q_bits, label: `I(X;Q) = ${context.dataInfo.i_x_q_bits.toFixed(2)}: what the class alone tells` },
      ]
      : []),
    kde: { upper: 'i_t_q_upper_bits', lower: 'i_t_q_lower_bits', name: 'I(T;Q)' },
    dpi: false,
    undersampled: 'so I(T;Q) comes out near H(Q) whatever the layer has learned, and the shuffled baseline is as high',
    intro: 'Mutual information I(T;Q) between each layer\'s code and the brightest quadrant Q of the image, with the shuffled baseline, in bits, against training step.',
  }),
};
