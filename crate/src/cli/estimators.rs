//! `brainlab estimators`: the estimator check (every estimator of the lab on data whose I(X;T)
//! is known, `info::estimator_check`) as a compact table on stdout, one line per channel, d and
//! N, one column per estimator, the truth first; with `--csv` also its rows.

use std::path::Path;
use std::time::Instant;

use super::CliError;
use crate::info::{estimator_check, CheckRow, CheckSettings, ESTIMATORS};

/// The CSV's columns, one row per channel, d, N and estimator.
pub const CHECK_COLUMNS: [&str; 7] = ["channel", "d", "n", "estimator", "estimate_bits", "truth_bits", "truth_stderr_bits"];

/// Runs the check with the default settings (and `seed`, if given), prints the table and
/// writes the rows to `csv`.
pub fn estimators(csv: Option<&Path>, seed: Option<u32>) -> Result<(), CliError> {
    let defaults = CheckSettings::default();
    let settings = CheckSettings { seed: seed.unwrap_or(defaults.seed), ..defaults };
    let start = Instant::now();
    let rows = estimator_check(&settings)?;
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
    print!("{}", table(&rows));
    if let Some(path) = csv {
        let mut out = csv::Writer::from_path(path).map_err(|e| CliError::file(path, e))?;
        out.write_record(CHECK_COLUMNS)?;
        for r in &rows {
            let d = r.d.to_string();
            let n = r.n.to_string();
            let (e, t, s) = (r.estimate_bits.to_string(), r.truth_bits.to_string(), r.truth_stderr_bits.to_string());
            out.write_record([r.channel.name(), &d, &n, &r.estimator, &e, &t, &s])?;
        }
        out.flush().map_err(|e| CliError::file(path, e))?;
        println!("wrote {} rows to {}", rows.len(), path.display());
    }
    Ok(())
}

/// An estimator's column heading: its name shortened to fit.
fn short(name: &str) -> String {
    name.replace("threshold", "thr")
        .replace("uniform", "uni")
        .replace("adaptive", "ada")
        .replace("_plug_in", "_pi")
        .replace("_miller_madow", "_mm")
        .replace("matched", "mat")
}

/// The rows as a table: one line per (channel, d, N), the estimators in [`ESTIMATORS`] order,
/// `-` where an estimator does not apply.
pub fn table(rows: &[CheckRow]) -> String {
    let mut text = format!("{:<9} {:>2} {:>6} {:>15}", "channel", "d", "N", "truth");
    ESTIMATORS.iter().for_each(|name| text += &format!(" {:>11}", short(name)));
    text.push('\n');
    let mut k = 0;
    while k < rows.len() {
        let first = &rows[k];
        let group: Vec<&CheckRow> =
            rows[k..].iter().take_while(|r| r.channel == first.channel && r.d == first.d && r.n == first.n).collect();
        let truth = if first.truth_stderr_bits > 0.0 {
            format!("{:.3}±{:.3}", first.truth_bits, first.truth_stderr_bits)
        } else {
            format!("{:.3}", first.truth_bits)
        };
        text += &format!("{:<9} {:>2} {:>6} {:>15}", first.channel.name(), first.d, first.n, truth);
        for name in ESTIMATORS {
            match group.iter().find(|r| r.estimator == name) {
                Some(r) => text += &format!(" {:>11.3}", r.estimate_bits),
                None => text += &format!(" {:>11}", "-"),
            }
        }
        text.push('\n');
        k += group.len();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::info::ChannelKind;

    #[test]
    fn the_command_line_gives_the_csv_and_the_seed() {
        use crate::cli::{parse_args, Command};
        let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        let cmd = parse_args(&args("estimators --csv checks.csv --seed 3")).unwrap();
        assert_eq!(cmd, Command::Estimators { csv: Some("checks.csv".into()), seed: Some(3) });
        assert_eq!(parse_args(&args("estimators")).unwrap(), Command::Estimators { csv: None, seed: None });
        let Command::Bench { binning, .. } = parse_args(&args("bench --binning kde")).unwrap() else { panic!() };
        let Command::Bench { rules, .. } = parse_args(&args("bench --rule all")).unwrap() else { panic!() };
        assert_eq!(rules, crate::config::Rule::ALL);
        let Command::Bench { rules, .. } = parse_args(&args("bench --rule sign-symmetry")).unwrap() else { panic!() };
        assert_eq!(rules, [crate::config::Rule::Usf]);
        assert_eq!(binning, crate::info::Binning::Kde);
        assert!(parse_args(&args("bench --binning kernel")).is_err());
    }

    #[test]
    fn the_table_has_one_line_per_channel_d_and_n_with_a_dash_where_an_estimator_does_not_apply() {
        let row = |channel, n, estimator: &str, estimate_bits| CheckRow {
            channel,
            d: 4,
            n,
            estimator: estimator.into(),
            estimate_bits,
            truth_bits: 2.5,
            truth_stderr_bits: if channel == ChannelKind::Gaussian { 0.01 } else { 0.0 },
            label_entropy_bits: 3.3,
            max_entropy_bits: (n as f64).log2(),
        };
        let rows = [
            row(ChannelKind::Discrete, 100, "threshold_plug_in", 2.75),
            row(ChannelKind::Discrete, 100, "kde_upper", 3.0),
            row(ChannelKind::Gaussian, 100, "kde_matched_lower", 1.25),
        ];
        let text = table(&rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].contains("thr_pi") && lines[0].contains("kde_mat_lower"), "{}", lines[0]);
        let cells: Vec<&str> = lines[1].split_whitespace().collect();
        assert_eq!(cells[..5], ["discrete", "4", "100", "2.500", "2.750"]);
        assert_eq!(cells.len(), 4 + ESTIMATORS.len());
        assert_eq!(cells.iter().filter(|c| **c == "-").count(), ESTIMATORS.len() - 2);
        assert!(lines[2].contains("2.500±0.010") && lines[2].trim_end().ends_with("1.250"), "{}", lines[2]);
    }
}
