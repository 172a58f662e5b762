//! Prints the estimator check (every estimator of the lab on data with a known I(X;T)) as a
//! table: one line per channel, d and N, one column per estimator, the truth first. With
//! `--csv FILE` it also writes the rows (channel,d,n,estimator,estimate_bits,truth_bits,
//! truth_stderr_bits). Run: `cargo run --release -p brainlab --example estimator_check`.

use std::time::Instant;

use brainlab::info::{estimator_check, CheckSettings, ESTIMATORS};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let csv = args.iter().position(|a| a == "--csv").and_then(|i| args.get(i + 1));
    let settings = CheckSettings::default();
    let start = Instant::now();
    let rows = match estimator_check(&settings) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("estimator check: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "seed {}, flip_prob {}, noise_sd {}, bins {}, kde_noise_var {}, truth_samples {}: {:.1} s",
        settings.seed,
        settings.flip_prob,
        settings.noise_sd,
        settings.bins,
        settings.kde_noise_var,
        settings.truth_samples,
        start.elapsed().as_secs_f64()
    );
    let short = |name: &str| name.replace("threshold", "thr").replace("uniform", "uni").replace("adaptive", "ada").replace("_plug_in", "_pi").replace("_miller_madow", "_mm").replace("matched", "mat");
    print!("{:<9} {:>2} {:>6} {:>15}", "channel", "d", "N", "truth");
    for name in ESTIMATORS {
        print!(" {:>11}", short(name));
    }
    println!();
    let mut k = 0;
    while k < rows.len() {
        let first = &rows[k];
        let group: Vec<_> = rows[k..].iter().take_while(|r| r.channel == first.channel && r.d == first.d && r.n == first.n).collect();
        let truth = if first.truth_stderr_bits > 0.0 {
            format!("{:.3}±{:.3}", first.truth_bits, first.truth_stderr_bits)
        } else {
            format!("{:.3}", first.truth_bits)
        };
        print!("{:<9} {:>2} {:>6} {:>15}", first.channel.name(), first.d, first.n, truth);
        for name in ESTIMATORS {
            match group.iter().find(|r| r.estimator == name) {
                Some(r) => print!(" {:>11.3}", r.estimate_bits),
                None => print!(" {:>11}", "-"),
            }
        }
        println!();
        k += group.len();
    }
    if let Some(path) = csv {
        let mut text = String::from("channel,d,n,estimator,estimate_bits,truth_bits,truth_stderr_bits\n");
        for r in &rows {
            text += &format!("{},{},{},{},{},{},{}\n", r.channel.name(), r.d, r.n, r.estimator, r.estimate_bits, r.truth_bits, r.truth_stderr_bits);
        }
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
