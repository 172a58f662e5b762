//! The CLI's CSV files, written with the `csv` crate (RFC 4180 quoting where a field needs it):
//! the metrics of each evaluation, and each test image's codes.

use std::io::Write;

use super::CliError;
use crate::experiment::{summary_csv_fields, Experiment, Metrics};

/// One row per evaluation of each run: the columns of [`Metrics::csv_header_fields`] for up to
/// `layers` weight layers, then the run's label.
pub fn write_metrics_csv(out: impl Write, layers: usize, runs: &[(String, Vec<Metrics>)]) -> Result<(), CliError> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = Metrics::csv_header_fields(layers);
    header.push("run".to_string());
    w.write_record(&header)?;
    for (label, history) in runs {
        for m in history {
            let mut row = m.csv_fields(layers);
            row.push(label.clone());
            w.write_record(&row)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Runs of several seeds: [`write_metrics_csv`]'s rows with a `seed` column after the run's
/// label (one row per seed and evaluation), then per setting and evaluation the two summary rows
/// of [`summary_csv_fields`] (`seed` = `mean` and `ci95`). The page's CSV is the same text
/// (`experiment::metrics_csv`).
pub fn write_seeded_metrics_csv(
    out: impl Write,
    layers: usize,
    runs: &[(String, u32, Vec<Metrics>)],
    summaries: &[(String, Vec<crate::stats::StepSummary>)],
) -> Result<(), CliError> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = Metrics::csv_header_fields(layers);
    header.extend(["run", "seed"].map(String::from));
    w.write_record(&header)?;
    for (label, seed, history) in runs {
        for m in history {
            let mut row = m.csv_fields(layers);
            row.extend([label.clone(), seed.to_string()]);
            w.write_record(&row)?;
        }
    }
    for (label, steps) in summaries {
        for s in steps {
            for row in summary_csv_fields(s, layers, label) {
                w.write_record(&row)?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// One CSV row per test image: `image,label,quadrant,l1,…` with each layer's code (as the
/// information measures discretise it at the last evaluation) in hex, from the first hidden
/// layer to the output.
pub fn write_codes_csv(exp: &Experiment, out: &mut impl Write) -> Result<(), CliError> {
    use crate::info::brightest_quadrants;
    let test = exp.test_set();
    let codes = (0..exp.model().layers.len()).map(|l| exp.layer_codes(l)).collect::<Result<Vec<_>, _>>().map_err(crate::Error::from)?;
    let quadrants = brightest_quadrants(test);
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["image", "label", "quadrant"].map(String::from).to_vec();
    header.extend((1..=codes.len()).map(|l| format!("l{l}")));
    w.write_record(&header)?;
    for (i, quadrant) in quadrants.iter().enumerate() {
        let mut row = vec![i.to_string(), test.labels[i].to_string(), quadrant.to_string()];
        row.extend(codes.iter().map(|c| c.hex(i).unwrap_or_default()));
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::tests::two_images;
    use crate::Config;

    #[test]
    fn rows_are_padded_and_labels_quoted_when_needed() {
        let mut exp = two_images(Config::default());
        exp.step(1).unwrap();
        let labels = ["feedback alignment, no derivative", "say \"hi\""];
        let runs: Vec<(String, Vec<Metrics>)> = labels.iter().map(|l| (l.to_string(), exp.history().to_vec())).collect();
        let mut out = Vec::new();
        write_metrics_csv(&mut out, 3, &runs).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().next().unwrap(), Metrics::csv_header_line(3));
        assert!(text.lines().nth(1).unwrap().ends_with(",\"feedback alignment, no derivative\""), "{text}");
        assert!(text.lines().last().unwrap().ends_with(",\"say \"\"hi\"\"\""), "{text}");
        let mut back = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = back.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 2 * exp.history().len());
        for (row, m) in rows.iter().zip(exp.history().iter().chain(exp.history())) {
            let mut fields = m.csv_fields(3);
            fields.push(row[row.len() - 1].to_string());
            assert_eq!(row.iter().collect::<Vec<_>>(), fields, "every row has every column, layers 2 and 3 empty");
        }
        assert_eq!(&rows[0][rows[0].len() - 1], labels[0]);
        // One CSV format: the page's lines (Metrics::csv_header_line, csv_line) are these.
        let page: Vec<String> = std::iter::once(Metrics::csv_header_line(3))
            .chain(runs.iter().flat_map(|(label, h)| h.iter().map(move |m| m.csv_line(3, label))))
            .collect();
        assert_eq!(text.lines().collect::<Vec<_>>(), page);
    }

    #[test]
    fn the_seeded_csv_is_the_pages() {
        use crate::experiment::{metrics_csv, SeedHistory, SettingHistories};
        let history = |seed: u32| {
            let mut exp = two_images(Config { seed, ..Config::default() });
            exp.step(1).unwrap();
            exp.history().to_vec()
        };
        let settings = [("fa, \"two\"", vec![5, 6]), ("bp", vec![9])];
        let runs: Vec<(String, u32, Vec<Metrics>)> =
            settings.iter().flat_map(|(label, seeds)| seeds.iter().map(move |&s| (label.to_string(), s, history(s)))).collect();
        let summaries: Vec<(String, Vec<crate::stats::StepSummary>)> = settings
            .iter()
            .map(|(label, seeds)| (label.to_string(), crate::stats::summarise(&seeds.iter().map(|&s| history(s)).collect::<Vec<_>>(), Metrics::step_figures)))
            .collect();
        assert!(summaries[0].1[1].test_acc.unwrap().half_width.is_some());
        let mut out = Vec::new();
        write_seeded_metrics_csv(&mut out, 2, &runs, &summaries).unwrap();
        let cli = String::from_utf8(out).unwrap();
        let page: Vec<SettingHistories> = settings
            .iter()
            .map(|(label, seeds)| SettingHistories { label: label.to_string(), seeds: seeds.iter().map(|&seed| SeedHistory { seed, history: history(seed) }).collect() })
            .collect();
        assert_eq!(metrics_csv(2, &page), cli);
        assert_eq!(cli.lines().count(), 1 + 3 * 2 + 2 * 2 * 2, "{cli}");
    }
}
