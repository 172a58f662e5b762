//! `brainlab arena`: trains every rule of `--rules` × every `--hidden` size × `seeds` seeds
//! (seed, seed + 1, …) under one config, on rayon's threads (at most one per core), then writes
//! the arena table (`crate::arena`: the numbers are made there) as Markdown on stdout and,
//! if asked, to `--markdown` and `--csv`.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::{load_data, CliError};
use crate::arena::{csv_records, markdown, rows, ArenaResult};
use crate::config::Rule;
use crate::{ConfigInput, Experiment};

/// `--rules backprop,feedback-alignment,…` (dashes or underscores; old names accepted), or one
/// of two lists: `all` (every registered rule, those that settle included) and `arena` (the
/// rules with a backward pass, `presets::arena_rules`: the arena presets' list).
pub fn parse_rules(names: &[String]) -> Result<Vec<Rule>, CliError> {
    match names {
        [one] if one.trim() == "all" => return Ok(Rule::ALL.to_vec()),
        [one] if one.trim() == "arena" => return Ok(crate::presets::arena_rules()),
        _ => {}
    }
    names
        .iter()
        .map(|name| {
            serde_json::from_value::<Rule>(serde_json::Value::String(name.trim().replace('-', "_"))).map_err(|_| {
                CliError::flag("rules", format!("no rule '{name}' (known: {}; or all, or arena)", Rule::NAMES.join(", ").replace('_', "-")))
            })
        })
        .collect()
}

/// What `arena` writes besides stdout.
pub struct ArenaOutputs<'a> {
    pub csv: Option<&'a Path>,
    pub markdown: Option<&'a Path>,
    pub quiet: bool,
}

pub fn arena(config: &ConfigInput, sweep: &[Vec<usize>], rules: &[Rule], data: &Path, out: ArenaOutputs) -> Result<(), CliError> {
    let mut base = config.clone();
    // Only the last evaluation enters the table: evaluate once, at the end, unless asked.
    if base.eval_interval.is_none() {
        base.eval_interval = base.steps.or(Some(crate::Config::default().steps));
    }
    let hiddens: Vec<Option<Vec<usize>>> = if sweep.is_empty() { vec![None] } else { sweep.iter().cloned().map(Some).collect() };
    let (configs, refused) = plan(&base, &hiddens, rules)?;
    if !out.quiet {
        for r in &refused {
            eprintln!("[{} hidden {:?} seed {}] refused: {}", r.rule.name(), r.hidden, r.seed, r.error.as_deref().unwrap_or(""));
        }
    }
    let (train, test) = load_data(data)?;
    let (train, test) = (Arc::new(train), Arc::new(test));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| CliError::flag("rules", e.to_string()))?;
    if !out.quiet {
        eprintln!("arena: {} run(s) ({} rule(s) × {} hidden size(s) × seeds) on {threads} thread(s)", configs.len(), rules.len(), hiddens.len());
    }
    let started = Instant::now();
    let results: Vec<ArenaResult> = pool.install(|| {
        configs
            .par_iter()
            .map(|config| {
                let result = train_one(config, &train, &test);
                if !out.quiet {
                    let (rule, hidden, seed) = (config.rule.name(), &config.hidden, config.seed);
                    match &result.error {
                        None => eprintln!("[{rule} hidden {hidden:?} seed {seed}] test acc {:.4} ({:.0} steps/s)", result.test_acc, result.steps_per_s),
                        Some(e) => eprintln!("[{rule} hidden {hidden:?} seed {seed}] failed: {e}"),
                    }
                }
                result
            })
            .collect()
    });
    let results: Vec<ArenaResult> = results.into_iter().chain(refused).collect();
    if !out.quiet {
        eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    }
    let rows = rows(&results);
    let md = markdown(&rows);
    print!("{md}");
    if let Some(path) = out.markdown {
        std::fs::write(path, &md).map_err(|e| CliError::file(path, e))?;
    }
    if let Some(path) = out.csv {
        let file = std::fs::File::create(path).map_err(|e| CliError::file(path, e))?;
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
        for record in csv_records(&rows) {
            w.write_record(&record).map_err(|e| CliError::file(path, e))?;
        }
        w.flush().map_err(|e| CliError::file(path, e))?;
    }
    Ok(())
}

/// The runs to train (one config per rule × hidden size × seed) and the rows of the rules that
/// refuse the config. A config that is wrong whatever the rule is an error and nothing trains;
/// one that only a rule refuses (equilibrium propagation under tanh, say) becomes that rule's
/// failed rows, so `--rules all` still gives the rest.
fn plan(base: &ConfigInput, hiddens: &[Option<Vec<usize>>], rules: &[Rule]) -> Result<(Vec<crate::Config>, Vec<ArenaResult>), CliError> {
    let mut configs = Vec::new();
    let mut refused = Vec::new();
    for hidden in hiddens {
        let shared = ConfigInput { rule: None, hidden: hidden.clone().or_else(|| base.hidden.clone()), ..base.clone() }.resolve()?;
        for &rule in rules {
            let one = match (ConfigInput { rule: Some(rule), hidden: Some(shared.hidden.clone()), ..base.clone() }).resolve() {
                Ok(one) => one,
                Err(e) => {
                    refused.extend((0..shared.seeds).map(|k| ArenaResult {
                        rule,
                        hidden: shared.hidden.clone(),
                        seed: shared.seed.wrapping_add(k as u32),
                        test_acc: f64::NAN,
                        update_angle_deg: None,
                        steps_per_s: f64::NAN,
                        error: Some(e.to_string()),
                    }));
                    continue;
                }
            };
            for k in 0..one.seeds {
                let seed = one.seed.checked_add(k as u32).ok_or_else(|| CliError::flag("seed", "seed + seeds − 1 passes 2³²−1"))?;
                configs.push(crate::Config { seed, seeds: 1, ..one.clone() });
            }
        }
    }
    Ok((configs, refused))
}

/// Trains one run to its last step: its result, or (diverged, or refused) the error in its row.
fn train_one(config: &crate::Config, train: &Arc<crate::data::Dataset>, test: &Arc<crate::data::Dataset>) -> ArenaResult {
    let failed = |error: String| ArenaResult {
        rule: config.rule,
        hidden: config.hidden.clone(),
        seed: config.seed,
        test_acc: f64::NAN,
        update_angle_deg: None,
        steps_per_s: f64::NAN,
        error: Some(error),
    };
    let t0 = Instant::now();
    let mut exp = match Experiment::new(config.clone(), Arc::clone(train), Arc::clone(test)) {
        Ok(exp) => exp,
        Err(e) => return failed(e.to_string()),
    };
    if let Err(e) = exp.step(config.steps) {
        return failed(e.to_string());
    }
    let secs = t0.elapsed().as_secs_f64();
    let Some(last) = exp.history().last() else { return failed("no evaluation".to_string()) };
    ArenaResult {
        rule: config.rule,
        hidden: config.hidden.clone(),
        seed: config.seed,
        test_acc: last.test_acc.unwrap_or(f64::NAN),
        update_angle_deg: last.layers.first().and_then(|l| l.update_angle_deg),
        steps_per_s: config.steps as f64 / secs.max(1e-9),
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diverging_run_is_a_row_with_its_error() {
        let dir = std::env::var("BRAINLAB_DATA").unwrap_or_else(|_| crate::cli::DEBIAN_DATA_DIR.to_string());
        let (train, test) = load_data(Path::new(&dir)).expect("Fashion-MNIST (make data installs it)");
        let config = ConfigInput { learning_rate: Some(10.0), steps: Some(20), eval_interval: Some(20), ..Default::default() }.resolve().unwrap();
        let result = train_one(&config, &Arc::new(train), &Arc::new(test));
        let error = result.error.expect("lr 10 on raw pixels diverges");
        assert!(!error.is_empty() && result.test_acc.is_nan(), "{error}");
    }

    #[test]
    fn a_rule_that_refuses_the_config_is_a_failed_row_and_the_rest_train() {
        let base = ConfigInput { activation: Some(crate::config::Activation::Tanh), seeds: Some(2), ..Default::default() };
        let (configs, refused) = plan(&base, &[None], &[Rule::Backprop, Rule::EquilibriumPropagation]).unwrap();
        assert_eq!(configs.iter().map(|c| (c.rule, c.seed)).collect::<Vec<_>>(), [(Rule::Backprop, 1), (Rule::Backprop, 2)]);
        assert_eq!(refused.iter().map(|r| (r.rule, r.seed)).collect::<Vec<_>>(), [(Rule::EquilibriumPropagation, 1), (Rule::EquilibriumPropagation, 2)]);
        assert!(refused.iter().all(|r| r.test_acc.is_nan() && r.error.as_deref().is_some_and(|e| e.contains("activation"))), "{refused:?}");
        // Wrong whatever the rule: nothing trains.
        let bad = ConfigInput { batch_size: Some(0), ..Default::default() };
        assert!(plan(&bad, &[None], &[Rule::Backprop]).unwrap_err().to_string().contains("batch_size"));
    }

    #[test]
    fn rules_are_read_with_dashes_and_old_names() {
        let names = ["backprop", "feedback-alignment", "sign-symmetry", "kolen_pollack"].map(String::from);
        assert_eq!(parse_rules(&names).unwrap(), [Rule::Backprop, Rule::FeedbackAlignment, Rule::Usf, Rule::KolenPollack]);
        assert_eq!(parse_rules(&["all".to_string()]).unwrap(), Rule::ALL);
        assert_eq!(parse_rules(&["arena".to_string()]).unwrap(), crate::presets::arena_rules());
        assert!(parse_rules(&["all".to_string()]).unwrap().contains(&Rule::EquilibriumPropagation));
        let e = parse_rules(&["hebb".to_string()]).unwrap_err().to_string();
        assert!(e.starts_with("--rules: no rule 'hebb' (known: backprop, feedback-alignment"), "{e}");
    }

    #[test]
    fn the_rule_flag_takes_the_old_names() {
        for name in ["sign-symmetry", "sign_symmetry", "usf"] {
            let args: Vec<String> = ["train", "--rule", name].map(String::from).to_vec();
            let crate::cli::Command::Train { config, .. } = crate::cli::parse_args(&args).unwrap_or_else(|e| panic!("{name}: {e}")) else { panic!("{name}") };
            assert_eq!(config.rule, Some(Rule::Usf), "{name}");
        }
    }

    #[test]
    fn parses_the_arena_command() {
        let args: Vec<String> = "arena --rules backprop,shallow,dtp --hidden 120,60x30 --seeds 5 --steps 100 --weight-decay 0.001 --markdown a.md"
            .split_whitespace()
            .map(String::from)
            .collect();
        let cmd = crate::cli::parse_args(&args).unwrap();
        let crate::cli::Command::Arena { config, sweep, rules, markdown, csv, .. } = cmd else { panic!("{cmd:?}") };
        assert_eq!(rules, [Rule::Backprop, Rule::Shallow, Rule::Dtp]);
        assert_eq!(sweep, vec![vec![120], vec![60, 30]]);
        assert_eq!((config.seeds, config.steps, config.weight_decay), (Some(5), Some(100), Some(0.001)));
        assert_eq!((markdown, csv), (Some(std::path::PathBuf::from("a.md")), None));
        let e = ConfigInput { seeds: Some(11), ..Default::default() }.resolve().unwrap_err().to_string();
        assert!(e.contains("seeds"), "{e}");
    }
}
