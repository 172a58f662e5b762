//! The discrete channel: X uniform over 10 classes, class x a fixed random d-bit codeword c_x
//! (distinct, 4 ≤ d ≤ 16), T = c_X with each bit flipped independently with probability ε.
//!
//! p(t | x) = ε^h (1 − ε)^(d − h), h = the Hamming distance between t and c_x, and
//! p(t) = (1/10) Σ_x p(t | x), so, enumerating all 2^d codes t,
//!
//!   I(X;T) = (1/10) Σ_x Σ_t p(t|x) log₂[p(t|x) / p(t)]   bits, exactly (up to rounding).
//!
//! Unit k of a code is bit k of the codeword; a sample's activity is 0.0 or 1.0 per unit.

use super::error::CheckError;
use super::{definition_rng, sample_rng, ChannelSample, Truth, CLASSES};

/// Fewest bits: 2^d ≥ 10 distinct codewords.
pub const MIN_BITS: usize = 4;
/// Most bits: the enumeration visits 2^d codes.
pub const MAX_BITS: usize = 16;

#[derive(Debug, Clone, PartialEq)]
pub struct DiscreteChannel {
    d: usize,
    flip_prob: f64,
    codewords: [u32; CLASSES],
}

impl DiscreteChannel {
    /// Draws 10 distinct d-bit codewords from `seed` (uniformly, rejecting repeats).
    pub fn new(d: usize, flip_prob: f64, seed: u32) -> Result<Self, CheckError> {
        if !(MIN_BITS..=MAX_BITS).contains(&d) {
            return Err(CheckError::setting("dims", format!("{d} bits: the discrete channel takes {MIN_BITS} to {MAX_BITS}")));
        }
        let mut rng = definition_rng(seed);
        let mut codewords = [0u32; CLASSES];
        for x in 0..CLASSES {
            codewords[x] = loop {
                let c = rng.below(1 << d);
                if !codewords[..x].contains(&c) {
                    break c;
                }
            };
        }
        Self::with_codewords(d, flip_prob, codewords)
    }

    /// A channel with given codewords (each < 2^d; repeats are allowed, the truth counts them).
    pub fn with_codewords(d: usize, flip_prob: f64, codewords: [u32; CLASSES]) -> Result<Self, CheckError> {
        if !(MIN_BITS..=MAX_BITS).contains(&d) {
            return Err(CheckError::setting("dims", format!("{d} bits: the discrete channel takes {MIN_BITS} to {MAX_BITS}")));
        }
        if !(0.0..=1.0).contains(&flip_prob) {
            return Err(CheckError::setting("flip_prob", format!("{flip_prob} is not a probability in [0, 1]")));
        }
        if let Some(&c) = codewords.iter().find(|&&c| c >> d != 0) {
            return Err(CheckError::setting("codewords", format!("{c} does not fit in {d} bits")));
        }
        Ok(Self { d, flip_prob, codewords })
    }

    pub fn d(&self) -> usize {
        self.d
    }

    /// ε.
    pub fn flip_prob(&self) -> f64 {
        self.flip_prob
    }

    pub fn codewords(&self) -> &[u32; CLASSES] {
        &self.codewords
    }

    /// I(X;T) by enumeration (see the module docs): exact, standard error 0.
    pub fn information(&self) -> Truth {
        let (d, eps) = (self.d, self.flip_prob);
        // p(t|x) by Hamming distance h: ε^h (1 − ε)^(d − h).
        let by_distance: Vec<f64> = (0..=d).map(|h| libm::pow(eps, h as f64) * libm::pow(1.0 - eps, (d - h) as f64)).collect();
        let prior = 1.0 / CLASSES as f64;
        let mut bits = 0.0;
        let mut p_t_given_x = [0.0f64; CLASSES];
        for t in 0u32..1 << d {
            let mut p_t = 0.0;
            for (p, &c) in p_t_given_x.iter_mut().zip(&self.codewords) {
                *p = by_distance[(t ^ c).count_ones() as usize];
                p_t += prior * *p;
            }
            for &p in &p_t_given_x {
                if p > 0.0 {
                    bits += prior * p * libm::log2(p / p_t);
                }
            }
        }
        Truth { bits, stderr_bits: 0.0 }
    }

    /// `n` draws from `seed`: for each, x = below(10), then bit k flipped when uniform() < ε.
    pub fn sample(&self, n: usize, seed: u32) -> ChannelSample {
        let mut rng = sample_rng(seed);
        let d = self.d;
        let (mut labels, mut activity, mut clean) = (Vec::with_capacity(n), Vec::with_capacity(n * d), Vec::with_capacity(n * d));
        for _ in 0..n {
            let x = rng.below(CLASSES as u32) as usize;
            labels.push(x as u8);
            for k in 0..d {
                let bit = (self.codewords[x] >> k) & 1;
                let flip = u32::from(rng.uniform() < self.flip_prob);
                clean.push(bit as f32);
                activity.push((bit ^ flip) as f32);
            }
        }
        ChannelSample { labels, activity, clean, n, d }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary_entropy_bits(p: f64) -> f64 {
        if p == 0.0 || p == 1.0 {
            0.0
        } else {
            -p * p.log2() - (1.0 - p) * (1.0 - p).log2()
        }
    }

    #[test]
    fn exact_information_has_the_known_limits_and_the_chain_rule() {
        for d in [4usize, 7, 12] {
            let noiseless = DiscreteChannel::new(d, 0.0, 3).unwrap();
            assert!((noiseless.information().bits - 10f64.log2()).abs() < 1e-12, "d {d}");
            let coin = DiscreteChannel::new(d, 0.5, 3).unwrap();
            assert!(coin.information().bits.abs() < 1e-12, "d {d}");
            // Flipping every bit is a bijection of T: ε and 1 − ε carry the same information.
            let (a, b) = (DiscreteChannel::new(d, 0.1, 3).unwrap(), DiscreteChannel::new(d, 0.9, 3).unwrap());
            assert!((a.information().bits - b.information().bits).abs() < 1e-12);
            // I = H(T) − H(T|X), H(T|X) = d·h(ε), with H(T) from the mixture computed here.
            for eps in [0.03, 0.1, 0.3] {
                let ch = DiscreteChannel::new(d, eps, 9).unwrap();
                let mut h_t = 0.0;
                for t in 0u32..1 << d {
                    let p: f64 = ch
                        .codewords()
                        .iter()
                        .map(|&c| {
                            let h = (t ^ c).count_ones() as i32;
                            0.1 * eps.powi(h) * (1.0 - eps).powi(d as i32 - h)
                        })
                        .sum();
                    h_t -= p * p.log2();
                }
                let want = h_t - d as f64 * binary_entropy_bits(eps);
                let got = ch.information();
                assert!((got.bits - want).abs() < 1e-9, "d {d}, ε {eps}: {} vs {want}", got.bits);
                assert!(got.bits > 0.0 && got.bits < 10f64.log2() && got.stderr_bits == 0.0);
            }
        }
    }

    #[test]
    fn codewords_are_distinct_and_samples_flip_at_the_rate() {
        let ch = DiscreteChannel::new(4, 0.2, 5).unwrap();
        let mut sorted = ch.codewords().to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), CLASSES);
        let s = ch.sample(20_000, 1);
        assert_eq!((s.labels.len(), s.activity.len(), s.n, s.d), (20_000, 80_000, 20_000, 4));
        let flips = s.activity.iter().zip(&s.clean).filter(|(a, c)| a != c).count() as f64 / 80_000.0;
        // sd of the rate: √(0.2·0.8/80000) ≈ 0.0014.
        assert!((flips - 0.2).abs() < 0.007, "{flips}");
        for (i, &x) in s.labels.iter().enumerate() {
            for k in 0..4 {
                assert_eq!(s.clean[i * 4 + k], ((ch.codewords()[x as usize] >> k) & 1) as f32);
            }
        }
        // The same seed draws the same sample, and a longer one starts with it.
        assert_eq!(ch.sample(100, 1).activity[..], s.activity[..400]);
    }

    #[test]
    fn bad_settings_are_named() {
        assert_eq!(DiscreteChannel::new(3, 0.1, 1).unwrap_err().field(), Some("dims"));
        assert_eq!(DiscreteChannel::new(17, 0.1, 1).unwrap_err().field(), Some("dims"));
        for eps in [-0.1, 1.5, f64::NAN] {
            assert_eq!(DiscreteChannel::new(8, eps, 1).unwrap_err().field(), Some("flip_prob"));
        }
        assert_eq!(DiscreteChannel::with_codewords(4, 0.1, [16; CLASSES]).unwrap_err().field(), Some("codewords"));
    }
}
