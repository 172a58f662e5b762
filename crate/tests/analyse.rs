//! `brainlab activity` and `brainlab analyse`, in-process through `cli::run`: the class
//! dissimilarity matrix `analyse` writes is 1 − Pearson of the class means recomputed here from
//! the activity `activity` writes; and the layer analysis on data the test makes itself.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;
use std::process::ExitCode;

use brainlab::cli::run;
use brainlab::{Config, Convention, Experiment};

fn cli(line: &str) -> ExitCode {
    run(&line.split_whitespace().map(String::from).collect::<Vec<_>>())
}

fn read(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect()
}

/// 1 − Pearson of two patterns, the textbook way.
fn one_minus_pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let vy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
    1.0 - cov / (vx.sqrt() * vy.sqrt())
}

#[test]
fn the_class_rdm_is_one_minus_pearson_of_the_exported_activity() {
    let data = common::data_dir();
    let dir = std::env::temp_dir().join(format!("brainlab-analyse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let flags = format!("--steps 200 --eval-interval 200 --train-size 2000 --seed 7 --quiet --data {data}");
    let act = dir.join("act.csv");
    assert_eq!(cli(&format!("activity --layer 1 {flags} --csv {}", act.display())), ExitCode::SUCCESS);
    assert_eq!(cli(&format!("analyse {flags} --out {}", dir.display())), ExitCode::SUCCESS);

    let rows = read(&act);
    assert_eq!(rows[0][..4], ["image", "label", "quadrant", "u0"]);
    assert_eq!(rows[0].len(), 3 + 120);
    assert_eq!(rows.len(), 1 + 10_000);
    let mut sums = vec![vec![0.0f64; 120]; 10];
    let mut counts = [0usize; 10];
    for row in &rows[1..] {
        let label: usize = row[1].parse().unwrap();
        counts[label] += 1;
        for (s, v) in sums[label].iter_mut().zip(&row[3..]) {
            *s += f64::from(v.parse::<f32>().unwrap());
        }
    }
    let means: Vec<Vec<f64>> = sums.iter().zip(counts).map(|(s, n)| s.iter().map(|v| v / n as f64).collect()).collect();

    let rdm = read(&dir.join("rdm_classes_l1.csv"));
    let names: Vec<String> = (0..10).map(|c| c.to_string()).collect();
    assert_eq!(rdm[0][0], "class");
    assert_eq!(rdm[0][1..], names[..]);
    let mut largest = 0.0f64;
    for i in 0..10 {
        assert_eq!(rdm[1 + i][0], names[i]);
        for j in 0..10 {
            let written: f64 = rdm[1 + i][1 + j].parse().unwrap();
            let expected = if i == j { 0.0 } else { one_minus_pearson(&means[i], &means[j]) };
            assert!((written - expected).abs() < 1e-6, "({i}, {j}): {written} vs {expected}");
            largest = largest.max(written);
        }
    }
    assert!(largest > 0.01, "the classes are told apart after 200 steps: {largest}");
    for file in ["rdm_images_l1.csv", "tuning_l1.csv", "selectivity_l1.csv", "lesions_l1.csv", "rsa.csv", "receptive_fields_l1.png"] {
        assert!(dir.join(file).exists(), "{file}");
    }
    assert_eq!(read(&dir.join("rdm_images_l1.csv")).len(), 1 + 200);
    assert_eq!(read(&dir.join("tuning_l1.csv")).len(), 1 + 1200);
    let lesions = read(&dir.join("lesions_l1.csv"));
    assert_eq!(lesions[0][..3], ["fraction", "order", "test_acc"]);
    assert_eq!(lesions.len(), 1 + 22);
    let png = std::fs::read(dir.join("receptive_fields_l1.png")).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
    // 120 units in 11 columns of 28 pixels and 10 gaps, 11 rows.
    assert_eq!((reader.info().width, reader.info().height), (11 * 28 + 10, 11 * 28 + 10));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_layer_analysis_composes_the_analysis_functions() {
    let (train, test) = common::synthetic_with_test(500);
    let per_class = (0..10u8).map(|c| test.labels.iter().filter(|&&l| l == c).count()).min().unwrap();
    assert!(per_class >= brainlab::experiment::RDM_IMAGES_PER_CLASS, "{per_class} images in the smallest class");
    let config = Config { hidden: vec![12, 6], train_size: 300, batch_size: 20, steps: 30, eval_interval: 10, seed: 5, bias: true, ..Config::defaults(Convention::Standard) };
    let mut exp = Experiment::new(config, train, test.clone()).unwrap();
    exp.step(30).unwrap();
    for layer in 0..2 {
        let a = exp.analysis(layer).unwrap();
        let units = [12, 6][layer];
        assert_eq!((a.units, a.tuning.means.values.len(), a.selectivity.index.len()), (units, 10 * units, units));
        assert_eq!(a.class_rdm.size(), 10);
        assert_eq!(a.image_rdm.size(), 200);
        assert_eq!(a.rsa_layers[layer], Some(1.0), "a layer is its own best match");
        assert_eq!(a.selectivity.index, exp.layer_selectivity(layer).unwrap());
        assert_eq!(a.population_sparseness.len(), test.len());
        let picture = exp.receptive_fields(layer).unwrap();
        assert_eq!(picture.pixels.len(), 4 * picture.width * picture.height);
    }
    assert!(exp.analysis(2).unwrap_err().to_string().contains("hidden layer 2 is out of range 0..2"));
}

/// Spearman's ρ the textbook way: ranks by counting (ties share their mean rank), then Pearson.
fn naive_spearman(x: &[f64], y: &[f64]) -> f64 {
    let ranks = |v: &[f64]| -> Vec<f64> {
        v.iter().map(|&a| 1.0 + v.iter().filter(|&&b| b < a).count() as f64 + (v.iter().filter(|&&b| b == a).count() as f64 - 1.0) / 2.0).collect()
    };
    1.0 - one_minus_pearson(&ranks(x), &ranks(y))
}

/// The upper triangle of an RDM CSV `analyse` wrote (header row and row labels dropped).
fn upper(rows: &[Vec<String>]) -> Vec<f64> {
    let m: Vec<Vec<f64>> = rows[1..].iter().map(|r| r[1..].iter().map(|v| v.parse().unwrap()).collect()).collect();
    (0..m.len()).flat_map(|i| (i + 1..m.len()).map(move |j| (i, j))).map(|(i, j)| m[i][j]).collect()
}

#[test]
fn rsa_between_rules_equals_a_rank_correlation_of_the_rdms_analyse_writes() {
    let data = common::data_dir();
    let dir = std::env::temp_dir().join(format!("brainlab-rsa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let flags = format!("--steps 200 --eval-interval 200 --train-size 2000 --seed 7 --quiet --data {data}");
    let csv = dir.join("rsa.csv");
    assert_eq!(cli(&format!("rsa --rules backprop,feedback-alignment,shallow {flags} --csv {}", csv.display())), ExitCode::SUCCESS);
    for rule in ["backprop", "feedback_alignment"] {
        assert_eq!(cli(&format!("analyse --rule {rule} {flags} --out {}", dir.join(rule).display())), ExitCode::SUCCESS);
    }
    let rows = read(&csv);
    assert_eq!(rows[0], ["rule", "layer", "rdm", "against", "rsa"]);
    assert_eq!(rows.len(), 1 + 3 * 4);
    let find = |rule: &str, rdm: &str, against: &str| -> f64 {
        rows.iter().find(|r| r[0] == rule && r[1] == "l1" && r[2] == rdm && r[3] == against).unwrap_or_else(|| panic!("{rule} {rdm} {against}"))[4].parse().unwrap()
    };
    assert_eq!(find("backprop", "images", "backprop"), 1.0);
    assert_eq!(find("backprop", "classes", "backprop"), 1.0);
    // Rule against rule, recomputed from the two runs' image and class RDMs `analyse` wrote.
    for (rdm, file) in [("images", "rdm_images_l1.csv"), ("classes", "rdm_classes_l1.csv")] {
        let bp = upper(&read(&dir.join("backprop").join(file)));
        let fa = upper(&read(&dir.join("feedback_alignment").join(file)));
        let expected = naive_spearman(&fa, &bp);
        let got = find("feedback_alignment", rdm, "backprop");
        assert!((got - expected).abs() < 1e-6, "{rdm}: {got} vs {expected}");
        assert!(got < 1.0, "{rdm}: two rules should not be identical");
    }
    // Against the pixels and labels: the numbers analyse writes for the same run.
    let analysed = read(&dir.join("feedback_alignment").join("rsa.csv"));
    for against in ["pixels", "labels"] {
        let expected: f64 = analysed.iter().find(|r| r[0] == "l1" && r[1] == against).unwrap()[2].parse().unwrap();
        assert_eq!(find("feedback_alignment", "images", against), expected);
    }
    assert!(cli(&format!("rsa --rules nonsense {flags}")) != ExitCode::SUCCESS);
    std::fs::remove_dir_all(&dir).unwrap();
}
