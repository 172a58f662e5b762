//! Four f32 lanes, the one vector width every target has: SSE2 on x86_64 (always present),
//! simd128 in wasm (enabled for the crate in .cargo/config.toml), plain arrays elsewhere.
//! Every operation is a lane-wise IEEE-754 operation (no fused multiply-add, no
//! reassociation), so a kernel written with these gives the same bits on every target.

#![allow(unused_unsafe, clippy::missing_safety_doc)]

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct F4(__m128);
    #[derive(Clone, Copy)]
    pub struct I4(__m128i);

    impl F4 {
        #[inline(always)]
        pub fn splat(v: f32) -> Self {
            unsafe { F4(_mm_set1_ps(v)) }
        }
        #[inline(always)]
        pub fn zero() -> Self {
            unsafe { F4(_mm_setzero_ps()) }
        }
        #[inline(always)]
        pub fn new(a: f32, b: f32, c: f32, d: f32) -> Self {
            unsafe { F4(_mm_setr_ps(a, b, c, d)) }
        }
        /// Loads 4 floats from `p` (no alignment needed).
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4(_mm_loadu_ps(p))
        }
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            _mm_storeu_ps(p, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            unsafe { F4(_mm_add_ps(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            unsafe { F4(_mm_sub_ps(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            unsafe { F4(_mm_mul_ps(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            unsafe { F4(_mm_div_ps(self.0, o.0)) }
        }
        /// self + a·b, rounded twice (a product, then a sum).
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            self.add(a.mul(b))
        }
        #[inline(always)]
        pub fn to_bits(self) -> I4 {
            unsafe { I4(_mm_castps_si128(self.0)) }
        }
        #[inline(always)]
        pub fn from_bits(i: I4) -> Self {
            unsafe { F4(_mm_castsi128_ps(i.0)) }
        }
        /// Truncation toward zero; only in-range values are ever used.
        #[inline(always)]
        pub fn trunc_to_i32(self) -> I4 {
            unsafe { I4(_mm_cvttps_epi32(self.0)) }
        }
        #[inline(always)]
        pub fn from_i32(i: I4) -> Self {
            unsafe { F4(_mm_cvtepi32_ps(i.0)) }
        }
        /// Columns of the 4×4 matrix whose rows are r0..r3.
        #[inline(always)]
        pub fn transpose(r0: Self, r1: Self, r2: Self, r3: Self) -> [Self; 4] {
            unsafe {
                let t0 = _mm_unpacklo_ps(r0.0, r1.0);
                let t1 = _mm_unpacklo_ps(r2.0, r3.0);
                let t2 = _mm_unpackhi_ps(r0.0, r1.0);
                let t3 = _mm_unpackhi_ps(r2.0, r3.0);
                [
                    F4(_mm_movelh_ps(t0, t1)),
                    F4(_mm_movehl_ps(t1, t0)),
                    F4(_mm_movelh_ps(t2, t3)),
                    F4(_mm_movehl_ps(t3, t2)),
                ]
            }
        }
    }

    impl I4 {
        #[inline(always)]
        pub fn splat(v: i32) -> Self {
            unsafe { I4(_mm_set1_epi32(v)) }
        }
        #[inline(always)]
        pub fn and(self, o: Self) -> Self {
            unsafe { I4(_mm_and_si128(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn xor(self, o: Self) -> Self {
            unsafe { I4(_mm_xor_si128(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            unsafe { I4(_mm_add_epi32(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            unsafe { I4(_mm_sub_epi32(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn shl<const N: i32>(self) -> Self {
            unsafe { I4(_mm_slli_epi32::<N>(self.0)) }
        }
        /// Logical shift right.
        #[inline(always)]
        pub fn shr<const N: i32>(self) -> Self {
            unsafe { I4(_mm_srli_epi32::<N>(self.0)) }
        }
        /// All ones where self > o (signed), else zero.
        #[inline(always)]
        pub fn gt(self, o: Self) -> Self {
            unsafe { I4(_mm_cmpgt_epi32(self.0, o.0)) }
        }
        /// Where `self` (a mask) is set, `a`, else `b`.
        #[inline(always)]
        pub fn select(self, a: Self, b: Self) -> Self {
            unsafe { I4(_mm_or_si128(_mm_and_si128(self.0, a.0), _mm_andnot_si128(self.0, b.0))) }
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F4(v128);
    #[derive(Clone, Copy)]
    pub struct I4(v128);

    impl F4 {
        #[inline(always)]
        pub fn splat(v: f32) -> Self {
            F4(f32x4_splat(v))
        }
        #[inline(always)]
        pub fn zero() -> Self {
            F4(f32x4_splat(0.0))
        }
        #[inline(always)]
        pub fn new(a: f32, b: f32, c: f32, d: f32) -> Self {
            F4(f32x4(a, b, c, d))
        }
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4(v128_load(p as *const v128))
        }
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            F4(f32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            F4(f32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            F4(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            F4(f32x4_div(self.0, o.0))
        }
        /// self + a·b, rounded twice (a product, then a sum). Only in a build with the
        /// relaxed-simd target feature (`bench/run.sh` makes one to measure it; the site and the
        /// tests never use it) it may be fused into one rounding, which changes the numbers.
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            #[cfg(target_feature = "relaxed-simd")]
            {
                F4(f32x4_relaxed_madd(a.0, b.0, self.0))
            }
            #[cfg(not(target_feature = "relaxed-simd"))]
            {
                self.add(a.mul(b))
            }
        }
        #[inline(always)]
        pub fn to_bits(self) -> I4 {
            I4(self.0)
        }
        #[inline(always)]
        pub fn from_bits(i: I4) -> Self {
            F4(i.0)
        }
        #[inline(always)]
        pub fn trunc_to_i32(self) -> I4 {
            I4(i32x4_trunc_sat_f32x4(self.0))
        }
        #[inline(always)]
        pub fn from_i32(i: I4) -> Self {
            F4(f32x4_convert_i32x4(i.0))
        }
        #[inline(always)]
        pub fn transpose(r0: Self, r1: Self, r2: Self, r3: Self) -> [Self; 4] {
            let t0 = i32x4_shuffle::<0, 4, 1, 5>(r0.0, r1.0);
            let t1 = i32x4_shuffle::<0, 4, 1, 5>(r2.0, r3.0);
            let t2 = i32x4_shuffle::<2, 6, 3, 7>(r0.0, r1.0);
            let t3 = i32x4_shuffle::<2, 6, 3, 7>(r2.0, r3.0);
            [
                F4(i32x4_shuffle::<0, 1, 4, 5>(t0, t1)),
                F4(i32x4_shuffle::<2, 3, 6, 7>(t0, t1)),
                F4(i32x4_shuffle::<0, 1, 4, 5>(t2, t3)),
                F4(i32x4_shuffle::<2, 3, 6, 7>(t2, t3)),
            ]
        }
    }

    impl I4 {
        #[inline(always)]
        pub fn splat(v: i32) -> Self {
            I4(i32x4_splat(v))
        }
        #[inline(always)]
        pub fn and(self, o: Self) -> Self {
            I4(v128_and(self.0, o.0))
        }
        #[inline(always)]
        pub fn xor(self, o: Self) -> Self {
            I4(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            I4(i32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            I4(i32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn shl<const N: i32>(self) -> Self {
            I4(i32x4_shl(self.0, N as u32))
        }
        #[inline(always)]
        pub fn shr<const N: i32>(self) -> Self {
            I4(u32x4_shr(self.0, N as u32))
        }
        #[inline(always)]
        pub fn gt(self, o: Self) -> Self {
            I4(i32x4_gt(self.0, o.0))
        }
        #[inline(always)]
        pub fn select(self, a: Self, b: Self) -> Self {
            I4(v128_bitselect(a.0, b.0, self.0))
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp {
    //! Plain lanes, for targets without the vector units above: the same arithmetic.

    #[derive(Clone, Copy)]
    pub struct F4([f32; 4]);
    #[derive(Clone, Copy)]
    pub struct I4([i32; 4]);

    fn map(a: F4, b: F4, f: impl Fn(f32, f32) -> f32) -> F4 {
        F4([f(a.0[0], b.0[0]), f(a.0[1], b.0[1]), f(a.0[2], b.0[2]), f(a.0[3], b.0[3])])
    }
    fn imap(a: I4, b: I4, f: impl Fn(i32, i32) -> i32) -> I4 {
        I4([f(a.0[0], b.0[0]), f(a.0[1], b.0[1]), f(a.0[2], b.0[2]), f(a.0[3], b.0[3])])
    }

    impl F4 {
        pub fn splat(v: f32) -> Self {
            F4([v; 4])
        }
        pub fn zero() -> Self {
            F4([0.0; 4])
        }
        pub fn new(a: f32, b: f32, c: f32, d: f32) -> Self {
            F4([a, b, c, d])
        }
        pub unsafe fn load(p: *const f32) -> Self {
            F4(core::ptr::read_unaligned(p as *const [f32; 4]))
        }
        pub unsafe fn store(self, p: *mut f32) {
            core::ptr::write_unaligned(p as *mut [f32; 4], self.0)
        }
        pub fn add(self, o: Self) -> Self {
            map(self, o, |a, b| a + b)
        }
        pub fn sub(self, o: Self) -> Self {
            map(self, o, |a, b| a - b)
        }
        pub fn mul(self, o: Self) -> Self {
            map(self, o, |a, b| a * b)
        }
        pub fn div(self, o: Self) -> Self {
            map(self, o, |a, b| a / b)
        }
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            self.add(a.mul(b))
        }
        pub fn to_bits(self) -> I4 {
            I4(self.0.map(|v| v.to_bits() as i32))
        }
        pub fn from_bits(i: I4) -> Self {
            F4(i.0.map(|v| f32::from_bits(v as u32)))
        }
        pub fn trunc_to_i32(self) -> I4 {
            I4(self.0.map(|v| v as i32))
        }
        pub fn from_i32(i: I4) -> Self {
            F4(i.0.map(|v| v as f32))
        }
        pub fn transpose(r0: Self, r1: Self, r2: Self, r3: Self) -> [Self; 4] {
            let r = [r0.0, r1.0, r2.0, r3.0];
            core::array::from_fn(|c| F4([r[0][c], r[1][c], r[2][c], r[3][c]]))
        }
    }

    impl I4 {
        pub fn splat(v: i32) -> Self {
            I4([v; 4])
        }
        pub fn and(self, o: Self) -> Self {
            imap(self, o, |a, b| a & b)
        }
        pub fn xor(self, o: Self) -> Self {
            imap(self, o, |a, b| a ^ b)
        }
        pub fn add(self, o: Self) -> Self {
            imap(self, o, i32::wrapping_add)
        }
        pub fn sub(self, o: Self) -> Self {
            imap(self, o, i32::wrapping_sub)
        }
        pub fn shl<const N: i32>(self) -> Self {
            I4(self.0.map(|v| v << N))
        }
        pub fn shr<const N: i32>(self) -> Self {
            I4(self.0.map(|v| ((v as u32) >> N) as i32))
        }
        pub fn gt(self, o: Self) -> Self {
            imap(self, o, |a, b| if a > b { -1 } else { 0 })
        }
        pub fn select(self, a: Self, b: Self) -> Self {
            I4([0, 1, 2, 3].map(|l| (self.0[l] & a.0[l]) | (!self.0[l] & b.0[l])))
        }
    }
}

pub use imp::{F4, I4};
