// Loads the brainlab WebAssembly core (wasm-bindgen, --target web) in this realm:
// the page, a worker or the benchmark each instantiate their own copy. `fast` loads the
// relaxed-SIMD build (pkg-fast/, app/fast-mode.js) instead of the bit-reproducible one (pkg/).

export async function loadCore(fast = false) {
  const dir = fast ? 'pkg-fast' : 'pkg';
  try {
    const core = await (fast ? import('../pkg-fast/brainlab.js') : import('../pkg/brainlab.js'));
    await core.default(); // fetches brainlab_bg.wasm next to brainlab.js
    return core;
  } catch (err) {
    throw new Error(`Could not load the brainlab WebAssembly core (${dir}/brainlab.js): ${err.message}`);
  }
}
