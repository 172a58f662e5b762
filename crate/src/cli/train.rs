//! `brainlab train` and `brainlab autoencoder`: the runs of a config, a `--hidden` sweep or a
//! preset, trained side by side on rayon's threads; a summary line per run, the metrics CSV
//! and, for one autoencoder, the Figure 11 panel.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::panel::{figure11, Canvas};
use super::write_csv::{write_metrics_csv, write_seeded_metrics_csv};
use crate::stats::{summarise, StepSummary};
use super::{load_data, CliError};
use crate::{presets, Config, ConfigInput, Dataset, Experiment, Metrics};

/// One labelled run of a sweep.
#[derive(Debug)]
pub struct Run {
    pub label: String,
    pub config: Config,
}

impl Run {
    /// A run labelled by its hidden layers.
    pub fn of(config: Config) -> Self {
        Run { label: label(&config.hidden), config }
    }
}

/// The runs to train: a preset's (with the given fields overriding its values), one per entry
/// of the hidden-layer sweep, or the single run the config describes.
fn runs_for(config: &ConfigInput, sweep: &[Vec<usize>], preset: Option<&str>) -> Result<Vec<Run>, CliError> {
    match (preset, sweep) {
        (Some(_), [_, ..]) => Err(CliError::flag("preset", "give --preset or --hidden, not both")),
        (Some(id), []) => {
            let known = || presets::all().iter().map(|p| p.id).collect::<Vec<_>>().join(", ");
            let p = presets::find(id).ok_or_else(|| CliError::flag("preset", format!("no preset '{id}' (known: {})", known())))?;
            p.runs
                .into_iter()
                .map(|r| Ok(Run { label: r.label, config: ConfigInput::from(&r.config).overlaid(config).resolve()? }))
                .collect()
        }
        (None, []) => Ok(vec![Run::of(config.resolve()?)]),
        (None, runs) => runs.iter().map(|hidden| Ok(Run::of(ConfigInput { hidden: Some(hidden.clone()), ..config.clone() }.resolve()?))).collect(),
    }
}

fn label(hidden: &[usize]) -> String {
    format!("hidden {}", hidden.iter().map(ToString::to_string).collect::<Vec<_>>().join("x"))
}

/// An accuracy to 4 places, or "-" for a run without one (an autoencoder).
pub fn fmt_acc(acc: Option<f64>) -> String {
    acc.map_or_else(|| "-".to_string(), |a| format!("{a:.4}"))
}

/// What `train` was asked to write.
pub struct Outputs<'a> {
    pub csv: Option<&'a Path>,
    pub quiet: bool,
    /// The Figure 11 panel's file and test images.
    pub images: Option<&'a (PathBuf, Vec<usize>)>,
}

/// Each run of `seeds` K > 1 becomes K runs, seeds seed, seed + 1, …, labelled "… seed N";
/// returns them with their setting's index (into `settings`) and seed.
fn expand_seeds(settings: &[Run]) -> Result<Vec<(usize, u32, Run)>, CliError> {
    let mut out = Vec::new();
    for (i, run) in settings.iter().enumerate() {
        for k in 0..run.config.seeds {
            let seed = run.config.seed.checked_add(k as u32).ok_or_else(|| CliError::flag("seed", "seed + seeds − 1 passes 2³²−1"))?;
            let label = if run.config.seeds > 1 { format!("{} seed {seed}", run.label) } else { run.label.clone() };
            out.push((i, seed, Run { label, config: Config { seed, seeds: 1, ..run.config.clone() } }));
        }
    }
    Ok(out)
}

pub fn train(config: &ConfigInput, sweep: &[Vec<usize>], preset: Option<&str>, data: &Path, out: Outputs) -> Result<(), CliError> {
    let settings = runs_for(config, sweep, preset)?;
    let seeded = settings.iter().any(|r| r.config.seeds > 1);
    if out.images.is_some() && seeded {
        return Err(CliError::flag("images", "draws one run: give --seeds 1"));
    }
    let expanded = expand_seeds(&settings)?;
    let runs: Vec<Run> = expanded.iter().map(|(_, _, r)| Run { label: r.label.clone(), config: r.config.clone() }).collect();
    if out.images.is_some() && runs.len() != 1 {
        return Err(CliError::flag("images", "draws one run: give one --hidden, not a sweep or preset"));
    }
    if out.images.is_some() && runs[0].config.task != crate::Task::Autoencode {
        return Err(CliError::flag("images", "draws an autoencoder's reconstructions: use brainlab autoencoder"));
    }
    if settings.len() > crate::config::MAX_RUNS {
        return Err(CliError::flag("hidden", format!("{} runs given, at most {} in one experiment (the page's as well)", settings.len(), crate::config::MAX_RUNS)));
    }
    let (train, test) = load_data(data)?;
    let (train, test) = (Arc::new(train), Arc::new(test));
    if !out.quiet {
        let threads = rayon::current_num_threads().min(runs.len());
        eprintln!("{} run(s) on {} thread(s), {} training / {} test images", runs.len(), threads, train.len(), test.len());
    }
    let started = Instant::now();
    let pick = out.images.map(|(_, pick)| pick.as_slice());
    let results: Vec<Result<Trained, CliError>> =
        runs.par_iter().map(|run| train_one(run, Arc::clone(&train), Arc::clone(&test), out.quiet, pick)).collect();
    if !out.quiet {
        eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    }
    let mut failures = Vec::new();
    let mut histories = Vec::new();
    for (run, outcome) in runs.iter().zip(results) {
        match outcome {
            Ok(Trained { history, panel }) => {
                if let (Some(canvas), Some((path, _))) = (panel, out.images) {
                    write_panel(path, &canvas)?;
                }
                if let Some(last) = history.last() {
                    println!("{:<12} step {:>6}  test_acc {}  test_loss {:.4}", run.label, last.step, fmt_acc(last.test_acc), last.test_loss);
                }
                histories.push((run.label.clone(), history));
            }
            Err(e) => failures.push((run.label.clone(), e)),
        }
    }
    let summaries = if seeded && failures.is_empty() { summarise_seeds(&settings, &expanded, &histories) } else { Vec::new() };
    if let Some(path) = out.csv {
        let layers = runs.iter().map(|r| r.config.hidden.len() + 1).max().unwrap_or(0);
        let file = std::fs::File::create(path).map_err(|e| CliError::file(path, e))?;
        let file = std::io::BufWriter::new(file);
        if seeded && failures.is_empty() {
            let runs: Vec<(String, u32, Vec<Metrics>)> =
                expanded.iter().zip(histories).map(|((i, seed, _), (_, h))| (settings[*i].label.clone(), *seed, h)).collect();
            write_seeded_metrics_csv(file, layers, &runs, &summaries).map_err(|e| CliError::file(path, e))?;
        } else {
            write_metrics_csv(file, layers, &histories).map_err(|e| CliError::file(path, e))?;
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::Runs(failures))
    }
}

/// Per setting: its seeds' histories summarised step by step, and its final test accuracy
/// printed as mean ± 95% half-width.
fn summarise_seeds(settings: &[Run], expanded: &[(usize, u32, Run)], histories: &[(String, Vec<Metrics>)]) -> Vec<(String, Vec<StepSummary>)> {
    settings
        .iter()
        .enumerate()
        .map(|(i, setting)| {
            let own: Vec<Vec<Metrics>> = expanded.iter().zip(histories).filter(|((j, _, _), _)| *j == i).map(|(_, (_, h))| h.clone()).collect();
            let summary = summarise(&own, Metrics::step_figures);
            if let Some(acc) = summary.last().and_then(|s| s.test_acc) {
                let hw = acc.half_width.map_or_else(String::new, |h| format!(" ± {h:.4}"));
                println!("{:<12} {} seeds  test_acc {:.4}{hw} (mean ± 95% CI, Student's t)", setting.label, acc.n, acc.mean);
            }
            (setting.label.clone(), summary)
        })
        .collect()
}

fn write_panel(path: &Path, canvas: &Canvas) -> Result<(), CliError> {
    let png = super::png::encode_grey(canvas.width as u32, canvas.height as u32, &canvas.pixels).map_err(|e| CliError::file(path, e))?;
    std::fs::write(path, png).map_err(|e| CliError::file(path, e))?;
    println!("wrote the Figure 11 panel ({}x{}) to {}", canvas.width, canvas.height, path.display());
    Ok(())
}

/// A finished run: its evaluations, and the Figure 11 panel if one was asked for.
struct Trained {
    history: Vec<Metrics>,
    panel: Option<Canvas>,
}

fn train_one(run: &Run, train: Arc<Dataset>, test: Arc<Dataset>, quiet: bool, pick: Option<&[usize]>) -> Result<Trained, CliError> {
    let mut exp = Experiment::new(run.config.clone(), train, test)?;
    loop {
        let fresh = exp.step(run.config.eval_interval)?;
        if !quiet {
            for m in fresh {
                eprintln!(
                    "[{}] step {:>6}/{}  train loss {:.4} acc {}  test loss {:.4} acc {}",
                    run.label,
                    m.step,
                    run.config.steps,
                    m.train_loss,
                    fmt_acc(m.train_acc),
                    m.test_loss,
                    fmt_acc(m.test_acc)
                );
            }
        }
        if exp.is_done() {
            let panel = pick.map(|p| figure11(&exp, p)).transpose()?;
            return Ok(Trained { history: exp.history().to_vec(), panel });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_come_from_a_sweep_a_preset_or_the_config() {
        let config = ConfigInput { steps: Some(7), ..Default::default() };
        let sweep = runs_for(&config, &[vec![15], vec![60, 30]], None).unwrap();
        let labels: Vec<&str> = sweep.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["hidden 15", "hidden 60x30"]);
        assert_eq!((sweep[1].config.hidden.as_slice(), sweep[1].config.steps), (&[60, 30][..], 7));
        let fig2 = runs_for(&config, &[], Some("fig2")).unwrap();
        assert_eq!(fig2.len(), 4);
        assert!(fig2.iter().all(|r| r.config.steps == 7), "flags override the preset");
        assert_eq!(runs_for(&config, &[], None).unwrap()[0].label, "hidden 120");
        assert!(runs_for(&config, &[], Some("fig99")).unwrap_err().to_string().starts_with("--preset: no preset 'fig99'"));
        assert!(runs_for(&config, &[vec![15]], Some("fig2")).is_err());
    }

    #[test]
    fn seeds_expand_into_one_run_each() {
        let config = ConfigInput { seeds: Some(3), seed: Some(7), ..Default::default() };
        let settings = runs_for(&config, &[vec![15], vec![30]], None).unwrap();
        let runs = expand_seeds(&settings).unwrap();
        let seen: Vec<(usize, u32, &str)> = runs.iter().map(|(i, s, r)| (*i, *s, r.label.as_str())).collect();
        assert_eq!(seen[..3], [(0, 7, "hidden 15 seed 7"), (0, 8, "hidden 15 seed 8"), (0, 9, "hidden 15 seed 9")]);
        assert_eq!(seen.len(), 6);
        assert!(runs.iter().all(|(_, s, r)| r.config.seed == *s && r.config.seeds == 1));
        let one = expand_seeds(&runs_for(&ConfigInput::default(), &[], None).unwrap()).unwrap();
        assert_eq!((one.len(), one[0].2.label.as_str()), (1, "hidden 120"), "one seed: labels as before");
    }

    #[test]
    fn an_experiment_has_at_most_the_pages_settings() {
        let out = || Outputs { csv: None, quiet: true, images: None };
        let sweep = |n: usize| (1..=n).map(|h| vec![h]).collect::<Vec<_>>();
        let missing = Path::new("/nonexistent/brainlab-data");
        let refused = train(&ConfigInput::default(), &sweep(crate::config::MAX_RUNS + 1), None, missing, out()).unwrap_err().to_string();
        assert_eq!(refused, "--hidden: 13 runs given, at most 12 in one experiment (the page's as well)");
        // Twelve pass the limit and go on to the data (which is not there).
        let twelve = train(&ConfigInput::default(), &sweep(crate::config::MAX_RUNS), None, missing, out()).unwrap_err().to_string();
        assert!(!twelve.starts_with("--hidden"), "{twelve}");
    }
}
