//! Dense matrix kernels on row-major `f32` matrices (ndarray views in standard layout, run on
//! their contiguous slices), written with explicit 4-lane vectors
//! (`simd.rs`: SSE2 natively, simd128 in wasm) so that every target does the same
//! floating-point operations in the same order and gets the same bits.
//!
//! The products keep the order of a plain loop: each output element is summed term by term in
//! increasing index order, starting from zero, with no fused multiply-add, so results match
//! the straightforward scalar code exactly (`cases.rs` checks this bit for bit). Zero
//! coefficients are skipped: most Fashion-MNIST pixels, and in the coursework convention most
//! saturated sigmoid units, are exactly 0. Skipping them changes no result (a zero term adds
//! nothing to a sum that starts at +0).
//!
//! Speed comes from register blocking and gathering: the nonzero coefficients of a row (or a
//! column) are gathered once into a small stack buffer, then a block of up to 40 output columns
//! is held in ten vector registers while every gathered term is added in, so each output is
//! loaded and stored once per row instead of once per term.

mod elementwise;
mod math;
mod shape;
mod simd;

pub use math::sigmoid_in_place;

use ndarray::{ArrayView2, ArrayViewMut2};
pub use elementwise::{zip_combine, zip_fold, zip_update};
pub(crate) use shape::{operand, operand_mut};
use shape::require;

use simd::F4;

/// Vectors (of 4 columns) of C held in registers by the widest block. Natively 10 (40 columns,
/// so the 120-unit layer is 3 blocks): LLVM interleaves loads and arithmetic, and 10
/// accumulators, the coefficient and a loaded vector fit x86-64's 16 vector registers. In wasm
/// 6: V8 issues a block's loads together, so it needs 2·V + 1 registers of the 15 it has, and
/// spills above that. The width changes no result: lanes are independent.
const WIDE: usize = if cfg!(target_arch = "wasm32") { 6 } else { 10 };

/// Floats of B per tile in [`matmul`] (24 KB, for the L1 cache).
const TILE_FLOATS: usize = 6144;

/// Floats of A per group of rows in [`matmul`] (256 KB, for the L2 cache).
const GROUP_FLOATS: usize = 65536;

/// The most nonzero coefficients gathered at a time (longer rows are done in pieces, in order).
const GATHER: usize = 1024;

/// The nonzero coefficients of a strided run of a slice, with the offsets (position × the row
/// length of the matrix they multiply) of the rows they scale.
struct Gathered {
    idx: [u32; GATHER],
    val: [f32; GATHER],
}

impl Gathered {
    fn new() -> Self {
        Self { idx: [0; GATHER], val: [0.0; GATHER] }
    }

    /// Gathers the nonzero values `src[q·stride]` for q = from, from+1, … < to (at most GATHER
    /// of them), each with the offset q·n; returns how many, and the q where it stopped. NaNs
    /// count as nonzero.
    #[inline(always)]
    fn gather(&mut self, src: &[f32], stride: usize, from: usize, to: usize, n: usize) -> (usize, usize) {
        let mut count = 0;
        let mut q = from;
        while q < to && count < GATHER {
            let v = src[q * stride];
            // Branch-free: always write, advance only past a nonzero.
            self.idx[count] = (q * n) as u32;
            self.val[count] = v;
            count += usize::from(v != 0.0);
            q += 1;
        }
        (count, q)
    }
}

/// c_row[j] = (fresh ? 0 : c_row[j]) + Σ_e val[e]·b[idx[e] + j], terms added in order e, for
/// every j < n. Every idx[e] must be the offset of a row of `b` (b.len() ≥ idx[e] + n).
#[inline(always)]
fn add_rows(val: &[f32], idx: &[u32], b: &[f32], n: usize, c_row: &mut [f32], fresh: bool) {
    assert!(c_row.len() >= n && val.len() == idx.len());
    debug_assert!(idx.iter().all(|&o| o as usize + n <= b.len()));
    let mut j = 0;
    // SAFETY: a block at column j with V vectors and a partial one of `tail` columns reads
    // b[idx + j .. idx + j + 4·V + tail] (and 4 - tail more only where b has them) and
    // c_row[j .. j + 4·V + tail], with j + 4·V + tail ≤ n and idx a row of b (the callers
    // check their shapes).
    unsafe {
        let (bp, cp) = (b.as_ptr(), c_row.as_mut_ptr());
        while j + 4 * WIDE <= n {
            add_rows_block::<WIDE, false>(val, idx, bp.add(j), b.len() - j, cp.add(j), 0, fresh);
            j += 4 * WIDE;
        }
        // The rest in one block of just the right width, the last 1 to 3 columns in a partial
        // vector (the same lane arithmetic: its extra lanes are computed and thrown away).
        let (rest, tail) = ((n - j) / 4, (n - j) % 4);
        let (bp, cp, len) = (bp.add(j), cp.add(j), b.len() - j);
        macro_rules! dispatch {
            ($($v:literal)*) => {
                match (rest, tail > 0) {
                    $(
                        ($v, false) => add_rows_block::<$v, false>(val, idx, bp, len, cp, 0, fresh),
                        ($v, true) => add_rows_block::<$v, true>(val, idx, bp, len, cp, tail, fresh),
                    )*
                    _ => unreachable!("WIDE is at most 10"),
                }
            };
        }
        dispatch!(0 1 2 3 4 5 6 7 8 9);
    }
}

/// One block of 4·V output columns held in V vector registers, and with `PARTIAL` a vector of
/// `tail` (1 to 3) more. `b` points at column 0 of the block in row 0, with `len` floats
/// readable from there; `c` at the block's first output.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn add_rows_block<const V: usize, const PARTIAL: bool>(
    val: &[f32],
    idx: &[u32],
    b: *const f32,
    len: usize,
    c: *mut f32,
    tail: usize,
    fresh: bool,
) {
    let mut acc = [F4::zero(); V];
    let mut last = F4::zero();
    if !fresh {
        for (v, a) in acc.iter_mut().enumerate() {
            *a = F4::load(c.add(4 * v));
        }
        if PARTIAL {
            last = load_partial(c.add(4 * V), tail);
        }
    }
    // Rows whose partial vector can be read whole: those ending at least 4 floats before the end.
    let whole_until = len.saturating_sub(4 * V + 4);
    for e in 0..val.len() {
        let coef = F4::splat(*val.get_unchecked(e));
        let offset = *idx.get_unchecked(e) as usize;
        let row = b.add(offset);
        for (v, a) in acc.iter_mut().enumerate() {
            *a = a.mul_add(coef, F4::load(row.add(4 * v)));
        }
        if PARTIAL {
            let x = if offset <= whole_until && len >= 4 * V + 4 {
                F4::load(row.add(4 * V))
            } else {
                load_partial(row.add(4 * V), tail)
            };
            last = last.mul_add(coef, x);
        }
    }
    for (v, a) in acc.iter().enumerate() {
        a.store(c.add(4 * v));
    }
    if PARTIAL {
        let mut out = [0.0f32; 4];
        last.store(out.as_mut_ptr());
        core::ptr::copy_nonoverlapping(out.as_ptr(), c.add(4 * V), tail);
    }
}

/// The `count` (< 4) floats at `p`, and zeros.
#[inline(always)]
unsafe fn load_partial(p: *const f32, count: usize) -> F4 {
    let mut t = [0.0f32; 4];
    core::ptr::copy_nonoverlapping(p, t.as_mut_ptr(), count);
    F4::load(t.as_ptr())
}

/// C = A·B, with A m×k, B k×n, C m×n (overwritten).
///
/// B is taken in tiles of rows small enough to stay in the L1 cache (about 24 KB) while every
/// row of a group of A's rows (about 256 KB, in L2) adds its terms from that tile; the tiles
/// are taken in order, so each output is still summed in increasing p.
pub fn matmul(a: ArrayView2<f32>, b: ArrayView2<f32>, c: ArrayViewMut2<f32>) {
    let ((m, k), (k_b, n), c_dim) = (a.dim(), b.dim(), c.dim());
    require("matmul", k == k_b && c_dim == (m, n), &[("A", a.dim()), ("B", b.dim()), ("C", c_dim)], "A m×k, B k×n, C m×n");
    let (a, b, c) = (operand("matmul", "A", a), operand("matmul", "B", b), operand_mut("matmul", "C", c));
    assert!(k * n <= u32::MAX as usize, "matmul: B too large");
    if k == 0 {
        c.fill(0.0);
        return;
    }
    let tile = (TILE_FLOATS / n.max(1)).clamp(16, GATHER);
    // Rows of A in groups that stay in the L2 cache while every tile of B passes over them.
    let group = (GROUP_FLOATS / k).max(1);
    let mut g = Gathered::new();
    for first in (0..m).step_by(group) {
        let rows = first..(first + group).min(m);
        for from in (0..k).step_by(tile) {
            let to = (from + tile).min(k);
            for i in rows.clone() {
                let (count, _) = g.gather(&a[i * k..(i + 1) * k], 1, from, to, n);
                add_rows(&g.val[..count], &g.idx[..count], b, n, &mut c[i * n..(i + 1) * n], from == 0);
            }
        }
    }
}

/// C = Aᵀ·D, with A m×k, D m×n, C k×n (overwritten): the weight gradient Uᵀ·∂L/∂Z.
pub fn matmul_at_b(a: ArrayView2<f32>, d: ArrayView2<f32>, c: ArrayViewMut2<f32>) {
    let ((m, k), (m_d, n), c_dim) = (a.dim(), d.dim(), c.dim());
    require("matmul_at_b", m == m_d && c_dim == (k, n), &[("A", a.dim()), ("D", d.dim()), ("C", c_dim)], "A m×k, D m×n, C k×n");
    let (a, d, c) = (operand("matmul_at_b", "A", a), operand("matmul_at_b", "D", d), operand_mut("matmul_at_b", "C", c));
    assert!(m * n <= u32::MAX as usize, "matmul_at_b: D too large");
    if m == 0 {
        c.fill(0.0);
        return;
    }
    let tile = (TILE_FLOATS / n.max(1)).clamp(16, GATHER);
    let mut g = Gathered::new();
    for from in (0..m).step_by(tile) {
        let to = (from + tile).min(m);
        for p in 0..k {
            let (count, _) = g.gather(&a[p..], k, from, to, n); // column p of A: a[p + i·k]
            add_rows(&g.val[..count], &g.idx[..count], d, n, &mut c[p * n..(p + 1) * n], from == 0);
        }
    }
}

/// C = D·Wᵀ, with D m×n, W k×n, C m×k (overwritten): the error sent back, ∂L/∂H = ∂L/∂Z·Wᵀ.
/// Each element is [`dot`] of a row of D and a row of W, computed four at a time.
pub fn matmul_a_bt(d: ArrayView2<f32>, w: ArrayView2<f32>, c: ArrayViewMut2<f32>) {
    let ((m, n), (k, n_w), c_dim) = (d.dim(), w.dim(), c.dim());
    require("matmul_a_bt", n == n_w && c_dim == (m, k), &[("D", d.dim()), ("W", w.dim()), ("C", c_dim)], "D m×n, W k×n, C m×k");
    let (d, w, c) = (operand("matmul_a_bt", "D", d), operand("matmul_a_bt", "W", w), operand_mut("matmul_a_bt", "C", c));
    let split = n / 8 * 8;
    for i in 0..m {
        let d_row = &d[i * n..(i + 1) * n];
        let c_row = &mut c[i * k..(i + 1) * k];
        let mut p = 0;
        while p + 4 <= k {
            let rows = [&w[p * n..(p + 1) * n], &w[(p + 1) * n..(p + 2) * n], &w[(p + 2) * n..(p + 3) * n], &w[(p + 3) * n..(p + 4) * n]];
            // Lanes 0..4 and 4..8 of dot's eight partial sums, for each of the four rows.
            let mut lo = [F4::zero(); 4];
            let mut hi = [F4::zero(); 4];
            let mut q = 0;
            while q < split {
                // SAFETY: q + 8 ≤ split ≤ n, the length of d_row and of every rows[r].
                unsafe {
                    let x0 = F4::load(d_row.as_ptr().add(q));
                    let x1 = F4::load(d_row.as_ptr().add(q + 4));
                    for r in 0..4 {
                        lo[r] = lo[r].add(x0.mul(F4::load(rows[r].as_ptr().add(q))));
                        hi[r] = hi[r].add(x1.mul(F4::load(rows[r].as_ptr().add(q + 4))));
                    }
                }
                q += 8;
            }
            // Transposed, lane r of a[l] is partial sum l of row r: summing a[0], …, a[3],
            // b[0], …, b[3] in turn is dot's sequential sum of its eight partial sums.
            let a = F4::transpose(lo[0], lo[1], lo[2], lo[3]);
            let b = F4::transpose(hi[0], hi[1], hi[2], hi[3]);
            let sum = a[0].add(a[1]).add(a[2]).add(a[3]).add(b[0]).add(b[1]).add(b[2]).add(b[3]);
            let mut tail = F4::zero();
            for q in split..n {
                let y = F4::new(rows[0][q], rows[1][q], rows[2][q], rows[3][q]);
                tail = tail.add(F4::splat(d_row[q]).mul(y));
            }
            // SAFETY: p + 4 ≤ k = the length of c_row.
            unsafe { sum.add(tail).store(c_row.as_mut_ptr().add(p)) };
            p += 4;
        }
        for (pp, out) in c_row.iter_mut().enumerate().skip(p) {
            *out = dot(d_row, &w[pp * n..(pp + 1) * n]);
        }
    }
}

/// Σ xᵢyᵢ, summed in 8 interleaved partial sums (a fixed order, the same on every target).
#[inline]
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    const LANES: usize = 8;
    let mut acc = [0.0f32; LANES];
    let split = x.len().min(y.len()) / LANES * LANES;
    for (xs, ys) in x[..split].chunks_exact(LANES).zip(y[..split].chunks_exact(LANES)) {
        for l in 0..LANES {
            acc[l] += xs[l] * ys[l];
        }
    }
    let mut tail = 0.0;
    for (a, b) in x[split..].iter().zip(&y[split..]) {
        tail += a * b;
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    mod cases {
        use crate::nn::Activation;
        use crate::nn::kernels::{dot, matmul, matmul_a_bt, matmul_at_b};
        include!("cases.rs");
    }

    #[test]
    fn products_match_the_plain_loops_bit_for_bit() {
        cases::products_match_the_plain_loops_bit_for_bit();
    }

    #[test]
    fn products_agree_with_a_reference_multiply() {
        cases::products_agree_with_a_reference_multiply();
    }

    #[test]
    fn sigmoid_matches_the_scalar_formula() {
        cases::sigmoid_matches_the_scalar_formula();
    }

    #[test]
    fn dot_handles_tails() {
        cases::dot_handles_tails();
    }
}
