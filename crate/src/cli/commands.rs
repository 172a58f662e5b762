//! The CLI's commands: thin wrappers over the core. See `brainlab help`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::{load_data, parse_args, Command, FILES, USAGE};
use crate::data::gzip::deflate;
use crate::data::idx::{encode_images, encode_labels};
use crate::{presets, Config, ConfigInput, Dataset, Experiment, Metrics};

/// Runs the command line `args` (without the program name).
pub fn run(args: &[String]) -> ExitCode {
    let result = parse_args(args).and_then(|cmd| match cmd {
        Command::Train { config, sweep, preset, data, csv, quiet, images } => {
            train(&config, &sweep, preset.as_deref(), &data, csv.as_deref(), quiet, images.as_ref())
        }
        Command::Codes { config, hidden, data, csv, quiet } => {
            let config = ConfigInput { hidden, ..config };
            codes(&config, &data, &csv, quiet)
        }
        Command::PrepareData { data, out, train_size } => prepare_data(&data, &out, train_size),
        Command::Bench { data } => bench(&data),
        Command::Help => {
            print!("{USAGE}");
            Ok(())
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("brainlab: {message}");
            ExitCode::FAILURE
        }
    }
}

/// One labelled run of a sweep.
struct Run {
    label: String,
    config: Config,
}

/// The runs to train: a preset's (with the given fields overriding its values), one per entry
/// of the hidden-layer sweep, or the single run the config describes.
fn runs_for(config: &ConfigInput, sweep: &[Vec<usize>], preset: Option<&str>) -> Result<Vec<Run>, String> {
    let resolve = |input: ConfigInput| input.resolve().map_err(|e| e.to_string());
    match (preset, sweep) {
        (Some(_), [_, ..]) => Err("give --preset or --hidden, not both".into()),
        (Some(id), []) => {
            let p = presets::find(id).ok_or_else(|| format!("--preset: no preset '{id}' (known: {})", preset_ids()))?;
            p.runs
                .into_iter()
                .map(|r| Ok(Run { label: r.label, config: resolve(ConfigInput::from(&r.config).overlaid(config))? }))
                .collect()
        }
        (None, []) => {
            let config = resolve(config.clone())?;
            Ok(vec![Run { label: label(&config.hidden), config }])
        }
        (None, runs) => runs
            .iter()
            .map(|hidden| Ok(Run { label: label(hidden), config: resolve(ConfigInput { hidden: Some(hidden.clone()), ..config.clone() })? }))
            .collect(),
    }
}

fn label(hidden: &[usize]) -> String {
    format!("hidden {}", hidden.iter().map(ToString::to_string).collect::<Vec<_>>().join("x"))
}

fn preset_ids() -> String {
    presets::all().iter().map(|p| p.id).collect::<Vec<_>>().join(", ")
}

fn train(
    config: &ConfigInput,
    sweep: &[Vec<usize>],
    preset: Option<&str>,
    data: &Path,
    csv: Option<&Path>,
    quiet: bool,
    images: Option<&(PathBuf, Vec<usize>)>,
) -> Result<(), String> {
    let runs = runs_for(config, sweep, preset)?;
    if images.is_some() && runs.len() != 1 {
        return Err("--images draws one run: give one --hidden, not a sweep or preset".into());
    }
    if images.is_some() && runs[0].config.task != crate::Task::Autoencode {
        return Err("--images draws an autoencoder's reconstructions: use brainlab autoencoder".into());
    }
    if runs.len() > crate::config::MAX_RUNS {
        return Err(format!("--hidden: {} runs given, at most {} train side by side", runs.len(), crate::config::MAX_RUNS));
    }
    let (train, test) = load_data(data).map_err(|e| e.to_string())?;
    let (train, test) = (Arc::new(train), Arc::new(test));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(runs.len());
    if !quiet {
        eprintln!("{} run(s) on {} thread(s), {} training / {} test images", runs.len(), threads, train.len(), test.len());
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Trained, String>>>> = Mutex::new((0..runs.len()).map(|_| None).collect());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(run) = runs.get(i) else { break };
                let outcome = train_one(run, Arc::clone(&train), Arc::clone(&test), quiet, images.map(|(_, pick)| pick.as_slice()));
                results.lock().expect("no thread panics holding it")[i] = Some(outcome);
            });
        }
    });
    let results = results.into_inner().expect("threads joined");
    if !quiet {
        eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    }
    let mut failures = Vec::new();
    let layers = runs.iter().map(|r| r.config.hidden.len() + 1).max().unwrap_or(0);
    let mut rows = vec![Metrics::csv_header_line(layers)];
    for (run, outcome) in runs.iter().zip(results) {
        match outcome.expect("every run was taken") {
            Ok(Trained { history, panel }) => {
                if let (Some(canvas), Some((path, _))) = (panel, images) {
                    let png = super::png::encode_grey(canvas.width as u32, canvas.height as u32, &canvas.pixels);
                    std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))?;
                    println!("wrote the Figure 11 panel ({}x{}) to {}", canvas.width, canvas.height, path.display());
                }
                let last = history.last().expect("step 0 is always evaluated");
                println!("{:<12} step {:>6}  test_acc {}  test_loss {:.4}", run.label, last.step, fmt_acc(last.test_acc), last.test_loss);
                rows.extend(history.iter().map(|m| m.csv_line(layers, &run.label)));
            }
            Err(e) => failures.push(format!("{}: {e}", run.label)),
        }
    }
    if let Some(path) = csv {
        let mut f = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
        writeln!(f, "{}", rows.join("\n")).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

/// An accuracy to 4 places, or "-" for a run without one (an autoencoder).
fn fmt_acc(acc: Option<f64>) -> String {
    acc.map_or_else(|| "-".to_string(), |a| format!("{a:.4}"))
}

/// A finished run: its evaluations, and the Figure 11 panel if one was asked for.
struct Trained {
    history: Vec<Metrics>,
    panel: Option<super::panel::Canvas>,
}

fn train_one(run: &Run, train: Arc<Dataset>, test: Arc<Dataset>, quiet: bool, pick: Option<&[usize]>) -> Result<Trained, String> {
    let mut exp = Experiment::new(run.config.clone(), train, test).map_err(|e| e.to_string())?;
    loop {
        let fresh = exp.step(run.config.eval_interval).map_err(|e| e.to_string())?;
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
            let panel = pick.map(|p| super::panel::figure11(&exp, p)).transpose()?;
            return Ok(Trained { history: exp.history().to_vec(), panel });
        }
    }
}

/// Trains one run for its `steps`, then writes every test image's codes (see
/// [`write_codes_csv`]).
fn codes(config: &ConfigInput, data: &Path, csv: &Path, quiet: bool) -> Result<(), String> {
    let config = config.resolve().map_err(|e| e.to_string())?;
    let run = Run { label: label(&config.hidden), config };
    let (train, test) = load_data(data).map_err(|e| e.to_string())?;
    let mut exp = Experiment::new(run.config.clone(), Arc::new(train), Arc::new(test)).map_err(|e| e.to_string())?;
    while !exp.is_done() {
        let fresh = exp.step(run.config.eval_interval).map_err(|e| e.to_string())?;
        if !quiet {
            for m in fresh {
                eprintln!("[{}] step {:>6}/{}  test acc {}", run.label, m.step, run.config.steps, fmt_acc(m.test_acc));
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(csv).map_err(|e| format!("{}: {e}", csv.display()))?);
    write_codes_csv(&exp, &mut out).map_err(|e| format!("{}: {e}", csv.display()))?;
    out.flush().map_err(|e| format!("{}: {e}", csv.display()))?;
    println!("wrote the codes of {} test images after {} steps to {}", exp.test_set().len(), exp.steps_done(), csv.display());
    Ok(())
}

/// One CSV row per test image: `image,label,quadrant,l1,…` with each layer's code (as the
/// information measures discretise it at the last evaluation) in hex, from the first hidden
/// layer to the output.
pub fn write_codes_csv(exp: &Experiment, out: &mut impl Write) -> Result<(), String> {
    use crate::info::brightest_quadrants;
    let test = exp.test_set();
    let codes = (0..exp.model().layers.len()).map(|l| exp.layer_codes(l).map_err(|e| e.to_string())).collect::<Result<Vec<_>, _>>()?;
    let quadrants = brightest_quadrants(test);
    let columns: Vec<String> = (1..=codes.len()).map(|l| format!("l{l}")).collect();
    writeln!(out, "image,label,quadrant,{}", columns.join(",")).map_err(|e| e.to_string())?;
    for i in 0..test.len() {
        let hex: Vec<String> = codes.iter().map(|c| c.hex(i).unwrap_or_default()).collect();
        writeln!(out, "{i},{},{},{}", test.labels[i], quadrants[i], hex.join(",")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Writes the files the site serves: the first `train_size` training images and all test
/// images, gzipped IDX, deterministic bytes.
fn prepare_data(data: &Path, out: &Path, train_size: usize) -> Result<(), String> {
    let (train, test) = load_data(data).map_err(|e| e.to_string())?;
    if train_size == 0 || train_size > train.len() {
        return Err(format!("--train-size: {train_size} is not in 1..={}", train.len()));
    }
    let train = train.first(train_size);
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let contents = [
        encode_images(train.len(), train.rows, train.cols, &train.pixels),
        encode_labels(&train.labels),
        encode_images(test.len(), test.rows, test.cols, &test.pixels),
        encode_labels(&test.labels),
    ];
    for (name, raw) in FILES.iter().zip(contents) {
        let path = out.join(format!("{name}.gz"));
        std::fs::write(&path, deflate(&raw)).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Times training steps of 784-120-10 (batch 100, coursework convention) and one evaluation
/// on the test set. Prints one JSON object.
fn bench(data: &Path) -> Result<(), String> {
    let (train, test) = load_data(data).map_err(|e| e.to_string())?;
    let config = Config { steps: 1_000_000, eval_interval: 1_000_000, ..Config::default() };
    let mut exp = Experiment::new(config, Arc::new(train), Arc::new(test)).map_err(|e| e.to_string())?;
    exp.step(50).map_err(|e| e.to_string())?;
    let steps_per_rep = 200;
    let mut rates: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            exp.step(steps_per_rep).map(|_| steps_per_rep as f64 / t.elapsed().as_secs_f64())
        })
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut eval_ms: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            exp.evaluate().map(|_| t.elapsed().as_secs_f64() * 1e3)
        })
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    rates.sort_by(f64::total_cmp);
    eval_ms.sort_by(f64::total_cmp);
    // Multiply-adds per step: forward U·W1 and H·W2, backward Uᵀ·δ1, Hᵀ·δ2 and δ2·W2ᵀ.
    let flops_per_step = 2.0 * 100.0 * (784.0 * 120.0 + 120.0 * 10.0) * 3.0;
    println!(
        "{{\"target\":\"native\",\"steps_per_s_median\":{:.1},\"steps_per_s_best\":{:.1},\"gflops_median\":{:.3},\"eval_ms_median\":{:.2},\"eval_ms_best\":{:.2}}}",
        rates[2],
        rates[4],
        rates[2] * flops_per_step / 1e9,
        eval_ms[2],
        eval_ms[0]
    );
    Ok(())
}
