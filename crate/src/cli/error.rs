//! What can go wrong on the command line: a typed error wrapping the core's errors, the file
//! involved, or the flag that was misused.

use std::path::PathBuf;

use thiserror::Error;

use crate::error::{ConfigError, DataError, Error};

#[derive(Debug, Error)]
pub enum CliError {
    /// Arguments clap refused (or `--help`, which clap reports the same way).
    #[error("{0}")]
    Usage(#[from] clap::Error),
    /// A flag's value or a combination of flags that cannot be used.
    #[error("--{flag}: {message}")]
    Flag { flag: &'static str, message: String },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Core(#[from] Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("estimator check: {0}")]
    Check(#[from] crate::info::CheckError),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Png(#[from] png::EncodingError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Something went wrong with this file.
    #[error("{}: {source}", path.display())]
    File { path: PathBuf, source: Box<CliError> },
    /// `--seed random` could not draw a seed.
    #[error("--seed random: {0}")]
    Seed(getrandom::Error),
    /// Runs of a sweep that failed, each with its label.
    #[error("{}", runs_failed(.0))]
    Runs(Vec<(String, CliError)>),
}

impl CliError {
    /// A flag's error.
    pub fn flag(flag: &'static str, message: impl Into<String>) -> Self {
        CliError::Flag { flag, message: message.into() }
    }

    /// `err` while working on the file at `path`.
    pub fn file(path: impl Into<PathBuf>, err: impl Into<CliError>) -> Self {
        CliError::File { path: path.into(), source: Box::new(err.into()) }
    }
}

fn runs_failed(runs: &[(String, CliError)]) -> String {
    runs.iter().map(|(label, e)| format!("{label}: {e}")).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_flag_or_the_file() {
        assert_eq!(CliError::flag("pick", "give 1 to 32 test image indices").to_string(), "--pick: give 1 to 32 test image indices");
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        assert_eq!(CliError::file("/x/m.csv", io).to_string(), "/x/m.csv: no such file");
        let runs = CliError::Runs(vec![("hidden 15".into(), ConfigError::new("steps", "0 is not in 1..=10").into())]);
        assert_eq!(runs.to_string(), "hidden 15: steps: 0 is not in 1..=10");
    }
}
