//! What an evaluation reports, and its CSV form: one format for the CLI and the page.

use serde::{Deserialize, Serialize};

use super::LayerDiagnostics;
use crate::info::{DataProcessingCheck, KdeInfo, LayerInfo};
use crate::nn::rules::Rule;

/// One evaluation. Losses are the mean over images of Σ_k (ŷ_k − y_k)² (the same measure in both
/// conventions) for a classifier, and the mean squared error per pixel for an autoencoder;
/// accuracies are fractions in [0, 1].
///
/// Test figures come from the whole test set. Train figures are the mean over the mini-batches
/// trained since the previous evaluation, each measured by its forward pass before its update;
/// at step 0 they come from the whole training subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub step: usize,
    pub train_loss: f64,
    /// None for an autoencoder, which has no classes to get right.
    pub train_acc: Option<f64>,
    pub test_loss: f64,
    pub test_acc: Option<f64>,
    /// Per weight layer, input side first.
    pub layers: Vec<LayerDiagnostics>,
    /// Per layer (each hidden layer, then the output), what its code tells about the label X
    /// and the brightest quadrant Q, on the test set.
    pub info: Vec<LayerInfo>,
    /// Per consecutive pair of layers (Y before Z), whether I(X;Y) ≥ I(X;Z) holds for the codes.
    pub data_processing: Vec<DataProcessingCheck>,
    /// Per layer as `info`, when binning is `kde`: the kernel-density bounds on the noisy layer
    /// over the first `kde_samples` test images (see `info::kde`); empty (and absent from the
    /// JSON) otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kde: Vec<KdeInfo>,
}

/// Most weight layers a CSV table has columns for: a network's most.
pub const MAX_CSV_LAYERS: usize = crate::config::MAX_HIDDEN_LAYERS + 1;

/// Per-layer CSV columns, each prefixed `l{n}_` with n = 1 for the first weight layer: these,
/// then the rules' figures ([`Rule::diagnostic_names`]: every registered rule's, so that one
/// header serves any mix of rules), then [`INFO_COLUMNS`] and [`KDE_COLUMNS`].
const COMMON_COLUMNS: [&str; 8] = ["grad", "dw_per_step", "w", "dl_dh", "dl_dz", "saturated", "feedback_angle_deg", "update_angle_deg"];

/// The information measures' per-layer columns, after the rules' figures.
const INFO_COLUMNS: [&str; 8] =
    ["h_t_bits", "h_t_given_x_bits", "i_x_t_bits", "i_t_q_bits", "i_x_t_shuffled_bits", "i_t_q_shuffled_bits", "undersampled", "dpi_holds"];

/// The last per-layer columns, empty unless binning is `kde`.
const KDE_COLUMNS: [&str; 7] = [
    "kde_upper_h_t_bits",
    "kde_lower_h_t_bits",
    "kde_upper_i_x_t_bits",
    "kde_lower_i_x_t_bits",
    "kde_upper_i_t_q_bits",
    "kde_lower_i_t_q_bits",
    "kde_noise_var",
];

/// Every per-layer CSV column (without its `l{n}_` prefix), in order.
pub fn layer_columns() -> Vec<&'static str> {
    COMMON_COLUMNS.into_iter().chain(Rule::diagnostic_names()).chain(INFO_COLUMNS).chain(KDE_COLUMNS).collect()
}

impl Metrics {
    /// The CSV header's fields for networks of up to `layers` weight layers (without the `run`
    /// column, which [`Metrics::csv_header_line`] appends).
    pub fn csv_header_fields(layers: usize) -> Vec<String> {
        let mut h: Vec<String> = ["step", "train_loss", "train_acc", "test_loss", "test_acc"].map(String::from).to_vec();
        let columns = layer_columns();
        for l in 1..=layers {
            h.extend(columns.iter().map(|c| format!("l{l}_{c}")));
        }
        h
    }

    /// One CSV row's fields, padded with empty cells up to `layers` weight layers.
    pub fn csv_fields(&self, layers: usize) -> Vec<String> {
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let mut r = vec![self.step.to_string(), self.train_loss.to_string(), opt(self.train_acc), self.test_loss.to_string(), opt(self.test_acc)];
        let figures = Rule::diagnostic_names();
        for l in 0..layers {
            match (self.layers.get(l), self.info.get(l)) {
                (Some(d), Some(i)) => {
                    r.extend([
                        d.mean_abs_grad.to_string(),
                        d.mean_abs_dw_per_step.to_string(),
                        d.mean_abs_w.to_string(),
                        d.mean_abs_dl_dh.to_string(),
                        d.mean_abs_dl_dz.to_string(),
                        opt(d.saturated_fraction),
                        opt(d.feedback_angle_deg),
                        opt(d.update_angle_deg),
                    ]);
                    r.extend(figures.iter().map(|name| opt(d.figure(name))));
                    r.extend([
                        i.h_t_bits.to_string(),
                        i.h_t_given_x_bits.to_string(),
                        i.i_x_t_bits.to_string(),
                        i.i_t_q_bits.to_string(),
                        i.i_x_t_shuffled_bits.to_string(),
                        i.i_t_q_shuffled_bits.to_string(),
                        i.undersampled.to_string(),
                        // Between this layer and the next; empty for the output layer.
                        self.data_processing.get(l).map(|c| c.holds.to_string()).unwrap_or_default(),
                    ]);
                }
                _ => r.extend(std::iter::repeat_n(String::new(), COMMON_COLUMNS.len() + figures.len() + INFO_COLUMNS.len())),
            }
            match (self.layers.get(l), self.kde.get(l)) {
                (Some(_), Some(k)) => r.extend([
                    k.h_t_upper_bits,
                    k.h_t_lower_bits,
                    k.i_x_t_upper_bits,
                    k.i_x_t_lower_bits,
                    k.i_t_q_upper_bits,
                    k.i_t_q_lower_bits,
                    k.noise_var,
                ].map(|v| v.to_string())),
                _ => r.extend(std::iter::repeat_n(String::new(), KDE_COLUMNS.len())),
            }
        }
        r
    }

    /// The CSV header line for networks of up to `layers` weight layers, ending with the `run`
    /// column (no line break).
    pub fn csv_header_line(layers: usize) -> String {
        join_fields(Self::csv_header_fields(layers).iter().map(String::as_str).chain(["run"]))
    }

    /// This evaluation's CSV line (padded with empty cells up to `layers` weight layers), its
    /// `run` cell `run` (no line break).
    pub fn csv_line(&self, layers: usize, run: &str) -> String {
        join_fields(self.csv_fields(layers).iter().map(String::as_str).chain([run]))
    }
}

/// One CSV line per evaluation of `history`, each with `run` in its last cell, joined by '\n'
/// (no final line break).
pub fn csv_rows(history: &[Metrics], layers: usize, run: &str) -> String {
    history.iter().map(|m| m.csv_line(layers, run)).collect::<Vec<_>>().join("\n")
}

/// One network's evaluations in an experiment's metrics CSV: its seed and its history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SeedHistory {
    pub seed: u32,
    pub history: Vec<Metrics>,
}

/// One setting of an experiment (one run of its settings, one row of the page's table): its
/// label and the networks it trained, one per seed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SettingHistories {
    pub label: String,
    pub seeds: Vec<SeedHistory>,
}

/// The seeded metrics CSV's header for up to `layers` weight layers: the `run` column, then
/// `seed` (no line break).
pub fn seeded_csv_header_line(layers: usize) -> String {
    join_fields(Metrics::csv_header_fields(layers).iter().map(String::as_str).chain(["run", "seed"]))
}

impl Metrics {
    /// This evaluation as the plain figures `stats::summarise` averages over seeds; a loss that
    /// is not finite (a diverged run) has no value.
    pub fn step_figures(&self) -> crate::stats::StepFigures {
        let finite = |v: f64| v.is_finite().then_some(v);
        crate::stats::StepFigures { step: self.step, test_acc: self.test_acc, test_loss: finite(self.test_loss), train_acc: self.train_acc, train_loss: finite(self.train_loss) }
    }
}

/// A seeded CSV's two summary rows (every field, `run` and `seed` included) for one evaluation
/// step of setting `run`: `seed` = `mean`, then `seed` = `ci95` (the 95% half-width over the
/// seeds, Student's t: `stats::mean_ci`). They fill step, train_loss, train_acc, test_loss and
/// test_acc and leave the layer columns empty; a figure without a value (an autoencoder's
/// accuracy, one seed's half-width) is empty too.
pub fn summary_csv_fields(s: &crate::stats::StepSummary, layers: usize, run: &str) -> [Vec<String>; 2] {
    let width = Metrics::csv_header_fields(layers).len();
    let field = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let figures = [s.train_loss, s.train_acc, s.test_loss, s.test_acc];
    let row = |name: &str, pick: fn(crate::stats::MeanCi) -> Option<f64>| {
        let mut row = vec![s.step.to_string()];
        row.extend(figures.iter().map(|f| field(f.and_then(pick))));
        row.resize(width, String::new());
        row.extend([run.to_string(), name.to_string()]);
        row
    };
    [row("mean", |c| Some(c.mean)), row("ci95", |c| c.half_width)]
}

/// An experiment's metrics CSV, header and a line break after every line, as the CLI writes it
/// for these settings (`brainlab train --csv`): when no setting has more than one seed, the
/// plain table (`csv_header_line`, one line per evaluation, `run` = the setting's label);
/// otherwise the seeded one (`write_seeded_metrics_csv`): every network's lines with its seed
/// after the label, then per setting and evaluation step the `mean` and `ci95` lines of
/// [`summary_csv_fields`] over the step's seeds (`stats::summarise`: only the steps every seed
/// of the setting has reached). A network without evaluations adds no lines.
pub fn metrics_csv(layers: usize, settings: &[SettingHistories]) -> String {
    let mut lines = Vec::new();
    if settings.iter().all(|s| s.seeds.len() <= 1) {
        lines.push(Metrics::csv_header_line(layers));
        for setting in settings {
            for net in &setting.seeds {
                lines.extend(net.history.iter().map(|m| m.csv_line(layers, &setting.label)));
            }
        }
    } else {
        lines.push(seeded_csv_header_line(layers));
        for setting in settings {
            for net in &setting.seeds {
                let seed = net.seed.to_string();
                lines.extend(net.history.iter().map(|m| join_fields(m.csv_fields(layers).iter().map(String::as_str).chain([setting.label.as_str(), &seed]))));
            }
        }
        for setting in settings {
            let histories: Vec<Vec<Metrics>> = setting.seeds.iter().map(|n| n.history.clone()).collect();
            for s in crate::stats::summarise(&histories, Metrics::step_figures) {
                lines.extend(summary_csv_fields(&s, layers, &setting.label).iter().map(|row| join_fields(row.iter().map(String::as_str))));
            }
        }
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// A CSV field as RFC 4180 writes it: in double quotes, with each quote doubled, when it holds a
/// comma, a quote or a line break; as it is otherwise.
pub fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

/// Fields joined into one CSV line, each quoted where it needs it.
fn join_fields<'a>(fields: impl Iterator<Item = &'a str>) -> String {
    fields.map(csv_field).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::info::{DataProcessingCheck, LayerInfo};

    fn metrics(step: usize, layers: usize) -> Metrics {
        let d = LayerDiagnostics {
            mean_abs_grad: 0.5,
            mean_abs_dw_per_step: 1e-7,
            mean_abs_w: 0.25,
            mean_abs_dl_dh: 2.0,
            mean_abs_dl_dz: 3.0,
            saturated_fraction: Some(0.125),
            feedback_angle_deg: None,
            update_angle_deg: Some(45.0),
            rule_figures: Default::default(),
        };
        let i = LayerInfo {
            h_t_bits: 3.5,
            h_t_given_x_bits: 1.5,
            i_x_t_bits: 2.0,
            i_t_q_bits: 0.75,
            i_x_t_shuffled_bits: 0.0625,
            i_t_q_shuffled_bits: 0.03125,
            undersampled: true,
            max_entropy_bits: 4.0,
            undersampled_margin_bits: 0.5,
            distinct_codes: 12,
            code_bits: 4,
            n: 16,
        };
        Metrics {
            step,
            train_loss: 0.5,
            train_acc: None,
            test_loss: 0.25,
            test_acc: Some(0.875),
            layers: vec![d; layers],
            info: vec![i; layers],
            data_processing: vec![DataProcessingCheck { i_x_y_bits: 2.0, i_x_z_bits: 2.0, holds: true }; layers - 1],
            kde: Vec::new(),
        }
    }

    #[test]
    fn header_and_rows_have_the_same_columns() {
        let header = Metrics::csv_header_line(3);
        let names: Vec<&str> = header.split(',').collect();
        assert_eq!(names.len(), 5 + 3 * layer_columns().len() + 1);
        assert_eq!(names[..6], ["step", "train_loss", "train_acc", "test_loss", "test_acc", "l1_grad"]);
        assert_eq!(names.last(), Some(&"run"));
        for name in ["l1_i_t_q_bits", "l2_i_t_q_shuffled_bits", "l3_undersampled", "l1_saturated", "l3_dpi_holds"] {
            assert!(names.contains(&name), "{name}");
        }
        assert!(!header.contains("_w_bits") && !header.contains("code_saturated"), "{header}");
        // A two-layer run in a three-layer table: the third layer's cells are empty.
        let row = metrics(10, 2).csv_line(3, "hidden 12");
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells.len(), names.len());
        let at = |name: &str| cells[names.iter().position(|n| *n == name).unwrap()];
        assert_eq!([at("step"), at("train_acc"), at("test_acc"), at("run")], ["10", "", "0.875", "hidden 12"]);
        assert_eq!([at("l1_dw_per_step"), at("l1_feedback_angle_deg"), at("l2_i_t_q_bits")], ["0.0000001", "", "0.75"]);
        assert_eq!([at("l1_undersampled"), at("l1_dpi_holds"), at("l2_dpi_holds"), at("l3_grad")], ["true", "true", "", ""]);
        // dtp's diagnostic: the inverse's reconstruction error, empty for rules without one.
        assert_eq!(at("l1_inverse_error"), "");
        let mut dtp = metrics(10, 2);
        dtp.layers[0].rule_figures.set("inverse_error", 0.25);
        let cells: Vec<String> = dtp.csv_line(3, "dtp").split(',').map(String::from).collect();
        assert_eq!(cells[names.iter().position(|n| *n == "l1_inverse_error").unwrap()], "0.25");
        // The rules' figures sit between the angles and the information measures, target
        // propagation's first (where its column has always been), then the microcircuit's.
        let l1: Vec<&str> = names[5..5 + layer_columns().len()].iter().map(|n| n.strip_prefix("l1_").unwrap()).collect();
        let figures = ["inverse_error", "apical_rms", "apical_nudged_rms", "interneuron_error"];
        let at_angle = l1.iter().position(|&c| c == "update_angle_deg").unwrap();
        assert_eq!(l1[at_angle + 1..at_angle + 1 + figures.len()], figures);
        assert_eq!(l1[at_angle + 1 + Rule::diagnostic_names().len()], "h_t_bits");
        let mut micro = metrics(10, 2);
        micro.layers[1].rule_figures.set("apical_rms", 0.5);
        micro.layers[1].rule_figures.set("interneuron_error", 0.125);
        let row = micro.csv_line(3, "micro");
        let cells: Vec<&str> = row.split(',').collect();
        let at = |name: &str| cells[names.iter().position(|n| *n == name).unwrap()];
        assert_eq!([at("l2_apical_rms"), at("l2_apical_nudged_rms"), at("l2_interneuron_error"), at("l1_apical_rms")], ["0.5", "", "0.125", ""]);
        assert_eq!(at("l2_h_t_bits"), "3.5", "the information measures' cells follow the figures");
    }

    #[test]
    fn the_experiment_csv_has_every_seed_and_the_summary() {
        // One setting of two seeds, one of one seed, two weight layers in a three-layer table.
        let net = |seed: u32, acc: [f64; 2]| SeedHistory {
            seed,
            history: acc.iter().enumerate().map(|(i, &a)| Metrics { test_acc: Some(a), ..metrics(10 * i, 2) }).collect(),
        };
        let settings = [
            SettingHistories { label: "fa 2 seeds".into(), seeds: vec![net(7, [0.5, 0.875]), net(8, [0.25, 0.625])] },
            SettingHistories { label: "bp".into(), seeds: vec![net(3, [0.5, 0.75])] },
        ];
        let text = metrics_csv(3, &settings);
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], seeded_csv_header_line(3));
        assert!(lines[0].ends_with(",run,seed"), "{}", lines[0]);
        // Every network's evaluations (2 + 2 + 2), then two summary lines per setting and step (4 + 4).
        assert_eq!(lines.len(), 1 + 6 + 8);
        let cells = |line: &str| -> Vec<String> { line.split(',').map(String::from).collect() };
        let width = Metrics::csv_header_fields(3).len();
        let row = cells(lines[4]);
        assert_eq!(row.len(), width + 2);
        assert_eq!([&row[0], &row[4], &row[width], &row[width + 1]], ["10", "0.625", "fa 2 seeds", "8"]);
        assert_eq!(cells(lines[6])[width..], ["bp".to_string(), "3".to_string()]);
        // Step 10 of "fa 2 seeds": test_acc 0.875 and 0.625, mean 0.75, s = √(2·0.125²/1), so
        // s/√2 = 0.125 and the half-width t(0.975, 1)·s/√2 = 12.706·0.125 = 1.58825.
        let mean = cells(lines[9]);
        let ci = cells(lines[10]);
        assert_eq!([&mean[0], &mean[width], &mean[width + 1]], ["10", "fa 2 seeds", "mean"]);
        assert_eq!(mean[4].parse::<f64>().unwrap(), 0.75);
        assert_eq!(mean[3].parse::<f64>().unwrap(), 0.25, "test_loss: both seeds 0.25");
        assert_eq!([&ci[0], &ci[width + 1]], ["10", "ci95"]);
        assert!((ci[4].parse::<f64>().unwrap() - 1.58825).abs() < 1e-12, "{}", ci[4]);
        assert_eq!(ci[3].parse::<f64>().unwrap(), 0.0, "no spread in the losses");
        assert_eq!([&mean[2], &ci[2]], ["", ""], "no train accuracy to summarise");
        assert!(mean[5..width].iter().all(String::is_empty), "no layer columns in a summary line");
        // One seed: a mean, no half-width.
        let (bp_mean, bp_ci) = (cells(lines[13]), cells(lines[14]));
        assert_eq!([&bp_mean[4], &bp_mean[width + 1], &bp_ci[4], &bp_ci[width + 1]], ["0.75", "mean", "", "ci95"]);

        // A seed not yet evaluated: its lines are absent, and the setting has no summary.
        let waiting = [SettingHistories { label: "x".into(), seeds: vec![net(1, [0.5, 0.5]), SeedHistory { seed: 2, history: Vec::new() }] }];
        assert_eq!(metrics_csv(2, &waiting).lines().count(), 1 + 2);

        // Settings of one seed each: the plain table, the CLI's `train --csv` without seeds.
        let plain = &settings[1..];
        assert_eq!(metrics_csv(3, plain), format!("{}\n{}\n", Metrics::csv_header_line(3), csv_rows(&plain[0].seeds[0].history, 3, "bp")));
    }

    #[test]
    fn a_diverged_loss_has_no_summary_figure() {
        let diverged = Metrics { test_loss: f64::NAN, train_loss: f64::INFINITY, ..metrics(10, 1) };
        let f = diverged.step_figures();
        assert_eq!((f.step, f.test_acc, f.test_loss, f.train_acc, f.train_loss), (10, Some(0.875), None, None, None));
        assert_eq!(metrics(10, 1).step_figures().test_loss, Some(0.25));
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(csv_field("hidden 120"), "hidden 120");
        assert_eq!(csv_field("feedback alignment, no derivative"), "\"feedback alignment, no derivative\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\r"), "\"cr\r\"");
        assert_eq!(csv_field(""), "");
        let history = [metrics(0, 1), metrics(10, 1)];
        let rows = csv_rows(&history, 1, "a, \"b\"");
        let lines: Vec<&str> = rows.split('\n').collect();
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.ends_with(",\"a, \"\"b\"\"\"")), "{rows}");
        assert!(lines[0].starts_with("0,") && lines[1].starts_with("10,"));
        assert_eq!(csv_rows(&[], 1, "x"), "");
    }
}
