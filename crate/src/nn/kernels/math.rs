//! The exponential and the sigmoid on four lanes at once, bit for bit the results of
//! `libm::expf` (libm 0.2's port of FreeBSD's e_expf.c) and of `1 / (1 + libm::expf(-z))`:
//! the same operations in the same order, every branch of the scalar code computed and the
//! lane's own branch selected. Tests compare it with libm over millions of inputs.

// The constants are written with every digit the reference gives, so they round to its bits.
#![allow(clippy::excessive_precision)]

use super::simd::{F4, I4};

const LN2_HI: f32 = 6.9314575195e-01; // 0x3f317200
const LN2_LO: f32 = 1.4286067653e-06; // 0x35bfbe8e
const INV_LN2: f32 = 1.4426950216e+00; // 0x3fb8aa3b
const P1: f32 = 1.6666625440e-1; // 0xaaaa8f.0p-26
const P2: f32 = -2.7667332906e-3; // -0xb55215.0p-32

/// e^x on each lane, exactly as `libm::expf`.
#[inline(always)]
pub fn expf4(x: F4) -> F4 {
    let bits = x.to_bits();
    let negative = I4::splat(0).gt(bits); // all ones where the sign bit is set
    let sign = bits.shr::<31>(); // 0 or 1
    let hx = bits.and(I4::splat(0x7fff_ffff));

    // Argument reduction: k = round(x / ln2), x = hi − lo.
    let beyond_1_5_ln2 = hx.gt(I4::splat(0x3f85_1592));
    let beyond_0_5_ln2 = hx.gt(I4::splat(0x3eb1_7218));
    let half = F4::from_bits(I4::splat(0x3f00_0000).add(sign.shl::<31>())); // ±0.5
    let k_far = F4::splat(INV_LN2).mul(x).add(half).trunc_to_i32();
    let k_near = I4::splat(1).sub(sign).sub(sign);
    let k = beyond_1_5_ln2.select(k_far, beyond_0_5_ln2.select(k_near, I4::splat(0)));
    // With k = 0 these give hi = x, lo = +0, r = x: the scalar code's |x| ≤ 0.5 ln2 branch.
    let kf = F4::from_i32(k);
    let hi = x.sub(kf.mul(F4::splat(LN2_HI)));
    let lo = kf.mul(F4::splat(LN2_LO));
    let r = hi.sub(lo);

    // The polynomial on the primary range.
    let rr = r.mul(r);
    let c = r.sub(rr.mul(F4::splat(P1).add(rr.mul(F4::splat(P2)))));
    let y = F4::splat(1.0).add(r.mul(c).div(F4::splat(2.0).sub(c)).sub(lo).add(hi));

    // scalbnf(y, k): k ≤ 128 and k ≥ −150 here, so at most one pre-scaling step each way.
    let above = k.gt(I4::splat(127));
    let below = I4::splat(-126).gt(k);
    let y = y.mul(F4::from_bits(above.select(I4::splat(0x7f00_0000), I4::splat(0x3f80_0000)))); // ×2^127 or ×1
    let y = y.mul(F4::from_bits(below.select(I4::splat(0x0c80_0000), I4::splat(0x3f80_0000)))); // ×2^−102 or ×1
    let n = above.select(k.sub(I4::splat(127)), below.select(k.add(I4::splat(102)), k));
    let normal = y.mul(F4::from_bits(n.add(I4::splat(127)).shl::<23>()));

    // The special cases, in the scalar code's order of precedence (last wins here).
    let tiny = I4::splat(0x3900_0001).gt(hx); // |x| ≤ 2^−14: 1 + x
    let result = tiny.select(F4::splat(1.0).add(x).to_bits(), normal.to_bits());
    let underflow = negative.and(hx.gt(I4::splat(0x42cf_f1b4))); // x ≤ −103.972084: 0
    let result = underflow.select(I4::splat(0), result);
    let overflow = negative.xor(I4::splat(-1)).and(hx.gt(I4::splat(0x42b1_7217))); // x ≥ 88.722839
    let result = overflow.select(x.mul(F4::from_bits(I4::splat(0x7f00_0000))).to_bits(), result);
    let nan = hx.gt(I4::splat(0x7f80_0000));
    F4::from_bits(nan.select(bits, result))
}

/// σ(z) = 1 / (1 + e^−z) on each lane, exactly as the scalar `1.0 / (1.0 + libm::expf(-z))`.
#[inline(always)]
pub fn sigmoid4(z: F4) -> F4 {
    let minus_z = F4::from_bits(z.to_bits().xor(I4::splat(i32::MIN)));
    let one = F4::splat(1.0);
    one.div(one.add(expf4(minus_z)))
}

/// The scalar sigmoid, for tails.
#[inline(always)]
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + libm::expf(-z))
}

/// h = σ(z) in place.
pub fn sigmoid_in_place(z: &mut [f32]) {
    let mut chunks = z.chunks_exact_mut(4);
    for c in &mut chunks {
        // SAFETY: c has exactly 4 elements.
        unsafe { sigmoid4(F4::load(c.as_ptr())).store(c.as_mut_ptr()) };
    }
    chunks.into_remainder().iter_mut().for_each(|v| *v = sigmoid(*v));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expf_lanes(x: [f32; 4]) -> [f32; 4] {
        let mut out = [0.0; 4];
        unsafe { expf4(F4::load(x.as_ptr())).store(out.as_mut_ptr()) };
        out
    }

    fn check(values: &[f32]) {
        for chunk in values.chunks_exact(4) {
            let got = expf_lanes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            for (x, g) in chunk.iter().zip(got) {
                let want = libm::expf(*x);
                assert!(
                    g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan()),
                    "expf({x:e} = {:#x}): {g:e} ({:#x}) vs libm {want:e} ({:#x})",
                    x.to_bits(),
                    g.to_bits(),
                    want.to_bits()
                );
            }
        }
    }

    #[test]
    fn expf_matches_libm_on_special_and_boundary_values() {
        let mut v = vec![
            0.0, -0.0, 1.0, -1.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, -f32::NAN, f32::MIN_POSITIVE,
            -f32::MIN_POSITIVE, 1e-45, -1e-45, f32::MAX, f32::MIN, 88.72283, 88.72284, -87.33655, -103.97208,
            -103.972084, -104.0, 0.34657359, -0.34657359, 1.0397208, -1.0397208,
        ];
        // Every threshold of the scalar code, and its neighbours.
        for t in [0x42aeac50u32, 0x42b17218, 0x42cff1b5, 0x3eb17218, 0x3f851592, 0x39000000, 0x7f800000] {
            for d in -3i32..=3 {
                let b = (t as i32 + d) as u32;
                v.push(f32::from_bits(b));
                v.push(f32::from_bits(b | 0x8000_0000));
            }
        }
        while v.len() % 4 != 0 {
            v.push(0.5);
        }
        check(&v);
    }

    #[test]
    fn expf_matches_libm_on_millions_of_inputs() {
        // Every 61st bit pattern in the range that matters (|x| < 128), both signs.
        let mut v = Vec::with_capacity(1 << 20);
        let mut b = 0u32;
        while b < 0x4300_0000 {
            v.push(f32::from_bits(b));
            v.push(f32::from_bits(b | 0x8000_0000));
            if v.len() == 1 << 20 {
                check(&v);
                v.clear();
            }
            b += 61;
        }
        check(&v[..v.len() / 4 * 4]);
    }

    #[test]
    fn sigmoid_in_place_matches_the_scalar_formula() {
        let mut z: Vec<f32> = (0..4001).map(|i| (i as f32 - 2000.0) * 0.0537).collect();
        z.extend([f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0, 1e4, -1e4, 87.5, -87.5, -88.8, 103.0, -104.0]);
        let want: Vec<f32> = z.iter().map(|&v| sigmoid(v)).collect();
        for len in [0, 1, 3, 4, 5, z.len()] {
            let mut got = z[..len].to_vec();
            sigmoid_in_place(&mut got);
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.to_bits(), w.to_bits());
            }
        }
    }
}
