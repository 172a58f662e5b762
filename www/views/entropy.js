// Figure 8: how uncertain each layer's code T stays once the class X is known, H(T|X), beside
// the entropy H(T) of the code itself, on the test set; one chart per layer, log2 N marked.

import { infoCurves, log2N } from './info-curves.js';
import { codeName, codeSymbol } from './layers.js';

export const view = {
  title: 'Entropy (Figure 8)',
  wide: true,
  template: `
    <h2>Conditional entropy H(T|X) per layer</h2>
    <p class="hint">How uncertain a layer's code T stays once the class X is known, beside the entropy
      H(T) of the code itself, on the test set.</p>`,
  ...infoCurves({
    main: { field: 'h_t_given_x_bits', name: 'H(T|X)', legend: 'H(T|X): what is left of the code once the class is known' },
    companion: { field: 'h_t_bits', name: 'H(T)', legend: 'H(T): entropy of the code' },
    title: (slot, runs) => `${codeName(slot, runs)}: H(${codeSymbol(slot)}|X) and H(${codeSymbol(slot)})`,
    refs: log2N,
    kde: { upper: 'i_input_t_upper_bits', lower: 'i_input_t_lower_bits', name: 'I(input;T)' },
    dpi: false,
    undersampled: 'so H(T) counts the test images rather than measuring the layer, and H(T|X) is what is left of that count',
    intro: 'Conditional entropy H(T|X) of each layer\'s code given the class, with H(T), in bits, against training step.',
  }),
};
