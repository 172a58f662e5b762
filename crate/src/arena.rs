//! The credit-assignment arena's table: from the finished runs of rules × hidden sizes × seeds,
//! one row per rule and hidden size with the final test accuracy (mean ± 95% CI over seeds),
//! its gap to the `shallow` control and to `backprop`, the last update-vs-gradient angle and
//! the speed. The CLI (`brainlab arena`) and the page run the runs; the numbers are made here.
//!
//! The gaps are paired by seed: runs of one seed share their initial weights, batches and
//! feedback draws across rules, so gap = mean over seeds of (acc_rule(seed) − acc_ref(seed)),
//! which equals the difference of the two means, with the 95% half-width of those paired
//! differences (Student's t, `stats`). Pairing removes the spread the seeds share and makes
//! the gap's interval narrower than the two means' own. When the two rows' seeds differ the gap
//! is the difference of means, without an interval.

use serde::{Deserialize, Serialize};

use crate::config::Rule;
use crate::stats::{mean, mean_ci, MeanCi};

/// One finished run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArenaResult {
    pub rule: Rule,
    pub hidden: Vec<usize>,
    pub seed: u32,
    /// Test accuracy at the last evaluation.
    pub test_acc: f64,
    /// The first hidden layer's update-vs-gradient angle at the last evaluation (None under
    /// backprop and the shallow control).
    pub update_angle_deg: Option<f64>,
    /// Training steps per second of wall time (evaluations included).
    pub steps_per_s: f64,
    /// Why the run has no result (it diverged, or could not be built); its accuracy, angle and
    /// speed are then not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A gap between two rows' accuracies (this row minus the reference).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub mean: f64,
    /// The paired differences' 95% half-width; None when unpaired or for one seed.
    pub half_width: Option<f64>,
}

/// One row: a rule at one hidden size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArenaRow {
    pub rule: Rule,
    pub hidden: Vec<usize>,
    pub test_acc: MeanCi,
    /// Minus `shallow`'s at the same hidden size (None without a shallow row).
    pub gap_to_shallow: Option<Gap>,
    /// Minus `backprop`'s at the same hidden size.
    pub gap_to_backprop: Option<Gap>,
    /// Mean over seeds of the last update angle; None where the rule has none.
    pub update_angle_deg: Option<f64>,
    /// Mean over seeds.
    pub steps_per_s: f64,
    /// The runs that failed (diverged, or could not be built), each with its error: they are
    /// left out of the other figures (a row whose every run failed has a mean of NaN).
    pub failed: Vec<Failure>,
}

/// A run without a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub seed: u32,
    pub error: String,
}

/// The results of `rule` at `hidden` that have one (no error), sorted by seed.
fn runs_of<'a>(results: &'a [ArenaResult], rule: Rule, hidden: &[usize]) -> Vec<&'a ArenaResult> {
    let mut runs: Vec<&ArenaResult> = results.iter().filter(|r| r.rule == rule && r.hidden == hidden && r.error.is_none()).collect();
    runs.sort_by_key(|r| r.seed);
    runs
}

/// This row's accuracy minus the reference's, paired by seed when both have the same seeds.
fn gap(runs: &[&ArenaResult], reference: &[&ArenaResult]) -> Option<Gap> {
    if reference.is_empty() || runs.is_empty() {
        return None;
    }
    let same_seeds = runs.len() == reference.len() && runs.iter().zip(reference).all(|(a, b)| a.seed == b.seed);
    if same_seeds {
        let d: Vec<f64> = runs.iter().zip(reference).map(|(a, b)| a.test_acc - b.test_acc).collect();
        let ci = mean_ci(&d);
        Some(Gap { mean: ci.mean, half_width: ci.half_width })
    } else {
        let acc = |rs: &[&ArenaResult]| mean(&rs.iter().map(|r| r.test_acc).collect::<Vec<_>>());
        Some(Gap { mean: acc(runs) - acc(reference), half_width: None })
    }
}

/// One row per (hidden size, rule), in the order they first appear in `results`.
pub fn rows(results: &[ArenaResult]) -> Vec<ArenaRow> {
    let mut keys: Vec<(Vec<usize>, Rule)> = Vec::new();
    for r in results {
        if !keys.iter().any(|(h, rule)| h == &r.hidden && *rule == r.rule) {
            keys.push((r.hidden.clone(), r.rule));
        }
    }
    keys.into_iter()
        .map(|(hidden, rule)| {
            let runs = runs_of(results, rule, &hidden);
            let accs: Vec<f64> = runs.iter().map(|r| r.test_acc).collect();
            let angles: Option<Vec<f64>> = runs.iter().map(|r| r.update_angle_deg).collect();
            let shallow = runs_of(results, Rule::Shallow, &hidden);
            let backprop = runs_of(results, Rule::Backprop, &hidden);
            ArenaRow {
                test_acc: mean_ci(&accs),
                gap_to_shallow: gap(&runs, &shallow),
                gap_to_backprop: gap(&runs, &backprop),
                update_angle_deg: angles.filter(|a| !a.is_empty()).map(|a| mean(&a)),
                steps_per_s: mean(&runs.iter().map(|r| r.steps_per_s).collect::<Vec<_>>()),
                failed: results
                    .iter()
                    .filter(|r| r.rule == rule && r.hidden == hidden)
                    .filter_map(|r| r.error.as_ref().map(|error| Failure { seed: r.seed, error: error.clone() }))
                    .collect(),
                rule,
                hidden,
            }
        })
        .collect()
}

/// `0.8123 ± 0.0040` (or just the mean for one seed), in percent: `81.23 ± 0.40`.
fn pct(mean: f64, half_width: Option<f64>, sign: bool) -> String {
    let m = if sign { format!("{:+.2}", 100.0 * mean) } else { format!("{:.2}", 100.0 * mean) };
    match half_width {
        Some(h) => format!("{m} ± {:.2}", 100.0 * h),
        None => m,
    }
}

fn hidden_label(hidden: &[usize]) -> String {
    hidden.iter().map(ToString::to_string).collect::<Vec<_>>().join("x")
}

/// The table's column headings, as the Markdown table and the page show them.
pub const COLUMNS: [&str; 9] = [
    "rule",
    "hidden",
    "seeds",
    "test acc % (± 95% CI)",
    "gap to shallow (pp)",
    "gap to backprop (pp)",
    "update angle (°)",
    "steps/s",
    "failed",
];

/// A row's cells under [`COLUMNS`]: accuracies and gaps in percentage points, mean ± 95%
/// half-width, "-" where there is no value; failed runs as "seed 3: <error>".
pub fn cells(r: &ArenaRow) -> Vec<String> {
    let g = |g: &Option<Gap>| g.map_or_else(|| "-".to_string(), |g| pct(g.mean, g.half_width, true));
    let failed = if r.failed.is_empty() {
        "-".to_string()
    } else {
        r.failed.iter().map(|f| format!("seed {}: {}", f.seed, f.error.replace(['|', '\n'], " "))).collect::<Vec<_>>().join("; ")
    };
    vec![
        r.rule.name().to_string(),
        hidden_label(&r.hidden),
        r.test_acc.n.to_string(),
        if r.test_acc.n == 0 { "-".to_string() } else { pct(r.test_acc.mean, r.test_acc.half_width, false) },
        g(&r.gap_to_shallow),
        g(&r.gap_to_backprop),
        r.update_angle_deg.map_or_else(|| "-".to_string(), |a| format!("{a:.1}")),
        if r.test_acc.n == 0 { "-".to_string() } else { format!("{:.0}", r.steps_per_s) },
        failed,
    ]
}

/// The table in Markdown (the cells of [`cells`]).
pub fn markdown(rows: &[ArenaRow]) -> String {
    let mut out = format!("| {} |\n|{}\n", COLUMNS.join(" | "), "---|".repeat(COLUMNS.len()));
    for r in rows {
        out.push_str(&format!("| {} |\n", cells(r).join(" | ")));
    }
    out
}

/// The CSV text of [`csv_records`] (RFC 4180 quoting, one line break after each line).
pub fn csv_text(rows: &[ArenaRow]) -> String {
    csv_records(rows)
        .iter()
        .map(|record| record.iter().map(|f| crate::experiment::csv_field(f).into_owned()).collect::<Vec<_>>().join(",") + "\n")
        .collect()
}

/// The CSV's header and rows: fractions, not percent; empty fields where there is no value.
pub fn csv_records(rows: &[ArenaRow]) -> Vec<Vec<String>> {
    let opt = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    let mut out = vec![[
        "rule", "hidden", "seeds", "test_acc_mean", "test_acc_ci95", "gap_to_shallow", "gap_to_shallow_ci95",
        "gap_to_backprop", "gap_to_backprop_ci95", "update_angle_deg", "steps_per_s", "failed", "errors",
    ]
    .map(String::from)
    .to_vec()];
    for r in rows {
        out.push(vec![
            r.rule.name().to_string(),
            hidden_label(&r.hidden),
            r.test_acc.n.to_string(),
            r.test_acc.mean.to_string(),
            opt(r.test_acc.half_width),
            opt(r.gap_to_shallow.map(|g| g.mean)),
            opt(r.gap_to_shallow.and_then(|g| g.half_width)),
            opt(r.gap_to_backprop.map(|g| g.mean)),
            opt(r.gap_to_backprop.and_then(|g| g.half_width)),
            opt(r.update_angle_deg),
            r.steps_per_s.to_string(),
            r.failed.len().to_string(),
            r.failed.iter().map(|f| format!("seed {}: {}", f.seed, f.error)).collect::<Vec<_>>().join("; "),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(rule: Rule, seed: u32, acc: f64) -> ArenaResult {
        let angle = (rule != Rule::Backprop && rule != Rule::Shallow).then_some(40.0 + f64::from(seed));
        ArenaResult { rule, hidden: vec![120], seed, test_acc: acc, update_angle_deg: angle, steps_per_s: 100.0 * f64::from(seed), error: None }
    }

    #[test]
    fn rows_give_the_mean_ci_and_paired_gaps() {
        let results = vec![
            result(Rule::Backprop, 1, 0.84),
            result(Rule::Backprop, 2, 0.86),
            result(Rule::Backprop, 3, 0.85),
            result(Rule::Shallow, 1, 0.70),
            result(Rule::Shallow, 2, 0.74),
            result(Rule::Shallow, 3, 0.72),
            result(Rule::FeedbackAlignment, 1, 0.80),
            result(Rule::FeedbackAlignment, 2, 0.83),
            result(Rule::FeedbackAlignment, 3, 0.83),
        ];
        let rows = rows(&results);
        assert_eq!(rows.iter().map(|r| r.rule).collect::<Vec<_>>(), [Rule::Backprop, Rule::Shallow, Rule::FeedbackAlignment]);
        let fa = &rows[2];
        // Accuracies 0.80, 0.83, 0.83: mean 0.82, s = √(0.0006/2) = 0.017321, t(0.975, 2) = 4.303.
        assert!((fa.test_acc.mean - 0.82).abs() < 1e-12);
        assert!((fa.test_acc.half_width.unwrap() - 4.303 * 0.017_320_508 / 3f64.sqrt()).abs() < 1e-8);
        // Paired gaps to shallow: 0.10, 0.09, 0.11: mean 0.10, s = 0.01.
        let g = fa.gap_to_shallow.unwrap();
        assert!((g.mean - 0.10).abs() < 1e-12);
        assert!((g.half_width.unwrap() - 4.303 * 0.01 / 3f64.sqrt()).abs() < 1e-9);
        // To backprop: −0.04, −0.03, −0.02: mean −0.03, equal to the difference of means.
        let g = fa.gap_to_backprop.unwrap();
        assert!((g.mean + 0.03).abs() < 1e-12 && (g.mean - (fa.test_acc.mean - rows[0].test_acc.mean)).abs() < 1e-12);
        assert_eq!(rows[1].gap_to_shallow.unwrap().mean, 0.0);
        assert_eq!(fa.update_angle_deg, Some(42.0));
        assert_eq!(rows[0].update_angle_deg, None);
        assert_eq!(fa.steps_per_s, 200.0);
        let md = markdown(&rows);
        assert!(md.contains("| feedback_alignment | 120 | 3 | 82.00 ± 4.30 | +10.00 ± 2.48 | -3.00 ± 2.48 | 42.0 | 200 | - |"), "{md}");
        assert_eq!(csv_records(&rows).len(), 4);
    }

    #[test]
    fn unpaired_seeds_give_the_difference_of_means_and_no_interval() {
        let results = vec![result(Rule::Shallow, 1, 0.70), result(Rule::Shallow, 2, 0.72), result(Rule::Usf, 5, 0.80)];
        let rows = rows(&results);
        let g = rows[1].gap_to_shallow.unwrap();
        assert!((g.mean - 0.09).abs() < 1e-12 && g.half_width.is_none());
        assert_eq!(rows[1].gap_to_backprop, None, "no backprop row");
        assert_eq!(rows[1].test_acc.half_width, None, "one seed");
    }

    #[test]
    fn a_failed_run_is_a_row_with_its_error_and_left_out_of_the_figures() {
        let mut diverged = result(Rule::Dtp, 2, f64::NAN);
        diverged.error = Some("the loss is not finite at step 40".to_string());
        let results = vec![
            result(Rule::Shallow, 1, 0.70),
            result(Rule::Shallow, 2, 0.72),
            result(Rule::Dtp, 1, 0.80),
            diverged,
            ArenaResult { error: Some("lr: too large".to_string()), ..result(Rule::Backprop, 1, f64::NAN) },
        ];
        let rows = rows(&results);
        let dtp = &rows[1];
        assert_eq!((dtp.test_acc.n, dtp.test_acc.mean), (1, 0.80));
        assert_eq!(dtp.failed, [Failure { seed: 2, error: "the loss is not finite at step 40".to_string() }]);
        // Seeds {1} against shallow's {1, 2}: unpaired, the difference of means.
        assert!((dtp.gap_to_shallow.unwrap().mean - 0.09).abs() < 1e-12);
        let backprop = &rows[2];
        assert_eq!(backprop.test_acc.n, 0);
        assert_eq!(dtp.gap_to_backprop, None, "backprop has no result");
        let md = markdown(&rows);
        assert!(md.contains("| dtp | 120 | 1 | 80.00 | +9.00 | - | 41.0 | 100 | seed 2: the loss is not finite at step 40 |"), "{md}");
        assert!(md.contains("| backprop | 120 | 0 | - | -"), "{md}");
        let csv = csv_text(&rows);
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.lines().nth(2).unwrap().ends_with(",1,seed 2: the loss is not finite at step 40"), "{csv}");
    }
}
