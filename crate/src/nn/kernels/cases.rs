// Kernel checks shared by the native unit tests (kernels/mod.rs) and the browser tests
// (crate/tests/wasm_kernels.rs), which `include!` this file after importing `matmul`,
// `matmul_at_b`, `matmul_a_bt`, `dot` and `Activation`.
//
// The references are the plain loops the kernels replace: the fast kernels must give exactly
// their bits, on every target.

use ndarray::{ArrayView2, ArrayViewMut2};

/// `data` as a rows×cols matrix.
pub fn mat(data: &[f32], rows: usize, cols: usize) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((rows, cols), data).unwrap()
}

/// `data` as a writable rows×cols matrix.
pub fn mat_mut(data: &mut [f32], rows: usize, cols: usize) -> ArrayViewMut2<'_, f32> {
    ArrayViewMut2::from_shape((rows, cols), data).unwrap()
}

/// Values in [-1, 1) with about a third exact zeros, some large values, from a small LCG.
pub fn filled(len: usize, seed: u32) -> Vec<f32> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let h = state >> 8;
            match h % 9 {
                0 | 1 | 2 => 0.0,
                3 => (h % 255) as f32, // raw pixels
                _ => (h % 20_000) as f32 / 10_000.0 - 1.0,
            }
        })
        .collect()
}

pub fn ref_matmul(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
    let mut c = vec![0.0f32; m * n];
    for i in 0..m {
        for p in 0..k {
            let a_ip = a[i * k + p];
            if a_ip != 0.0 {
                for j in 0..n {
                    c[i * n + j] += a_ip * b[p * n + j];
                }
            }
        }
    }
    c
}

pub fn ref_matmul_at_b(a: &[f32], d: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
    let mut c = vec![0.0f32; k * n];
    for i in 0..m {
        for p in 0..k {
            let a_ip = a[i * k + p];
            if a_ip != 0.0 {
                for j in 0..n {
                    c[p * n + j] += a_ip * d[i * n + j];
                }
            }
        }
    }
    c
}

/// The 8-partial-sum dot product, written out.
pub fn ref_dot(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let split = x.len() / 8 * 8;
    for q in 0..split {
        acc[q % 8] += x[q] * y[q];
    }
    let mut tail = 0.0f32;
    for q in split..x.len() {
        tail += x[q] * y[q];
    }
    let mut s = acc[0];
    for v in &acc[1..] {
        s += v;
    }
    s + tail
}

pub fn ref_matmul_a_bt(d: &[f32], w: &[f32], m: usize, n: usize, k: usize) -> Vec<f32> {
    let mut c = vec![0.0f32; m * k];
    for i in 0..m {
        for p in 0..k {
            c[i * k + p] = ref_dot(&d[i * n..(i + 1) * n], &w[p * n..(p + 1) * n]);
        }
    }
    c
}

/// A plain multiply in f64, for a tolerance check independent of any summation order.
pub fn naive_f64(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut c = vec![0.0f64; m * n];
    for i in 0..m {
        for j in 0..n {
            for p in 0..k {
                c[i * n + j] += f64::from(a[i * k + p]) * f64::from(b[p * n + j]);
            }
        }
    }
    c
}

pub fn transpose(a: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut t = vec![0.0; a.len()];
    for r in 0..rows {
        for c in 0..cols {
            t[c * rows + r] = a[r * cols + c];
        }
    }
    t
}

/// Shapes (m, k, n): 1×1, odd sizes, every remainder of the 32/16/8/4-column blocks, the
/// network's own shapes, and runs longer than the gather buffer (1024).
pub fn shapes() -> Vec<(usize, usize, usize)> {
    let mut s = vec![
        (1, 1, 1), (1, 1, 5), (3, 1, 1), (1, 7, 1), (2, 7, 3), (5, 13, 11), (7, 33, 37), (4, 9, 120),
        (0, 3, 4), (3, 0, 4), (3, 4, 0), (100, 784, 120), (100, 120, 10), (100, 15, 10), (9, 60, 30),
        (3, 2500, 6), (1100, 3, 9), (2, 1030, 45),
    ];
    for n in 1..=70 {
        s.push((3, 5, n));
    }
    for k in [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17] {
        s.push((2, 6, k)); // as matmul_a_bt's k (rows of W) and n
        s.push((2, k, 9));
    }
    s
}

fn same_bits(what: &str, shape: (usize, usize, usize), got: &[f32], want: &[f32]) {
    assert_eq!(got.len(), want.len());
    for (e, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(g.to_bits() == w.to_bits(), "{what} {shape:?}: element {e}: {g:e} vs the plain loop's {w:e}");
    }
}

pub fn products_match_the_plain_loops_bit_for_bit() {
    for (s, &(m, k, n)) in shapes().iter().enumerate() {
        let seed = s as u32 * 7;
        let a = filled(m * k, seed + 1);
        let b = filled(k * n, seed + 2);
        let mut c = vec![f32::NAN; m * n];
        matmul(mat(&a, m, k), mat(&b, k, n), mat_mut(&mut c, m, n));
        same_bits("matmul", (m, k, n), &c, &ref_matmul(&a, &b, m, k, n));

        let d = filled(m * n, seed + 3);
        let mut g = vec![f32::NAN; k * n];
        matmul_at_b(mat(&a, m, k), mat(&d, m, n), mat_mut(&mut g, k, n));
        same_bits("matmul_at_b", (m, k, n), &g, &ref_matmul_at_b(&a, &d, m, k, n));

        // D m×n, W k×n: C = D·Wᵀ is m×k.
        let w = filled(k * n, seed + 4);
        let mut e = vec![f32::NAN; m * k];
        matmul_a_bt(mat(&d, m, n), mat(&w, k, n), mat_mut(&mut e, m, k));
        same_bits("matmul_a_bt", (m, k, n), &e, &ref_matmul_a_bt(&d, &w, m, n, k));
    }
    // Non-finite values travel as the plain loops carry them (zeros still skipped).
    let (m, k, n) = (3, 9, 37);
    let mut a = filled(m * k, 5);
    let mut b = filled(k * n, 6);
    a[4] = f32::INFINITY;
    b[40] = f32::NAN;
    b[n * 2 + 1] = f32::NEG_INFINITY;
    let mut c = vec![0.0; m * n];
    matmul(mat(&a, m, k), mat(&b, k, n), mat_mut(&mut c, m, n));
    let want = ref_matmul(&a, &b, m, k, n);
    for (g, w) in c.iter().zip(&want) {
        assert!(g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()), "{g} vs {w}");
    }
}

pub fn products_agree_with_a_reference_multiply() {
    let close = |what: &str, got: &[f32], want: &[f64]| {
        for (g, w) in got.iter().zip(want) {
            let tol = 1e-4 * (1.0 + w.abs()) * 300.0;
            assert!((f64::from(*g) - w).abs() <= tol, "{what}: {g} vs {w}");
        }
    };
    for &(m, k, n) in &shapes() {
        let a = filled(m * k, 11);
        let b = filled(k * n, 12);
        let mut c = vec![f32::NAN; m * n];
        matmul(mat(&a, m, k), mat(&b, k, n), mat_mut(&mut c, m, n));
        close("matmul", &c, &naive_f64(&a, &b, m, k, n));
        let d = filled(m * n, 13);
        let mut g = vec![f32::NAN; k * n];
        matmul_at_b(mat(&a, m, k), mat(&d, m, n), mat_mut(&mut g, k, n));
        close("matmul_at_b", &g, &naive_f64(&transpose(&a, m, k), &d, k, m, n));
        let w = filled(k * n, 14);
        let mut e = vec![f32::NAN; m * k];
        matmul_a_bt(mat(&d, m, n), mat(&w, k, n), mat_mut(&mut e, m, k));
        close("matmul_a_bt", &e, &naive_f64(&d, &transpose(&w, k, n), m, n, k));
    }
}

pub fn sigmoid_matches_the_scalar_formula() {
    let mut z: Vec<f32> = (0..20_001).map(|i| (i as f32 - 10_000.0) * 0.0123).collect();
    z.extend([f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0, 1e-9, -1e-9, 87.5, -87.5, -88.8, 103.0, -104.0, 1e4, -1e4]);
    for len in [0, 1, 2, 3, 4, 5, 7, z.len()] {
        let mut h = z[..len].to_vec();
        Activation::Sigmoid.apply(&mut h);
        for (v, got) in z.iter().zip(&h) {
            let want = 1.0 / (1.0 + libm::expf(-*v));
            assert!(got.to_bits() == want.to_bits(), "sigmoid({v:e}): {got:e} vs {want:e}");
        }
    }
}

pub fn dot_handles_tails() {
    for len in [0, 1, 7, 8, 9, 17, 33] {
        let x = filled(len, 5);
        let y = filled(len, 6);
        assert_eq!(dot(&x, &y).to_bits(), ref_dot(&x, &y).to_bits());
    }
}
