// Fast mode, opt-in: the runs train on the relaxed-SIMD build of the core (pkg-fast/, built by
// `make site` with +relaxed-simd), whose kernels use the fused multiply-add where the CPU has
// one. It is faster (bench/results/latest.md) but not bit-reproducible: the last bits of a run
// depend on the browser and the CPU. The default stays the deterministic build (pkg/).

export const FAST_LABEL = 'fast (results may differ in the last bits between browsers)';

// The smallest module that uses a relaxed-SIMD instruction (i8x16.relaxed_swizzle): a browser
// that validates it can run pkg-fast/.
const PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11]);

/** Whether this browser runs relaxed SIMD. */
export function fastSupported() {
  try {
    return WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/** A link that asks for fast mode where this browser cannot run it: the default build, and a notice. */
export function refuseUnsupportedFast(session, canFast) {
  if (!session.state.fast || canFast) return;
  session.setFast(false);
  session.notify('This link asks for fast mode, but this browser has no relaxed SIMD: the runs use the default, bit-reproducible build.');
}
