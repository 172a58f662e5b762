//! The one source of randomness: ChaCha8 seeded from the run's `u32` seed, with a separate
//! stream per purpose so that, say, adding a random feedback matrix never changes the batch
//! order. Every draw is made from integer operations and `libm`, so a run is bit-for-bit the
//! same natively, in Node and in the browser.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a stream is used for; its number selects the ChaCha stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// Initial weights.
    Init = 0,
    /// Mini-batch order.
    Batches = 1,
    /// Permutations of the shuffled-label baselines of the information measures.
    Shuffle = 2,
    /// Fixed random feedback matrices of feedback-alignment rules.
    Feedback = 3,
    /// Per-step draws of the stochastic backward pass (which steps, and their noise).
    Backward = 4,
}

pub struct Rng {
    inner: ChaCha8Rng,
    /// The second of the last Box–Muller pair, not yet returned.
    spare_normal: Option<f64>,
}

impl Rng {
    pub fn new(seed: u32, stream: Stream) -> Self {
        let mut inner = ChaCha8Rng::seed_from_u64(u64::from(seed));
        inner.set_stream(stream as u64);
        Self { inner, spare_normal: None }
    }

    pub fn next_u32(&mut self) -> u32 {
        self.inner.next_u32()
    }

    /// Uniform in [0, 1): 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.inner.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1]: 53 random bits, never 0 (so its logarithm is finite).
    fn uniform_open0(&mut self) -> f64 {
        ((self.inner.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in `0..n` (Lemire's method with rejection: exactly uniform), `n > 0`.
    pub fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0, "below(0)");
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u64::from(self.next_u32()) * u64::from(n);
            if (m as u32) >= threshold {
                return (m >> 32) as u32;
            }
        }
    }

    /// Standard normal N(0, 1) by the Box–Muller transform:
    /// z₀ = √(−2 ln u₁) cos(2π u₂), z₁ = √(−2 ln u₁) sin(2π u₂).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let radius = libm::sqrt(-2.0 * libm::log(self.uniform_open0()));
        let angle = 2.0 * std::f64::consts::PI * self.uniform_open0();
        self.spare_normal = Some(radius * libm::sin(angle));
        radius * libm::cos(angle)
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_draws_and_streams_differ() {
        let a: Vec<u32> = (0..8).map({ let mut r = Rng::new(7, Stream::Init); move |_| r.next_u32() }).collect();
        let b: Vec<u32> = (0..8).map({ let mut r = Rng::new(7, Stream::Init); move |_| r.next_u32() }).collect();
        let c: Vec<u32> = (0..8).map({ let mut r = Rng::new(7, Stream::Batches); move |_| r.next_u32() }).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn normal_moments() {
        let mut r = Rng::new(1, Stream::Init);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "var {var}");
    }

    #[test]
    fn below_is_in_range_and_covers_it() {
        let mut r = Rng::new(3, Stream::Batches);
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[r.below(7) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| (800..1200).contains(&c)), "{seen:?}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = Rng::new(5, Stream::Batches);
        let mut v: Vec<usize> = (0..100).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
