//! The command line's shape: the subcommands and their flags (clap's builder; the config flags
//! come from the field table, see `flags.rs`), parsed into a [`Command`]. Every subcommand
//! has `--help`.

use std::path::PathBuf;

use clap::{value_parser, Arg, ArgAction, ArgMatches};

use super::flags::{config_args, read_config};
use super::{CliError, DEBIAN_DATA_DIR};
use crate::config::{ConfigInput, Task};
use crate::experiment::Metrics;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `sweep` holds the hidden layers of each run (`--hidden 15,30` is two runs); empty means
    /// one run with the config's own (or the preset's) hidden layers.
    /// `images`: write the Figure 11 panel (autoencoders) of these test images to this PNG.
    Train {
        config: ConfigInput,
        sweep: Vec<Vec<usize>>,
        preset: Option<String>,
        data: PathBuf,
        csv: Option<PathBuf>,
        quiet: bool,
        images: Option<(PathBuf, Vec<usize>)>,
    },
    /// Trains one run for `config.steps` steps, then writes each test image's codes.
    Codes { config: ConfigInput, hidden: Option<Vec<usize>>, data: PathBuf, csv: PathBuf, quiet: bool },
    PrepareData { data: PathBuf, out: PathBuf, train_size: usize },
    /// Trains one run, then writes layer `layer`'s (1 = the first hidden) raw test activity.
    Activity { config: ConfigInput, hidden: Option<Vec<usize>>, data: PathBuf, layer: usize, csv: PathBuf, quiet: bool },
    /// Trains one run, then writes every hidden layer's analysis to the folder `out`.
    Analyse { config: ConfigInput, hidden: Option<Vec<usize>>, data: PathBuf, out: PathBuf, quiet: bool },
    /// `binning`: the evaluation's (threshold unless given; `kde` adds the KDE bounds); `rule`:
    /// the rule to time (`--rule`; backprop if none).
    /// `rules`: the rules to time, one JSON line each (`--rule all`: every registered rule).
    Bench { data: PathBuf, binning: crate::info::Binning, rules: Vec<crate::config::Rule>, optimizer: crate::config::Optimizer, loss: crate::config::Loss },
    /// The estimator check: print its table, write its rows to `csv`.
    Estimators { csv: Option<PathBuf>, seed: Option<u32> },
    /// The arena: `rules` × `sweep` (or the config's hidden layers) × `config.seeds` seeds.
    Arena {
        config: ConfigInput,
        sweep: Vec<Vec<usize>>,
        rules: Vec<crate::config::Rule>,
        data: PathBuf,
        csv: Option<PathBuf>,
        markdown: Option<PathBuf>,
        quiet: bool,
    },
    /// Rule against rule: one run per rule (the first the reference), every hidden layer's RSA.
    Rsa { config: ConfigInput, rules: Vec<crate::config::Rule>, data: PathBuf, csv: Option<PathBuf>, quiet: bool },
    /// No arguments: the overview.
    Help,
}

/// Most test images the Figure 11 panel draws.
const MAX_PICK: usize = 32;

/// The whole command line.
pub fn cli() -> clap::Command {
    clap::Command::new("brainlab")
        .about("brainlab: train small neural networks on Fashion-MNIST and study them as brain models")
        .after_help("Config flags take the coursework convention's defaults; each subcommand's --help lists them.")
        .subcommand_required(true)
        .subcommand(training("train", Task::Classify).about("Train runs (one, a --hidden sweep or a --preset's, in parallel)"))
        .subcommand(
            training("autoencoder", Task::Autoencode)
                .about("Train an autoencoder: task autoencode, with its own defaults (below)"),
        )
        .subcommand(
            trains_then("codes", "Train one run for --steps, then write each test image's codes: image,label,quadrant, then each layer's code in hex (l1 = first hidden layer, the last = the output), as the information measures see it (--binning, --bins)", &[])
                .arg(path("csv", "FILE", "Where to write the codes").required(true))
                .args([data(), quiet()]),
        )
        .subcommand(
            trains_then("activity", "Train one run for --steps, then write a layer's raw activity on every test image: image,label,quadrant,u0,u1,... (full precision)", &[])
                .arg(Arg::new("layer").long("layer").value_name("L").value_parser(value_parser!(usize)).required(true).help("The layer: 1 = the first hidden layer, the last = the output"))
                .arg(path("csv", "FILE", "Where to write the activity").required(true))
                .args([data(), quiet()]),
        )
        .subcommand(
            trains_then("analyse", "Train one run for --steps, then write for every hidden layer N: rdm_classes_lN.csv, rdm_images_lN.csv, tuning_lN.csv, selectivity_lN.csv, lesions_lN.csv, receptive_fields_lN.png, and rsa.csv", &[])
                .arg(path("out", "DIR", "The folder to write to").required(true))
                .args([data(), quiet()]),
        )
        .subcommand(
            clap::Command::new("prepare-data")
                .about("Write the files the site serves: the first --train-size training images and all test images, gzipped IDX")
                .arg(data())
                .arg(path("out", "DIR", "The folder to write to").required(true))
                .arg(Arg::new("train-size").long("train-size").value_name("N").value_parser(value_parser!(usize)).default_value("10000").help("Training images to keep")),
        )
        .subcommand(
            trains_then("arena", "The credit-assignment arena: train --rules × --hidden sizes × --seeds seeds in parallel; print one table row per rule and size: final test accuracy (mean ± 95% CI), its gap to shallow and to backprop (paired by seed), the last update angle, steps/s", &["rule"])
                .arg(rules("The rules to compare (include shallow and backprop for the gaps), or all (every rule; one that refuses the config gets failed rows), or arena (the rules with a backward pass)"))
                .arg(path("csv", "FILE", "Write the table as CSV (fractions; empty where no value)"))
                .arg(path("markdown", "FILE", "Write the table as Markdown (percent)"))
                .args([data(), quiet()]),
        )
        .subcommand(
            trains_then("rsa", "Rule against rule: train one run per --rules rule under one config (in parallel), then for every hidden layer the Spearman RSA of each run's image RDM (20 test images per class) and class RDM against the first rule's, and of its image RDM against the pixels and the labels; print a table, write rows rule,layer,rdm,against,rsa", &["rule"])
                .arg(rules("The rules to compare; the first is the reference (e.g. backprop)"))
                .arg(path("csv", "FILE", "Write one row per comparison (empty rsa where undefined)"))
                .args([data(), quiet()]),
        )
        .subcommand(
            clap::Command::new("bench")
                .about("Time training steps (784-120-10, batch 100) and one evaluation; print one JSON object")
                .arg(data())
                .arg(
                    Arg::new("binning")
                        .long("binning")
                        .value_name("NAME")
                        .value_parser(<crate::info::Binning as crate::config::FieldValue>::options().to_vec())
                        .default_value("threshold")
                        .help("The evaluation's binning (kde: with the KDE bounds, default kde_samples and kde_noise_var)"),
                )
                .arg(Arg::new("rule").long("rule").value_name("NAME").help("The learning rule to time (default backprop; all: every rule, one JSON line each)"))
                .arg(named::<crate::config::Optimizer>("optimizer", "The optimizer to time (default sgd)"))
                .arg(named::<crate::config::Loss>("loss", "The loss to time (default squared-error)")),
        )
        .subcommand(
            clap::Command::new("estimators")
                .about("Run every estimator (plug-in and Miller–Madow on threshold, uniform and adaptive bins; the KDE bounds) on synthetic channels whose I(X;T) is known; print a table, write the rows (channel,d,n,estimator,estimate_bits,truth_bits,truth_stderr_bits)")
                .arg(path("csv", "FILE", "Write one row per channel, d, N and estimator"))
                .arg(Arg::new("seed").long("seed").value_name("S").value_parser(value_parser!(u32)).help("Seed of the channels and their samples [default: 1]")),
        )
}

/// A subcommand that trains classifier runs from the config flags (except `skip`) and then
/// does `about`.
fn trains_then(name: &'static str, about: &'static str, skip: &[&str]) -> clap::Command {
    clap::Command::new(name).about(about).args(config_args(Task::Classify, skip))
}

/// `--rules R1,R2`: the rules of a comparison (`arena`, `rsa`).
fn rules(help: &'static str) -> Arg {
    Arg::new("rules").long("rules").value_name("R1,R2").value_delimiter(',').required(true).help(help)
}

/// `train` or `autoencoder`: the config flags (the autoencoder sets the task itself), a preset,
/// the data, the metrics CSV.
fn training(name: &'static str, task: Task) -> clap::Command {
    let skip: &[&str] = if task == Task::Autoencode { &["task"] } else { &[] };
    clap::Command::new(name)
        .args(config_args(task, skip))
        .arg(
            Arg::new("preset")
                .long("preset")
                .value_name("ID")
                .conflicts_with("hidden")
                .help("Run a preset's runs (fig2: hidden 15, 30, 60, 120) in parallel; config flags override its values"),
        )
        .arg(data())
        .arg(path("csv", "FILE", "Write one row per evaluation (see below)"))
        .arg(quiet())
        .arg(path("images", "FILE.png", "(one autoencoder run) After training, write the Figure 11 panel: test images, their bottleneck codes and reconstructions"))
        .arg(
            Arg::new("pick")
                .long("pick")
                .value_name("0,5,9")
                .value_delimiter(',')
                .value_parser(value_parser!(usize))
                .requires("images")
                .help(format!("The test images the panel shows (1 to {MAX_PICK}) [default: the first 12]")),
        )
        .after_help(csv_columns())
}

/// The metrics CSV's columns, as `--csv` writes them.
fn csv_columns() -> String {
    let run = Metrics::csv_header_fields(0);
    let layer: Vec<String> = Metrics::csv_header_fields(1)[run.len()..].iter().map(|c| c.replacen("l1_", "ln_", 1)).collect();
    format!("--csv columns: {}, then for each weight layer n: {}; last the run's label", run.join(","), layer.join(", "))
}

fn path(name: &'static str, value: &'static str, help: &'static str) -> Arg {
    Arg::new(name).long(name).value_name(value).value_parser(value_parser!(PathBuf)).help(help)
}

fn data() -> Arg {
    path("data", "DIR", "Fashion-MNIST IDX files, raw or gzipped").default_value(DEBIAN_DATA_DIR)
}

fn quiet() -> Arg {
    Arg::new("quiet").long("quiet").action(ArgAction::SetTrue).help("No progress on stderr")
}

/// A flag taking one of a config enum's names, written with dashes (`cross-entropy`).
fn named<T: crate::config::FieldValue>(name: &'static str, help: &'static str) -> Arg {
    let names: Vec<String> = T::options().iter().map(|o| o.replace('_', "-")).collect();
    Arg::new(name).long(name).value_name("NAME").value_parser(names).help(help)
}

/// The value of a [`named`] flag, or the type's default.
fn read_named<T: crate::config::FieldValue + serde::de::DeserializeOwned + Default>(m: &ArgMatches, name: &'static str) -> Result<T, CliError> {
    match m.get_one::<String>(name) {
        None => Ok(T::default()),
        Some(text) => serde_json::from_value(serde_json::Value::String(text.replace('-', "_")))
            .map_err(|e| CliError::flag(name, format!("'{text}': {e}"))),
    }
}

/// Parses the arguments after the program name. `--help` (and a clap error) comes back as
/// [`CliError::Usage`], which prints itself.
pub fn parse_args(args: &[String]) -> Result<Command, CliError> {
    if args.is_empty() {
        return Ok(Command::Help);
    }
    let matches = cli().try_get_matches_from(std::iter::once("brainlab").chain(args.iter().map(String::as_str)))?;
    let Some((name, m)) = matches.subcommand() else { return Ok(Command::Help) };
    let data = m.try_get_one::<PathBuf>("data").ok().flatten().cloned().unwrap_or_else(|| PathBuf::from(DEBIAN_DATA_DIR));
    Ok(match name {
        "train" | "autoencoder" => {
            let (mut config, sweep) = read_config(m)?;
            if name == "autoencoder" {
                config.task = Some(Task::Autoencode);
            }
            Command::Train {
                config,
                sweep,
                preset: m.get_one::<String>("preset").cloned(),
                csv: m.get_one::<PathBuf>("csv").cloned(),
                quiet: m.get_flag("quiet"),
                images: images(m)?,
                data,
            }
        }
        "codes" => {
            let (config, runs) = read_config(m)?;
            let hidden = one_run(name, runs)?;
            let csv = m.get_one::<PathBuf>("csv").cloned().unwrap_or_default();
            Command::Codes { config, hidden, csv, quiet: m.get_flag("quiet"), data }
        }
        "activity" | "analyse" => {
            let (config, runs) = read_config(m)?;
            let hidden = one_run(name, runs)?;
            let quiet = m.get_flag("quiet");
            if name == "activity" {
                let layer = m.get_one::<usize>("layer").copied().unwrap_or(1);
                let csv = m.get_one::<PathBuf>("csv").cloned().unwrap_or_default();
                Command::Activity { config, hidden, data, layer, csv, quiet }
            } else {
                let out = m.get_one::<PathBuf>("out").cloned().unwrap_or_default();
                Command::Analyse { config, hidden, data, out, quiet }
            }
        }
        "prepare-data" => Command::PrepareData {
            out: m.get_one::<PathBuf>("out").cloned().unwrap_or_default(),
            train_size: m.get_one::<usize>("train-size").copied().unwrap_or(10_000),
            data,
        },
        "bench" => {
            let name = m.get_one::<String>("binning").cloned().unwrap_or_default();
            let binning = serde_json::from_value(serde_json::Value::String(name.clone()))
                .map_err(|e| CliError::flag("binning", format!("'{name}': {e}")))?;
            let rules = match m.get_one::<String>("rule").map(String::as_str) {
                Some("all") => crate::config::Rule::ALL.to_vec(),
                Some(name) => super::arena::parse_rules(&[name.to_string()])
                    .map_err(|_| CliError::flag("rule", format!("no rule '{name}' (known: all, {})", crate::config::Rule::NAMES.join(", ").replace('_', "-"))))?,
                None => vec![crate::config::Rule::default()],
            };
            let optimizer = read_named(m, "optimizer")?;
            let loss = read_named(m, "loss")?;
            Command::Bench { data, binning, rules, optimizer, loss }
        }
        "estimators" => Command::Estimators { csv: m.get_one::<PathBuf>("csv").cloned(), seed: m.get_one::<u32>("seed").copied() },
        "arena" => {
            let (config, sweep) = read_config(m)?;
            let names: Vec<String> = m.get_many::<String>("rules").map(|v| v.cloned().collect()).unwrap_or_default();
            Command::Arena {
                config,
                sweep,
                rules: super::arena::parse_rules(&names)?,
                csv: m.get_one::<PathBuf>("csv").cloned(),
                markdown: m.get_one::<PathBuf>("markdown").cloned(),
                quiet: m.get_flag("quiet"),
                data,
            }
        }
        "rsa" => {
            let (config, runs) = read_config(m)?;
            let hidden = one_run(name, runs)?;
            let names: Vec<String> = m.get_many::<String>("rules").map(|v| v.cloned().collect()).unwrap_or_default();
            Command::Rsa {
                config: ConfigInput { hidden: hidden.or(config.hidden.clone()), ..config },
                rules: super::arena::parse_rules(&names)?,
                csv: m.get_one::<PathBuf>("csv").cloned(),
                quiet: m.get_flag("quiet"),
                data,
            }
        }
        _ => Command::Help,
    })
}

/// The hidden layers of a command that trains one run (None: the config's own).
fn one_run(name: &str, runs: Vec<Vec<usize>>) -> Result<Option<Vec<usize>>, CliError> {
    match <[Vec<usize>; 1]>::try_from(runs) {
        Ok([one]) => Ok(Some(one)),
        Err(runs) if runs.is_empty() => Ok(None),
        Err(_) => Err(CliError::flag("hidden", format!("{name} takes one run: --hidden 120 or 60x30, not a sweep"))),
    }
}

/// `--images FILE [--pick 0,5,9]` (the autoencoder's).
fn images(m: &ArgMatches) -> Result<Option<(PathBuf, Vec<usize>)>, CliError> {
    let Some(file) = m.try_get_one::<PathBuf>("images").ok().flatten() else { return Ok(None) };
    let pick: Vec<usize> = match m.get_many::<usize>("pick") {
        Some(list) => list.copied().collect(),
        None => (0..12).collect(),
    };
    if pick.is_empty() || pick.len() > MAX_PICK {
        return Err(CliError::flag("pick", format!("give 1 to {MAX_PICK} test image indices")));
    }
    Ok(Some((file.clone(), pick)))
}
