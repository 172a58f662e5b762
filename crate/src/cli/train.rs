//! `brainlab train` and `brainlab autoencoder`: the runs of a config, a `--hidden` sweep or a
//! preset, trained side by side on rayon's threads; a summary line per run, the metrics CSV
//! and, for one autoencoder, the Figure 11 panel.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::panel::{figure11, Canvas};
use super::write_csv::write_metrics_csv;
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
            if p.runs.is_empty() {
                return Err(CliError::flag("preset", format!("'{id}' trains no network (it is the estimator check: `brainlab estimators`)")));
            }
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

pub fn train(config: &ConfigInput, sweep: &[Vec<usize>], preset: Option<&str>, data: &Path, out: Outputs) -> Result<(), CliError> {
    let runs = runs_for(config, sweep, preset)?;
    if out.images.is_some() && runs.len() != 1 {
        return Err(CliError::flag("images", "draws one run: give one --hidden, not a sweep or preset"));
    }
    if out.images.is_some() && runs[0].config.task != crate::Task::Autoencode {
        return Err(CliError::flag("images", "draws an autoencoder's reconstructions: use brainlab autoencoder"));
    }
    if runs.len() > crate::config::MAX_RUNS {
        return Err(CliError::flag("hidden", format!("{} runs given, at most {} train side by side", runs.len(), crate::config::MAX_RUNS)));
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
    if let Some(path) = out.csv {
        let layers = runs.iter().map(|r| r.config.hidden.len() + 1).max().unwrap_or(0);
        let file = std::fs::File::create(path).map_err(|e| CliError::file(path, e))?;
        write_metrics_csv(std::io::BufWriter::new(file), layers, &histories).map_err(|e| CliError::file(path, e))?;
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::Runs(failures))
    }
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
}
