// Loads the brainlab WebAssembly core (wasm-bindgen, --target web) in this realm:
// the page, a worker or the benchmark each instantiate their own copy.

export async function loadCore() {
  try {
    const core = await import('../pkg/brainlab.js');
    await core.default(); // fetches brainlab_bg.wasm next to brainlab.js
    return core;
  } catch (err) {
    throw new Error(`Could not load the brainlab WebAssembly core (pkg/brainlab.js): ${err.message}`);
  }
}
