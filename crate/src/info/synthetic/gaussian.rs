//! The Gaussian channel: X uniform over K classes (10 from [`GaussianChannel::new`]), class x a
//! fixed mean μ_x ∈ ℝ^d (each coordinate drawn from N(0, 1)), T = μ_X + N(0, s² I).
//!
//! T is a mixture of Gaussians, whose entropy has no closed form, so the truth is a Monte Carlo
//! average over M draws (x_m, t_m) with the exact densities:
//!
//!   I(X;T) = E[ln p(t|x) − ln p(t)],   ln p(t|x) − ln p(t) = ℓ_x − ln((1/K) Σ_c e^{ℓ_c}),
//!   ℓ_c = −‖t − μ_c‖² / 2s²
//!
//! (the normalising constants cancel; the sum is a log-sum-exp shifted by max_c ℓ_c), reported
//! in bits with its standard error √(var/M), var the sample variance of the M terms.

use super::error::CheckError;
use super::{definition_rng, sample_rng, truth_rng, ChannelSample, Truth, CLASSES};

#[derive(Debug, Clone, PartialEq)]
pub struct GaussianChannel {
    d: usize,
    noise_sd: f64,
    /// K × d, row-major.
    means: Vec<f64>,
}

impl GaussianChannel {
    /// 10 means with N(0, 1) coordinates drawn from `seed`; noise standard deviation s.
    pub fn new(d: usize, noise_sd: f64, seed: u32) -> Result<Self, CheckError> {
        if d == 0 {
            return Err(CheckError::setting("dims", "0 dimensions: the Gaussian channel takes d >= 1"));
        }
        let mut rng = definition_rng(seed);
        let means = (0..CLASSES * d).map(|_| rng.normal()).collect();
        Self::with_means(d, noise_sd, means)
    }

    /// Given means (K × d, 1 ≤ K ≤ 256, finite) and s > 0.
    pub fn with_means(d: usize, noise_sd: f64, means: Vec<f64>) -> Result<Self, CheckError> {
        if d == 0 || means.is_empty() || means.len() % d != 0 || means.len() / d > 256 {
            return Err(CheckError::setting("means", format!("{} values are not 1 to 256 means of {d} dimensions", means.len())));
        }
        if means.iter().any(|m| !m.is_finite()) {
            return Err(CheckError::setting("means", "a mean is not finite"));
        }
        if !(noise_sd.is_finite() && noise_sd > 0.0) {
            return Err(CheckError::setting("noise_sd", format!("{noise_sd} is not a finite standard deviation > 0")));
        }
        Ok(Self { d, noise_sd, means })
    }

    pub fn d(&self) -> usize {
        self.d
    }

    /// s.
    pub fn noise_sd(&self) -> f64 {
        self.noise_sd
    }

    /// K.
    pub fn classes(&self) -> usize {
        self.means.len() / self.d
    }

    /// μ_x.
    pub fn mean(&self, x: usize) -> &[f64] {
        &self.means[x * self.d..(x + 1) * self.d]
    }

    /// I(X;T) by Monte Carlo on `samples` ≥ 2 draws from `seed` (see the module docs).
    pub fn information(&self, samples: usize, seed: u32) -> Result<Truth, CheckError> {
        if samples < 2 {
            return Err(CheckError::setting("truth_samples", format!("{samples}: at least 2 draws are needed")));
        }
        let (d, k, s) = (self.d, self.classes(), self.noise_sd);
        let mut rng = truth_rng(seed);
        let mut t = vec![0.0f64; d];
        let mut logits = vec![0.0f64; k];
        let ln_k = libm::log(k as f64);
        // Welford's running mean and sum of squared deviations, in draw order.
        let (mut mean, mut m2) = (0.0f64, 0.0f64);
        for m in 0..samples {
            let x = rng.below(k as u32) as usize;
            for (tj, &mu) in t.iter_mut().zip(self.mean(x)) {
                *tj = mu + s * rng.normal();
            }
            for (c, l) in logits.iter_mut().enumerate() {
                let d2: f64 = t.iter().zip(self.mean(c)).fold(0.0, |acc, (&a, &b)| acc + (a - b) * (a - b));
                *l = -d2 / (2.0 * s * s);
            }
            let top = logits.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            let lse = top + libm::log(logits.iter().fold(0.0, |acc, &l| acc + libm::exp(l - top)));
            let value = logits[x] - (lse - ln_k);
            let delta = value - mean;
            mean += delta / (m + 1) as f64;
            m2 += delta * (value - mean);
        }
        let var = m2 / (samples - 1) as f64;
        let to_bits = std::f64::consts::LOG2_E;
        Ok(Truth { bits: mean * to_bits, stderr_bits: libm::sqrt(var / samples as f64) * to_bits })
    }

    /// `n` draws from `seed`: x = below(K), then t = μ_x + s·z coordinate by coordinate.
    pub fn sample(&self, n: usize, seed: u32) -> ChannelSample {
        let mut rng = sample_rng(seed);
        let (d, k) = (self.d, self.classes());
        let (mut labels, mut activity, mut clean) = (Vec::with_capacity(n), Vec::with_capacity(n * d), Vec::with_capacity(n * d));
        for _ in 0..n {
            let x = rng.below(k as u32) as usize;
            labels.push(x as u8);
            for &mu in self.mean(x) {
                clean.push(mu as f32);
                activity.push((mu + self.noise_sd * rng.normal()) as f32);
            }
        }
        ChannelSample { labels, activity, clean, n, d }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// I(X;T) of a 1-D mixture by quadrature: H(T) − H(T|X), H(T) = −∫ p ln p on a fine grid
    /// (trapezoid rule), H(T|X) = ½ ln(2πe s²). Nats → bits.
    fn quadrature_bits(means: &[f64], s: f64) -> f64 {
        let (lo, hi) = (means.iter().cloned().fold(f64::INFINITY, f64::min) - 12.0 * s, means.iter().cloned().fold(f64::NEG_INFINITY, f64::max) + 12.0 * s);
        let steps = 400_000;
        let h = (hi - lo) / steps as f64;
        let k = means.len() as f64;
        let density = |t: f64| means.iter().map(|m| (-(t - m) * (t - m) / (2.0 * s * s)).exp()).sum::<f64>() / (k * s * (2.0 * std::f64::consts::PI).sqrt());
        let mut h_t = 0.0;
        for i in 0..=steps {
            let p = density(lo + i as f64 * h);
            let w = if i == 0 || i == steps { 0.5 } else { 1.0 };
            if p > 0.0 {
                h_t -= w * h * p * p.ln();
            }
        }
        (h_t - 0.5 * (2.0 * std::f64::consts::PI * std::f64::consts::E * s * s).ln()) / std::f64::consts::LN_2
    }

    #[test]
    fn monte_carlo_truth_agrees_with_quadrature() {
        // The quadrature's own error: one class has I = 0 exactly.
        let quadrature_error = quadrature_bits(&[0.0], 1.0).abs();
        assert!(quadrature_error < 1e-5, "{quadrature_error}");
        for (spacing, s) in [(3.0, 1.0), (1.0, 1.0), (0.5, 2.0), (10.0, 1.0)] {
            let means: Vec<f64> = (0..10).map(|i| i as f64 * spacing).collect();
            let ch = GaussianChannel::with_means(1, s, means.clone()).unwrap();
            let truth = ch.information(100_000, 7).unwrap();
            let want = quadrature_bits(&means, s);
            assert!(truth.stderr_bits > 0.0 && truth.stderr_bits < 0.01, "{truth:?}");
            // 4 standard errors: a false alarm about once in 16,000 runs (the draws are fixed
            // by the seed, so this either always passes or always fails).
            assert!((truth.bits - want).abs() < 4.0 * truth.stderr_bits + 1e-5, "spacing {spacing}, s {s}: {truth:?} vs {want}");
        }
    }

    #[test]
    fn samples_are_means_plus_noise() {
        let ch = GaussianChannel::new(3, 0.5, 2).unwrap();
        assert_eq!(ch.classes(), CLASSES);
        let s = ch.sample(30_000, 4);
        let n = s.n as f64 * 3.0;
        let noise: Vec<f64> = s.activity.iter().zip(&s.clean).map(|(&a, &c)| f64::from(a) - f64::from(c)).collect();
        let mean = noise.iter().sum::<f64>() / n;
        let var = noise.iter().map(|e| (e - mean) * (e - mean)).sum::<f64>() / n;
        assert!(mean.abs() < 0.01 && (var - 0.25).abs() < 0.01, "{mean} {var}");
        for (i, &x) in s.labels.iter().enumerate() {
            assert_eq!(s.clean[i * 3], ch.mean(x as usize)[0] as f32);
        }
    }

    #[test]
    fn bad_settings_are_named() {
        assert_eq!(GaussianChannel::new(0, 1.0, 1).unwrap_err().field(), Some("dims"));
        for s in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(GaussianChannel::new(2, s, 1).unwrap_err().field(), Some("noise_sd"));
        }
        assert_eq!(GaussianChannel::with_means(2, 1.0, vec![0.0; 3]).unwrap_err().field(), Some("means"));
        let ch = GaussianChannel::new(2, 1.0, 1).unwrap();
        assert_eq!(ch.information(1, 1).unwrap_err().field(), Some("truth_samples"));
    }
}
