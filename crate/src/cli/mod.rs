//! The native command line: argument parsing and data loading here, the commands in
//! `commands.rs`. It lives in the library so it is tested like the rest of the core.

mod commands;
pub mod panel;
pub mod png;

pub use commands::{run, write_codes_csv};

use std::path::{Path, PathBuf};

use serde::de::IntoDeserializer;

use crate::config::ConfigInput;
use crate::data::Dataset;
use crate::error::DataError;

/// Where Debian's `dataset-fashion-mnist` package puts the files.
pub const DEBIAN_DATA_DIR: &str = "/usr/share/datasets/fashion-mnist";

pub const USAGE: &str = "\
brainlab: train small neural networks on Fashion-MNIST and study them as brain models

USAGE:
  brainlab train [CONFIG FLAGS] [--preset fig2] [--data DIR] [--csv FILE] [--quiet]
  brainlab autoencoder [CONFIG FLAGS] [--csv FILE] [--images FILE.png [--pick 0,1,2]]
  brainlab codes [CONFIG FLAGS] --steps N --csv FILE [--data DIR]
  brainlab prepare-data [--data DIR] --out DIR [--train-size N]
  brainlab bench [--data DIR]
  brainlab help

CONFIG FLAGS (defaults: the coursework convention):
  --hidden 120            hidden layer widths: 120; 60x30 for two layers (input side first);
                          15,30,60,120 for a sweep of four runs (as on the page)
  --activation sigmoid    sigmoid | tanh | relu
  --bias                  give layers biases (off by default, as in the coursework)
  --convention coursework coursework (raw pixels, summed loss, lr 5e-6) | standard ([0,1], mean loss)
  --lr 5e-6               learning rate (default: the convention's)
  --batch-size 100        images per mini-batch
  --train-size 10000      train on the first N training images
  --eval-interval 100     steps between evaluations on the test set
  --seed 1                u32 seed: the same seed gives the same run everywhere
  --steps 10000           training steps (mini-batches)
  --init-std 0.01         σ of the N(0, σ) initial weights
  --rule backprop         backprop | feedback-alignment | no-derivative |
                          feedback-alignment-no-derivative | direct-feedback-alignment | sign-symmetry
  --feedback-std 1        σ of the fixed random feedback matrices
  --p 0                   probability per step of the stochastic backward pass
  --stochastic-mode corrupt  corrupt (errors become ones) | skip (no hidden update) | noise
  --binning threshold     how activity becomes codes for the information measures (alias --estimator):
                          threshold (one bit per unit) | uniform | adaptive (--bins k per unit)
  --bins 30               bins per unit for uniform and adaptive binning (2 to 256)
  --bias-correction       Miller–Madow correction of the entropies
  --task classify         classify | autoencode (brainlab autoencoder sets it; its defaults: hidden 50,
                          standard convention, sigmoid outputs, lr 50, init-std 0.1)
  --output-activation linear  linear | sigmoid

OTHER:
  --preset fig2           run a preset's runs (Figure 2: hidden 15, 30, 60, 120) in parallel
  --data DIR              Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)
  --csv FILE              write one row per evaluation: step,train_loss,train_acc,test_loss,test_acc,
                          then per weight layer n: ln_grad, ln_dw_per_step, ln_w, ln_dl_dh, ln_dl_dz,
                          ln_saturated, ln_feedback_angle_deg, ln_update_angle_deg, ln_h_t_bits,
                          ln_h_t_given_x_bits, ln_i_x_t_bits, ln_i_t_w_bits, ln_i_x_t_shuffled_bits,
                          ln_i_t_w_shuffled_bits, ln_code_saturated, ln_dpi_holds; last the run

CODES (brainlab codes): one row per test image after N steps: image,label,quadrant, then each
layer's code in hex (l1 = first hidden layer, the last = the output), as the information
measures see it (--binning, --bins)
  --quiet                 no progress on stderr
  --images FILE.png       (one autoencoder run) the Figure 11 panel after training: test images,
                          their bottleneck codes and reconstructions; --pick 0,5,9 chooses the
                          images (default the first 12)
";

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
    Bench { data: PathBuf },
    Help,
}

/// Parses the arguments after the program name.
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let mut flags = Flags::new(rest)?;
    let data = flags.take("data")?.map(PathBuf::from).unwrap_or_else(|| PathBuf::from(DEBIAN_DATA_DIR));
    let cmd = match command.as_str() {
        "train" | "autoencoder" => Command::Train {
            sweep: match flags.take("hidden")? {
                Some(list) => parse_sweep(&list)?,
                None => Vec::new(),
            },
            config: {
                let mut config = config_from_flags(&mut flags)?;
                if command == "autoencoder" {
                    if config.task.is_some() {
                        return Err("autoencoder sets the task itself; drop --task".into());
                    }
                    config.task = Some(crate::config::Task::Autoencode);
                }
                config
            },
            preset: flags.take("preset")?,
            csv: flags.take("csv")?.map(PathBuf::from),
            quiet: flags.switch("quiet"),
            images: match (flags.take("images")?, flags.take("pick")?) {
                (None, None) => None,
                (None, Some(_)) => return Err("--pick goes with --images FILE".into()),
                (Some(file), pick) => {
                    let pick = match pick {
                        None => (0..12).collect(),
                        Some(list) => list.split(',').map(|i| parse_value("pick", i.trim())).collect::<Result<Vec<usize>, _>>()?,
                    };
                    if pick.is_empty() || pick.len() > 32 {
                        return Err("--pick: give 1 to 32 test image indices".into());
                    }
                    Some((PathBuf::from(file), pick))
                }
            },
            data,
        },
        "codes" => Command::Codes {
            hidden: match flags.take("hidden")?.map(|l| parse_sweep(&l)).transpose()?.as_deref() {
                None => None,
                Some([one]) => Some(one.clone()),
                Some(_) => return Err("codes takes one run: --hidden 120 or 60x30, not a sweep".into()),
            },
            config: config_from_flags(&mut flags)?,
            csv: PathBuf::from(flags.take("csv")?.ok_or("codes needs --csv FILE")?),
            quiet: flags.switch("quiet"),
            data,
        },
        "prepare-data" => Command::PrepareData {
            out: PathBuf::from(flags.take("out")?.ok_or("prepare-data needs --out DIR")?),
            train_size: parse_value("train-size", flags.take("train-size")?.as_deref().unwrap_or("10000"))?,
            data,
        },
        "bench" => Command::Bench { data },
        "help" | "--help" | "-h" => Command::Help,
        other => return Err(format!("unknown command '{other}' (try: brainlab help)")),
    };
    flags.finish()?;
    Ok(cmd)
}

/// `15,30` → two runs of one hidden layer; `60x30` → one run of two hidden layers.
fn parse_sweep(list: &str) -> Result<Vec<Vec<usize>>, String> {
    list.split(',')
        .map(|run| run.split('x').map(|w| parse_value("hidden", w.trim())).collect::<Result<Vec<usize>, _>>())
        .collect()
}

fn config_from_flags(flags: &mut Flags) -> Result<ConfigInput, String> {
    let mut input = ConfigInput::default();
    // Named values go through the config's own parser (so the messages match the page's);
    // dashes are accepted for underscores: --rule feedback-alignment.
    if flags.has("binning") && flags.has("estimator") {
        return Err("give --binning or --estimator, not both".into());
    }
    for (flag, field) in [
        ("activation", "activation"),
        ("convention", "convention"),
        ("rule", "rule"),
        ("stochastic-mode", "stochastic_mode"),
        ("binning", "binning"),
        ("estimator", "binning"),
        ("task", "task"),
        ("output-activation", "output_activation"),
    ] {
        if let Some(v) = flags.take(flag)? {
            let value = v.replace('-', "_");
            let de: serde::de::value::StrDeserializer<serde::de::value::Error> = value.as_str().into_deserializer();
            input.set(field, de).map_err(|e| format!("--{flag}: {e}"))?;
        }
    }
    let lr = match (flags.take("lr")?, flags.take("learning-rate")?) {
        (Some(_), Some(_)) => return Err("give --lr or --learning-rate, not both".into()),
        (a, b) => a.or(b),
    };
    let p = match (flags.take("p")?, flags.take("stochastic-p")?) {
        (Some(_), Some(_)) => return Err("give --p or --stochastic-p, not both".into()),
        (a, b) => a.or(b),
    };
    input.bias = flags.switch("bias").then_some(true);
    input.bias_correction = flags.switch("bias-correction").then_some(true);
    input.bins = flags.take("bins")?.map(|v| parse_value("bins", &v)).transpose()?;
    input.learning_rate = lr.map(|v| parse_value("lr", &v)).transpose()?;
    input.stochastic_p = p.map(|v| parse_value("p", &v)).transpose()?;
    input.feedback_std = flags.take("feedback-std")?.map(|v| parse_value("feedback-std", &v)).transpose()?;
    input.batch_size = flags.take("batch-size")?.map(|v| parse_value("batch-size", &v)).transpose()?;
    input.train_size = flags.take("train-size")?.map(|v| parse_value("train-size", &v)).transpose()?;
    input.eval_interval = flags.take("eval-interval")?.map(|v| parse_value("eval-interval", &v)).transpose()?;
    input.seed = flags.take("seed")?.map(|v| parse_value("seed", &v)).transpose()?;
    input.steps = flags.take("steps")?.map(|v| parse_value("steps", &v)).transpose()?;
    input.init_std = flags.take("init-std")?.map(|v| parse_value("init-std", &v)).transpose()?;
    Ok(input)
}

fn parse_value<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("--{flag}: '{text}' is not a valid value"))
}

/// `--name value` and `--name=value` pairs and bare `--switch`es, each usable once.
struct Flags {
    items: Vec<(String, Option<String>)>,
}

impl Flags {
    fn new(args: &[String]) -> Result<Self, String> {
        let mut items: Vec<(String, Option<String>)> = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let Some(name) = args[i].strip_prefix("--") else {
                return Err(format!("unexpected argument '{}'", args[i]));
            };
            let (name, value) = match name.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None if args.get(i + 1).is_some_and(|next| !next.starts_with("--")) => {
                    i += 1;
                    (name.to_string(), Some(args[i].clone()))
                }
                None => (name.to_string(), None),
            };
            if items.iter().any(|(n, _)| *n == name) {
                return Err(format!("--{name} is given twice"));
            }
            items.push((name, value));
            i += 1;
        }
        Ok(Self { items })
    }

    fn take(&mut self, name: &str) -> Result<Option<String>, String> {
        match self.items.iter().position(|(n, _)| n == name) {
            None => Ok(None),
            Some(i) => match self.items.remove(i).1 {
                Some(v) => Ok(Some(v)),
                None => Err(format!("--{name} needs a value")),
            },
        }
    }

    fn has(&self, name: &str) -> bool {
        self.items.iter().any(|(n, _)| n == name)
    }

    fn switch(&mut self, name: &str) -> bool {
        match self.items.iter().position(|(n, v)| n == name && v.is_none()) {
            Some(i) => {
                self.items.remove(i);
                true
            }
            None => false,
        }
    }

    fn finish(self) -> Result<(), String> {
        match self.items.first() {
            None => Ok(()),
            Some((name, _)) => Err(format!("unknown or misplaced flag --{name} (try: brainlab help)")),
        }
    }
}

/// The IDX file names of (Fashion-)MNIST, without the optional `.gz`.
pub const FILES: [&str; 4] =
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/// Reads `name.gz` or `name` from `dir`.
fn read_idx(dir: &Path, name: &str) -> Result<Vec<u8>, DataError> {
    for candidate in [dir.join(format!("{name}.gz")), dir.join(name)] {
        if candidate.is_file() {
            return std::fs::read(&candidate).map_err(|e| DataError::Io(format!("{}: {e}", candidate.display())));
        }
    }
    Err(DataError::Io(format!(
        "{name}(.gz) not found in {}: install Debian's dataset-fashion-mnist (make data) or pass --data DIR",
        dir.display()
    )))
}

/// Loads the training and test sets from a folder of IDX files.
pub fn load_data(dir: &Path) -> Result<(Dataset, Dataset), DataError> {
    let [train_images, train_labels, test_images, test_labels] = FILES.map(|f| read_idx(dir, f));
    let train = Dataset::from_idx("training", &train_images?, &train_labels?)?;
    let test = Dataset::from_idx("test", &test_images?, &test_labels?)?;
    Ok((train, test))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_train_flags() {
        let cmd = parse_args(&args(
            "train --hidden 60x30,15 --steps 500 --seed=7 --bias --lr 0.1 --csv m.csv --rule feedback-alignment --p 0.5 --stochastic-mode skip",
        ))
        .unwrap();
        let Command::Train { config, sweep, preset, csv, data, quiet, images } = cmd else { panic!("{cmd:?}") };
        assert_eq!(images, None);
        assert_eq!(sweep, vec![vec![60, 30], vec![15]]);
        assert_eq!(config.hidden, None);
        assert_eq!((config.steps, config.seed, config.bias), (Some(500), Some(7), Some(true)));
        assert_eq!(config.learning_rate, Some(0.1));
        assert_eq!(config.rule, Some(crate::Rule::FeedbackAlignment));
        assert_eq!((config.stochastic_p, config.stochastic_mode), (Some(0.5), Some(crate::StochasticMode::Skip)));
        assert_eq!((preset, csv, quiet), (None, Some(PathBuf::from("m.csv")), false));
        assert_eq!(data, PathBuf::from(DEBIAN_DATA_DIR));
    }

    #[test]
    fn parses_the_autoencoder() {
        let cmd = parse_args(&args("autoencoder --steps 10 --images f.png --pick 3,4")).unwrap();
        let Command::Train { config, images, .. } = cmd else { panic!("{cmd:?}") };
        assert_eq!(config.task, Some(crate::Task::Autoencode));
        assert_eq!(images, Some((PathBuf::from("f.png"), vec![3, 4])));
        assert!(parse_args(&args("autoencoder --task classify")).is_err());
        assert!(parse_args(&args("train --pick 1")).is_err());
    }

    #[test]
    fn parses_info_flags_and_codes() {
        let cmd = parse_args(&args("codes --hidden 60x30 --steps 100 --csv c.csv --estimator adaptive --bins 8 --bias-correction")).unwrap();
        let Command::Codes { config, hidden, csv, .. } = cmd else { panic!("{cmd:?}") };
        assert_eq!(hidden, Some(vec![60, 30]));
        assert_eq!(csv, PathBuf::from("c.csv"));
        assert_eq!((config.binning, config.bins, config.bias_correction), (Some(crate::Binning::Adaptive), Some(8), Some(true)));
    }

    #[test]
    fn refuses_bad_flags() {
        for bad in ["train --hidden x", "train --hidden 60x", "train --hidden 15,,30", "train --steps", "train --wat 3", "train --seed 1 --seed 2", "fly", "train stray",
            "train --activation softmax", "train --rule magic", "train --p 0.1 --stochastic-p 0.2", "train --lr 1 --learning-rate 2", "prepare-data"] {
            assert!(parse_args(&args(bad)).is_err(), "{bad}");
        }
        assert_eq!(parse_args(&[]).unwrap(), Command::Help);
        assert!(parse_args(&args("codes --hidden 5,6 --csv c.csv")).is_err(), "codes takes one run");
        assert!(parse_args(&args("codes --steps 5")).is_err(), "codes needs --csv");
        assert!(parse_args(&args("train --binning uniform --estimator adaptive")).is_err());
    }

    #[test]
    fn missing_data_is_a_clear_error() {
        let err = load_data(Path::new("/nonexistent/dir")).unwrap_err().to_string();
        assert!(err.contains("not found in /nonexistent/dir"), "{err}");
        assert!(err.contains("dataset-fashion-mnist"), "{err}");
    }
}
