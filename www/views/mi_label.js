// Figure 9: the bits of the class X in each layer's code, I(X;T), with the same estimate on
// shuffled labels (where there is nothing to find) and H(X) marked; red crosses where the
// data-processing check between two layers fails.

import { MEANS_NOTHING, infoCurves } from './info-curves.js';
import { codeName, codeSymbol } from './layers.js';

export const view = {
  title: 'Information about the class (Figure 9)',
  wide: true,
  template: `
    <h2>Information about the class, I(X;T)</h2>
    <p class="hint">Solid: bits of the class in each layer's code. Faded, dashed: the same estimate with the
      labels shuffled, where there is nothing to find; only the gap above it is learned.</p>`,
  ...infoCurves({
    main: { field: 'i_x_t_bits', name: 'I(X;T)', legend: 'I(X;T): bits about the class' },
    companion: { field: 'i_x_t_shuffled_bits', name: 'shuffled', legend: 'the same with the labels shuffled (nothing to find)' },
    title: (slot, runs) => `${codeName(slot, runs)}: I(X;${codeSymbol(slot)})`,
    refs: (context) => (context.dataInfo ? [{ value: context.dataInfo.h_x_bits, label: `H(X) = ${context.dataInfo.h_x_bits.toFixed(2)} bits` }] : []),
    kde: { upper: 'i_x_t_upper_bits', lower: 'i_x_t_lower_bits', name: 'I(X;T)' },
    dpi: true,
    undersampled: MEANS_NOTHING,
    intro: 'Mutual information I(X;T) between the class and each layer\'s code, with the shuffled-label baseline, in bits, against training step.',
  }),
};
