//! The CLI's commands: `run` dispatches; `codes`, `prepare-data` and `bench` are here, `train`
//! in `train.rs`, `estimators` in `estimators.rs`. Thin wrappers over the core.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use super::train::{train, Outputs};
use super::write_csv::write_codes_csv;
use super::{cli, load_data, parse_args, CliError, Command, FILES};
use crate::data::gzip::deflate;
use crate::data::idx::{encode_images, encode_labels};
use crate::{Config, ConfigInput, Experiment};

/// Runs the command line `args` (without the program name).
pub fn run(args: &[String]) -> ExitCode {
    let result = parse_args(args).and_then(|cmd| match cmd {
        Command::Train { config, sweep, preset, data, csv, quiet, images } => {
            train(&config, &sweep, preset.as_deref(), &data, Outputs { csv: csv.as_deref(), quiet, images: images.as_ref() })
        }
        Command::Codes { config, hidden, data, csv, quiet } => codes(&ConfigInput { hidden, ..config }, &data, &csv, quiet),
        Command::PrepareData { data, out, train_size } => prepare_data(&data, &out, train_size),
        Command::Activity { config, hidden, data, layer, csv, quiet } => {
            super::activity(&ConfigInput { hidden, ..config }, &data, layer, &csv, quiet)
        }
        Command::Analyse { config, hidden, data, out, quiet } => super::analyse(&ConfigInput { hidden, ..config }, &data, &out, quiet),
        Command::Bench { data, binning, rules, optimizer, loss } => rules.into_iter().try_for_each(|rule| bench(&data, binning, rule, optimizer, loss)),
        Command::Estimators { csv, seed } => super::estimators::estimators(csv.as_deref(), seed),
        Command::Arena { config, sweep, rules, data, csv, markdown, quiet } => super::arena::arena(
            &config,
            &sweep,
            &rules,
            &data,
            super::arena::ArenaOutputs { csv: csv.as_deref(), markdown: markdown.as_deref(), quiet },
        ),
        Command::Rsa { config, rules, data, csv, quiet } => super::rsa::rsa_command(&config, &rules, &data, csv.as_deref(), quiet),
        Command::Help => cli().print_help().map_err(CliError::from),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // clap's own messages, and --help: clap prints them (help on stdout, exit 0).
        Err(CliError::Usage(e)) => {
            let _ = e.print();
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
        Err(e) => {
            eprintln!("brainlab: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Trains one run for its `steps`, then writes every test image's codes (see
/// [`write_codes_csv`]).
fn codes(config: &ConfigInput, data: &Path, csv: &Path, quiet: bool) -> Result<(), CliError> {
    let exp = super::trained(config, data, quiet)?;
    let file = std::fs::File::create(csv).map_err(|e| CliError::file(csv, e))?;
    let mut out = std::io::BufWriter::new(file);
    write_codes_csv(&exp, &mut out).map_err(|e| CliError::file(csv, e))?;
    out.flush().map_err(|e| CliError::file(csv, e))?;
    println!("wrote the codes of {} test images after {} steps to {}", exp.test_set().len(), exp.steps_done(), csv.display());
    Ok(())
}

/// Writes the files the site serves: the first `train_size` training images and all test
/// images, gzipped IDX, deterministic bytes.
fn prepare_data(data: &Path, out: &Path, train_size: usize) -> Result<(), CliError> {
    let (train, test) = load_data(data)?;
    if train_size == 0 || train_size > train.len() {
        return Err(CliError::flag("train-size", format!("{train_size} is not in 1..={}", train.len())));
    }
    let train = train.first(train_size);
    std::fs::create_dir_all(out).map_err(|e| CliError::file(out, e))?;
    let contents = [
        encode_images(train.len(), train.rows, train.cols, train.pixel_bytes()),
        encode_labels(&train.labels),
        encode_images(test.len(), test.rows, test.cols, test.pixel_bytes()),
        encode_labels(&test.labels),
    ];
    for (name, raw) in FILES.iter().zip(contents) {
        let path = out.join(format!("{name}.gz"));
        std::fs::write(&path, deflate(&raw)).map_err(|e| CliError::file(&path, e))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// What `brainlab bench` prints: training speed and evaluation time (medians of 5 and best);
/// under a rule that settles also its inner iterations (issue 14).
#[derive(Serialize)]
struct Bench {
    target: &'static str,
    binning: crate::info::Binning,
    rule: &'static str,
    /// The convention the rule was timed in ([`bench_config`]).
    convention: crate::Convention,
    optimizer: crate::config::Optimizer,
    loss: crate::config::Loss,
    steps_per_s_median: f64,
    steps_per_s_best: f64,
    gflops_median: f64,
    eval_ms_median: f64,
    eval_ms_best: f64,
    /// Mean inner iterations of a training step's settling over the timed steps (rules that
    /// settle; absent for the others).
    #[serde(skip_serializing_if = "Option::is_none")]
    inner_iterations_per_step: Option<f64>,
    /// Inner iterations per second of training (median of the 5 timed repetitions).
    #[serde(skip_serializing_if = "Option::is_none")]
    inner_iterations_per_s_median: Option<f64>,
}

/// `x` rounded to `places` decimals, as the figures are read.
fn rounded(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// The work `brainlab bench` times under `rule`: 784-120-10, batch 100, in the coursework
/// convention; equilibrium propagation in the standard one (its hard-sigmoid states stick at
/// the walls under raw pixels), with settle_step 1 as the `settling` preset runs it. The
/// dendritic microcircuit is timed in its supervised phase (after its self-predicting steps).
fn bench_config(rule: crate::config::Rule) -> Config {
    match rule {
        crate::config::Rule::EquilibriumPropagation => {
            Config { rule, settle_step: 1.0, ..Config::defaults(crate::Convention::Standard) }
        }
        _ => Config { rule, ..Config::default() },
    }
}

/// Times training steps of 784-120-10 (batch 100, [`bench_config`]'s convention) and one
/// evaluation on the test set, under `rule`, `optimizer`, `loss` and `binning` (`kde`: with the
/// KDE bounds at the default kde_samples); under a rule that settles, also its inner
/// iterations per step and per second. Prints one JSON object.
fn bench(data: &Path, binning: crate::info::Binning, rule: crate::config::Rule, optimizer: crate::config::Optimizer, loss: crate::config::Loss) -> Result<(), CliError> {
    let (train, test) = load_data(data)?;
    let config = Config { optimizer, loss, steps: 1_000_000, eval_interval: 1_000_000, binning, ..bench_config(rule) };
    let convention = config.convention;
    // The microcircuit's first steps only learn its lateral weights: warm up past them.
    let warmup = 50 + if rule == crate::config::Rule::DendriticMicrocircuit { config.micro_self_predicting_steps } else { 0 };
    let mut exp = Experiment::new(config, Arc::new(train), Arc::new(test))?;
    exp.step(warmup)?;
    let steps_per_rep = 200;
    let iterations_before = exp.inner_iterations();
    // (steps/s, inner iterations/s) of each repetition.
    let mut reps: Vec<(f64, f64)> = Vec::with_capacity(5);
    for _ in 0..5 {
        let (t, before) = (Instant::now(), exp.inner_iterations());
        exp.step(steps_per_rep)?;
        let s = t.elapsed().as_secs_f64();
        reps.push((steps_per_rep as f64 / s, (exp.inner_iterations() - before) as f64 / s));
    }
    let settles = exp.inner_iterations() > iterations_before;
    let iterations_per_step = (exp.inner_iterations() - iterations_before) as f64 / (5 * steps_per_rep) as f64;
    let mut eval_ms: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            exp.evaluate().map(|_| t.elapsed().as_secs_f64() * 1e3)
        })
        .collect::<Result<_, _>>()?;
    let mut rates: Vec<f64> = reps.iter().map(|r| r.0).collect();
    reps.sort_by(|a, b| a.1.total_cmp(&b.1));
    rates.sort_by(f64::total_cmp);
    eval_ms.sort_by(f64::total_cmp);
    // Multiply-adds per step (backprop's): forward U·W1 and H·W2, backward Uᵀ·δ1, Hᵀ·δ2 and
    // δ2·W2ᵀ; other rules' own work is not counted.
    let flops_per_step = 2.0 * 100.0 * (784.0 * 120.0 + 120.0 * 10.0) * 3.0;
    let bench = Bench {
        target: "native",
        binning,
        rule: rule.name(),
        convention,
        optimizer,
        loss,
        steps_per_s_median: rounded(rates[2], 1),
        steps_per_s_best: rounded(rates[4], 1),
        gflops_median: rounded(rates[2] * flops_per_step / 1e9, 3),
        eval_ms_median: rounded(eval_ms[2], 2),
        eval_ms_best: rounded(eval_ms[0], 2),
        inner_iterations_per_step: settles.then(|| rounded(iterations_per_step, 2)),
        inner_iterations_per_s_median: settles.then(|| rounded(reps[2].1, 0)),
    };
    println!("{}", serde_json::to_string(&bench)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rule;

    #[test]
    fn every_rule_is_benched_in_a_setting_it_accepts_equilibrium_propagation_in_the_standard_convention() {
        for &rule in Rule::ALL {
            let config = bench_config(rule);
            config.validate().unwrap_or_else(|e| panic!("{rule:?}: {e}"));
            assert_eq!((config.rule, config.hidden.as_slice(), config.batch_size), (rule, &[120][..], 100), "{rule:?}: the bench's work");
            let standard = rule == Rule::EquilibriumPropagation;
            assert_eq!(config.convention, if standard { crate::Convention::Standard } else { crate::Convention::Coursework }, "{rule:?}");
        }
        let ep = bench_config(Rule::EquilibriumPropagation);
        assert_eq!((ep.activation, ep.settle_step), (crate::Activation::Sigmoid, 1.0));
    }
}
