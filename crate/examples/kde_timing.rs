//! Prints how long the KDE bounds of one layer take (every quantity, one pass over the pairs),
//! for a few sample sizes N on a d-unit layer of tanh-like activity. Timing is printed, never
//! asserted. Wall time counts waiting on a busy machine too, so on Linux the thread's CPU time
//! (from /proc/thread-self/schedstat, updated at scheduler ticks: coarse for short runs) is
//! printed beside it. Run: `cargo run --release -p brainlab --example kde_timing [d]`.

use std::time::Instant;

use brainlab::info::{kde_layer_info, KdeNoise, Sample};
use brainlab::rng::{Rng, Stream};

/// CPU time of this thread in ns, if the kernel reports it.
fn cpu_ns() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn main() {
    let d: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(120);
    let mut rng = Rng::new(1, Stream::Init);
    let max_n = 4000;
    let values: Vec<f32> = (0..max_n * d).map(|_| libm::tanh(rng.normal()) as f32).collect();
    let labels: Vec<u8> = (0..max_n).map(|_| rng.below(10) as u8).collect();
    let quadrants: Vec<u8> = (0..max_n).map(|_| rng.below(4) as u8).collect();
    println!("{:>6} {:>5} {:>9} {:>9} {:>10}", "N", "d", "wall ms", "cpu ms", "ns/pair");
    for n in [250usize, 500, 1000, 2000, 4000] {
        let sample = Sample::new(&values[..n * d], n, d).unwrap();
        let reps = (8000 / n).max(2);
        let (start, cpu_start) = (Instant::now(), cpu_ns());
        let mut check = 0.0;
        for _ in 0..reps {
            let info = kde_layer_info(&sample, &labels[..n], &quadrants[..n], KdeNoise::Fixed(0.1)).unwrap();
            check += info.i_x_t_upper_bits;
        }
        let ms = start.elapsed().as_secs_f64() * 1e3 / reps as f64;
        let cpu_ms = cpu_start.zip(cpu_ns()).map_or(f64::NAN, |(a, b)| (b - a) / 1e6 / reps as f64);
        let pairs = (n * (n - 1) / 2) as f64;
        println!(
            "{n:>6} {d:>5} {ms:>9.2} {cpu_ms:>9.2} {:>10.1}   (I(X;T) upper {:.4} bits)",
            cpu_ms.min(ms) * 1e6 / pairs,
            check / reps as f64
        );
    }
}
