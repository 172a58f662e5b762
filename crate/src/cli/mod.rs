//! The native command line, `brainlab`: clap's parser with the config flags made from the
//! field table (`args.rs`, `flags.rs`), the commands (`commands.rs`, `train.rs`), and what
//! they write (`write_csv.rs`, `png.rs`, `panel.rs`). It lives in the library so it is tested
//! like the rest of the core.

mod analyse;
mod arena;
mod rsa;
mod args;
mod commands;
mod data;
mod error;
mod estimators;
mod flags;
pub mod panel;
pub mod png;
mod train;
mod write_csv;

pub use analyse::{activity, analyse, trained};
pub use args::{cli, parse_args, Command};
pub use commands::run;
pub use data::{load_data, DEBIAN_DATA_DIR, FILES};
pub use error::CliError;
pub use flags::to_flags;
pub use write_csv::{write_codes_csv, write_metrics_csv};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    use crate::{Config, Dataset, Experiment};

    /// An experiment on two 2×2 images, one hidden layer of 3 units, one step, from `base`.
    pub fn two_images(base: Config) -> Experiment {
        let data = Arc::new(Dataset::from_parts(2, 2, vec![0, 255, 255, 0, 10, 20, 30, 40], vec![1, 2]));
        let config = Config { hidden: vec![3], train_size: 2, batch_size: 2, steps: 1, ..base };
        Experiment::new(config, data.clone(), data).unwrap()
    }

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
        let cmd = parse_args(&args("codes --hidden 60x30 --steps 100 --csv c.csv --binning adaptive --bins 8 --bias-correction")).unwrap();
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
    }

    #[test]
    fn the_estimator_alias_is_gone() {
        assert!(parse_args(&args("train --estimator adaptive")).is_err());
        assert!(parse_args(&args("codes --csv c.csv --estimator uniform")).is_err());
    }

    #[test]
    fn errors_name_the_flag() {
        let message = |line: &str| parse_args(&args(line)).unwrap_err().to_string();
        assert_eq!(message("train --steps 100.5"), "--steps: 100.5 is not a whole number");
        assert_eq!(message("train --seed -1"), "--seed: -1 is negative");
        assert_eq!(message("train --hidden 15,,30"), "--hidden: no value given");
        assert!(message("train --rule magic").contains("'--rule <NAME>'"), "{}", message("train --rule magic"));
        assert!(message("train --wat 3").contains("'--wat'"));
        assert_eq!(message("autoencoder --images a.png --pick 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33"), "--pick: give 1 to 32 test image indices");
    }

    #[test]
    fn names_take_dashes_or_underscores_and_switches_a_value() {
        for line in ["train --rule feedback-alignment-no-derivative", "train --rule feedback_alignment_no_derivative"] {
            let Command::Train { config, .. } = parse_args(&args(line)).unwrap() else { panic!("{line}") };
            assert_eq!(config.rule, Some(crate::Rule::FeedbackAlignmentNoDerivative));
        }
        let Command::Train { config, .. } = parse_args(&args("train --bias=false --bias-correction")).unwrap() else { panic!() };
        assert_eq!((config.bias, config.bias_correction), (Some(false), Some(true)));
    }

    #[test]
    fn a_random_seed_is_drawn() {
        let Command::Train { config, .. } = parse_args(&args("train --seed random")).unwrap() else { panic!() };
        assert!(config.seed.is_some());
        assert!(parse_args(&args("train --seed randomly")).is_err());
    }

    #[test]
    fn every_subcommand_has_help() {
        for sub in ["train", "autoencoder", "codes", "activity", "analyse", "prepare-data", "bench", "estimators", "rsa"] {
            let e = parse_args(&args(&format!("{sub} --help"))).unwrap_err();
            let CliError::Usage(e) = e else { panic!("{sub}: {e}") };
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{sub}");
            let help = e.to_string();
            assert!(help.contains(&format!("brainlab {sub}")), "{sub}: {help}");
        }
        let train = cli().find_subcommand_mut("train").unwrap().render_long_help().to_string();
        for f in crate::config::schema::FIELDS {
            assert!(train.contains(&format!("--{}", f.flag)), "train --help lists --{}", f.flag);
            assert!(train.contains(f.help), "train --help gives {}'s help", f.name);
        }
        assert!(train.contains("[default: 5e-6; 0.5 with --convention standard]"), "{train}");
        let help = parse_args(&args("help")).unwrap_err();
        assert!(matches!(help, CliError::Usage(ref e) if e.kind() == clap::error::ErrorKind::DisplayHelp));
    }
}
