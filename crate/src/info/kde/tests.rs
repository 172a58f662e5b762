//! Tests of the KDE bounds against a literal implementation of the formulas, their limits,
//! their order, the adaptive scaling, and the refusal of bad parameters.

use super::*;
use crate::rng::{Rng, Stream};

/// The formulas of the module docs, literally: a log-sum-exp with the maximum taken, every
/// conditional entropy over the class's own points, no algebra. Nats.
mod naive {
    pub fn h_kl(points: &[Vec<f64>], var: f64) -> f64 {
        let n = points.len() as f64;
        let d = points[0].len() as f64;
        let mut mean = 0.0;
        for a in points {
            let args: Vec<f64> =
                points.iter().map(|b| -a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>() / (2.0 * var)).collect();
            let m = args.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let lse = m + args.iter().map(|x| (x - m).exp()).sum::<f64>().ln();
            mean += (lse - n.ln()) / n;
        }
        d / 2.0 + d / 2.0 * (2.0 * std::f64::consts::PI * var).ln() - mean
    }

    pub fn h_bd(points: &[Vec<f64>], var: f64) -> f64 {
        let d = points[0].len() as f64;
        h_kl(points, 4.0 * var) + d / 2.0 * (0.25f64).ln()
    }

    pub fn h_given_input(d: usize, var: f64) -> f64 {
        d as f64 / 2.0 * ((2.0 * std::f64::consts::PI * var).ln() + 1.0)
    }

    /// H(T) − Σ_c p(c) H(T | X = c) with `h` one of the two entropy bounds.
    pub fn class_mi(points: &[Vec<f64>], labels: &[u8], var: f64, h: fn(&[Vec<f64>], f64) -> f64) -> f64 {
        let n = points.len() as f64;
        let mut conditional = 0.0;
        for c in 0..=255u8 {
            let class: Vec<Vec<f64>> = points.iter().zip(labels).filter(|(_, &l)| l == c).map(|(p, _)| p.clone()).collect();
            if !class.is_empty() {
                conditional += class.len() as f64 / n * h(&class, var);
            }
        }
        h(points, var) - conditional
    }
}

const LN_2: f64 = std::f64::consts::LN_2;

fn random_points(rng: &mut Rng, n: usize, d: usize, spread: f64) -> Vec<f32> {
    (0..n * d).map(|_| (rng.normal() * spread) as f32).collect()
}

fn as_rows(values: &[f32], d: usize) -> Vec<Vec<f64>> {
    values.chunks(d).map(|r| r.iter().map(|&v| f64::from(v)).collect()).collect()
}

fn plug_in_entropy_bits(symbols: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    symbols.iter().for_each(|&s| counts[s as usize] += 1);
    let n = symbols.len() as f64;
    counts.iter().filter(|&&c| c > 0).map(|&c| -(c as f64 / n) * (c as f64 / n).log2()).sum()
}

#[test]
fn bounds_equal_the_literal_formulas() {
    let mut rng = Rng::new(31, Stream::Init);
    for &(n, d) in &[(2usize, 1usize), (7, 3), (12, 5), (30, 10)] {
        let mut values = random_points(&mut rng, n, d, 1.0);
        // A duplicated point (D = 0 off the diagonal).
        let (first, rest) = values.split_at_mut(d);
        rest[..d].copy_from_slice(first);
        let labels: Vec<u8> = (0..n).map(|i| if i == n - 1 { 9 } else { rng.below(3) as u8 }).collect();
        let quadrants: Vec<u8> = (0..n).map(|_| rng.below(4) as u8).collect();
        let sample = Sample::new(&values, n, d).unwrap();
        let rows = as_rows(&values, d);
        for var in [1e-3, 0.1, 1.0, 30.0] {
            let close = |got: f64, nats: f64, what: &str| {
                let want = nats / LN_2;
                assert!((got - want).abs() < 1e-9, "n {n}, d {d}, σ² {var}, {what}: {got} vs {want}");
            };
            let info = kde_layer_info(&sample, &labels, &quadrants, KdeNoise::Fixed(var)).unwrap();
            let k = naive::h_given_input(d, var);
            close(info.h_t_given_input_bits, k, "H(T|input)");
            close(info.h_t_upper_bits, naive::h_kl(&rows, var), "H_KL");
            close(info.h_t_lower_bits, naive::h_bd(&rows, var), "H_BD");
            close(info.i_input_t_upper_bits, naive::h_kl(&rows, var) - k, "I(input;T) upper");
            close(info.i_input_t_lower_bits, naive::h_bd(&rows, var) - k, "I(input;T) lower");
            close(info.i_x_t_upper_bits, naive::class_mi(&rows, &labels, var, naive::h_kl), "I(X;T) upper");
            close(info.i_x_t_lower_bits, naive::class_mi(&rows, &labels, var, naive::h_bd), "I(X;T) lower");
            close(info.i_t_q_upper_bits, naive::class_mi(&rows, &quadrants, var, naive::h_kl), "I(T;Q) upper");
            close(info.i_t_q_lower_bits, naive::class_mi(&rows, &quadrants, var, naive::h_bd), "I(T;Q) lower");
            assert_eq!((info.n, info.d, info.noise_var), (n, d, var));
            // The single-quantity functions give the same numbers, bit for bit.
            let h = kde_entropy_bits(&sample, var).unwrap();
            assert_eq!((h.upper_bits, h.lower_bits), (info.h_t_upper_bits, info.h_t_lower_bits));
            let i = kde_input_information_bits(&sample, var).unwrap();
            assert_eq!((i.upper_bits, i.lower_bits), (info.i_input_t_upper_bits, info.i_input_t_lower_bits));
            let x = kde_information_bits(&sample, &labels, var).unwrap();
            assert_eq!((x.upper_bits, x.lower_bits), (info.i_x_t_upper_bits, info.i_x_t_lower_bits));
            assert_eq!(kde_noise_entropy_bits(d, var).unwrap(), info.h_t_given_input_bits);
        }
    }
}
