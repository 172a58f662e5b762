//! Dense matrix kernels on row-major `f32` slices. Each loop is written so that the compiler
//! can vectorise it (simd128 in wasm, SSE/AVX natively) without changing the order of any
//! floating-point sum, so results are identical on every target. Zero inputs are skipped:
//! most Fashion-MNIST pixels, and most saturated sigmoid units, are exactly 0.

/// C = A·B, with A m×k, B k×n, C m×n (overwritten).
pub fn matmul(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    debug_assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    for i in 0..m {
        let c_row = &mut c[i * n..(i + 1) * n];
        c_row.fill(0.0);
        let a_row = &a[i * k..(i + 1) * k];
        for (p, &a_ip) in a_row.iter().enumerate() {
            if a_ip != 0.0 {
                axpy(a_ip, &b[p * n..(p + 1) * n], c_row);
            }
        }
    }
}

/// C = Aᵀ·D, with A m×k, D m×n, C k×n (overwritten): the weight gradient Uᵀ·∂L/∂Z.
pub fn matmul_at_b(a: &[f32], d: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    debug_assert!(a.len() >= m * k && d.len() >= m * n && c.len() >= k * n);
    c[..k * n].fill(0.0);
    for i in 0..m {
        let d_row = &d[i * n..(i + 1) * n];
        for (p, &a_ip) in a[i * k..(i + 1) * k].iter().enumerate() {
            if a_ip != 0.0 {
                axpy(a_ip, d_row, &mut c[p * n..(p + 1) * n]);
            }
        }
    }
}

/// C = D·Wᵀ, with D m×n, W k×n, C m×k (overwritten): the error sent back, ∂L/∂H = ∂L/∂Z·Wᵀ.
pub fn matmul_a_bt(d: &[f32], w: &[f32], c: &mut [f32], m: usize, n: usize, k: usize) {
    debug_assert!(d.len() >= m * n && w.len() >= k * n && c.len() >= m * k);
    for i in 0..m {
        let d_row = &d[i * n..(i + 1) * n];
        for p in 0..k {
            c[i * k + p] = dot(d_row, &w[p * n..(p + 1) * n]);
        }
    }
}

/// y += α·x
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
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
    use super::*;

    fn naive(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
        let mut c = vec![0.0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                for p in 0..k {
                    c[i * n + j] += f64::from(a[i * k + p]) * f64::from(b[p * n + j]);
                }
            }
        }
        c.into_iter().map(|v| v as f32).collect()
    }

    fn transpose(a: &[f32], rows: usize, cols: usize) -> Vec<f32> {
        let mut t = vec![0.0; a.len()];
        for r in 0..rows {
            for c in 0..cols {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        t
    }

    fn close(x: &[f32], y: &[f32]) {
        for (a, b) in x.iter().zip(y) {
            assert!((a - b).abs() <= 1e-4 * (1.0 + b.abs()), "{a} vs {b}");
        }
    }

    fn filled(len: usize, seed: u32) -> Vec<f32> {
        // Values in [-1, 1) with some exact zeros.
        (0..len as u32)
            .map(|i| {
                let h = i.wrapping_mul(2_654_435_761).wrapping_add(seed.wrapping_mul(40_503)) >> 16;
                if h % 5 == 0 { 0.0 } else { (h % 2000) as f32 / 1000.0 - 1.0 }
            })
            .collect()
    }

    #[test]
    fn all_three_products_agree_with_naive() {
        let (m, k, n) = (7, 13, 11);
        let a = filled(m * k, 1);
        let b = filled(k * n, 2);
        let mut c = vec![f32::NAN; m * n];
        matmul(&a, &b, &mut c, m, k, n);
        close(&c, &naive(&a, &b, m, k, n));

        let d = filled(m * n, 3);
        let mut g = vec![f32::NAN; k * n];
        matmul_at_b(&a, &d, &mut g, m, k, n);
        close(&g, &naive(&transpose(&a, m, k), &d, k, m, n));

        let w = filled(k * n, 4);
        let mut e = vec![f32::NAN; m * k];
        matmul_a_bt(&d, &w, &mut e, m, n, k);
        close(&e, &naive(&d, &transpose(&w, k, n), m, n, k));
    }

    #[test]
    fn dot_handles_tails() {
        for len in [0, 1, 7, 8, 9, 17] {
            let x = filled(len, 5);
            let y = filled(len, 6);
            let expect: f32 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
            assert!((dot(&x, &y) - expect).abs() < 1e-5);
        }
    }
}
